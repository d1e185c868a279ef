/*
 * cmd_plot.c — finfig plot: records, states or a summary in; chart data,
 * gnuplot scripts and images (and optionally the HTML report) out.
 */
#include "plot_cli.h"

#include <string.h>

static const char plot_help[] = "usage: finfig plot [RECORDS|STATE|SUMMARY|-]... [-o DIR] [options]\n"
                                "\n"
                                "Draw the charts of a batch: the records of 'finfig extract' (or states\n"
                                "of 'finfig aggregate --state') are aggregated into deal events first;\n"
                                "a summary of 'finfig aggregate' (JSON) can be given instead. For each\n"
                                "chart DIR gets the data (NAME.dat, tab-separated), the gnuplot script\n"
                                "(NAME.gp, edit and re-run it: gnuplot NAME.gp) and the image:\n"
                                "  deals-by-month   deal value per month in USD, number of deals\n"
                                "  top-companies    top companies by total deal value in USD\n"
                                "  deal-sizes       every deal over time, log scale, by kind\n"
                                "  currency-mix     share of amounts by original currency\n"
                                "  company-NAME     one company's deals over time (--company)\n"
                                "A chart with nothing to show says so. Deals are events of kind deal,\n"
                                "acquisition or investment (--kinds); prices per share are not deals.\n"
                                "\n"
                                "Options:\n"
                                "  -o, --output DIR     where the charts go (default: plots)\n"
                                "  --terminal png|svg|both  images to render (default png)\n"
                                "  --company NAME       also a timeline of this company (repeatable)\n"
                                "  --top N              companies in the ranking (default 15)\n"
                                "  --kinds LIST         kinds that count as deals, comma-separated, or\n"
                                "                       all (default deal,acquisition,investment)\n"
                                "  --window DAYS        events: most days between two reports (default 30)\n"
                                "  --report FILE        also write a self-contained HTML report\n"
                                "  --templates DIR      chart templates that replace the built-in ones\n"
                                "                       (same names as plots/*.gp of the sources)\n"
                                "  --gnuplot PATH       the gnuplot to run (default: gnuplot on PATH,\n"
                                "                       or $FINFIG_GNUPLOT)\n"
                                "  --timeout SECONDS    time limit of one gnuplot run (default 60)\n"
                                "  --no-render          write the data and scripts only\n"
                                "  -q, --quiet          no summary line on stderr\n"
                                "  -h, --help           this help\n"
                                "\n"
                                "Without gnuplot the data and scripts are still written and a message\n"
                                "says how to render them; that is not an error (exit status 0).\n"
                                "Exit status: 0 ok, 1 some input could not be read or a chart could not\n"
                                "be written or rendered, 2 usage.\n";

/* A usage error: the message, a hint, exit status 2. */
static int usage(const char *msg, const char *arg)
{
	fprintf(stderr, "finfig: error: %s%s%s\nTry 'finfig plot --help'.\n", msg, arg ? " " : "",
	        arg ? arg : "");
	return FIN_EXIT_USAGE;
}

