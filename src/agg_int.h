/*
 * agg_int.h — the structures shared by agg.c (events, groups, exact
 * statistics) and agg_io.c (reading records and states, writing summaries,
 * states and annotated records). Not installed.
 */
#ifndef FIN_AGG_INT_H
#define FIN_AGG_INT_H

#include "finfig/agg.h"
#include "internal.h"
#include "util/wide.h"

/* ---------------------------------------------------------------------- */
/* Interned strings: one stable copy of each distinct string               */
/* ---------------------------------------------------------------------- */

typedef struct agg_str {
	const char *s; /* NUL-terminated, in the fin_agg arena */
	uint32_t hash;
	int32_t head; /* first kept record whose id is s, or -1 */
} agg_str;

/* ---------------------------------------------------------------------- */
/* Exact statistics                                                        */
/* ---------------------------------------------------------------------- */

/* A value and how many times it occurred. */
typedef struct agg_vc {
	fin_wide v; /* normalised (fin_wide_norm) */
	uint64_t n;
} agg_vc;

/* A multiset of values: v[0..sorted) sorted and distinct, the rest appended
 * since; compacted when the tail grows, so memory follows the number of
 * distinct values. */
typedef struct agg_ms {
	agg_vc *v;
	size_t n, cap, sorted;
} agg_ms;

/* Count, exact sum, min and max (with the id that holds each, ties to the
 * smaller id) and the multiset for the median. */
typedef struct agg_acc {
	uint64_t n;
	fin_wide sum, min, max;
	char *min_id, *max_id; /* owned (fin_malloc) */
	agg_ms ms;
} agg_acc;

typedef struct agg_cur {
	char code[4];
	agg_acc acc;
} agg_cur;

typedef struct agg_group {
	int grouping;                      /* 0: the total; i: opts.groupings[i - 1] */
	const char *key[FIN_AGG_MAX_DIMS]; /* interned; NULL: none */
	uint32_t hash;
	uint64_t count;            /* events (or mentions) */
	uint64_t mentions;         /* records inside them */
	uint64_t no_rate, no_date; /* counted without a USD value, by reason */
	agg_acc usd;               /* USD values */
	agg_cur *cur;              /* per currency, in native units */
	size_t n_cur, cap_cur;
} agg_group;

/* ---------------------------------------------------------------------- */
/* Records and events                                                      */
/* ---------------------------------------------------------------------- */

/* Why a record has no USD value. */
#define AGG_USD_OK 0
#define AGG_USD_NO_RATE 1
#define AGG_USD_NO_DATE 2

/* A money record as aggregation needs it (no text). Kept for every record
 * in event counting; a temporary in mention counting (then the strings
 * are views into the parsed line, except companies/kind/unit, interned). */
typedef struct agg_rec {
	const char *id, *doc, *eq; /* eq: the id this restates, or NULL */
	const char *kind, *unit;   /* interned, or NULL */
	const char **companies;    /* interned, sorted by pointer-independent strcmp order */
	uint32_t n_companies;
	char currency[4];
	fin_ymd date; /* linked date, else published; year 0: none */
	uint8_t is_range;
	uint8_t usd_reason; /* AGG_USD_* */
	fin_decimal value, min, max;
	fin_decimal usd, min_usd, max_usd;
} agg_rec;

/* One counted unit: an event, or a mention in mention counting. */
typedef struct agg_item {
	const char *id;         /* the event id: its first member's id */
	const agg_rec *rep;     /* the member whose values it shows */
	const char **companies; /* union over members, sorted */
	size_t n_companies;
	const char *kind;
	uint64_t mentions;
	uint32_t n_docs;
	size_t first, n_members; /* members: fin_agg.order[first .. first+n_members) */
} agg_item;

/* A top deal, with owned copies (it outlives the input line). */
typedef struct agg_top {
	char *id, *doc;
	agg_rec r;              /* strings: id/doc above; companies/kind/unit interned */
	const char **companies; /* owned array of interned pointers */
	size_t n_companies;
	const char *kind;
	uint64_t mentions;
	fin_wide usd; /* ranking value (midpoint for a range) */
} agg_top;

struct fin_agg {
	fin_agg_opts o;
	fin_arena arena;   /* interned strings, kept records' strings and arrays */
	fin_arena scratch; /* the parsed input line; reset per line */
	agg_str *strs;     /* open-addressing table of interned strings */
	size_t n_strs, cap_strs;
	const char *other_kind; /* interned "other" */

	agg_rec *recs; /* event counting: every money record */
	size_t n_recs, cap_recs;
	int32_t *next_same_id; /* per record: next record with the same id */

	agg_group **groups; /* open-addressing table */
	size_t n_groups, cap_groups;
	agg_group **sorted; /* after finish: groups in output order */

	agg_top *top; /* best first, at most o.top */
	size_t n_top;

	agg_item *items; /* after finish (event counting) */
	size_t n_items;
	uint32_t *order;    /* record indices grouped by event */
	uint32_t *rec_item; /* record index -> item index */

	long lines, records, invalid, ignored;
	uint64_t counted, usd_ok, usd_no_rate, usd_no_date;
	int state_counting; /* -1 no state read yet, else the mentions flag of states */
	int finished;
	int oom;
};

/* agg.c */
const char *fin_agg_intern(fin_agg *g, const char *s, size_t n);
agg_str *fin_agg_intern_find(const fin_agg *g, const char *s, size_t n);
agg_group *fin_agg_group_get(fin_agg *g, int grouping, const char *const *key);
agg_cur *fin_agg_group_cur(fin_agg *g, agg_group *gr, const char *code);
void fin_agg_acc_add(fin_agg *g, agg_acc *a, const fin_wide *v, uint64_t count, const char *id);
void fin_agg_acc_merge_minmax(fin_agg *g, agg_acc *a, const fin_wide *min, const char *min_id,
                              const fin_wide *max, const char *max_id);
int fin_agg_acc_median(fin_agg *g, agg_acc *a, fin_wide *out);
void fin_agg_ms_compact(agg_ms *ms);
void fin_agg_ms_add(fin_agg *g, agg_ms *ms, const fin_wide *v, uint64_t n);
void fin_agg_top_offer(fin_agg *g, const agg_rec *r, const char *id, const char *const *companies,
                       size_t n_companies, const char *kind, uint64_t mentions, const fin_wide *usd);
int fin_agg_take_record(fin_agg *g, const agg_rec *r);
bool fin_agg_rec_usd(const agg_rec *r, fin_wide *out);
void fin_agg_rec_value(const agg_rec *r, fin_wide *out);
int fin_agg_key_cmp(const agg_group *a, const agg_group *b, int ndims);

#endif /* FIN_AGG_INT_H */
