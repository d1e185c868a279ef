/*
 * test_core.c — unit tests for the core modules: exact decimals, the buffer,
 * UTF-8 and Windows-1252, the lexer and its sentence starts, the currency
 * table (forms, rules, the currency of the time).
 */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "internal.h"
#include "out.h"

static const char *fmt(fin_decimal d)
{
	static char b[FIN_DECIMAL_MAXLEN];
	if (!fin_decimal_format(d, b, sizeof b))
		return "(too long)";
	return b;
}

static void test_decimal(void)
{
	fin_decimal d, r;
	CHECK(fin_decimal_parse("1.13", 4, &d) == FIN_OK);
	CHECK(fin_decimal_mul(d, (fin_decimal){1, 9}, &r) == FIN_OK);
	CHECK_STR(fmt(r), "1130000000");
	CHECK(fin_decimal_parse("0.125", 5, &d) == FIN_OK);
	CHECK_STR(fmt(d), "0.125");
	CHECK(fin_decimal_parse("72.625", 6, &d) == FIN_OK);
	CHECK_STR(fmt(d), "72.625");
	CHECK(fin_decimal_parse("2.50", 4, &d) == FIN_OK);
	CHECK_STR(fmt(d), "2.5");
	CHECK_STR(fmt((fin_decimal){0, 5}), "0");
	CHECK_STR(fmt((fin_decimal){-15, -2}), "-0.15");
	CHECK(fin_decimal_add((fin_decimal){11, 0}, (fin_decimal){625, -3}, &r) == FIN_OK);
	CHECK_STR(fmt(r), "11.625");
	CHECK(fin_decimal_cmp((fin_decimal){1, 3}, (fin_decimal){1000, 0}) == 0);
	CHECK(fin_decimal_cmp((fin_decimal){999, 0}, (fin_decimal){1, 3}) < 0);
	CHECK(fin_decimal_cmp((fin_decimal){-1, 0}, (fin_decimal){0, 0}) < 0);
	/* Overflow is reported, never wrapped. */
	CHECK(fin_decimal_mul((fin_decimal){INT64_MAX / 2, 0}, (fin_decimal){3, 0}, &r) == FIN_EOVERFLOW);
	CHECK(fin_decimal_parse("99999999999999999999999", 23, &d) == FIN_EOVERFLOW);
	CHECK(fin_decimal_parse("1e9", 3, &d) == FIN_OK);
	CHECK_STR(fmt(d), "1000000000");
	CHECK(fin_decimal_parse("abc", 3, &d) == FIN_EPARSE);
	/* A value whose plain form is too long is refused by the formatter. */
	char small[8];
	CHECK(fin_decimal_format((fin_decimal){1, 30}, small, sizeof small) == 0);
	/* Printable: the plain form fits FIN_DECIMAL_MAXLEN (64) with its NUL.
	 * 1e-72 is "0." and 72 digits: no; 1e-50, 52 characters: yes; a
	 * 19-digit integer with 40 zeros, 59 characters: yes; with 44, no. */
	char buf[FIN_DECIMAL_MAXLEN];
	CHECK(!fin_decimal_printable((fin_decimal){1, -72}));
	CHECK(fin_decimal_printable((fin_decimal){1, -50}));
	CHECK(fin_decimal_format((fin_decimal){1, -50}, buf, sizeof buf) == 52);
	CHECK(fin_decimal_printable((fin_decimal){INT64_MAX, 40}));
	CHECK(!fin_decimal_printable((fin_decimal){INT64_MAX, 44}));
	CHECK(fin_decimal_printable((fin_decimal){1000, 0}));
	/* The same answer as the formatter's, on both sides of the bound. */
	for (int32_t e = -70; e <= 70; e++)
		CHECK(fin_decimal_printable((fin_decimal){-7, e}) ==
		      (fin_decimal_format((fin_decimal){-7, e}, buf, sizeof buf) > 0));
}

