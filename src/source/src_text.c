/*
 * src_text.c — plain text articles: one article per file; the first line is
 * the title when a blank line follows it (the BBC dataset's layout), else
 * the whole file is the body. The id is the file stem.
 */
#include "source.h"

#include <string.h>

/* true when p[0..n) holds only white space. */
static bool blank(const char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!fin_is_space((unsigned char)p[i]))
			return false;
	return true;
}

/* End of the line that starts at pos (index of '\n' or n). */
static size_t line_end(const char *t, size_t n, size_t pos)
{
	const char *nl = memchr(t + pos, '\n', n - pos);
	return nl ? (size_t)(nl - t) : n;
}

/* Skip whole blank lines from pos; returns the start of the first line with
 * text (or n). *lines counts the lines skipped. */
static size_t skip_blank_lines(const char *t, size_t n, size_t pos, long *lines)
{
	while (pos < n) {
		size_t e = line_end(t, n, pos);
		if (!blank(t + pos, e - pos))
			break;
		pos = e < n ? e + 1 : n;
		(*lines)++;
	}
	return pos;
}

/* The whole text is one article (see the file comment). */
int fin_src_read_text(fin_src *s, const char *t, size_t n)
{
	fin_article a;
	memset(&a, 0, sizeof a);
	a.id = fin_src_stem(s);
	if (!a.id)
		return FIN_ENOMEM;
	long line = 1;
	size_t pos = skip_blank_lines(t, n, 0, &line);
	a.line = line;
	fin_buf_clear(&s->title);
	fin_buf_clear(&s->body);
	size_t e = line_end(t, n, pos);
	if (e < n) {
		size_t next = e + 1;
		size_t ne = line_end(t, n, next);
		if (next < n && blank(t + next, ne - next)) {
			const char *tp = t + pos;
			size_t tn = e - pos;
			fin_src_trim(&tp, &tn);
			fin_buf_append(&s->title, tp, tn);
			long dummy = 0;
			pos = skip_blank_lines(t, n, next, &dummy);
		}
	}
	const char *bp = t + pos;
	size_t bn = n - pos;
	while (bn && fin_is_space((unsigned char)bp[bn - 1]))
		bn--;
	fin_buf_append(&s->body, bp, bn);
	if (fin_buf_append(&s->title, "", 0) || fin_buf_append(&s->body, "", 0))
		return FIN_ENOMEM;
	a.title = s->title.ptr;
	a.title_len = s->title.len;
	a.body = s->body.ptr;
	a.body_len = s->body.len;
	return fin_src_emit(s, &a);
}
