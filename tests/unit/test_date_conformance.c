/*
 * test_date_conformance.c — run the Recognizers-Text English date specs
 * (DateExtractor.json, DateParser.json from $FINFIG_SHARED/peer-specs/
 * recognizers-text, see PROVENANCE.md there) through fin_lex +
 * fin_date_scan and print pass rates.
 *
 * Criteria (per case, all results of the case must match):
 *  - DateExtractor: the dates we report (durations excluded: they are not
 *    dates) are exactly the spec's results: same count, and each spec
 *    result has one of ours with the same start offset and the same text,
 *    compared case-insensitively. A case with no results passes when we
 *    report no date.
 *  - DateParser: as above, and each matched date's start_date (the day for
 *    day grain, the first day of a period otherwise) equals the spec's
 *    PastResolution or FutureResolution date (finfig picks one by tense;
 *    the spec gives both).
 * The reference date is Context.ReferenceDateTime, 2016-11-07 when absent
 * (the date the spec files use by default).
 *
 * The suite is a chat-assistant corpus ("i'll go back the 27th"), not
 * newswire, so the rates are a yardstick, not a target. The test fails only
 * when a rate drops below the figure recorded in tests/conformance/RATES.
 * Set FINFIG_VERBOSE=1 to list the failing cases.
 */
#include "internal.h"

#include "check.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static fin_date_scanner *scanner;
static bool verbose;

/* Rate in tenths of a percent, rounded down. */
static long rate10(long pass, long total) { return total ? pass * 1000 / total : 0; }

/* The recorded rate (tenths of a percent) for name in RATES, or -1. The
 * file holds "name rate" lines, rate like "41.2"; parsed by hand (no
 * locale-dependent strtod). */
static long recorded_rate(const char *name)
{
	char *buf = NULL;
	size_t len = 0;
	if (fin_read_file(FIN_TEST_DIR "/conformance/RATES", 1 << 16, &buf, &len, NULL) != 0)
		return -1;
	long found = -1;
	size_t nl = strlen(name);
	for (size_t p = 0; p < len;) {
		size_t e = p;
		while (e < len && buf[e] != '\n')
			e++;
		if (e - p > nl + 1 && memcmp(buf + p, name, nl) == 0 && buf[p + nl] == ' ') {
			long v = 0;
			int frac = -1;
			for (size_t k = p + nl + 1; k < e; k++) {
				char ch = buf[k];
				if (fin_is_digit((unsigned char)ch)) {
					if (frac < 0) {
						v = v * 10 + (ch - '0');
					} else if (frac == 0) {
						v = v * 10 + (ch - '0');
						frac = 1;
					}
				} else if (ch == '.' && frac < 0) {
					frac = 0;
				}
			}
			if (frac <= 0)
				v *= 10;
			found = v;
		}
		p = e + 1;
	}
	fin_free(buf);
	return found;
}

/* One spec result: start offset, text, and (parser) acceptable dates. */
typedef struct expect {
	long start;
	const char *text;
	const char *past, *future; /* "YYYY-MM-DD" or NULL */
} expect;

static const char *obj_str(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);
	return json_is_string(v) ? json_string_value(v) : NULL;
}

