/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Expiry watch (REQUIREMENTS.md 3): one warning from 180 days before
 * notAfter, an error event daily from 60 days, a critical event from the
 * moment of expiry (repeated daily: an expired identity needs attention).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

#define WARN_DAYS	180
#define DAILY_DAYS	60

int cp_cert_expiry_due(time_t now, time_t not_after, time_t last,
		       struct cp_cert_notice *n)
{
	time_t left = not_after - now;

	if (left <= 0) {
		*n = (struct cp_cert_notice){ MS_EVENT_CERT_EXPIRED, MS_SEV_CRITICAL };
		return last < not_after || now - last >= CP_CERT_DAY;
	}
	if (left <= (time_t)DAILY_DAYS * CP_CERT_DAY) {
		*n = (struct cp_cert_notice){ MS_EVENT_CERT_EXPIRING, MS_SEV_ERROR };
		return last < not_after - (time_t)DAILY_DAYS * CP_CERT_DAY ||
		       now - last >= CP_CERT_DAY;
	}
	if (left <= (time_t)WARN_DAYS * CP_CERT_DAY) {
		*n = (struct cp_cert_notice){ MS_EVENT_CERT_EXPIRING, MS_SEV_WARNING };
		return last < not_after - (time_t)WARN_DAYS * CP_CERT_DAY;
	}
	return 0;
}

struct seen {
	uint8_t fp[MS_CERT_FINGERPRINT_LEN];
	time_t last;
};

struct cp_cert_expiry {
	struct seen *s;
	size_t n;
};

struct cp_cert_expiry *cp_cert_expiry_new(void)
{
	return calloc(1, sizeof(struct cp_cert_expiry));
}

void cp_cert_expiry_free(struct cp_cert_expiry *e)
{
	if (!e)
		return;
	free(e->s);
	free(e);
}

static time_t *last_of(struct cp_cert_expiry *e, const uint8_t *fp)
{
	struct seen *s;
	size_t i;

	for (i = 0; i < e->n; i++)
		if (!memcmp(e->s[i].fp, fp, MS_CERT_FINGERPRINT_LEN))
			return &e->s[i].last;
	s = realloc(e->s, (e->n + 1) * sizeof(*s));
	if (!s)
		return NULL;
	e->s = s;
	memcpy(s[e->n].fp, fp, MS_CERT_FINGERPRINT_LEN);
	s[e->n].last = 0;
	return &s[e->n++].last;
}

static int one(struct cp_cert_expiry *e, X509 *x, const char *what, time_t now,
	       const struct cp_cert_events *ev)
{
	uint8_t fp[MS_CERT_FINGERPRINT_LEN];
	struct cp_cert_notice n;
	char subject[MS_CERT_SUBJECT_MAX];
	time_t na, *last;
	struct tm tm;

	if (cp_cert_fingerprint(x, fp) || !ASN1_TIME_to_tm(X509_get0_notAfter(x), &tm))
		return 0;
	na = timegm(&tm);
	last = last_of(e, fp);
	if (!last || !cp_cert_expiry_due(now, na, *last, &n))
		return 0;
	*last = now;
	X509_NAME_oneline(X509_get_subject_name(x), subject, sizeof(subject));
	if (na <= now)
		emit(ev, n.type, n.severity, "%s certificate %s expired", what, subject);
	else
		emit(ev, n.type, n.severity, "%s certificate %s expires in %lld days",
		     what, subject, (long long)((na - now) / CP_CERT_DAY));
	return 1;
}

int cp_cert_expiry_walk(struct cp_cert_expiry *e, const struct cp_cert_identity *id,
			struct cp_cert_store *tcs, time_t now,
			const struct cp_cert_events *ev)
{
	size_t i, n;
	int raised = 0;
	X509 *x;

	if (id) {
		raised += one(e, id->cert, "identity", now, ev);
		for (i = 0; i < (size_t)sk_X509_num(id->chain); i++)
			raised += one(e, sk_X509_value(id->chain, (int)i), "chain", now, ev);
	}
	n = tcs ? cp_cert_store_count(tcs) : 0;
	for (i = 0; i < n; i++) {
		x = cp_cert_store_cert(tcs, i);
		if (!x)
			continue;
		raised += one(e, x, "trusted", now, ev);
		X509_free(x);
	}
	return raised;
}
