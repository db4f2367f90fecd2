/* SPDX-License-Identifier: BSD-3-Clause */
#include <arpa/inet.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <linux/netlink.h>

#include <netlink/msg.h>

#include "nl_msg.h"
#include "samples.h"

#define B MS_BIT
#define REQ NLM_F_REQUEST
#define DUMP (NLM_F_REQUEST | NLM_F_DUMP)
#define MULTI NLM_F_MULTI

/* Not a real certificate: the codec carries bytes, it does not read them. */
const __u8 sample_cert_der[] = { 0x30, 0x82, 0x01, 0x0a, 0x02, 0x82, 0x01, 0x01, 0x00, 0xc3 };
const size_t sample_cert_der_len = sizeof(sample_cert_der);

static const __u8 stun_binding[] = {
	0x00, 0x01, 0x00, 0x00, 0x21, 0x12, 0xa4, 0x42,
	1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12,
};

static void addr4(struct ms_addr *a, const char *ip, __u16 port)
{
	a->present = B(MS_ADDR_A_FAMILY) | B(MS_ADDR_A_IN4);
	a->family = AF_INET;
	inet_pton(AF_INET, ip, a->in4);
	if (port) {
		a->present |= B(MS_ADDR_A_PORT);
		a->port = port;
	}
}

static void addr6(struct ms_addr *a, const char *ip, __u16 port)
{
	a->present = B(MS_ADDR_A_FAMILY) | B(MS_ADDR_A_IN6);
	a->family = AF_INET6;
	inet_pton(AF_INET6, ip, a->in6);
	if (port) {
		a->present |= B(MS_ADDR_A_PORT);
		a->port = port;
	}
}

/* Recognisable test key bytes, derived from the direction and index. */
static void srtp(struct ms_srtp_dir *d, __u8 suite, __u8 key_len, __u8 salt_len,
		 unsigned int nkeys, __u8 seed)
{
	d->present = B(MS_SRTP_A_SUITE) | B(MS_SRTP_A_REPLAY_WINDOW);
	d->suite = suite;
	d->replay_window = 1024;
	if (!nkeys)
		return;
	d->present |= B(MS_SRTP_A_KEYS);
	d->nkeys = nkeys;
	for (unsigned int i = 0; i < nkeys; i++) {
		struct ms_srtp_key *k = &d->keys[i];

		k->present = B(MS_KEY_A_MASTER_KEY) | B(MS_KEY_A_MASTER_SALT);
		k->key_len = key_len;
		k->salt_len = salt_len;
		for (unsigned int j = 0; j < key_len; j++)
			k->key[j] = seed + i * 64 + j;
		for (unsigned int j = 0; j < salt_len; j++)
			k->salt[j] = 0xa0 + seed + i + j;
		if (nkeys > 1) {
			k->present |= B(MS_KEY_A_MKI);
			k->mki_len = 2;
			k->mki[0] = 0;
			k->mki[1] = i + 1;
		}
	}
}

static void counters(struct ms_counters *c)
{
	c->present = B(MS_COUNTERS_A_RX_PACKETS) | B(MS_COUNTERS_A_RX_BYTES) |
		     B(MS_COUNTERS_A_TX_PACKETS) | B(MS_COUNTERS_A_TX_BYTES) |
		     B(MS_COUNTERS_A_DROPS);
	c->rx_packets = 5000000000ULL;
	c->rx_bytes = 860000000000ULL;
	c->tx_packets = 4999999000ULL;
	c->tx_bytes = 859999000000ULL;
	c->drops.present = B(MS_DROP_SRTP_AUTH) | B(MS_DROP_SRTP_REPLAY_DUP) | B(MS_DROP_MAX);
	c->drops.count[MS_DROP_SRTP_AUTH] = 17;
	c->drops.count[MS_DROP_SRTP_REPLAY_DUP] = 3;
	c->drops.count[MS_DROP_MAX] = 1;
}

