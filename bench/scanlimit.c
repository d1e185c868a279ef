/*
 * scanlimit.c — the "scan limit": one PCRE2-JIT pass of a money-candidate
 * pattern over the given files, reporting bytes, matches and MB/s. finfig's
 * extraction is measured against this number (bench/run.sh).
 */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* The candidates of finfig's grammar: digits, currency signs, spelled-out
 * numbers, scale words and the common currency words and newswire forms.
 * Any money finder has to look at these, so one PCRE2-JIT pass over them is
 * the speed a regex scan reaches on this machine. */
static const char *pattern =
	"[0-9]+(?:[.,][0-9]+)*|[$\\x{a2}-\\x{a5}\\x{20a0}-\\x{20c0}\\x{5143}\\x{5186}]|"
	"\\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|"
	"fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|"
	"eighty|ninety|hundred|half|quarter|thousand|million|billion|trillion|mln|bln|bn|mn|tn|"
	"lakh|crore|dlrs?|dollars?|cts|cents?|euros?|pounds?|pence|stg|sterling|yen|yuan|marks|"
	"francs|lire|guilders|pesetas|crowns|rupees|usd|eur|gbp)\\b";

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	size_t cap = 1 << 20, n = 0;
	char *buf = malloc(cap);
	size_t r;
	while (buf && (r = fread(buf + n, 1, cap - n, f)) > 0) {
		n += r;
		if (n == cap) {
			char *nb = realloc(buf, cap * 2);
			if (!nb) {
				free(buf);
				buf = NULL;
				break;
			}
			buf = nb;
			cap *= 2;
		}
	}
	fclose(f);
	*len = n;
	return buf;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: fin_scanlimit FILE...\n");
		return 2;
	}
	int ec;
	PCRE2_SIZE eo;
	pcre2_code *re = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED,
				       PCRE2_UTF | PCRE2_CASELESS | PCRE2_NO_UTF_CHECK, &ec, &eo, NULL);
	if (!re || pcre2_jit_compile(re, PCRE2_JIT_COMPLETE) != 0) {
		fprintf(stderr, "fin_scanlimit: cannot compile/JIT the pattern\n");
		return 1;
	}
	pcre2_match_data *md = pcre2_match_data_create_from_pattern(re, NULL);
	size_t total = 0, matches = 0;
	double secs = 0;
	for (int i = 1; i < argc; i++) {
		size_t len;
		char *buf = slurp(argv[i], &len);
		if (!buf) {
			fprintf(stderr, "fin_scanlimit: cannot read %s\n", argv[i]);
			return 1;
		}
		struct timespec t0, t1;
		clock_gettime(CLOCK_MONOTONIC, &t0);
		PCRE2_SIZE off = 0;
		while (off < len) {
			int rc = pcre2_jit_match(re, (PCRE2_SPTR)buf, len, off, 0, md, NULL);
			if (rc < 0)
				break;
			PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
			matches++;
			off = ov[1] > ov[0] ? ov[1] : ov[0] + 1;
		}
		clock_gettime(CLOCK_MONOTONIC, &t1);
		secs += (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
		total += len;
		free(buf);
	}
	printf("bytes %zu matches %zu seconds %.4f MB/s %.1f\n", total, matches, secs,
	       secs > 0 ? (double)total / 1e6 / secs : 0.0);
	pcre2_match_data_free(md);
	pcre2_code_free(re);
	return 0;
}
