/*
 * finfig.h — the public API of libfinfig: money, companies and dates in news.
 *
 * Pipeline: source -> article -> tokens -> mentions -> records -> sinks.
 *
 * Ownership, stated once:
 *  - Strings and arrays handed to a callback (fin_article in fin_article_fn,
 *    messages in fin_diag_fn) are borrowed: valid only during the call.
 *  - A fin_result filled by fin_extract() lives in the fin_doc's arena and is
 *    valid until the next fin_extract() on that fin_doc or fin_doc_free().
 *  - Opaque handles (fin_extractor, fin_doc) are freed by their _free().
 *  - A fin_extractor is immutable once built and may be shared by threads; a
 *    fin_doc belongs to one thread.
 *
 * Errors: functions return 0 (FIN_OK) or a negative fin_status. When a
 * fin_error * is given it is filled where the failure is detected. The
 * library never prints and never exits; diagnostics about input go through a
 * fin_diag_fn callback.
 */
#ifndef FINFIG_H
#define FINFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

#define FIN_VERSION "0.1.0"

/* ---------------------------------------------------------------------- */
/* Status codes (append-only)                                              */
/* ---------------------------------------------------------------------- */

typedef enum fin_status {
	FIN_OK = 0,
	FIN_ENOMEM = -1,    /* allocation failed */
	FIN_EIO = -2,       /* read/write/open failed */
	FIN_EPARSE = -3,    /* malformed input */
	FIN_EENCODING = -4, /* undecodable text */
	FIN_ETOOBIG = -5,   /* input over a configured limit */
	FIN_EOVERFLOW = -6, /* a number does not fit the exact decimal */
	FIN_EINVAL = -7,    /* bad argument */
	FIN_ENOTFOUND = -8, /* missing file or key */
	FIN_ESTOP = -9,     /* a callback asked to stop */
	FIN_ECONFIG = -10   /* a bad configuration file (finfig.yaml) */
} fin_status;

/* A static English description of a status code. Never NULL. */
const char *fin_strerror(int status);

/* Where and why something failed. Fixed storage: no allocation. */
typedef struct fin_error {
	int code;           /* a fin_status */
	char message[512];  /* one line, no trailing newline */
	char path[1024];    /* file the failure is about, or "" */
	long line;          /* 1-based line in path, 0 when unknown */
} fin_error;

/* Fill err (if not NULL) and return code. printf-style message. */
int fin_error_set(fin_error *err, int code, const char *path, long line,
		  const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 5, 6)))
#endif
	;

/* ---------------------------------------------------------------------- */
/* Allocation — every allocation of the library goes through these.        */
/* ---------------------------------------------------------------------- */

void *fin_malloc(size_t n);
void *fin_calloc(size_t count, size_t n);
void *fin_realloc(void *p, size_t n);
void fin_free(void *p);
char *fin_strndup(const char *s, size_t n);
/* Test hook: make the nth allocation from now (1-based) and every later one
 * fail; 0 disables. Process-wide, not thread-safe: for single-thread tests. */
void fin_alloc_fail_after(long n);
/* Number of allocations made since the process started (for the OOM loop). */
long fin_alloc_count(void);

/* ---------------------------------------------------------------------- */
/* Exact decimals: value = sig * 10^exp. Never a binary double.            */
/* ---------------------------------------------------------------------- */

typedef struct fin_decimal {
	int64_t sig; /* significand; normalised to have no trailing zeros */
	int32_t exp; /* power of ten */
} fin_decimal;

/* Longest text fin_decimal_format() writes, with the NUL. */
#define FIN_DECIMAL_MAXLEN 64

/* Strip trailing zeros of sig into exp; zero becomes {0,0}. */
fin_decimal fin_decimal_norm(fin_decimal d);
/* *out = a * b. FIN_EOVERFLOW when the product does not fit. */
int fin_decimal_mul(fin_decimal a, fin_decimal b, fin_decimal *out);
/* *out = a + b (exponents aligned exactly). FIN_EOVERFLOW when too big. */
int fin_decimal_add(fin_decimal a, fin_decimal b, fin_decimal *out);
/* -1, 0, 1 as a < b, a == b, a > b (exact). */
int fin_decimal_cmp(fin_decimal a, fin_decimal b);
/* Write as a person writes it, no exponent: "1130000000", "0.125". Returns
 * the length written (without NUL); buf must hold FIN_DECIMAL_MAXLEN bytes,
 * or 0 is returned when the plain form would not fit. */