static void test_buf_utf8(void)
{
	fin_buf b;
	fin_buf_init(&b, 16);
	CHECK(fin_buf_puts(&b, "0123456789") == FIN_OK);
	CHECK(fin_buf_puts(&b, "0123456789") == FIN_ETOOBIG); /* over the cap: sticky */
	CHECK(fin_buf_putc(&b, 'x') == FIN_ETOOBIG);
	CHECK_INT(b.len, 10);
	fin_buf_free(&b);
	CHECK(fin_utf8_valid("\xc2\xa3" "5", 3));
	CHECK(!fin_utf8_valid("\xa3" "5", 2));
	CHECK(!fin_utf8_valid("\xc0\xaf", 2));       /* overlong */
	CHECK(!fin_utf8_valid("\xed\xa0\x80", 3));   /* surrogate */
	fin_buf_init(&b, 0);
	CHECK(fin_cp1252_to_utf8(&b, "\xa3" "5 \x80", 4) == FIN_OK);
	CHECK_STR(b.ptr, "\xc2\xa3" "5 \xe2\x82\xac");
	fin_buf_free(&b);
	fin_ymd d;
	CHECK(fin_ymd_parse("2025-11-03T17:45:20", 19, &d) == FIN_OK);
	char t[11];
	fin_ymd_format(d, t);
	CHECK_STR(t, "2025-11-03");
	CHECK(fin_ymd_parse("2025-02-30", 10, &d) == FIN_EPARSE);
}

static size_t lex(fin_arena *a, const char *text, fin_tokens *t)
{
	CHECK(fin_lex(a, text, strlen(text), t) == FIN_OK);
	return t->n;
}

static const char *tokstr(const char *text, const fin_tokens *t, size_t i)
{
	static char b[64];
	snprintf(b, sizeof b, "%.*s", (int)(t->v[i].end - t->v[i].start), text + t->v[i].start);
	return b;
}

static void test_lex(void)
{
	fin_arena a;
	fin_arena_init(&a, 0);
	fin_tokens t;
	const char *s1 = "OpenAI signed a $38bn (\xc2\xa3" "29bn) deal; 1,234.5 and .125 dlrs.";
	lex(&a, s1, &t);
	CHECK_STR(tokstr(s1, &t, 3), "$");
	CHECK_INT(t.v[3].kind, FIN_TOK_SYM);
	CHECK_STR(tokstr(s1, &t, 4), "38");
	CHECK_INT(t.v[4].kind, FIN_TOK_NUM);
	CHECK_STR(tokstr(s1, &t, 5), "bn");
	CHECK(!(t.v[5].flags & FIN_TF_SPACE_BEFORE));
	CHECK_STR(tokstr(s1, &t, 7), "\xc2\xa3");
	CHECK_INT(t.v[7].kind, FIN_TOK_SYM);
	CHECK_STR(tokstr(s1, &t, 13), "1,234.5");
	CHECK_STR(tokstr(s1, &t, 15), ".125");
	CHECK_INT(t.v[15].kind, FIN_TOK_NUM);
	/* Sentences: "Inc." and "U.S." do not end one; "Inc. The" does. */
	const char *s2 = "Acme Inc. said U.S. sales rose. Acme Inc. The company said so.";
	lex(&a, s2, &t);
	size_t starts = 0;
	for (size_t i = 0; i < t.n; i++)
		if (t.v[i].flags & FIN_TF_SENT_START)
			starts++;
	CHECK_INT(starts, 3);
	uint32_t ss, se;
	fin_lex_sentence(&t, 5, &ss, &se);
	CHECK_INT(ss, 0);
	CHECK_INT(se, 31);
	/* Reuters paragraphs: an indented line starts a paragraph. */
	const char *s3 = "First line\n    Second para";
	lex(&a, s3, &t);
	CHECK(t.v[2].flags & FIN_TF_PARA_BEFORE);
	/* FIN_TF_UPPER: a word with an ASCII capital anywhere, in every
	 * branch of the lexer (eight-byte runs, the byte loop, a word that
	 * starts with a non-ASCII letter, a capital after one). */
	const char *s4 = "eBay apple Acme internationalisationX xylophonesandmoreZ "
			 "\xc3\xa9" "cole \xc3\x89" "cole \xc3\xa9" "coLe na\xc3\xafve na\xc3\xafveT IBM 3M";
	lex(&a, s4, &t);
	static const bool upper[] = {true, false, true, true, true, false, false, true, false, true, true, false, true};
	CHECK_INT(t.n, sizeof upper / sizeof upper[0]);
	for (size_t i = 0; i < t.n && i < sizeof upper / sizeof upper[0]; i++)
		CHECK_INT(!!(t.v[i].flags & FIN_TF_UPPER), upper[i]);
	CHECK(t.v[2].flags & FIN_TF_CAP);
	CHECK(!(t.v[2].flags & FIN_TF_ALLCAPS));
	CHECK(t.v[10].flags & FIN_TF_ALLCAPS);
	/* FIN_TF_OPENER: '<' and '(', and a number with a word glued after
	 * it, ASCII or not; not a spaced number, one before a sign, nor the
	 * last token. */
	const char *s5 = "<A> (B) 3M 4TH 5 mln 6\xc3\xa9t 7$ [8] 9";
	lex(&a, s5, &t);
	static const bool opener[] = {true, false, false, true, false, false, true, false, true, false,
				      false, false, true, false, false, false, false, false, false, false};
	CHECK_INT(t.n, sizeof opener / sizeof opener[0]);
	for (size_t i = 0; i < t.n && i < sizeof opener / sizeof opener[0]; i++)
		CHECK_INT(!!(t.v[i].flags & FIN_TF_OPENER), opener[i]);
	fin_arena_free(&a);
}