/* An outside leg, SRTP both ways, AES-256 in with two MKI keys. */
static void leg_full(struct ms_leg *l)
{
	l->present = B(MS_LEG_A_ID) | B(MS_LEG_A_SESSION_ID) | B(MS_LEG_A_PEER_ID) |
		     B(MS_LEG_A_SIDE) | B(MS_LEG_A_MODE) | B(MS_LEG_A_FLAGS) |
		     B(MS_LEG_A_LOCAL) | B(MS_LEG_A_REMOTE) | B(MS_LEG_A_SRTP_IN) |
		     B(MS_LEG_A_SRTP_OUT);
	l->id = 7;
	l->session_id = 3;
	l->peer_id = 8;
	l->side = MS_SIDE_OUTSIDE;
	l->mode = MS_MODE_ENFORCE;
	l->flags = MS_LEG_F_RTCP_MUX | MS_LEG_F_LATCH;
	addr4(&l->local, "192.0.2.10", 30000);
	addr4(&l->remote, "198.51.100.7", 4000);
	l->remote.present |= B(MS_ADDR_A_RTCP_PORT);
	l->remote.rtcp_port = 4005;
	srtp(&l->in, MS_SUITE_AES_256_CM_HMAC_SHA1_80, 32, 14, 2, 0x10);
	l->in.present |= B(MS_SRTP_A_FLAGS);
	l->in.flags = MS_SRTP_F_UNENCRYPTED_SRTCP;
	srtp(&l->out, MS_SUITE_AEAD_AES_128_GCM, 16, 12, 1, 0x40);
	l->out.present |= B(MS_SRTP_A_TX_KEY);
	l->out.tx_key = 0;
}

/* An inside leg, IPv6, plain RTP. */
static void leg_inside(struct ms_leg *l)
{
	l->present = B(MS_LEG_A_ID) | B(MS_LEG_A_SESSION_ID) | B(MS_LEG_A_PEER_ID) |
		     B(MS_LEG_A_SIDE) | B(MS_LEG_A_MODE) | B(MS_LEG_A_LOCAL) |
		     B(MS_LEG_A_REMOTE);
	l->id = 8;
	l->session_id = 3;
	l->peer_id = 7;
	l->side = MS_SIDE_INSIDE;
	l->mode = MS_MODE_DISABLED;
	addr6(&l->local, "2001:db8::10", 30002);
	addr6(&l->remote, "2001:db8:1::20", 16384);
}

static void session_id(struct ms_msg *m, __u32 id)
{
	m->present |= B(MS_ATTR_SESSION);
	m->session.present |= B(MS_SESSION_A_ID);
	m->session.id = id;
}

static void leg_id(struct ms_msg *m, __u32 id)
{
	m->present |= B(MS_ATTR_LEG);
	m->leg.present |= B(MS_LEG_A_ID);
	m->leg.id = id;
}

static void prefix(struct ms_msg *m, bool v6)
{
	m->present |= B(MS_ATTR_PREFIX);
	m->prefix.present = B(MS_PREFIX_A_ADDR) | B(MS_PREFIX_A_LEN);
	if (v6) {
		addr6(&m->prefix.addr, "2001:db8:bad::", 0);
		m->prefix.len = 48;
	} else {
		addr4(&m->prefix.addr, "203.0.113.0", 0);
		m->prefix.len = 24;
	}
}

static void cert_blob(struct ms_msg *m, __u8 format)
{
	m->present |= B(MS_ATTR_CERT);
	m->cert.present |= B(MS_CERT_A_FORMAT) | B(MS_CERT_A_DATA);
	m->cert.format = format;
	m->cert.data = sample_cert_der;
	m->cert.data_len = sample_cert_der_len;
}

static void f_none(struct ms_msg *m)
{
	(void)m;
}

static void f_session_new(struct ms_msg *m)
{
	m->present = B(MS_ATTR_SESSION);
	m->session.present = B(MS_SESSION_A_LABEL);
	strcpy(m->session.label, "a84b4c76e66710@pc33.example.com");
}

static void f_session_set(struct ms_msg *m)
{
	f_session_new(m);
	session_id(m, 3);
}

static void f_session_id(struct ms_msg *m)
{
	session_id(m, 3);
}

static void f_session_reply(struct ms_msg *m)
{
	f_session_set(m);
	m->present |= B(MS_ATTR_GENERATION);
	m->generation = 42;
	m->session.present |= B(MS_SESSION_A_LEGS);
	m->session.nlegs = 2;
	leg_full(&m->session.legs[0]);
	leg_inside(&m->session.legs[1]);
	m->session.legs[0].present |= B(MS_LEG_A_COUNTERS);
	counters(&m->session.legs[0].counters);
}

