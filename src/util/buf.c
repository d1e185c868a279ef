/*
 * buf.c — growable NUL-terminated buffer with a hard cap and a sticky
 * failure state (check once at the end).
 */
#include "util.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void fin_buf_init(fin_buf *b, size_t limit)
{
	b->ptr = NULL;
	b->len = 0;
	b->cap = 0;
	b->limit = limit ? limit : SIZE_MAX / 2;
	b->failed = 0;
}

void fin_buf_free(fin_buf *b)
{
	fin_free(b->ptr);
	b->ptr = NULL;
	b->len = b->cap = 0;
	b->failed = 0;
}

void fin_buf_clear(fin_buf *b)
{
	b->len = 0;
	b->failed = 0;
	if (b->ptr)
		b->ptr[0] = '\0';
}

/* Make room for n more bytes plus the NUL. */
static int buf_reserve(fin_buf *b, size_t n)
{
	if (b->failed)
		return b->failed;
	if (n > b->limit || b->len > b->limit - n) {
		b->failed = FIN_ETOOBIG;
		return b->failed;
	}
	size_t need = b->len + n + 1;
	if (need <= b->cap)
		return FIN_OK;
	size_t ncap = b->cap ? b->cap : 256;
	while (ncap < need)
		ncap = ncap > SIZE_MAX / 2 ? need : ncap * 2;
	char *p = fin_realloc(b->ptr, ncap);
	if (!p) {
		b->failed = FIN_ENOMEM;
		return b->failed;
	}
	b->ptr = p;
	b->cap = ncap;
	return FIN_OK;
}

int fin_buf_append(fin_buf *b, const void *p, size_t n)
{
	int rc = buf_reserve(b, n);
	if (rc)
		return rc;
	if (n)
		memcpy(b->ptr + b->len, p, n);
	b->len += n;
	b->ptr[b->len] = '\0';
	return FIN_OK;
}

int fin_buf_puts(fin_buf *b, const char *s)
{
	return fin_buf_append(b, s, strlen(s));
}

int fin_buf_putc(fin_buf *b, char c)
{
	return fin_buf_addc(b, c); /* the inline fast path of util.h */
}

int fin_buf_printf(fin_buf *b, const char *fmt, ...)
{
	char tmp[256];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
	va_end(ap);
	if (n < 0) {
		b->failed = FIN_EINVAL;
		return b->failed;
	}
	if ((size_t)n < sizeof tmp)
		return fin_buf_append(b, tmp, (size_t)n);
	int rc = buf_reserve(b, (size_t)n);
	if (rc)
		return rc;
	va_start(ap, fmt);
	vsnprintf(b->ptr + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
	return FIN_OK;
}

int fin_buf_put_u64(fin_buf *b, uint64_t v)
{
	char t[20];
	size_t n = 0;
	do {
		t[sizeof t - 1 - n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	return fin_buf_append(b, t + sizeof t - n, n);
}
