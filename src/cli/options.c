/*
 * options.c — small helpers for option parsing and safe output files.
 */
#include "cli.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

bool fin_cli_opt(int argc, char **argv, int *i, const char *name, const char **val)
{
	const char *a = argv[*i];
	size_t n = strlen(name);
	if (strncmp(a, name, n) != 0)
		return false;
	if (a[n] == '=') {
		*val = a + n + 1;
		return true;
	}
	if (a[n] != '\0')
		return false;
	if (*i + 1 >= argc) {
		*val = NULL;
		return true;
	}
	*val = argv[++*i];
	return true;
}

long fin_cli_long(const char *s)
{
	if (!s || !*s)
		return -1;
	long v = 0;
	for (const char *p = s; *p; p++) {
		if (*p < '0' || *p > '9' || v > 100000000000L)
			return -1;
		v = v * 10 + (*p - '0');
	}
	return v;
}

unsigned fin_cli_types(const char *s)
{
	unsigned t = 0;
	while (s && *s) {
		const char *c = strchr(s, ',');
		size_t n = c ? (size_t)(c - s) : strlen(s);
		if (n == 5 && strncmp(s, "money", 5) == 0)
			t |= FIN_TYPE_MONEY;
		else if (n == 7 && strncmp(s, "company", 7) == 0)
			t |= FIN_TYPE_COMPANY;
		else if (n == 9 && strncmp(s, "companies", 9) == 0)
			t |= FIN_TYPE_COMPANY;
		else if (n == 4 && strncmp(s, "date", 4) == 0)
			t |= FIN_TYPE_DATE;
		else if (n == 5 && strncmp(s, "dates", 5) == 0)
			t |= FIN_TYPE_DATE;
		else if (n == 3 && strncmp(s, "all", 3) == 0)
			t |= FIN_TYPE_ALL;
		else
			return 0;
		s = c ? c + 1 : NULL;
	}
	return t;
}

FILE *fin_cli_open_out(const char *path, char *tmp, size_t tmpcap)
{
	/* Only regular files are replaced atomically: /dev/null, a FIFO or a
	 * terminal is written in place (renaming over them would replace the
	 * device with a file). */
	struct stat sb;
	if (stat(path, &sb) == 0 && !S_ISREG(sb.st_mode)) {
		if (tmpcap)
			tmp[0] = '\0';
		return fopen(path, "wb");
	}
	int n = snprintf(tmp, tmpcap, "%s.tmp.%ld", path, (long)getpid());
	if (n < 0 || (size_t)n >= tmpcap) {
		errno = ENAMETOOLONG;
		return NULL;
	}
	return fopen(tmp, "wb");
}

int fin_cli_commit(FILE *f, const char *tmp, const char *path)
{
	int rc = 0;
	if (fflush(f) != 0 || ferror(f))
		rc = -1;
	if (fclose(f) != 0)
		rc = -1;
	if (!tmp[0])
		return rc; /* written in place */
	if (rc == 0 && rename(tmp, path) != 0)
		rc = -1;
	if (rc != 0)
		remove(tmp);
	return rc;
}
