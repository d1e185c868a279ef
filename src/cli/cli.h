/*
 * cli.h — shared pieces of the finfig command: the extraction engine (read,
 * extract on N threads, write in input order), option helpers, messages.
 */
#ifndef FIN_CLI_H
#define FIN_CLI_H

#include "finfig.h"

#include <stdbool.h>
#include <stdio.h>

/* Exit codes. */
#define FIN_EXIT_OK 0
#define FIN_EXIT_INPUT 1 /* some inputs failed; the rest was processed */
#define FIN_EXIT_USAGE 2

/* One output of the engine. */
typedef struct fin_sink {
	fin_out_format format;
	FILE *f;
	const char *path;   /* for messages */
	int first;          /* JSON array state */
} fin_sink;

/* The config read when the options name none (in the current directory). */
#define FIN_CLI_CONFIG "finfig.yaml"

typedef struct fin_engine_opts {
	fin_source_opts source;
	fin_extractor_opts extract;
	unsigned types;     /* record types written */
	int jobs;           /* worker threads; 1 = inline */
	bool quiet;         /* no summary line */
	bool strict;        /* the first input error stops the run: no later
			     * article is processed */
	bool no_config;     /* --no-config: no ./finfig.yaml either */
} fin_engine_opts;

typedef struct fin_engine_stats {
	fin_source_stats src;
	long amounts, companies, dates, overflows;
	long no_rate, no_date; /* amounts without value_usd, by reason (finfig/fx.h) */
	long skipped_nomem; /* of src.articles_skipped: out of memory */
	long not_taken;     /* handed over but refused (--strict stop, closed
			     * pipe): neither read nor processed */
	int stopped;        /* --strict: the first error ended the run */
	int output_failed;  /* a write failed (not EPIPE) */
	int broken_pipe;    /* the reader went away: stop quietly */
} fin_engine_stats;

/* Run extraction over inputs (paths, "-" for stdin) into sinks. Returns an
 * exit code; stats filled. Diagnostics go to stderr. */
int fin_engine_run(const char *const *inputs, int n_inputs, const fin_engine_opts *o,
		   fin_sink *sinks, int n_sinks, fin_engine_stats *st);

/* Messages: "finfig: error: PATH:LINE: message". */
void fin_cli_diag(fin_severity sev, const char *path, long line, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 4, 5)))
#endif
	;

/* Parse "--name=value" / "--name value" style options. */
bool fin_cli_opt(int argc, char **argv, int *i, const char *name, const char **val);

/* Parse a positive integer option value; -1 on error. */
long fin_cli_long(const char *s);

/* Parse "money,company,date" into FIN_TYPE_* bits; 0 on error. */
unsigned fin_cli_types(const char *s);

/* Open path for writing under a temporary name; fin_cli_commit renames it
 * into place (so an interrupted run never leaves a half-written file). */
FILE *fin_cli_open_out(const char *path, char *tmp, size_t tmpcap);
int fin_cli_commit(FILE *f, const char *tmp, const char *path);
/* Give up an output opened by fin_cli_open_out: close it and remove the
 * temporary file, leaving any file at the final name as it was. */
void fin_cli_discard(FILE *f, const char *tmp);

/* Set o->extract.types from o->types and --no-link: everything is computed
 * (so amounts are linked) unless --no-link asks for the written types only. */
void fin_cli_compute_types(fin_engine_opts *o);
/* Set o->extract.config: --config FILE, else FIN_CLI_CONFIG when it
 * exists; none with --no-config. */
void fin_cli_pick_config(fin_engine_opts *o);

int fin_cmd_extract(int argc, char **argv);
int fin_cmd_run(int argc, char **argv);
int fin_cmd_aggregate(int argc, char **argv);
/* finfig run's aggregation step (cmd_aggregate.c): summary.json, by_*.csv
 * and events.csv into outdir; the records get their event ids. */
int fin_cli_run_aggregate(const char *outdir, const char *jsonl, const char *csv, bool quiet);
int fin_cmd_eval(int argc, char **argv);

#endif
