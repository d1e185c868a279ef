/*
 * extract.c — one article in, every mention out: lex both fields, find
 * amounts (and, when asked, companies and dates), and link the amounts
 * when all three are computed.
 */
#include "finfig/fx.h"
#include "internal.h"

#include <string.h>

struct fin_extractor {
	unsigned types;
	bool money_only; /* only amounts are used: skip the rest when there are none */
	fin_currency_table *cur;
	fin_money_scanner *money;
	fin_date_scanner *dates; /* NULL unless dates are asked for */
	fin_gazetteer *gaz;      /* NULL unless companies are asked for */
	fin_linker *link;        /* NULL unless money, companies and dates are all computed */
	fin_fx *fx;              /* monthly USD rates (value_usd) */
};

struct fin_doc {
	fin_arena arena; /* everything one article's result needs */
};

int fin_extractor_new(fin_extractor **out, const fin_extractor_opts *opts, fin_error *err)
{
	*out = NULL;
	fin_extractor *x = fin_calloc(1, sizeof *x);
	if (!x)
		return fin_error_set(err, FIN_ENOMEM, "", 0, "out of memory");
	x->types = opts && opts->types ? opts->types : FIN_TYPE_MONEY;
	x->money_only = opts && (opts->written & FIN_TYPE_ALL) == FIN_TYPE_MONEY;
	const char *dir = opts ? opts->data_dir : NULL;
	int rc = fin_currency_table_new(&x->cur, dir, err);
	if (!rc)
		rc = fin_money_scanner_new(&x->money, x->cur, err);
	if (!rc && (x->types & FIN_TYPE_DATE))
		rc = fin_date_scanner_new(&x->dates, err);
	/* The config is checked even when no company is looked for: a bad
	 * file is an error whatever the run computes. */
	fin_config *cfg = NULL;
	if (!rc && opts && opts->config)
		rc = fin_config_load(opts->config, &cfg, err);
	if (!rc && (x->types & FIN_TYPE_COMPANY)) {
		rc = fin_gazetteer_new(&x->gaz, dir, err);
		if (!rc && cfg)
			rc = fin_gazetteer_add(x->gaz, cfg->companies, cfg->n_companies, opts->config, err);
	}
	fin_config_free(cfg);
	if (!rc && (x->types & FIN_TYPE_ALL) == FIN_TYPE_ALL && !(opts && opts->no_link))
		rc = fin_linker_new(&x->link, dir, err);
	if (!rc)
		rc = fin_fx_new(&x->fx, dir, opts ? opts->fx_path : NULL, err);
	if (rc) {
		fin_extractor_free(x);
		return rc;
	}
	*out = x;
	return FIN_OK;
}

void fin_extractor_free(fin_extractor *x)
{
	if (!x)
		return;
	fin_money_scanner_free(x->money);
	fin_date_scanner_free(x->dates);
	fin_gazetteer_free(x->gaz);
	fin_linker_free(x->link);
	fin_currency_table_free(x->cur);
	fin_fx_free(x->fx);
	fin_free(x);
}

int fin_doc_new(fin_doc **out)
{
	fin_doc *d = fin_calloc(1, sizeof *d);
	if (!d)
		return FIN_ENOMEM;
	fin_arena_init(&d->arena, 256 * 1024);
	*out = d;
	return FIN_OK;
}

void fin_doc_free(fin_doc *d)
{
	if (!d)
		return;
	fin_arena_free(&d->arena);
	fin_free(d);
}

/* The dates of a field. A money-only run scans only the sentences that
 * hold amounts: the only dates it links (fin_link reads the dates of an
 * amount's sentence); the same as those of a whole-field scan, for a
 * fraction of its work. */
static int field_dates(const fin_extractor *x, fin_arena *arena, const char *text, const fin_tokens *toks,
		       fin_field field, fin_ymd published, fin_result *out, size_t *dcap)
{
	if (!x->money_only)
		return fin_date_scan(x->dates, arena, text, toks, field, published, &out->dates, &out->n_dates,
				     dcap);
	size_t nm = 0;
	for (size_t i = 0; i < out->n_money; i++)
		nm += out->money[i].field == field;
	if (!nm || !toks->n)
		return FIN_OK;
	fin_span *sp = fin_arena_alloc(arena, nm * sizeof *sp);
	if (!sp)
		return FIN_ENOMEM;
	size_t k = 0;
	for (size_t i = 0; i < out->n_money; i++) {
		const fin_money *m = &out->money[i];
		if (m->field != field)
			continue;
		fin_link_sentence(toks, m->start, m->end, &sp[k].t0, &sp[k].t1);
		if (k && sp[k].t0 < sp[k - 1].t0)
			return fin_date_scan(x->dates, arena, text, toks, field, published, &out->dates,
					     &out->n_dates, dcap); /* out of order: scan it all */
		/* amounts come in text order: merge a span into the one before */
		if (k && sp[k].t0 < sp[k - 1].t1) {
			if (sp[k].t1 > sp[k - 1].t1)
				sp[k - 1].t1 = sp[k].t1;
			continue;
		}
		k++;
	}
	return fin_date_scan_spans(x->dates, arena, text, toks, field, published, sp, k, &out->dates,
				   &out->n_dates, dcap);
}

int fin_extract(const fin_extractor *x, fin_doc *doc, const fin_article *a,
		fin_result *out, fin_error *err)
{
	memset(out, 0, sizeof *out);
	fin_arena_reset(&doc->arena);
	fin_tokens tt, bt;
	const char *title = a->title ? a->title : "";
	const char *body = a->body ? a->body : "";
	if (fin_lex(&doc->arena, title, a->title_len, &tt) || fin_lex(&doc->arena, body, a->body_len, &bt))
		return fin_error_set(err, FIN_ENOMEM, a->source, a->line, "out of memory");
	fin_currency_ctx ctx;
	fin_currency_ctx_init(&ctx, title, &tt, body, &bt, a->published);
	size_t cap = 0;
	int rc = FIN_OK;
	if (x->types & (FIN_TYPE_MONEY)) {
		rc = fin_money_scan(x->money, &doc->arena, title, &tt, FIN_FIELD_TITLE, &ctx,
				    &out->money, &out->n_money, &cap, &out->overflows);
		if (!rc)
			rc = fin_money_scan(x->money, &doc->arena, body, &bt, FIN_FIELD_BODY, &ctx,
					    &out->money, &out->n_money, &cap, &out->overflows);
	}
	/* Companies and dates serve the links; with only amounts written, an
	 * article without any has nothing to link (40 % of Reuters). */
	bool rest = !(x->money_only && out->n_money == 0);
	if (!rc && rest && x->dates) {
		size_t dcap = 0;
		rc = field_dates(x, &doc->arena, title, &tt, FIN_FIELD_TITLE, a->published, out, &dcap);
		if (!rc)
			rc = field_dates(x, &doc->arena, body, &bt, FIN_FIELD_BODY, a->published, out, &dcap);
	}
	if (!rc && rest && x->gaz) {
		size_t ccap = 0;
		rc = fin_company_scan(x->gaz, &doc->arena, a, &tt, &bt, &out->companies, &out->n_companies, &ccap);
	}
	if (!rc && rest && x->link)
		rc = fin_link(x->link, &doc->arena, a, &tt, &bt, out);
	if (rc)
		return fin_error_set(err, rc, a->source, a->line, "%s", fin_strerror(rc));
	/* Last: the rates need each amount's linked date. */
	fin_fx_fill(x->fx, a, out);
	return FIN_OK;
}
