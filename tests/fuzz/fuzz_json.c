/*
 * fuzz_json.c — the JSON Lines and JSON array reader (jansson). The first
 * byte chooses the format (even: JSON Lines, odd: one JSON document), the
 * rest is the file. Articles must be well formed (fuzz_check_article) and a
 * JSON Lines file yields at most one article per line.
 */
#include "fuzz.h"

#include <string.h>

/* See fuzz.h. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	int lines = (data[0] & 1) == 0;
	data++;
	size--;
	long n = fuzz_read_buffer(data, size, lines ? "feed.jsonl" : "dump.json",
				  lines ? FIN_FMT_JSONL : FIN_FMT_JSON);
	if (lines) {
		long nl = 1;
		for (const uint8_t *p = data, *end = data + size; p < end; p++)
			nl += *p == '\n';
		FUZZ_CHECK(n <= nl);
	}
	return 0;
}
