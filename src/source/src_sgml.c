/*
 * src_sgml.c — Reuters-21578 SGML: many <REUTERS ...> ... </REUTERS> stories
 * per file. id = NEWID, line = line of the <REUTERS tag, published from
 * <DATE>, title from <TITLE>, body from <BODY> without the "Reuter"
 * sign-off (or, for BRIEF/UNPROC stories, the <TEXT> minus markup). The
 * <D> lists of TOPICS, PLACES, PEOPLE, ORGS, EXCHANGES and COMPANIES go to
 * meta as comma-joined strings.
 */
#include "source.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

/* Offset of the first occurrence of lit in p[from..n), or n. */
static size_t find(const char *p, size_t n, size_t from, const char *lit)
{
	size_t ln = strlen(lit);
	while (from + ln <= n) {
		const char *c = memchr(p + from, lit[0], n - from - ln + 1);
		if (!c)
			return n;
		size_t at = (size_t)(c - p);
		if (memcmp(c, lit, ln) == 0)
			return at;
		from = at + 1;
	}
	return n;
}

/* Where the elements of some names are, found in one pass over the tags of
 * p[0..n) (searching the story once per element cost 5 % of a Reuters
 * run). For each name: the content of its first element <NAME ...> up to
 * the first </NAME> after it, as the names' order in `names`. */
#define MAX_ELEMS 8
typedef struct elem_span {
	const char *c; /* NULL: no such element (or no end tag) */
	size_t cn;
} elem_span;

static void find_elements(const char *p, size_t n, const char *const *names, size_t k, elem_span *out)
{
	size_t cs[MAX_ELEMS];
	unsigned char state[MAX_ELEMS] = {0}; /* 0 not seen, 1 open, 2 done */
	size_t left = k, len[MAX_ELEMS];
	for (size_t e = 0; e < k; e++) {
		out[e].c = NULL;
		len[e] = strlen(names[e]);
	}
	size_t pos = 0;
	while (left && pos < n) {
		const char *lt = memchr(p + pos, '<', n - pos);
		if (!lt)
			break;
		size_t q = (size_t)(lt - p) + 1;
		bool closing = q < n && p[q] == '/';
		q += closing;
		size_t ne = q;
		while (ne < n && ne - q <= 12 && p[ne] != '>' && p[ne] != ' ' && p[ne] != '<')
			ne++;
		pos = q;
		if (ne >= n || ne - q > 12 || p[ne] == '<' || (closing && p[ne] != '>'))
			continue;
		for (size_t e = 0; e < k; e++) {
			if (len[e] != ne - q || memcmp(names[e], p + q, ne - q) != 0)
				continue;
			if (!closing && state[e] == 0) {
				const char *gt = memchr(p + ne, '>', n - ne);
				if (!gt) {
					state[e] = 2; /* an unclosed start tag: no element */
					left--;
					break;
				}
				cs[e] = (size_t)(gt - p) + 1;
				state[e] = 1;
				pos = cs[e];
			} else if (closing && state[e] == 1 && (size_t)(lt - p) >= cs[e]) {
				out[e].c = p + cs[e];
				out[e].cn = (size_t)(lt - p) - cs[e];
				state[e] = 2;
				left--;
				pos = ne + 1;
			}
			break;
		}
	}
}

/* The value of attribute name="..." inside a start tag p[0..n). */
static bool attribute(const char *p, size_t n, const char *name, const char **v, size_t *vn)
{
	size_t ln = strlen(name);
	for (size_t i = 1; i + ln + 2 <= n; i++) {
		if (p[i - 1] == ' ' && memcmp(p + i, name, ln) == 0 && p[i + ln] == '=' &&
		    p[i + ln + 1] == '"') {
			size_t vs = i + ln + 2;
			const char *q = memchr(p + vs, '"', n - vs);
			if (!q)
				return false;
			*v = p + vs;
			*vn = (size_t)(q - (p + vs));
			return true;
		}
	}
	return false;
}

/* Append the <D> items of a list element's content to b, joined by ", ". */
static void d_list(fin_buf *b, const char *p, size_t n)
{
	size_t pos = 0;
	for (;;) {
		size_t at = find(p, n, pos, "<D>");
		if (at >= n)
			return;
		size_t cs = at + 3;
		size_t ce = find(p, n, cs, "</D>");
		if (ce >= n)
			return;
		if (b->len)
			fin_buf_append(b, ", ", 2);
		fin_src_entities(b, p + cs, ce - cs, 0);
		pos = ce + 4;
	}
}

