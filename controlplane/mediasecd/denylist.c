/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Plain arrays with linear search: fine for the static lists and manual
 * entries of this stage. The dynamic policy (thousands of sources) will
 * want a hash or an LPM trie here; the interface stays.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include "config.h"
#include "denylist.h"
#include "dp_lists.h"
#include "events.h"
#include "log.h"
#include "prefix.h"

struct list {
	struct cp_list_entry *v;
	unsigned int n, cap;
	__u32 generation;
};

static struct list lists[__CP_LIST_MAX];
static const char *const list_names[__CP_LIST_MAX] = { "denylist", "allowlist" };

__u64 cp_now_ns(void)
{
	struct timespec ts;

	/* The clock of bpf_ktime_get_ns(), which the XDP maps' expiries use. */
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (__u64)ts.tv_sec * 1000000000ULL + (__u64)ts.tv_nsec;
}

static int find(const struct list *l, const struct ms_prefix *p)
{
	for (unsigned int i = 0; i < l->n; i++)
		if (cp_prefix_equal(&l->v[i].p, p))
			return (int)i;
	return -1;
}

/* push: write the map too; false when the entry came from the map. */
static int insert(enum cp_list_kind k, const struct ms_prefix *p, __u64 expires_ns,
		  __u32 flags, bool is_static, bool push)
{
	struct list *l = &lists[k];
	struct cp_list_entry *e;
	int ret;

	if (find(l, p) >= 0)
		return -EEXIST;
	if (l->n == CP_LIST_MAX)
		return -ENOSPC;
	if (l->n == l->cap) {
		unsigned int cap = l->cap ? l->cap * 2 : 64;
		void *v = realloc(l->v, cap * sizeof(*l->v));

		if (!v)
			return -ENOMEM;
		l->v = v;
		l->cap = cap;
	}
	ret = push ? cp_filter_add(k, p, expires_ns, flags) : 0;
	if (ret)
		return ret;
	e = &l->v[l->n++];
	memset(e, 0, sizeof(*e));
	e->p.present = MS_BIT(MS_PREFIX_A_ADDR) | MS_BIT(MS_PREFIX_A_LEN);
	e->p.addr = p->addr;
	e->p.addr.present &= MS_BIT(MS_ADDR_A_FAMILY) | MS_BIT(MS_ADDR_A_IN4) |
			     MS_BIT(MS_ADDR_A_IN6);
	e->p.len = p->len;
	e->expires_ns = expires_ns;
	e->flags = flags;
	e->is_static = is_static;
	l->generation++;
	cp_dp_list_add(k, &e->p, expires_ns);
	return 0;
}

static int remove_at(enum cp_list_kind k, unsigned int i)
{
	struct list *l = &lists[k];
	int ret = cp_filter_del(k, &l->v[i].p);

	if (ret)
		return ret;
	cp_dp_list_del(k, &l->v[i].p);
	l->v[i] = l->v[--l->n];
	l->generation++;
	return 0;
}

/* The config's static entries of list k. */
static const struct ms_prefix *statics(const struct cp_config *cfg, enum cp_list_kind k,
				       unsigned int *n)
{
	*n = k == CP_LIST_DENY ? cfg->ndeny : cfg->nallow;
	return k == CP_LIST_DENY ? cfg->deny : cfg->allow;
}

static bool in_config(const struct ms_prefix *v, unsigned int n, const struct ms_prefix *p)
{
	for (unsigned int i = 0; i < n; i++)
		if (cp_prefix_equal(&v[i], p))
			return true;
	return false;
}

/*
 * Make the config's entries of list k static: new ones added, a runtime
 * entry the config now names kept (and made static). Counts the additions.
 */
static int add_statics(const struct cp_config *cfg, enum cp_list_kind k, unsigned int *added)
{
	unsigned int n;
	const struct ms_prefix *v = statics(cfg, k, &n);

	for (unsigned int i = 0; i < n; i++) {
		int at = find(&lists[k], &v[i]);
		int ret;

		if (at >= 0) {
			lists[k].v[at].is_static = true;
			continue;
		}
		ret = insert(k, &v[i], 0, 0, true, true);
		if (ret) {
			cp_log(LOG_ERR, "%s: static entry %u: %s", list_names[k], i + 1,
			       strerror(-ret));
			return ret;
		}
		(*added)++;
	}
	return 0;
}

int cp_list_init(const struct cp_config *cfg)
{
	unsigned int added = 0;

	for (int k = 0; k < __CP_LIST_MAX; k++) {
		int ret = add_statics(cfg, k, &added);

		if (ret)
			return ret;
	}
	return 0;
}

int cp_list_reload(const struct cp_config *cfg, unsigned int *added, unsigned int *removed)
{
	*added = *removed = 0;
	for (int k = 0; k < __CP_LIST_MAX; k++) {
		unsigned int n;
		const struct ms_prefix *v = statics(cfg, k, &n);
		int ret;

		/* backwards: remove_at() moves the last entry into the hole */
		for (unsigned int i = lists[k].n; i-- > 0;) {
			if (!lists[k].v[i].is_static || in_config(v, n, &lists[k].v[i].p))
				continue;
			ret = remove_at(k, i);
			if (ret)
				return ret;
			(*removed)++;
		}
		ret = add_statics(cfg, k, added);
		if (ret)
			return ret;
	}
	return 0;
}

