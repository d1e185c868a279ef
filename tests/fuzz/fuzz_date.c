/*
 * fuzz_date.c — the date grammar: the first three bytes choose the
 * publication date the relative expressions resolve against (byte 0 zero:
 * unknown), the rest is the body, lexed and scanned for dates. Every date
 * must lie inside the text and a resolved period must be a real calendar
 * span with its start not after its end.
 */
#include "fuzz.h"

#include "internal.h"

#include <string.h>

static fin_date_scanner *scanner; /* built once; reachable until exit */

/* A calendar day with a known year has a month and a day in range. */
static void check_ymd(fin_ymd d)
{
	if (!d.year)
		return;
	FUZZ_CHECK(d.month >= 1 && d.month <= 12);
	FUZZ_CHECK(d.day >= 1 && d.day <= 31);
}

/* -1, 0, 1 as a is before, equal to, after b. */
static int ymd_cmp(fin_ymd a, fin_ymd b)
{
	long ka = (long)a.year * 10000 + a.month * 100 + a.day;
	long kb = (long)b.year * 10000 + b.month * 100 + b.day;
	return ka < kb ? -1 : ka > kb;
}

/* See fuzz.h. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fin_error err;
	if (!scanner && fin_date_scanner_new(&scanner, &err))
		abort();
	if (size < 3)
		return 0;
	fin_ymd ref = {0, 0, 0};
	if (data[0]) {
		ref.year = (int16_t)(1900 + data[1] % 200);
		ref.month = (int8_t)(1 + data[2] % 12);
		ref.day = (int8_t)(1 + data[0] % 28);
	}
	data += 3;
	size -= 3;
	char *text = malloc(size + 1);
	if (!text)
		return 0;
	if (size)
		memcpy(text, data, size);
	text[size] = '\0';
	fin_arena arena;
	fin_arena_init(&arena, 64 * 1024);
	fin_tokens toks;
	if (fin_lex(&arena, text, size, &toks) == FIN_OK) {
		fin_date *dv = NULL;
		size_t n = 0, cap = 0;
		if (fin_date_scan(scanner, &arena, text, &toks, FIN_FIELD_BODY, ref, &dv, &n, &cap) == FIN_OK) {
			for (size_t i = 0; i < n; i++) {
				const fin_date *d = &dv[i];
				FUZZ_CHECK(d->field == FIN_FIELD_BODY);
				FUZZ_CHECK(d->start < d->end && d->end <= size);
				check_ymd(d->start_date);
				check_ymd(d->end_date);
				if (d->start_date.year && d->end_date.year)
					FUZZ_CHECK(ymd_cmp(d->start_date, d->end_date) <= 0);
			}
		}
	}
	fin_arena_free(&arena);
	free(text);
	return 0;
}
