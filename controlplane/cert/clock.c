/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Clock sanity: a clock before the build is wrong (the field notice's boxes
 * stamped 2011 certificates and expired silently seven years later).
 * CP_CERT_BUILD_EPOCH comes from meson at configure time: SOURCE_DATE_EPOCH
 * if set, else the last commit's date (reproducible, and never later than
 * the real build), else the project epoch floor below.
 */
#include "cert.h"

#define PROJECT_EPOCH 1767225600	/* 2026-01-01T00:00:00Z */

#ifndef CP_CERT_BUILD_EPOCH
#define CP_CERT_BUILD_EPOCH PROJECT_EPOCH
#endif

time_t cp_cert_clock_build_epoch(void)
{
	return CP_CERT_BUILD_EPOCH > PROJECT_EPOCH ? CP_CERT_BUILD_EPOCH : PROJECT_EPOCH;
}

bool cp_cert_clock_plausible(time_t now)
{
	return now >= cp_cert_clock_build_epoch();
}
