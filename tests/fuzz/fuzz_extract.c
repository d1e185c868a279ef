/*
 * fuzz_extract.c — the whole extraction of one article, as "finfig extract
 * --types all" does it: the first two bytes choose the publication date
 * (byte 0 zero: unknown), the rest is a .txt file read by the text reader
 * (first line the title when a blank line follows). Each article goes
 * through fin_extract() with every type, and its records are written as
 * JSON Lines, JSON and CSV. Every JSON Lines record must parse as a JSON
 * object (jansson; integers read as reals, since JSON sets no size limit
 * and an exact value may pass 2^63) with "type" and "doc"; the JSON output must parse as
 * one array; every CSV row must have as many fields as the header.
 */
#include "fuzz.h"

#include <jansson.h>
#include <string.h>

static fin_extractor *extractor; /* built once; reachable until exit */
static fin_doc *doc;
static fin_ymd published;

/* Fields of one CSV row at *pos of p[0..n) (RFC 4180: quotes double
 * inside a quoted field; rows end with CRLF); *pos moves past the row. */
static long csv_row_fields(const char *p, size_t n, size_t *pos)
{
	long fields = 1;
	size_t i = *pos;
	int quoted = 0;
	while (i < n) {
		char c = p[i];
		if (quoted) {
			if (c == '"' && i + 1 < n && p[i + 1] == '"')
				i++;
			else if (c == '"')
				quoted = 0;
		} else if (c == '"') {
			quoted = 1;
		} else if (c == ',') {
			fields++;
		} else if (c == '\n') {
			i++;
			break;
		}
		i++;
	}
	FUZZ_CHECK(!quoted);
	*pos = i;
	return fields;
}

/* Every CSV row has the header's number of fields. */
static void check_csv(const fin_buf *b)
{
	size_t pos = 0;
	long header = csv_row_fields(b->ptr, b->len, &pos);
	while (pos < b->len)
		FUZZ_CHECK(csv_row_fields(b->ptr, b->len, &pos) == header);
}

/* Every line is a JSON object with string "type" and "doc". */
static void check_jsonl(const fin_buf *b)
{
	size_t pos = 0;
	while (pos < b->len) {
		const char *nl = memchr(b->ptr + pos, '\n', b->len - pos);
		FUZZ_CHECK(nl != NULL);
		size_t end = (size_t)(nl - b->ptr);
		json_error_t jerr;
		json_t *o = json_loadb(b->ptr + pos, end - pos, JSON_DECODE_INT_AS_REAL, &jerr);
		if (!o)
			fprintf(stderr, "bad record: %s: %.*s\n", jerr.text, (int)(end - pos), b->ptr + pos);
		FUZZ_CHECK(o && json_is_object(o));
		FUZZ_CHECK(json_is_string(json_object_get(o, "type")));
		FUZZ_CHECK(json_is_string(json_object_get(o, "doc")));
		json_decref(o);
		pos = end + 1;
	}
}

/* Extract one article and check the records of all three formats. */
static int on_article(void *ud, const fin_article *a)
{
	(void)ud;
	fuzz_check_article(a);
	fin_article art = *a;
	art.published = published;
	fin_result r;
	fin_error err;
	int rc = fin_extract(extractor, doc, &art, &r, &err);
	FUZZ_CHECK(rc == FIN_OK);
	for (size_t i = 0; i < r.n_money; i++) {
		const fin_money *m = &r.money[i];
		size_t len = m->field == FIN_FIELD_TITLE ? art.title_len : art.body_len;
		FUZZ_CHECK(m->start < m->end && m->end <= len);
		FUZZ_CHECK(m->date_index >= -1 && (m->date_index < 0 || (size_t)m->date_index < r.n_dates));
	}
	for (size_t i = 0; i < r.n_companies; i++) {
		const fin_company *c = &r.companies[i];
		size_t len = c->field == FIN_FIELD_TITLE ? art.title_len : art.body_len;
		FUZZ_CHECK(c->start < c->end && c->end <= len && c->name && c->name[0]);
	}
	for (size_t i = 0; i < r.n_dates; i++) {
		const fin_date *d = &r.dates[i];
		size_t len = d->field == FIN_FIELD_TITLE ? art.title_len : art.body_len;
		FUZZ_CHECK(d->start < d->end && d->end <= len);
	}
	fin_buf b;
	fin_buf_init(&b, 0);
	int first = 1;
	FUZZ_CHECK(fin_out_records(&b, FIN_OUT_JSONL, &art, &r, FIN_TYPE_ALL, &first) == FIN_OK);
	check_jsonl(&b);
	fin_buf_clear(&b);
	first = 1;
	FUZZ_CHECK(fin_out_begin(&b, FIN_OUT_JSON) == FIN_OK);
	FUZZ_CHECK(fin_out_records(&b, FIN_OUT_JSON, &art, &r, FIN_TYPE_ALL, &first) == FIN_OK);
	FUZZ_CHECK(fin_out_end(&b, FIN_OUT_JSON, first) == FIN_OK);
	json_error_t jerr;
	json_t *arr = json_loadb(b.ptr, b.len, JSON_DECODE_INT_AS_REAL, &jerr);
	FUZZ_CHECK(arr && json_is_array(arr));
	json_decref(arr);
	fin_buf_clear(&b);
	first = 1;
	FUZZ_CHECK(fin_out_begin(&b, FIN_OUT_CSV) == FIN_OK);
	FUZZ_CHECK(fin_out_records(&b, FIN_OUT_CSV, &art, &r, FIN_TYPE_ALL, &first) == FIN_OK);
	check_csv(&b);
	fin_buf_free(&b);
	return 0;
}

/* See fuzz.h. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!extractor) {
		fin_extractor_opts xo = {.types = FIN_TYPE_ALL};
		fin_error err;
		if (fin_extractor_new(&extractor, &xo, &err) || fin_doc_new(&doc))
			abort();
	}
	if (size < 2)
		return 0;
	published = (fin_ymd){0, 0, 0};
	if (data[0]) {
		published.year = (int16_t)(1980 + data[1] % 50);
		published.month = (int8_t)(1 + data[0] % 12);
		published.day = (int8_t)(1 + data[1] % 28);
	}
	fin_source_opts opts;
	memset(&opts, 0, sizeof opts);
	opts.format = FIN_FMT_TEXT;
	fin_source_cb cb = {on_article, NULL, NULL};
	fin_source_read_buffer((const char *)data + 2, size - 2, "story.txt", &opts, &cb, NULL);
	return 0;
}
