/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * mediasecd's session store (controlplane/mediasecd/session_store.c):
 * errors of each operation, leg limits, moves on delete, key wiping, and
 * a random walk of adds and deletes checked against a plain reference.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "session_store.h"

static struct ms_leg mkleg(__u32 id, __u32 session)
{
	struct ms_leg l;

	memset(&l, 0, sizeof(l));
	l.present = MS_BIT(MS_LEG_A_ID) | MS_BIT(MS_LEG_A_SESSION_ID);
	l.id = id;
	l.session_id = session;
	l.in.nkeys = 1;
	memset(l.in.keys[0].key, 0xA5, sizeof(l.in.keys[0].key));
	l.in.keys[0].key_len = 16;
	return l;
}

static void test_sessions(void **state)
{
	struct cp_store *st = cp_store_create(2, 4);
	struct cp_session_entry *s;

	(void)state;
	assert_non_null(st);
	assert_int_equal(cp_session_add(st, 7, "call-7"), 0);
	assert_int_equal(cp_session_add(st, 7, "again"), -EEXIST);
	assert_int_equal(cp_session_add(st, 9, NULL), 0);
	assert_int_equal(cp_session_add(st, 11, "x"), -ENOSPC);
	s = cp_session_find(st, 7);
	assert_non_null(s);
	assert_string_equal(s->label, "call-7");
	assert_null(cp_session_find(st, 8));
	assert_int_equal(cp_session_count(st), 2);
	assert_int_equal(cp_session_del(st, 8), -ENOENT);
	assert_int_equal(cp_session_del(st, 7), 0);
	/* 9 moved into slot 0 and is still found. */
	assert_non_null(cp_session_find(st, 9));
	assert_int_equal(cp_session_at(st, 0)->id, 9);
	assert_null(cp_session_at(st, 1));
	assert_int_equal(cp_session_add(st, 11, "x"), 0);
	cp_store_destroy(st);
}

static void test_legs(void **state)
{
	struct cp_store *st = cp_store_create(4, MS_SESSION_LEGS_MAX + 2);
	struct ms_leg l;
	__u32 gen;

	(void)state;
	assert_non_null(st);
	l = mkleg(1, 5);
	assert_int_equal(cp_leg_add(st, &l), -ENOENT);
	assert_int_equal(cp_session_add(st, 5, ""), 0);
	assert_int_equal(cp_session_add(st, 6, ""), 0);
	for (__u32 i = 1; i <= MS_SESSION_LEGS_MAX; i++) {
		l = mkleg(i, 5);
		assert_int_equal(cp_leg_add(st, &l), 0);
	}
	l = mkleg(100, 5);
	assert_int_equal(cp_leg_add(st, &l), -EMLINK);
	l = mkleg(1, 6);
	assert_int_equal(cp_leg_add(st, &l), -EEXIST);
	l = mkleg(100, 6);
	assert_int_equal(cp_leg_add(st, &l), 0);
	l = mkleg(101, 6);
	assert_int_equal(cp_leg_add(st, &l), 0);
	l = mkleg(102, 6);
	assert_int_equal(cp_leg_add(st, &l), -ENOSPC);
	assert_int_equal(cp_leg_find(st, 3)->leg.in.keys[0].key[0], 0xA5);

	/* Deleting a leg takes it out of its session's list, order kept. */
	gen = cp_leg_generation(st);
	assert_int_equal(cp_leg_del(st, 3), 0);
	assert_int_not_equal(cp_leg_generation(st), gen);
	assert_int_equal(cp_leg_del(st, 3), -ENOENT);
	assert_int_equal(cp_session_find(st, 5)->nlegs, MS_SESSION_LEGS_MAX - 1);
	assert_int_equal(cp_session_find(st, 5)->legs[2], 4);
	assert_null(cp_leg_find(st, 3));
	for (__u32 i = 1; i <= MS_SESSION_LEGS_MAX; i++)
		if (i != 3)
			assert_int_equal(cp_leg_find(st, i)->leg.id, i);

	/* A session takes its legs with it. */
	assert_int_equal(cp_session_del(st, 5), 0);
	assert_int_equal(cp_leg_count(st), 2);
	assert_null(cp_leg_find(st, 1));
	assert_int_equal(cp_leg_find(st, 101)->leg.session_id, 6);
	cp_store_destroy(st);
}

static void test_wipe(void **state)
{
	struct cp_store *st = cp_store_create(1, 2);
	struct cp_leg_entry *last;
	struct ms_leg l;
	static const struct cp_leg_entry zero;

	(void)state;
	assert_non_null(st);
	assert_int_equal(cp_session_add(st, 1, ""), 0);
	l = mkleg(1, 1);
	assert_int_equal(cp_leg_add(st, &l), 0);
	l = mkleg(2, 1);
	assert_int_equal(cp_leg_add(st, &l), 0);
	last = cp_leg_at(st, 1);
	/* Leg 2 moves into slot 0; slot 1 must not keep its keys. */
	assert_int_equal(cp_leg_del(st, 1), 0);
	assert_memory_equal(last, &zero, sizeof(zero));
	last = cp_leg_at(st, 0);
	assert_int_equal(last->leg.id, 2);
	assert_int_equal(cp_leg_del(st, 2), 0);
	assert_memory_equal(last, &zero, sizeof(zero));
	cp_store_destroy(st);
}

/* Thousands of random adds and deletes against a bitmap of what exists. */
static void test_random(void **state)
{
	enum { N = 4096, IDS = 8192 };
	struct cp_store *st = cp_store_create(IDS / MS_SESSION_LEGS_MAX, N);
	static bool present[IDS];
	unsigned int count = 0;
	struct ms_leg l;

	(void)state;
	assert_non_null(st);
	/* Legs 8k..8k+7 share session k, so only the table can fill up. */
	for (__u32 s = 0; s < IDS / MS_SESSION_LEGS_MAX; s++)
		assert_int_equal(cp_session_add(st, s, ""), 0);
	srand(12345);
	for (int step = 0; step < 200000; step++) {
		__u32 id = (__u32)rand() % IDS;
		int ret;

		if (present[id]) {
			assert_int_equal(cp_leg_del(st, id), 0);
			present[id] = false;
			count--;
			continue;
		}
		l = mkleg(id, id / MS_SESSION_LEGS_MAX);
		ret = cp_leg_add(st, &l);
		if (ret == -ENOSPC && count == N)
			continue;
		assert_int_equal(ret, 0);
		present[id] = true;
		count++;
	}
	assert_int_equal(cp_leg_count(st), count);
	for (__u32 id = 0; id < IDS; id++)
		assert_int_equal(cp_leg_find(st, id) != NULL, present[id]);
	for (__u32 s = 0; s < IDS / MS_SESSION_LEGS_MAX; s++) {
		const struct cp_session_entry *e = cp_session_find(st, s);
		unsigned int n = 0;

		for (__u32 id = s * MS_SESSION_LEGS_MAX; id < (s + 1) * MS_SESSION_LEGS_MAX; id++)
			n += present[id];
		assert_int_equal(e->nlegs, n);
		for (unsigned int i = 0; i < e->nlegs; i++)
			assert_true(present[e->legs[i]]);
	}
	cp_store_destroy(st);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sessions),
		cmocka_unit_test(test_legs),
		cmocka_unit_test(test_wipe),
		cmocka_unit_test(test_random),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