static void test_currency(void)
{
	fin_currency_table *ct;
	fin_error err;
	CHECK(fin_currency_table_new(&ct, NULL, &err) == FIN_OK);
	if (!ct)
		return;
	CHECK(fin_currency_is_code(ct, "USD"));
	CHECK(fin_currency_is_code(ct, "DEM"));
	CHECK(!fin_currency_is_code(ct, "QQQ"));
	fin_arena a;
	fin_arena_init(&a, 0);
	fin_tokens t;
	size_t n;
	const char *s = "U.S. dlrs, HK$ 5, Swiss francs, ALL 5";
	lex(&a, s, &t);
	const fin_currency_form *f = fin_currency_match(ct, s, &t, 0, &n);
	CHECK(f && strcmp(f->code, "USD") == 0);
	CHECK_INT(n, 5); /* U . S . dlrs */
	f = fin_currency_match(ct, s, &t, 6, &n);
	CHECK(f && strcmp(f->code, "HKD") == 0);
	f = fin_currency_match(ct, s, &t, 10, &n);
	CHECK(f && strcmp(f->code, "CHF") == 0);
	CHECK(fin_currency_match(ct, s, &t, 13, &n) == NULL); /* "ALL" is a word here */
	/* Rules and the currency of the time. */
	const char *body = "The Swedish company paid 5 mln crowns.";
	lex(&a, body, &t);
	fin_currency_ctx ctx;
	fin_ymd d1987 = {1987, 3, 1}, d2005 = {2005, 3, 1};
	fin_currency_ctx_init(&ctx, "", NULL, body, &t, d1987);
	f = fin_currency_match(ct, body, &t, 6, &n);
	CHECK(f != NULL);
	char code[4];
	if (f) {
		fin_currency_resolve(ct, f, &ctx, code);
		CHECK_STR(code, "SEK");
	}
	const char *fr = "It paid 5 mln francs.";
	lex(&a, fr, &t);
	f = fin_currency_match(ct, fr, &t, 4, &n);
	CHECK(f != NULL);
	if (f) {
		fin_currency_ctx_init(&ctx, "", NULL, fr, &t, d1987);
		fin_currency_resolve(ct, f, &ctx, code);
		CHECK_STR(code, "FRF");
		fin_currency_ctx_init(&ctx, "", NULL, fr, &t, d2005);
		fin_currency_resolve(ct, f, &ctx, code);
		CHECK_STR(code, "CHF");
	}
	const char *eu = "5 mln euros";
	lex(&a, eu, &t);
	f = fin_currency_match(ct, eu, &t, 2, &n);
	if (f) {
		fin_ymd d1990 = {1990, 1, 1};
		fin_currency_ctx_init(&ctx, "", NULL, eu, &t, d1990);
		fin_currency_resolve(ct, f, &ctx, code);
		CHECK_STR(code, "XEU");
	}
	fin_arena_free(&a);
	fin_currency_table_free(ct);
}

