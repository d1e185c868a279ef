/*
 * plot.c — charts and the report: `.dat` data files and gnuplot scripts
 * filled from the templates of plots/ (compiled in by cmake/embed.cmake),
 * and the self-contained report.html. The contracts, the safety rules
 * above all, are in include/finfig/plot.h.
 *
 * This module only presents numbers: the sums, counts and events come in a
 * fin_plot_data that the caller filled from the aggregate module. What is
 * done here is ranking, filling month gaps with zeros, scaling axes and
 * escaping.
 */
#include "internal.h"

#include "finfig/plot.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

/* ====================================================================== */
/* Palette and kinds                                                       */
/* ====================================================================== */

/* One palette for every chart (Okabe–Ito, readable for colour-blind
 * readers); the kinds keep their colour from chart to chart. */
typedef struct kind_style {
	const char *name;
	const char *color;
} kind_style;

static const kind_style kind_styles[] = {
    {"deal", "#0072B2"},         {"acquisition", "#D55E00"}, {"investment", "#009E73"},
    {"valuation", "#CC79A7"},    {"revenue", "#56B4E9"},     {"profit", "#E69F00"},
    {"loss", "#882255"},         {"dividend", "#44AA99"},    {"debt", "#999933"},
    {"fine", "#000000"},         {"price", "#AA4499"},       {"other", "#777777"},
    {"unclassified", "#BBBBBB"},
};
#define N_KINDS (sizeof kind_styles / sizeof kind_styles[0])
#define KIND_OTHER 11
#define KIND_UNCLASSIFIED 12

/* The index of a record's kind in kind_styles: NULL is "unclassified", a
 * kind outside the list "other" (records read from files may say anything;
 * only names of this table ever reach a script). */
static size_t kind_index(const char *kind)
{
	if (!kind || !*kind)
		return KIND_UNCLASSIFIED;
	for (size_t i = 0; i < KIND_UNCLASSIFIED; i++)
		if (strcmp(kind, kind_styles[i].name) == 0)
			return i;
	return KIND_OTHER;
}

/* ====================================================================== */
/* Escaping                                                                */
/* ====================================================================== */

/* Length of the first max_chars code points of s[0..n) (at a UTF-8
 * boundary); n when the text is not longer. */
static size_t utf8_prefix(const char *s, size_t n, size_t max_chars, bool *cut)
{
	size_t i = 0, chars = 0;
	*cut = false;
	while (i < n) {
		if (chars == max_chars) {
			*cut = true;
			return i;
		}
		size_t len;
		fin_utf8_decode(s + i, n - i, &len);
		i += len;
		chars++;
	}
	return n;
}

/* A gnuplot data field (contract in finfig/plot.h). */
void fin_plot_dat_string(fin_buf *b, const char *s, size_t n, size_t max_chars)
{
	bool cut = false;
	if (max_chars > 1) {
		utf8_prefix(s, n, max_chars, &cut);
		if (cut)
			n = utf8_prefix(s, n, max_chars - 1, &cut);
	}
	fin_buf_putc(b, '"');
	size_t run = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c >= 0x20 && c != 0x7F && c != '"' && c != '\\')
			continue;
		fin_buf_append(b, s + run, i - run);
		run = i + 1;
		if (c == '"')
			fin_buf_putc(b, '\'');
		else if (c == '\\')
			fin_buf_append(b, "\\\\", 2);
		else
			fin_buf_putc(b, ' ');
	}
	fin_buf_append(b, s + run, n - run);
	if (cut)
		fin_buf_puts(b, "\xE2\x80\xA6"); /* U+2026 HORIZONTAL ELLIPSIS */
	fin_buf_putc(b, '"');
}

/* A single-quoted gnuplot string (contract in finfig/plot.h). */
void fin_plot_gp_string(fin_buf *b, const char *s, size_t n)
{
	fin_buf_putc(b, '\'');
	size_t run = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c >= 0x20 && c != 0x7F && c != '\'')
			continue;
		fin_buf_append(b, s + run, i - run);
		run = i + 1;
		if (c == '\'')
			fin_buf_append(b, "''", 2);
	}
	fin_buf_append(b, s + run, n - run);
	fin_buf_putc(b, '\'');
}

/* HTML text and attribute escaping (contract in finfig/plot.h). */
void fin_plot_html_escape(fin_buf *b, const char *s, size_t n)
{
	size_t i = 0;
	while (i < n) {
		unsigned char c = (unsigned char)s[i];
		if (c >= 0x80) {
			size_t len;
			uint32_t cp = fin_utf8_decode(s + i, n - i, &len);
			if (cp == 0xFFFD && len == 1)
				fin_buf_puts(b, "\xEF\xBF\xBD");
			else
				fin_buf_append(b, s + i, len);
			i += len;
			continue;
		}
		switch (c) {
		case '&':
			fin_buf_puts(b, "&amp;");
			break;
		case '<':
			fin_buf_puts(b, "&lt;");
			break;
		case '>':
			fin_buf_puts(b, "&gt;");
			break;
		case '"':
			fin_buf_puts(b, "&quot;");
			break;
		case '\'':
			fin_buf_puts(b, "&#39;");
			break;
		default:
			if (c >= 0x20 && c != 0x7F)
				fin_buf_putc(b, (char)c);
			else if (c == '\t' || c == '\n')
				fin_buf_putc(b, ' ');
		}
		i++;
	}
}

/* Escape a NUL-terminated string; nothing for NULL. */
static void html_cstr(fin_buf *b, const char *s)
{
	if (s)
		fin_plot_html_escape(b, s, strlen(s));
}

/* A file-name-safe slug (contract in finfig/plot.h). */
size_t fin_plot_slug(const char *name, char *buf, size_t cap)
{
	size_t o = 0, lim = cap ? cap - 1 : 0;
	if (lim > 48)
		lim = 48;
	bool dash = false;
	for (const char *p = name ? name : ""; *p && o < lim; p++) {
		unsigned char c = (unsigned char)*p;
		if (fin_is_alnum(c)) {
			if (dash && o > 0 && o + 1 < lim)
				buf[o++] = '-';
			dash = false;
			buf[o++] = (char)fin_to_lower(c);
		} else {
			dash = true;
		}
	}
	if (o == 0 && lim > 0)
		buf[o++] = 'x';
	if (cap)
		buf[o] = '\0';
	return o;
}

/* ====================================================================== */
/* Numbers, written by hand (exact, locale-free)                          */
/* ====================================================================== */

static const int64_t pow10_tab[19] = {1LL,
                                      10LL,
                                      100LL,
                                      1000LL,
                                      10000LL,
                                      100000LL,
                                      1000000LL,
                                      10000000LL,
                                      100000000LL,
                                      1000000000LL,
                                      10000000000LL,
                                      100000000000LL,
                                      1000000000000LL,
                                      10000000000000LL,
                                      100000000000000LL,
                                      1000000000000000LL,
                                      10000000000000000LL,
                                      100000000000000000LL,
                                      1000000000000000000LL};

/* d rounded to `places` decimals, half away from zero. */
static fin_decimal dec_round(fin_decimal d, int places)
{
	d = fin_decimal_norm(d);
	if (d.exp >= -places)
		return d;
	int64_t k = (int64_t)-places - d.exp;
	fin_decimal r = {0, -places};
	if (k <= 18) {
		int64_t p = pow10_tab[k];
		int64_t q = d.sig / p, rem = d.sig % p;
		if (rem < 0)
			rem = -rem;
		if (rem >= p - rem)
			q += d.sig < 0 ? -1 : 1;
		r.sig = q;
	}
	return fin_decimal_norm(r);
}

/* Number of decimal digits of |v| (1 for 0). */
static int digits_of(int64_t v)
{
	uint64_t m = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
	int n = 1;
	while (m >= 10) {
		m /= 10;
		n++;
	}
	return n;
}

/* floor(log10(d)) for d > 0, exactly. */
static int dec_log10(fin_decimal d)
{
	d = fin_decimal_norm(d);
	return digits_of(d.sig) - 1 + d.exp;
}

/* true for d > 0. */
static bool dec_positive(fin_decimal d)
{
	return d.sig > 0;
}

/* Append d as a number gnuplot reads: plain when short, else
 * significand and exponent ("12345e-20"). */
static void put_num(fin_buf *b, fin_decimal d)
{
	char t[FIN_DECIMAL_MAXLEN];
	d = fin_decimal_norm(d);
	size_t n = fin_decimal_format(d, t, sizeof t);
	if (n > 0 && n <= 20) {
		fin_buf_append(b, t, n);
		return;
	}
	fin_buf_printf(b, "%llde%d", (long long)d.sig, (int)d.exp);
}

/* A USD amount in a data file: rounded to cents. */
static void put_usd(fin_buf *b, fin_decimal d)
{
	put_num(b, dec_round(d, 2));
}

/* Append v in decimal (no locale is involved in %ld). */
static void put_long(fin_buf *b, long v)
{
	fin_buf_printf(b, "%ld", v);
}

/* v with thousands separators ("12,345"). */
static void put_count(fin_buf *b, long v)
{
	char t[32];
	int n = snprintf(t, sizeof t, "%ld", v);
	if (n <= 0)
		return;
	int start = t[0] == '-' ? 1 : 0;
	fin_buf_append(b, t, (size_t)start);
	for (int i = start; i < n; i++) {
		fin_buf_putc(b, t[i]);
		int left = n - 1 - i;
		if (left > 0 && left % 3 == 0)
			fin_buf_putc(b, ',');
	}
}

/* part / whole in tenths of a percent, rounded half up, with integers
 * (whole > 0, 0 <= part <= whole). */
static long per_mille(long part, long whole)
{
	long x;
	if (!__builtin_mul_overflow(part, 2000L, &x))
		return (x / whole + 1) / 2;
	return part / (whole / 1000 + 1); /* counts beyond 4e15: close enough */
}