size_t fin_decimal_format(fin_decimal d, char *buf, size_t cap);
/* true when fin_decimal_format() can write d into FIN_DECIMAL_MAXLEN bytes
 * ("0.000…01" with seventy zeros is exact but has no plain form that fits). */
bool fin_decimal_printable(fin_decimal d);
/* Parse "123", "-1.5", "0.125", "1e9" (plain ASCII, '.' as point). */
int fin_decimal_parse(const char *s, size_t len, fin_decimal *out);

/* ---------------------------------------------------------------------- */
/* Dates                                                                   */
/* ---------------------------------------------------------------------- */

/* A calendar day; year 0 means "unknown". */
typedef struct fin_ymd {
	int16_t year;
	int8_t month; /* 1..12 */
	int8_t day;   /* 1..31 */
} fin_ymd;

/* Parse "YYYY-MM-DD" prefix of s (also accepts "YYYY-MM-DDTHH:MM..." and
 * "YYYY-MM-DD HH:MM"). 0 on success. */
int fin_ymd_parse(const char *s, size_t len, fin_ymd *out);
/* "YYYY-MM-DD" into buf[11]; "" when unknown. */
void fin_ymd_format(fin_ymd d, char buf[11]);

/* ---------------------------------------------------------------------- */
/* Articles and sources                                                    */
/* ---------------------------------------------------------------------- */

typedef enum fin_format {
	FIN_FMT_AUTO = 0, /* by extension, then by sniffing the content */
	FIN_FMT_TEXT,
	FIN_FMT_MARKDOWN,
	FIN_FMT_JSONL,
	FIN_FMT_JSON,
	FIN_FMT_SGML,
	FIN_FMT_HTML
} fin_format;

/* "text", "markdown", ... ; NULL for an unknown value. */
const char *fin_format_name(fin_format f);
/* FIN_OK and *out set, or FIN_EINVAL for an unknown name. */
int fin_format_from_name(const char *name, fin_format *out);

/* One metadata pair from front matter or extra JSON fields (values as text;
 * sequences joined with ", "). */
typedef struct fin_meta_item {
	const char *key;
	const char *value;
} fin_meta_item;

#define FIN_ARTICLE_RECODED 1u /* the bytes were not UTF-8: read as Windows-1252 */

/* An article as the sources yield it. Text is UTF-8, NUL-terminated. */
typedef struct fin_article {
	const char *id;        /* front-matter id, JSON id, NEWID, file stem, or FILE:LINE */
	const char *source;    /* path as given (or "-" for stdin) */
	long line;             /* 1-based line where the article starts in source, 0 if n/a */
	fin_ymd published;     /* year 0 when unknown */
	const char *title;     /* "" when none */
	size_t title_len;
	const char *body;      /* "" when none */
	size_t body_len;
	const fin_meta_item *meta;
	size_t n_meta;
	unsigned flags;        /* FIN_ARTICLE_* */
} fin_article;

/* The names a JSON reader looks for; each a NULL-terminated list of
 * alternatives tried in order. NULL lists mean the defaults:
 * id: "id"; title: "title","headline"; body: "body","text","content";
 * published: "published","date". */
typedef struct fin_fields {
	const char *const *id;
	const char *const *title;
	const char *const *body;
	const char *const *published;
} fin_fields;

typedef struct fin_source_opts {
	fin_format format;        /* FIN_FMT_AUTO unless forced */
	fin_fields fields;
	size_t max_article_bytes; /* 0: the default, 64 MiB */
} fin_source_opts;

typedef enum fin_severity { FIN_SEV_WARNING = 1, FIN_SEV_ERROR = 2 } fin_severity;

/* Diagnostics about input. path may be ""; line 0 when not applicable. */
typedef void (*fin_diag_fn)(void *ud, fin_severity sev, const char *path,
			    long line, const char *message);
/* Receives each article; return 0 to go on, non-zero to stop the read. */
typedef int (*fin_article_fn)(void *ud, const fin_article *a);

/* Counts kept by the readers (added to, never reset by them). */
typedef struct fin_source_stats {
	long files;            /* files opened */
	long files_failed;     /* files that could not be read or parsed at all */
	long articles;         /* articles handed to the callback */
	long articles_skipped; /* articles or records dropped (malformed, too big) */
	long recoded;          /* files read as Windows-1252 */
	uint64_t bytes;        /* input bytes read */
	long articles_too_big; /* of articles_skipped: over max_article_bytes */
} fin_source_stats;