/* finfig plot: parse the options, read the inputs, write the charts. */
int fin_cmd_plot(int argc, char **argv)
{
	fin_cli_plot_opts o;
	memset(&o, 0, sizeof o);
	o.dir = "plots";
	o.formats = FIN_CLI_PNG;
	fin_plot_input_opts io;
	memset(&io, 0, sizeof io);
	bool render = true;
	const char **inputs = fin_calloc((size_t)argc + 1, sizeof(char *));
	const char **companies = fin_calloc((size_t)argc + 1, sizeof(char *));
	if (!inputs || !companies) {
		fin_free(inputs);
		fin_free(companies);
		return FIN_EXIT_INPUT;
	}
	int n_inputs = 0, rc = FIN_EXIT_OK;
	for (int i = 1; i < argc && rc == FIN_EXIT_OK; i++) {
		const char *v, *a = argv[i];
		if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
			fputs(plot_help, stdout);
			fin_free(inputs);
			fin_free(companies);
			return FIN_EXIT_OK;
		} else if (fin_cli_opt(argc, argv, &i, "-o", &v) ||
		           fin_cli_opt(argc, argv, &i, "--output", &v)) {
			if (!v || !*v)
				rc = usage("-o needs a directory", NULL);
			o.dir = v;
		} else if (fin_cli_opt(argc, argv, &i, "--terminal", &v)) {
			if (v && strcmp(v, "png") == 0)
				o.formats = FIN_CLI_PNG;
			else if (v && strcmp(v, "svg") == 0)
				o.formats = FIN_CLI_SVG;
			else if (v && strcmp(v, "both") == 0)
				o.formats = FIN_CLI_PNG | FIN_CLI_SVG;
			else
				rc = usage("unknown --terminal (png, svg, both):", v);
		} else if (fin_cli_opt(argc, argv, &i, "--company", &v)) {
			if (!v || !*v)
				rc = usage("--company needs a name", NULL);
			companies[o.n_companies++] = v;
		} else if (fin_cli_opt(argc, argv, &i, "--top", &v)) {
			long t = fin_cli_long(v);
			if (t < 1 || t > 100)
				rc = usage("bad --top (1..100):", v);
			o.plot.top_n = (int)t;
		} else if (fin_cli_opt(argc, argv, &i, "--kinds", &v)) {
			if (!v || !*v)
				rc = usage("--kinds needs a list", NULL);
			io.kinds = v;
		} else if (fin_cli_opt(argc, argv, &i, "--window", &v)) {
			long d = fin_cli_long(v);
			if (d < 0 || d > 100000)
				rc = usage("bad --window (days, 0..100000):", v);
			io.window_days = d ? (int)d : -1;
		} else if (fin_cli_opt(argc, argv, &i, "--report", &v)) {
			if (!v || !*v)
				rc = usage("--report needs a file name", NULL);
			o.report = v;
		} else if (fin_cli_opt(argc, argv, &i, "--templates", &v)) {
			if (!v || !*v)
				rc = usage("--templates needs a directory", NULL);
			o.plot.template_dir = v;
		} else if (fin_cli_opt(argc, argv, &i, "--gnuplot", &v)) {
			if (!v || !*v)
				rc = usage("--gnuplot needs a path", NULL);
			o.gnuplot = v;
		} else if (fin_cli_opt(argc, argv, &i, "--timeout", &v)) {
			long t = fin_cli_long(v);
			if (t < 1 || t > 3600)
				rc = usage("bad --timeout (seconds, 1..3600):", v);
			o.timeout_s = (int)t;
		} else if (strcmp(a, "--no-render") == 0) {
			render = false;
		} else if (strcmp(a, "-q") == 0 || strcmp(a, "--quiet") == 0) {
			o.quiet = true;
		} else if (a[0] == '-' && a[1] != '\0') {
			rc = usage("unknown option", a);
		} else {
			inputs[n_inputs++] = a;
		}
	}
	if (rc == FIN_EXIT_OK && !render && o.report)
		rc = usage("--report needs the SVG images: not with --no-render", NULL);
	if (rc != FIN_EXIT_OK) {
		fin_free(inputs);
		fin_free(companies);
		return rc;
	}
	if (!render)
		o.formats = 0;
	if (n_inputs == 0)
		inputs[n_inputs++] = "-";
	o.companies = companies;

	fin_plot_input *in = NULL;
	fin_error err;
	memset(&err, 0, sizeof err);
	if (fin_plot_input_new(&in, &io, &err) != FIN_OK) {
		fin_cli_diag(FIN_SEV_ERROR, "", 0, "%s", err.message);
		fin_free(inputs);
		fin_free(companies);
		return err.code == FIN_EINVAL ? FIN_EXIT_USAGE : FIN_EXIT_INPUT;
	}
	long bad = 0;
	fin_plot_data d;
	if (fin_cli_plot_feed(in, inputs, n_inputs, &bad) < 0) {
		rc = FIN_EXIT_INPUT;
	} else if (fin_plot_input_finish(in, &d, &err) != FIN_OK) {
		fin_cli_diag(FIN_SEV_ERROR, err.path, err.line, "%s", err.message);
		rc = FIN_EXIT_INPUT;
	} else {
		fin_buf what;
		fin_buf_init(&what, 8192);
		for (int i = 0; i < n_inputs; i++) {
			if (i)
				fin_buf_puts(&what, ", ");
			fin_buf_puts(&what, inputs[i]);
		}
		o.report_inputs = what.failed ? NULL : what.ptr;
		rc = fin_cli_plot_write(&d, &o);
		fin_buf_free(&what);
	}
	fin_plot_input_free(in);
	fin_free(inputs);
	fin_free(companies);
	if (rc == FIN_EXIT_OK && bad)
		rc = FIN_EXIT_INPUT;
	return rc;
}
