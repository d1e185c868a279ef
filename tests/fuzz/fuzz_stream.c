/*
 * fuzz_stream.c — the streaming reader against the in-memory one. The
 * first byte chooses the format (auto, text, markdown, jsonl, json, sgml,
 * html), the second a small article size limit (0: the default), the rest
 * is the file. It is read twice: by fin_source_read_stream() from a FILE
 * made with fmemopen() and given a tiny stdio buffer, so the bytes arrive in
 * small reads, and by fin_source_read_buffer(). Both must yield the same
 * articles (compared by a hash of every field) and skip the same number.
 *
 * A stream refuses a JSON, SGML or UTF-16 JSON Lines file of more than 16
 * times the limit (they are read whole), memory does not; such inputs are
 * only read, not compared.
 */
#include "fuzz.h"

#include <string.h>

/* A running list of article hashes. */
typedef struct seen {
	uint64_t h[512];
	size_t n;
	long total;
} seen;

/* FNV-1a over n bytes, continued from h. */
static uint64_t fnv(uint64_t h, const void *p, size_t n)
{
	const unsigned char *b = p;
	for (size_t i = 0; i < n; i++) {
		h ^= b[i];
		h *= 1099511628211ull;
	}
	return h;
}

/* Hash every field of the article (strings with their terminators, so
 * "ab"+"c" and "a"+"bc" differ). */
static int on_article(void *ud, const fin_article *a)
{
	seen *s = ud;
	fuzz_check_article(a);
	uint64_t h = 14695981039346656037ull;
	h = fnv(h, a->id, strlen(a->id) + 1);
	h = fnv(h, a->title, a->title_len + 1);
	h = fnv(h, a->body, a->body_len + 1);
	h = fnv(h, &a->line, sizeof a->line);
	h = fnv(h, &a->published, sizeof a->published);
	h = fnv(h, &a->flags, sizeof a->flags);
	for (size_t i = 0; i < a->n_meta; i++) {
		h = fnv(h, a->meta[i].key, strlen(a->meta[i].key) + 1);
		h = fnv(h, a->meta[i].value, strlen(a->meta[i].value) + 1);
	}
	if (s->n < sizeof s->h / sizeof s->h[0])
		s->h[s->n++] = h;
	s->total++;
	return 0;
}

/* See fuzz.h. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const fin_format formats[] = {FIN_FMT_AUTO, FIN_FMT_TEXT, FIN_FMT_MARKDOWN,
					     FIN_FMT_JSONL, FIN_FMT_JSON, FIN_FMT_SGML, FIN_FMT_HTML};
	if (size < 3)
		return 0; /* fmemopen() may refuse an empty buffer */
	fin_source_opts opts;
	memset(&opts, 0, sizeof opts);
	opts.format = formats[data[0] % (sizeof formats / sizeof formats[0])];
	opts.max_article_bytes = data[1] ? (size_t)data[1] * 16 : 0;
	data += 2;
	size -= 2;

	seen *a = calloc(2, sizeof *a);
	if (!a)
		return 0;
	seen *b = a + 1;
	fin_source_stats sa, sb;
	memset(&sa, 0, sizeof sa);
	memset(&sb, 0, sizeof sb);

	FILE *f = fmemopen((void *)data, size, "rb");
	if (!f) {
		free(a);
		return 0;
	}
	char vbuf[7];
	setvbuf(f, vbuf, _IOFBF, sizeof vbuf);
	fin_source_cb cba = {on_article, NULL, a};
	int rca = fin_source_read_stream(f, "stream", &opts, &cba, &sa);
	fclose(f);

	fin_source_cb cbb = {on_article, NULL, b};
	int rcb = fin_source_read_buffer((const char *)data, size, "stream", &opts, &cbb, &sb);
	(void)rca;
	(void)rcb;

	bool many = opts.format != FIN_FMT_TEXT && opts.format != FIN_FMT_MARKDOWN &&
		    opts.format != FIN_FMT_HTML;
	size_t lim = opts.max_article_bytes;
	if (!lim || !many || size <= lim * 16) {
		FUZZ_CHECK(a->total == b->total);
		FUZZ_CHECK(a->n == b->n && memcmp(a->h, b->h, a->n * sizeof a->h[0]) == 0);
		FUZZ_CHECK(sa.articles_skipped == sb.articles_skipped);
	}
	free(a);
	return 0;
}
