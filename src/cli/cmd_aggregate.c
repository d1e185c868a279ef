/*
 * cmd_aggregate.c — finfig aggregate: records and states in, a summary (or
 * a mergeable state) out; and the aggregation step of finfig run.
 */
#include "cli.h"
#include "finfig/agg.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static const char aggregate_help[] =
    "usage: finfig aggregate [RECORDS|STATE|-]... [options]\n"
    "\n"
    "Read money records (the JSON Lines of 'finfig extract', files or stdin)\n"
    "and states written by 'finfig aggregate --state', in any mix, and write\n"
    "totals in USD and per currency, counts, min, max, exact medians and the\n"
    "top deals, per group. The same deal reported several times (headline\n"
    "and body, several articles, restated in another currency) counts once,\n"
    "as one event: same currency, values within 1 %, a company in common,\n"
    "dates at most --window days apart.\n"
    "\n"
    "Options:\n"
    "  --by DIMS          group by company, month, currency or kind; cross\n"
    "                     them with commas (--by company,month); repeat for\n"
    "                     several tables (JSON only). Default: the total only\n"
    "  --format json|csv  output format (default json); csv: one --by table\n"
    "  --state            write a partial state to merge later instead of the\n"
    "                     summary: aggregating states of the parts of a batch\n"
    "                     gives the summary of the whole batch, byte for byte\n"
    "  --mentions         count every mention, not events\n"
    "  --window DAYS      events: most days between two reports (default 30)\n"
    "  --top N            how many top deals to list (default 10)\n"
    "  --events FILE      also write every event as CSV (event counting)\n"
    "  -o, --output FILE  write to FILE (atomically) instead of stdout\n"
    "  --strict           stop at the first line that is not a record\n"
    "  -q, --quiet        no summary line on stderr\n"
    "  -h, --help         this help\n"
    "\n"
    "Exit status: 0 ok, 1 some lines or files could not be read (the rest was\n"
    "aggregated), 2 usage.\n";

/* A usage error on stderr; returns the usage exit status. */
static int usage(const char *msg, const char *arg)
{
	fprintf(stderr, "finfig: error: %s%s%s\nTry 'finfig aggregate --help'.\n", msg, arg ? " " : "",
	        arg ? arg : "");
	return FIN_EXIT_USAGE;
}

/* Feed every line of f to g. Returns 0, or -1 on a fatal error (out of
 * memory, a state that does not fit the options, --strict). */
static int feed_stream(fin_agg *g, FILE *f, const char *name, bool strict, bool *any_error)
{
	fin_buf line;
	fin_buf_init(&line, 0);
	char chunk[65536];
	long lineno = 0;
	int rc = 0;
	bool more = true;
	while (more && rc == 0) {
		/* One whole line into `line`, however long. */
		fin_buf_clear(&line);
		more = false;
		while (fgets(chunk, sizeof chunk, f)) {
			size_t n = strlen(chunk);
			fin_buf_append(&line, chunk, n);
			more = true;
			if (n && chunk[n - 1] == '\n')
				break;
		}
		if (!more)
			break;
		if (line.failed) {
			fin_cli_diag(FIN_SEV_ERROR, name, lineno + 1, "out of memory");
			rc = -1;
			break;
		}
		lineno++;
		size_t len = line.len;
		if (len && line.ptr[len - 1] == '\n')
			len--;
		fin_error err;
		memset(&err, 0, sizeof err);
		int r = fin_agg_line(g, line.ptr, len, name, lineno, &err);
		if (r == FIN_OK)
			continue;
		*any_error = true;
		fin_cli_diag(r == FIN_EPARSE ? FIN_SEV_WARNING : FIN_SEV_ERROR, err.path, err.line, "%s",
		             err.message);
		if (r == FIN_ENOMEM || r == FIN_EINVAL || strict)
			rc = -1;
	}
	if (rc == 0 && ferror(f)) {
		fin_cli_diag(FIN_SEV_ERROR, name, 0, "read error: %s", strerror(errno));
		*any_error = true;
	}
	fin_buf_free(&line);
	return rc;
}

