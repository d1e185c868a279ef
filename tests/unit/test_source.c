/*
 * test_source.c — the source readers: formats, ids, titles, dates,
 * encodings, errors with FILE:LINE, field renames, the directory walk
 * (order, hidden and unknown files, symlink loops), limits, and the real
 * corpora when FINFIG_SHARED points at them.
 */
#include "check.h"
#include "finfig.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define FIX FIN_TEST_DIR "/unit/fixtures/source"

/* ---------------------------------------------------------------------- */
/* Collecting articles and diagnostics                                    */
/* ---------------------------------------------------------------------- */

typedef struct art {
	char *id, *source, *title, *body, *meta;
	long line;
	char published[11];
	unsigned flags;
	size_t title_len, body_len;
} art;

typedef struct sink {
	art *v;
	size_t n, cap;
	char diags[64][1200];
	int sev[64];
	size_t n_diag;
	long stop_after; /* stop once this many were taken (0: never) */
	long count_only; /* keep no copies, just count (big corpora) */
	long counted;
	char first_id[64], last_id[64];
} sink;

static char *dup_n(const char *s, size_t n)
{
	char *d = malloc(n + 1);
	if (!d)
		abort();
	memcpy(d, s, n);
	d[n] = '\0';
	return d;
}

static int on_article(void *ud, const fin_article *a)
{
	sink *k = ud;
	k->counted++;
	if (k->count_only) {
		if (k->counted == 1)
			snprintf(k->first_id, sizeof k->first_id, "%s", a->id);
		snprintf(k->last_id, sizeof k->last_id, "%s", a->id);
		/* Everything handed over is NUL-terminated where it says. */
		if (a->title[a->title_len] != '\0' || a->body[a->body_len] != '\0')
			k->first_id[0] = '!';
		return 0;
	}
	if (k->n == k->cap) {
		k->cap = k->cap ? k->cap * 2 : 16;
		k->v = realloc(k->v, k->cap * sizeof *k->v);
		if (!k->v)
			abort();
	}
	art *r = &k->v[k->n++];
	r->id = dup_n(a->id, strlen(a->id));
	r->source = dup_n(a->source, strlen(a->source));
	r->title = dup_n(a->title, a->title_len);
	r->body = dup_n(a->body, a->body_len);
	r->title_len = a->title_len;
	r->body_len = a->body_len;
	r->line = a->line;
	r->flags = a->flags;
	fin_ymd_format(a->published, r->published);
	size_t ml = 1;
	for (size_t i = 0; i < a->n_meta; i++)
		ml += strlen(a->meta[i].key) + strlen(a->meta[i].value) + 3;
	r->meta = malloc(ml);
	if (!r->meta)
		abort();
	r->meta[0] = '\0';
	size_t pos = 0;
	for (size_t i = 0; i < a->n_meta; i++)
		pos += (size_t)snprintf(r->meta + pos, ml - pos, "%s=%s;", a->meta[i].key,
					a->meta[i].value);
	return k->stop_after && (long)k->n >= k->stop_after;
}

static void on_diag(void *ud, fin_severity sev, const char *path, long line, const char *msg)
{
	sink *k = ud;
	if (k->n_diag < 64) {
		snprintf(k->diags[k->n_diag], sizeof k->diags[0], "%s:%ld: %s", path, line, msg);
		k->sev[k->n_diag] = sev;
		k->n_diag++;
	}
}

static void sink_free(sink *k)
{
	for (size_t i = 0; i < k->n; i++) {
		free(k->v[i].id);
		free(k->v[i].source);
		free(k->v[i].title);
		free(k->v[i].body);
		free(k->v[i].meta);
	}
	free(k->v);
	memset(k, 0, sizeof *k);
}

static int n_sev(const sink *k, int sev)
{
	int c = 0;
	for (size_t i = 0; i < k->n_diag; i++)
		c += k->sev[i] == sev;
	return c;
}

/* true when some diagnostic contains both a and b. */
static int has_diag(const sink *k, const char *a, const char *b)
{
	for (size_t i = 0; i < k->n_diag; i++)
		if (strstr(k->diags[i], a) && (!b || strstr(k->diags[i], b)))
			return 1;
	return 0;
}

static const art *find_id(const sink *k, const char *id)
{
	for (size_t i = 0; i < k->n; i++)
		if (strcmp(k->v[i].id, id) == 0)
			return &k->v[i];
	return NULL;
}

static int read_path(const char *path, const fin_source_opts *o, sink *k, fin_source_stats *st)
{
	fin_source_cb cb = {on_article, on_diag, k};
	return fin_source_read_path(path, o, &cb, st);
}

static int read_buf(const char *buf, size_t len, const char *name, const fin_source_opts *o,
		    sink *k, fin_source_stats *st)
{
	fin_source_cb cb = {on_article, on_diag, k};
	return fin_source_read_buffer(buf, len, name, o, &cb, st);
}