typedef struct fin_source_cb {
	fin_article_fn on_article;
	fin_diag_fn on_diag;
	void *ud;
} fin_source_cb;

/* Read a file or a directory (recursively, in sorted order, following no
 * symlink loops). Errors about single files are reported through on_diag and
 * counted; the walk goes on. Returns FIN_OK, FIN_ESTOP when the callback
 * stopped it, or a negative code when nothing could be read at path. */
int fin_source_read_path(const char *path, const fin_source_opts *opts,
			 const fin_source_cb *cb, fin_source_stats *stats);

/* Read one stream (stdin for "-"); name is used in messages and as source.
 * Format from opts->format, else sniffed from the first bytes. */
int fin_source_read_stream(FILE *f, const char *name, const fin_source_opts *opts,
			   const fin_source_cb *cb, fin_source_stats *stats);

/* Read articles from a buffer already in memory, as if it were file `name`
 * (format from opts or by extension/sniffing). buf need not be NUL-terminated. */
int fin_source_read_buffer(const char *buf, size_t len, const char *name,
			   const fin_source_opts *opts, const fin_source_cb *cb,
			   fin_source_stats *stats);

/* ---------------------------------------------------------------------- */
/* Mentions and results                                                    */
/* ---------------------------------------------------------------------- */

typedef enum fin_field { FIN_FIELD_TITLE = 0, FIN_FIELD_BODY = 1 } fin_field;

typedef enum fin_qualifier {
	FIN_QUAL_NONE = 0,
	FIN_QUAL_APPROX,
	FIN_QUAL_OVER,
	FIN_QUAL_UNDER,
	FIN_QUAL_UP_TO,
	FIN_QUAL_AT_LEAST,
	FIN_QUAL_NEARLY,
	FIN_QUAL_RANGE
} fin_qualifier;

/* "approx", "over", ... ; NULL for FIN_QUAL_NONE. */
const char *fin_qualifier_name(fin_qualifier q);

typedef enum fin_grain {
	FIN_GRAIN_NONE = 0,
	FIN_GRAIN_DAY,
	FIN_GRAIN_WEEK,
	FIN_GRAIN_WEEKEND,
	FIN_GRAIN_MONTH,
	FIN_GRAIN_QUARTER,
	FIN_GRAIN_HALF,
	FIN_GRAIN_YEAR,
	FIN_GRAIN_FISCAL_YEAR,
	FIN_GRAIN_DECADE,
	FIN_GRAIN_SEASON,
	FIN_GRAIN_DURATION /* "seven-year", "the past nine months": not a date */
} fin_grain;

/* "day", "week", ...; NULL for FIN_GRAIN_NONE. */
const char *fin_grain_name(fin_grain g);

/* A monetary amount found in an article. */
typedef struct fin_money {
	fin_field field;        /* which text the offsets index */
	uint32_t start, end;    /* byte offsets [start, end) */
	uint32_t sent_start, sent_end; /* the sentence around it */
	int is_range;           /* min/max set instead of value */
	fin_decimal value;
	fin_decimal min, max;
	char currency[4];       /* ISO 4217, NUL-terminated */
	int explicit_currency;  /* a currency token is attached or shared */
	fin_qualifier qualifier;
	const char *unit;       /* "share", "barrel", ... or NULL; static storage */
	int32_t equivalent_of;  /* index of the restated mention in the result, or -1 */
	/* Filled by linking (company/date/kind), empty until then. */
	const char **companies; /* canonical names of the parties, in sentence order */
	size_t n_companies;
	int32_t date_index;     /* index into fin_result.dates, -1 for publication date */
	const char *kind;       /* "deal", "acquisition", "investment", "revenue",
				 * "profit", "loss", "valuation", "price",
				 * "dividend", "fine", "debt" or "other"; NULL when
				 * not linked. Static storage. */
	/* Filled by the fx stage (finfig/fx.h): USD at the month of the linked
	 * date, else of the publication date, rounded to 1e-6 USD. */
	int usd_status;         /* fin_usd_status: 0 when the USD values are set */
	fin_decimal value_usd;  /* for a single value */
	fin_decimal min_usd, max_usd; /* for a range */
} fin_money;

typedef enum fin_org_kind { FIN_ORG_COMPANY = 0, FIN_ORG_OTHER = 1 } fin_org_kind;