/* Every allocation of building the tables and extracting one article may
 * fail: the library reports FIN_ENOMEM and leaks nothing (ASan checks). */
static void test_oom(void)
{
	fin_article art;
	memset(&art, 0, sizeof art);
	art.id = "x";
	art.source = "x";
	art.title = "";
	art.body = "Acme paid $38bn (\xc2\xa3" "29bn), or 45 dlrs a share, between 10 and 12 dlrs.";
	art.body_len = strlen(art.body);
	int ok_runs = 0;
	for (long nth = 1; nth < 400; nth++) {
		fin_extractor *x = NULL;
		fin_doc *doc = NULL;
		fin_error err;
		fin_alloc_fail_after(nth);
		int rc = fin_extractor_new(&x, NULL, &err);
		if (rc == FIN_OK)
			rc = fin_doc_new(&doc);
		fin_result r;
		if (rc == FIN_OK)
			rc = fin_extract(x, doc, &art, &r, &err);
		fin_alloc_fail_after(0);
		CHECK(rc == FIN_OK || rc == FIN_ENOMEM);
		if (rc == FIN_OK) {
			ok_runs++;
			CHECK_INT(r.n_money, 4); /* the range is one mention */
		}
		fin_doc_free(doc);
		fin_extractor_free(x);
		if (rc == FIN_OK)
			break;
	}
	CHECK(ok_runs == 1);
}

/* The JSON string writer (eight bytes at a time) against a byte-by-byte
 * reference of the same rules, on random strings of the bytes that matter:
 * spaces, line breaks, tabs, quotes, backslashes, controls, DEL, UTF-8. */
static void ref_json_str(fin_buf *b, const char *s, size_t n, int collapse_ws)
{
	fin_buf_putc(b, '"');
	bool in_space = false;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (collapse_ws && fin_is_space(c)) {
			if (!in_space)
				fin_buf_putc(b, ' ');
			in_space = true;
			continue;
		}
		in_space = false;
		char e[8];
		if (c == '"')
			fin_buf_puts(b, "\\\"");
		else if (c == '\\')
			fin_buf_puts(b, "\\\\");
		else if (c == '\n')
			fin_buf_puts(b, "\\n");
		else if (c == '\t')
			fin_buf_puts(b, "\\t");
		else if (c == '\r')
			fin_buf_puts(b, "\\r");
		else if (c < 0x20 || c == 0x7F) {
			snprintf(e, sizeof e, "\\u%04x", c);
			fin_buf_puts(b, e);
		} else
			fin_buf_putc(b, (char)c);
	}
	fin_buf_putc(b, '"');
}

