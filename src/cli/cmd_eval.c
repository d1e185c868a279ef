/*
 * cmd_eval.c — finfig eval: precision, recall and F1 of records against a
 * folder of annotated articles. The matching lives in the library
 * (src/eval.c, include/finfig/eval.h); this file reads options, prints.
 */
#include "cli.h"

#include "finfig/eval.h"

#include <errno.h>
#include <string.h>

static const char eval_help[] = "usage: finfig eval --gold DIR [RECORDS|-]... [options]\n"
                                "\n"
                                "Score the records of 'finfig extract' (JSON Lines, or a JSON array) from\n"
                                "RECORDS files or stdin ('-', the default) against the annotated articles\n"
                                "in DIR (every *.json file, recursively; format: README, GOLD-FORMAT.md).\n"
                                "Money and company lines are scored, per article that has a gold file.\n"
                                "\n"
                                "Options:\n"
                                "  --gold DIR         gold articles (a directory or one file; repeatable)\n"
                                "  --format text|json output format (default text)\n"
                                "  --explicit-only    drop gold amounts marked \"explicit\": false; records\n"
                                "                     matching only those count neither way\n"
                                "  -v, --verbose      text: list each article's misses and extras\n"
                                "  -h, --help         this help\n"
                                "\n"
                                "Exit status: 0 scored (the scores are data), 1 a gold file or record was\n"
                                "bad (reported; the rest was scored), 2 usage.\n";

/* "finfig: error: MSG ARG" and a hint on stderr; the usage exit code. */
static int usage_error(const char *msg, const char *arg)
{
	fprintf(stderr, "finfig: error: %s%s%s\nTry 'finfig eval --help'.\n", msg, arg ? " " : "",
	        arg ? arg : "");
	return FIN_EXIT_USAGE;
}

/* fin_diag_fn: library diagnostics to stderr. */
static void eval_diag(void *ud, fin_severity sev, const char *path, long line, const char *message)
{
	(void)ud;
	fin_cli_diag(sev, path, line, "%s", message);
}

/* Per-article details for --verbose: the doc id once, then one line each. */
typedef struct detail_state {
	FILE *f;
	const char *last_doc;
	char doc[256];
} detail_state;

/* fin_eval_item_fn for --verbose: one line per miss or extra. */
static int print_item(void *ud, const fin_eval_item *it)
{
	detail_state *st = ud;
	if (!st->last_doc || strcmp(st->doc, it->doc) != 0) {
		snprintf(st->doc, sizeof st->doc, "%s", it->doc);
		st->last_doc = st->doc;
		fprintf(st->f, "%s\n", it->doc);
	}
	static const char *const what[] = {"money", "company", "party"};
	fprintf(st->f, "  %-7s %-5s %s\n", what[it->what], it->outcome == FIN_EVAL_MISS ? "miss" : "extra",
	        it->desc);
	return 0;
}

/* A ratio in 1/10000 as a JSON number with four decimals, or null. */
static void put_ratio_json(FILE *f, long v)
{
	if (v < 0)
		fputs("null", f);
	else
		fprintf(f, "%ld.%04ld", v / 10000, v % 10000);
}

/* A ratio in 1/10000 as a percentage with one decimal, or "-". */
static void put_ratio_text(FILE *f, long v)
{
	if (v < 0) {
		fprintf(f, " %9s", "-");
		return;
	}
	long t = (v + 5) / 10; /* tenths of a percent, rounded half up */
	fprintf(f, " %6ld.%ld%%", t / 10, t % 10);
}

/* "NAME":{"tp":..,"fp":..,"fn":..,"p":..,"r":..,"f1":..} */
static void put_counts_json(FILE *f, const char *name, const fin_eval_counts *c)
{
	fin_eval_prf r = fin_eval_ratios(c);
	fprintf(f, "\"%s\":{\"tp\":%ld,\"fp\":%ld,\"fn\":%ld,\"p\":", name, c->tp, c->fp, c->fn);
	put_ratio_json(f, r.p);
	fputs(",\"r\":", f);
	put_ratio_json(f, r.r);
	fputs(",\"f1\":", f);
	put_ratio_json(f, r.f1);
	fputc('}', f);
}

/* One row of the text table. */
static void put_counts_text(FILE *f, const char *name, const fin_eval_counts *c)
{
	fin_eval_prf r = fin_eval_ratios(c);
	fprintf(f, "%-10s %6ld %6ld %6ld", name, c->tp, c->fp, c->fn);
	put_ratio_text(f, r.p);
	put_ratio_text(f, r.r);
	put_ratio_text(f, r.f1);
	fputc('\n', f);
}

