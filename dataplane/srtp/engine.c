/* SPDX-License-Identifier: BSD-3-Clause */
/* The table of SRTP engines selectable by name (engine=native|libsrtp2). */
#include <string.h>

#include "engine.h"

static const struct dp_srtp_engine *const engines[] = {
	&dp_srtp_engine_native,
	&dp_srtp_engine_libsrtp2,
};

const struct dp_srtp_engine *dp_srtp_engine_find(const char *name)
{
	for (size_t i = 0; i < sizeof(engines) / sizeof(engines[0]); i++)
		if (strcmp(engines[i]->name, name) == 0)
			return engines[i];
	return NULL;
}
