/*
 * fuzz_money.c — the money grammar on raw bytes: the input (any bytes, not
 * necessarily UTF-8) is the body of an article; it is lexed and scanned for
 * amounts. Every mention must lie inside the text, name a currency of at
 * most three letters, point its restatement at an earlier mention and
 * print as a plain decimal.
 */
#include "fuzz.h"

#include "internal.h"

#include <string.h>

/* Tables built once per process (the fuzzer calls the target millions of
 * times); reachable until exit, so no leak is reported. */
static fin_currency_table *cur;
static fin_money_scanner *scanner;

/* Check one mention of a body of len bytes holding n mentions. */
static void check_money(const fin_money *m, size_t idx, size_t n, size_t len)
{
	char buf[FIN_DECIMAL_MAXLEN];
	FUZZ_CHECK(m->field == FIN_FIELD_BODY);
	FUZZ_CHECK(m->start < m->end && m->end <= len);
	FUZZ_CHECK(m->sent_start <= m->start && m->end <= m->sent_end && m->sent_end <= len);
	FUZZ_CHECK(memchr(m->currency, '\0', sizeof m->currency) != NULL);
	FUZZ_CHECK(strlen(m->currency) <= 3);
	FUZZ_CHECK(m->equivalent_of == -1 ||
		   (m->equivalent_of >= 0 && (size_t)m->equivalent_of < n && (size_t)m->equivalent_of != idx));
	if (m->is_range) {
		FUZZ_CHECK(fin_decimal_format(m->min, buf, sizeof buf) > 0);
		FUZZ_CHECK(fin_decimal_format(m->max, buf, sizeof buf) > 0);
	} else {
		FUZZ_CHECK(fin_decimal_format(m->value, buf, sizeof buf) > 0);
	}
}

/* See fuzz.h. The body is a NUL-terminated copy (as readers hand it). */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fin_error err;
	if (!cur) {
		if (fin_currency_table_new(&cur, NULL, &err) || fin_money_scanner_new(&scanner, cur, &err))
			abort();
	}
	char *text = malloc(size + 1);
	if (!text)
		return 0;
	if (size)
		memcpy(text, data, size);
	text[size] = '\0';
	fin_arena arena;
	fin_arena_init(&arena, 64 * 1024);
	fin_tokens empty = {NULL, 0, 0}, toks;
	if (fin_lex(&arena, text, size, &toks) == FIN_OK) {
		for (size_t i = 0; i < toks.n; i++) {
			FUZZ_CHECK(toks.v[i].start < toks.v[i].end && toks.v[i].end <= size);
			FUZZ_CHECK(i == 0 || toks.v[i - 1].end <= toks.v[i].start);
		}
		fin_currency_ctx ctx;
		/* A date in 1987 makes the currency-of-the-time rules run. */
		fin_ymd published = {1987, 3, 2};
		fin_currency_ctx_init(&ctx, "", &empty, text, &toks, published);
		fin_money *mv = NULL;
		size_t n = 0, cap = 0;
		long overflows = 0;
		if (fin_money_scan(scanner, &arena, text, &toks, FIN_FIELD_BODY, &ctx, &mv, &n, &cap,
				   &overflows) == FIN_OK) {
			FUZZ_CHECK(overflows >= 0);
			for (size_t i = 0; i < n; i++)
				check_money(&mv[i], i, n, size);
		}
	}
	fin_arena_free(&arena);
	free(text);
	return 0;
}