/* finfig eval: options, gold, records, scores; returns the exit code. */
int fin_cmd_eval(int argc, char **argv)
{
	fin_eval_opts opts;
	memset(&opts, 0, sizeof opts);
	int json = 0, verbose = 0;
	const char **golds = fin_calloc((size_t)argc + 1, sizeof(char *));
	const char **inputs = fin_calloc((size_t)argc + 1, sizeof(char *));
	int n_golds = 0, n_inputs = 0, rc = FIN_EXIT_OK;
	fin_eval *ev = NULL;
	if (!golds || !inputs) {
		fin_cli_diag(FIN_SEV_ERROR, "", 0, "out of memory");
		rc = FIN_EXIT_INPUT;
		goto out;
	}
	for (int i = 1; i < argc; i++) {
		const char *v;
		const char *a = argv[i];
		if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
			fputs(eval_help, stdout);
			goto out;
		} else if (fin_cli_opt(argc, argv, &i, "--gold", &v)) {
			if (!v) {
				rc = usage_error("--gold needs a directory", NULL);
				goto out;
			}
			golds[n_golds++] = v;
		} else if (fin_cli_opt(argc, argv, &i, "--format", &v)) {
			if (v && strcmp(v, "text") == 0) {
				json = 0;
			} else if (v && strcmp(v, "json") == 0) {
				json = 1;
			} else {
				rc = usage_error("unknown --format (text, json):", v ? v : "(none)");
				goto out;
			}
		} else if (strcmp(a, "--explicit-only") == 0) {
			opts.explicit_only = 1;
		} else if (strcmp(a, "-v") == 0 || strcmp(a, "--verbose") == 0) {
			verbose = 1;
		} else if (a[0] == '-' && a[1] != '\0') {
			rc = usage_error("unknown option", a);
			goto out;
		} else {
			inputs[n_inputs++] = a;
		}
	}
	if (n_golds == 0) {
		rc = usage_error("finfig eval needs --gold DIR", NULL);
		goto out;
	}
	if (n_inputs == 0)
		inputs[n_inputs++] = "-";
	if (fin_eval_new(&ev, &opts) != FIN_OK) {
		fin_cli_diag(FIN_SEV_ERROR, "", 0, "out of memory");
		rc = FIN_EXIT_INPUT;
		goto out;
	}
	for (int g = 0; g < n_golds; g++) {
		int r = fin_eval_load_gold(ev, golds[g], eval_diag, NULL);
		if (r == FIN_ENOMEM) {
			fin_cli_diag(FIN_SEV_ERROR, golds[g], 0, "out of memory");
			rc = FIN_EXIT_INPUT;
			goto out;
		}
	}
	for (int k = 0; k < n_inputs; k++) {
		int is_stdin = strcmp(inputs[k], "-") == 0;
		FILE *f = is_stdin ? stdin : fopen(inputs[k], "rb");
		if (!f) {
			fin_cli_diag(FIN_SEV_ERROR, inputs[k], 0, "cannot open: %s", strerror(errno));
			rc = FIN_EXIT_INPUT;
			continue;
		}
		int r = fin_eval_read_records(ev, f, is_stdin ? "-" : inputs[k], eval_diag, NULL);
		if (!is_stdin)
			fclose(f);
		if (r == FIN_ENOMEM) {
			fin_cli_diag(FIN_SEV_ERROR, inputs[k], 0, "out of memory");
			rc = FIN_EXIT_INPUT;
			goto out;
		}
		if (r != FIN_OK)
			rc = FIN_EXIT_INPUT;
	}
	fin_eval_scores sc;
	detail_state ds;
	memset(&ds, 0, sizeof ds);
	ds.f = stdout;
	if (fin_eval_score(ev, &sc, (verbose && !json) ? print_item : NULL, &ds) != FIN_OK) {
		fin_cli_diag(FIN_SEV_ERROR, "", 0, "out of memory");
		rc = FIN_EXIT_INPUT;
		goto out;
	}
	if (sc.bad_gold || sc.bad_records)
		rc = FIN_EXIT_INPUT;
	if (json) {
		fputc('{', stdout);
		put_counts_json(stdout, "money", &sc.money);
		fputc(',', stdout);
		put_counts_json(stdout, "companies", &sc.companies);
		fputc(',', stdout);
		put_counts_json(stdout, "parties", &sc.parties);
		printf(",\"docs\":{\"gold\":%ld,\"scored\":%ld,\"gold_without_records\":%ld,"
		       "\"records_without_gold\":%ld,\"bad_gold\":%ld,\"bad_records\":%ld},"
		       "\"explicit_only\":%s}\n",
		       sc.gold_docs, sc.docs_scored, sc.gold_without_records, sc.docs_without_gold,
		       sc.bad_gold, sc.bad_records, opts.explicit_only ? "true" : "false");
	} else {
		if (verbose && (sc.money.fp || sc.money.fn || sc.companies.fp || sc.companies.fn ||
		                sc.parties.fp || sc.parties.fn))
			fputc('\n', stdout);
		printf("docs scored: %ld of %ld gold docs (%ld without records, not scored)%s\n",
		       sc.docs_scored, sc.gold_docs, sc.gold_without_records,
		       opts.explicit_only ? "; explicit amounts only" : "");
		printf("%-10s %6s %6s %6s %9s %9s %9s\n", "", "tp", "fp", "fn", "precision", "recall", "f1");
		put_counts_text(stdout, "money", &sc.money);
		put_counts_text(stdout, "companies", &sc.companies);
		put_counts_text(stdout, "parties", &sc.parties);
	}
	/* A closed pipe ("finfig eval ... | head") ends quietly, as in extract. */
	if ((fflush(stdout) != 0 || ferror(stdout)) && errno != EPIPE) {
		fin_cli_diag(FIN_SEV_ERROR, "stdout", 0, "cannot write: %s", strerror(errno));
		rc = FIN_EXIT_INPUT;
	}
out:
	fin_eval_free(ev);
	fin_free(golds);
	fin_free(inputs);
	return rc;
}
