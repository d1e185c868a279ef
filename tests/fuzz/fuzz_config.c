/*
 * fuzz_config.c — finfig.yaml (src/config.c, libyaml): the input is the
 * file. Whatever the bytes, the parse either gives companies that each have
 * a name (non-empty, no NUL, trimmed) and a known kind, or fails with
 * FIN_ECONFIG (or out of memory) and a message.
 */
#include "fuzz.h"
#include "internal.h"

#include <string.h>

/* See fuzz.h. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fin_config *c = NULL;
	fin_error err;
	memset(&err, 0, sizeof err);
	int rc = fin_config_parse((const char *)data, size, "finfig.yaml", &c, &err);
	if (rc) {
		FUZZ_CHECK(c == NULL);
		FUZZ_CHECK(rc == FIN_ECONFIG || rc == FIN_ENOMEM);
		FUZZ_CHECK(err.message[0] != '\0' && err.line >= 0);
		return 0;
	}
	FUZZ_CHECK(c != NULL);
	for (size_t i = 0; i < c->n_companies; i++) {
		const fin_company_def *d = &c->companies[i];
		size_t n = strlen(d->name);
		FUZZ_CHECK(n > 0 && d->name[0] != ' ' && d->name[n - 1] != ' ');
		FUZZ_CHECK(d->kind == FIN_ORG_COMPANY || d->kind == FIN_ORG_OTHER);
		FUZZ_CHECK(d->line >= 1);
		for (size_t k = 0; k < d->n_aliases; k++)
			FUZZ_CHECK(d->aliases[k][0] != '\0');
		for (size_t k = 0; k < d->n_tickers; k++)
			FUZZ_CHECK(d->tickers[k][0] != '\0' && strlen(d->tickers[k]) <= 16);
	}
	fin_config_free(c);
	return 0;
}