/* Feed the inputs ("-" is stdin). -1 on a fatal error. */
static int feed_inputs(fin_agg *g, const char *const *inputs, int n, bool strict, bool *any_error)
{
	for (int i = 0; i < n; i++) {
		if (strcmp(inputs[i], "-") == 0) {
			if (feed_stream(g, stdin, "-", strict, any_error) < 0)
				return -1;
			continue;
		}
		FILE *f = fopen(inputs[i], "rb");
		if (!f) {
			fin_cli_diag(FIN_SEV_ERROR, inputs[i], 0, "cannot open: %s", strerror(errno));
			*any_error = true;
			if (strict)
				return -1;
			continue;
		}
		int rc = feed_stream(g, f, inputs[i], strict, any_error);
		fclose(f);
		if (rc < 0)
			return -1;
	}
	return 0;
}

/* What to write. */
typedef enum out_kind { OUT_JSON, OUT_CSV, OUT_EVENTS, OUT_STATE } out_kind;

/* Write output k of g to f. 0 or a fin_status. */
static int write_to(fin_agg *g, out_kind k, int grouping, FILE *f)
{
	switch (k) {
	case OUT_JSON:
		return fin_agg_write_json(g, f);
	case OUT_CSV:
		return fin_agg_write_csv(g, grouping, f);
	case OUT_EVENTS:
		return fin_agg_write_events_csv(g, f);
	case OUT_STATE:
		return fin_agg_write_state(g, f);
	}
	return FIN_EINVAL;
}

/* Write into path ("-" or NULL: stdout), atomically for files. */
static int write_out(const char *path, fin_agg *g, out_kind k, int grouping)
{
	if (!path || strcmp(path, "-") == 0) {
		int rc = write_to(g, k, grouping, stdout);
		if (rc && errno != EPIPE)
			fin_cli_diag(FIN_SEV_ERROR, "stdout", 0, "write failed: %s", fin_strerror(rc));
		return rc;
	}
	char tmp[4200];
	FILE *f = fin_cli_open_out(path, tmp, sizeof tmp);
	if (!f) {
		fin_cli_diag(FIN_SEV_ERROR, path, 0, "cannot write: %s", strerror(errno));
		return FIN_EIO;
	}
	int rc = write_to(g, k, grouping, f);
	/* A write that failed half-way must not replace an older file. */
	if (rc)
		fin_cli_discard(f, tmp);
	if (rc || fin_cli_commit(f, tmp, path) != 0) {
		fin_cli_diag(FIN_SEV_ERROR, path, 0, "cannot write: %s",
		             rc ? fin_strerror(rc) : strerror(errno));
		return rc ? rc : FIN_EIO;
	}
	return FIN_OK;
}

/* The closing line on stderr: records, events, groups, values, bad lines. */
static void print_summary(const fin_agg *g, const char *what)
{
	fin_agg_stats st;
	fin_agg_get_stats(g, &st);
	fprintf(stderr, "finfig: aggregate: %ld records", st.records);
	if (st.kept)
		fprintf(stderr, " (%ld held for events)", st.kept);
	if (st.events)
		fprintf(stderr, ", %ld counted", st.events);
	fprintf(stderr, ", %ld groups, %ld distinct values; %ld lines not records%s%s\n", st.groups,
	        st.values, st.invalid, what ? "; wrote " : "", what ? what : "");
}