static void write_file(const char *path, const char *data, size_t n)
{
	FILE *f = fopen(path, "wb");
	if (!f)
		abort();
	fwrite(data, 1, n, f);
	fclose(f);
}

/* ---------------------------------------------------------------------- */
/* Tests                                                                  */
/* ---------------------------------------------------------------------- */

static void test_format_names(void)
{
	fin_format f;
	for (int i = FIN_FMT_AUTO; i <= FIN_FMT_HTML; i++) {
		const char *nm = fin_format_name((fin_format)i);
		CHECK(nm != NULL);
		CHECK(nm && fin_format_from_name(nm, &f) == FIN_OK && f == (fin_format)i);
	}
	CHECK_STR(fin_format_name(FIN_FMT_JSONL), "jsonl");
	CHECK(fin_format_name((fin_format)99) == NULL);
	CHECK(fin_format_from_name("MD", &f) == FIN_OK && f == FIN_FMT_MARKDOWN);
	CHECK_INT(fin_format_from_name("docx", &f), FIN_EINVAL);
}

static void test_walk(void)
{
	sink k;
	memset(&k, 0, sizeof k);
	fin_source_stats st;
	memset(&st, 0, sizeof st);
	int rc = read_path(FIX "/walk", NULL, &k, &st);
	CHECK_INT(rc, FIN_OK);
	CHECK_INT(k.n, 6);
	CHECK_INT(k.n_diag, 0);
	CHECK_INT(st.files, 5); /* notes.xyz and .hidden.txt are not opened */
	CHECK_INT(st.articles, 6);
	CHECK_INT(st.files_failed, 0);
	CHECK(st.bytes > 0);
	static const char *const order[] = {"a", "z", "b", "w1", "7", "e"};
	for (size_t i = 0; i < 6 && i < k.n; i++)
		CHECK_STR(k.v[i].id, order[i]);
	if (k.n < 6) {
		sink_free(&k);
		return;
	}
	/* Markdown with front matter. */
	CHECK_STR(k.v[0].title, "Acme buys Widget Co");
	CHECK_STR(k.v[0].published, "2025-11-03");
	CHECK_STR(k.v[0].body, "Acme agreed to pay $1.5bn for Widget Co.");
	CHECK(strstr(k.v[0].meta, "author=Jane Reporter;") != NULL);
	CHECK(strstr(k.v[0].meta, "tags=deals, m&a;") != NULL);
	CHECK(strstr(k.v[0].meta, "nested") == NULL);
	CHECK(strstr(k.v[0].meta, "title=") == NULL);
	CHECK(strstr(k.v[0].source, "walk/a.md") != NULL);
	/* Text: title line then a blank line. */
	CHECK_STR(k.v[1].title, "");
	CHECK_STR(k.v[1].body, "In a sub dir");
	CHECK_STR(k.v[2].title, "Widget profits fall");
	CHECK_STR(k.v[2].body, "Widget Co said profit fell to 5 mln dlrs.\nShares fell.");
	CHECK_INT(k.v[2].line, 1);
	/* JSON Lines. */
	CHECK_STR(k.v[3].title, "T1");
	CHECK_STR(k.v[3].body, "Body one");
	CHECK_INT(k.v[3].line, 1);
	CHECK_STR(k.v[4].body, "Body two");
	CHECK_INT(k.v[4].line, 2);
	/* HTML. */
	CHECK_STR(k.v[5].title, "Deal & more");
	CHECK_STR(k.v[5].published, "2024-02-29");
	CHECK_STR(k.v[5].body, "Headline\n\nPrice: \xC2\xA3"
			       "29bn \xE2\x82\xAC"
			       "5 m\n\nSecond block spans lines\n\none\n\ntwo");
	sink_free(&k);
}

static void test_latin1(void)
{
	char dir[] = "/tmp/fin_src_XXXXXX";
	CHECK(mkdtemp(dir) != NULL);
	char path[256];
	snprintf(path, sizeof path, "%s/latin.txt", dir);
	const char data[] = "Pound profit\n\nProfit rose to \xA3"
			    "5m, caf\xE9 \x80.\n";
	write_file(path, data, sizeof data - 1);
	sink k;
	memset(&k, 0, sizeof k);
	fin_source_stats st;
	memset(&st, 0, sizeof st);
	CHECK_INT(read_path(path, NULL, &k, &st), FIN_OK);
	CHECK_INT(k.n, 1);
	if (k.n == 1) {
		CHECK_STR(k.v[0].body, "Profit rose to \xC2\xA3"
				       "5m, caf\xC3\xA9 \xE2\x82\xAC.");
		CHECK(k.v[0].flags & FIN_ARTICLE_RECODED);
		CHECK_STR(k.v[0].id, "latin");
		CHECK_STR(k.v[0].title, "Pound profit");
	}
	CHECK_INT(st.recoded, 1);
	CHECK_INT(n_sev(&k, FIN_SEV_WARNING), 1);
	CHECK(has_diag(&k, "latin.txt", "not valid UTF-8; read as Windows-1252"));
	sink_free(&k);
	unlink(path);
	rmdir(dir);
}

