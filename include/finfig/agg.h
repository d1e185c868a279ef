/*
 * finfig/agg.h — aggregation of money records: events across articles,
 * groups, exact totals and medians, and a partial state that merges.
 *
 * Input is the JSON Lines that `finfig extract` writes (money records; other
 * record types are ignored), lines of a state written by
 * fin_agg_write_state(), or any mix, fed one line at a time.
 *
 * Events. Unless opts.mentions is set, the money records are first joined
 * into events (one deal reported several times): two records belong to the
 * same event when one restates the other (equivalent_of), or when they have
 * the same currency, values within 1 % of the larger, at least one company
 * in common, compatible kinds (equal, or either unknown/"other") and units
 * (equal), and dates at most window_days apart (or both unknown). Events
 * are the connected components of that relation, so they do not depend on
 * the order or the split of the input. An event takes the id, value,
 * currency, date and unit of its first member in the order: not a
 * restatement, earliest date, smallest id (byte order); its kind is the
 * first known kind in that order, its companies the union of its members'.
 * An unknown kind joins any kind, so it can chain two reports of different
 * kinds into one event.
 *
 * Numbers are exact: sums in wide decimals, medians over the exact multiset
 * of values (the mean of the two middle values for an even count). A range
 * counts at its midpoint.
 *
 * Merging. fin_agg_write_state() writes everything a later run needs to
 * give the same result as one run over all the records: in event counting,
 * the records themselves (without their text), because two parts may each
 * hold a report of the same deal; in mention counting, one accumulator per
 * group (counts, exact sums, min, max, the value multiset) and the top
 * deals. Aggregating any mix of states and records then equals aggregating
 * all the records at once, byte for byte.
 *
 * Memory. Mention counting holds one accumulator per group plus the
 * distinct values of each group (for the exact median). Event counting
 * also holds every money record (a few hundred bytes each, no text) until the
 * end, since a later record may join any earlier event.
 *
 * Ownership: a fin_agg owns copies of everything it keeps; strings returned
 * by it live until fin_agg_free(). Not thread-safe: one thread per fin_agg.
 * The library writes only to the FILE * it is given.
 */
#ifndef FINFIG_AGG_H
#define FINFIG_AGG_H

#include "finfig.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum fin_agg_dim {
	FIN_DIM_COMPANY = 0, /* each company of the event (an event of two companies counts in both) */
	FIN_DIM_MONTH,       /* "YYYY-MM" of the event's date */
	FIN_DIM_CURRENCY,    /* ISO code */
	FIN_DIM_KIND         /* deal, revenue, ... */
} fin_agg_dim;

#define FIN_AGG_MAX_DIMS 4
#define FIN_AGG_MAX_GROUPINGS 8

/* One grouping: its dimensions, crossed ("company,month"). n = 0 is the
 * single group of everything. */
typedef struct fin_agg_grouping {
	int n;
	fin_agg_dim dims[FIN_AGG_MAX_DIMS];
} fin_agg_grouping;

typedef struct fin_agg_opts {
	fin_agg_grouping groupings[FIN_AGG_MAX_GROUPINGS];
	int n_groupings; /* several groupings are computed in one pass */
	int mentions;    /* count mentions instead of events */
	int window_days; /* events: the most days between two reports (default 30; -1: 0 days) */
	int top;         /* how many top deals (by USD) to keep; 0: the default 10 */
	int by_given;    /* the groupings were given (else a state's groupings are adopted) */
} fin_agg_opts;

/* "company", "month", "currency", "kind"; NULL for a bad value. */
const char *fin_agg_dim_name(fin_agg_dim d);
/* Parse "company,month" into g. FIN_EINVAL for an unknown or repeated name. */
int fin_agg_parse_grouping(const char *s, fin_agg_grouping *g);

typedef struct fin_agg fin_agg;

/* Counts of what was read and computed. */
typedef struct fin_agg_stats {
	long lines;   /* input lines seen */
	long records; /* money records taken in (or summarised in merged states) */
	long invalid; /* lines that were neither records nor state, skipped */
	long ignored; /* other record types (company, date) */
	long events;  /* after fin_agg_finish: events (or mentions) counted */
	long groups;  /* after fin_agg_finish: groups over all groupings */
	long kept;    /* records held in memory (event counting) */
	long values;  /* distinct values held for medians */
} fin_agg_stats;

int fin_agg_new(fin_agg **out, const fin_agg_opts *opts, fin_error *err);
void fin_agg_free(fin_agg *g);

/* Take one input line (without its newline). Blank lines and JSON-array
 * punctuation ("[", "]", a trailing ",") are skipped. A line that is not a
 * record or state line returns FIN_EPARSE with err naming path:lineno; the
 * caller reports it and goes on. A state made with other options returns
 * FIN_EINVAL. FIN_ENOMEM is fatal. */
int fin_agg_line(fin_agg *g, const char *line, size_t len, const char *path, long lineno, fin_error *err);

/* Join events and fill the groups. Call once, after the last line; the
 * writers below (except fin_agg_write_state) need it. */
int fin_agg_finish(fin_agg *g, fin_error *err);

void fin_agg_get_stats(const fin_agg *g, fin_agg_stats *st);

/* The summary as one JSON object (one group per line). */
int fin_agg_write_json(fin_agg *g, FILE *f);
/* Grouping number i as CSV (RFC 4180, UTF-8, CRLF, one header row, plain
 * numbers with '.', ISO dates). */
int fin_agg_write_csv(fin_agg *g, int i, FILE *f);
/* One row per event: id, date, currency, value, USD, companies, kind,
 * mentions, members. Event counting only (FIN_EINVAL otherwise). */
int fin_agg_write_events_csv(fin_agg *g, FILE *f);
/* The mergeable partial state (JSON Lines). Call instead of, not after,
 * fin_agg_finish. */
int fin_agg_write_state(fin_agg *g, FILE *f);

/* After fin_agg_finish, in event counting: the event id of record `id`, or
 * NULL when unknown. */
const char *fin_agg_event_of(const fin_agg *g, const char *id);

/* Copy the JSON Lines records of `in` to `out` with each money record's
 * "event":null replaced by its event id (finfig run). Other lines are
 * copied unchanged. */
int fin_agg_annotate_jsonl(const fin_agg *g, FILE *in, FILE *out);
/* The same for the CSV of `finfig extract --format csv`: the `event`
 * column is filled. */
int fin_agg_annotate_csv(const fin_agg *g, FILE *in, FILE *out);

#ifdef __cplusplus
}
#endif

#endif /* FINFIG_AGG_H */
