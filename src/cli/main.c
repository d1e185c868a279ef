/*
 * main.c — the finfig command: a dispatch table, one cmd_<verb>.c per verb.
 */
#include "cli.h"
#include "plot_cli.h"

#include <signal.h>
#include <string.h>

typedef struct command {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *summary;
} command;

static const command commands[] = {
	{"run", fin_cmd_run, "the main job: records.jsonl + records.csv into a directory"},
	{"extract", fin_cmd_extract, "find amounts (companies, dates) and write records"},
	{"aggregate", fin_cmd_aggregate, "events, totals, medians per group; mergeable states"},
	{"plot", fin_cmd_plot, "charts (gnuplot .dat/.gp, PNG, SVG) and an HTML report"},
	{"eval", fin_cmd_eval, "precision / recall / F1 of records against annotated articles"},
	{NULL, NULL, NULL},
};

static void usage(FILE *f)
{
	fprintf(f, "usage: finfig COMMAND [ARGS]\n\nfinfig turns the money in news into data.\n\nCommands:\n");
	for (const command *c = commands; c->name; c++)
		fprintf(f, "  %-9s %s\n", c->name, c->summary);
	fprintf(f, "\n'finfig COMMAND --help' for each; 'man finfig' for the whole manual.\n"
		   "  --version  print the version\n");
}

int main(int argc, char **argv)
{
	/* A closed pipe ("finfig extract | head") is an ordinary end: writes
	 * then fail with EPIPE and the engine stops quietly. */
	signal(SIGPIPE, SIG_IGN);
	if (argc < 2) {
		usage(stderr);
		return FIN_EXIT_USAGE;
	}
	if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "-V") == 0) {
		printf("finfig %s\n", FIN_VERSION);
		return FIN_EXIT_OK;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "help") == 0) {
		usage(stdout);
		return FIN_EXIT_OK;
	}
	for (const command *c = commands; c->name; c++)
		if (strcmp(argv[1], c->name) == 0)
			return c->fn(argc - 1, argv + 1);
	fprintf(stderr, "finfig: error: unknown command '%s'\n", argv[1]);
	usage(stderr);
	return FIN_EXIT_USAGE;
}