static void test_jsonl_errors(void)
{
	sink k;
	memset(&k, 0, sizeof k);
	fin_source_stats st;
	memset(&st, 0, sizeof st);
	CHECK_INT(read_path(FIX "/broken.jsonl", NULL, &k, &st), FIN_OK);
	CHECK_INT(k.n, 3);
	CHECK_INT(st.articles_skipped, 4);
	CHECK_INT(st.files_failed, 0);
	CHECK_INT(n_sev(&k, FIN_SEV_ERROR), 4);
	CHECK(has_diag(&k, "broken.jsonl:2: ", NULL));
	CHECK(has_diag(&k, "broken.jsonl:3: ", "not a JSON object"));
	CHECK(has_diag(&k, "broken.jsonl:4: ", "no body field"));
	CHECK(has_diag(&k, "broken.jsonl:7: ", "not a string"));
	const art *a = find_id(&k, "a1");
	CHECK(a != NULL);
	if (a) {
		CHECK_STR(a->title, "First");
		CHECK_STR(a->body, "One");
		CHECK_STR(a->published, "2025-01-02");
		CHECK_INT(a->line, 1);
		CHECK(strstr(a->meta, "section=biz;") != NULL);
		CHECK(strstr(a->meta, "rank=3;") != NULL);
		CHECK(strstr(a->meta, "date=") == NULL);
	}
	a = find_id(&k, "broken.jsonl:5");
	CHECK(a != NULL);
	if (a) {
		CHECK_STR(a->body, "Four");
		CHECK_STR(a->title, "No id");
		CHECK_STR(a->published, "2025-11-03"); /* RFC 2822 */
		CHECK_INT(a->line, 5);
	}
	a = find_id(&k, "broken.jsonl:8");
	CHECK(a != NULL);
	if (a) {
		CHECK_STR(a->title, "Six"); /* "headline" */
		CHECK_STR(a->published, "2025-11-03"); /* "Nov 3, 2025" */
		CHECK(strstr(a->meta, "tags=x, y;") != NULL);
	}
	sink_free(&k);
}

static void test_fields(void)
{
	static const char *const id[] = {"uid", NULL};
	static const char *const title[] = {"heading", NULL};
	static const char *const body[] = {"story", NULL};
	static const char *const pub[] = {"when", NULL};
	fin_source_opts o;
	memset(&o, 0, sizeof o);
	o.fields.id = id;
	o.fields.title = title;
	o.fields.body = body;
	o.fields.published = pub;
	sink k;
	memset(&k, 0, sizeof k);
	CHECK_INT(read_path(FIX "/renamed.jsonl", &o, &k, NULL), FIN_OK);
	CHECK_INT(k.n, 1);
	if (k.n == 1) {
		CHECK_STR(k.v[0].id, "r1");
		CHECK_STR(k.v[0].title, "Renamed");
		CHECK_STR(k.v[0].body, "Body via renamed fields");
		CHECK_STR(k.v[0].published, "2020-05-06");
		CHECK(strstr(k.v[0].meta, "body=wrong body;") != NULL);
	}
	sink_free(&k);
}

static void test_markdown(void)
{
	sink k;
	memset(&k, 0, sizeof k);
	fin_source_stats st;
	memset(&st, 0, sizeof st);
	CHECK_INT(read_path(FIX "/badfm.md", NULL, &k, &st), FIN_OK);
	CHECK_INT(k.n, 0);
	CHECK_INT(st.articles_skipped, 1);
	CHECK_INT(n_sev(&k, FIN_SEV_ERROR), 1);
	CHECK(has_diag(&k, "badfm.md:", "bad front matter: "));
	CHECK(!has_diag(&k, "badfm.md:0:", NULL));
	sink_free(&k);

	memset(&st, 0, sizeof st);
	CHECK_INT(read_path(FIX "/alias.md", NULL, &k, &st), FIN_OK);
	CHECK_INT(k.n, 0);
	CHECK_INT(st.articles_skipped, 1);
	CHECK(has_diag(&k, "alias.md:3:", "alias"));
	sink_free(&k);

	CHECK_INT(read_path(FIX "/nofm.md", NULL, &k, NULL), FIN_OK);
	CHECK_INT(k.n, 1);
	if (k.n == 1) {
		CHECK_STR(k.v[0].id, "nofm");
		CHECK_STR(k.v[0].title, "A heading title");
		CHECK(strncmp(k.v[0].body, "# A heading", 11) == 0);
		CHECK_STR(k.v[0].published, "");
	}
	sink_free(&k);

	/* Front matter closed by "...", id and slug, CRLF line ends. */
	const char md[] = "---\r\nslug: the-slug\r\nid: 42\r\npublished: 2021-07-08\r\n...\r\n\r\nBody\r\n";
	CHECK_INT(read_buf(md, sizeof md - 1, "x.md", NULL, &k, NULL), FIN_OK);
	CHECK_INT(k.n, 1);
	if (k.n == 1) {
		CHECK_STR(k.v[0].id, "42");
		CHECK_STR(k.v[0].published, "2021-07-08");
		CHECK_STR(k.v[0].body, "Body");
	}
	sink_free(&k);
}

