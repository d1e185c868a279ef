/*
 * test_oom.c — the allocation-failure loop over a golden run. The run reads
 * every file of tests/golden/inputs/ (all input formats, a broken JSON Lines
 * line, a Latin-1 file), extracts money, companies and dates from each
 * article and writes JSON Lines, JSON and CSV records, all through the
 * library. It is done once to learn the expected output and how many
 * allocations it makes (K), then again with the Nth allocation (and every
 * later one) failing, for every N from 1 to K: first with the extractor
 * built beforehand and reused, as the CLI does (reading, extracting,
 * writing), then with every allocation of building the extractor too.
 *
 * Each failing run must end cleanly: some call returns FIN_ENOMEM (or a
 * buffer reports it), no other error code appears, no diagnostic differs from
 * the clean run's before the failure, and a run that reports no failure
 * wrote exactly the expected bytes. Leaks are caught by LeakSanitizer in the
 * sanitizer build (CI runs the suite under ASan).
 */
#include "check.h"
#include "finfig.h"

#include <stdlib.h>
#include <string.h>

#define GOLDEN FIN_TEST_DIR "/golden/inputs"

/* What one run produced. */
typedef struct run {
	const fin_extractor *x;
	fin_doc *doc;
	fin_buf out;       /* JSONL, then JSON, then CSV records, concatenated */
	fin_buf diags;     /* every diagnostic, one per line */
	int json_first;
	int enomem;        /* some call reported FIN_ENOMEM */
	int other;         /* some call failed with another code (a bug) */
	int other_code;
} run;

/* Note a library status: ENOMEM is expected, anything else is not. */
static void note(run *r, int rc)
{
	if (rc == FIN_ENOMEM)
		r->enomem = 1;
	else if (rc != FIN_OK && !r->other) {
		r->other = 1;
		r->other_code = rc;
	}
}

/* Extract one article and append its records in the three formats. */
static int on_article(void *ud, const fin_article *a)
{
	run *r = ud;
	fin_result res;
	fin_error err;
	int rc = fin_extract(r->x, r->doc, a, &res, &err);
	note(r, rc);
	if (rc)
		return 1;
	int first = 1;
	note(r, fin_out_records(&r->out, FIN_OUT_JSONL, a, &res, FIN_TYPE_ALL, &first));
	note(r, fin_out_records(&r->out, FIN_OUT_JSON, a, &res, FIN_TYPE_ALL, &r->json_first));
	note(r, fin_out_records(&r->out, FIN_OUT_CSV, a, &res, FIN_TYPE_ALL, &first));
	return r->enomem || r->other;
}

/* Keep every diagnostic. The buffer allocates through fin_malloc too, so
 * after the injected failure it may fail: then it is not compared. */
static void on_diag(void *ud, fin_severity sev, const char *path, long line, const char *msg)
{
	run *r = ud;
	fin_buf_printf(&r->diags, "%d %s:%ld %s\n", (int)sev, path, line, msg);
}

/* Read the golden inputs through x (NULL: build one) and fill r. */
static void golden_run(run *r, const fin_extractor *x)
{
	memset(r, 0, sizeof *r);
	fin_buf_init(&r->out, 0);
	fin_buf_init(&r->diags, 0);
	r->json_first = 1;
	fin_extractor *own = NULL;
	if (!x) {
		fin_extractor_opts xo = {.types = FIN_TYPE_ALL};
		fin_error err;
		int rc = fin_extractor_new(&own, &xo, &err);
		note(r, rc);
		if (rc)
			return;
		x = own;
	}
	r->x = x;
	int rc = fin_doc_new(&r->doc);
	note(r, rc);
	if (rc == FIN_OK) {
		fin_source_cb cb = {on_article, on_diag, r};
		fin_source_stats st;
		memset(&st, 0, sizeof st);
		rc = fin_source_read_path(GOLDEN, NULL, &cb, &st);
		/* FIN_ESTOP: on_article stopped the read after noting why. */
		if (rc != FIN_ESTOP)
			note(r, rc);
	}
	if (r->out.failed)
		note(r, r->out.failed);
	fin_doc_free(r->doc);
	fin_extractor_free(own);
}

static void run_free(run *r)
{
	fin_buf_free(&r->out);
	fin_buf_free(&r->diags);
}

/* One failing run at n: clean failure or the expected output. */
static void check_run(const run *want, const fin_extractor *x, long n, long *failed_runs)
{
	run r;
	fin_alloc_fail_after(n);
	golden_run(&r, x);
	fin_alloc_fail_after(0);
	if (r.other) {
		check_failed++;
		fprintf(stderr, "test_oom: allocation %ld failed: status %d (%s), expected FIN_ENOMEM\n", n,
			r.other_code, fin_strerror(r.other_code));
	} else if (r.enomem) {
		(*failed_runs)++;
		/* What was reported before the failure is a prefix of the clean run's
		 * diagnostics (no out-of-memory disguised as bad input). */
		if (!r.diags.failed && (r.diags.len > want->diags.len ||
					 memcmp(r.diags.ptr ? r.diags.ptr : "", want->diags.ptr, r.diags.len) != 0)) {
			check_failed++;
			fprintf(stderr, "test_oom: allocation %ld failed: diagnostics differ:\n%s", n,
				r.diags.ptr ? r.diags.ptr : "");
		} else {
			check_passed++;
		}
	} else if (r.out.len != want->out.len || memcmp(r.out.ptr, want->out.ptr, r.out.len) != 0) {
		check_failed++;
		fprintf(stderr, "test_oom: allocation %ld failed silently: output differs (%zu bytes, want %zu)\n",
			n, r.out.len, want->out.len);
	} else {
		check_passed++;
	}
	run_free(&r);
}

int main(void)
{
	run want;
	long a0 = fin_alloc_count();
	fin_extractor_opts xo = {.types = FIN_TYPE_ALL};
	fin_error err;
	fin_extractor *x = NULL;
	CHECK(fin_extractor_new(&x, &xo, &err) == FIN_OK);
	if (!x)
		return check_done();
	long a1 = fin_alloc_count();
	golden_run(&want, x);
	long a2 = fin_alloc_count();
	CHECK(!want.enomem && !want.other);
	CHECK(want.out.len > 1000);
	long k_build = a1 - a0, k_run = a2 - a1;
	fprintf(stderr, "test_oom: %ld allocations to build the extractor, %ld for the golden run\n",
		k_build, k_run);

	/* Every allocation of the run, with the extractor built. */
	long failed_runs = 0;
	for (long n = 1; n <= k_run + 1; n++)
		check_run(&want, x, n, &failed_runs);
	CHECK(failed_runs >= k_run - 2);

	/* Every allocation of building the extractor, each run going on into
	 * the golden run when the build succeeds. */
	for (long n = 1; n <= k_build + 1; n++)
		check_run(&want, NULL, n, &failed_runs);
	fin_extractor_free(x);
	run_free(&want);
	return check_done();
}