/* Run one case; returns true when it passes. */
static bool run_case(json_t *c, bool parser)
{
	const char *input = obj_str(c, "Input");
	if (!input)
		return false;
	fin_ymd ref = {2016, 11, 7};
	json_t *ctx = json_object_get(c, "Context");
	if (json_is_object(ctx)) {
		const char *r = obj_str(ctx, "ReferenceDateTime");
		if (r)
			(void)fin_ymd_parse(r, strlen(r), &ref);
	}
	json_t *results = json_object_get(c, "Results");
	size_t nexp = json_is_array(results) ? json_array_size(results) : 0;

	fin_arena arena;
	fin_arena_init(&arena, 0);
	fin_tokens toks;
	fin_date *v = NULL;
	size_t n = 0, cap = 0;
	bool ok = fin_lex(&arena, input, strlen(input), &toks) == 0 &&
		  fin_date_scan(scanner, &arena, input, &toks, FIN_FIELD_BODY, ref, &v, &n, &cap) == 0;
	size_t ndates = 0;
	for (size_t k = 0; ok && k < n; k++)
		if (v[k].grain != FIN_GRAIN_DURATION)
			ndates++;
	if (ndates != nexp)
		ok = false;
	for (size_t e = 0; ok && e < nexp; e++) {
		json_t *r = json_array_get(results, e);
		const char *text = obj_str(r, "Text");
		json_t *js = json_object_get(r, "Start");
		if (!text || !json_is_integer(js)) {
			ok = false;
			break;
		}
		long start = (long)json_integer_value(js);
		size_t tl = strlen(text);
		const fin_date *m = NULL;
		for (size_t k = 0; k < n; k++) {
			if (v[k].grain == FIN_GRAIN_DURATION)
				continue;
			if ((long)v[k].start == start && v[k].end - v[k].start == tl &&
			    fin_eq_ci(input + v[k].start, tl, text))
				m = &v[k];
		}
		if (!m) {
			ok = false;
			break;
		}
		if (parser) {
			json_t *val = json_object_get(r, "Value");
			const char *past = NULL, *fut = NULL;
			json_t *pr = json_object_get(val, "PastResolution");
			json_t *fr = json_object_get(val, "FutureResolution");
			if (json_is_object(pr))
				past = obj_str(pr, "date");
			if (json_is_object(fr))
				fut = obj_str(fr, "date");
			char got[11];
			fin_ymd_format(m->start_date, got);
			if (!((past && strcmp(past, got) == 0) || (fut && strcmp(fut, got) == 0)))
				ok = false;
		}
	}
	if (!ok && verbose) {
		fprintf(stderr, "  FAIL %s: \"%s\" ->", parser ? "parser" : "extractor", input);
		for (size_t k = 0; k < n; k++) {
			char a[11];
			fin_ymd_format(v[k].start_date, a);
			fprintf(stderr, " [%.*s %s g%d]", (int)(v[k].end - v[k].start), input + v[k].start, a,
				(int)v[k].grain);
		}
		fprintf(stderr, "\n");
	}
	fin_arena_free(&arena);
	return ok;
}

static void run_file(const char *dir, const char *name, bool parser)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/peer-specs/recognizers-text/%s.json", dir, name);
	json_error_t jerr;
	json_t *root = json_load_file(path, 0, &jerr);
	CHECK(root != NULL && json_is_array(root));
	if (!root)
		return;
	long pass = 0, total = 0;
	for (size_t k = 0; k < json_array_size(root); k++) {
		json_t *c = json_array_get(root, k);
		if (!json_is_object(c))
			continue;
		total++;
		if (run_case(c, parser))
			pass++;
	}
	json_decref(root);
	long r = rate10(pass, total);
	printf("%s: %ld/%ld (%ld.%ld%%)\n", name, pass, total, r / 10, r % 10);
	long want = recorded_rate(name);
	if (want >= 0) {
		if (r < want)
			fprintf(stderr, "%s: rate %ld.%ld%% is below the recorded %ld.%ld%%\n", name, r / 10,
				r % 10, want / 10, want % 10);
		CHECK(r >= want);
	}
	CHECK(total > 100); /* the files hold 148 and 137 cases */
}

int main(void)
{
	const char *dir = getenv("FINFIG_SHARED");
	struct stat st;
	if (!dir || stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
		printf("skipped: FINFIG_SHARED is not a directory\n");
		return 0;
	}
	verbose = getenv("FINFIG_VERBOSE") != NULL;
	CHECK(fin_date_scanner_new(&scanner, NULL) == 0);
	if (!scanner)
		return check_done();
	run_file(dir, "DateExtractor", false);
	run_file(dir, "DateParser", true);
	fin_date_scanner_free(scanner);
	return check_done();
}