static void test_sgml(void)
{
	sink k;
	memset(&k, 0, sizeof k);
	fin_source_stats st;
	memset(&st, 0, sizeof st);
	CHECK_INT(read_path(FIX "/sample.sgm", NULL, &k, &st), FIN_OK);
	CHECK_INT(k.n, 4);
	CHECK_INT(st.articles_skipped, 1);
	CHECK(has_diag(&k, "sample.sgm:38:", NULL));
	CHECK_INT(n_sev(&k, FIN_SEV_ERROR), 1);
	const art *a = find_id(&k, "101");
	CHECK(a != NULL);
	if (a) {
		CHECK_INT(a->line, 2);
		CHECK_STR(a->published, "1987-02-26");
		CHECK_STR(a->title, "ACME <ACM> BUYS WIDGET");
		CHECK_STR(a->body, "<Acme Corp> said it will buy\nWidget & Co for 1.5 mln dlrs \"cash\".");
		CHECK(strstr(a->meta, "topics=acq, earn;") != NULL);
		CHECK(strstr(a->meta, "places=usa;") != NULL);
		CHECK(strstr(a->meta, "companies") == NULL);
		CHECK(strstr(a->meta, "dateline=NEW YORK, Feb 26;") != NULL);
	}
	a = find_id(&k, "102");
	CHECK(a != NULL);
	if (a) {
		CHECK_STR(a->title, "BRIEF TITLE ONLY");
		CHECK_STR(a->body, "Blah blah blah.");
		CHECK_STR(a->published, "1987-03-02");
	}
	a = find_id(&k, "103");
	CHECK(a != NULL);
	if (a) {
		CHECK_STR(a->title, "");
		CHECK(strncmp(a->body, "FEDERAL RESERVE REPORT\n", 23) == 0);
	}
	a = find_id(&k, "105");
	CHECK(a != NULL);
	if (a)
		CHECK_STR(a->body, "Last story \xC2\xA3"
				   "5 A\xEF\xBF\xBD.");
	CHECK(find_id(&k, "104") == NULL);
	sink_free(&k);

	/* Line numbers are counted eight bytes at a time: runs of blank lines
	 * (more line breaks than a byte lane holds between two sums), CRLF,
	 * and a story that starts at an odd offset. */
	memset(&k, 0, sizeof k);
	memset(&st, 0, sizeof st);
	size_t cap = 40000, len = 0;
	char *buf = malloc(cap);
	if (!buf)
		abort();
	for (int i = 0; i < 5000; i++)
		buf[len++] = '\n';
	len += (size_t)snprintf(buf + len, cap - len, "<REUTERS NEWID=\"1\">\r\n<TEXT><BODY>a\nb</BODY></TEXT></REUTERS>x");
	for (int i = 0; i < 3001; i++)
		buf[len++] = (i % 3) ? '\n' : ' ';
	len += (size_t)snprintf(buf + len, cap - len, "<REUTERS NEWID=\"2\"><TEXT><BODY>c</BODY></TEXT></REUTERS>\n");
	CHECK_INT(read_buf(buf, len, "lines.sgm", NULL, &k, &st), FIN_OK);
	a = find_id(&k, "1");
	CHECK(a && a->line == 5001);
	a = find_id(&k, "2");
	CHECK(a && a->line == 5003 + 2000);
	free(buf);
	sink_free(&k);
}