/* Append p[0..n) to b without its markup: tags dropped, the TITLE element
 * dropped whole (it is the title), entities decoded. */
static void strip_markup(fin_buf *b, const char *p, size_t n)
{
	size_t i = 0;
	while (i < n) {
		const char *lt = memchr(p + i, '<', n - i);
		size_t run = lt ? (size_t)(lt - p) - i : n - i;
		fin_src_entities(b, p + i, run, 0);
		i += run;
		if (i >= n)
			break;
		if (n - i >= 7 && memcmp(p + i, "<TITLE>", 7) == 0) {
			size_t e = find(p, n, i, "</TITLE>");
			i = e < n ? e + 8 : n;
			continue;
		}
		const char *gt = memchr(p + i, '>', n - i);
		i = gt ? (size_t)(gt - p) + 1 : n;
	}
}

/* Trim the body in b: surrounding white space, leading "*" flash marks and
 * a final "Reuter" sign-off line. Returns the trimmed view. */
static void finish_body(fin_buf *b, const char **out, size_t *outn)
{
	const char *p = b->ptr ? b->ptr : "";
	size_t n = b->len;
	fin_src_trim(&p, &n);
	while (n && p[0] == '*') {
		p++;
		n--;
	}
	fin_src_trim(&p, &n);
	if (n >= 6 && fin_eq_ci(p + n - 6, 6, "reuter")) {
		size_t k = n - 6;
		while (k && (p[k - 1] == ' ' || p[k - 1] == '\t'))
			k--;
		if (k == 0 || p[k - 1] == '\n') {
			n = k;
			fin_src_trim(&p, &n);
		}
	}
	*out = p;
	*outn = n;
}

/* Build and emit one story p[0..n) that starts at file line `line`. */
static int story(fin_src *s, const char *p, size_t n, long line)
{
	fin_article a;
	memset(&a, 0, sizeof a);
	a.line = line;
	const char *gt = memchr(p, '>', n);
	size_t tag_len = gt ? (size_t)(gt - p) + 1 : n;
	const char *v;
	size_t vn;
	char tmp[64];
	if (attribute(p, tag_len, "NEWID", &v, &vn) && vn > 0) {
		a.id = fin_arena_strndup(&s->arena, v, vn);
	} else {
		const char *base = strrchr(s->name, '/');
		snprintf(tmp, sizeof tmp, "%.40s:%ld", base ? base + 1 : s->name, line);
		a.id = fin_arena_strndup(&s->arena, tmp, strlen(tmp));
	}
	if (!a.id)
		return FIN_ENOMEM;
	static const char *const outer[] = {"DATE", "TOPICS", "PLACES", "PEOPLE", "ORGS", "EXCHANGES", "COMPANIES", "TEXT"};
	static const char *const list_keys[] = {"topics", "places", "people", "orgs", "exchanges", "companies"};
	elem_span el[8];
	find_elements(p, n, outer, 8, el);
	if (el[0].c)
		fin_src_parse_date(el[0].c, el[0].cn, &a.published);

	fin_buf *j = &s->title; /* scratch until the title is built below */
	for (size_t i = 0; i < 6; i++) {
		if (!el[1 + i].c)
			continue;
		fin_buf_clear(j);
		d_list(j, el[1 + i].c, el[1 + i].cn);
		if (j->failed)
			return FIN_ENOMEM;
		if (j->len && fin_src_meta_add(s, list_keys[i], strlen(list_keys[i]), j->ptr, j->len))
			return FIN_ENOMEM;
	}

	const char *text = el[7].c ? el[7].c : "";
	size_t text_n = el[7].c ? el[7].cn : 0;
	static const char *const inner[] = {"AUTHOR", "DATELINE", "TITLE", "BODY"};
	static const char *const extra_keys[] = {"author", "dateline"};
	elem_span in[4];
	find_elements(text, text_n, inner, 4, in);
	for (size_t i = 0; i < 2; i++) {
		if (!in[i].c)
			continue;
		fin_buf_clear(j);
		fin_src_entities(j, in[i].c, in[i].cn, 0);
		if (j->failed)
			return FIN_ENOMEM;
		const char *q = j->ptr ? j->ptr : "";
		size_t qn = j->len;
		fin_src_trim(&q, &qn);
		while (qn && (q[qn - 1] == '-' || q[qn - 1] == ' '))
			qn--;
		if (qn && fin_src_meta_add(s, extra_keys[i], strlen(extra_keys[i]), q, qn))
			return FIN_ENOMEM;
	}

	fin_buf_clear(&s->title);
	if (in[2].c)
		fin_src_entities(&s->title, in[2].c, in[2].cn, 0);
	fin_buf_clear(&s->body);
	if (in[3].c)
		fin_src_entities(&s->body, in[3].c, in[3].cn, 0);
	else
		strip_markup(&s->body, text, text_n);
	if (fin_buf_append(&s->title, "", 0) || fin_buf_append(&s->body, "", 0))
		return FIN_ENOMEM;
	/* A title wrapped over lines is one line. */
	for (size_t i = 0; i < s->title.len; i++)
		if (s->title.ptr[i] == '\n')
			s->title.ptr[i] = ' ';
	const char *tp = s->title.ptr;
	size_t tn = s->title.len;
	fin_src_trim(&tp, &tn);
	const char *bp;
	size_t bn;
	finish_body(&s->body, &bp, &bn);
	/* NUL-terminate the trimmed views in place (trimming only shortens). */
	size_t toff = (size_t)(tp - s->title.ptr), boff = (size_t)(bp - s->body.ptr);
	s->title.ptr[toff + tn] = '\0';
	s->body.ptr[boff + bn] = '\0';
	a.title = s->title.ptr + toff;
	a.title_len = tn;
	a.body = s->body.ptr + boff;
	a.body_len = bn;
	return fin_src_emit(s, &a);
}

