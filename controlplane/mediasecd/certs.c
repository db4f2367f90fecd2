/* SPDX-License-Identifier: BSD-3-Clause */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "certs.h"
#include "config.h"
#include "events.h"
#include "log.h"

#define CLOCK_RETRY_S	10	/* while generation waits for a sane clock */
#define CLOCK_EVENT_S	3600	/* ... and says so, without flooding */
#define EXPIRY_WALK_S	3600	/* daily events need no finer schedule */

static struct {
	const struct cp_cert_conf *conf;
	char host[HOST_NAME_MAX + 1];
	char subject[MS_CERT_SUBJECT_MAX];
	char san[MS_CERT_SAN_MAX];
	const char *sans[MS_CERT_SANS_MAX];
	char pending_path[CP_PATH_MAX + 8];
	struct cp_cert_identity *id;
	EVP_PKEY *pending;
	struct cp_cert_store *tcs;
	struct cp_cert_expiry *expiry;
	time_t next_walk, next_retry, next_clock_event;
} st;

static void on_event(const struct cp_cert_event *ev, void *arg)
{
	(void)arg;
	cp_event_raise((__u8)ev->type, (__u8)ev->severity, NULL, "%s", ev->text);
}

static const struct cp_cert_events events = { on_event, NULL };

void cp_certs_params(struct cp_cert_params *p)
{
	const struct cp_cert_conf *c = st.conf;

	*p = (struct cp_cert_params){
		.subject = c->subject[0] ? c->subject : st.subject,
		.sans = st.sans,
		.nsans = c->nsans ? c->nsans : 1,
		.key_type = (enum ms_cert_key_type)c->key_type,
		.days = c->days,
	};
}

/* mkdir -p for the directory of path (dir = false) or path itself. */
static int mkdirs(const char *path, bool dir)
{
	char buf[CP_PATH_MAX];
	char *s;

	snprintf(buf, sizeof(buf), "%s", path);
	if (!dir) {
		s = strrchr(buf, '/');
		if (!s || s == buf)
			return 0;
		*s = '\0';
	}
	for (s = buf + 1;; s++) {
		if (*s != '/' && *s)
			continue;
		char c = *s;

		*s = '\0';
		if (mkdir(buf, 0755) && errno != EEXIST)
			return -errno;
		if (!c)
			return 0;
		*s = c;
	}
}

int cp_certs_replace(struct cp_cert_identity *id, char *err, size_t errlen)
{
	const struct cp_cert_conf *c = st.conf;
	int ret = cp_cert_identity_save(id, c->key_file, c->cert_file);

	if (ret) {
		snprintf(err, errlen, "cannot write %s or %s: %s", c->key_file, c->cert_file,
			 strerror(-ret));
		return ret;
	}
	/* Listeners hold their own references: established sessions keep theirs. */
	cp_cert_identity_put(st.id);
	st.id = cp_cert_identity_get(id);
	if (st.pending && EVP_PKEY_eq(st.pending, id->key) == 1) {
		EVP_PKEY_free(st.pending);
		st.pending = NULL;
		unlink(st.pending_path);
	}
	st.next_walk = 0;	/* the new certificate is watched at once */
	return 0;
}

int cp_certs_generate(const struct cp_cert_params *p, time_t now, char *err, size_t errlen)
{
	struct cp_cert_identity *id;
	int ret;

	ret = cp_cert_params_check(p, err, errlen);
	if (ret)
		return ret;
	ret = cp_cert_identity_generate(p, now, &events, &id);
	if (ret == -EAGAIN) {
		snprintf(err, errlen, "the clock is before the build date: generation deferred");
		return ret;
	}
	if (ret) {
		snprintf(err, errlen, "key or certificate generation failed");
		return ret;
	}
	ret = cp_certs_replace(id, err, errlen);
	cp_cert_identity_put(id);
	return ret;
}

struct cp_cert_identity *cp_certs_identity(void)
{
	return st.id ? cp_cert_identity_get(st.id) : NULL;
}

int cp_certs_pending_set(EVP_PKEY *key)
{
	int ret = cp_cert_key_save(key, st.pending_path);

	if (ret)
		return ret;
	EVP_PKEY_free(st.pending);
	EVP_PKEY_up_ref(key);
	st.pending = key;
	return 0;
}