/* An entry a previous run left in the maps: ours again, unless expired. */
static int adopt(enum cp_list_kind k, const struct ms_prefix *p, __u64 expires_ns,
		 __u32 flags, void *arg)
{
	char text[CP_PREFIX_TEXT_MAX];
	int ret;

	(void)arg;
	if (find(&lists[k], p) >= 0)
		return 0;
	cp_prefix_format(p, text, sizeof(text));
	if (expires_ns && expires_ns <= cp_now_ns()) {
		cp_filter_del(k, p);
		return 0;
	}
	ret = insert(k, p, expires_ns, flags, false, false);
	if (ret)
		cp_log(LOG_WARNING, "%s: %s left in the XDP map: %s", list_names[k], text,
		       strerror(-ret));
	else
		cp_log(LOG_INFO, "%s: %s kept from the pinned map", list_names[k], text);
	return 0;
}

int cp_list_adopt(void)
{
	for (int k = 0; k < __CP_LIST_MAX; k++) {
		int ret = cp_filter_read(k, adopt, NULL);

		if (ret)
			return ret;
	}
	return 0;
}

void cp_list_fini(void)
{
	for (int k = 0; k < __CP_LIST_MAX; k++) {
		free(lists[k].v);
		memset(&lists[k], 0, sizeof(lists[k]));
	}
}

int cp_list_add(enum cp_list_kind l, const struct ms_prefix *p, __u32 expires_s, __u32 flags)
{
	__u64 deadline = expires_s ? cp_now_ns() + (__u64)expires_s * 1000000000ULL : 0;

	return insert(l, p, deadline, flags, false, true);
}

int cp_list_del(enum cp_list_kind l, const struct ms_prefix *p)
{
	int i = find(&lists[l], p);

	return i < 0 ? -ENOENT : remove_at(l, (unsigned int)i);
}

unsigned int cp_list_flush(enum cp_list_kind l)
{
	unsigned int n = 0;

	/* backwards: remove_at() moves the last entry into the hole */
	for (unsigned int i = lists[l].n; i-- > 0;)
		if (!lists[l].v[i].is_static && remove_at(l, i) == 0)
			n++;
	return n;
}

void cp_list_sweep(void)
{
	__u64 now = cp_now_ns();

	for (int k = 0; k < __CP_LIST_MAX; k++) {
		struct list *l = &lists[k];

		for (unsigned int i = l->n; i-- > 0;) {
			struct cp_list_entry e = l->v[i];
			char text[CP_PREFIX_TEXT_MAX];

			if (!e.expires_ns || e.expires_ns > now || remove_at(k, i))
				continue;
			cp_prefix_format(&e.p, text, sizeof(text));
			cp_log(LOG_INFO, "%s: %s expired", list_names[k], text);
			if (k == CP_LIST_DENY)
				cp_event_raise(MS_EVENT_ADDR_UNBLOCKED, MS_SEV_NOTICE, &e.p.addr,
					       "%s expired from the denylist", text);
		}
	}
}

unsigned int cp_list_count(enum cp_list_kind l)
{
	return lists[l].n;
}

const struct cp_list_entry *cp_list_at(enum cp_list_kind l, unsigned int i)
{
	return i < lists[l].n ? &lists[l].v[i] : NULL;
}

const struct cp_list_entry *cp_list_find(enum cp_list_kind l, const struct ms_prefix *p)
{
	int i = find(&lists[l], p);

	return i < 0 ? NULL : &lists[l].v[i];
}

__u32 cp_list_generation(enum cp_list_kind l)
{
	return lists[l].generation;
}

__u32 cp_list_expires_in(const struct cp_list_entry *e)
{
	__u64 now = cp_now_ns();

	if (!e->expires_ns)
		return 0;
	if (e->expires_ns <= now)
		return 1;	/* due: the next sweep takes it */
	return (__u32)((e->expires_ns - now + 999999999ULL) / 1000000000ULL);
}

static bool covers(const struct ms_prefix *p, const struct ms_addr *a)
{
	const __u8 *x = a->family == AF_INET ? a->in4 : a->in6;
	const __u8 *y = p->addr.family == AF_INET ? p->addr.in4 : p->addr.in6;
	unsigned int whole = p->len / 8, bits = p->len % 8;

	if (p->addr.family != a->family || memcmp(x, y, whole))
		return false;
	return !bits || ((x[whole] ^ y[whole]) & (0xff00 >> bits)) == 0;
}

bool cp_list_covers(enum cp_list_kind l, const struct ms_addr *a)
{
	for (unsigned int i = 0; i < lists[l].n; i++)
		if (covers(&lists[l].v[i].p, a))
			return true;
	return false;
}