/* Scale units of money labels. */
typedef struct usd_unit {
	int exp;            /* power of ten */
	const char *suffix; /* "bn" */
	const char *word;   /* "billions" */
} usd_unit;

static const usd_unit usd_units[] = {
    {0, "", ""}, {3, "k", "thousands"}, {6, "m", "millions"}, {9, "bn", "billions"}, {12, "tn", "trillions"},
};

/* The largest unit not above d (d >= 0). */
static size_t unit_for(fin_decimal d)
{
	if (!dec_positive(d))
		return 0;
	int l = dec_log10(d);
	size_t u = 0;
	for (size_t i = 0; i < sizeof usd_units / sizeof usd_units[0]; i++)
		if (l >= usd_units[i].exp)
			u = i;
	return u;
}

/* A short money label (contract in finfig/plot.h): the unit is chosen
 * first, then the value rounded; a rounding that reaches 1000 moves up a
 * unit. */
size_t fin_plot_usd_short(fin_decimal usd, char *buf, size_t cap)
{
	if (cap < 32) {
		if (cap)
			buf[0] = '\0';
		return 0;
	}
	usd = fin_decimal_norm(usd);
	bool neg = usd.sig < 0;
	if (neg)
		usd.sig = -usd.sig;
	size_t u = unit_for(usd);
	char num[FIN_DECIMAL_MAXLEN];
	fin_decimal x;
	for (;;) {
		x = usd;
		x.exp -= usd_units[u].exp;
		int intd = dec_positive(x) ? dec_log10(x) + 1 : 1;
		int places = 3 - intd;
		if (places < 0)
			places = 0;
		/* Dollars: cents, or three significant digits below a dollar. */
		if (u == 0 && places > 2)
			places = intd > 0 ? 2 : places > 6 ? 6 : places;
		x = dec_round(x, places);
		/* 999.96m rounds to 1000m: say 1bn instead. */
		if (u + 1 < sizeof usd_units / sizeof usd_units[0] && dec_positive(x) && dec_log10(x) >= 3) {
			u++;
			continue;
		}
		break;
	}
	size_t n = fin_decimal_format(x, num, sizeof num);
	if (n == 0 || n + 8 > cap) {
		/* Beyond any unit ("$1e40tn"): still a readable label. */
		n = (size_t)snprintf(num, sizeof num, "%llde%d", (long long)x.sig, (int)x.exp);
		if (n >= sizeof num || n + 8 > cap)
			n = 0;
	}
	size_t o = 0;
	if (neg)
		buf[o++] = '-';
	buf[o++] = '$';
	memcpy(buf + o, num, n);
	o += n;
	size_t sl = strlen(usd_units[u].suffix);
	memcpy(buf + o, usd_units[u].suffix, sl);
	o += sl;
	buf[o] = '\0';
	return o;
}

/* Append the short label of d ("$38bn"). */
static void put_usd_short(fin_buf *b, fin_decimal d)
{
	char t[48];
	size_t n = fin_plot_usd_short(d, t, sizeof t);
	fin_buf_append(b, t, n);
}

static const char *const month_abbr[12] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                           "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

/* A date with a known year and month. */
static bool ymd_known(fin_ymd d)
{
	return d.year > 0 && d.month >= 1 && d.month <= 12;
}

/* Months since year 0 (for gaps and spans). */
static long month_no(fin_ymd d)
{
	return (long)d.year * 12 + (d.month - 1);
}

/* Append "YYYY-MM-DD" (nothing for an unknown date). */
static void put_ymd(fin_buf *b, fin_ymd d)
{
	char t[11];
	fin_ymd_format(d, t);
	fin_buf_puts(b, t);
}

/* "YYYY-MM-01" of month number m, single-quoted for a script. */
static void put_month_start(fin_buf *b, long m)
{
	fin_buf_printf(b, "'%04ld-%02ld-01'", m / 12, m % 12 + 1);
}

/* ====================================================================== */
/* Templates                                                               */
/* ====================================================================== */

/* Named values for a template, all stored in one buffer (offsets, since
 * the buffer moves as it grows). A value is built by appending to text
 * between tv_open() and tv_close(). */
#define TV_MAX 32
typedef struct tvars {
	fin_buf text;
	struct {
		const char *name;
		size_t off, len;
	} v[TV_MAX];
	size_t n;
	int failed; /* too many names */
} tvars;

/* An empty set of template values. */
static void tv_init(tvars *t)
{
	memset(t, 0, sizeof *t);
	fin_buf_init(&t->text, 0);
}

/* Free the values' storage. */
static void tv_free(tvars *t)
{
	fin_buf_free(&t->text);
}

/* Start the value of `name` (replacing an earlier one); returns the buffer
 * to append it to. */
static fin_buf *tv_open(tvars *t, const char *name)
{
	size_t i = 0;
	while (i < t->n && strcmp(t->v[i].name, name) != 0)
		i++;
	if (i == t->n) {
		if (t->n == TV_MAX) {
			t->failed = 1;
			i = TV_MAX - 1; /* overwritten; the fill reports the failure */
		} else {
			t->n++;
		}
	}
	t->v[i].name = name;
	t->v[i].off = t->text.len;
	t->v[i].len = 0;
	return &t->text;
}

/* End the value opened last for `name`. */
static void tv_close(tvars *t, const char *name)
{
	for (size_t i = 0; i < t->n; i++)
		if (strcmp(t->v[i].name, name) == 0)
			t->v[i].len = t->text.len - t->v[i].off;
}

/* Set `name` to the text s (inserted as is: template text or numbers). */
static void tv_set(tvars *t, const char *name, const char *s)
{
	fin_buf_puts(tv_open(t, name), s);
	tv_close(t, name);
}

/* Set `name` to s[0..n) as a single-quoted gnuplot string. */
static void tv_set_gp(tvars *t, const char *name, const char *s, size_t n)
{
	fin_plot_gp_string(tv_open(t, name), s, n);
	tv_close(t, name);
}

/* Set `name` to the number v. */
static void tv_set_long(tvars *t, const char *name, long v)
{
	put_long(tv_open(t, name), v);
	tv_close(t, name);
}

/* A template's text: DIR/<name>.gp when an override directory has it,
 * else the built-in copy. *owned is the fin_malloc'd text to free (NULL
 * for the built-in one). */
static int tmpl_load(const fin_plot_opts *o, const char *name, const char **text, size_t *len, char **owned,
                     fin_error *err)
{
	char key[96];
	*owned = NULL;
	if (o && o->template_dir && *o->template_dir) {
		char path[4096];
		int n = snprintf(path, sizeof path, "%s/%s.gp", o->template_dir, name);
		if (n < 0 || (size_t)n >= sizeof path)
			return fin_error_set(err, FIN_EINVAL, o->template_dir, 0, "template path too long");
		fin_error e2;
		int rc = fin_read_file(path, 1u << 20, owned, len, &e2);
		if (rc == FIN_OK) {
			*text = *owned;
			return FIN_OK;
		}
		if (rc != FIN_ENOTFOUND) {
			if (err)
				*err = e2;
			return rc;
		}
	}
	snprintf(key, sizeof key, "plots/%s.gp", name);
	*text = fin_data_builtin(key, len);
	if (!*text)
		return fin_error_set(err, FIN_ENOTFOUND, key, 0, "no built-in template");
	return FIN_OK;
}

/* Append template t[0..n) to out with every {{NAME}} replaced by its
 * value. An unknown NAME is an error (a misspelt template fails loudly
 * instead of giving a script gnuplot rejects later). */
static int tmpl_fill(fin_buf *out, const char *t, size_t n, const tvars *tv, const char *tname,
                     fin_error *err)
{
	if (tv->failed || tv->text.failed)
		return fin_error_set(err, tv->text.failed ? tv->text.failed : FIN_ENOMEM, "", 0,
		                     "template values: out of memory");
	size_t i = 0, run = 0;
	long line = 1;
	while (i < n) {
		if (t[i] == '\n')
			line++;
		if (t[i] != '{' || i + 1 >= n || t[i + 1] != '{') {
			i++;
			continue;
		}
		size_t j = i + 2;
		while (j < n && (fin_is_upper((unsigned char)t[j]) || fin_is_digit((unsigned char)t[j]) ||
		                 t[j] == '_'))
			j++;
		if (j == i + 2 || j + 1 >= n || t[j] != '}' || t[j + 1] != '}') {
			i++;
			continue;
		}
		size_t k = 0;
		while (k < tv->n && !fin_eq(t + i + 2, j - i - 2, tv->v[k].name))
			k++;
		if (k == tv->n)
			return fin_error_set(err, FIN_EPARSE, tname, line, "unknown placeholder {{%.*s}}",
			                     (int)(j - i - 2), t + i + 2);
		fin_buf_append(out, t + run, i - run);
		fin_buf_append(out, tv->text.ptr + tv->v[k].off, tv->v[k].len);
		i = j + 2;
		run = i;
	}
	fin_buf_append(out, t + run, n - run);
	return out->failed
	           ? fin_error_set(err, out->failed, tname, 0, "output: %s", fin_strerror(out->failed))
	           : FIN_OK;
}

/* Fill head.gp, then the chart template `name`, into gp. */
static int tmpl_emit(const fin_plot_opts *o, const char *name, tvars *tv, fin_buf *gp, fin_error *err)
{
	const char *t;
	size_t n;
	char *owned;
	tv_set(tv, "TEMPLATE", name);
	int rc = tmpl_load(o, "head", &t, &n, &owned, err);
	if (rc)
		return rc;
	fin_buf head;
	fin_buf_init(&head, 0);
	rc = tmpl_fill(&head, t, n, tv, "head.gp", err);
	fin_free(owned);
	if (rc == FIN_OK) {
		/* The head ends with a newline; the {{HEAD}} line brings its own. */
		size_t hl = head.len;
		while (hl > 0 && head.ptr[hl - 1] == '\n')
			hl--;
		fin_buf_append(tv_open(tv, "HEAD"), head.ptr ? head.ptr : "", hl);
		tv_close(tv, "HEAD");
	}
	fin_buf_free(&head);
	if (rc)
		return rc;
	rc = tmpl_load(o, name, &t, &n, &owned, err);
	if (rc)
		return rc;
	char tname[96];
	snprintf(tname, sizeof tname, "%s.gp", name);
	rc = tmpl_fill(gp, t, n, tv, tname, err);
	fin_free(owned);
	return rc;
}

