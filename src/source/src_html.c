/*
 * src_html.c — HTML pages as articles: tags stripped, <script>/<style>
 * contents and comments dropped, entities decoded, white space collapsed as
 * a browser would, block tags (p, br, div, h1-h6, li, ...) turned into
 * paragraph breaks ("\n\n"). Title from <title>, else the first <h1>;
 * published from the usual <meta> tags (article:published_time, date, ...).
 * This is a tolerant scanner, not an HTML5 parser: it never fails.
 */
#include "source.h"

#include <string.h>

/* Paragraph-break marker written into the body while scanning and turned
 * into "\n\n" by collapse(). Written twice per break so the in-place
 * rewrite never overtakes the read position. Control characters never
 * survive entity decoding, so it cannot come from the page text as a
 * reference; raw ones are turned into spaces first. */
#define PARA_MARK '\x01'

/* Offset of the first case-insensitive occurrence of lit in p[from..n), or n. */
static size_t find_ci(const char *p, size_t n, size_t from, const char *lit)
{
	size_t ln = strlen(lit);
	unsigned char c0 = fin_to_lower((unsigned char)lit[0]);
	for (size_t i = from; i + ln <= n; i++)
		if (fin_to_lower((unsigned char)p[i]) == c0 && fin_eq_ci(p + i, ln, lit))
			return i;
	return n;
}

/* Collapse white space of b->ptr[from..len) in place: runs become one space,
 * PARA_MARK runs (with the white space around them) become "\n\n", both
 * ends trimmed. */
static void collapse(fin_buf *b, size_t from)
{
	if (!b->ptr || b->failed)
		return;
	char *p = b->ptr;
	size_t w = from;
	bool space = false, para = false, start = true;
	for (size_t r = from; r < b->len; r++) {
		char c = p[r];
		if (c == PARA_MARK) {
			para = true;
			continue;
		}
		if (fin_is_space((unsigned char)c) || ((unsigned char)c < 32)) {
			space = true;
			continue;
		}
		if (!start) {
			if (para) {
				p[w++] = '\n';
				p[w++] = '\n';
			} else if (space) {
				p[w++] = ' ';
			}
		}
		space = para = start = false;
		p[w++] = c;
	}
	b->len = w;
	p[w] = '\0';
}

/* Turn raw PARA_MARK bytes of the text b->ptr[from..len) into spaces: a
 * mark must come from a tag, in pairs, or collapse() would write its two
 * newlines over bytes it has not read yet. */
static void unmark(fin_buf *b, size_t from)
{
	for (size_t k = from; b->ptr && k < b->len; k++)
		if (b->ptr[k] == PARA_MARK)
			b->ptr[k] = ' ';
}

/* The value of attribute name in the start tag p[0..n) (case-insensitive
 * name; quoted or bare value). */
static bool attribute(const char *p, size_t n, const char *name, const char **v, size_t *vn)
{
	size_t ln = strlen(name);
	for (size_t i = 1; i + ln < n; i++) {
		if (!fin_is_space((unsigned char)p[i - 1]) || !fin_eq_ci(p + i, ln, name))
			continue;
		size_t j = i + ln;
		while (j < n && fin_is_space((unsigned char)p[j]))
			j++;
		if (j >= n || p[j] != '=')
			continue;
		j++;
		while (j < n && fin_is_space((unsigned char)p[j]))
			j++;
		if (j >= n)
			return false;
		if (p[j] == '"' || p[j] == '\'') {
			const char *q = memchr(p + j + 1, p[j], n - j - 1);
			if (!q)
				return false;
			*v = p + j + 1;
			*vn = (size_t)(q - (p + j + 1));
		} else {
			size_t e = j;
			while (e < n && !fin_is_space((unsigned char)p[e]) && p[e] != '>')
				e++;
			*v = p + j;
			*vn = e - j;
		}
		return true;
	}
	return false;
}

/* true when the tag name is one that separates paragraphs. */
static bool block_tag(const char *nm, size_t n)
{
	static const char *const blocks[] = {
		"p",     "br",      "div",     "h1",     "h2",     "h3",    "h4",         "h5",
		"h6",    "li",      "ul",      "ol",     "tr",     "table", "section",    "article",
		"header", "footer", "aside",   "nav",    "blockquote", "pre", "hr",       "dd",
		"dt",    "dl",      "figure",  "figcaption", "main", "form", "address",   "center",
	};
	for (size_t i = 0; i < sizeof blocks / sizeof blocks[0]; i++)
		if (fin_eq_ci(nm, n, blocks[i]))
			return true;
	return false;
}

