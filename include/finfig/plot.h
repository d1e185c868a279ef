/*
 * finfig/plot.h — charts and the one-page report (`finfig plot`, `finfig
 * run`). Part of the public API of libfinfig; owned by the plot module
 * (src/plot.c).
 *
 * The library writes text only: for each chart a data file (`.dat`,
 * tab-separated, a header comment) and a gnuplot script (`.gp`) filled from
 * a template (plots/<name>.gp in the source tree, compiled in; a directory
 * given in fin_plot_opts overrides them), and the HTML of the report. It
 * never runs gnuplot: the CLI does (see src/cli/plot_cli.h).
 *
 * Safety contract (the reason for most of this file):
 *  - Text that comes from articles or records (company names, amounts as
 *    written, document ids, sources, kinds, currencies) reaches gnuplot
 *    only inside `.dat` files, as double-quoted fields in which `"` became
 *    `'`, `\` became `\\` and every control byte a space
 *    (fin_plot_dat_string). gnuplot reads data fields as values; it never
 *    evaluates them, so no `system`, backtick, `!`, `@macro`, `set output`
 *    or `load` in an article can run.
 *  - The only strings placed in a script besides the template's own text
 *    are titles and messages, written as single-quoted gnuplot strings
 *    (fin_plot_gp_string): `'` doubled, control bytes dropped. gnuplot does
 *    no backtick, macro or escape processing inside single quotes. They are
 *    never placed inside a `{ }` block. Output file names in scripts are
 *    chart stems made of [a-z0-9-] only (fin_plot_slug).
 *  - Every string in the HTML report is escaped (fin_plot_html_escape);
 *    SVG from gnuplot is inlined only after a check that it holds no
 *    script, event handler, foreign object or external reference, and with
 *    its element ids prefixed so several charts can share the page.
 *
 * Numbers in data files and scripts are written by the library (exact
 * decimals, never printf's %f), so the output does not depend on the
 * locale.
 *
 * Ownership: fin_plot_data and everything it points to belong to the
 * caller and are only read. Output goes to fin_buf buffers the caller
 * owns; on a failure they may hold partial text.
 */
#ifndef FINFIG_PLOT_H
#define FINFIG_PLOT_H

#include "finfig.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---------------------------------------------------------------------- */
/* What the charts show                                                    */
/* ---------------------------------------------------------------------- */

/* One month of deal events. */
typedef struct fin_plot_month {
	fin_ymd month;   /* the month (day ignored) */
	fin_decimal usd; /* sum of the USD values of its events */
	long events;     /* events of the month, with or without a USD value */
} fin_plot_month;

/* One bar of a ranking: a company or a currency. */
typedef struct fin_plot_group {
	const char *name; /* company name or ISO 4217 code (UTF-8) */
	fin_decimal usd;  /* total USD value ({0,0} when none is known) */
	long count;       /* events (companies) or amounts (currencies) */
} fin_plot_group;

/* One deal event (or a single amount when no event list is known). */
typedef struct fin_plot_deal {
	fin_ymd date; /* year 0: undated */
	int has_usd;  /* usd is known */
	fin_decimal usd;
	const char *kind;             /* "deal", "revenue", ... or NULL */
	const char *currency;         /* ISO 4217 code of the amount as written, or NULL */
	const char *text;             /* the amount as written ("$38bn"), or NULL */
	const char *const *companies; /* canonical names */
	size_t n_companies;
	const char *doc;    /* article id, or NULL */
	const char *source; /* article source (path, URL), or NULL */
	long mentions;      /* mentions folded into the event (0: unknown) */
} fin_plot_deal;

/* Everything the charts and the report read. Counts are -1 when unknown
 * (the report then leaves them out). Arrays may be empty. */