/* ====================================================================== */
/* Chart descriptions                                                      */
/* ====================================================================== */

typedef struct chart_info {
	const char *stem;
	const char *title;
	const char *about; /* first comment line of the script and the .dat */
	int width, height;
} chart_info;

static const chart_info charts[FIN_PLOT_N_CHARTS] = {
    {"deals-by-month", "Deal value per month (USD)",
     "deal value per month in USD (events, each deal counted once) and the number of deals", 900, 500},
    {"top-companies", "Top companies by total deal value (USD)",
     "top companies by the total USD value of their deals", 900, 0},
    {"currency-mix", "Currency mix: share of amounts by original currency",
     "share of amounts by the currency they were written in", 800, 0},
    {"deal-sizes", "Deal sizes over time (USD, log scale)",
     "every deal with a date and a USD value, by kind, on a log scale", 900, 500},
    {"company", "Deals over time (USD, log scale)", "one company's deals over time, on a log scale", 900,
     450},
};

/* The file stem of a chart (contract in finfig/plot.h). */
void fin_plot_stem(fin_plot_chart chart, const char *company, char stem[FIN_PLOT_STEM_MAX])
{
	if ((int)chart < 0 || chart >= FIN_PLOT_N_CHARTS) {
		stem[0] = '\0';
		return;
	}
	if (chart != FIN_PLOT_COMPANY) {
		snprintf(stem, FIN_PLOT_STEM_MAX, "%s", charts[chart].stem);
		return;
	}
	/* "company-" (8 bytes) + a slug of at most 48: fits FIN_PLOT_STEM_MAX. */
	memcpy(stem, "company-", 8);
	fin_plot_slug(company, stem + 8, FIN_PLOT_STEM_MAX - 8);
}

/* The values every template shares. */
static void tv_common(tvars *tv, fin_plot_chart c, const char *stem, const char *title, size_t title_len,
                      int height)
{
	tv_set(tv, "STEM", stem);
	tv_set(tv, "ABOUT", charts[c].about);
	tv_set_long(tv, "WIDTH", charts[c].width);
	tv_set_long(tv, "HEIGHT", height ? height : charts[c].height);
	tv_set_gp(tv, "TITLE", title, title_len);
	tv_set(tv, "NOTE", "");
}

/* The .dat header: what the file is and its columns. */
static void dat_head(fin_buf *dat, fin_plot_chart c, const char *columns)
{
	fin_buf_printf(dat, "# finfig: %s\n", charts[c].about);
	fin_buf_printf(dat, "# columns (tab-separated): %s\n", columns);
}

/* A script that draws `message` (and `detail`) instead of a chart. */
static int emit_message(const fin_plot_opts *o, tvars *tv, fin_buf *dat, fin_buf *gp, const char *message,
                        const char *detail, fin_error *err)
{
	fin_buf_printf(dat, "# no rows: %s\n", message);
	tv_set_gp(tv, "MESSAGE", message, strlen(message));
	tv_set_gp(tv, "DETAIL", detail ? detail : "", detail ? strlen(detail) : 0);
	return tmpl_emit(o, "message", tv, gp, err);
}

/* A small grey note in the lower right corner of a chart. */
static void tv_note(tvars *tv, const char *text)
{
	fin_buf *b = tv_open(tv, "NOTE");
	fin_buf_puts(b, "set label 9 ");
	fin_plot_gp_string(b, text, strlen(text));
	fin_buf_puts(b, " at graph 1, 1.025 right font ',9' textcolor rgb '#777777'");
	tv_close(tv, "NOTE");
}

/* Axis scaling of a money axis: the variable `scale`, the tick format and
 * the axis label for values up to max. */
static void tv_money_axis(tvars *tv, fin_decimal max, const char *label_name, const char *format_name,
                          const char *what)
{
	const usd_unit *u = &usd_units[unit_for(max)];
	fin_buf *b = tv_open(tv, "SCALE");
	fin_buf_printf(b, "1e%d", u->exp);
	tv_close(tv, "SCALE");
	char t[128];
	if (u->exp)
		snprintf(t, sizeof t, "%s (USD %s)", what, u->word);
	else
		snprintf(t, sizeof t, "%s (USD)", what);
	tv_set_gp(tv, label_name, t, strlen(t));
	snprintf(t, sizeof t, "$%%g%s", u->suffix);
	tv_set_gp(tv, format_name, t, strlen(t));
}

/* ====================================================================== */
/* Sorting helpers                                                         */
/* ====================================================================== */

static int cmp_month(const void *a, const void *b)
{
	long x = month_no(((const fin_plot_month *)a)->month);
	long y = month_no(((const fin_plot_month *)b)->month);
	return x < y ? -1 : x > y;
}

/* strcmp with NULL as "". */
static int cmp_name(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "");
}

/* Companies: USD descending, then events descending, then name. */
static int cmp_group_usd(const void *a, const void *b)
{
	const fin_plot_group *x = a, *y = b;
	int c = fin_decimal_cmp(y->usd, x->usd);
	if (c)
		return c;
	if (x->count != y->count)
		return x->count > y->count ? -1 : 1;
	return cmp_name(x->name, y->name);
}

/* Currencies: count descending, then code. */
static int cmp_group_count(const void *a, const void *b)
{
	const fin_plot_group *x = a, *y = b;
	if (x->count != y->count)
		return x->count > y->count ? -1 : 1;
	return cmp_name(x->name, y->name);
}

/* Dates in calendar order (unknown dates first). */
static int cmp_ymd(fin_ymd a, fin_ymd b)
{
	long x = (long)a.year * 400 + a.month * 32 + a.day;
	long y = (long)b.year * 400 + b.month * 32 + b.day;
	return x < y ? -1 : x > y;
}

/* Deals in time order (then by doc and text, so the output is stable). */
static int cmp_deal_date(const void *a, const void *b)
{
	const fin_plot_deal *x = *(const fin_plot_deal *const *)a;
	const fin_plot_deal *y = *(const fin_plot_deal *const *)b;
	int c = cmp_ymd(x->date, y->date);
	if (c)
		return c;
	if ((c = cmp_name(x->doc, y->doc)))
		return c;
	return cmp_name(x->text, y->text);
}

/* Deals by USD descending (the top deals table). */
static int cmp_deal_usd(const void *a, const void *b)
{
	const fin_plot_deal *x = *(const fin_plot_deal *const *)a;
	const fin_plot_deal *y = *(const fin_plot_deal *const *)b;
	int c = fin_decimal_cmp(y->usd, x->usd);
	return c ? c : cmp_deal_date(a, b);
}

/* ====================================================================== */
/* The charts                                                              */
/* ====================================================================== */

/* Months beyond this span are cut (oldest first): a stray year in the
 * records must not turn the chart into a thousand empty bars. */
#define MONTHS_MAX 240

/* Months m[a..b) (sorted, distinct) are dense enough to draw every month
 * of their span: a span of three years at most, or at least one month in
 * three with deals. */
static bool months_dense(const fin_plot_month *m, size_t a, size_t b)
{
	long span = month_no(m[b - 1].month) - month_no(m[a].month) + 1;
	return span <= 36 || span <= 3 * (long)(b - a);
}

/* The shortest run m[*a..*b) of months holding at least 90 % of the deals
 * (the latest of equal ones). */
static void months_core(const fin_plot_month *m, size_t n, size_t *a, size_t *b)
{
	long total = 0;
	for (size_t i = 0; i < n; i++)
		total += m[i].events;
	long need = total - total / 10;
	*a = 0;
	*b = n;
	long best = month_no(m[n - 1].month) - month_no(m[0].month);
	size_t l = 0;
	long sum = 0;
	for (size_t r = 0; r < n; r++) {
		sum += m[r].events;
		while (l < r && sum - m[l].events >= need)
			sum -= m[l++].events;
		long span = month_no(m[r].month) - month_no(m[l].month);
		if (sum >= need && span <= best) {
			best = span;
			*a = l;
			*b = r + 1;
		}
	}
}

/* Deal value per month (bars, USD) and the number of deals (line, y2).
 * Months come from d->months (several entries of a month, one per kind,
 * are added up). */
