/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Hot replacement of the identity: listeners take the current SSL_CTX (with
 * a reference) per accept; an SSL keeps its own reference, so replacing the
 * slot never touches established sessions.
 */
#include <pthread.h>
#include <stdlib.h>

#include "cert.h"

struct cp_cert_slot {
	pthread_mutex_t lock;
	SSL_CTX *ctx;
};

struct cp_cert_slot *cp_cert_slot_new(void)
{
	struct cp_cert_slot *s = calloc(1, sizeof(*s));

	if (s)
		pthread_mutex_init(&s->lock, NULL);
	return s;
}

void cp_cert_slot_free(struct cp_cert_slot *s)
{
	if (!s)
		return;
	SSL_CTX_free(s->ctx);
	pthread_mutex_destroy(&s->lock);
	free(s);
}

void cp_cert_slot_set(struct cp_cert_slot *s, SSL_CTX *ctx)
{
	SSL_CTX *old;

	if (ctx)
		SSL_CTX_up_ref(ctx);
	pthread_mutex_lock(&s->lock);
	old = s->ctx;
	s->ctx = ctx;
	pthread_mutex_unlock(&s->lock);
	SSL_CTX_free(old);
}

SSL_CTX *cp_cert_slot_get(struct cp_cert_slot *s)
{
	SSL_CTX *ctx;

	pthread_mutex_lock(&s->lock);
	ctx = s->ctx;
	if (ctx)
		SSL_CTX_up_ref(ctx);
	pthread_mutex_unlock(&s->lock);
	return ctx;
}
