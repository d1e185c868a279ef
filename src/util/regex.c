/*
 * regex.c — the only file that includes pcre2: compile once with JIT, match
 * with match and depth limits so no pattern can backtrack without bound.
 */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "util.h"

#include <string.h>

#define FIN_RE_MATCH_LIMIT 100000u
#define FIN_RE_DEPTH_LIMIT 1000u
#define FIN_RE_MAX_PAIRS 32

struct fin_regex {
	pcre2_code *code;
	pcre2_match_context *mctx; /* limits; read-only once built */
	int jit;                   /* JIT compiled successfully */
};

/* One match-data block per thread, big enough for every pattern we use. */
static _Thread_local pcre2_match_data *tl_md;

int fin_regex_compile(fin_regex **out, const char *pattern, unsigned flags, fin_error *err)
{
	*out = NULL;
	uint32_t opt = PCRE2_UTF | PCRE2_NO_UTF_CHECK;
	if (flags & FIN_RE_CASELESS)
		opt |= PCRE2_CASELESS;
	if (flags & FIN_RE_MULTILINE)
		opt |= PCRE2_MULTILINE;
	int ec;
	PCRE2_SIZE eo;
	pcre2_code *code = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED, opt, &ec, &eo, NULL);
	if (!code) {
		PCRE2_UCHAR msg[256];
		pcre2_get_error_message(ec, msg, sizeof msg);
		return fin_error_set(err, FIN_EINVAL, "", 0, "regex error at %zu: %s", (size_t)eo, (char *)msg);
	}
	fin_regex *re = fin_calloc(1, sizeof *re);
	pcre2_match_context *mctx = pcre2_match_context_create(NULL);
	if (!re || !mctx) {
		fin_free(re);
		pcre2_match_context_free(mctx);
		pcre2_code_free(code);
		return fin_error_set(err, FIN_ENOMEM, "", 0, "out of memory");
	}
	pcre2_set_match_limit(mctx, FIN_RE_MATCH_LIMIT);
	pcre2_set_depth_limit(mctx, FIN_RE_DEPTH_LIMIT);
	re->code = code;
	re->mctx = mctx;
	re->jit = pcre2_jit_compile(code, PCRE2_JIT_COMPLETE) == 0;
	*out = re;
	return FIN_OK;
}

void fin_regex_free(fin_regex *re)
{
	if (!re)
		return;
	pcre2_code_free(re->code);
	pcre2_match_context_free(re->mctx);
	fin_free(re);
}

void fin_regex_thread_cleanup(void)
{
	pcre2_match_data_free(tl_md);
	tl_md = NULL;
}

int fin_regex_match(const fin_regex *re, const char *subject, size_t len,
		    size_t offset, long *ov, int nov)
{
	if (!tl_md) {
		tl_md = pcre2_match_data_create(FIN_RE_MAX_PAIRS, NULL);
		if (!tl_md)
			return FIN_ENOMEM;
	}
	int rc;
	if (re->jit)
		rc = pcre2_jit_match(re->code, (PCRE2_SPTR)subject, len, offset, 0, tl_md, re->mctx);
	else
		rc = pcre2_match(re->code, (PCRE2_SPTR)subject, len, offset, PCRE2_NO_UTF_CHECK, tl_md, re->mctx);
	if (rc == PCRE2_ERROR_NOMATCH)
		return 0;
	if (rc < 0)
		return FIN_ETOOBIG;
	PCRE2_SIZE *v = pcre2_get_ovector_pointer(tl_md);
	uint32_t pairs = pcre2_get_ovector_count(tl_md);
	for (int i = 0; i < nov; i++) {
		if ((uint32_t)i < pairs && i < rc && v[2 * i] != PCRE2_UNSET) {
			ov[2 * i] = (long)v[2 * i];
			ov[2 * i + 1] = (long)v[2 * i + 1];
		} else {
			ov[2 * i] = ov[2 * i + 1] = -1;
		}
	}
	return 1;
}
