/*
 * alloc.c — the one allocation wrapper (with a failure-injection hook),
 * status strings and fin_error.
 */
#include "util.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Failure injection is a test hook, so it is process-wide; counters are
 * atomic so threaded runs stay well-defined. */
static _Atomic long alloc_count;
static _Atomic long fail_at; /* absolute count at which to start failing; 0 off */

static int should_fail(void)
{
	long n = ++alloc_count;
	long f = fail_at;
	return f > 0 && n >= f;
}

void fin_alloc_fail_after(long n)
{
	fail_at = n > 0 ? alloc_count + n : 0;
}

long fin_alloc_count(void)
{
	return alloc_count;
}

void *fin_malloc(size_t n)
{
	if (should_fail())
		return NULL;
	return malloc(n ? n : 1);
}

void *fin_calloc(size_t count, size_t n)
{
	if (should_fail())
		return NULL;
	return calloc(count ? count : 1, n ? n : 1);
}

void *fin_realloc(void *p, size_t n)
{
	if (should_fail())
		return NULL;
	return realloc(p, n ? n : 1);
}

void fin_free(void *p)
{
	free(p);
}

char *fin_strndup(const char *s, size_t n)
{
	char *d = fin_malloc(n + 1);
	if (!d)
		return NULL;
	memcpy(d, s, n);
	d[n] = '\0';
	return d;
}

const char *fin_strerror(int status)
{
	switch (status) {
	case FIN_OK: return "success";
	case FIN_ENOMEM: return "out of memory";
	case FIN_EIO: return "input/output error";
	case FIN_EPARSE: return "malformed input";
	case FIN_EENCODING: return "undecodable text";
	case FIN_ETOOBIG: return "input over the size limit";
	case FIN_EOVERFLOW: return "number too large";
	case FIN_EINVAL: return "invalid argument";
	case FIN_ENOTFOUND: return "not found";
	case FIN_ESTOP: return "stopped";
	case FIN_ECONFIG: return "bad configuration";
	default: return "unknown error";
	}
}

int fin_error_set(fin_error *err, int code, const char *path, long line,
		  const char *fmt, ...)
{
	if (!err)
		return code;
	err->code = code;
	err->line = line;
	snprintf(err->path, sizeof err->path, "%s", path ? path : "");
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err->message, sizeof err->message, fmt, ap);
	va_end(ap);
	return code;
}
