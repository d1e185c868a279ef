/*
 * main.c — the finfig command: dispatch to one cmd_<verb>.c per subcommand.
 */
#include <stdio.h>
#include <string.h>

#include "finfig.h"

int main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "--version") == 0) {
		printf("finfig %s\n", FIN_VERSION);
		return 0;
	}
	fprintf(stderr, "usage: finfig COMMAND [ARGS]\n");
	return 2;
}
