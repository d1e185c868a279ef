/*
 * replay.c — a standalone main() for the fuzz targets: replays every file
 * of the corpus directories (and single files) named on the command line
 * through LLVMFuzzerTestOneInput(), in sorted order, so any compiler can
 * run the corpus as an ordinary test. Each input gets a buffer of exactly
 * its size, so a sanitizer build catches reads past the end.
 *
 * Usage: replay_TARGET DIR|FILE...   (arguments starting with '-' are
 * ignored, as libFuzzer options). Prints "replay: N inputs" and exits 0;
 * a failed check aborts; 2 when a path cannot be read.
 */
#include "fuzz.h"

#include <dirent.h>
#include <string.h>
#include <sys/stat.h>

/* Read the whole file path into a fresh buffer of exactly its size. */
static int read_all(const char *path, uint8_t **out, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return -1;
	size_t cap = 4096, n = 0;
	uint8_t *p = malloc(cap);
	while (p) {
		size_t got = fread(p + n, 1, cap - n, f);
		n += got;
		if (got == 0)
			break;
		if (n == cap) {
			uint8_t *np = realloc(p, cap * 2);
			if (!np) {
				free(p);
				p = NULL;
				break;
			}
			p = np;
			cap *= 2;
		}
	}
	int bad = !p || ferror(f);
	fclose(f);
	if (bad) {
		free(p);
		return -1;
	}
	/* Exactly n bytes (at least one allocated), so overreads are caught. */
	uint8_t *exact = malloc(n ? n : 1);
	if (!exact) {
		free(p);
		return -1;
	}
	memcpy(exact, p, n);
	free(p);
	*out = exact;
	*len = n;
	return 0;
}

/* Run one file through the target. */
static int replay_file(const char *path, long *count)
{
	uint8_t *data;
	size_t len;
	if (read_all(path, &data, &len) != 0) {
		fprintf(stderr, "replay: cannot read %s\n", path);
		return -1;
	}
	LLVMFuzzerTestOneInput(data, len);
	free(data);
	(*count)++;
	return 0;
}

/* qsort comparator for names (byte order). */
static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Run every non-hidden regular file of dir, in name order. */
static int replay_dir(const char *dir, long *count)
{
	DIR *d = opendir(dir);
	if (!d) {
		fprintf(stderr, "replay: cannot open %s\n", dir);
		return -1;
	}
	char **names = NULL;
	size_t n = 0, cap = 0;
	struct dirent *de;
	int rc = 0;
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 64;
			char **nn = realloc(names, cap * sizeof *names);
			if (!nn) {
				rc = -1;
				break;
			}
			names = nn;
		}
		size_t len = strlen(dir) + strlen(de->d_name) + 2;
		names[n] = malloc(len);
		if (!names[n]) {
			rc = -1;
			break;
		}
		snprintf(names[n], len, "%s/%s", dir, de->d_name);
		n++;
	}
	closedir(d);
	if (n)
		qsort(names, n, sizeof *names, cmp_names);
	for (size_t i = 0; i < n; i++) {
		struct stat st;
		if (rc == 0 && stat(names[i], &st) == 0 && S_ISREG(st.st_mode) && replay_file(names[i], count))
			rc = -1;
		free(names[i]);
	}
	free(names);
	return rc;
}

/* See the comment at the top. */
int main(int argc, char **argv)
{
	long count = 0;
	int rc = 0;
	for (int i = 1; i < argc; i++) {
		struct stat st;
		if (argv[i][0] == '-')
			continue;
		if (stat(argv[i], &st) != 0) {
			fprintf(stderr, "replay: cannot read %s\n", argv[i]);
			rc = 2;
		} else if (S_ISDIR(st.st_mode) ? replay_dir(argv[i], &count) : replay_file(argv[i], &count)) {
			rc = 2;
		}
	}
	printf("replay: %ld inputs\n", count);
	return rc;
}