static void test_sniff_and_encoding(void)
{
	sink k;
	memset(&k, 0, sizeof k);
	/* BOM, CRLF and a NUL byte in text read from a buffer. */
	const char txt[] = "\xEF\xBB\xBFTitle\r\n\r\nBo\0dy\r\nmore\r\n";
	fin_source_stats st;
	memset(&st, 0, sizeof st);
	CHECK_INT(read_buf(txt, sizeof txt - 1, "-", NULL, &k, &st), FIN_OK);
	CHECK_INT(k.n, 1);
	if (k.n == 1) {
		CHECK_STR(k.v[0].title, "Title");
		CHECK_STR(k.v[0].body, "Bo dy\nmore");
		CHECK_INT(k.v[0].body_len, 10);
		CHECK_INT(k.v[0].flags, 0);
	}
	CHECK(has_diag(&k, "NUL", NULL));
	CHECK_INT(st.bytes, sizeof txt - 1);
	sink_free(&k);

	/* Sniffed JSON array: line numbers and FILE:LINE ids. */
	const char arr[] = "[\n {\"body\": \"x\"},\n 5,\n {\"id\": \"q\", \"body\": \"y\"}\n]\n";
	CHECK_INT(read_buf(arr, sizeof arr - 1, "dump.dat", NULL, &k, NULL), FIN_OK);
	CHECK_INT(k.n, 2);
	if (k.n == 2) {
		CHECK_STR(k.v[0].id, "dump.dat:2");
		CHECK_INT(k.v[0].line, 2);
		CHECK_STR(k.v[1].id, "q");
		CHECK_INT(k.v[1].line, 4);
	}
	CHECK(has_diag(&k, "dump.dat:3:", "not a JSON object"));
	sink_free(&k);

	/* A JSON object wrapping an array. */
	const char wrap[] = "{\"articles\": [{\"body\": \"w\"}]}";
	CHECK_INT(read_buf(wrap, sizeof wrap - 1, "w.json", NULL, &k, NULL), FIN_OK);
	CHECK_INT(k.n, 1);
	sink_free(&k);

	/* Broken JSON file: one error, the file fails. */
	memset(&st, 0, sizeof st);
	const char bad[] = "[{\"body\": \"x\"},\n{\"body\": }]";
	CHECK(read_buf(bad, sizeof bad - 1, "bad.json", NULL, &k, &st) < 0);
	CHECK_INT(k.n, 0);
	CHECK_INT(st.files_failed, 1);
	CHECK(has_diag(&k, "bad.json:2:", NULL));
	sink_free(&k);

	/* Deep nesting is refused before parsing. */
	char deep[300];
	memset(deep, '[', 200);
	memset(deep + 200, ']', 100);
	memset(&st, 0, sizeof st);
	CHECK(read_buf(deep, 300, "deep.json", NULL, &k, &st) < 0);
	CHECK(has_diag(&k, "deep.json", "nested deeper"));
	sink_free(&k);

	/* Sniffed JSONL, Markdown, HTML, SGML. */
	const char jl[] = "{\"body\": \"a\"}\n{\"body\": \"b\"}\n";
	CHECK_INT(read_buf(jl, sizeof jl - 1, "-", NULL, &k, NULL), FIN_OK);
	CHECK_INT(k.n, 2);
	if (k.n == 2)
		CHECK_STR(k.v[1].id, "-:2");
	sink_free(&k);
	const char md[] = "---\ntitle: T\n---\nB\n";
	CHECK_INT(read_buf(md, sizeof md - 1, "-", NULL, &k, NULL), FIN_OK);
	CHECK(k.n == 1 && strcmp(k.v[0].title, "T") == 0 && strcmp(k.v[0].id, "stdin") == 0);
	sink_free(&k);
	const char html[] = "<!DOCTYPE HTML><p>x &lt; y &unknown; &#65;</p>";
	CHECK_INT(read_buf(html, sizeof html - 1, "-", NULL, &k, NULL), FIN_OK);
	CHECK(k.n == 1 && strcmp(k.v[0].body, "x < y &unknown; A") == 0);
	sink_free(&k);
	const char sg[] = "<REUTERS NEWID=\"9\"><TEXT><BODY>b</BODY></TEXT></REUTERS>";
	CHECK_INT(read_buf(sg, sizeof sg - 1, "-", NULL, &k, NULL), FIN_OK);
	CHECK(k.n == 1 && strcmp(k.v[0].id, "9") == 0);
	sink_free(&k);

	/* A forced format wins over the extension. */
	fin_source_opts o;
	memset(&o, 0, sizeof o);
	o.format = FIN_FMT_TEXT;
	CHECK_INT(read_buf(jl, sizeof jl - 1, "x.jsonl", &o, &k, NULL), FIN_OK);
	CHECK_INT(k.n, 1);
	sink_free(&k);
}

static void test_limits_and_stop(void)
{
	sink k;
	memset(&k, 0, sizeof k);
	fin_source_opts o;
	memset(&o, 0, sizeof o);
	o.max_article_bytes = 40;
	fin_source_stats st;
	memset(&st, 0, sizeof st);
	const char jl[] = "{\"body\": \"short\"}\n{\"body\": \"this line is far too long for the limit\"}\n"
			  "{\"body\": \"ok\"}\n";
	CHECK_INT(read_buf(jl, sizeof jl - 1, "l.jsonl", &o, &k, &st), FIN_OK);
	CHECK_INT(k.n, 2);
	CHECK_INT(st.articles_skipped, 1);
	CHECK(has_diag(&k, "l.jsonl:2: article of ", "over the limit (40)"));
	sink_free(&k);

	const char txt[] = "a text file that is longer than forty bytes in total";
	memset(&st, 0, sizeof st);
	CHECK_INT(read_buf(txt, sizeof txt - 1, "t.txt", &o, &k, &st), FIN_OK);
	CHECK_INT(k.n, 0);
	CHECK_INT(st.articles_skipped, 1);
	CHECK(has_diag(&k, "t.txt:1: article of 52 bytes", NULL));
	sink_free(&k);

	/* The callback stops the read. */
	k.stop_after = 1;
	memset(&st, 0, sizeof st);
	CHECK_INT(read_path(FIX "/walk", NULL, &k, &st), FIN_ESTOP);
	CHECK_INT(k.n, 1);
	CHECK_INT(st.articles, 1);
	sink_free(&k);
}

