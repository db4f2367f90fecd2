/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * A stand-in for libFuzzer's main() where there is no libFuzzer (gcc
 * builds; the fuzz-smoke tests): runs every file named on the command line,
 * or found in a named directory, through LLVMFuzzerTestOneInput(), then
 * -runs=N inputs made by mutating those files (random bytes when there are
 * none) with a PRNG seeded by -seed=S, and prints a one-line summary.
 *
 * There is no coverage feedback: this checks that a target, its seeds and
 * their near neighbours hold under the sanitizers on every test run. The
 * search for new inputs is libFuzzer's job (-Dfuzz=enabled, README.md).
 *
 * The default seed is fixed so that a failure reproduces with the same
 * command line. A failing generated input (abort() or a sanitizer report)
 * is also written to <artifact_prefix>crash-<seed>-<run> before the process
 * dies, as libFuzzer writes crash-<sha1>.
 *
 * usage: replay [-runs=N] [-seed=S] [-max_len=N] [-artifact_prefix=P] FILE|DIR...
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* In sanitizer runtimes only: called after a report, before the process dies. */
extern void __sanitizer_set_death_callback(void (*cb)(void)) __attribute__((weak));

#define DEFAULT_RUNS	20000
#define DEFAULT_SEED	0x6d65646961736563ULL	/* "mediasec" */
#define DEFAULT_MAX_LEN	4096
#define FILE_MAX	(1U << 20)
#define MUTATIONS_MAX	4

struct input {
	uint8_t *p;
	size_t len;
	char *path;
};

struct corpus {
	struct input *v;
	size_t n, cap;
};

struct opts {
	unsigned long long runs, seed, max_len;
	const char *artifact_prefix;
};

/* The input in flight, for the crash handlers. */
static struct {
	const uint8_t *data;
	size_t len;
	const char *file;		/* NULL: a generated input */
	char path[PATH_MAX];		/* where a generated input is saved */
	volatile sig_atomic_t saved;
} cur;

static void say(const char *s)
{
	ssize_t r = write(STDERR_FILENO, s, strlen(s));

	(void)r;
}

/* Async-signal-safe: runs from SIGABRT and from the sanitizer's death path. */
static void save_current(void)
{
	size_t off = 0;
	int fd;

	if (cur.saved || (!cur.data && !cur.file))
		return;
	cur.saved = 1;
	if (cur.file) {
		say("replay: failing input: ");
		say(cur.file);
		say("\n");
		return;
	}
	fd = open(cur.path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0) {
		say("replay: cannot save the failing input\n");
		return;
	}
	while (off < cur.len) {
		ssize_t w = write(fd, cur.data + off, cur.len - off);

		if (w <= 0)
			break;
		off += (size_t)w;
	}
	close(fd);
	say("replay: failing input saved to ");
	say(cur.path);
	say("\n");
}

static void on_abort(int sig)
{
	save_current();
	signal(sig, SIG_DFL);
	raise(sig);
}

