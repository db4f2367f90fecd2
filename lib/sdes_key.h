/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * SRTP master keys from key files, in SDES form (RFC 4568 section 6.1
 * key-params), one key per line:
 *
 *   inline:<base64 of master key || master salt>[|lifetime][|MKI:LEN]
 *
 * Blank lines and lines starting with '#' are ignored. Several keys need an
 * MKI each (the receiver picks the key by it). Keys never go on a command
 * line: mediasecctl and the test tools read them from a file or stdin.
 */
#ifndef MEDIASEC_LIB_SDES_KEY_H
#define MEDIASEC_LIB_SDES_KEY_H

#include <stddef.h>

struct ms_srtp_dir;
struct ms_srtp_key;

/*
 * One key-params string for suite into k. 0, or -EINVAL with the reason
 * (never the key) in why.
 */
int ms_sdes_key_parse(const char *text, unsigned int suite, struct ms_srtp_key *k,
		      char *why, size_t whylen);

/*
 * Every key of path ("-": stdin) into dir: suite, keys, nkeys and their
 * present bits. 0, or -errno with "PATH:LINE: reason" in err. Buffers that
 * held key text are wiped; the caller wipes dir (ms_nl_srtp_dir_clear).
 */
int ms_sdes_key_file_read(const char *path, unsigned int suite, struct ms_srtp_dir *dir,
			  char *err, size_t errlen);

#endif /* MEDIASEC_LIB_SDES_KEY_H */