/* finfig aggregate: options, read every input, write the summary or state. */
int fin_cmd_aggregate(int argc, char **argv)
{
	fin_agg_opts o;
	memset(&o, 0, sizeof o);
	const char *outpath = NULL, *events_path = NULL;
	bool csv = false, state = false, strict = false, quiet = false;
	const char **inputs = fin_calloc((size_t)argc + 1, sizeof(char *));
	int n_inputs = 0;
	if (!inputs)
		return FIN_EXIT_INPUT;
	int rc = FIN_EXIT_OK;
	for (int i = 1; i < argc && rc == FIN_EXIT_OK; i++) {
		const char *v, *a = argv[i];
		if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
			fputs(aggregate_help, stdout);
			fin_free(inputs);
			return FIN_EXIT_OK;
		} else if (fin_cli_opt(argc, argv, &i, "--by", &v)) {
			if (o.n_groupings == FIN_AGG_MAX_GROUPINGS)
				rc = usage("too many --by", NULL);
			else if (!v || fin_agg_parse_grouping(v, &o.groupings[o.n_groupings]))
				rc = usage("bad --by (company, month, currency, kind, crossed with ','):", v);
			else
				o.n_groupings++;
			o.by_given = 1;
		} else if (fin_cli_opt(argc, argv, &i, "--format", &v)) {
			if (v && strcmp(v, "json") == 0)
				csv = false;
			else if (v && strcmp(v, "csv") == 0)
				csv = true;
			else
				rc = usage("unknown --format (json, csv):", v);
		} else if (fin_cli_opt(argc, argv, &i, "--window", &v)) {
			long d = fin_cli_long(v);
			if (d < 0 || d > 100000)
				rc = usage("bad --window (days, 0..100000):", v);
			else
				o.window_days = d ? (int)d : -1;
		} else if (fin_cli_opt(argc, argv, &i, "--top", &v)) {
			long t = fin_cli_long(v);
			if (t < 1 || t > 100000)
				rc = usage("bad --top (1..100000):", v);
			else
				o.top = (int)t;
		} else if (fin_cli_opt(argc, argv, &i, "--events", &v)) {
			if (!v)
				rc = usage("--events needs a file name", NULL);
			events_path = v;
		} else if (fin_cli_opt(argc, argv, &i, "-o", &v) ||
		           fin_cli_opt(argc, argv, &i, "--output", &v)) {
			if (!v)
				rc = usage("-o needs a file name", NULL);
			outpath = v;
		} else if (strcmp(a, "--state") == 0) {
			state = true;
		} else if (strcmp(a, "--mentions") == 0) {
			o.mentions = 1;
		} else if (strcmp(a, "--strict") == 0) {
			strict = true;
		} else if (strcmp(a, "-q") == 0 || strcmp(a, "--quiet") == 0) {
			quiet = true;
		} else if (a[0] == '-' && a[1] != '\0') {
			rc = usage("unknown option", a);
		} else {
			inputs[n_inputs++] = a;
		}
	}
	if (rc == FIN_EXIT_OK && csv && !state && o.n_groupings != 1)
		rc = usage("--format csv writes one table: give exactly one --by", NULL);
	if (rc == FIN_EXIT_OK && state && (csv || events_path))
		rc = usage("--state writes JSON Lines; no --format csv or --events with it", NULL);
	if (rc == FIN_EXIT_OK && events_path && o.mentions)
		rc = usage("--events needs event counting (not --mentions)", NULL);
	if (rc != FIN_EXIT_OK) {
		fin_free(inputs);
		return rc;
	}
	if (n_inputs == 0)
		inputs[n_inputs++] = "-";
	fin_agg *g = NULL;
	fin_error err;
	memset(&err, 0, sizeof err);
	if (fin_agg_new(&g, &o, &err)) {
		fin_cli_diag(FIN_SEV_ERROR, "", 0, "%s", err.message);
		fin_free(inputs);
		return FIN_EXIT_INPUT;
	}
	bool any_error = false;
	int fatal = feed_inputs(g, inputs, n_inputs, strict, &any_error);
	fin_free(inputs);
	if (fatal < 0) {
		fin_agg_free(g);
		return FIN_EXIT_INPUT;
	}
	int wrc;
	if (state) {
		wrc = write_out(outpath, g, OUT_STATE, 0);
	} else {
		if (fin_agg_finish(g, &err)) {
			fin_cli_diag(FIN_SEV_ERROR, "", 0, "%s", err.message);
			fin_agg_free(g);
			return FIN_EXIT_INPUT;
		}
		wrc = write_out(outpath, g, csv ? OUT_CSV : OUT_JSON, 0);
		if (!wrc && events_path)
			wrc = write_out(events_path, g, OUT_EVENTS, 0);
	}
	if (!quiet)
		print_summary(g, state ? "a state" : NULL);
	fin_agg_free(g);
	if (wrc && errno == EPIPE)
		return FIN_EXIT_OK;
	return wrc || any_error ? FIN_EXIT_INPUT : FIN_EXIT_OK;
}