/* splitmix64: small, and good enough to pick mutations. */
static uint64_t rng_next(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static size_t below(uint64_t *s, size_t n)
{
	return n ? (size_t)(rng_next(s) % n) : 0;
}

/* Strict, as iproute2's get_u64(): no sign, no junk, no overflow. */
static int parse_u64(const char *s, unsigned long long *v)
{
	char *end;

	if (!*s || *s == '-' || *s == '+')
		return -EINVAL;
	errno = 0;
	*v = strtoull(s, &end, 0);
	if (errno || *end)
		return -EINVAL;
	return 0;
}

static int corpus_add(struct corpus *c, uint8_t *p, size_t len, const char *path)
{
	char *dup = strdup(path);

	if (!dup)
		return -ENOMEM;
	if (c->n == c->cap) {
		size_t cap = c->cap ? 2 * c->cap : 64;
		struct input *v = realloc(c->v, cap * sizeof(*v));

		if (!v) {
			free(dup);
			return -ENOMEM;
		}
		c->v = v;
		c->cap = cap;
	}
	c->v[c->n++] = (struct input){ p, len, dup };
	return 0;
}

static int read_file(const char *path, struct corpus *c)
{
	struct stat st;
	uint8_t *p = NULL;
	size_t off = 0;
	int fd = open(path, O_RDONLY), err = 0;

	if (fd < 0 || fstat(fd, &st) < 0) {
		err = -errno;
		goto out;
	}
	if (st.st_size > FILE_MAX) {
		err = -EFBIG;
		goto out;
	}
	p = malloc((size_t)st.st_size + 1);
	if (!p) {
		err = -ENOMEM;
		goto out;
	}
	while (off < (size_t)st.st_size) {
		ssize_t r = read(fd, p + off, (size_t)st.st_size - off);

		if (r <= 0) {
			err = r < 0 ? -errno : -EIO;
			goto out;
		}
		off += (size_t)r;
	}
	err = corpus_add(c, p, off, path);
	if (!err)
		p = NULL;
out:
	if (fd >= 0)
		close(fd);
	free(p);
	if (err)
		fprintf(stderr, "replay: %s: %s\n", path, strerror(-err));
	return err;
}

static int not_hidden(const struct dirent *d)
{
	return d->d_name[0] != '.';
}

/* A directory's regular files in name order, so that runs repeat exactly. */
static int read_dir(const char *dir, struct corpus *c)
{
	struct dirent **names;
	int n = scandir(dir, &names, not_hidden, alphasort), err = 0;

	if (n < 0) {
		fprintf(stderr, "replay: %s: %s\n", dir, strerror(errno));
		return -errno;
	}
	for (int i = 0; i < n; i++) {
		char path[PATH_MAX];
		struct stat st;

		if (!err && snprintf(path, sizeof(path), "%s/%s", dir, names[i]->d_name) <
			    (int)sizeof(path) &&
		    stat(path, &st) == 0 && S_ISREG(st.st_mode))
			err = read_file(path, c);
		free(names[i]);
	}
	free(names);
	return err;
}

/* Through the target in a heap buffer of exactly len bytes, as libFuzzer does. */
static void run_one(const uint8_t *data, size_t len, const char *file)
{
	uint8_t *copy = malloc(len);

	if (!copy && len)
		abort();
	if (len)
		memcpy(copy, data, len);
	cur.data = copy;
	cur.len = len;
	cur.file = file;
	LLVMFuzzerTestOneInput(copy, len);
	cur.data = NULL;
	cur.file = NULL;
	free(copy);
}

static size_t mutate(uint64_t *s, uint8_t *b, size_t len, size_t cap,
		     const struct corpus *c)
{
	static const uint8_t int8[] = { 0, 1, 2, 0x0f, 0x10, 0x3f, 0x40, 0x7f, 0x80, 0xc0, 0xfe, 0xff };
	static const uint32_t int32[] = {
		0, 1, 4, 12, 16, 0x7f, 0x80, 0xff, 0x7fff, 0x8000, 0xfffe, 0xffff,
		0x10000, 0x7fffffff, 0x80000000, 0xfffffffe, 0xffffffff,
	};
	size_t at = below(s, len), n;

	switch (below(s, 9)) {
	case 0:	/* flip a bit */
		if (len)
			b[at] ^= (uint8_t)(1u << below(s, 8));
		break;
	case 1:	/* a byte that tends to be a boundary */
		if (len)
			b[at] = int8[below(s, sizeof(int8))];
		break;
	case 2:	/* a small step, as in a length or counter off by a few */
		if (len)
			b[at] = (uint8_t)(b[at] + (below(s, 2) ? 1 : -1) * (int)(1 + below(s, 4)));
		break;
	case 3: {	/* a 16- or 32-bit boundary value, either byte order */
		uint32_t v = int32[below(s, sizeof(int32) / sizeof(int32[0]))];
		bool big = below(s, 2);

		n = below(s, 2) ? 4 : 2;
		if (len < n)
			break;
		at = below(s, len - n + 1);
		for (size_t i = 0; i < n; i++)
			b[at + i] = (uint8_t)(v >> (8 * (big ? n - 1 - i : i)));
		break;
	}
	case 4:	/* insert random bytes */
		n = 1 + below(s, 8);
		if (len + n > cap)
			break;
		at = below(s, len + 1);
		memmove(b + at + n, b + at, len - at);
		for (size_t i = 0; i < n; i++)
			b[at + i] = (uint8_t)rng_next(s);
		len += n;
		break;
	case 5:	/* erase bytes */
		n = 1 + below(s, 8);
		if (n > len - at)
			n = len - at;
		memmove(b + at, b + at + n, len - at - n);
		len -= n;
		break;
	case 6:	/* cut the tail */
		len = at;
		break;
	case 7: {	/* copy a chunk over another place */
		size_t from = below(s, len);

		n = below(s, len - (from > at ? from : at) + 1);
		memmove(b + at, b + from, n);
		break;
	}
	case 8: {	/* splice: the tail of another input after our head */
		const struct input *o = c->n ? &c->v[below(s, c->n)] : NULL;
		size_t from;

		if (!o || !o->len)
			break;
		from = below(s, o->len);
		n = o->len - from;
		if (at + n > cap)
			n = cap - at;
		memcpy(b + at, o->p + from, n);
		len = at + n;
		break;
	}
	}
	return len;
}

/* One generated input into b: a corpus entry mutated, or random bytes. */
static size_t generate(uint64_t *s, uint8_t *b, size_t cap, const struct corpus *c)
{
	size_t len;

	if (c->n && below(s, 8)) {
		const struct input *in = &c->v[below(s, c->n)];

		len = in->len < cap ? in->len : cap;
		memcpy(b, in->p, len);
		for (size_t m = 1 + below(s, MUTATIONS_MAX); m > 0; m--)
			len = mutate(s, b, len, cap, c);
		return len;
	}
	len = below(s, (cap < 64 ? cap : 64) + 1);
	for (size_t i = 0; i < len; i++)
		b[i] = (uint8_t)rng_next(s);
	return len;
}

static int parse_args(int argc, char **argv, struct opts *o, int *first_path)
{
	static const struct {
		const char *name;
		size_t off;
	} nums[] = {
		{ "-runs=", offsetof(struct opts, runs) },
		{ "-seed=", offsetof(struct opts, seed) },
		{ "-max_len=", offsetof(struct opts, max_len) },
	};
	int i;

	for (i = 1; i < argc && argv[i][0] == '-'; i++) {
		const char *a = argv[i];
		size_t k;

		if (!strncmp(a, "-artifact_prefix=", 17)) {
			o->artifact_prefix = a + 17;
			continue;
		}
		for (k = 0; k < sizeof(nums) / sizeof(nums[0]); k++) {
			size_t l = strlen(nums[k].name);

			if (!strncmp(a, nums[k].name, l)) {
				if (parse_u64(a + l, (unsigned long long *)((char *)o + nums[k].off))) {
					fprintf(stderr, "replay: %s: not a number\n", a);
					return -EINVAL;
				}
				break;
			}
		}
		if (k == sizeof(nums) / sizeof(nums[0])) {
			fprintf(stderr, "replay: unknown option %s\n"
				"usage: %s [-runs=N] [-seed=S] [-max_len=N] "
				"[-artifact_prefix=P] FILE|DIR...\n", a, argv[0]);
			return -EINVAL;
		}
	}
	if (o->max_len == 0 || o->max_len > FILE_MAX) {
		fprintf(stderr, "replay: -max_len must be 1..%u\n", FILE_MAX);
		return -EINVAL;
	}
	*first_path = i;
	return 0;
}

int main(int argc, char **argv)
{
	struct opts o = {
		.runs = DEFAULT_RUNS, .seed = DEFAULT_SEED, .max_len = DEFAULT_MAX_LEN,
		.artifact_prefix = "./",
	};
	struct corpus c = { 0 };
	struct timespec t0, t1;
	uint64_t s;
	uint8_t *work;
	int first;

	if (parse_args(argc, argv, &o, &first))
		return 2;
	for (int i = first; i < argc; i++) {
		struct stat st;

		if (stat(argv[i], &st) < 0) {
			fprintf(stderr, "replay: %s: %s\n", argv[i], strerror(errno));
			return 1;
		}
		if (S_ISDIR(st.st_mode) ? read_dir(argv[i], &c) : read_file(argv[i], &c))
			return 1;
	}
	work = malloc(o.max_len);
	if (!work)
		return 1;
	if (__sanitizer_set_death_callback)
		__sanitizer_set_death_callback(save_current);
	signal(SIGABRT, on_abort);
	printf("# replay: %zu inputs, then %llu generated with -seed=0x%llx\n",
	       c.n, o.runs, o.seed);
	fflush(stdout);

	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (size_t i = 0; i < c.n; i++)
		run_one(c.v[i].p, c.v[i].len, c.v[i].path);
	s = o.seed;
	for (unsigned long long r = 0; r < o.runs; r++) {
		size_t len = generate(&s, work, o.max_len, &c);

		snprintf(cur.path, sizeof(cur.path), "%scrash-%llx-%llu",
			 o.artifact_prefix, o.seed, r);
		run_one(work, len, NULL);
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);

	printf("replay: %s: %zu inputs and %llu generated (seed 0x%llx) passed in %.1f s\n",
	       argv[0], c.n, o.runs, o.seed,
	       (double)(t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9);
	for (size_t i = 0; i < c.n; i++) {
		free(c.v[i].p);
		free(c.v[i].path);
	}
	free(c.v);
	free(work);
	return 0;
}