static void f_leg_new(struct ms_msg *m)
{
	m->present = B(MS_ATTR_LEG);
	leg_full(&m->leg);
}

static void f_leg_new_plain(struct ms_msg *m)
{
	m->present = B(MS_ATTR_LEG);
	leg_inside(&m->leg);
	m->leg.present &= ~B(MS_LEG_A_ID);
	m->leg.id = 0;
}

/* DTLS pending: a suite but no keys yet */
static void f_leg_set(struct ms_msg *m)
{
	leg_id(m, 7);
	m->leg.present |= B(MS_LEG_A_MODE) | B(MS_LEG_A_SRTP_IN);
	m->leg.mode = MS_MODE_BEST_EFFORT;
	srtp(&m->leg.in, MS_SUITE_AES_CM_128_HMAC_SHA1_32, 16, 14, 0, 0);
}

static void f_leg_id(struct ms_msg *m)
{
	leg_id(m, 7);
}

static void f_leg_dump(struct ms_msg *m)
{
	m->present = B(MS_ATTR_LEG) | B(MS_ATTR_DUMP_CURSOR) | B(MS_ATTR_GET_FLAGS);
	m->leg.present = B(MS_LEG_A_SESSION_ID);
	m->leg.session_id = 3;
	m->dump_cursor = 0x0000000700000002ULL;
	m->get_flags = MS_GET_F_COUNTERS | MS_GET_F_KEYS;
}

static void f_leg_reply(struct ms_msg *m)
{
	f_leg_new(m);
	m->leg.present |= B(MS_LEG_A_COUNTERS);
	counters(&m->leg.counters);
}

static void f_key_set(struct ms_msg *m)
{
	leg_id(m, 7);
	m->leg.present |= B(MS_LEG_A_SRTP_IN) | B(MS_LEG_A_SRTP_OUT);
	srtp(&m->leg.in, MS_SUITE_AES_CM_128_HMAC_SHA1_80, 16, 14, 1, 0x20);
	srtp(&m->leg.out, MS_SUITE_NULL_HMAC_SHA1_32, 16, 14, 4, 0x30);
	m->leg.out.present |= B(MS_SRTP_A_TX_KEY);
	m->leg.out.tx_key = 3;
}

static void f_deny_add(struct ms_msg *m)
{
	prefix(m, false);
	m->prefix.present |= B(MS_PREFIX_A_EXPIRES) | B(MS_PREFIX_A_FLAGS);
	m->prefix.expires = 600;
	m->prefix.flags = MS_PREFIX_F_DYNAMIC;
}

static void f_prefix_v6(struct ms_msg *m)
{
	prefix(m, true);
}

static void f_prefix_v4(struct ms_msg *m)
{
	prefix(m, false);
}

static void f_allow_add(struct ms_msg *m)
{
	prefix(m, true);
	m->prefix.present |= B(MS_PREFIX_A_EXPIRES);
	m->prefix.expires = 0;
}

static void f_deny_reply(struct ms_msg *m)
{
	f_deny_add(m);
	m->present |= B(MS_ATTR_GENERATION) | B(MS_ATTR_DUMP_CURSOR);
	m->generation = 9;
	m->dump_cursor = 1;
	m->prefix.present |= B(MS_PREFIX_A_HITS);
	m->prefix.hits = 123456;
}

static void f_stats_reply(struct ms_msg *m)
{
	m->present = B(MS_ATTR_COUNTERS);
	counters(&m->counters);
}

/* mediasecd's global stats with the XDP filter's counters, every member. */
static void f_stats_filter_reply(struct ms_msg *m)
{
	struct ms_filter_stats *f = &m->filter;

	f_stats_reply(m);
	m->present |= B(MS_ATTR_FILTER);
	f->present = ((1ULL << __MS_FILTER_A_MAX) - 1) & ~1ULL;
	f->dropped = 7000000000ULL;
	f->passed = 123;
	f->redirected = 45;
	f->drops.present = B(MS_DROP_DENYLISTED) | B(MS_DROP_FILTERED) | B(MS_DROP_MAX);
	f->drops.count[MS_DROP_DENYLISTED] = 6999999000ULL;
	f->drops.count[MS_DROP_FILTERED] = 999;
	f->drops.count[MS_DROP_MAX] = 1;
	f->accepts.present = B(MS_PF_ACCEPT_PINHOLE) | B(MS_PF_ACCEPT_MAX);
	f->accepts.count[MS_PF_ACCEPT_PINHOLE] = 160;
	f->accepts.count[MS_PF_ACCEPT_MAX] = 8;
	f->events = 12;
	f->events_lost = 1;
	f->scans = 2;
	f->dynamic_denies = 2;
	f->deny_hits = 9;
}