static int chart_months(const fin_plot_data *d, const fin_plot_opts *o, tvars *tv, fin_buf *dat, fin_buf *gp,
                        fin_error *err)
{
	dat_head(dat, FIN_PLOT_MONTHS, "month, usd, events, label");
	size_t n = 0;
	fin_plot_month *m = NULL;
	if (d->n_months) {
		m = fin_calloc(d->n_months, sizeof *m);
		if (!m)
			return fin_error_set(err, FIN_ENOMEM, "", 0, "out of memory");
		for (size_t i = 0; i < d->n_months; i++)
			if (ymd_known(d->months[i].month))
				m[n++] = d->months[i];
		qsort(m, n, sizeof *m, cmp_month);
	}
	if (n == 0) {
		fin_free(m);
		char detail[160];
		if (d->events > 0) {
			snprintf(detail, sizeof detail,
			         "%ld deal%s found, none with a date: a monthly chart needs dated articles",
			         d->events, d->events == 1 ? "" : "s");
			return emit_message(o, tv, dat, gp, "No dates in these articles", detail, err);
		}
		snprintf(detail, sizeof detail, "%ld amount%s read, no deal among them",
		         d->amounts > 0 ? d->amounts : 0, d->amounts == 1 ? "" : "s");
		return emit_message(o, tv, dat, gp, "No deals found", detail, err);
	}
	/* One entry per month (the kinds of a month added up). */
	size_t u = 0;
	for (size_t i = 0; i < n; i++) {
		if (u && month_no(m[u - 1].month) == month_no(m[i].month)) {
			fin_decimal sum;
			if (fin_decimal_add(m[u - 1].usd, m[i].usd, &sum) == FIN_OK)
				m[u - 1].usd = sum;
			m[u - 1].events += m[i].events;
		} else {
			m[u++] = m[i];
		}
	}
	n = u;
	/* Dense data gets every month of its span (gaps as zero bars). News
	 * dated over decades (a deal's date may be "fiscal 1971" in a 1987
	 * story) is shown on the shortest run of months that holds 90 % of
	 * the deals when that run is dense, else only its months with deals:
	 * a thousand empty bars would hide everything. */
	size_t lo = 0, hi = n; /* the months shown: m[lo..hi) */
	bool sparse = !months_dense(m, 0, n);
	if (sparse) {
		size_t wl, wh;
		months_core(m, n, &wl, &wh);
		if (months_dense(m, wl, wh)) {
			lo = wl;
			hi = wh;
			sparse = false;
		}
	}
	/* Articles without publication dates (the BBC set) leave only dates
	 * read in the text ("in 2004"), for a few deals: no monthly chart
	 * from those. */
	long dated = 0;
	for (size_t i = 0; i < n; i++)
		dated += m[i].events;
	if (d->amounts_published == 0 && dated * 2 < d->events) {
		fin_free(m);
		char detail[200];
		snprintf(detail, sizeof detail,
		         "The articles have no publication dates: only %ld of %ld deals carry a date, read "
		         "from their text",
		         dated, d->events);
		return emit_message(o, tv, dat, gp, "No dates in these articles", detail, err);
	}
	long first = month_no(m[lo].month), last = month_no(m[hi - 1].month);
	long outside = 0; /* deals of the months left out */
	for (size_t i = 0; i < n; i++)
		if (i < lo || i >= hi)
			outside += m[i].events;
	long cut = 0;
	if (!sparse && last - first + 1 > MONTHS_MAX) {
		first = last - MONTHS_MAX + 1;
		while (month_no(m[lo].month) < first) {
			outside += m[lo].events;
			lo++;
			cut++;
		}
	}
	long y_first = m[0].month.year, y_last = m[n - 1].month.year;
	size_t start = lo;
	long span = sparse ? (long)(n - start) : last - first + 1;
	long step = (span + 23) / 24; /* at most about 24 labels */
	fin_decimal max = {0, 0};
	long maxcount = 0, events = 0;
	size_t j = start;
	n = hi;
	for (long k = 0; k < span; k++) {
		fin_decimal usd = {0, 0};
		long cnt = 0;
		long mon = sparse ? month_no(m[j].month) : first + k;
		if (j < n && month_no(m[j].month) == mon) {
			usd = m[j].usd;
			cnt = m[j].events;
			j++;
		}
		if (fin_decimal_cmp(usd, max) > 0)
			max = usd;
		if (cnt > maxcount)
			maxcount = cnt;
		events += cnt;
		fin_buf_printf(dat, "%04ld-%02ld\t", mon / 12, mon % 12 + 1);
		put_usd(dat, usd);
		fin_buf_printf(dat, "\t%ld\t", cnt);
		if (k % step == 0)
			fin_buf_printf(dat, "\"%s %04ld\"\n", month_abbr[mon % 12], mon / 12);
		else
			fin_buf_puts(dat, "\"\"\n");
	}
	fin_free(m);
	tv_set_long(tv, "N", span);
	tv_money_axis(tv, max, "YLABEL", "YFORMAT", "Value of deals");
	/* Room above the tallest bar and the highest count for the key. */
	fin_buf *b = tv_open(tv, "YMAX");
	if (dec_positive(max)) {
		fin_buf_puts(b, "1.2 * ");
		put_usd(b, max);
		fin_buf_puts(b, " / scale");
	} else {
		fin_buf_puts(b, "1");
	}
	tv_close(tv, "YMAX");
	tv_set_long(tv, "Y2MAX", maxcount + (maxcount / 5 > 1 ? maxcount / 5 : 1));
	tv_set(tv, "Y2STEP", maxcount <= 8 ? "1" : "");
	tv_set(tv, "XROTATE", span > 12 ? "rotate by 45 right" : "");
	char note[200];
	note[0] = '\0';
	long undated = d->events > events + outside ? d->events - events - outside : 0;
	if (outside > 0)
		snprintf(note, sizeof note,
		         "%ld deal%s dated outside these months not shown (dates from %04ld to %04ld)",
		         outside, outside == 1 ? "" : "s", y_first, y_last);
	else if (sparse)
		snprintf(note, sizeof note, "only the %ld months with deals are shown (%04ld to %04ld)", span,
		         y_first, y_last);
	else if (undated > 0)
		snprintf(note, sizeof note, "%ld deal%s without a date not shown", undated,
		         undated == 1 ? "" : "s");
	else if (span == 1)
		snprintf(note, sizeof note, "only one month of data");
	if (!dec_positive(max))
		snprintf(note, sizeof note, "no USD value known for these deals (no exchange rate)");
	if (note[0])
		tv_note(tv, note);
	return tmpl_emit(o, "deals-by-month", tv, gp, err);
}

/* Copy the groups into fresh storage, sorted by cmp. */
static fin_plot_group *sorted_groups(const fin_plot_group *g, size_t n,
                                     int (*cmp)(const void *, const void *))
{
	fin_plot_group *s = fin_calloc(n ? n : 1, sizeof *s);
	if (!s)
		return NULL;
	if (n)
		memcpy(s, g, n * sizeof *s);
	qsort(s, n, sizeof *s, cmp);
	return s;
}

/* The top companies by total USD value, largest on top (horizontal bars).
 * Companies without a USD value are not ranked. */
static int chart_companies(const fin_plot_data *d, const fin_plot_opts *o, tvars *tv, fin_buf *dat,
                           fin_buf *gp, fin_error *err)
{
	dat_head(dat, FIN_PLOT_COMPANIES, "rank, usd, events, company, label");
	size_t top = o && o->top_n > 0 ? (size_t)o->top_n : 15;
	fin_plot_group *s = sorted_groups(d->companies, d->n_companies, cmp_group_usd);
	if (!s)
		return fin_error_set(err, FIN_ENOMEM, "", 0, "out of memory");
	size_t n = 0;
	while (n < d->n_companies && n < top && dec_positive(s[n].usd))
		n++;
	tv_set_long(tv, "HEIGHT", 150 + 28 * (long)(n < 6 ? 6 : n));
	if (n == 0) {
		fin_free(s);
		tv_set_long(tv, "HEIGHT", 400);
		if (d->n_companies > 0)
			return emit_message(o, tv, dat, gp, "No company has a deal with a USD value",
			                    "deals were linked to companies, but none has an exchange rate",
			                    err);
		return emit_message(o, tv, dat, gp, "No companies linked to deals",
		                    "no amount in these articles names a company", err);
	}
	char title[128];
	snprintf(title, sizeof title, "Top %zu compan%s by total deal value (USD)", n, n == 1 ? "y" : "ies");
	tv_set_gp(tv, "TITLE", title, strlen(title));
	for (size_t i = 0; i < n; i++) {
		fin_buf_printf(dat, "%zu\t", i + 1);
		put_usd(dat, s[i].usd);
		fin_buf_printf(dat, "\t%ld\t", s[i].count);
		const char *nm = s[i].name ? s[i].name : "";
		fin_plot_dat_string(dat, nm, strlen(nm), 40);
		fin_buf_puts(dat, "\t\"");
		put_usd_short(dat, s[i].usd);
		fin_buf_printf(dat, ", %ld deal%s\"\n", s[i].count, s[i].count == 1 ? "" : "s");
	}
	tv_set_long(tv, "N", (long)n);
	tv_money_axis(tv, s[0].usd, "XLABEL", "XFORMAT", "Total value of deals");
	fin_buf *b = tv_open(tv, "XMAX");
	fin_buf_puts(b, "1.25 * ");
	put_usd(b, s[0].usd);
	fin_buf_puts(b, " / scale");
	tv_close(tv, "XMAX");
	if (n < 3) {
		char note[64];
		snprintf(note, sizeof note, "only %zu compan%s with a USD value", n, n == 1 ? "y" : "ies");
		tv_note(tv, note);
	}
	fin_free(s);
	return tmpl_emit(o, "top-companies", tv, gp, err);
}

/* Share of amounts by original currency: the largest currencies, the
 * rest as "other"; per mille computed with integers. */
