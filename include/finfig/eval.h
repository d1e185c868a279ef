/*
 * finfig/eval.h — scoring extracted records against annotated articles
 * (`finfig eval`). Part of the public API of libfinfig; owned by the eval
 * module (src/eval.c).
 *
 * Gold files follow GOLD-FORMAT.md (../shared/docs; summarised in the
 * README): one JSON object per article with `doc`, `money` (value or
 * min/max, currency, explicit, parties) and `orgs` (groups of names with a
 * type, "company" or "other"). Records are the JSON
 * objects `finfig extract` writes; lines of type money and company are
 * scored, the others only say that their doc was in the input.
 *
 * Use: fin_eval_new(); load every gold file (fin_eval_load_gold or
 * fin_eval_add_gold); feed every record (fin_eval_read_records,
 * fin_eval_add_record); fin_eval_score(); fin_eval_free(). Gold must be
 * loaded before the first record.
 *
 * Matching (the whole contract; the man page says the same):
 *  - money, per article: a multiset match on (currency, value). Two values
 *    match when |a - b| <= 1e-6 * max(|a|, |b|), computed exactly on the
 *    decimal text of the JSON numbers (never through a binary double). A
 *    range matches a range whose both ends match; a range never matches a
 *    single value. The pairing is a maximum matching, ties going to the
 *    earlier mention. With explicit_only, gold mentions with
 *    "explicit": false are dropped, and predictions that match only such a
 *    mention are neither right nor wrong.
 *  - companies, per article: every record of type company counts, whatever
 *    its `org`. A company record matches a gold group when its
 *    `name` or `text`, normalised (fin_eval_normalise), equals a normalised
 *    name of the group. Each gold group of type company that some record
 *    matches is one true positive, each one no record matches is one false
 *    negative. Records matching only groups of type other are neither right
 *    nor wrong. Every other distinct normalised name is one false positive
 *    (a name repeated in an article is counted once, as found groups are).
 *  - parties: for each matched money pair (a true positive) whose gold
 *    mention lists parties, the record's `companies` and the gold parties
 *    are mapped to groups (a name equal, normalised, to a name of a group
 *    stands for that group; other names stay distinct) and compared as
 *    sets: shared ones are true, predicted-only false, gold-only missed.
 *  - Only gold articles that occur in the records (a line of any type) are
 *    scored; the others are counted in gold_without_records.
 *
 * Ownership: strings handed to callbacks are borrowed for the call. The
 * fin_eval owns copies of everything it keeps.
 */
#ifndef FINFIG_EVAL_H
#define FINFIG_EVAL_H

#include "finfig.h"

#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct fin_eval fin_eval;

typedef struct fin_eval_opts {
	int explicit_only; /* drop gold money marked "explicit": false (see above) */
} fin_eval_opts;

/* True positives, false positives, false negatives of one measure. */
typedef struct fin_eval_counts {
	long tp, fp, fn;
} fin_eval_counts;

/* Precision, recall and F1 in units of 1/10000 (9312 is 93.12 %), rounded
 * half up from the exact fractions; -1 when undefined (a zero denominator:
 * no prediction for p, no gold for r, neither for f1). */
typedef struct fin_eval_prf {
	long p, r, f1;
} fin_eval_prf;

/* Everything fin_eval_score() reports. */
typedef struct fin_eval_scores {
	fin_eval_counts money, companies, parties;
	long gold_docs;            /* gold articles loaded */
	long docs_scored;          /* gold articles that occur in the records */
	long gold_without_records; /* gold articles absent from the records (not scored) */
	long docs_without_gold;    /* distinct docs of the records with no gold file (ignored) */
	long records;              /* record objects read */
	long bad_gold;             /* gold files rejected (reported, not scored) */
	long bad_records;          /* record lines rejected (reported, skipped) */
} fin_eval_scores;

/* What a detail item is about, and how it went wrong. */
typedef enum fin_eval_what { FIN_EVAL_MONEY = 0, FIN_EVAL_COMPANY = 1, FIN_EVAL_PARTY = 2 } fin_eval_what;

