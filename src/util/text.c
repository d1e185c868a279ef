/*
 * text.c — string comparison, hashing, TSV iteration, file reading, the
 * embedded data lookup and calendar days.
 */
#include "util.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

bool fin_eq_ci(const char *s, size_t n, const char *lit)
{
	size_t i = 0;
	for (; i < n; i++) {
		if (!lit[i] || fin_to_lower((unsigned char)s[i]) != fin_to_lower((unsigned char)lit[i]))
			return false;
	}
	return lit[i] == '\0';
}

bool fin_eq(const char *s, size_t n, const char *lit)
{
	return strlen(lit) == n && memcmp(s, lit, n) == 0;
}

uint32_t fin_hash_ci(const char *s, size_t n)
{
	uint32_t h = 2166136261u;
	for (size_t i = 0; i < n; i++) {
		h ^= fin_to_lower((unsigned char)s[i]);
		h *= 16777619u;
	}
	return h;
}

size_t fin_tsv_next(const char *text, size_t len, size_t *pos, long *lineno,
		    fin_field_view *fields, size_t max_fields)
{
	while (*pos < len) {
		size_t start = *pos;
		const char *nl = memchr(text + start, '\n', len - start);
		size_t end = nl ? (size_t)(nl - text) : len;
		*pos = nl ? end + 1 : len;
		(*lineno)++;
		size_t e = end;
		if (e > start && text[e - 1] == '\r')
			e--;
		if (e == start || text[start] == '#')
			continue;
		size_t nf = 0, fs = start;
		for (size_t i = start; i <= e && nf < max_fields; i++) {
			if (i == e || text[i] == '\t') {
				fields[nf].p = text + fs;
				fields[nf].n = i - fs;
				nf++;
				fs = i + 1;
			}
		}
		return nf;
	}
	return 0;
}

int fin_read_file(const char *path, size_t limit, char **out, size_t *len, fin_error *err)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return fin_error_set(err, errno == ENOENT ? FIN_ENOTFOUND : FIN_EIO, path, 0,
				     "cannot open: %s", strerror(errno));
	fin_buf b;
	fin_buf_init(&b, limit);
	char tmp[65536];
	size_t n;
	while ((n = fread(tmp, 1, sizeof tmp, f)) > 0) {
		if (fin_buf_append(&b, tmp, n))
			break;
	}
	int ioerr = ferror(f);
	fclose(f);
	if (b.failed) {
		int rc = b.failed;
		fin_buf_free(&b);
		return fin_error_set(err, rc, path, 0, "%s", rc == FIN_ETOOBIG ? "file over the size limit" : "out of memory");
	}
	if (ioerr) {
		fin_buf_free(&b);
		return fin_error_set(err, FIN_EIO, path, 0, "read error");
	}
	if (!b.ptr && fin_buf_append(&b, "", 0)) {
		fin_buf_free(&b);
		return fin_error_set(err, FIN_ENOMEM, path, 0, "out of memory");
	}
	*out = b.ptr;
	*len = b.len;
	return FIN_OK;
}

struct fin_data_file {
	const char *name;
	const char *data;
	size_t len;
};
extern const struct fin_data_file fin_data_files[];

const char *fin_data_builtin(const char *name, size_t *len)
{
	for (const struct fin_data_file *f = fin_data_files; f->name; f++) {
		if (strcmp(f->name, name) == 0) {
			*len = f->len;
			return f->data;
		}
	}
	*len = 0;
	return NULL;
}

static int days_in_month(int y, int m)
{
	static const int dm[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return dm[m - 1];
}

int fin_ymd_parse(const char *s, size_t len, fin_ymd *out)
{
	if (len < 10)
		return FIN_EPARSE;
	for (int i = 0; i < 10; i++) {
		if (i == 4 || i == 7) {
			if (s[i] != '-')
				return FIN_EPARSE;
		} else if (!fin_is_digit((unsigned char)s[i])) {
			return FIN_EPARSE;
		}
	}
	if (len > 10 && s[10] != 'T' && s[10] != ' ' && s[10] != 't')
		return FIN_EPARSE;
	int y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
	int m = (s[5] - '0') * 10 + (s[6] - '0');
	int d = (s[8] - '0') * 10 + (s[9] - '0');
	if (y < 1 || m < 1 || m > 12 || d < 1 || d > days_in_month(y, m))
		return FIN_EPARSE;
	out->year = (int16_t)y;
	out->month = (int8_t)m;
	out->day = (int8_t)d;
	return FIN_OK;
}

void fin_ymd_format(fin_ymd d, char buf[11])
{
	if (d.year <= 0) {
		buf[0] = '\0';
		return;
	}
	unsigned y = (unsigned)d.year % 10000u, m = (unsigned)d.month % 100u, dd = (unsigned)d.day % 100u;
	buf[0] = (char)('0' + y / 1000);
	buf[1] = (char)('0' + y / 100 % 10);
	buf[2] = (char)('0' + y / 10 % 10);
	buf[3] = (char)('0' + y % 10);
	buf[4] = '-';
	buf[5] = (char)('0' + m / 10);
	buf[6] = (char)('0' + m % 10);
	buf[7] = '-';
	buf[8] = (char)('0' + dd / 10);
	buf[9] = (char)('0' + dd % 10);
	buf[10] = '\0';
}