typedef struct fin_plot_data {
	long articles;                /* articles read */
	long amounts;                 /* money mentions */
	long events;                  /* deal events */
	long events_usd;              /* events with a USD value */
	long events_dated;            /* events with a date */
	long amounts_published;       /* amounts whose article has a publication
	                               * date; -1 when unknown */
	fin_decimal total_usd;        /* sum of the USD values of the events */
	const fin_plot_month *months; /* in any order; gaps are filled with zero */
	size_t n_months;
	const fin_plot_group *companies; /* in any order; ranked by usd here */
	size_t n_companies;
	const fin_plot_group *currencies; /* in any order; ranked by count here */
	size_t n_currencies;
	const fin_plot_deal *deals; /* every event: scatter, timelines, top table */
	size_t n_deals;
	const char *what; /* how the numbers were made ("deal events
	                   * of kind deal"), shown in the report; or NULL */
} fin_plot_data;

/* ---------------------------------------------------------------------- */
/* Filling the data from the aggregate module (src/plot_in.c)              */
/* ---------------------------------------------------------------------- */

/* Reads records (the JSON Lines of `finfig extract`), states of `finfig
 * aggregate --state`, or one summary of `finfig aggregate` (not mixed with
 * the others), and fills a fin_plot_data through the aggregate module
 * (finfig/agg.h): events (a deal reported several times counts once),
 * groups by month x kind, company x kind and kind, the event list. Only
 * the kinds that count as deals enter the deal charts (the currency mix
 * counts every amount); events priced per unit ("$45 a share") are left
 * out of the deal list. From a summary, which has no event list, its top
 * deals stand in for the events. */
typedef struct fin_plot_input fin_plot_input;

typedef struct fin_plot_input_opts {
	const char *kinds; /* comma-separated kinds that count as deals; NULL:
	                    * "deal,acquisition,investment"; "all": every kind.
	                    * When no record has a kind at all, every event counts. */
	int window_days;   /* event window of the aggregate (0: its default) */
} fin_plot_input_opts;

int fin_plot_input_new(fin_plot_input **out, const fin_plot_input_opts *opts, fin_error *err);
void fin_plot_input_free(fin_plot_input *in);
/* One line (without its newline) of records or of a state. Bad lines:
 * FIN_EPARSE with err naming path:lineno (report it and go on);
 * FIN_EINVAL after a summary; FIN_ENOMEM. */
int fin_plot_input_line(fin_plot_input *in, const char *line, size_t len, const char *path, long lineno,
                        fin_error *err);
/* A whole summary text (`finfig aggregate` JSON). FIN_EINVAL when lines
 * or another summary were given. */
int fin_plot_input_summary(fin_plot_input *in, const char *text, size_t len, const char *path,
                           fin_error *err);
/* Fill *d (articles is -1: the caller knows it, or not). d and everything
 * it points to live until fin_plot_input_free(). Call once. */
int fin_plot_input_finish(fin_plot_input *in, fin_plot_data *d, fin_error *err);
/* Lines seen, money records taken, lines that were neither records nor
 * state (records mode). */
void fin_plot_input_stats(const fin_plot_input *in, long *lines, long *records, long *invalid);

/* ---------------------------------------------------------------------- */
/* Charts                                                                  */
/* ---------------------------------------------------------------------- */

typedef enum fin_plot_chart {
	FIN_PLOT_MONTHS = 0, /* deal value per month (USD) + count on y2 */
	FIN_PLOT_COMPANIES,  /* top N companies by total USD, horizontal bars */
	FIN_PLOT_CURRENCIES, /* share of amounts by original currency */
	FIN_PLOT_SIZES,      /* deal sizes over time, log scale, by kind */
	FIN_PLOT_COMPANY,    /* one company's deals over time (needs a name) */
	FIN_PLOT_N_CHARTS
} fin_plot_chart;

/* Longest chart stem, with the NUL ("company-" + a 48-byte slug). */
#define FIN_PLOT_STEM_MAX 64

typedef struct fin_plot_opts {
	const char *template_dir; /* NULL: built-in templates; else DIR/<name>.gp
	                           * replaces the built-in one when present */
	int top_n;                /* bars of the company chart; 0: 15 */
	int top_currencies;       /* bars of the currency chart; 0: 10 */
} fin_plot_opts;

/* The file stem of a chart ("deals-by-month", ...); for FIN_PLOT_COMPANY
 * "company-" + fin_plot_slug(company). stem holds FIN_PLOT_STEM_MAX bytes. */
void fin_plot_stem(fin_plot_chart chart, const char *company, char stem[FIN_PLOT_STEM_MAX]);