/* JSON Lines through a stream: many chunks, a line over the limit that is
 * resynchronised at the next newline, and a last line without newline. */
static void test_stream(void)
{
	FILE *f = tmpfile();
	CHECK(f != NULL);
	if (!f)
		return;
	long n = 40000;
	for (long i = 1; i <= n; i++) {
		if (i == 777) {
			fputs("{\"body\": \"", f);
			for (int j = 0; j < 300000; j++)
				fputc('x', f);
			fputs("\"}\n", f);
		} else {
			fprintf(f, "{\"id\": \"n%ld\", \"body\": \"line %ld of the stream\"}%s", i, i,
				i == n ? "" : "\n");
		}
	}
	rewind(f);
	sink k;
	memset(&k, 0, sizeof k);
	k.count_only = 1;
	fin_source_opts o;
	memset(&o, 0, sizeof o);
	o.max_article_bytes = 100000;
	fin_source_stats st;
	memset(&st, 0, sizeof st);
	fin_source_cb cb = {on_article, on_diag, &k};
	CHECK_INT(fin_source_read_stream(f, "-", &o, &cb, &st), FIN_OK);
	CHECK_INT(k.counted, n - 1);
	CHECK_STR(k.first_id, "n1");
	CHECK_STR(k.last_id, "n40000");
	CHECK_INT(st.articles_skipped, 1);
	CHECK(has_diag(&k, "-:777: article of 300012 bytes", NULL));
	CHECK_INT(st.files, 1);
	CHECK_INT((long)st.bytes, ftell(f));
	fclose(f);

	/* A sniffed whole-file format through a stream. */
	f = tmpfile();
	CHECK(f != NULL);
	if (!f)
		return;
	fputs("---\ntitle: From a pipe\ndate: 2025-11-03\n---\nPiped body.\n", f);
	rewind(f);
	memset(&k, 0, sizeof k);
	CHECK_INT(fin_source_read_stream(f, "-", NULL, &cb, NULL), FIN_OK);
	CHECK_INT(k.n, 1);
	if (k.n == 1) {
		CHECK_STR(k.v[0].title, "From a pipe");
		CHECK_STR(k.v[0].published, "2025-11-03");
		CHECK_STR(k.v[0].body, "Piped body.");
		CHECK_STR(k.v[0].source, "-");
	}
	sink_free(&k);
	fclose(f);
}

/* JSON Lines: a Windows-1252 line is recoded and flagged alone; the file
 * warns and counts once. */
static void test_jsonl_recode(void)
{
	sink k;
	memset(&k, 0, sizeof k);
	fin_source_stats st;
	memset(&st, 0, sizeof st);
	const char jl[] = "{\"id\": \"a\", \"body\": \"cost \xA3" "5\"}\r\n"
			  "{\"id\": \"b\", \"body\": \"cost \xC2\xA3" "6\"}\r\n"
			  "{\"id\": \"c\", \"body\": \"\x80" "7\"}\n";
	CHECK_INT(read_buf(jl, sizeof jl - 1, "enc.jsonl", NULL, &k, &st), FIN_OK);
	CHECK_INT(k.n, 3);
	if (k.n == 3) {
		CHECK_STR(k.v[0].body, "cost \xC2\xA3" "5");
		CHECK(k.v[0].flags & FIN_ARTICLE_RECODED);
		CHECK_STR(k.v[1].body, "cost \xC2\xA3" "6");
		CHECK_INT(k.v[1].flags, 0);
		CHECK_STR(k.v[2].body, "\xE2\x82\xAC" "7");
		CHECK(k.v[2].flags & FIN_ARTICLE_RECODED);
	}
	CHECK_INT(st.recoded, 1);
	CHECK_INT(n_sev(&k, FIN_SEV_WARNING), 1);
	sink_free(&k);
}

/* Every allocation failing in turn: the readers return FIN_ENOMEM (or
 * succeed), never crash; run under the sanitizers this also finds leaks. */