typedef enum fin_eval_outcome {
	FIN_EVAL_MISS = 0, /* in the gold, not found: a false negative */
	FIN_EVAL_EXTRA = 1 /* predicted, not in the gold: a false positive */
} fin_eval_outcome;

/* One miss or extra, for a per-article report. */
typedef struct fin_eval_item {
	const char *doc;
	fin_eval_what what;
	fin_eval_outcome outcome;
	const char *desc; /* money: "\"TEXT\" VALUE CUR" (MIN..MAX for a range);
	                   * company: the name; party: "NAME of \"TEXT\"" */
} fin_eval_item;

/* Receives the details in article order (sorted by doc id), then within an
 * article money, parties, companies. Return non-zero to stop. */
typedef int (*fin_eval_item_fn)(void *ud, const fin_eval_item *it);

/* A new, empty evaluation. opts may be NULL. FIN_OK or FIN_ENOMEM. */
int fin_eval_new(fin_eval **out, const fin_eval_opts *opts);
void fin_eval_free(fin_eval *ev);

/* Load every "*.json" file under path (a directory, walked recursively in
 * sorted order, hidden entries skipped; or one file). A bad file (unreadable,
 * invalid JSON, wrong shape, a doc already loaded) is reported through diag
 * as one error naming its path, counted in bad_gold and skipped; the rest
 * is loaded. Returns FIN_OK, FIN_ENOTFOUND/FIN_EIO when path itself cannot
 * be read (also reported), FIN_ENOMEM, or FIN_EINVAL after records were
 * added. diag may be NULL. */
int fin_eval_load_gold(fin_eval *ev, const char *path, fin_diag_fn diag, void *ud);

/* Load one gold article from buf[0..len) (need not be NUL-terminated);
 * name is used in messages and gives the doc id (its file stem) when the
 * object has no "doc". FIN_OK, FIN_EPARSE (reported and counted),
 * FIN_ENOMEM, or FIN_EINVAL after records were added. */
int fin_eval_add_gold(fin_eval *ev, const char *buf, size_t len, const char *name, fin_diag_fn diag,
                      void *ud);

/* Add one record: a JSON object in buf[0..len), from line `line` of `name`
 * (for messages). A malformed record is reported, counted in bad_records
 * and FIN_EPARSE returned; FIN_ENOMEM on out-of-memory; else FIN_OK. */
int fin_eval_add_record(fin_eval *ev, const char *buf, size_t len, const char *name, long line,
                        fin_diag_fn diag, void *ud);

/* Read records from f: JSON Lines (blank lines skipped), or one JSON array
 * of records when the first non-blank byte is '['. name is used in
 * messages. Returns FIN_OK (bad records are reported and counted, not
 * returned), FIN_EIO on a read error, FIN_ENOMEM. */
int fin_eval_read_records(fin_eval *ev, FILE *f, const char *name, fin_diag_fn diag, void *ud);

/* Score everything fed so far into *out; on_item (may be NULL) receives
 * every miss and extra. May be called more than once. FIN_OK, FIN_ENOMEM,
 * or FIN_ESTOP when on_item stopped it. */
int fin_eval_score(fin_eval *ev, fin_eval_scores *out, fin_eval_item_fn on_item, void *ud);

/* Precision, recall and F1 of c (see fin_eval_prf). */
fin_eval_prf fin_eval_ratios(const fin_eval_counts *c);

/* The normalised form of a company name, into buf[cap] (NUL-terminated,
 * truncated to fit): ASCII lower case; < > " ' . , ( ) & removed; the words
 * inc, incorporated, corp, corporation, co, company, ltd, limited, plc, llc,
 * nv, n.v, sa, s.a, ag, gmbh, group, holding, holdings removed; runs of
 * white space collapsed to one space, none at the ends. Returns the length
 * ("Computer Terminal Systems Inc." gives "computer terminal systems"). An
 * empty normalised name matches nothing. */
size_t fin_eval_normalise(const char *name, size_t n, char *buf, size_t cap);

#ifdef __cplusplus
}
#endif

#endif /* FINFIG_EVAL_H */