/* A STATS_GET dump part: one port, then one realm, with their counters. */
static void f_stats_port_reply(struct ms_msg *m)
{
	f_stats_reply(m);
	m->present |= B(MS_ATTR_PORT_ID) | B(MS_ATTR_SIDE);
	m->port_id = 65535;
	m->side = MS_SIDE_INSIDE;
}

static void f_stats_realm_reply(struct ms_msg *m)
{
	f_stats_reply(m);
	m->present |= B(MS_ATTR_REALM) | B(MS_ATTR_SIDE);
	strcpy(m->realm, "a-realm-name-of-31-bytes-exact.");
	m->side = MS_SIDE_OUTSIDE;
}

static void f_subscribe(struct ms_msg *m)
{
	m->present = B(MS_ATTR_EVENT_MASK) | B(MS_ATTR_SEVERITY_MIN);
	m->event_mask = B(MS_EVENT_AUTH_FAILURE) | B(MS_EVENT_ADDR_DENIED) | B(MS_EVENT_MAX);
	m->severity_min = MS_SEV_WARNING;
}

static void f_event(struct ms_msg *m)
{
	struct ms_event *e = &m->event;

	m->present = B(MS_ATTR_EVENT);
	e->present = B(MS_EVENT_A_TYPE) | B(MS_EVENT_A_SEVERITY) | B(MS_EVENT_A_TIME) |
		     B(MS_EVENT_A_SEQ) | B(MS_EVENT_A_SOURCE) | B(MS_EVENT_A_LEG_ID) |
		     B(MS_EVENT_A_TEXT) | B(MS_EVENT_A_COUNT) | B(MS_EVENT_A_REASON);
	e->type = MS_EVENT_AUTH_FAILURE;
	e->severity = MS_SEV_WARNING;
	e->time_ns = 1795000000123456789ULL;
	e->seq = 77;
	addr4(&e->source, "198.51.100.7", 4000);
	e->leg_id = 7;
	e->count = 10;
	e->reason = MS_DROP_SRTP_AUTH;
	strcpy(e->text, "10 SRTP authentication failures in 60 s");
}

static void f_policy(struct ms_msg *m)
{
	struct ms_policy *p = &m->policy;

	m->present = B(MS_ATTR_POLICY);
	p->present = (B(MS_POLICY_A_MAX) << 1) - 2;
	p->mode_untrusted = MS_MODE_ENFORCE;
	p->mode_trusted = MS_MODE_BEST_EFFORT;
	p->suites = B(MS_SUITE_AES_CM_128_HMAC_SHA1_80) | B(MS_SUITE_AEAD_AES_256_GCM);
	p->emergency_bypass = 1;
	p->tls_level = MS_TLS_HIGH;
	p->cert_check = MS_CERT_CHECK_MEDIUM;
	p->replay_window = 128;
	p->deny_threshold = 10;
	p->deny_window = 60;
	p->deny_time = 600;
	p->deny_time_max = 0;
}

static void f_cert_generate(struct ms_msg *m)
{
	struct ms_cert *c = &m->cert;

	m->present = B(MS_ATTR_CERT);
	c->present = B(MS_CERT_A_SUBJECT) | B(MS_CERT_A_SANS) | B(MS_CERT_A_KEY_TYPE) |
		     B(MS_CERT_A_DAYS);
	strcpy(c->subject, "CN=gw1.example.com,O=Example");
	c->nsans = 2;
	strcpy(c->sans[0], "DNS:gw1.example.com");
	strcpy(c->sans[1], "IP:192.0.2.10");
	c->key_type = MS_CERT_KEY_ECDSA_P256;
	c->days = MS_CERT_DAYS_DEFAULT;
}