static void test_json_str(void)
{
	static const unsigned char alphabet[] = {' ', ' ', ' ', 'a', 'b', 'c', 'd', '\n', '\t', '\r', '\v',
						 '"', '\\', 0x01, 0x1F, 0x7F, 0xC3, 0xA9, '!', '0'};
	unsigned seed = 12345;
	int mismatches = 0;
	for (int iter = 0; iter < 20000; iter++) {
		char s[64];
		seed = seed * 1103515245u + 12345u;
		size_t n = (seed >> 16) % sizeof s;
		for (size_t i = 0; i < n; i++) {
			seed = seed * 1103515245u + 12345u;
			s[i] = (char)alphabet[(seed >> 16) % sizeof alphabet];
		}
		for (int collapse = 0; collapse < 2; collapse++) {
			fin_buf got, want;
			fin_buf_init(&got, 0);
			fin_buf_init(&want, 0);
			fin_out_json_str(&got, s, n, collapse);
			ref_json_str(&want, s, n, collapse);
			if (got.len != want.len || memcmp(got.ptr, want.ptr, got.len) != 0)
				mismatches++;
			fin_buf_free(&got);
			fin_buf_free(&want);
		}
	}
	CHECK_INT(mismatches, 0);
	fin_buf b;
	fin_buf_init(&b, 0);
	const char *t = "a  b \n\n c\td \"e\" ";
	fin_out_json_str(&b, t, strlen(t), 1);
	CHECK_STR(b.ptr, "\"a b c d \\\"e\\\" \"");
	fin_buf_free(&b);
}

/* One JSON escape, after its backslash (RFC 8259, section 7). */
static const char *esc(const char *in, fin_buf *b)
{
	fin_buf_clear(b);
	const char *r = fin_json_escape(b, in, in + strlen(in));
	fin_buf_append(b, "", 0);
	return r;
}

static void test_json_escape(void)
{
	fin_buf b;
	fin_buf_init(&b, 0);
	const char *in = "nrest";
	CHECK(esc(in, &b) == in + 1);
	CHECK_STR(b.ptr, "\n");
	CHECK(esc("/", &b) != NULL);
	CHECK_STR(b.ptr, "/");
	CHECK(esc("u00e9x", &b) != NULL);
	CHECK_STR(b.ptr, "\xC3\xA9");
	in = "ud83d\\ude00!";
	CHECK(esc(in, &b) == in + 11); /* "ud83d" and "\\ude00" */
	CHECK_STR(b.ptr, "\xF0\x9F\x98\x80");
	CHECK(esc("udc00", &b) == NULL);       /* a lone low surrogate */
	CHECK(esc("ud83dx", &b) == NULL);      /* a high one without its pair */
	CHECK(esc("u12", &b) == NULL);         /* cut short */
	CHECK(esc("u12g4", &b) == NULL);       /* not hex */
	CHECK(esc("x", &b) == NULL);
	CHECK(esc("", &b) == NULL);
	fin_buf_free(&b);
}

/* A key set holds 127 words (one slot stays empty), finds each
 * case-insensitively, refuses the 128th, and tells nothing else is in. */
static void test_keyset(void)
{
	static fin_keyset ks;
	char w[3] = {0, 0, 0};
	int added = 0, refused = 0;
	for (int i = 0; i < 130; i++) {
		w[0] = (char)('a' + i / 26);
		w[1] = (char)('a' + i % 26);
		if (fin_keyset_add(&ks, w, i))
			added++;
		else
			refused++;
	}
	CHECK_INT(added, FIN_KEY_SLOTS - 1);
	CHECK_INT(refused, 130 - (FIN_KEY_SLOTS - 1));
	CHECK_INT(fin_keyset_get(&ks, "AB", 2), 1);
	CHECK_INT(fin_keyset_get_in(&ks, "dz and more", 2, 11), 3 * 26 + 25);
	CHECK_INT(fin_keyset_get(&ks, "ez", 2), -1); /* the 130th, refused */
	CHECK_INT(fin_keyset_get(&ks, "zz", 2), -1);
	CHECK_INT(fin_keyset_get(&ks, "abc", 3), -1);
	CHECK(fin_keyset_add(&ks, "ab", 99)); /* already there: kept as it was */
	CHECK_INT(fin_keyset_get(&ks, "ab", 2), 1);
}

int main(void)
{
	test_keyset();
	test_json_escape();
	test_json_str();
	test_decimal();
	test_buf_utf8();
	test_lex();
	test_currency();
	test_oom();
	return check_done();
}