static int chart_currencies(const fin_plot_data *d, const fin_plot_opts *o, tvars *tv, fin_buf *dat,
                            fin_buf *gp, fin_error *err)
{
	dat_head(dat, FIN_PLOT_CURRENCIES, "rank, currency, amounts, percent, label");
	size_t top = o && o->top_currencies > 1 ? (size_t)o->top_currencies : 10;
	fin_plot_group *s = sorted_groups(d->currencies, d->n_currencies, cmp_group_count);
	if (!s)
		return fin_error_set(err, FIN_ENOMEM, "", 0, "out of memory");
	long total = 0;
	size_t nz = 0;
	for (size_t i = 0; i < d->n_currencies; i++) {
		if (s[i].count > 0) {
			if (__builtin_add_overflow(total, s[i].count, &total))
				total = LONG_MAX;
			nz++;
		}
	}
	if (total == 0) {
		fin_free(s);
		tv_set_long(tv, "HEIGHT", 400);
		return emit_message(o, tv, dat, gp, "No amounts found", "nothing to count by currency", err);
	}
	/* The first top-1 currencies, and the rest as "other" when more than
	 * `top` remain. */
	size_t shown = nz <= top ? nz : top - 1;
	long other = 0;
	for (size_t i = shown; i < nz; i++)
		other += s[i].count;
	size_t rows = shown + (other > 0);
	long maxpm = 0; /* per mille of the largest bar */
	for (size_t i = 0; i < rows; i++) {
		long cnt = i < shown ? s[i].count : other;
		long pm = per_mille(cnt, total);
		if (pm > maxpm)
			maxpm = pm;
		fin_buf_printf(dat, "%zu\t", i + 1);
		if (i < shown) {
			const char *nm = s[i].name ? s[i].name : "";
			fin_plot_dat_string(dat, nm, strlen(nm), 12);
		} else {
			fin_buf_puts(dat, "\"other\"");
		}
		fin_buf_printf(dat, "\t%ld\t%ld.%ld\t\"%ld.%ld%% (", cnt, pm / 10, pm % 10, pm / 10, pm % 10);
		put_count(dat, cnt);
		fin_buf_puts(dat, ")\"\n");
	}
	fin_free(s);
	tv_set_long(tv, "N", (long)rows);
	tv_set_long(tv, "HEIGHT", 150 + 30 * (long)(rows < 5 ? 5 : rows));
	fin_buf *b = tv_open(tv, "XMAX");
	long xmax = (maxpm * 13 / 10 + 9) / 10 + 5; /* room for the labels */
	put_long(b, xmax > 100 ? 115 : xmax);
	tv_close(tv, "XMAX");
	if (total < 5) {
		char note[64];
		snprintf(note, sizeof note, "only %ld amount%s", total, total == 1 ? "" : "s");
		tv_note(tv, note);
	}
	return tmpl_emit(o, "currency-mix", tv, gp, err);
}

/* A --company name matches a company named the same (ASCII case aside)
 * or one whose name starts with it and a space ("Northwind" for
 * "Northwind Traders"). */
static bool company_matches(const char *name, const char *want)
{
	size_t n = strlen(want);
	size_t l = strlen(name);
	if (l < n || !fin_eq_ci(name, n, want))
		return false;
	return l == n ? fin_eq_ci(name, l, want) : name[n] == ' ';
}

/* The deals that can stand on a dated log-scale chart (a date, a USD value
 * above zero), sorted by date; for one company when company is not NULL.
 * *n_all counts the deals considered (all of them, or the company's). */
static const fin_plot_deal **plottable(const fin_plot_data *d, const char *company, size_t *n, size_t *n_all,
                                       const char **display)
{
	const fin_plot_deal **v = fin_calloc(d->n_deals ? d->n_deals : 1, sizeof *v);
	*n = *n_all = 0;
	if (!v)
		return NULL;
	for (size_t i = 0; i < d->n_deals; i++) {
		const fin_plot_deal *x = &d->deals[i];
		if (company) {
			bool hit = false;
			for (size_t k = 0; k < x->n_companies && !hit; k++) {
				const char *c = x->companies[k];
				if (c && company_matches(c, company)) {
					hit = true;
					if (!*display)
						*display = c;
				}
			}
			if (!hit)
				continue;
		}
		(*n_all)++;
		if (ymd_known(x->date) && x->has_usd && dec_positive(x->usd))
			v[(*n)++] = x;
	}
	qsort(v, *n, sizeof *v, cmp_deal_date);
	return v;
}

/* Keep, of deals sorted by date, the shortest run of dates that holds 95 %
 * of them when they span more than three years: a few deals dated decades
 * away ("fiscal 1971" in 1987 news) would squeeze the rest into one
 * column. Returns how many were dropped; v[0..*n) is the run. */
static size_t trim_to_core(const fin_plot_deal **v, size_t *n)
{
	size_t cnt = *n;
	if (cnt < 2 || month_no(v[cnt - 1]->date) - month_no(v[0]->date) < 36)
		return 0;
	size_t need = cnt - cnt / 20;
	size_t best_a = 0;
	long best = month_no(v[cnt - 1]->date) - month_no(v[0]->date);
	for (size_t a = 0; a + need <= cnt; a++) {
		long span = month_no(v[a + need - 1]->date) - month_no(v[a]->date);
		if (span < best) {
			best = span;
			best_a = a;
		}
	}
	/* Take back the deals near the run: within a quarter of its span (at
	 * least six months) of either end. */
	long pad = best / 4 > 6 ? best / 4 : 6;
	long lo = month_no(v[best_a]->date) - pad, hi = month_no(v[best_a + need - 1]->date) + pad;
	size_t a = best_a, b = best_a + need;
	while (a > 0 && month_no(v[a - 1]->date) >= lo)
		a--;
	while (b < cnt && month_no(v[b]->date) <= hi)
		b++;
	if (a)
		memmove(v, v + a, (b - a) * sizeof *v);
	*n = b - a;
	return cnt - (b - a);
}

/* Time axis and log axis bounds of sorted, plottable deals. */
static void tv_time_log_axes(tvars *tv, const fin_plot_deal *const *v, size_t n, bool room)
{
	long m0 = month_no(v[0]->date), m1 = month_no(v[n - 1]->date);
	fin_decimal lo = v[0]->usd, hi = v[0]->usd;
	for (size_t i = 1; i < n; i++) {
		if (fin_decimal_cmp(v[i]->usd, lo) < 0)
			lo = v[i]->usd;
		if (fin_decimal_cmp(v[i]->usd, hi) > 0)
			hi = v[i]->usd;
	}
	/* Half a month of room on each side: no point on the frame. */
	fin_buf_printf(tv_open(tv, "XMIN"), "'%04ld-%02ld-15'", (m0 - 1) / 12, (m0 - 1) % 12 + 1);
	tv_close(tv, "XMIN");
	fin_buf_printf(tv_open(tv, "XMAX"), "'%04ld-%02ld-15'", (m1 + 1) / 12, (m1 + 1) % 12 + 1);
	tv_close(tv, "XMAX");
	/* Tics on month starts (gnuplot's own time tics fall on weeks and
	 * repeat month names): at most about 12 labels, years when the span
	 * is over three years. */
	fin_buf *b = tv_open(tv, "XTICS");
	fin_buf_putc(b, '(');
	long span = m1 + 1 - m0;
	if (span <= 36) {
		/* At most 8 labels, on months that are multiples of the step
		 * (quarters start in Jan, Apr, Jul, Oct). */
		static const long steps[] = {1, 2, 3, 6, 12};
		long step = 12;
		for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++) {
			if ((span + 1 + steps[i] - 1) / steps[i] <= 8) {
				step = steps[i];
				break;
			}
		}
		long m = (m0 + step - 1) / step * step;
		for (bool firstm = true; m <= m1 + 1; m += step, firstm = false) {
			fin_buf_printf(b, "%s'%s %04ld' ", firstm ? "" : ", ", month_abbr[m % 12], m / 12);
			put_month_start(b, m);
		}
	} else {
		long y0 = (m0 + 11) / 12, y1 = (m1 + 1) / 12;
		long step = (y1 - y0 + 12) / 12;
		for (long y = y0; y <= y1; y += step) {
			fin_buf_printf(b, "%s'%04ld' ", y == y0 ? "" : ", ", y);
			put_month_start(b, y * 12);
		}
	}
	fin_buf_putc(b, ')');
	tv_close(tv, "XTICS");
	int e0 = dec_log10(lo);
	fin_buf_printf(tv_open(tv, "YMIN"), "1e%d", e0);
	tv_close(tv, "YMIN");
	/* A decade of room above the largest value; two when it is close to
	 * the top or labels stand above the points (a timeline's labels rise
	 * up to half a decade). */
	fin_decimal top = fin_decimal_norm(hi);
	int lead = (int)(top.sig / pow10_tab[digits_of(top.sig) - 1]); /* 19 digits at most */
	int e1 = dec_log10(hi) + (room || lead >= 7 ? 2 : 1);
	fin_buf_printf(tv_open(tv, "YMAX"), "1e%d", e1);
	tv_close(tv, "YMAX");
	/* Money labels on the decades ("$10m"), and on 2 and 5 of each when
	 * the axis spans two decades or less. */
	b = tv_open(tv, "YTICS");
	fin_buf_putc(b, '(');
	for (int e = e0; e <= e1; e++) {
		static const int mult[3] = {1, 2, 5};
		for (int k = 0; k < (e1 - e0 <= 2 ? 3 : 1); k++) {
			if (e == e1 && k > 0)
				break;
			fin_decimal tick = {mult[k], e};
			fin_buf_puts(b, e == e0 && k == 0 ? "'" : ", '");
			put_usd_short(b, tick);
			fin_buf_printf(b, "' %de%d", mult[k], e);
		}
	}
	fin_buf_putc(b, ')');
	tv_close(tv, "YTICS");
}

/* One data line of a dated deal: date, usd, kind, amount as written, doc. */
static void dat_deal(fin_buf *dat, const fin_plot_deal *x, int label)
{
	put_ymd(dat, x->date);
	fin_buf_putc(dat, '\t');
	put_usd(dat, x->usd);
	fin_buf_printf(dat, "\t\"%s\"\t", kind_styles[kind_index(x->kind)].name);
	const char *t = x->text ? x->text : "";
	fin_plot_dat_string(dat, t, strlen(t), 32);
	fin_buf_putc(dat, '\t');
	const char *doc = x->doc ? x->doc : "";
	fin_plot_dat_string(dat, doc, strlen(doc), 80);
	if (label >= 0) {
		fin_buf_putc(dat, '\t');
		if (label)
			fin_plot_dat_string(dat, t, strlen(t), 32);
		else
			fin_buf_puts(dat, "\"\"");
		fin_buf_printf(dat, "\t%d", label > 0 ? label - 1 : 0);
	}
	fin_buf_putc(dat, '\n');
}