static void f_cert_csr(struct ms_msg *m)
{
	f_cert_generate(m);
	m->cert.present &= ~B(MS_CERT_A_DAYS);
	m->cert.days = 0;
}

static void f_cert_import(struct ms_msg *m)
{
	cert_blob(m, MS_CERT_FMT_PKCS12);
	m->cert.present |= B(MS_CERT_A_PASSWORD);
	strcpy(m->cert.password, "not-a-real-password");
}

static void f_trust_add(struct ms_msg *m)
{
	cert_blob(m, MS_CERT_FMT_DER);
}

static void f_fingerprint(struct ms_msg *m)
{
	m->present = B(MS_ATTR_CERT);
	m->cert.present = B(MS_CERT_A_FINGERPRINT);
	for (int i = 0; i < MS_CERT_FINGERPRINT_LEN; i++)
		m->cert.fingerprint[i] = 0xf0 ^ i;
}

static void f_cert_check(struct ms_msg *m)
{
	cert_blob(m, MS_CERT_FMT_PEM);
	m->cert.present |= B(MS_CERT_A_PURPOSE) | B(MS_CERT_A_HOST);
	m->cert.purpose = MS_CERT_PURPOSE_TRUNK;
	strcpy(m->cert.host, "sip.carrier.example");
}

static void f_cert_reply(struct ms_msg *m)
{
	f_fingerprint(m);
	cert_blob(m, MS_CERT_FMT_DER);
	m->cert.present |= B(MS_CERT_A_SUBJECT) | B(MS_CERT_A_NOT_BEFORE) |
			   B(MS_CERT_A_NOT_AFTER);
	strcpy(m->cert.subject, "CN=gw1.example.com");
	m->cert.not_before = 1763900000;
	m->cert.not_after = 1835180000;
}

static void f_status_reply(struct ms_msg *m)
{
	struct ms_status *s = &m->status;

	m->present = B(MS_ATTR_STATUS);
	s->present = (B(MS_STATUS_A_MAX) << 1) - 2;
	strcpy(s->version, "0.1.0");
	s->uptime = 86400;
	s->sessions = 1000;
	s->legs = 2000;
	s->deny_entries = 12;
	s->datapaths = MS_STATUS_DP_DPDK | MS_STATUS_DP_XDP;
	s->role = MS_ROLE_OPERATOR;
	s->cert_not_after = 1835180000;
}

static void f_packet(struct ms_msg *m)
{
	struct ms_packet *p = &m->packet;

	m->present = B(MS_ATTR_PACKET);
	p->present = B(MS_PACKET_A_LEG_ID) | B(MS_PACKET_A_KIND) | B(MS_PACKET_A_REMOTE) |
		     B(MS_PACKET_A_DATA);
	p->leg_id = 7;
	p->kind = MS_PACKET_STUN;
	addr6(&p->remote, "2001:db8:1::20", 16384);
	p->data = stun_binding;
	p->data_len = sizeof(stun_binding);
}