/* Take a publication date from <meta name|property|itemprop=... content=...>. */
static void meta_date(const char *tag, size_t n, fin_ymd *published)
{
	static const char *const keys[] = {"article:published_time", "date", "pubdate",
					   "publishdate", "datepublished", "dc.date",
					   "dcterms.created", "og:published_time"};
	const char *v, *c;
	size_t vn, cn;
	if (!(attribute(tag, n, "name", &v, &vn) || attribute(tag, n, "property", &v, &vn) ||
	      attribute(tag, n, "itemprop", &v, &vn)))
		return;
	bool known = false;
	for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
		if (fin_eq_ci(v, vn, keys[i]))
			known = true;
	if (!known || !attribute(tag, n, "content", &c, &cn))
		return;
	fin_ymd d;
	if (published->year == 0 && fin_src_parse_date(c, cn, &d) == FIN_OK)
		*published = d;
}

/* One pass over the page: text runs decoded into the body, tags interpreted. */
int fin_src_read_html(fin_src *s, const char *t, size_t n)
{
	fin_article a;
	memset(&a, 0, sizeof a);
	a.line = 1;
	fin_buf *body = &s->body, *title = &s->title;
	fin_buf_clear(body);
	fin_buf_clear(title);
	fin_buf h1;
	fin_buf_init(&h1, 0);
	bool have_title = false, in_h1 = false, h1_done = false;
	size_t h1_start = 0;
	size_t i = 0;
	while (i < n) {
		const char *lt = memchr(t + i, '<', n - i);
		size_t run = lt ? (size_t)(lt - t) - i : n - i;
		size_t from = body->len;
		fin_src_entities(body, t + i, run, 1);
		unmark(body, from);
		i += run;
		if (i >= n)
			break;
		/* t[i] == '<' */
		if (n - i >= 4 && memcmp(t + i, "<!--", 4) == 0) {
			size_t e = find_ci(t, n, i + 4, "-->");
			i = e < n ? e + 3 : n;
			continue;
		}
		size_t j = i + 1;
		bool closing = j < n && t[j] == '/';
		if (closing)
			j++;
		size_t ns = j;
		while (j < n && (fin_is_alnum((unsigned char)t[j]) || t[j] == ':' || t[j] == '-'))
			j++;
		size_t nl = j - ns;
		if (nl == 0 && !(ns < n && (t[ns] == '!' || t[ns] == '?'))) {
			fin_buf_putc(body, '<'); /* a bare "<" in text */
			i++;
			continue;
		}
		/* The end of the tag, skipping quoted attribute values. */
		char quote = 0;
		while (j < n && (quote || t[j] != '>')) {
			if (quote && t[j] == quote)
				quote = 0;
			else if (!quote && (t[j] == '"' || t[j] == '\''))
				quote = t[j];
			j++;
		}
		size_t tag_end = j < n ? j + 1 : n;
		const char *nm = t + ns;
		if (!closing && (fin_eq_ci(nm, nl, "script") || fin_eq_ci(nm, nl, "style"))) {
			size_t e = find_ci(t, n, tag_end, fin_eq_ci(nm, nl, "script") ? "</script" : "</style");
			const char *gt = e < n ? memchr(t + e, '>', n - e) : NULL;
			i = gt ? (size_t)(gt - t) + 1 : n;
			continue;
		}
		if (!closing && fin_eq_ci(nm, nl, "title")) {
			size_t e = find_ci(t, n, tag_end, "</title");
			if (!have_title) {
				fin_src_entities(title, t + tag_end, e - tag_end, 1);
				unmark(title, 0);
				have_title = true;
			}
			const char *gt = e < n ? memchr(t + e, '>', n - e) : NULL;
			i = gt ? (size_t)(gt - t) + 1 : n;
			continue;
		}
		if (!closing && fin_eq_ci(nm, nl, "meta"))
			meta_date(t + i, tag_end - i, &a.published);
		if (fin_eq_ci(nm, nl, "h1") && !h1_done) {
			if (!closing) {
				in_h1 = true;
				h1_start = body->len + 2; /* after the break written below */
			} else if (in_h1) {
				if (body->len > h1_start)
					fin_buf_append(&h1, body->ptr + h1_start, body->len - h1_start);
				in_h1 = false;
				h1_done = true;
			}
		}
		if (block_tag(nm, nl)) {
			fin_buf_putc(body, PARA_MARK);
			fin_buf_putc(body, PARA_MARK);
		} else if (fin_eq_ci(nm, nl, "td") || fin_eq_ci(nm, nl, "th")) {
			fin_buf_putc(body, ' ');
		}
		i = tag_end;
	}
	if (!have_title && h1.len)
		fin_buf_append(title, h1.ptr, h1.len);
	fin_buf_free(&h1);
	fin_buf_append(title, "", 0);
	fin_buf_append(body, "", 0);
	if (title->failed || body->failed)
		return FIN_ENOMEM;
	collapse(title, 0);
	/* Line breaks in a title are just spaces. */
	for (size_t k = 0; k < title->len; k++)
		if (title->ptr[k] == '\n')
			title->ptr[k] = ' ';
	collapse(body, 0);
	a.id = fin_src_stem(s);
	if (!a.id)
		return FIN_ENOMEM;
	a.title = title->ptr;
	a.title_len = title->len;
	a.body = body->ptr;
	a.body_len = body->len;
	return fin_src_emit(s, &a);
}
