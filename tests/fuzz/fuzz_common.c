/*
 * fuzz_common.c — checks shared by the reader fuzz targets (see fuzz.h).
 */
#include "fuzz.h"

#include "util/util.h"

#include <string.h>

/* See fuzz.h. */
void fuzz_check_article(const fin_article *a)
{
	FUZZ_CHECK(a->id && a->source && a->title && a->body);
	FUZZ_CHECK(a->title[a->title_len] == '\0');
	FUZZ_CHECK(a->body[a->body_len] == '\0');
	FUZZ_CHECK(memchr(a->title, '\0', a->title_len) == NULL);
	FUZZ_CHECK(memchr(a->body, '\0', a->body_len) == NULL);
	FUZZ_CHECK(fin_utf8_valid(a->title, a->title_len));
	FUZZ_CHECK(fin_utf8_valid(a->body, a->body_len));
	FUZZ_CHECK(fin_utf8_valid(a->id, strlen(a->id)));
	FUZZ_CHECK(a->n_meta == 0 || a->meta);
	for (size_t i = 0; i < a->n_meta; i++)
		FUZZ_CHECK(a->meta[i].key && a->meta[i].value);
	if (a->published.year) {
		FUZZ_CHECK(a->published.month >= 1 && a->published.month <= 12);
		FUZZ_CHECK(a->published.day >= 1 && a->published.day <= 31);
	}
}

/* Count and check each article. */
static int on_article(void *ud, const fin_article *a)
{
	long *n = ud;
	fuzz_check_article(a);
	(*n)++;
	return 0;
}

/* Diagnostics must be well formed too: a message, a path. */
static void on_diag(void *ud, fin_severity sev, const char *path, long line, const char *message)
{
	(void)ud;
	FUZZ_CHECK(sev == FIN_SEV_WARNING || sev == FIN_SEV_ERROR);
	FUZZ_CHECK(path && message && message[0]);
	FUZZ_CHECK(line >= 0);
}

/* See fuzz.h. */
long fuzz_read_buffer(const uint8_t *data, size_t size, const char *name, fin_format fmt)
{
	long n = 0;
	fin_source_opts opts;
	memset(&opts, 0, sizeof opts);
	opts.format = fmt;
	fin_source_cb cb = {on_article, on_diag, &n};
	fin_source_stats st;
	memset(&st, 0, sizeof st);
	int rc = fin_source_read_buffer((const char *)data, size, name, &opts, &cb, &st);
	FUZZ_CHECK(rc == FIN_OK || rc == FIN_EPARSE || rc == FIN_ETOOBIG);
	FUZZ_CHECK(st.articles == n);
	return n;
}
