/*
 * fx.c — the monthly rates table and the conversion of amounts to USD.
 *
 * The table is a sorted array of (currency, month) -> rate, binary-searched
 * per amount. Loading parses the TSV text once per process (the extractor
 * owns one table and shares it between threads).
 */
#include "finfig/fx.h"
#include "internal.h"
#include "util/wide.h"

#include <stdlib.h>
#include <string.h>

/* One rate. code packs the three ASCII letters; month is year*12 + m-1. */
typedef struct fx_entry {
	uint32_t code;
	int32_t month;
	fin_decimal rate;
	uint8_t per_usd; /* 1: units per USD (divide); 0: USD per unit (multiply) */
	uint32_t seq;    /* load order: the later row wins */
} fx_entry;

struct fin_fx {
	fx_entry *v;
	size_t n, cap;
};

static const char fx_file[] = "fx-monthly.tsv";

/* The name of a reason (see fx.h). */
const char *fin_usd_status_name(int status)
{
	switch (status) {
	case FIN_USD_NO_RATE:
		return "no_rate";
	case FIN_USD_NO_DATE:
		return "no_date";
	case FIN_USD_OVERFLOW:
		return "overflow";
	default:
		return NULL;
	}
}

/* Three upper-case ASCII letters packed into an integer, or 0. */
static uint32_t pack_code(const char *s, size_t n)
{
	if (n != 3)
		return 0;
	uint32_t c = 0;
	for (size_t i = 0; i < 3; i++) {
		if (!fin_is_upper((unsigned char)s[i]))
			return 0;
		c = c << 8 | (unsigned char)s[i];
	}
	return c;
}

/* "YYYY-MM" into year*12 + month-1, or -1. */
static int32_t parse_month(const char *s, size_t n)
{
	if (n != 7 || s[4] != '-')
		return -1;
	for (int i = 0; i < 7; i++)
		if (i != 4 && !fin_is_digit((unsigned char)s[i]))
			return -1;
	int y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
	int m = (s[5] - '0') * 10 + (s[6] - '0');
	if (y < 1 || m < 1 || m > 12)
		return -1;
	return (int32_t)(y * 12 + m - 1);
}

/* Append the rows of one table text. name is used in error messages. */
static int fx_load(fin_fx *fx, const char *text, size_t len, const char *name, fin_error *err)
{
	size_t pos = 0;
	long lineno = 0;
	fin_field_view f[5];
	size_t nf;
	while ((nf = fin_tsv_next(text, len, &pos, &lineno, f, 5)) > 0) {
		/* A header row a spreadsheet kept ("month<TAB>code..."). */
		if (fin_eq_ci(f[0].p, f[0].n, "month"))
			continue;
		if (nf < 4)
			return fin_error_set(err, FIN_EPARSE, name, lineno,
			                     "expected month, code, rate, quote (per_usd or usd_per)");
		fx_entry e;
		memset(&e, 0, sizeof e);
		e.month = parse_month(f[0].p, f[0].n);
		if (e.month < 0)
			return fin_error_set(err, FIN_EPARSE, name, lineno, "bad month '%.*s' (YYYY-MM)",
			                     (int)(f[0].n > 20 ? 20 : f[0].n), f[0].p);
		e.code = pack_code(f[1].p, f[1].n);
		if (!e.code)
			return fin_error_set(err, FIN_EPARSE, name, lineno, "bad currency code '%.*s'",
			                     (int)(f[1].n > 20 ? 20 : f[1].n), f[1].p);
		if (fin_decimal_parse(f[2].p, f[2].n, &e.rate) || e.rate.sig <= 0)
			return fin_error_set(err, FIN_EPARSE, name, lineno,
			                     "bad rate '%.*s' (a positive decimal)",
			                     (int)(f[2].n > 40 ? 40 : f[2].n), f[2].p);
		if (fin_eq(f[3].p, f[3].n, "per_usd"))
			e.per_usd = 1;
		else if (fin_eq(f[3].p, f[3].n, "usd_per"))
			e.per_usd = 0;
		else
			return fin_error_set(
			    err, FIN_EPARSE, name, lineno,
			    "bad quote '%.*s' (per_usd: units for 1 USD; usd_per: USD for 1 unit)",
			    (int)(f[3].n > 20 ? 20 : f[3].n), f[3].p);
		if (fx->n == fx->cap) {
			size_t cap = fx->cap ? fx->cap * 2 : 4096;
			fx_entry *v = fin_realloc(fx->v, cap * sizeof *v);
			if (!v)
				return fin_error_set(err, FIN_ENOMEM, name, lineno, "out of memory");
			fx->v = v;
			fx->cap = cap;
		}
		e.seq = (uint32_t)fx->n;
		fx->v[fx->n++] = e;
	}
	return FIN_OK;
}

/* qsort: rates by month, currency, then load order (the order of the
 * built-in table, so that it needs no sorting). */