/* Write the data file into dat and the gnuplot script into gp (both
 * cleared first) for one chart. company names the company of a
 * FIN_PLOT_COMPANY chart (matched without regard to ASCII case against
 * the companies of the deals) and is ignored otherwise. No data, or too
 * little for the chart, gives a script that draws a message saying so.
 * Returns FIN_OK; FIN_EINVAL for a bad chart or a missing company name;
 * FIN_ENOTFOUND/FIN_EIO/FIN_EPARSE for an override template that cannot be
 * read or is malformed; FIN_ENOMEM. err (may be NULL) says why. */
int fin_plot_write(const fin_plot_data *d, fin_plot_chart chart, const char *company,
                   const fin_plot_opts *opts, fin_buf *dat, fin_buf *gp, fin_error *err);

/* ---------------------------------------------------------------------- */
/* Report                                                                  */
/* ---------------------------------------------------------------------- */

/* One chart of the report: the SVG gnuplot rendered, or why there is none. */
typedef struct fin_plot_figure {
	fin_plot_chart chart;
	const char *stem;  /* chart stem (for the caption's file names) */
	const char *title; /* caption, or NULL for the chart's own */
	const char *svg;   /* the SVG text, or NULL */
	size_t svg_len;
	const char *missing; /* when svg is NULL: why (shown escaped), or NULL */
} fin_plot_figure;

typedef struct fin_plot_report_opts {
	const char *title;     /* page title; NULL: "finfig report" */
	const char *inputs;    /* what was read (shown escaped), or NULL */
	const char *generated; /* a date/time line (shown escaped), or NULL */
	int top_deals;         /* rows of the top deals table; 0: 20 */
	const char *plots_dir; /* where the captions say the .dat/.gp files are;
	                        * NULL: "plots" */
} fin_plot_report_opts;

/* Write a self-contained HTML page into html (cleared first): inline CSS,
 * inline SVG figures, no script, no external request; the headline
 * numbers, the figures, and the top deals table (company, amount as
 * written, USD, date, source article). Every string from d, opts and the
 * figures' text is HTML-escaped; an SVG that fails the safety check is
 * replaced by a note. FIN_OK or FIN_ENOMEM/FIN_ETOOBIG (html's limit). */
int fin_plot_report(fin_buf *html, const fin_plot_data *d, const fin_plot_figure *figs, size_t n_figs,
                    const fin_plot_report_opts *opts);

/* ---------------------------------------------------------------------- */
/* Building blocks (public so they can be tested on their own)            */
/* ---------------------------------------------------------------------- */

/* Append s[0..n) as a gnuplot data field: `"`, the text with `"` as `'`,
 * `\` as `\\`, control bytes (and DEL) as spaces, then `"`. When max_chars
 * > 0 the text is cut to at most max_chars code points (at a UTF-8
 * boundary) and ends with an ellipsis. */
void fin_plot_dat_string(fin_buf *b, const char *s, size_t n, size_t max_chars);

/* Append s[0..n) as a single-quoted gnuplot string: `'` doubled, control
 * bytes dropped. */
void fin_plot_gp_string(fin_buf *b, const char *s, size_t n);

/* Append s[0..n) escaped for HTML text and attribute values: & < > " '
 * as entities, control bytes other than tab and newline dropped, invalid
 * UTF-8 bytes as U+FFFD. */
void fin_plot_html_escape(fin_buf *b, const char *s, size_t n);

/* A file-name-safe slug of name into buf[cap]: ASCII letters lower-cased,
 * digits kept, every other run of bytes one '-', no '-' at the ends, at
 * most 48 bytes; "x" when nothing is left. Returns the length. */
size_t fin_plot_slug(const char *name, char *buf, size_t cap);

/* A short money label: "$38bn", "$1.25m", "$950k", "$12.5" (three
 * significant digits at most, k/m/bn/tn, exact decimal rounding half
 * away from zero). buf holds at least 32 bytes; returns the length. */
size_t fin_plot_usd_short(fin_decimal usd, char *buf, size_t cap);

#ifdef __cplusplus
}
#endif

#endif /* FINFIG_PLOT_H */
