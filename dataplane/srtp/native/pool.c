/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Memory for contexts: they hold session keys, so they come from mappings
 * marked MADV_DONTDUMP and never reach a core dump. Small size classes
 * (64-byte steps) are carved from 1 MiB chunks and recycled through per-class
 * free lists; anything larger gets its own mapping. Control path only: a
 * mutex is fine here.
 */
#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <sys/mman.h>

#include "native.h"

#define CHUNK_SIZE	(1u << 20)
#define CLASS_STEP	64u
#define MAX_SMALL	8192u
#define N_CLASSES	(MAX_SMALL / CLASS_STEP)

struct free_obj {
	struct free_obj *next;
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static struct free_obj *free_lists[N_CLASSES];
static uint8_t *chunk_cur, *chunk_end;

static void *map_dontdump(size_t size)
{
	void *p = mmap(NULL, size, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		return NULL;
	if (madvise(p, size, MADV_DONTDUMP) != 0) {
		munmap(p, size);
		return NULL;
	}
	return p;
}

static size_t round_size(size_t size)
{
	return (size + CLASS_STEP - 1) & ~(size_t)(CLASS_STEP - 1);
}

void *dp_srtp_pool_alloc(size_t size)
{
	size_t sz = round_size(size);
	unsigned int cls = (unsigned int)(sz / CLASS_STEP) - 1;
	void *p = NULL;

	if (sz > MAX_SMALL) {
		p = map_dontdump(sz);
		if (!p)
			errno = ENOMEM;
		return p;
	}
	pthread_mutex_lock(&lock);
	if (free_lists[cls]) {
		p = free_lists[cls];
		free_lists[cls] = free_lists[cls]->next;
	} else {
		if (!chunk_cur || (size_t)(chunk_end - chunk_cur) < sz) {
			/* The tail of the old chunk is left unused: rare, small. */
			chunk_cur = map_dontdump(CHUNK_SIZE);
			chunk_end = chunk_cur ? chunk_cur + CHUNK_SIZE : NULL;
		}
		if (chunk_cur) {
			p = chunk_cur;
			chunk_cur += sz;
		}
	}
	pthread_mutex_unlock(&lock);
	if (!p)
		errno = ENOMEM;
	return p;
}

/* The caller has wiped the object. */
void dp_srtp_pool_free(void *p, size_t size)
{
	size_t sz = round_size(size);
	struct free_obj *o = p;

	if (!p)
		return;
	if (sz > MAX_SMALL) {
		munmap(p, sz);
		return;
	}
	pthread_mutex_lock(&lock);
	o->next = free_lists[sz / CLASS_STEP - 1];
	free_lists[sz / CLASS_STEP - 1] = o;
	pthread_mutex_unlock(&lock);
}