static void test_oom(void)
{
	static const struct {
		const char *name, *data;
	} inputs[] = {
		{"a.md", "---\ntitle: T\ntags: [a, b]\nx: y\n---\n\nBody $5\n"},
		{"a.jsonl", "{\"id\": 1, \"body\": \"b\", \"k\": \"v\", \"t\": [\"x\"]}\n{\"body\": \"c\"}\n"},
		{"a.json", "[{\"body\": \"b\"}, {\"body\": \"c\"}]"},
		{"a.sgm", "<REUTERS NEWID=\"1\"><DATE>1-MAR-1987</DATE><TOPICS><D>x</D></TOPICS>"
			  "<TEXT><TITLE>T &amp; U</TITLE><BODY>B\n Reuter\n&#3;</BODY></TEXT></REUTERS>"},
		{"a.html", "<title>T</title><h1>H</h1><p>a &pound;5</p>"},
		{"a.txt", "Title\n\nBody \xA3" "5\n"},
	};
	for (size_t i = 0; i < sizeof inputs / sizeof inputs[0]; i++) {
		int ok = 1;
		for (long n = 1; n < 60; n++) {
			sink k;
			memset(&k, 0, sizeof k);
			fin_alloc_fail_after(n);
			int rc = read_buf(inputs[i].data, strlen(inputs[i].data), inputs[i].name, NULL, &k,
					  NULL);
			fin_alloc_fail_after(0);
			if (rc != FIN_OK && rc != FIN_ENOMEM)
				ok = 0;
			sink_free(&k);
		}
		CHECK(ok);
		sink k;
		memset(&k, 0, sizeof k);
		CHECK_INT(read_buf(inputs[i].data, strlen(inputs[i].data), inputs[i].name, NULL, &k, NULL),
			  FIN_OK);
		CHECK_INT(k.n, strstr(inputs[i].name, "json") ? 2 : 1);
		sink_free(&k);
	}
}

static void test_fs_errors(void)
{
	char dir[] = "/tmp/fin_src_XXXXXX";
	CHECK(mkdtemp(dir) != NULL);
	char sub[256], loop[256], txt[256], fifo[256], unk[256];
	snprintf(sub, sizeof sub, "%s/sub", dir);
	snprintf(loop, sizeof loop, "%s/sub/loop", dir);
	snprintf(txt, sizeof txt, "%s/sub/x.txt", dir);
	snprintf(fifo, sizeof fifo, "%s/pipe.txt", dir);
	snprintf(unk, sizeof unk, "%s/story.dat", dir);
	CHECK(mkdir(sub, 0700) == 0);
	write_file(txt, "hello\n", 6);
	CHECK(symlink("..", loop) == 0);
	CHECK(mkfifo(fifo, 0600) == 0);

	/* The loop is reported and not followed; the FIFO inside a walk is
	 * skipped with a warning (never opened); the walk ends. */
	sink k;
	memset(&k, 0, sizeof k);
	fin_source_stats st;
	memset(&st, 0, sizeof st);
	CHECK_INT(read_path(dir, NULL, &k, &st), FIN_OK);
	CHECK_INT(k.n, 1);
	CHECK(has_diag(&k, "loop", "loop"));
	CHECK(has_diag(&k, "pipe.txt", "not a regular file: skipped"));
	CHECK_INT(n_sev(&k, FIN_SEV_WARNING), 2);
	CHECK_INT(st.files_failed, 0);
	sink_free(&k);

	/* A FIFO named explicitly is an error, not a hang. */
	memset(&st, 0, sizeof st);
	CHECK(read_path(fifo, NULL, &k, &st) < 0);
	CHECK_INT(st.files_failed, 1);
	CHECK(has_diag(&k, "pipe.txt", "not a regular file"));
	sink_free(&k);

	/* A missing path. */
	memset(&st, 0, sizeof st);
	CHECK_INT(read_path("/nonexistent/finfig/x.txt", NULL, &k, &st), FIN_ENOTFOUND);
	CHECK_INT(st.files_failed, 1);
	sink_free(&k);

	/* An unknown extension named explicitly is sniffed. */
	write_file(unk, "{\"body\": \"sniffed\"}\n", 20);
	CHECK_INT(read_path(unk, NULL, &k, NULL), FIN_OK);
	CHECK(k.n == 1 && strcmp(k.v[0].id, "story.dat:1") == 0);
	sink_free(&k);

	/* Limits on regular files: one article, and a many-article file. */
	fin_source_opts o;
	memset(&o, 0, sizeof o);
	o.max_article_bytes = 40;
	char big[700];
	memset(big, 'x', sizeof big);
	char bigtxt[256], bigsgm[256];
	snprintf(bigtxt, sizeof bigtxt, "%s/big.txt", dir);
	snprintf(bigsgm, sizeof bigsgm, "%s/big.sgm", dir);
	write_file(bigtxt, big, 100);
	write_file(bigsgm, big, sizeof big);
	memset(&st, 0, sizeof st);
	CHECK_INT(read_path(bigtxt, &o, &k, &st), FIN_OK);
	CHECK_INT(st.articles_skipped, 1);
	CHECK(has_diag(&k, "big.txt:1: article of 100 bytes over the limit (40)", NULL));
	memset(&st, 0, sizeof st);
	CHECK(read_path(bigsgm, &o, &k, &st) < 0);
	CHECK_INT(st.files_failed, 1);
	CHECK(has_diag(&k, "big.sgm", "file of 700 bytes over the limit (640)"));
	CHECK_INT(st.bytes, 700);
	sink_free(&k);
	unlink(bigtxt);
	unlink(bigsgm);

	/* An unreadable file (when not running as root). */
	if (geteuid() != 0) {
		chmod(txt, 0);
		memset(&st, 0, sizeof st);
		CHECK(read_path(txt, NULL, &k, &st) < 0);
		CHECK_INT(st.files_failed, 1);
		sink_free(&k);
	}
	unlink(unk);
	unlink(txt);
	unlink(loop);
	unlink(fifo);
	rmdir(sub);
	rmdir(dir);
}

