/* SPDX-License-Identifier: BSD-3-Clause */
#include <stdio.h>

#include <json-c/json.h>

#include "print.h"

#define DEPTH_MAX 8

static bool json, pretty;
/* The JSON being built: stack[0] is the document, the top the open one. */
static json_object *stack[DEPTH_MAX];
static int depth = -1;

void print_init(bool as_json, bool as_pretty)
{
	json = as_json;
	pretty = as_pretty;
}

bool print_is_json(void)
{
	return json;
}

/* Add v to the open container under key (objects) or at the end (arrays). */
static void add(const char *key, json_object *v)
{
	if (depth < 0) {
		json_object_put(v);	/* a value with no container: a bug */
		return;
	}
	if (json_object_is_type(stack[depth], json_type_array))
		json_object_array_add(stack[depth], v);
	else
		json_object_object_add(stack[depth], key ? key : "?", v);
}

static void open_container(const char *key, json_object *c)
{
	if (depth + 1 >= DEPTH_MAX) {
		json_object_put(c);
		return;
	}
	if (depth >= 0)
		add(key, json_object_get(c));
	stack[++depth] = c;
}

static void close_container(void)
{
	if (depth > 0)
		json_object_put(stack[depth]);
	if (depth > 0)
		depth--;
}

void print_open_object(const char *key)
{
	if (json)
		open_container(key, json_object_new_object());
}

void print_close_object(void)
{
	if (json)
		close_container();
}

void print_open_array(const char *key)
{
	if (json)
		open_container(key, json_object_new_array());
}

void print_close_array(void)
{
	if (json)
		close_container();
}

/*
 * The text formats are the callers' literals, passed through; each takes
 * exactly the one value of its function's type.
 */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
void print_string(const char *key, const char *fmt, const char *value)
{
	if (json)
		add(key, json_object_new_string(value));
	else if (fmt)
		printf(fmt, value);
}

void print_uint(const char *key, const char *fmt, uint64_t value)
{
	if (json)
		add(key, json_object_new_uint64(value));
	else if (fmt)
		printf(fmt, (unsigned long long)value);
}

#pragma GCC diagnostic pop

void print_bool(const char *key, const char *fmt, bool value)
{
	if (json)
		add(key, json_object_new_boolean(value));
	else if (fmt && value)
		printf("%s", fmt);
}

void print_text(const char *text)
{
	if (!json)
		fputs(text, stdout);
}

void print_flush(void)
{
	if (json && depth >= 0) {
		int flags = JSON_C_TO_STRING_NOSLASHESCAPE |
			    (pretty ? JSON_C_TO_STRING_PRETTY : JSON_C_TO_STRING_PLAIN);

		puts(json_object_to_json_string_ext(stack[0], flags));
		json_object_put(stack[0]);
		depth = -1;
	}
	fflush(stdout);
}