const struct sample samples[] = {
	{ "session-new", MS_CMD_SESSION_NEW, REQ, f_session_new },
	{ "session-set", MS_CMD_SESSION_SET, REQ, f_session_set },
	{ "session-del", MS_CMD_SESSION_DEL, REQ, f_session_id },
	{ "session-get", MS_CMD_SESSION_GET, REQ, f_session_id },
	{ "session-dump", MS_CMD_SESSION_GET, DUMP, f_none },
	{ "session-reply", MS_CMD_SESSION_GET, MULTI, f_session_reply },
	{ "leg-new", MS_CMD_LEG_NEW, REQ, f_leg_new },
	{ "leg-new-plain-v6", MS_CMD_LEG_NEW, REQ, f_leg_new_plain },
	{ "leg-set-dtls-pending", MS_CMD_LEG_SET, REQ, f_leg_set },
	{ "leg-del", MS_CMD_LEG_DEL, REQ, f_leg_id },
	{ "leg-get", MS_CMD_LEG_GET, REQ, f_leg_id },
	{ "leg-dump-session", MS_CMD_LEG_GET, DUMP, f_leg_dump },
	{ "leg-reply", MS_CMD_LEG_GET, 0, f_leg_reply },
	{ "key-set", MS_CMD_KEY_SET, REQ, f_key_set },
	{ "deny-add", MS_CMD_DENY_ADD, REQ, f_deny_add },
	{ "deny-del", MS_CMD_DENY_DEL, REQ, f_prefix_v6 },
	{ "deny-get", MS_CMD_DENY_GET, REQ, f_prefix_v4 },
	{ "deny-dump", MS_CMD_DENY_GET, DUMP, f_none },
	{ "deny-reply", MS_CMD_DENY_GET, MULTI, f_deny_reply },
	{ "deny-flush", MS_CMD_DENY_FLUSH, REQ, f_none },
	{ "allow-add", MS_CMD_ALLOW_ADD, REQ, f_allow_add },
	{ "allow-del", MS_CMD_ALLOW_DEL, REQ, f_prefix_v4 },
	{ "allow-get", MS_CMD_ALLOW_GET, REQ, f_prefix_v6 },
	{ "allow-flush", MS_CMD_ALLOW_FLUSH, REQ, f_none },
	{ "stats-get", MS_CMD_STATS_GET, REQ, f_none },
	{ "stats-get-leg", MS_CMD_STATS_GET, REQ, f_leg_id },
	{ "stats-reply", MS_CMD_STATS_GET, 0, f_stats_reply },
	{ "stats-filter-reply", MS_CMD_STATS_GET, 0, f_stats_filter_reply },
	{ "stats-dump", MS_CMD_STATS_GET, DUMP, f_none },
	{ "stats-port-reply", MS_CMD_STATS_GET, MULTI, f_stats_port_reply },
	{ "stats-realm-reply", MS_CMD_STATS_GET, MULTI, f_stats_realm_reply },
	{ "event-subscribe", MS_CMD_EVENT_SUBSCRIBE, REQ, f_subscribe },
	{ "event", MS_CMD_EVENT, 0, f_event },
	{ "policy-get", MS_CMD_POLICY_GET, REQ, f_none },
	{ "policy-set", MS_CMD_POLICY_SET, REQ, f_policy },
	{ "policy-reply", MS_CMD_POLICY_GET, 0, f_policy },
	{ "cert-show", MS_CMD_CERT_SHOW, REQ, f_none },
	{ "cert-show-reply", MS_CMD_CERT_SHOW, 0, f_cert_reply },
	{ "cert-generate", MS_CMD_CERT_GENERATE, REQ, f_cert_generate },
	{ "cert-csr", MS_CMD_CERT_CSR, REQ, f_cert_csr },
	{ "cert-import", MS_CMD_CERT_IMPORT, REQ, f_cert_import },
	{ "cert-trust-add", MS_CMD_CERT_TRUST_ADD, REQ, f_trust_add },
	{ "cert-trust-del", MS_CMD_CERT_TRUST_DEL, REQ, f_fingerprint },
	{ "cert-trust-list", MS_CMD_CERT_TRUST_LIST, DUMP, f_none },
	{ "cert-check", MS_CMD_CERT_CHECK, REQ, f_cert_check },
	{ "status-get", MS_CMD_STATUS_GET, REQ, f_none },
	{ "status-reply", MS_CMD_STATUS_GET, 0, f_status_reply },
	{ "punt", MS_CMD_PUNT, REQ, f_packet },
	{ "inject", MS_CMD_INJECT, REQ, f_packet },
};
const size_t nsamples = sizeof(samples) / sizeof(samples[0]);

struct ms_msg *sample_new(const struct sample *s)
{
	struct ms_msg *m = calloc(1, sizeof(*m));

	if (!m)
		abort();
	s->fill(m);
	m->nl_type = MS_NL_USERSOCK_TYPE;
	m->nl_flags = s->nl_flags;
	m->seq = 1000;
	m->portid = 0x4D53F00D;
	m->cmd = s->cmd;
	return m;
}

void *sample_bytes(const struct ms_msg *m, size_t *len)
{
	struct nl_msg *msg;
	void *copy;

	if (ms_nl_msg_build(m, &msg))
		return NULL;
	*len = nlmsg_hdr(msg)->nlmsg_len;
	copy = malloc(*len);
	if (copy)
		memcpy(copy, nlmsg_hdr(msg), *len);
	ms_nl_msg_free(msg);
	return copy;
}