/* ---------------------------------------------------------------------- */
/* Real corpora                                                           */
/* ---------------------------------------------------------------------- */

static void test_corpora(const char *shared)
{
	char path[1024];
	sink k;
	memset(&k, 0, sizeof k);
	snprintf(path, sizeof path, "%s/corpora/seed/2025-11-03-openai-aws.md", shared);
	CHECK_INT(read_path(path, NULL, &k, NULL), FIN_OK);
	CHECK_INT(k.n, 1);
	if (k.n == 1) {
		CHECK_STR(k.v[0].id, "2025-11-03-openai-aws");
		CHECK_STR(k.v[0].published, "2025-11-03");
		CHECK_STR(k.v[0].title,
			  "Breaking: ChatGPT owner OpenAI signs $38bn cloud computing deal with Amazon");
		CHECK(strstr(k.v[0].meta, "author=badely;") != NULL);
		CHECK(strncmp(k.v[0].body, "Experts revealed that OpenAI", 28) == 0);
	}
	sink_free(&k);

	snprintf(path, sizeof path, "%s/corpora/bbc-business/001.txt", shared);
	CHECK_INT(read_path(path, NULL, &k, NULL), FIN_OK);
	CHECK(k.n == 1 && strcmp(k.v[0].title, "Ad sales boost Time Warner profit") == 0);
	CHECK(k.n == 1 && strncmp(k.v[0].body, "Quarterly profits", 17) == 0);
	CHECK(k.n == 1 && strcmp(k.v[0].id, "001") == 0);
	sink_free(&k);

	fin_source_stats st;
	memset(&st, 0, sizeof st);
	k.count_only = 1;
	/* The 22 story files (the directory also holds README and lists). */
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (int i = 0; i < 22; i++) {
		snprintf(path, sizeof path, "%s/corpora/reuters21578/reut2-%03d.sgm", shared, i);
		CHECK_INT(read_path(path, NULL, &k, &st), FIN_OK);
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	double secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	printf("reuters: %ld articles, %ld files, %.0f MB in %.3f s\n", k.counted, st.files,
	       (double)st.bytes / 1e6, secs);
	CHECK_INT(k.counted, 21578);
	CHECK_INT(st.files, 22);
	CHECK_INT(st.articles_skipped, 0);
	CHECK_INT(n_sev(&k, FIN_SEV_ERROR), 0);
	CHECK_STR(k.first_id, "1");
	CHECK_STR(k.last_id, "21578");
	memset(&k, 0, sizeof k);

	memset(&st, 0, sizeof st);
	k.count_only = 1;
	snprintf(path, sizeof path, "%s/corpora/bbc-all.jsonl", shared);
	CHECK_INT(read_path(path, NULL, &k, &st), FIN_OK);
	CHECK_INT(k.counted, 2225);
	CHECK_STR(k.first_id, "business/001");
	CHECK_INT(n_sev(&k, FIN_SEV_ERROR), 0);
}

int main(void)
{
	test_format_names();
	test_walk();
	test_latin1();
	test_jsonl_errors();
	test_fields();
	test_markdown();
	test_sgml();
	test_sniff_and_encoding();
	test_limits_and_stop();
	test_stream();
	test_jsonl_recode();
	test_oom();
	test_fs_errors();
	const char *shared = getenv("FINFIG_SHARED");
	struct stat sb;
	char corp[1024];
	snprintf(corp, sizeof corp, "%s/corpora", shared ? shared : "");
	if (shared && stat(corp, &sb) == 0 && S_ISDIR(sb.st_mode))
		test_corpora(shared);
	else
		printf("skipped: real corpora (FINFIG_SHARED not set or no corpora there)\n");
	return check_done();
}