/* Days since year 0, roughly (for distances on a time axis). */
static long day_no(fin_ymd d)
{
	return month_no(d) * 31 + d.day;
}

/* The label level of each labelled deal of v[0..n) (sorted by date), into
 * level[] (0: unlabelled, else 1 + the level): a label that would land on
 * an earlier one (near in time, same decade of value, same level) goes one
 * level up, where the script puts it five times higher. */
static void label_levels(const fin_plot_deal *const *v, size_t n, const bool *labelled, int *level)
{
	long span = day_no(v[n - 1]->date) - day_no(v[0]->date);
	long near = span / 10 > 3 ? span / 10 : 3; /* a label is about a tenth of the axis wide */
	for (size_t i = 0; i < n; i++) {
		level[i] = 0;
		if (!labelled[i])
			continue;
		int lv = 1;
		for (bool moved = true; moved && lv < 3;) {
			moved = false;
			for (size_t k = 0; k < i; k++) {
				if (level[k] != lv || day_no(v[i]->date) - day_no(v[k]->date) >= near)
					continue;
				int dl = dec_log10(v[i]->usd) - dec_log10(v[k]->usd);
				if (dl >= -1 && dl <= 1) {
					lv++;
					moved = true;
					break;
				}
			}
		}
		level[i] = lv;
	}
}

/* Timelines label their largest deals only (more would collide). */
#define TIMELINE_LABELS 10

/* Is v[i] among the TIMELINE_LABELS largest of v[0..n)? (Ties go to the
 * earlier deal.) */
static bool among_largest(const fin_plot_deal *const *v, size_t n, size_t i)
{
	size_t above = 0;
	for (size_t k = 0; k < n && above < TIMELINE_LABELS; k++) {
		int c = fin_decimal_cmp(v[k]->usd, v[i]->usd);
		if (c > 0 || (c == 0 && k < i))
			above++;
	}
	return above < TIMELINE_LABELS;
}

/* Every dated deal with a USD value, one block (colour) per kind, on a
 * log scale. */
static int chart_sizes(const fin_plot_data *d, const fin_plot_opts *o, tvars *tv, fin_buf *dat, fin_buf *gp,
                       fin_error *err)
{
	dat_head(dat, FIN_PLOT_SIZES, "date, usd, kind, amount as written, doc; one block per kind");
	size_t n, n_all;
	const char *display = NULL;
	const fin_plot_deal **v = plottable(d, NULL, &n, &n_all, &display);
	if (!v)
		return fin_error_set(err, FIN_ENOMEM, "", 0, "out of memory");
	if (n == 0) {
		fin_free(v);
		size_t dated = 0, usd = 0;
		for (size_t i = 0; i < d->n_deals; i++) {
			dated += ymd_known(d->deals[i].date);
			usd += d->deals[i].has_usd && dec_positive(d->deals[i].usd);
		}
		char detail[160];
		if (n_all == 0)
			return emit_message(o, tv, dat, gp, "No deals found",
			                    "no amount in these articles is a deal", err);
		if (dated == 0) {
			snprintf(detail, sizeof detail,
			         "%zu deal%s found, none with a date: this chart needs dated articles", n_all,
			         n_all == 1 ? "" : "s");
			return emit_message(o, tv, dat, gp, "No dates in these articles", detail, err);
		}
		snprintf(detail, sizeof detail, "%zu deal%s found, %zu with a USD value, none of them dated",
		         n_all, n_all == 1 ? "" : "s", usd);
		return emit_message(o, tv, dat, gp, "No dated deal with a USD value", detail, err);
	}
	if (d->amounts_published == 0 && n * 2 < n_all) {
		fin_free(v);
		char detail[200];
		snprintf(detail, sizeof detail,
		         "The articles have no publication dates: only %zu of %zu deals carry a date, read "
		         "from their text",
		         n, n_all);
		return emit_message(o, tv, dat, gp, "No dates in these articles", detail, err);
	}
	size_t far = trim_to_core(v, &n);
	/* One block per kind, in the palette's order. */
	fin_buf *kinds = tv_open(tv, "KINDS");
	fin_buf_putc(kinds, '\'');
	size_t blocks = 0;
	for (size_t k = 0; k < N_KINDS; k++) {
		size_t here = 0;
		for (size_t i = 0; i < n; i++) {
			if (kind_index(v[i]->kind) != k)
				continue;
			if (here++ == 0) {
				if (blocks++)
					fin_buf_puts(dat, "\n\n");
				fin_buf_printf(dat, "# kind: %s\n", kind_styles[k].name);
				if (blocks > 1)
					fin_buf_putc(kinds, ' ');
				fin_buf_puts(kinds, kind_styles[k].name);
			}
			dat_deal(dat, v[i], -1);
		}
	}
	fin_buf_putc(kinds, '\'');
	tv_close(tv, "KINDS");
	fin_buf *colors = tv_open(tv, "COLORS");
	fin_buf_putc(colors, '\'');
	size_t written = 0;
	for (size_t k = 0; k < N_KINDS; k++) {
		bool present = false;
		for (size_t i = 0; i < n && !present; i++)
			present = kind_index(v[i]->kind) == k;
		if (present) {
			if (written++)
				fin_buf_putc(colors, ' ');
			/* Many points: partly transparent (#AARRGGBB), so dense
			 * areas show as dense. */
			if (n > 300)
				fin_buf_printf(colors, "#60%s", kind_styles[k].color + 1);
			else
				fin_buf_puts(colors, kind_styles[k].color);
		}
	}
	fin_buf_putc(colors, '\'');
	tv_close(tv, "COLORS");
	tv_set(tv, "KEY",
	       blocks > 1 ? "set key outside right top Left reverse title 'kind' box lc rgb '#cccccc'"
	                  : "unset key");
	tv_time_log_axes(tv, v, n, false);
	char note[160];
	note[0] = '\0';
	if (n_all > n)
		snprintf(note, sizeof note,
		         "%zu of %zu deals shown (the others lack a date or a USD value%s)", n, n_all,
		         far ? ", or are dated far from the rest" : "");
	else if (n < 3)
		snprintf(note, sizeof note, "only %zu deal%s", n, n == 1 ? "" : "s");
	if (note[0])
		tv_note(tv, note);
	fin_free(v);
	return tmpl_emit(o, "deal-sizes", tv, gp, err);
}

/* One company's deals over time: stems on a log scale, the largest
 * labelled with their amount as written. */
static int chart_company(const fin_plot_data *d, const char *company, const fin_plot_opts *o, tvars *tv,
                         fin_buf *dat, fin_buf *gp, fin_error *err)
{
	dat_head(dat, FIN_PLOT_COMPANY, "date, usd, kind, amount as written, doc, label, label level");
	size_t n, n_all;
	const char *display = NULL;
	const fin_plot_deal **v = plottable(d, company, &n, &n_all, &display);
	if (!v)
		return fin_error_set(err, FIN_ENOMEM, "", 0, "out of memory");
	if (!display)
		display = company;
	fin_buf title;
	fin_buf_init(&title, 0);
	fin_buf_puts(&title, "Deals of ");
	fin_buf_puts(&title, display);
	fin_buf_puts(&title, " over time (USD, log scale)");
	int rc;
	if (title.failed) {
		rc = fin_error_set(err, title.failed, "", 0, "out of memory");
	} else if (n == 0) {
		tv_set_gp(tv, "TITLE", title.ptr, title.len);
		fin_buf msg;
		fin_buf_init(&msg, 0);
		fin_buf_puts(&msg, n_all ? "No dated deal with a USD value for " : "No deals found for ");
		fin_buf_puts(&msg, display);
		char detail[160];
		snprintf(detail, sizeof detail, "%zu deal%s of this company in the data", n_all,
		         n_all == 1 ? "" : "s");
		rc = msg.failed ? fin_error_set(err, msg.failed, "", 0, "out of memory")
		                : emit_message(o, tv, dat, gp, msg.ptr, detail, err);
		fin_buf_free(&msg);
	} else {
		tv_set_gp(tv, "TITLE", title.ptr, title.len);
		size_t far = trim_to_core(v, &n);
		bool *lab = fin_calloc(n, sizeof *lab);
		int *lev = fin_calloc(n, sizeof *lev);
		if (!lab || !lev) {
			fin_free(lab);
			fin_free(lev);
			fin_buf_free(&title);
			fin_free(v);
			return fin_error_set(err, FIN_ENOMEM, "", 0, "out of memory");
		}
		for (size_t i = 0; i < n; i++)
			lab[i] = among_largest(v, n, i);
		label_levels(v, n, lab, lev);
		for (size_t i = 0; i < n; i++)
			dat_deal(dat, v[i], lev[i]);
		fin_free(lab);
		fin_free(lev);
		tv_time_log_axes(tv, v, n, true);
		char note[160];
		note[0] = '\0';
		if (n_all > n)
			snprintf(note, sizeof note,
			         "%zu of %zu deals shown (the others lack a date or a USD value%s)", n, n_all,
			         far ? ", or are dated far from the rest" : "");
		if (note[0])
			tv_note(tv, note);
		rc = tmpl_emit(o, "company", tv, gp, err);
	}
	fin_buf_free(&title);
	fin_free(v);
	return rc;
}

