/*
 * plot_cli.h — the chart side of the finfig command (plot_cli.c): read
 * records or a summary into chart data, write the `.dat`/`.gp` files, run
 * gnuplot on them (no shell, a time limit, stderr reported), write
 * report.html. Shared by `finfig plot` (cmd_plot.c) and `finfig run`.
 */
#ifndef FIN_PLOT_CLI_H
#define FIN_PLOT_CLI_H

#include "cli.h"
#include "finfig/plot.h"

/* Which images to render. */
#define FIN_CLI_PNG 1u
#define FIN_CLI_SVG 2u

/* Default time limit of one gnuplot run, in seconds. */
#define FIN_CLI_GNUPLOT_TIMEOUT 60

typedef struct fin_cli_plot_opts {
	const char *dir;              /* where the charts go (created when missing) */
	unsigned formats;             /* FIN_CLI_PNG | FIN_CLI_SVG; 0: write scripts only */
	const char *gnuplot;          /* --gnuplot PATH, or NULL: "gnuplot" on PATH */
	int timeout_s;                /* per gnuplot run; 0: FIN_CLI_GNUPLOT_TIMEOUT */
	const char *const *companies; /* --company names: one timeline each */
	int n_companies;
	fin_plot_opts plot;        /* templates, top N */
	const char *report;        /* write report.html here (needs SVG), or NULL */
	const char *report_inputs; /* shown in the report: what was read */
	bool quiet;
} fin_cli_plot_opts;

/* Feed the inputs ("-" is stdin) to in: a file that starts with a finfig
 * summary object is read whole as a summary; anything else line by line
 * as records or state. Bad lines are reported and counted in *bad. Returns
 * 0, or -1 on a fatal error (reported): out of memory, a summary mixed with
 * records. */
int fin_cli_plot_feed(fin_plot_input *in, const char *const *inputs, int n, long *bad);

/* Write every chart (data + script) of d into o->dir, render them with
 * gnuplot, and write the report when asked. Returns an exit code: 0 also
 * when gnuplot is not installed (the scripts are written and a message
 * says how to render them), 1 when a file cannot be written or gnuplot
 * fails on a chart. */
int fin_cli_plot_write(const fin_plot_data *d, const fin_cli_plot_opts *o);

/* Run `gnuplot -e "fmt='FMT'" SCRIPT` in dir, without a shell, with
 * stdin and stdout on /dev/null, stderr captured into err (capped) and a
 * wall-clock limit of timeout_s seconds (the process group is killed
 * after it; a CPU limit backs it up). Returns 0 when gnuplot exited 0;
 * otherwise -1 and err starts with what went wrong ("exit status 1",
 * "killed after 60 s", "cannot run ...") followed by gnuplot's stderr. */
int fin_cli_gnuplot_run(const char *exe, const char *dir, const char *script, const char *fmt, int timeout_s,
                        fin_buf *err);

/* finfig plot (cmd_plot.c). */
int fin_cmd_plot(int argc, char **argv);

/* finfig run's chart step: OUTDIR/plots (PNG and SVG) and
 * OUTDIR/report.html from the records in jsonl. articles (or -1) and the
 * inputs (what was read) go into the report. An exit code. */
int fin_cli_run_plot(const char *outdir, const char *jsonl, long articles, const char *const *inputs,
                     int n_inputs, bool quiet);

/* Resolve the gnuplot executable: `name` when it holds a '/', else the
 * first executable `name` on PATH ("gnuplot" when name is NULL). Returns
 * true and fills out[cap] when found. */
bool fin_cli_gnuplot_find(const char *name, char *out, size_t cap);

#endif
