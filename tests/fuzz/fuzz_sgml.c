/*
 * fuzz_sgml.c — the Reuters-21578 SGML reader: the input is one .sgm
 * file; every story it yields must be well formed (fuzz_check_article),
 * and there are never more stories than "<REUTERS" openings.
 */
#include "fuzz.h"

#include <string.h>

/* Occurrences of "<REUTERS" in data: an upper bound on the stories. */
static long count_openings(const uint8_t *data, size_t size)
{
	long n = 0;
	for (size_t i = 0; i + 8 <= size; i++)
		n += memcmp(data + i, "<REUTERS", 8) == 0;
	return n;
}

/* See fuzz.h. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	long n = fuzz_read_buffer(data, size, "reut2-000.sgm", FIN_FMT_SGML);
	FUZZ_CHECK(n <= count_openings(data, size));
	return 0;
}
