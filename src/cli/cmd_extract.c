/*
 * cmd_extract.c — finfig extract: articles in, records out.
 */
#include "cli.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char extract_help[] =
	"usage: finfig extract [FILE|DIR|-]... [options]\n"
	"\n"
	"Find every monetary amount, with the companies it is about, its date and\n"
	"its kind (deal, acquisition, revenue, profit, loss, valuation, price...),\n"
	"in the articles of FILEs and DIRs (recursively) or stdin ('-', the\n"
	"default) and write one record per mention.\n"
	"\n"
	"Input formats: .md/.markdown (YAML front matter), .txt, .jsonl/.ndjson,\n"
	".json (array), .sgm (Reuters-21578 SGML), .html; others sniffed.\n"
	"\n"
	"Options:\n"
	"  --format jsonl|json|csv  output format (default jsonl; csv: money rows)\n"
	"  -o, --output FILE        write to FILE (atomically) instead of stdout\n"
	"  --types LIST             records written: money,company,date or all\n"
	"                           (default money; all are computed anyway)\n"
	"  --no-link                amounts only, faster: companies, date and kind\n"
	"                           of money records stay empty\n"
	"  --input-format FMT       force text|markdown|jsonl|json|sgml|html\n"
	"  --field NAME=KEY         JSON field names: id, title, body, published\n"
	"                           (repeatable; e.g. --field body=story)\n"
	"  --jobs N                 worker threads (default: number of cores)\n"
	"  --max-article-bytes N    skip larger articles (default 67108864)\n"
	"  --data DIR               extra data tables (currency-forms.tsv, ...)\n"
	"  --config FILE            your companies (YAML: companies: - name, aliases,\n"
	"                           ticker, kind); default ./finfig.yaml if present\n"
	"  --no-config              no config file, not even ./finfig.yaml\n"
	"  --fx FILE                your own monthly USD rates (month, code, rate,\n"
	"                           per_usd|usd_per), over the built-in table\n"
	"  --strict                 stop at the first input error\n"
	"  -q, --quiet              no summary line on stderr\n"
	"  -h, --help               this help\n"
	"\n"
	"Exit status: 0 ok, 1 some inputs failed (the rest was processed), 2 usage.\n";

/* Storage for --field values: NULL-terminated one-element lists. */
typedef struct field_lists {
	const char *id[2], *title[2], *body[2], *published[2];
} field_lists;

static int parse_field(const char *v, fin_source_opts *so, field_lists *fl)
{
	const char *eq = v ? strchr(v, '=') : NULL;
	if (!eq || !eq[1])
		return -1;
	size_t n = (size_t)(eq - v);
	const char *key = eq + 1;
	if (n == 2 && strncmp(v, "id", 2) == 0) {
		fl->id[0] = key;
		so->fields.id = fl->id;
	} else if (n == 5 && strncmp(v, "title", 5) == 0) {
		fl->title[0] = key;
		so->fields.title = fl->title;
	} else if (n == 4 && strncmp(v, "body", 4) == 0) {
		fl->body[0] = key;
		so->fields.body = fl->body;
	} else if ((n == 9 && strncmp(v, "published", 9) == 0) || (n == 4 && strncmp(v, "date", 4) == 0)) {
		fl->published[0] = key;
		so->fields.published = fl->published;
	} else {
		return -1;
	}
	return 0;
}

static int usage_error(const char *fmt, const char *arg)
	__attribute__((format(printf, 1, 0)));
static int usage_error(const char *fmt, const char *arg)
{
	fprintf(stderr, "finfig: error: ");
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
	fprintf(stderr, fmt, arg ? arg : "");
#pragma GCC diagnostic pop
	fprintf(stderr, "\nTry 'finfig extract --help'.\n");
	return FIN_EXIT_USAGE;
}

/* Parse the options shared by extract and run. Returns -1 when argv[*i] is
 * not one of them, else 0 or a usage exit code (> 0). */
int fin_cli_common_opt(int argc, char **argv, int *i, fin_engine_opts *o, void *fields);
int fin_cli_common_opt(int argc, char **argv, int *i, fin_engine_opts *o, void *fields)
{
	const char *v;
	field_lists *fl = fields;
	if (fin_cli_opt(argc, argv, i, "--types", &v)) {
		unsigned t = fin_cli_types(v);
		if (!t)
			return usage_error("bad --types '%s' (money,company,date)", v);
		o->types = t;
		return 0;
	}
	if (fin_cli_opt(argc, argv, i, "--input-format", &v)) {
		if (!v || fin_format_from_name(v, &o->source.format))
			return usage_error("unknown input format '%s'", v);
		return 0;
	}
	if (fin_cli_opt(argc, argv, i, "--field", &v)) {
		if (parse_field(v, &o->source, fl))
			return usage_error("bad --field '%s' (NAME=KEY, NAME one of id, title, body, published)", v);
		return 0;
	}
	if (fin_cli_opt(argc, argv, i, "--jobs", &v) || fin_cli_opt(argc, argv, i, "-j", &v)) {
		long n = fin_cli_long(v);
		if (n < 1 || n > 256)
			return usage_error("bad --jobs '%s' (1..256)", v);
		o->jobs = (int)n;
		return 0;
	}
	if (fin_cli_opt(argc, argv, i, "--max-article-bytes", &v)) {
		long n = fin_cli_long(v);
		if (n < 1)
			return usage_error("bad --max-article-bytes '%s'", v);
		o->source.max_article_bytes = (size_t)n;
		return 0;
	}
	if (fin_cli_opt(argc, argv, i, "--data", &v)) {
		if (!v)
			return usage_error("--data needs a directory%s", "");
		o->extract.data_dir = v;
		return 0;
	}
	if (fin_cli_opt(argc, argv, i, "--config", &v)) {
		if (!v || !*v)
			return usage_error("--config needs a file%s", "");
		o->extract.config = v;
		return 0;
	}
	if (strcmp(argv[*i], "--no-config") == 0) {
		o->no_config = true;
		return 0;
	}
	if (fin_cli_opt(argc, argv, i, "--fx", &v)) {
		if (!v)
			return usage_error("--fx needs a rates file%s", "");
		o->extract.fx_path = v;
		return 0;
	}
	if (strcmp(argv[*i], "--no-link") == 0) {
		o->extract.no_link = 1;
		return 0;
	}
	if (strcmp(argv[*i], "--strict") == 0) {
		o->strict = true;
		return 0;
	}
	if (strcmp(argv[*i], "-q") == 0 || strcmp(argv[*i], "--quiet") == 0) {
		o->quiet = true;
		return 0;
	}
	return -1;
}

