/*
 * fuzz_frontmatter.c — the Markdown reader with its YAML front matter
 * (libyaml): the input is one .md file. Whatever the bytes, the reader
 * yields at most one article, well formed (see fuzz_check_article), or
 * reports why not.
 */
#include "fuzz.h"

/* See fuzz.h. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	FUZZ_CHECK(fuzz_read_buffer(data, size, "post.md", FIN_FMT_MARKDOWN) <= 1);
	return 0;
}
