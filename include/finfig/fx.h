/*
 * finfig/fx.h — exchange rates: amounts in US dollars at the month of their
 * date.
 *
 * A rates table holds one rate per currency per month ("YYYY-MM"), either
 * as units of the currency for one USD (quote "per_usd", the Federal
 * Reserve's convention for most currencies) or as USD for one unit
 * ("usd_per"). The built-in table (data/fx-monthly.tsv, built by
 * scripts/build-fx.py from the Federal Reserve H.10 and ECB series) can be
 * extended or overridden row by row from files in the same format:
 *
 *     # month  code  rate  quote  [source]
 *     1987-03  DEM   1.8355  per_usd  h10
 *
 * Conversion is exact decimal arithmetic with one explicit rounding: the
 * amount times the rate (usd_per) or divided by it (per_usd), rounded to
 * 1e-6 USD (FIN_USD_EXP), halves to even. USD amounts are copied as they
 * are. No rate for the month means no USD value, never a guess from a
 * neighbouring month.
 *
 * Ownership: a fin_fx is immutable once built and may be shared by threads;
 * free it with fin_fx_free().
 */
#ifndef FINFIG_FX_H
#define FINFIG_FX_H

#include "finfig.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Power of ten that converted amounts are rounded to: 1e-6 USD. */
#define FIN_USD_EXP (-6)

/* Why an amount has no USD value (fin_money.usd_status). */
typedef enum fin_usd_status {
	FIN_USD_OK = 0,      /* value_usd (or min_usd/max_usd) set */
	FIN_USD_NO_RATE = 1, /* no rate for the currency in that month */
	FIN_USD_NO_DATE = 2, /* neither a linked date nor a publication date */
	FIN_USD_OVERFLOW = 3 /* the converted amount does not fit a fin_decimal */
} fin_usd_status;

/* "no_rate", "no_date", "overflow"; NULL for FIN_USD_OK. */
const char *fin_usd_status_name(int status);

typedef struct fin_fx fin_fx;

/* The built-in table, then data_dir/fx-monthly.tsv when data_dir is given
 * and has one, then the file at path (NULL: none). A later row for the same
 * month and currency replaces an earlier one. A malformed row fails with
 * FIN_EPARSE and err names the file and line. */
int fin_fx_new(fin_fx **out, const char *data_dir, const char *path, fin_error *err);
void fin_fx_free(fin_fx *fx);

/* Number of (month, currency) rates held. */
size_t fin_fx_count(const fin_fx *fx);

/* *usd = amount in USD at the month of `when`. Returns a fin_usd_status:
 * FIN_USD_OK and *usd set, or why not (then *usd is left alone). */
int fin_fx_convert(const fin_fx *fx, fin_decimal amount, const char *currency, fin_ymd when,
                   fin_decimal *usd);

/* Fill usd_status, value_usd, min_usd and max_usd of every money mention of
 * r, at the month of the mention's linked date, else of a->published. */
void fin_fx_fill(const fin_fx *fx, const fin_article *a, fin_result *r);

#ifdef __cplusplus
}
#endif

#endif /* FINFIG_FX_H */
