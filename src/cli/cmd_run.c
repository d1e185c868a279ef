/*
 * cmd_run.c — finfig run: the main job. Extract every amount, company and
 * date of the inputs into OUTDIR/records.jsonl and OUTDIR/records.csv.
 */
#include "cli.h"
#include "plot_cli.h"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>

int fin_cli_common_opt(int argc, char **argv, int *i, fin_engine_opts *o, void *fields);
int fin_cli_cores(void);

static const char run_help[] =
	"usage: finfig run DIR|FILE... [-o OUTDIR] [options]\n"
	"\n"
	"The main job: read the articles, find every amount (with companies and\n"
	"dates) and write into OUTDIR (default ./finfig-out):\n"
	"  records.jsonl   one record per mention (money, company, date)\n"
	"  records.csv     the money records, for spreadsheets\n"
	"  summary.json    events, totals in USD and per currency, medians, top\n"
	"                  deals; by company, month, currency and kind\n"
	"  by_company.csv, by_month.csv, by_currency.csv, by_kind.csv\n"
	"  events.csv      one row per deal; the records carry its id (\"event\")\n"
	"  plots/          charts: data (.dat), gnuplot scripts (.gp), PNG, SVG\n"
	"  report.html     one self-contained page: headline numbers, the charts,\n"
	"                  the top deals (gnuplot draws the charts; without it the\n"
	"                  data and scripts are still written, and a message says\n"
	"                  how to render them: not an error)\n"
	"Files are written under a temporary name and renamed when complete.\n"
	"\n"
	"Options: -o DIR, and those of 'finfig extract' (--types, --no-link,\n"
	"--input-format, --field, --jobs, --max-article-bytes, --data, --config,\n"
	"--no-config, --strict, --quiet).\n";

int fin_cmd_run(int argc, char **argv)
{
	fin_engine_opts o;
	memset(&o, 0, sizeof o);
	o.types = FIN_TYPE_ALL;
	o.jobs = fin_cli_cores();
	struct {
		const char *a[2], *b[2], *c[2], *d[2];
	} fl;
	memset(&fl, 0, sizeof fl);
	const char *outdir = "finfig-out";
	const char **inputs = fin_calloc((size_t)argc + 1, sizeof(char *));
	int n_inputs = 0;
	if (!inputs)
		return FIN_EXIT_INPUT;
	for (int i = 1; i < argc; i++) {
		const char *v;
		int rc;
		if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
			fputs(run_help, stdout);
			fin_free(inputs);
			return FIN_EXIT_OK;
		} else if (fin_cli_opt(argc, argv, &i, "-o", &v) || fin_cli_opt(argc, argv, &i, "--output", &v)) {
			if (!v) {
				fprintf(stderr, "finfig: error: -o needs a directory\n");
				fin_free(inputs);
				return FIN_EXIT_USAGE;
			}
			outdir = v;
		} else if ((rc = fin_cli_common_opt(argc, argv, &i, &o, &fl)) >= 0) {
			if (rc) {
				fin_free(inputs);
				return rc;
			}
		} else if (argv[i][0] == '-' && argv[i][1] != '\0') {
			fprintf(stderr, "finfig: error: unknown option '%s'\nTry 'finfig run --help'.\n", argv[i]);
			fin_free(inputs);
			return FIN_EXIT_USAGE;
		} else {
			inputs[n_inputs++] = argv[i];
		}
	}
	if (n_inputs == 0) {
		fprintf(stderr, "finfig: error: run needs at least one FILE or DIR\nTry 'finfig run --help'.\n");
		fin_free(inputs);
		return FIN_EXIT_USAGE;
	}
	if (mkdir(outdir, 0777) != 0 && errno != EEXIST) {
		fin_cli_diag(FIN_SEV_ERROR, outdir, 0, "cannot create directory: %s", strerror(errno));
		fin_free(inputs);
		return FIN_EXIT_INPUT;
	}
	fin_cli_compute_types(&o);
	fin_cli_pick_config(&o);
	char pj[4096], pc[4096], tj[4200], tc[4200];
	snprintf(pj, sizeof pj, "%s/records.jsonl", outdir);
	snprintf(pc, sizeof pc, "%s/records.csv", outdir);
	fin_sink sinks[2] = {
		{FIN_OUT_JSONL, fin_cli_open_out(pj, tj, sizeof tj), pj, 1},
		{FIN_OUT_CSV, fin_cli_open_out(pc, tc, sizeof tc), pc, 1},
	};
	if (!sinks[0].f || !sinks[1].f) {
		fin_cli_diag(FIN_SEV_ERROR, outdir, 0, "cannot write: %s", strerror(errno));
		if (sinks[0].f) {
			fclose(sinks[0].f);
			remove(tj);
		}
		if (sinks[1].f) {
			fclose(sinks[1].f);
			remove(tc);
		}
		fin_free(inputs);
		return FIN_EXIT_INPUT;
	}
	fin_engine_stats st;
	int rc = fin_engine_run(inputs, n_inputs, &o, sinks, 2, &st);
	/* Both files are committed (or removed) whatever happens to the other. */
	int c0 = fin_cli_commit(sinks[0].f, tj, pj);
	int c1 = fin_cli_commit(sinks[1].f, tc, pc);
	if (c0 != 0 || c1 != 0) {
		fin_cli_diag(FIN_SEV_ERROR, outdir, 0, "cannot write the outputs: %s", strerror(errno));
		rc = FIN_EXIT_INPUT;
	}
	if (!o.quiet)
		fprintf(stderr, "finfig: wrote %s and %s\n", pj, pc);
	/* Aggregate what was written (cmd_aggregate.c). */
	if (rc != FIN_EXIT_USAGE && !st.broken_pipe) {
		int arc = fin_cli_run_aggregate(outdir, pj, pc, o.quiet);
		if (arc > rc)
			rc = arc;
		/* Charts and report.html from the same records (plot_cli.c). */
		int prc = fin_cli_run_plot(outdir, pj, st.src.articles, inputs, n_inputs, o.quiet);
		if (prc > rc)
			rc = prc;
	}
	fin_free(inputs);
	return rc;
}