/* A company (or other organisation) mentioned in an article. */
typedef struct fin_company {
	fin_field field;
	uint32_t start, end;
	const char *name; /* canonical name */
	fin_org_kind kind;
} fin_company;

/* A date or period mentioned in an article, resolved when possible. */
typedef struct fin_date {
	fin_field field;
	uint32_t start, end;
	fin_grain grain;
	fin_ymd start_date, end_date; /* year 0 when unresolved */
} fin_date;

/* Everything found in one article. Arena-owned (see fin_doc). */
typedef struct fin_result {
	fin_money *money;
	size_t n_money;
	fin_company *companies;
	size_t n_companies;
	fin_date *dates;
	size_t n_dates;
	long overflows; /* amounts skipped because a value did not fit */
	int linked;     /* the amounts were linked: every kind is set, and a
			 * date_index of -1 means the publication date */
} fin_result;

/* ---------------------------------------------------------------------- */
/* Extraction                                                              */
/* ---------------------------------------------------------------------- */

typedef struct fin_extractor fin_extractor; /* immutable tables; thread-shareable */
typedef struct fin_doc fin_doc;             /* per-thread workspace (arena) */

/* What to find. */
#define FIN_TYPE_MONEY 1u
#define FIN_TYPE_COMPANY 2u
#define FIN_TYPE_DATE 4u
#define FIN_TYPE_ALL 7u

typedef struct fin_extractor_opts {
	const char *data_dir; /* extra/override data files (NULL: built-in tables only) */
	const char *config;   /* a finfig.yaml whose companies join the gazetteer
			       * (over the built-in names), or NULL; a bad file
			       * fails fin_extractor_new with FIN_ECONFIG and
			       * its line */
	unsigned types;       /* FIN_TYPE_* computed; 0 means money only. With all
			       * three the amounts are linked (companies, date,
			       * kind) unless no_link is set. */
	const char *fx_path;  /* an extra rates table (finfig/fx.h), or NULL */
	int no_link;          /* do not link even when everything is computed */
	unsigned written;     /* FIN_TYPE_* the caller will use (0: all computed).
			       * When only amounts are used, an article with
			       * none skips the company and date scans: there
			       * is nothing to link them to. */
} fin_extractor_opts;

int fin_extractor_new(fin_extractor **out, const fin_extractor_opts *opts, fin_error *err);
void fin_extractor_free(fin_extractor *x);

int fin_doc_new(fin_doc **out);
void fin_doc_free(fin_doc *d);

/* Find everything in a. The result and every string it points to live in
 * doc until the next call. Amounts whose values overflow are skipped and
 * counted in out->overflows. */
int fin_extract(const fin_extractor *x, fin_doc *doc, const fin_article *a,
		fin_result *out, fin_error *err);

/* ---------------------------------------------------------------------- */
/* Output                                                                  */
/* ---------------------------------------------------------------------- */

/* A growable, NUL-terminated byte buffer with a hard cap. Once an append
 * fails (no memory or over the cap) the buffer stays failed: check once. */
typedef struct fin_buf {
	char *ptr;
	size_t len;
	size_t cap;
	size_t limit; /* 0: no limit beyond SIZE_MAX/2 */
	int failed;   /* a fin_status once an append failed */
} fin_buf;

void fin_buf_init(fin_buf *b, size_t limit);
void fin_buf_free(fin_buf *b);
void fin_buf_clear(fin_buf *b);
int fin_buf_append(fin_buf *b, const void *p, size_t n);
int fin_buf_puts(fin_buf *b, const char *s);
int fin_buf_putc(fin_buf *b, char c);
int fin_buf_printf(fin_buf *b, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 2, 3)))
#endif
	;

typedef enum fin_out_format { FIN_OUT_JSONL = 0, FIN_OUT_JSON, FIN_OUT_CSV } fin_out_format;

/* Append the records of one article (types selects money/company/date lines;
 * CSV carries money rows only). For FIN_OUT_JSON, `first` says whether this
 * is the first record of the array (no leading comma); it is updated. */
int fin_out_records(fin_buf *b, fin_out_format fmt, const fin_article *a,
		    const fin_result *r, unsigned types, int *first);
/* The CSV header row, or "[\n" / "]\n" for JSON; nothing for JSONL. */
int fin_out_begin(fin_buf *b, fin_out_format fmt);
int fin_out_end(fin_buf *b, fin_out_format fmt, int first);

#ifdef __cplusplus
}
#endif

#endif /* FINFIG_H */
