/*
 * options.c — small helpers for option parsing and safe output files.
 */
#include "cli.h"

#include <errno.h>
#include <signal.h>
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

/* ---------------------------------------------------------------------- */
/* Output files: a temporary name, renamed into place when complete        */
/* ---------------------------------------------------------------------- */

/* The temporary files being written, so that SIGINT, SIGTERM or SIGHUP
 * removes them before the process dies: an interrupted run leaves neither
 * a half-written file nor a stray temporary one (and an older complete
 * file at the final name is untouched). A slot's path is written before it
 * is marked used, and only unlink() (async-signal-safe) reads it. */
#define TMP_SLOTS 16
#define TMP_PATH_MAX 4352
static char tmp_path[TMP_SLOTS][TMP_PATH_MAX];
static volatile sig_atomic_t tmp_used[TMP_SLOTS];
static bool handlers_installed;

/* Remove the temporary files, then die of the same signal (the handler is
 * installed with SA_RESETHAND, so the re-raised signal, delivered when the
 * handler returns, takes the default action). */
static void on_fatal_signal(int sig)
{
	for (int i = 0; i < TMP_SLOTS; i++)
		if (tmp_used[i])
			unlink(tmp_path[i]);
	raise(sig);
}

/* Install on_fatal_signal once for the signals that end a run; a signal
 * the parent made ignored (nohup) stays ignored. */
static void install_handlers(void)
{
	if (handlers_installed)
		return;
	handlers_installed = true;
	static const int sigs[] = {SIGINT, SIGTERM, SIGHUP};
	for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++) {
		struct sigaction sa, old;
		memset(&sa, 0, sizeof sa);
		sa.sa_handler = on_fatal_signal;
		sigemptyset(&sa.sa_mask);
		sa.sa_flags = SA_RESETHAND;
		if (sigaction(sigs[i], NULL, &old) == 0 && old.sa_handler != SIG_IGN)
			sigaction(sigs[i], &sa, NULL);
	}
}

/* Remember tmp[0..n) for the signal handler (silently not when all slots
 * are taken or the name is too long: the file is then only not cleaned up
 * on a signal). */
static void tmp_remember(const char *tmp, size_t n)
{
	install_handlers();
	if (n >= TMP_PATH_MAX)
		return;
	for (int i = 0; i < TMP_SLOTS; i++) {
		if (!tmp_used[i]) {
			memcpy(tmp_path[i], tmp, n + 1);
			tmp_used[i] = 1;
			return;
		}
	}
}

/* Forget the temporary file tmp (renamed, removed, or never created). */
static void tmp_forget(const char *tmp)
{
	for (int i = 0; i < TMP_SLOTS; i++) {
		if (tmp_used[i] && strcmp(tmp_path[i], tmp) == 0) {
			tmp_used[i] = 0;
			return;
		}
	}
}

/* Open PATH.tmp.PID for writing (its name into tmp[0..tmpcap)), or PATH
 * itself when it exists and is not a regular file (tmp is then ""). The
 * temporary file is removed if the process is killed by SIGINT, SIGTERM or
 * SIGHUP before fin_cli_commit(). NULL with errno set on failure. */
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
	tmp_remember(tmp, (size_t)n);
	FILE *f = fopen(tmp, "wb");
	if (!f) {
		int e = errno;
		tmp_forget(tmp);
		errno = e;
	}
	return f;
}

/* Close f and remove its temporary file: an output given up on (the
 * writer failed half-way) never replaces the file at the final name. A file
 * written in place (tmp "") is only closed. */
void fin_cli_discard(FILE *f, const char *tmp)
{
	fclose(f);
	if (tmp[0]) {
		remove(tmp);
		tmp_forget(tmp);
	}
}

/* Flush and close f; unless it was written in place (tmp ""), rename tmp to
 * path, removing tmp on any failure. 0 or -1. */
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
	if (rc != 0) {
		int e = errno;
		remove(tmp);
		errno = e;
	}
	tmp_forget(tmp);
	return rc;
}