/* The config to read: --config FILE, else ./finfig.yaml when there is
 * one; none with --no-config. */
void fin_cli_pick_config(fin_engine_opts *o)
{
	if (o->no_config)
		o->extract.config = NULL;
	else if (!o->extract.config && access(FIN_CLI_CONFIG, F_OK) == 0)
		o->extract.config = FIN_CLI_CONFIG;
}

/* What to compute: everything, so that the amounts are linked to their
 * companies, date and kind whatever --types writes; with --no-link only
 * the types written (and the amounts). */
void fin_cli_compute_types(fin_engine_opts *o)
{
	o->extract.written = o->types & FIN_TYPE_ALL;
	if (o->extract.no_link)
		o->extract.types = o->types | FIN_TYPE_MONEY;
	else
		o->extract.types = FIN_TYPE_ALL;
}

/* Number of online cores, at least 1. */
int fin_cli_cores(void);
int fin_cli_cores(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	return n < 1 ? 1 : n > 64 ? 64 : (int)n;
}

int fin_cmd_extract(int argc, char **argv)
{
	fin_engine_opts o;
	memset(&o, 0, sizeof o);
	o.types = FIN_TYPE_MONEY;
	o.jobs = fin_cli_cores();
	field_lists fl;
	memset(&fl, 0, sizeof fl);
	fin_out_format fmt = FIN_OUT_JSONL;
	const char *outpath = NULL;
	const char **inputs = fin_calloc((size_t)argc + 1, sizeof(char *));
	int n_inputs = 0;
	if (!inputs)
		return FIN_EXIT_INPUT;
	for (int i = 1; i < argc; i++) {
		const char *v;
		const char *a = argv[i];
		int rc;
		if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
			fputs(extract_help, stdout);
			fin_free(inputs);
			return FIN_EXIT_OK;
		} else if (fin_cli_opt(argc, argv, &i, "--format", &v)) {
			if (v && strcmp(v, "jsonl") == 0)
				fmt = FIN_OUT_JSONL;
			else if (v && strcmp(v, "json") == 0)
				fmt = FIN_OUT_JSON;
			else if (v && strcmp(v, "csv") == 0)
				fmt = FIN_OUT_CSV;
			else {
				fin_free(inputs);
				return usage_error("unknown --format '%s' (jsonl, json, csv)", v);
			}
		} else if (fin_cli_opt(argc, argv, &i, "-o", &v) || fin_cli_opt(argc, argv, &i, "--output", &v)) {
			if (!v) {
				fin_free(inputs);
				return usage_error("-o needs a file name%s", "");
			}
			outpath = v;
		} else if ((rc = fin_cli_common_opt(argc, argv, &i, &o, &fl)) >= 0) {
			if (rc) {
				fin_free(inputs);
				return rc;
			}
		} else if (a[0] == '-' && a[1] != '\0') {
			fin_free(inputs);
			return usage_error("unknown option '%s'", a);
		} else {
			inputs[n_inputs++] = a;
		}
	}
	if (n_inputs == 0)
		inputs[n_inputs++] = "-";
	if (fmt == FIN_OUT_CSV)
		o.types = FIN_TYPE_MONEY | (o.types & ~FIN_TYPE_ALL);
	fin_cli_compute_types(&o);
	fin_cli_pick_config(&o);
	fin_sink sink = {fmt, stdout, "stdout", 1};
	char tmp[4096];
	if (outpath && strcmp(outpath, "-") != 0) {
		sink.f = fin_cli_open_out(outpath, tmp, sizeof tmp);
		sink.path = outpath;
		if (!sink.f) {
			fin_cli_diag(FIN_SEV_ERROR, outpath, 0, "cannot write: %s", strerror(errno));
			fin_free(inputs);
			return FIN_EXIT_INPUT;
		}
	}
	fin_engine_stats st;
	int rc = fin_engine_run(inputs, n_inputs, &o, &sink, 1, &st);
	if (sink.f != stdout) {
		if (fin_cli_commit(sink.f, tmp, outpath) != 0) {
			fin_cli_diag(FIN_SEV_ERROR, outpath, 0, "cannot write: %s", strerror(errno));
			rc = FIN_EXIT_INPUT;
		}
	}
	fin_free(inputs);
	return rc;
}
