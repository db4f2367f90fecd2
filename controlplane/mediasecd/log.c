/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Records are queued and leave in batches (cp_log_flush(): one sendmmsg()
 * to /dev/log, one writev() to stderr) instead of syslog(3)'s send, and
 * without its reconnect per record when /dev/log is missing: the audit
 * writes one record per change, and a controller makes tens of thousands
 * of changes a second. The records are those syslog(3) would send
 * (RFC 3164: <PRI>TIMESTAMP IDENT[PID]: TEXT) and echo to stderr.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <sys/un.h>

#include "log.h"

#define QUEUE_MAX	256	/* records; a full queue is flushed at once */
#define RECORD_MAX	2048	/* longer texts are cut */

struct record {
	unsigned int len;	/* bytes of text */
	unsigned int tail;	/* where "IDENT[PID]: TEXT" starts: stderr's part */
	char text[RECORD_MAX];
};

static struct {
	char ident[32];
	int facility;
	bool to_stderr;
	pid_t pid;
	int fd;			/* /dev/log, or -1 */
	time_t retry_at;	/* when to try /dev/log again */
	time_t stamp_sec;	/* the second stamp[] shows */
	char stamp[32];
	unsigned int n;		/* records in queue[] */
} lg = { .ident = "mediasecd", .facility = LOG_DAEMON, .fd = -1 };

static struct record queue[QUEUE_MAX];

static void dev_log_connect(time_t now)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX, .sun_path = "/dev/log" };

	if (lg.fd >= 0 || now < lg.retry_at)
		return;
	lg.fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (lg.fd >= 0 && connect(lg.fd, (struct sockaddr *)&sa, sizeof(sa)) == 0)
		return;
	if (lg.fd >= 0)
		close(lg.fd);
	lg.fd = -1;
	lg.retry_at = now + 1;	/* no journal (yet): once a second at most */
}

void cp_log_open(const char *ident, int facility, bool to_stderr)
{
	cp_log_flush();
	snprintf(lg.ident, sizeof(lg.ident), "%s", ident);
	lg.facility = facility;
	lg.to_stderr = to_stderr;
	lg.pid = getpid();
	lg.retry_at = 0;
	dev_log_connect(time(NULL));
}

void cp_log_close(void)
{
	cp_log_flush();
	if (lg.fd >= 0)
		close(lg.fd);
	lg.fd = -1;
}

/* sendmmsg() from record i on: records sent, or -1 when the socket failed. */
static int send_records(unsigned int i)
{
	struct mmsghdr mm[QUEUE_MAX];
	struct iovec iov[QUEUE_MAX];
	unsigned int k;
	int sent = 0;

	for (k = 0; i + k < lg.n; k++) {
		iov[k] = (struct iovec){ queue[i + k].text, queue[i + k].len };
		mm[k] = (struct mmsghdr){ .msg_hdr = { .msg_iov = &iov[k], .msg_iovlen = 1 } };
	}
	while ((unsigned int)sent < k) {
		int ret = sendmmsg(lg.fd, mm + sent, k - (unsigned int)sent, 0);

		if (ret < 0 && errno == EINTR)
			continue;
		if (ret <= 0)
			return sent ? sent : -1;
		sent += ret;
	}
	return sent;
}

static void to_dev_log(void)
{
	unsigned int i = 0;

	dev_log_connect(time(NULL));
	while (lg.fd >= 0 && i < lg.n) {
		int sent = send_records(i);

		if (sent > 0) {
			i += (unsigned int)sent;
			continue;
		}
		/* the journal restarted: reconnect once, as syslog(3) does */
		close(lg.fd);
		lg.fd = -1;
		lg.retry_at = 0;
		dev_log_connect(time(NULL));
		if (lg.fd >= 0 && send_records(i) <= 0)
			break;	/* dropped, as syslog(3) drops them */
	}
}

static void to_stderr(void)
{
	struct iovec iov[2 * QUEUE_MAX];
	unsigned int k = 0;

	for (unsigned int i = 0; i < lg.n; i++) {
		iov[k++] = (struct iovec){ queue[i].text + queue[i].tail,
					   queue[i].len - queue[i].tail };
		iov[k++] = (struct iovec){ "\n", 1 };
	}
	if (writev(STDERR_FILENO, iov, (int)k) < 0)
		return;	/* nowhere to say it */
}

void cp_log_flush(void)
{
	if (!lg.n)
		return;
	to_dev_log();
	if (lg.to_stderr)
		to_stderr();
	lg.n = 0;
}

/* "Dec  4 15:04:05": syslog(3)'s timestamp, made once a second. */
static const char *stamp(void)
{
	time_t now = time(NULL);
	struct tm tm;

	if (now != lg.stamp_sec && localtime_r(&now, &tm)) {
		strftime(lg.stamp, sizeof(lg.stamp), "%h %e %T", &tm);
		lg.stamp_sec = now;
	}
	return lg.stamp;
}

void cp_log(int priority, const char *fmt, ...)
{
	struct record *r;
	va_list ap;
	int head, len;

	if (lg.n == QUEUE_MAX)
		cp_log_flush();
	r = &queue[lg.n];
	if (!(priority & LOG_FACMASK))
		priority |= lg.facility;
	head = snprintf(r->text, sizeof(r->text), "<%d>%s ", priority, stamp());
	len = head + snprintf(r->text + head, sizeof(r->text) - (size_t)head, "%s[%d]: ",
			      lg.ident, (int)lg.pid);
	va_start(ap, fmt);
	len += vsnprintf(r->text + len, sizeof(r->text) - (size_t)len, fmt, ap);
	va_end(ap);
	r->tail = (unsigned int)head;
	r->len = len < (int)sizeof(r->text) ? (unsigned int)len : sizeof(r->text) - 1;
	lg.n++;
}