/* Data and script of one chart (contract in finfig/plot.h). */
int fin_plot_write(const fin_plot_data *d, fin_plot_chart chart, const char *company,
                   const fin_plot_opts *opts, fin_buf *dat, fin_buf *gp, fin_error *err)
{
	if (!d || !dat || !gp || (int)chart < 0 || chart >= FIN_PLOT_N_CHARTS)
		return fin_error_set(err, FIN_EINVAL, "", 0, "no such chart");
	if (chart == FIN_PLOT_COMPANY && (!company || !*company))
		return fin_error_set(err, FIN_EINVAL, "", 0, "a company chart needs a company name");
	fin_buf_clear(dat);
	fin_buf_clear(gp);
	char stem[FIN_PLOT_STEM_MAX];
	fin_plot_stem(chart, company, stem);
	tvars tv;
	tv_init(&tv);
	tv_common(&tv, chart, stem, charts[chart].title, strlen(charts[chart].title), 0);
	int rc;
	switch (chart) {
	case FIN_PLOT_MONTHS:
		rc = chart_months(d, opts, &tv, dat, gp, err);
		break;
	case FIN_PLOT_COMPANIES:
		rc = chart_companies(d, opts, &tv, dat, gp, err);
		break;
	case FIN_PLOT_CURRENCIES:
		rc = chart_currencies(d, opts, &tv, dat, gp, err);
		break;
	case FIN_PLOT_SIZES:
		rc = chart_sizes(d, opts, &tv, dat, gp, err);
		break;
	default:
		rc = chart_company(d, company, opts, &tv, dat, gp, err);
		break;
	}
	tv_free(&tv);
	if (rc == FIN_OK && (dat->failed || gp->failed))
		rc = fin_error_set(err, dat->failed ? dat->failed : gp->failed, "", 0, "output: %s",
		                   fin_strerror(dat->failed ? dat->failed : gp->failed));
	return rc;
}

/* ====================================================================== */
/* SVG for the report: an allow-list check and id prefixes                 */
/* ====================================================================== */

/* Elements gnuplot's svg terminal writes (and nothing that can run code,
 * embed a document or fetch a resource). */
static const char *const svg_elements[] = {
    "svg",         "g",        "title",   "desc",           "defs",           "path",           "rect",
    "circle",      "ellipse",  "line",    "polyline",       "polygon",        "text",           "tspan",
    "use",         "clipPath", "symbol",  "linearGradient", "radialGradient", "stop",           "pattern",
    "marker",      "filter",   "feFlood", "feComposite",    "feOffset",       "feGaussianBlur", "feMerge",
    "feMergeNode", NULL};

/* Is s[0..n) an element name of the allow-list? */
static bool svg_element_ok(const char *s, size_t n)
{
	for (const char *const *e = svg_elements; *e; e++)
		if (fin_eq(s, n, *e))
			return true;
	return false;
}

/* True when s[0..n) holds `needle` (ASCII, case-insensitive). */
static bool has_ci(const char *s, size_t n, const char *needle)
{
	size_t m = strlen(needle);
	for (size_t i = 0; i + m <= n; i++)
		if (fin_eq_ci(s + i, m, needle))
			return true;
	return false;
}

/* An attribute value may point only inside the document: "#id" in hrefs,
 * url(#id) in presentation attributes; nothing that looks like script. */
static bool svg_value_ok(const char *name, size_t nn, const char *v, size_t vn)
{
	if (nn >= 4 && fin_eq_ci(name + nn - 4, 4, "href"))
		return vn > 0 && v[0] == '#';
	for (size_t i = 0; i + 4 <= vn; i++)
		if (fin_eq_ci(v + i, 4, "url(") && (i + 4 >= vn || v[i + 4] != '#'))
			return false;
	return !has_ci(v, vn, "javascript:") && !has_ci(v, vn, "expression(") && !has_ci(v, vn, "@import");
}

/* Append a copy of value v[0..vn) with its in-document references
 * prefixed: an id, a "#id" href, every url(#id). */
static void svg_put_value(fin_buf *b, const char *name, size_t nn, const char *v, size_t vn,
                          const char *prefix)
{
	if (fin_eq(name, nn, "id")) {
		fin_buf_puts(b, prefix);
		fin_buf_append(b, v, vn);
		return;
	}
	size_t run = 0;
	for (size_t i = 0; i < vn; i++) {
		if (v[i] == '#' && ((i == 0 && nn >= 4 && fin_eq_ci(name + nn - 4, 4, "href")) ||
		                    (i >= 4 && fin_eq_ci(v + i - 4, 4, "url(")))) {
			fin_buf_append(b, v + run, i + 1 - run);
			fin_buf_puts(b, prefix);
			run = i + 1;
		}
	}
	fin_buf_append(b, v + run, vn - run);
}

/* Append the <svg> element of s[0..n) to b with every tag checked against
 * the allow-list and ids prefixed; the XML prolog, doctype and comments
 * are dropped. Returns false (b then holds a partial copy, to be cut back
 * by the caller) when anything is outside the allow-list. */
static bool svg_inline(fin_buf *b, const char *s, size_t n, const char *prefix)
{
	size_t i = 0;
	bool seen_svg = false;
	int depth = 0;
	while (i < n) {
		if (s[i] != '<') {
			size_t j = i;
			while (j < n && s[j] != '<')
				j++;
			if (seen_svg)
				fin_buf_append(b, s + i, j - i);
			i = j;
			continue;
		}
		if (i + 4 <= n && memcmp(s + i, "<!--", 4) == 0) {
			size_t j = i + 4;
			while (j + 3 <= n && memcmp(s + j, "-->", 3) != 0)
				j++;
			if (j + 3 > n)
				return false;
			i = j + 3;
			continue;
		}
		if (i + 1 < n && (s[i + 1] == '?' || s[i + 1] == '!')) {
			if (seen_svg)
				return false; /* no CDATA, no doctype inside */
			while (i < n && s[i] != '>')
				i++;
			i++;
			continue;
		}
		size_t j = i + 1;
		bool closing = j < n && s[j] == '/';
		if (closing)
			j++;
		size_t ns = j;
		while (j < n &&
		       (fin_is_alnum((unsigned char)s[j]) || s[j] == ':' || s[j] == '_' || s[j] == '-'))
			j++;
		if (!svg_element_ok(s + ns, j - ns))
			return false;
		if (!seen_svg) {
			if (closing || !fin_eq(s + ns, j - ns, "svg"))
				return false;
			seen_svg = true;
		}
		fin_buf_append(b, s + i, j - i);
		/* Attributes. */
		for (;;) {
			size_t ws = j;
			while (j < n && fin_is_space((unsigned char)s[j]))
				j++;
			if (j >= n)
				return false;
			if (s[j] == '>' || (s[j] == '/' && j + 1 < n && s[j + 1] == '>')) {
				size_t e = s[j] == '>' ? j + 1 : j + 2;
				bool selfclose = s[j] == '/';
				fin_buf_append(b, s + ws, e - ws);
				if (closing)
					depth--;
				else if (!selfclose)
					depth++;
				i = e;
				break;
			}
			if (closing || j == ws)
				return false;
			size_t an = j;
			while (j < n && s[j] != '=' && s[j] != '>' && s[j] != '/' &&
			       !fin_is_space((unsigned char)s[j]))
				j++;
			size_t anl = j - an;
			if (anl == 0 || (anl >= 2 && fin_eq_ci(s + an, 2, "on")))
				return false;
			for (size_t k = an; k < j; k++)
				if (!fin_is_alnum((unsigned char)s[k]) && s[k] != ':' && s[k] != '-' &&
				    s[k] != '_')
					return false;
			/* gnuplot writes both fill='x' and fill = 'x'. */
			while (j < n && fin_is_space((unsigned char)s[j]))
				j++;
			if (j >= n || s[j] != '=')
				return false;
			j++;
			while (j < n && fin_is_space((unsigned char)s[j]))
				j++;
			if (j >= n || (s[j] != '"' && s[j] != '\''))
				return false;
			char q = s[j++];
			size_t vs = j;
			while (j < n && s[j] != q && s[j] != '<')
				j++;
			if (j >= n || s[j] != q)
				return false;
			if (!svg_value_ok(s + an, anl, s + vs, j - vs))
				return false;
			fin_buf_append(b, s + ws, vs - ws);
			svg_put_value(b, s + an, anl, s + vs, j - vs, prefix);
			fin_buf_putc(b, q);
			j++;
		}
		if (seen_svg && depth == 0)
			return true; /* </svg>: anything after it is dropped */
	}
	return false;
}

/* ====================================================================== */
/* Report                                                                  */
/* ====================================================================== */

static const char report_css[] =
    "body{font:15px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,'Helvetica Neue',Arial,sans-serif;"
    "color:#1d1d1f;background:#f6f6f4;margin:0}\n"
    "main{max-width:1000px;margin:0 auto;padding:24px 20px 48px}\n"
    "h1{font-size:26px;margin:8px 0 4px}h2{font-size:19px;margin:32px 0 10px}\n"
    ".sub{color:#666;margin:0 0 18px;overflow-wrap:anywhere}\n"
    ".nums{display:grid;grid-template-columns:repeat(auto-fit,minmax(150px,1fr));gap:12px}\n"
    ".num{background:#fff;border:1px solid #e2e2de;border-radius:8px;padding:12px 14px}\n"
    ".num b{display:block;font-size:22px;font-variant-numeric:tabular-nums}\n"
    ".num span{color:#666;font-size:13px}\n"
    "figure{background:#fff;border:1px solid #e2e2de;border-radius:8px;margin:16px 0;padding:12px}\n"
    "figure svg{display:block;width:100%;height:auto}\n"
    "figcaption{color:#666;font-size:13px;margin-top:6px}\n"
    ".missing{padding:28px;text-align:center;color:#666;background:#fafafa;border-radius:6px}\n"
    "table{border-collapse:collapse;width:100%;background:#fff;border:1px solid #e2e2de;font-size:14px}\n"
    "th,td{padding:7px 9px;border-bottom:1px solid #ecece8;text-align:left;vertical-align:top}\n"
    "th{background:#fafaf8;font-weight:600}td.n,th.n{text-align:right;font-variant-numeric:tabular-nums;"
    "white-space:nowrap}\n"
    "td small{color:#777;overflow-wrap:anywhere}\n"
    "footer{color:#888;font-size:12px;margin-top:36px}\n"
    "code{font-size:13px}\n";

