/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * One print layer (iproute2's json_print): every command prints through
 * these calls, and -j turns the same calls into JSON (json-c) instead of
 * text. key names the JSON member; fmt is the text form (NULL: JSON only).
 */
#ifndef MEDIASEC_CTL_PRINT_H
#define MEDIASEC_CTL_PRINT_H

#include <stdbool.h>
#include <stdint.h>

void print_init(bool json, bool pretty);
bool print_is_json(void);
/* Emit what the JSON calls built (one document); text mode: flush. */
void print_flush(void);

void print_open_object(const char *key);	/* key NULL inside an array */
void print_close_object(void);
void print_open_array(const char *key);
void print_close_array(void);
void print_string(const char *key, const char *fmt, const char *value);
void print_uint(const char *key, const char *fmt, uint64_t value);
void print_bool(const char *key, const char *fmt, bool value);
/* Text only: labels, separators, newlines. */
void print_text(const char *text);

#endif /* MEDIASEC_CTL_PRINT_H */