static int entry_cmp(const void *pa, const void *pb)
{
	const fx_entry *a = pa, *b = pb;
	if (a->month != b->month)
		return a->month < b->month ? -1 : 1;
	if (a->code != b->code)
		return a->code < b->code ? -1 : 1;
	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

/* Sort by (month, code) and keep the last-loaded row of each key. The
 * built-in table alone is already in order: sorting it was a quarter of
 * the start-up cost. */
static void fx_finish(fin_fx *fx)
{
	if (!fx->n)
		return;
	bool sorted = true;
	for (size_t i = 1; i < fx->n && sorted; i++)
		sorted = entry_cmp(&fx->v[i - 1], &fx->v[i]) < 0;
	if (!sorted)
		qsort(fx->v, fx->n, sizeof *fx->v, entry_cmp);
	size_t o = 0;
	for (size_t i = 0; i < fx->n; i++) {
		if (o && fx->v[o - 1].code == fx->v[i].code && fx->v[o - 1].month == fx->v[i].month)
			fx->v[o - 1] = fx->v[i];
		else
			fx->v[o++] = fx->v[i];
	}
	fx->n = o;
}

/* Load the file at path; a missing file is an error only when required. */
static int fx_load_file(fin_fx *fx, const char *path, bool required, fin_error *err)
{
	char *buf = NULL;
	size_t len = 0;
	int rc = fin_read_file(path, 256u << 20, &buf, &len, err);
	if (rc == FIN_ENOTFOUND && !required)
		return FIN_OK;
	if (rc)
		return rc;
	rc = fx_load(fx, buf, len, path, err);
	fin_free(buf);
	return rc;
}

/* Built-in table, then data_dir/fx-monthly.tsv, then path (see fx.h). */
int fin_fx_new(fin_fx **out, const char *data_dir, const char *path, fin_error *err)
{
	*out = NULL;
	fin_fx *fx = fin_calloc(1, sizeof *fx);
	if (!fx)
		return fin_error_set(err, FIN_ENOMEM, "", 0, "out of memory");
	size_t len = 0;
	const char *text = fin_data_builtin(fx_file, &len);
	int rc = text ? fx_load(fx, text, len, fx_file, err) : FIN_OK;
	if (!rc && data_dir) {
		char p[4096];
		snprintf(p, sizeof p, "%s/%s", data_dir, fx_file);
		rc = fx_load_file(fx, p, false, err);
	}
	if (!rc && path)
		rc = fx_load_file(fx, path, true, err);
	if (rc) {
		fin_fx_free(fx);
		return rc;
	}
	fx_finish(fx);
	*out = fx;
	return FIN_OK;
}

/* Free the table. NULL is a no-op. */
void fin_fx_free(fin_fx *fx)
{
	if (!fx)
		return;
	fin_free(fx->v);
	fin_free(fx);
}

/* How many (month, currency) rates are held. */
size_t fin_fx_count(const fin_fx *fx)
{
	return fx ? fx->n : 0;
}

/* The rate of code for month (binary search), or NULL. */
static const fx_entry *fx_find(const fin_fx *fx, uint32_t code, int32_t month)
{
	size_t lo = 0, hi = fx->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const fx_entry *e = &fx->v[mid];
		if (e->month < month || (e->month == month && e->code < code))
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < fx->n && fx->v[lo].code == code && fx->v[lo].month == month)
		return &fx->v[lo];
	return NULL;
}

/* w rounded to 1e-6 USD as a fin_decimal. An amount too large for that
 * precision in 64 bits (over about 9.2e12 USD with a fraction) keeps as
 * many decimals as fit: still deterministic, never wrapped. */
static int wide_to_usd(fin_wide *w, fin_decimal *out)
{
	for (int32_t e = FIN_USD_EXP; e <= 0; e++) {
		fin_wide t = *w;
		fin_wide_round(&t, e);
		if (!t.ovf && fin_wide_to_dec(&t, out) == FIN_OK)
			return FIN_USD_OK;
	}
	return FIN_USD_OVERFLOW;
}

/* amount in USD at the month of when (see fx.h): exact, rounded once. */
int fin_fx_convert(const fin_fx *fx, fin_decimal amount, const char *currency, fin_ymd when, fin_decimal *usd)
{
	if (currency && strcmp(currency, "USD") == 0) {
		*usd = amount;
		return FIN_USD_OK;
	}
	if (when.year <= 0 || when.month < 1 || when.month > 12)
		return FIN_USD_NO_DATE;
	uint32_t code = currency ? pack_code(currency, strlen(currency)) : 0;
	const fx_entry *e = fx && code ? fx_find(fx, code, (int32_t)when.year * 12 + when.month - 1) : NULL;
	if (!e)
		return FIN_USD_NO_RATE;
	fin_wide w = fin_wide_from_dec(amount);
	if (e->per_usd) {
		fin_wide_div_round(&w, e->rate, FIN_USD_EXP);
	} else {
		fin_wide_mul_dec(&w, e->rate);
		fin_wide_round(&w, FIN_USD_EXP);
	}
	if (w.ovf)
		return FIN_USD_OVERFLOW;
	return wide_to_usd(&w, usd);
}

/* The USD values of every amount of r (see fx.h). */
void fin_fx_fill(const fin_fx *fx, const fin_article *a, fin_result *r)
{
	for (size_t i = 0; i < r->n_money; i++) {
		fin_money *m = &r->money[i];
		fin_ymd when = a->published;
		if (m->date_index >= 0 && (size_t)m->date_index < r->n_dates &&
		    r->dates[m->date_index].start_date.year > 0)
			when = r->dates[m->date_index].start_date;
		m->value_usd = m->min_usd = m->max_usd = (fin_decimal){0, 0};
		if (m->is_range) {
			m->usd_status = fin_fx_convert(fx, m->min, m->currency, when, &m->min_usd);
			if (m->usd_status == FIN_USD_OK)
				m->usd_status = fin_fx_convert(fx, m->max, m->currency, when, &m->max_usd);
		} else {
			m->usd_status = fin_fx_convert(fx, m->value, m->currency, when, &m->value_usd);
		}
	}
}