/* Count newlines in p[from..to) onto *line. */
static void count_lines(const char *p, size_t from, size_t to, long *line)
{
	/* Eight bytes at a time: an exact test per byte leaves 1 in each byte
	 * lane that holds a '\n'; the lanes are summed every 255 words (a
	 * memchr call per line was 4 % of a Reuters run). */
	const uint64_t low7 = 0x7F7F7F7F7F7F7F7Full, nl = 0x0A0A0A0A0A0A0A0Aull, ones = 0x0101010101010101ull;
	long k = 0;
	size_t i = from;
	while (i + 8 <= to) {
		uint64_t acc = 0;
		for (int w = 0; w < 255 && i + 8 <= to; w++, i += 8) {
			uint64_t x;
			memcpy(&x, p + i, 8);
			uint64_t y = x ^ nl;
			uint64_t t = ((y & low7) + low7) | y; /* high bit clear: a '\n' */
			acc += (~t >> 7) & ones;
		}
		/* Lanes hold at most 255 each; pairs in 16 bits, then all four. */
		const uint64_t m8 = 0x00FF00FF00FF00FFull;
		uint64_t pairs = (acc & m8) + ((acc >> 8) & m8);
		k += (long)((pairs * 0x0001000100010001ull) >> 48);
	}
	for (; i < to; i++)
		k += p[i] == '\n';
	*line += k;
}

/* Each <REUTERS ...> ... </REUTERS> in turn; a story without its end tag is reported and skipped. */
int fin_src_read_sgml(fin_src *s, const char *t, size_t n)
{
	long line = 1;
	size_t counted = 0;
	size_t pos = find(t, n, 0, "<REUTERS");
	size_t stories = 0;
	/* The next end tag is searched for again only once a story has passed
	 * it, so stories without one ("<REUTERS" x 1e6) cost one scan, not one
	 * each. */
	size_t end = 0;
	bool searched = false;
	while (pos < n) {
		count_lines(t, counted, pos, &line);
		counted = pos;
		if (!searched || (end < n && end < pos + 8)) {
			end = find(t, n, pos + 8, "</REUTERS>");
			searched = true;
		}
		size_t next = find(t, n, pos + 8, "<REUTERS");
		stories++;
		if (end >= n || next < end) {
			fin_src_diag(s, FIN_SEV_ERROR, line, "story without </REUTERS>: skipped");
			s->stats->articles_skipped++;
			fin_src_drop(s);
			pos = next;
			continue;
		}
		size_t len = end + 10 - pos;
		int rc;
		if (len > s->max_bytes) {
			fin_src_too_big(s, line, len);
			rc = FIN_OK;
		} else {
			rc = story(s, t + pos, len, line);
		}
		if (rc)
			return rc;
		pos = next;
	}
	if (stories == 0)
		fin_src_diag(s, FIN_SEV_WARNING, 0, "no <REUTERS> stories found");
	return FIN_OK;
}