/* ---------------------------------------------------------------------- */
/* finfig run: the aggregation step                                        */
/* ---------------------------------------------------------------------- */

/* Write summary.json, by_company.csv, by_month.csv, by_currency.csv,
 * by_kind.csv and events.csv into outdir from the records in jsonl, then
 * rewrite jsonl and csv (when given) with each record's event id. */
int fin_cli_run_aggregate(const char *outdir, const char *jsonl, const char *csv_path, bool quiet)
{
	fin_agg_opts o;
	memset(&o, 0, sizeof o);
	const char *names[] = {"company", "month", "currency", "kind"};
	for (int i = 0; i < 4; i++)
		fin_agg_parse_grouping(names[i], &o.groupings[o.n_groupings++]);
	o.by_given = 1;
	fin_agg *g = NULL;
	fin_error err;
	memset(&err, 0, sizeof err);
	if (fin_agg_new(&g, &o, &err)) {
		fin_cli_diag(FIN_SEV_ERROR, "", 0, "%s", err.message);
		return FIN_EXIT_INPUT;
	}
	bool any_error = false;
	const char *in[1] = {jsonl};
	if (feed_inputs(g, in, 1, false, &any_error) < 0 || fin_agg_finish(g, &err)) {
		if (err.message[0])
			fin_cli_diag(FIN_SEV_ERROR, "", 0, "%s", err.message);
		fin_agg_free(g);
		return FIN_EXIT_INPUT;
	}
	int rc = FIN_OK;
	char p[4096];
	snprintf(p, sizeof p, "%s/summary.json", outdir);
	rc |= write_out(p, g, OUT_JSON, 0);
	for (int i = 0; i < 4; i++) {
		snprintf(p, sizeof p, "%s/by_%s.csv", outdir, names[i]);
		rc |= write_out(p, g, OUT_CSV, i);
	}
	snprintf(p, sizeof p, "%s/events.csv", outdir);
	rc |= write_out(p, g, OUT_EVENTS, 0);
	/* The records get their event ids: copy each through the table into a
	 * temporary file and rename it over the original. */
	const char *srcs[2] = {jsonl, csv_path};
	for (int k = 0; k < 2 && !rc; k++) {
		if (!srcs[k])
			continue;
		char tmp[4200];
		FILE *in_f = fopen(srcs[k], "rb");
		FILE *out_f = in_f ? fin_cli_open_out(srcs[k], tmp, sizeof tmp) : NULL;
		if (!in_f || !out_f) {
			fin_cli_diag(FIN_SEV_ERROR, srcs[k], 0, "cannot rewrite with event ids: %s",
			             strerror(errno));
			if (in_f)
				fclose(in_f);
			rc = FIN_EIO;
			break;
		}
		int ar =
		    k == 0 ? fin_agg_annotate_jsonl(g, in_f, out_f) : fin_agg_annotate_csv(g, in_f, out_f);
		fclose(in_f);
		/* Half-annotated records must not replace the complete ones. */
		if (ar)
			fin_cli_discard(out_f, tmp);
		if (ar || fin_cli_commit(out_f, tmp, srcs[k]) != 0) {
			fin_cli_diag(FIN_SEV_ERROR, srcs[k], 0, "cannot rewrite with event ids");
			rc = FIN_EIO;
		}
	}
	if (!quiet)
		print_summary(g, "summary.json, by_*.csv, events.csv");
	fin_agg_free(g);
	return rc || any_error ? FIN_EXIT_INPUT : FIN_EXIT_OK;
}