EVP_PKEY *cp_certs_pending(void)
{
	return st.pending;
}

struct cp_cert_store *cp_certs_tcs(void)
{
	return st.tcs;
}

enum ms_cert_check cp_certs_level(enum ms_cert_purpose purpose)
{
	return purpose <= MS_CERT_PURPOSE_MAX ? st.conf->check[purpose] : MS_CERT_CHECK_UNSPEC;
}

/* The first start, or a clock that was not plausible at it. */
static void first_identity(time_t now)
{
	struct cp_cert_params p;
	char err[256];
	int ret;

	st.next_retry = now + CLOCK_RETRY_S;
	if (!cp_cert_clock_plausible(now)) {
		if (now >= st.next_clock_event)
			cp_event_raise(MS_EVENT_CLOCK_IMPLAUSIBLE, MS_SEV_ERROR, NULL,
				       "clock %lld is before the build (%lld): identity "
				       "generation deferred", (long long)now,
				       (long long)cp_cert_clock_build_epoch());
		st.next_clock_event = now + CLOCK_EVENT_S;
		return;
	}
	cp_certs_params(&p);
	ret = cp_certs_generate(&p, now, err, sizeof(err));
	if (!ret)
		cp_log(LOG_NOTICE, "identity certificate generated: %s, %s", p.subject,
		       st.conf->cert_file);
	else
		cp_log(LOG_ERR, "identity certificate: %s", err);
}

int cp_certs_open(const struct cp_cert_conf *conf, time_t now, char *err, size_t errlen)
{
	int ret;

	st.conf = conf;
	if (gethostname(st.host, sizeof(st.host)) || !st.host[0])
		snprintf(st.host, sizeof(st.host), "mediasec");
	snprintf(st.subject, sizeof(st.subject), "CN=%s", st.host);
	snprintf(st.san, sizeof(st.san), "DNS:%s", st.host);
	st.sans[0] = st.san;
	for (unsigned int i = 0; i < conf->nsans; i++)
		st.sans[i] = conf->sans[i];
	snprintf(st.pending_path, sizeof(st.pending_path), "%s.csr", conf->key_file);

	if ((ret = mkdirs(conf->key_file, false)) || (ret = mkdirs(conf->cert_file, false)) ||
	    (ret = mkdirs(conf->trust_dir, true))) {
		snprintf(err, errlen, "certificate directories: %s", strerror(-ret));
		return ret;
	}
	st.tcs = cp_cert_store_open(conf->trust_dir);
	st.expiry = cp_cert_expiry_new();
	if (!st.tcs || !st.expiry) {
		snprintf(err, errlen, "%s: cannot open the trusted certificate store",
			 conf->trust_dir);
		cp_certs_close();
		return -EIO;
	}
	st.pending = cp_cert_key_load(st.pending_path);
	ret = cp_cert_identity_load(conf->key_file, conf->cert_file, &st.id);
	if (ret == -EKEYREJECTED) {
		snprintf(err, errlen, "%s: not a certificate matching the key in %s", conf->cert_file,
			 conf->key_file);
		cp_certs_close();
		return ret;
	}
	if (ret && (access(conf->key_file, F_OK) == 0 || access(conf->cert_file, F_OK) == 0)) {
		/* Never overwrite an identity we cannot read: the operator decides. */
		snprintf(err, errlen, "%s or %s exists but cannot be read", conf->key_file,
			 conf->cert_file);
		cp_certs_close();
		return -EIO;
	}
	if (ret)
		first_identity(now);
	return 0;
}

void cp_certs_close(void)
{
	cp_cert_identity_put(st.id);
	EVP_PKEY_free(st.pending);
	cp_cert_store_free(st.tcs);
	cp_cert_expiry_free(st.expiry);
	st.id = NULL;
	st.pending = NULL;
	st.tcs = NULL;
	st.expiry = NULL;
}

void cp_certs_tick(time_t now)
{
	if (!st.id && now >= st.next_retry)
		first_identity(now);
	if (now >= st.next_walk) {
		cp_cert_expiry_walk(st.expiry, st.id, st.tcs, now, &events);
		st.next_walk = now + EXPIRY_WALK_S;
	}
}