/* One headline number: value (escaped) and its caption. */
static void html_num(fin_buf *b, const char *value, const char *caption)
{
	fin_buf_puts(b, "<div class=\"num\"><b>");
	html_cstr(b, value);
	fin_buf_puts(b, "</b><span>");
	html_cstr(b, caption);
	fin_buf_puts(b, "</span></div>\n");
}

/* A headline count with thousands separators; nothing when unknown (< 0). */
static void html_count_num(fin_buf *b, long v, const char *caption)
{
	if (v < 0)
		return;
	fin_buf t;
	fin_buf_init(&t, 64);
	put_count(&t, v);
	html_num(b, t.ptr ? t.ptr : "0", caption);
	fin_buf_free(&t);
}

/* "12 of 40 (30%)" for part/whole, or nothing when unknown. */
static void html_share_num(fin_buf *b, long part, long whole, const char *caption)
{
	if (part < 0 || whole <= 0)
		return;
	char t[96];
	long pm = per_mille(part, whole);
	snprintf(t, sizeof t, "%ld%%", (pm + 5) / 10);
	html_num(b, t, caption);
}

/* The headline numbers: counts, total, shares with a USD value and a
 * date, the largest deal and the company with the largest total. */
static void html_headline(fin_buf *b, const fin_plot_data *d, const fin_plot_deal *biggest,
                          const fin_plot_group *topco)
{
	fin_buf_puts(b, "<section class=\"nums\">\n");
	html_count_num(b, d->articles, "articles read");
	html_count_num(b, d->amounts, "amounts found");
	html_count_num(b, d->events, "deals (each counted once)");
	if (d->events_usd > 0 || dec_positive(d->total_usd)) {
		char t[48];
		fin_plot_usd_short(d->total_usd, t, sizeof t);
		html_num(b, t, "total value of the deals (USD)");
	}
	html_share_num(b, d->events_usd, d->events, "of the deals have a USD value");
	html_share_num(b, d->events_dated, d->events, "of the deals have a date");
	if (biggest) {
		char t[48];
		fin_plot_usd_short(biggest->usd, t, sizeof t);
		fin_buf_puts(b, "<div class=\"num\"><b>");
		html_cstr(b, t);
		fin_buf_puts(b, "</b><span>largest deal");
		if (biggest->n_companies && biggest->companies[0]) {
			fin_buf_puts(b, ": ");
			html_cstr(b, biggest->companies[0]);
		}
		fin_buf_puts(b, "</span></div>\n");
	}
	if (topco) {
		fin_buf_puts(b, "<div class=\"num\"><b>");
		html_cstr(b, topco->name);
		fin_buf_puts(b, "</b><span>largest total: ");
		char t[48];
		fin_plot_usd_short(topco->usd, t, sizeof t);
		html_cstr(b, t);
		fin_buf_puts(b, "</span></div>\n");
	}
	fin_buf_puts(b, "</section>\n");
}

/* One figure: the checked, id-prefixed SVG (prefix "f<idx+1>-"), or a
 * note saying why there is none; the caption names its data and script
 * in dir. */
static void html_figure(fin_buf *b, const fin_plot_figure *f, size_t idx, const char *dir)
{
	const char *title = f->title;
	if (!title && (int)f->chart >= 0 && f->chart < FIN_PLOT_N_CHARTS)
		title = charts[f->chart].title;
	fin_buf_puts(b, "<figure>\n");
	bool ok = false;
	if (f->svg) {
		size_t mark = b->len;
		char prefix[32];
		snprintf(prefix, sizeof prefix, "f%zu-", idx + 1);
		ok = svg_inline(b, f->svg, f->svg_len, prefix);
		if (!ok && !b->failed) {
			b->len = mark; /* drop the partial copy */
			b->ptr[mark] = '\0';
			fin_buf_puts(b, "<div class=\"missing\">This chart was left out: its SVG holds "
			                "content a report must not carry.</div>");
		}
		fin_buf_putc(b, '\n');
	} else {
		fin_buf_puts(b, "<div class=\"missing\">");
		html_cstr(b, f->missing ? f->missing : "This chart was not rendered.");
		fin_buf_puts(b, "</div>\n");
	}
	fin_buf_puts(b, "<figcaption>");
	html_cstr(b, title);
	if (f->stem) {
		fin_buf_puts(b, " — data <code>");
		html_cstr(b, dir);
		fin_buf_putc(b, '/');
		html_cstr(b, f->stem);
		fin_buf_puts(b, ".dat</code>, script <code>");
		html_cstr(b, dir);
		fin_buf_putc(b, '/');
		html_cstr(b, f->stem);
		fin_buf_puts(b, ".gp</code>");
	}
	fin_buf_puts(b, "</figcaption>\n</figure>\n");
}

/* The top deals table: company, amount as written (and its currency),
 * USD, date, kind, source article (doc and source). */
static void html_top_deals(fin_buf *b, const fin_plot_deal *const *v, size_t n)
{
	fin_buf_puts(b, "<h2>Top deals</h2>\n");
	if (n == 0) {
		fin_buf_puts(b, "<p>No deal with a USD value.</p>\n");
		return;
	}
	fin_buf_puts(b, "<table>\n<thead><tr><th>Company</th><th>Amount as written</th>"
	                "<th class=\"n\">USD</th><th>Date</th><th>Kind</th><th>Source article</th>"
	                "</tr></thead>\n<tbody>\n");
	for (size_t i = 0; i < n; i++) {
		const fin_plot_deal *x = v[i];
		fin_buf_puts(b, "<tr><td>");
		if (x->n_companies == 0)
			fin_buf_puts(b, "—");
		for (size_t k = 0; k < x->n_companies; k++) {
			if (k)
				fin_buf_puts(b, ", ");
			html_cstr(b, x->companies[k]);
		}
		fin_buf_puts(b, "</td><td>");
		html_cstr(b, x->text ? x->text : "");
		if (x->currency) {
			fin_buf_puts(b, " <small>");
			html_cstr(b, x->currency);
			fin_buf_puts(b, "</small>");
		}
		fin_buf_puts(b, "</td><td class=\"n\">");
		char t[48];
		fin_plot_usd_short(x->usd, t, sizeof t);
		html_cstr(b, t);
		fin_buf_puts(b, "</td><td>");
		if (ymd_known(x->date)) {
			char ds[11];
			fin_ymd_format(x->date, ds);
			html_cstr(b, ds);
		} else {
			fin_buf_puts(b, "—");
		}
		fin_buf_puts(b, "</td><td>");
		html_cstr(b, x->kind ? x->kind : "—");
		fin_buf_puts(b, "</td><td>");
		html_cstr(b, x->doc ? x->doc : "");
		if (x->source) {
			fin_buf_puts(b, "<br><small>");
			html_cstr(b, x->source);
			fin_buf_puts(b, "</small>");
		}
		fin_buf_puts(b, "</td></tr>\n");
	}
	fin_buf_puts(b, "</tbody>\n</table>\n");
}

/* The report page (contract in finfig/plot.h). */
int fin_plot_report(fin_buf *html, const fin_plot_data *d, const fin_plot_figure *figs, size_t n_figs,
                    const fin_plot_report_opts *opts)
{
	fin_buf_clear(html);
	const char *title = opts && opts->title ? opts->title : "finfig report";
	size_t top = opts && opts->top_deals > 0 ? (size_t)opts->top_deals : 20;
	/* The deals with a USD value, largest first. */
	const fin_plot_deal **v = fin_calloc(d->n_deals ? d->n_deals : 1, sizeof *v);
	if (!v)
		return FIN_ENOMEM;
	size_t n = 0;
	for (size_t i = 0; i < d->n_deals; i++)
		if (d->deals[i].has_usd && dec_positive(d->deals[i].usd))
			v[n++] = &d->deals[i];
	qsort(v, n, sizeof *v, cmp_deal_usd);
	fin_plot_group *co = sorted_groups(d->companies, d->n_companies, cmp_group_usd);
	if (!co) {
		fin_free(v);
		return FIN_ENOMEM;
	}
	const fin_plot_group *topco = d->n_companies && dec_positive(co[0].usd) ? &co[0] : NULL;

	fin_buf_puts(html, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
	                   "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
	                   "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
	                   "style-src 'unsafe-inline'\">\n<title>");
	html_cstr(html, title);
	fin_buf_puts(html, "</title>\n<style>\n");
	fin_buf_puts(html, report_css);
	fin_buf_puts(html, "</style>\n</head>\n<body>\n<main>\n<h1>");
	html_cstr(html, title);
	fin_buf_puts(html, "</h1>\n<p class=\"sub\">");
	if (opts && opts->inputs) {
		fin_buf_puts(html, "From ");
		html_cstr(html, opts->inputs);
		fin_buf_puts(html, ". ");
	}
	if (d->what) {
		html_cstr(html, d->what);
		fin_buf_puts(html, ". ");
	}
	if (opts && opts->generated)
		html_cstr(html, opts->generated);
	fin_buf_puts(html, "</p>\n");
	html_headline(html, d, n ? v[0] : NULL, topco);
	if (n_figs)
		fin_buf_puts(html, "<h2>Charts</h2>\n");
	for (size_t i = 0; i < n_figs; i++)
		html_figure(html, &figs[i], i, opts && opts->plots_dir ? opts->plots_dir : "plots");
	html_top_deals(html, v, n < top ? n : top);
	fin_buf_puts(html, "<footer>Made by finfig " FIN_VERSION " from the records in "
	                   "<code>records.jsonl</code>; the numbers behind each chart are in "
	                   "<code>plots/</code>. USD values are at the exchange rate of each deal's "
	                   "month.</footer>\n</main>\n</body>\n</html>\n");
	fin_free(co);
	fin_free(v);
	return html->failed ? html->failed : FIN_OK;
}
