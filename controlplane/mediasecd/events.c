/* SPDX-License-Identifier: BSD-3-Clause */
#include <arpa/inet.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include <netlink/msg.h>

#include "events.h"
#include "log.h"
#include "nl_msg.h"
#include "nl_names.h"
#include "server.h"

/*
 * RFC 5424 SD-ID: name@<private enterprise number>. 32473 is the number
 * RFC 5612 reserves for documentation; a registered one replaces it.
 */
#define SD_ID "ms-event@32473"

struct subscriber {
	__u32 port;
	__u32 mask;
	__u8 severity_min;
};

static int sock_fd = -1;
static struct subscriber subs[CP_SUBSCRIBERS_MAX];
static unsigned int nsubs;
static __u64 seq;
static __u64 counts[__MS_EVENT_MAX];

static const int priorities[__MS_SEV_MAX] = {
	[MS_SEV_INFO] = LOG_INFO,
	[MS_SEV_NOTICE] = LOG_NOTICE,
	[MS_SEV_WARNING] = LOG_WARNING,
	[MS_SEV_ERROR] = LOG_ERR,
	[MS_SEV_CRITICAL] = LOG_CRIT,
};

void cp_events_init(int fd)
{
	sock_fd = fd;
	nsubs = 0;
}

void cp_events_fini(void)
{
	sock_fd = -1;
	nsubs = 0;
}

/* RFC 5424 6.3.3: '"', '\' and ']' are escaped in PARAM-VALUE. */
static void sd_escape(char *out, size_t outlen, const char *in)
{
	size_t o = 0;

	for (; *in && o + 2 < outlen; in++) {
		if (*in == '"' || *in == '\\' || *in == ']')
			out[o++] = '\\';
		out[o++] = *in;
	}
	out[o] = '\0';
}

static void addr_text(const struct ms_addr *a, char *buf, size_t len)
{
	const void *src = a->family == AF_INET ? (const void *)a->in4 : (const void *)a->in6;

	if (!inet_ntop(a->family, src, buf, (socklen_t)len))
		snprintf(buf, len, "?");
}

static void to_syslog(const struct ms_event *ev)
{
	char src[INET6_ADDRSTRLEN] = "", text[2 * MS_TEXT_MAX];

	if (ev->present & MS_BIT(MS_EVENT_A_SOURCE))
		addr_text(&ev->source, src, sizeof(src));
	sd_escape(text, sizeof(text), ev->text);
	cp_log(priorities[ev->severity],
	       "[" SD_ID " type=\"%s\" severity=\"%s\" seq=\"%llu\"%s%s%s text=\"%s\"] %s",
	       ms_nl_name_get(MS_NAME_EVENT, ev->type),
	       ms_nl_name_get(MS_NAME_SEVERITY, ev->severity),
	       (unsigned long long)ev->seq, *src ? " src=\"" : "", src, *src ? "\"" : "",
	       text, ev->text);
}

static void to_subscribers(struct ms_msg *m)
{
	struct nl_msg *msg;

	if (ms_nl_msg_build(m, &msg))
		return;
	for (unsigned int i = nsubs; i-- > 0;) {
		const struct subscriber *s = &subs[i];
		int ret;

		if (!(s->mask & (1U << m->event.type)) || m->event.severity < s->severity_min)
			continue;
		ret = ms_nl_send(sock_fd, s->port, nlmsg_hdr(msg));
		/* Gone: forget it. Full (EAGAIN): it sees a gap in SEQ. */
		if (ret == -ECONNREFUSED)
			subs[i] = subs[--nsubs];
	}
	nlmsg_free(msg);
}

void cp_event_raise(__u8 type, __u8 severity, const struct ms_addr *src,
		    const char *fmt, ...)
{
	struct ms_msg m;
	struct timespec ts;
	va_list ap;

	memset(&m, 0, sizeof(m));
	m.nl_type = MS_NL_USERSOCK_TYPE;
	m.cmd = MS_CMD_EVENT;
	m.present = MS_BIT(MS_ATTR_EVENT);
	clock_gettime(CLOCK_REALTIME, &ts);
	m.event.present = MS_BIT(MS_EVENT_A_TYPE) | MS_BIT(MS_EVENT_A_SEVERITY) |
			  MS_BIT(MS_EVENT_A_TIME) | MS_BIT(MS_EVENT_A_SEQ) |
			  MS_BIT(MS_EVENT_A_TEXT);
	m.event.type = type;
	m.event.severity = severity;
	m.event.time_ns = (__u64)ts.tv_sec * 1000000000ULL + (__u64)ts.tv_nsec;
	m.event.seq = ++seq;
	va_start(ap, fmt);
	vsnprintf(m.event.text, sizeof(m.event.text), fmt, ap);
	va_end(ap);
	if (src) {
		m.event.present |= MS_BIT(MS_EVENT_A_SOURCE);
		m.event.source = *src;
		m.event.source.present &= MS_BIT(MS_ADDR_A_FAMILY) | MS_BIT(MS_ADDR_A_IN4) |
					  MS_BIT(MS_ADDR_A_IN6);
	}
	if (type < __MS_EVENT_MAX)
		counts[type]++;
	to_syslog(&m.event);
	if (sock_fd >= 0 && nsubs)
		to_subscribers(&m);
}

int cp_events_subscribe(__u32 port, __u32 mask, __u8 severity_min)
{
	unsigned int i;

	for (i = 0; i < nsubs; i++)
		if (subs[i].port == port)
			break;
	if (!mask) {
		if (i < nsubs)
			subs[i] = subs[--nsubs];
		return 0;
	}
	if (i == nsubs) {
		if (nsubs == CP_SUBSCRIBERS_MAX)
			return -ENOSPC;
		nsubs++;
	}
	subs[i] = (struct subscriber){ port, mask, severity_min };
	return 0;
}

unsigned int cp_events_subscribers(void)
{
	return nsubs;
}

__u64 cp_events_count(__u8 type)
{
	return type < __MS_EVENT_MAX ? counts[type] : 0;
}
