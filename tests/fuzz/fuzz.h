/*
 * fuzz.h — what every fuzz target of tests/fuzz/ shares.
 *
 * A target is one C file defining LLVMFuzzerTestOneInput(). It is built
 * twice: with clang and -fsanitize=fuzzer (FINFIG_FUZZ=ON) for libFuzzer,
 * and with any compiler together with replay.c, a main() that feeds it the
 * files of a corpus directory (the CTest tests labelled "fuzz").
 *
 * A target never prints on success. It calls FUZZ_CHECK() on properties the
 * library promises (offsets inside the text, valid UTF-8 out of the readers,
 * records that parse as JSON); a broken promise aborts, which libFuzzer and
 * the replay driver both report as a failure with the input that caused it.
 */
#ifndef FIN_FUZZ_H
#define FIN_FUZZ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

/* The libFuzzer entry point: one input, 0 always (crashes are the signal). */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Abort with the failed condition when a promised property does not hold. */
#define FUZZ_CHECK(cond)                                                              \
	do {                                                                          \
		if (!(cond)) {                                                        \
			fprintf(stderr, "%s:%d: fuzz check failed: %s\n", __FILE__, __LINE__, #cond); \
			abort();                                                      \
		}                                                                     \
	} while (0)

#include "finfig.h"

/* Check what finfig.h and src/source/source.h promise of an article a
 * reader hands out: strings present and NUL-terminated at their lengths,
 * title and body valid UTF-8 without NUL bytes, meta pairs present. */
void fuzz_check_article(const fin_article *a);

/* Read articles from data[0..size) as file `name` in format fmt (no size
 * limit beyond the default), checking each with fuzz_check_article(). The
 * reader's own return code is not judged: bad input is data. Returns the
 * number of articles read. */
long fuzz_read_buffer(const uint8_t *data, size_t size, const char *name, fin_format fmt);

#endif /* FIN_FUZZ_H */
