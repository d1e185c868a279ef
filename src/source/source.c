/*
 * source.c — the source dispatcher: directory walk, format detection by
 * extension and content, reading files and streams, decoding to UTF-8, and
 * the helpers the format readers share (diagnostics, meta, emitting,
 * dates, character references).
 *
 * Lifetime: every string of a fin_article handed to on_article (id, title,
 * body, meta, source) is borrowed and valid only during that callback; the
 * readers reuse their buffers for the next article.
 *
 * Memory: whole-file formats (text, Markdown, HTML: one article; SGML and
 * JSON: many) are read into one buffer capped by max_article_bytes (times
 * SRC_MULTI_FACTOR for the many-article formats). JSON Lines are read line
 * by line with a reused buffer, so a multi-gigabyte dump needs memory only
 * for its longest line.
 */
#include "source.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define SRC_DEFAULT_MAX ((size_t)64 * 1024 * 1024)
#define SRC_SNIFF_BYTES ((size_t)64 * 1024)
#define SRC_CHUNK ((size_t)1024 * 1024)
#define SRC_MULTI_FACTOR 16
#define SRC_MAX_DEPTH 256

/* ====================================================================== */
/* Format names                                                           */
/* ====================================================================== */

static const struct {
	const char *name;
	fin_format fmt;
} fmt_names[] = {
	{"auto", FIN_FMT_AUTO},   {"text", FIN_FMT_TEXT}, {"markdown", FIN_FMT_MARKDOWN},
	{"jsonl", FIN_FMT_JSONL}, {"json", FIN_FMT_JSON}, {"sgml", FIN_FMT_SGML},
	{"html", FIN_FMT_HTML},
	/* Accepted aliases (never returned by fin_format_name). */
	{"txt", FIN_FMT_TEXT},    {"md", FIN_FMT_MARKDOWN}, {"ndjson", FIN_FMT_JSONL},
	{"sgm", FIN_FMT_SGML},    {"reuters", FIN_FMT_SGML}, {"htm", FIN_FMT_HTML},
};

/* The canonical name of f; NULL for a value outside the enum. */
const char *fin_format_name(fin_format f)
{
	for (size_t i = 0; i < sizeof fmt_names / sizeof fmt_names[0]; i++)
		if (fmt_names[i].fmt == f)
			return fmt_names[i].name;
	return NULL;
}

/* Case-insensitive lookup of a format name or alias. */
int fin_format_from_name(const char *name, fin_format *out)
{
	if (!name || !out)
		return FIN_EINVAL;
	for (size_t i = 0; i < sizeof fmt_names / sizeof fmt_names[0]; i++) {
		if (fin_eq_ci(name, strlen(name), fmt_names[i].name)) {
			*out = fmt_names[i].fmt;
			return FIN_OK;
		}
	}
	return FIN_EINVAL;
}

/* ====================================================================== */
/* Helpers shared by the readers                                          */
/* ====================================================================== */

/* Format the message and pass it to on_diag with the current file name. */
void fin_src_diag(fin_src *s, fin_severity sev, long line, const char *fmt, ...)
{
	if (!s->cb->on_diag)
		return;
	char msg[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	s->cb->on_diag(s->cb->ud, sev, s->name ? s->name : "", line, msg);
}

/* Append a copy of key=value to the article being built (arena storage). */
int fin_src_meta_add(fin_src *s, const char *key, size_t kn, const char *val, size_t vn)
{
	void *arr = s->meta;
	if (fin_arena_grow(&s->arena, &arr, &s->cap_meta, s->n_meta, sizeof *s->meta))
		return FIN_ENOMEM;
	s->meta = arr;
	char *k = fin_arena_strndup(&s->arena, key, kn);
	char *v = fin_arena_strndup(&s->arena, val, vn);
	if (!k || !v)
		return FIN_ENOMEM;
	s->meta[s->n_meta].key = k;
	s->meta[s->n_meta].value = v;
	s->n_meta++;
	return FIN_OK;
}

/* Reset the per-article arena and meta (after an article, emitted or not). */
void fin_src_drop(fin_src *s)
{
	fin_arena_reset(&s->arena);
	s->meta = NULL;
	s->n_meta = s->cap_meta = 0;
}

/* One error "article of N bytes over the limit (M)" and one skipped article. */
void fin_src_too_big(fin_src *s, long line, uint64_t n)
{
	fin_src_diag(s, FIN_SEV_ERROR, line, "article of %llu bytes over the limit (%llu)",
		     (unsigned long long)n, (unsigned long long)s->max_bytes);
	s->stats->articles_skipped++;
	s->stats->articles_too_big++;
}

/* Complete a (source, flags, meta, empty strings), check the limit, call back. */
int fin_src_emit(fin_src *s, fin_article *a)
{
	a->source = s->name;
	a->flags |= s->flags;
	a->meta = s->meta;
	a->n_meta = s->n_meta;
	if (!a->id)
		a->id = "";
	if (!a->title) {
		a->title = "";
		a->title_len = 0;
	}
	if (!a->body) {
		a->body = "";
		a->body_len = 0;
	}
	if (a->body_len > s->max_bytes || a->title_len > s->max_bytes - a->body_len) {
		fin_src_too_big(s, a->line, (uint64_t)a->body_len + a->title_len);
		fin_src_drop(s);
		return FIN_OK;
	}
	int stop = 0;
	if (s->cb->on_article)
		stop = s->cb->on_article(s->cb->ud, a);
	s->stats->articles++;
	fin_src_drop(s);
	return stop ? FIN_ESTOP : FIN_OK;
}

/* Base name without its last extension; "stdin" for "-". */
char *fin_src_stem(fin_src *s)
{
	const char *name = s->name ? s->name : "";
	if (strcmp(name, "-") == 0)
		return fin_arena_strndup(&s->arena, "stdin", 5);
	size_t n = strlen(name);
	while (n > 1 && name[n - 1] == '/')
		n--;
	const char *base = name;
	for (size_t i = 0; i < n; i++)
		if (name[i] == '/')
			base = name + i + 1;
	size_t bn = (size_t)(name + n - base);
	for (size_t i = bn; i > 1; i--) {
		if (base[i - 1] == '.') {
			bn = i - 1;
			break;
		}
	}
	return fin_arena_strndup(&s->arena, base, bn);
}

/* Narrow the view past ASCII white space at both ends. */
void fin_src_trim(const char **p, size_t *n)
{
	const char *q = *p;
	size_t len = *n;
	while (len && fin_is_space((unsigned char)q[0])) {
		q++;
		len--;
	}
	while (len && fin_is_space((unsigned char)q[len - 1]))
		len--;
	*p = q;
	*n = len;
}

/* ---------------------------------------------------------------------- */
/* Dates                                                                  */
/* ---------------------------------------------------------------------- */

static const char *const month_names[12] = {
	"january", "february", "march",     "april",   "may",      "june",
	"july",    "august",   "september", "october", "november", "december",
};

/* 1..12 for a month name or its 3-letter (or "sept") abbreviation, else 0. */
static int month_of(const char *p, size_t n)
{
	if (n < 3)
		return 0;
	for (int m = 0; m < 12; m++) {
		const char *full = month_names[m];
		size_t fl = strlen(full);
		if (n > fl)
			continue;
		size_t i = 0;
		while (i < n && fin_to_lower((unsigned char)p[i]) == (unsigned char)full[i])
			i++;
		if (i == n && (n == 3 || n == fl || (m == 8 && n == 4)))
			return m + 1;
	}
	return 0;
}

/* true for an English weekday name or its abbreviation. */
static bool is_weekday(const char *p, size_t n)
{
	static const char *const days[7] = {"monday", "tuesday", "wednesday", "thursday",
					    "friday", "saturday", "sunday"};
	if (n < 3)
		return false;
	for (int d = 0; d < 7; d++) {
		size_t fl = strlen(days[d]);
		if (n > fl)
			continue;
		size_t i = 0;
		while (i < n && fin_to_lower((unsigned char)p[i]) == (unsigned char)days[d][i])
			i++;
		if (i == n && (n == 3 || n == fl || (n == 4 && (d == 1 || d == 3))))
			return true;
	}
	return false;
}

/* Check y/m/d through the one calendar validator. */
static int make_ymd(long y, long m, long d, fin_ymd *out)
{
	if (y < 1 || y > 9999 || m < 1 || m > 12 || d < 1 || d > 31)
		return FIN_EPARSE;
	/* "YYYY-MM-DD" by hand (snprintf was 70 % of parsing a date), then
	 * the one validator. */
	char tmp[10] = {(char)('0' + y / 1000), (char)('0' + y / 100 % 10), (char)('0' + y / 10 % 10),
			(char)('0' + y % 10), '-', (char)('0' + m / 10), (char)('0' + m % 10), '-',
			(char)('0' + d / 10), (char)('0' + d % 10)};
	return fin_ymd_parse(tmp, 10, out);
}

/* ISO first (fin_ymd_parse), then the word forms: see source.h. */
int fin_src_parse_date(const char *s, size_t n, fin_ymd *out)
{
	fin_src_trim(&s, &n);
	if (fin_ymd_parse(s, n, out) == FIN_OK)
		return FIN_OK;
	/* Split the first few runs of letters or digits. */
	struct {
		const char *p;
		size_t n;
		bool num;
	} tok[6];
	size_t nt = 0, i = 0;
	while (i < n && nt < 6) {
		unsigned char c = (unsigned char)s[i];
		if (fin_is_digit(c) || fin_is_alpha(c)) {
			size_t st = i;
			bool num = fin_is_digit(c);
			while (i < n && (num ? fin_is_digit((unsigned char)s[i])
					     : fin_is_alpha((unsigned char)s[i])))
				i++;
			/* Ordinal suffixes ("3rd") belong to the number. */
			if (!num && nt > 0 && tok[nt - 1].num && i - st == 2 &&
			    (fin_eq_ci(s + st, 2, "st") || fin_eq_ci(s + st, 2, "nd") ||
			     fin_eq_ci(s + st, 2, "rd") || fin_eq_ci(s + st, 2, "th")))
				continue;
			tok[nt].p = s + st;
			tok[nt].n = i - st;
			tok[nt].num = num;
			nt++;
		} else {
			i++;
		}
	}
	size_t k = 0;
	if (k < nt && !tok[k].num && is_weekday(tok[k].p, tok[k].n))
		k++;
	if (nt - k < 3)
		return FIN_EPARSE;
	long v[3] = {0, 0, 0};
	for (int j = 0; j < 3; j++) {
		if (tok[k + j].num) {
			if (tok[k + j].n > 4)
				return FIN_EPARSE;
			for (size_t q = 0; q < tok[k + j].n; q++)
				v[j] = v[j] * 10 + (tok[k + j].p[q] - '0');
		}
	}
	bool n0 = tok[k].num, n1 = tok[k + 1].num, n2 = tok[k + 2].num;
	/* 26-FEB-1987, 03 Nov 2025 */
	if (n0 && !n1 && n2 && tok[k + 2].n == 4) {
		int m = month_of(tok[k + 1].p, tok[k + 1].n);
		return m ? make_ymd(v[2], m, v[0], out) : FIN_EPARSE;
	}
	/* Nov 3, 2025 */
	if (!n0 && n1 && n2 && tok[k + 2].n == 4) {
		int m = month_of(tok[k].p, tok[k].n);
		return m ? make_ymd(v[2], m, v[1], out) : FIN_EPARSE;
	}
	/* 2025/11/03 */
	if (n0 && n1 && n2 && tok[k].n == 4)
		return make_ymd(v[0], v[1], v[2], out);
	return FIN_EPARSE;
}

/* ---------------------------------------------------------------------- */
/* Character references                                                   */
/* ---------------------------------------------------------------------- */

static const struct {
	const char *name;
	uint32_t cp;
} html_entities[] = {
	/* A no-break space becomes a plain space: the lexer and the money
	 * grammar then see "$ 5" as written. */
	{"nbsp", ' '},     {"pound", 0xA3},   {"euro", 0x20AC},  {"yen", 0xA5},
	{"cent", 0xA2},    {"curren", 0xA4},  {"copy", 0xA9},    {"reg", 0xAE},
	{"trade", 0x2122}, {"mdash", 0x2014}, {"ndash", 0x2013}, {"hellip", 0x2026},
	{"lsquo", 0x2018}, {"rsquo", 0x2019}, {"ldquo", 0x201C}, {"rdquo", 0x201D},
	{"sbquo", 0x201A}, {"bdquo", 0x201E}, {"laquo", 0xAB},   {"raquo", 0xBB},
	{"middot", 0xB7},  {"bull", 0x2022},  {"deg", 0xB0},     {"times", 0xD7},
	{"divide", 0xF7},  {"plusmn", 0xB1},  {"frac12", 0xBD},  {"frac14", 0xBC},
	{"frac34", 0xBE},  {"sect", 0xA7},    {"para", 0xB6},    {"shy", 0},
	{"zwnj", 0},       {"zwj", 0},        {"thinsp", ' '},   {"ensp", ' '},
	{"emsp", ' '},     {"iexcl", 0xA1},   {"iquest", 0xBF},  {"agrave", 0xE0},
	{"aacute", 0xE1},  {"acirc", 0xE2},   {"atilde", 0xE3},  {"auml", 0xE4},
	{"aring", 0xE5},   {"aelig", 0xE6},   {"ccedil", 0xE7},  {"egrave", 0xE8},
	{"eacute", 0xE9},  {"ecirc", 0xEA},   {"euml", 0xEB},    {"igrave", 0xEC},
	{"iacute", 0xED},  {"icirc", 0xEE},   {"iuml", 0xEF},    {"ntilde", 0xF1},
	{"ograve", 0xF2},  {"oacute", 0xF3},  {"ocirc", 0xF4},   {"otilde", 0xF5},
	{"ouml", 0xF6},    {"oslash", 0xF8},  {"ugrave", 0xF9},  {"uacute", 0xFA},
	{"ucirc", 0xFB},   {"uuml", 0xFC},    {"szlig", 0xDF},   {"Agrave", 0xC0},
	{"Aacute", 0xC1},  {"Acirc", 0xC2},   {"Auml", 0xC4},    {"Aring", 0xC5},
	{"Ccedil", 0xC7},  {"Eacute", 0xC9},  {"Egrave", 0xC8},  {"Ntilde", 0xD1},
	{"Oacute", 0xD3},  {"Ouml", 0xD6},    {"Oslash", 0xD8},  {"Uacute", 0xDA},
	{"Uuml", 0xDC},    {"minus", 0x2212}, {"prime", 0x2032}, {"permil", 0x2030},
};

/* The code point of a named reference, or -1. Names are case-sensitive as
 * in HTML, except that the XML five are also taken in upper case (SGML). */
static long entity_named(const char *p, size_t n, int html)
{
	static const struct {
		const char *name;
		char c;
	} xml[] = {{"lt", '<'}, {"gt", '>'}, {"amp", '&'}, {"quot", '"'}, {"apos", '\''}};
	for (size_t i = 0; i < sizeof xml / sizeof xml[0]; i++)
		if (fin_eq_ci(p, n, xml[i].name))
			return xml[i].c;
	if (!html)
		return -1;
	for (size_t i = 0; i < sizeof html_entities / sizeof html_entities[0]; i++)
		if (fin_eq(p, n, html_entities[i].name))
			return (long)html_entities[i].cp;
	return -1;
}

/* Copy runs between "&" with memcpy; decode each reference found. */
int fin_src_entities(fin_buf *b, const char *in, size_t n, int html)
{
	size_t i = 0;
	while (i < n) {
		const char *amp = memchr(in + i, '&', n - i);
		size_t run = amp ? (size_t)(amp - in) - i : n - i;
		fin_buf_append(b, in + i, run);
		i += run;
		if (i >= n)
			break;
		/* in[i] == '&': find a ';' within a short window. */
		size_t j = i + 1, lim = i + 12 < n ? i + 12 : n;
		while (j < lim && in[j] != ';' && in[j] != '&' && !fin_is_space((unsigned char)in[j]))
			j++;
		long cp = -1;
		if (j < lim && in[j] == ';' && j > i + 1) {
			const char *p = in + i + 1;
			size_t len = j - i - 1;
			if (p[0] == '#') {
				uint32_t v = 0;
				size_t q = 1;
				bool hex = len > 1 && (p[1] == 'x' || p[1] == 'X');
				if (hex)
					q = 2;
				bool ok = q < len;
				for (; q < len && ok; q++) {
					unsigned char c = (unsigned char)p[q];
					unsigned d;
					if (fin_is_digit(c))
						d = c - '0';
					else if (hex && fin_to_lower(c) >= 'a' && fin_to_lower(c) <= 'f')
						d = fin_to_lower(c) - 'a' + 10u;
					else {
						ok = false;
						break;
					}
					v = v * (hex ? 16u : 10u) + d;
					if (v > 0x10FFFF)
						v = 0x110000; /* saturate: invalid, becomes U+FFFD */
				}
				if (ok)
					cp = (long)v;
			} else {
				cp = entity_named(p, len, html);
			}
		}
		if (cp < 0) {
			fin_buf_putc(b, '&');
			i++;
			continue;
		}
		i = j + 1;
		if (cp == 0 || (cp < 32 && cp != '\n' && cp != '\t') || cp == 0x7F)
			continue; /* control characters carry no text (Reuters &#3; etc.) */
		fin_utf8_put(b, (uint32_t)cp);
	}
	return b->failed;
}

/* ---------------------------------------------------------------------- */
/* Decoding                                                               */
/* ---------------------------------------------------------------------- */

/* Zero-copy when clean; else one copy converted and normalised in place. */
int fin_src_decode(fin_src *s, const char *in, size_t n, fin_buf *scratch,
		   const char **out, size_t *outn)
{
	bool has_nul = n && memchr(in, '\0', n) != NULL;
	bool has_cr = n && memchr(in, '\r', n) != NULL;
	bool utf8 = fin_utf8_valid(in, n);
	if (!has_nul && !has_cr && utf8) {
		*out = in;
		*outn = n;
		return FIN_OK;
	}
	fin_buf_clear(scratch);
	if (!utf8) {
		s->flags |= FIN_ARTICLE_RECODED;
		if (!s->warned_recode) {
			s->warned_recode = 1;
			s->stats->recoded++;
			fin_src_diag(s, FIN_SEV_WARNING, 0, "not valid UTF-8; read as Windows-1252");
		}
		fin_cp1252_to_utf8(scratch, in, n);
	} else {
		fin_buf_append(scratch, in, n);
	}
	if (!scratch->ptr)
		fin_buf_append(scratch, "", 0);
	if (scratch->failed)
		return FIN_ENOMEM;
	/* In place: CRLF -> LF, NUL -> space. */
	char *p = scratch->ptr;
	size_t len = scratch->len, w = 0;
	bool nul = false;
	for (size_t r = 0; r < len; r++) {
		char c = p[r];
		if (c == '\r' && r + 1 < len && p[r + 1] == '\n')
			continue;
		if (c == '\0') {
			c = ' ';
			nul = true;
		}
		p[w++] = c;
	}
	scratch->len = w;
	p[w] = '\0';
	if (nul && !s->warned_nul) {
		s->warned_nul = 1;
		fin_src_diag(s, FIN_SEV_WARNING, 0, "NUL bytes replaced by spaces");
	}
	*out = p;
	*outn = w;
	return FIN_OK;
}

/* Length of a UTF-8 byte order mark at the start of p, or 0. */
static size_t bom_len(const char *p, size_t n)
{
	return n >= 3 && (unsigned char)p[0] == 0xEF && (unsigned char)p[1] == 0xBB &&
			       (unsigned char)p[2] == 0xBF
		       ? 3
		       : 0;
}

/* 1 for a UTF-16 little-endian byte order mark at the start of p, 2 for a
 * big-endian one, 0 for none. */
static int utf16_bom(const char *p, size_t n)
{
	if (n < 2)
		return 0;
	unsigned char a = (unsigned char)p[0], b = (unsigned char)p[1];
	return a == 0xFF && b == 0xFE ? 1 : a == 0xFE && b == 0xFF ? 2 : 0;
}

/* Append the UTF-16 text p[0..n) (after its BOM; big-endian when be) to b as
 * UTF-8. A surrogate without its pair becomes U+FFFD; an odd last byte is
 * dropped. Returns b->failed. */
static int utf16_to_utf8(fin_buf *b, const char *p, size_t n, bool be)
{
	const unsigned char *u = (const unsigned char *)p;
	for (size_t i = 0; i + 1 < n; i += 2) {
		uint32_t c = be ? (uint32_t)u[i] << 8 | u[i + 1] : (uint32_t)u[i + 1] << 8 | u[i];
		if (c >= 0xD800 && c < 0xDC00 && i + 3 < n) {
			uint32_t d = be ? (uint32_t)u[i + 2] << 8 | u[i + 3] : (uint32_t)u[i + 3] << 8 | u[i + 2];
			if (d >= 0xDC00 && d < 0xE000) {
				c = 0x10000 + ((c - 0xD800) << 10) + (d - 0xDC00);
				i += 2;
			}
		}
		if (c >= 0xD800 && c < 0xE000)
			c = 0xFFFD;
		fin_utf8_put(b, c);
	}
	if (!b->ptr)
		fin_buf_append(b, "", 0);
	return b->failed;
}

/* true when the first bytes of p look like a binary file, not text in any
 * encoding: at least 8 control bytes (below 32 except white space, or 127)
 * and more than 1 in 16 of the sample. A run of NULs counts once, so text
 * padded with zeros or with a few stray NULs is still read as text. */
static bool looks_binary(const char *p, size_t n)
{
	if (n > SRC_SNIFF_BYTES)
		n = SRC_SNIFF_BYTES;
	size_t ctrl = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)p[i];
		if (c == 0 && i > 0 && p[i - 1] == 0)
			continue;
		if ((c < 32 && !fin_is_space(c)) || c == 127)
			ctrl++;
	}
	return ctrl >= 8 && ctrl * 16 > n;
}

/* ====================================================================== */
/* Format detection                                                       */
/* ====================================================================== */

/* Format by the extension of name, FIN_FMT_AUTO when unknown. */
static fin_format format_by_ext(const char *name)
{
	const char *dot = strrchr(name, '.');
	const char *slash = strrchr(name, '/');
	if (!dot || (slash && dot < slash) || dot == name || (slash && dot == slash + 1))
		return FIN_FMT_AUTO;
	static const struct {
		const char *ext;
		fin_format fmt;
	} exts[] = {
		{"md", FIN_FMT_MARKDOWN}, {"markdown", FIN_FMT_MARKDOWN}, {"txt", FIN_FMT_TEXT},
		{"text", FIN_FMT_TEXT},   {"jsonl", FIN_FMT_JSONL},       {"ndjson", FIN_FMT_JSONL},
		{"json", FIN_FMT_JSON},   {"sgm", FIN_FMT_SGML},          {"sgml", FIN_FMT_SGML},
		{"html", FIN_FMT_HTML},   {"htm", FIN_FMT_HTML},
	};
	for (size_t i = 0; i < sizeof exts / sizeof exts[0]; i++)
		if (fin_eq_ci(dot + 1, strlen(dot + 1), exts[i].ext))
			return exts[i].fmt;
	return FIN_FMT_AUTO;
}

/* Guess the format from the first bytes (BOM already skipped). */
static fin_format sniff(const char *p, size_t n)
{
	if ((n >= 4 && memcmp(p, "---\n", 4) == 0) || (n >= 5 && memcmp(p, "---\r\n", 5) == 0))
		return FIN_FMT_MARKDOWN;
	size_t i = 0;
	while (i < n && fin_is_space((unsigned char)p[i]))
		i++;
	p += i;
	n -= i;
	if (n == 0)
		return FIN_FMT_TEXT;
	if (n >= 15 && fin_eq_ci(p, 15, "<!DOCTYPE lewis"))
		return FIN_FMT_SGML;
	if (n >= 8 && fin_eq(p, 8, "<REUTERS"))
		return FIN_FMT_SGML;
	if (p[0] == '[')
		return FIN_FMT_JSON;
	if (p[0] == '{')
		return FIN_FMT_JSONL;
	if ((n >= 5 && fin_eq_ci(p, 5, "<html")) || (n >= 14 && fin_eq_ci(p, 14, "<!doctype html")))
		return FIN_FMT_HTML;
	return FIN_FMT_TEXT;
}

/* sniff() after a UTF-8 byte order mark, or on the ASCII of the first code
 * units of UTF-16 text. */
static fin_format sniff_any(const char *p, size_t n)
{
	int wide = utf16_bom(p, n);
	if (!wide) {
		size_t b = bom_len(p, n);
		return sniff(p + b, n - b);
	}
	char ascii[128];
	size_t k = 0;
	for (size_t i = 2; i + 1 < n && k < sizeof ascii; i += 2) {
		unsigned char hi = (unsigned char)p[wide == 1 ? i + 1 : i];
		unsigned char lo = (unsigned char)p[wide == 1 ? i : i + 1];
		ascii[k++] = hi == 0 && lo < 128 ? (char)lo : '?';
	}
	return sniff(ascii, k);
}

/* ====================================================================== */
/* Reading                                                                */
/* ====================================================================== */

static int jsonl_memory(fin_src *s, const char *buf, size_t n);

/* Run the reader of a whole-file format on raw bytes: UTF-16 (with its byte
 * order mark) is converted first; a text, Markdown or HTML file that looks
 * binary is reported and not read (FIN_EPARSE). JSON Lines come here only
 * when they are UTF-16. */
static int run_whole(fin_src *s, fin_format fmt, const char *raw, size_t n)
{
	int wide = utf16_bom(raw, n);
	if (wide) {
		fin_buf_clear(&s->wide);
		if (utf16_to_utf8(&s->wide, raw + 2, n - 2, wide == 2))
			return FIN_ENOMEM;
		raw = s->wide.ptr;
		n = s->wide.len;
		fin_src_diag(s, FIN_SEV_WARNING, 0, "UTF-16 text converted to UTF-8");
	} else if ((fmt == FIN_FMT_TEXT || fmt == FIN_FMT_MARKDOWN || fmt == FIN_FMT_HTML) &&
		   looks_binary(raw, n)) {
		fin_src_diag(s, FIN_SEV_ERROR, 0, "binary file, not text: skipped");
		return FIN_EPARSE;
	}
	if (fmt == FIN_FMT_JSONL)
		return jsonl_memory(s, raw, n);
	size_t b = bom_len(raw, n);
	const char *t;
	size_t tn;
	int rc = fin_src_decode(s, raw + b, n - b, &s->scratch, &t, &tn);
	if (rc)
		return rc;
	switch (fmt) {
	case FIN_FMT_MARKDOWN:
		return fin_src_read_markdown(s, t, tn);
	case FIN_FMT_JSON:
		return fin_src_read_json(s, t, tn);
	case FIN_FMT_SGML:
		return fin_src_read_sgml(s, t, tn);
	case FIN_FMT_HTML:
		return fin_src_read_html(s, t, tn);
	default:
		return fin_src_read_text(s, t, tn);
	}
}

/* One raw JSON Lines line (no '\n'): enforce the size limit on the raw
 * bytes (as the stream reader does before it has the whole line), drop CR
 * and BOM, skip blank lines, decode, parse. */
static int jsonl_line(fin_src *s, const char *p, size_t n, long lineno)
{
	if (n > s->max_bytes) {
		fin_src_too_big(s, lineno, n);
		return FIN_OK;
	}
	if (n && p[n - 1] == '\r')
		n--;
	if (lineno == 1) {
		size_t b = bom_len(p, n);
		p += b;
		n -= b;
	}
	size_t i = 0;
	while (i < n && fin_is_space((unsigned char)p[i]))
		i++;
	if (i == n)
		return FIN_OK;
	s->flags = 0;
	const char *t;
	size_t tn;
	int rc = fin_src_decode(s, p, n, &s->scratch, &t, &tn);
	if (rc)
		return rc;
	return fin_src_read_jsonl_line(s, t, tn, lineno);
}

/* JSON Lines held in memory. */
static int jsonl_memory(fin_src *s, const char *buf, size_t n)
{
	size_t pos = 0;
	long lineno = 0;
	while (pos < n) {
		const char *nl = memchr(buf + pos, '\n', n - pos);
		size_t end = nl ? (size_t)(nl - buf) : n;
		int rc = jsonl_line(s, buf + pos, end - pos, ++lineno);
		if (rc)
			return rc;
		pos = end + 1;
	}
	return FIN_OK;
}

/* A growable raw input buffer (not a fin_buf: fread fills it in place). */
typedef struct src_in {
	char *p;
	size_t len, cap;
} src_in;

/* Make room for at least `more` bytes past len. */
static int in_reserve(src_in *in, size_t more)
{
	if (in->cap - in->len >= more)
		return FIN_OK;
	size_t need = in->len + more;
	if (need < in->len)
		return FIN_ENOMEM;
	size_t ncap = in->cap ? in->cap : SRC_SNIFF_BYTES;
	while (ncap < need)
		ncap = ncap > SIZE_MAX / 2 ? need : ncap * 2;
	char *np = fin_realloc(in->p, ncap);
	if (!np)
		return FIN_ENOMEM;
	in->p = np;
	in->cap = ncap;
	return FIN_OK;
}

/* JSON Lines from a stream, line by line; in holds bytes already read. The
 * buffer is reused; a line over the limit is skipped up to its newline. */
static int jsonl_stream(fin_src *s, FILE *fp, src_in *in)
{
	size_t start = 0, scan = 0;
	long lineno = 0, skipline = 0;
	bool eof = false, skipping = false;
	uint64_t skiplen = 0;
	for (;;) {
		const char *nl = scan < in->len ? memchr(in->p + scan, '\n', in->len - scan) : NULL;
		if (nl) {
			size_t end = (size_t)(nl - in->p);
			lineno++;
			if (skipping) {
				skiplen += end - start;
				fin_src_too_big(s, skipline, skiplen);
				skipping = false;
			} else {
				int rc = jsonl_line(s, in->p + start, end - start, lineno);
				if (rc)
					return rc;
			}
			start = scan = end + 1;
			continue;
		}
		if (eof) {
			/* A last line without '\n', or one being skipped (whose bytes
			 * may all be counted already): never lost silently. */
			if (skipping)
				fin_src_too_big(s, skipline, skiplen + (in->len - start));
			else if (in->len > start)
				return jsonl_line(s, in->p + start, in->len - start, lineno + 1);
			return FIN_OK;
		}
		if (skipping) {
			skiplen += in->len - start;
			start = scan = in->len;
		} else if (in->len - start > s->max_bytes) {
			skipping = true;
			skipline = lineno + 1;
			skiplen = in->len - start;
			start = scan = in->len;
		} else {
			scan = in->len;
		}
		if (start > 0) {
			memmove(in->p, in->p + start, in->len - start);
			in->len -= start;
			scan -= start;
			start = 0;
		}
		if (in->cap - in->len < SRC_CHUNK / 4 && in_reserve(in, SRC_CHUNK))
			return FIN_ENOMEM;
		size_t got = fread(in->p + in->len, 1, in->cap - in->len, fp);
		s->stats->bytes += got;
		in->len += got;
		if (got == 0) {
			if (ferror(fp)) {
				fin_src_diag(s, FIN_SEV_ERROR, 0, "read error: %s", strerror(errno));
				return FIN_EIO;
			}
			eof = true;
		}
	}
}

/* The most bytes a whole-file format may take in memory: one article for
 * text, Markdown and HTML; SRC_MULTI_FACTOR times that for SGML and JSON. */
static size_t whole_limit(const fin_src *s, fin_format fmt)
{
	size_t limit = s->max_bytes;
	if (fmt == FIN_FMT_TEXT || fmt == FIN_FMT_MARKDOWN || fmt == FIN_FMT_HTML)
		return limit;
	return limit > SIZE_MAX / 4 / SRC_MULTI_FACTOR ? SIZE_MAX / 4 : limit * SRC_MULTI_FACTOR;
}

/* Read fp (already opened; size_hint from fstat or 0) as format fmt
 * (FIN_FMT_AUTO: sniff). The file has been counted in stats->files. */
static int read_fp(fin_src *s, FILE *fp, fin_format fmt, uint64_t size_hint)
{
	src_in in = {NULL, 0, 0};
	int rc = FIN_OK;
	/* A regular file of a known whole-file format is read with one
	 * allocation (capped by the limit); otherwise a first chunk is read to
	 * sniff the format. */
	size_t first = SRC_SNIFF_BYTES;
	if (fmt != FIN_FMT_JSONL && fmt != FIN_FMT_AUTO && size_hint > 0)
		first = size_hint < whole_limit(s, fmt) ? (size_t)size_hint + 1 : whole_limit(s, fmt) + 1;
	if (in_reserve(&in, first)) {
		rc = FIN_ENOMEM;
		goto out;
	}
	/* Fill the first chunk (enough to sniff, or the whole regular file). */
	while (in.len < in.cap) {
		size_t got = fread(in.p + in.len, 1, in.cap - in.len, fp);
		s->stats->bytes += got;
		in.len += got;
		if (got == 0)
			break;
		if (fmt == FIN_FMT_JSONL || (fmt == FIN_FMT_AUTO && in.len >= SRC_SNIFF_BYTES))
			break;
	}
	if (ferror(fp)) {
		fin_src_diag(s, FIN_SEV_ERROR, 0, "read error: %s", strerror(errno));
		s->stats->files_failed++;
		rc = FIN_EIO;
		goto out;
	}
	if (fmt == FIN_FMT_AUTO)
		fmt = sniff_any(in.p, in.len);
	/* UTF-16 JSON Lines are read whole and converted (run_whole). */
	if (fmt == FIN_FMT_JSONL && !utf16_bom(in.p, in.len)) {
		rc = jsonl_stream(s, fp, &in);
		if (rc == FIN_EIO)
			s->stats->files_failed++;
		goto out;
	}
	bool single = fmt == FIN_FMT_TEXT || fmt == FIN_FMT_MARKDOWN || fmt == FIN_FMT_HTML;
	size_t limit = whole_limit(s, fmt);
	/* Sniffed regular file: make room for the rest at once. */
	if (size_hint > in.len && in.len < limit &&
	    in_reserve(&in, (size_hint < limit ? (size_t)size_hint : limit) + 1 - in.len)) {
		rc = FIN_ENOMEM;
		goto out;
	}
	uint64_t total = in.len;
	/* Read the rest; past the limit only count (to say how big it was). */
	for (;;) {
		if (total > limit) {
			char tmp[65536];
			size_t got = fread(tmp, 1, sizeof tmp, fp);
			s->stats->bytes += got;
			total += got;
			if (got == 0)
				break;
			continue;
		}
		if (in.cap == in.len && in_reserve(&in, in.len < SRC_CHUNK ? SRC_CHUNK : in.len)) {
			rc = FIN_ENOMEM;
			goto out;
		}
		size_t got = fread(in.p + in.len, 1, in.cap - in.len, fp);
		s->stats->bytes += got;
		in.len += got;
		total += got;
		if (got == 0)
			break;
	}
	if (ferror(fp)) {
		fin_src_diag(s, FIN_SEV_ERROR, 0, "read error: %s", strerror(errno));
		s->stats->files_failed++;
		rc = FIN_EIO;
		goto out;
	}
	if (total > limit) {
		if (single) {
			fin_src_too_big(s, 1, total);
		} else {
			fin_src_diag(s, FIN_SEV_ERROR, 0, "file of %llu bytes over the limit (%llu)",
				     (unsigned long long)total, (unsigned long long)limit);
			s->stats->files_failed++;
			rc = FIN_ETOOBIG;
		}
		goto out;
	}
	rc = run_whole(s, fmt, in.p, in.len);
	if (rc == FIN_EPARSE)
		s->stats->files_failed++;
out:
	fin_free(in.p);
	return rc;
}

/* ====================================================================== */
/* The reader state and the walk                                          */
/* ====================================================================== */

/* Resolve options and set up s. */
static void src_init(fin_src *s, const fin_source_opts *opts, const fin_source_cb *cb,
		     fin_source_stats *stats)
{
	memset(s, 0, sizeof *s);
	s->opts = opts;
	s->cb = cb;
	s->stats = stats;
	s->max_bytes = opts->max_article_bytes ? opts->max_article_bytes : SRC_DEFAULT_MAX;
	fin_arena_init(&s->arena, 16 * 1024);
	fin_buf_init(&s->scratch, 0);
	fin_buf_init(&s->title, 0);
	fin_buf_init(&s->body, 0);
	fin_buf_init(&s->wide, 0);
}

/* Free what src_init and the readers allocated. */
static void src_fini(fin_src *s)
{
	fin_arena_free(&s->arena);
	fin_buf_free(&s->scratch);
	fin_buf_free(&s->title);
	fin_buf_free(&s->body);
	fin_buf_free(&s->wide);
}

/* Start a new file called name. */
static void src_file(fin_src *s, const char *name)
{
	s->name = name;
	s->flags = 0;
	s->warned_nul = 0;
	s->warned_recode = 0;
	fin_src_drop(s);
}

/* A directory on the current walk path, to detect symlink loops. */
typedef struct walk_frame {
	dev_t dev;
	ino_t ino;
	const struct walk_frame *up;
	int depth;
} walk_frame;

static int read_entry(fin_src *s, const char *path, bool explicit_name, const walk_frame *up);

/* qsort comparator: byte order of names (strcmp), locale-independent. */
static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Read every non-hidden entry of directory path in strcmp order. */
static int walk_dir(fin_src *s, const char *path, const struct stat *st, const walk_frame *up)
{
	src_file(s, path);
	for (const walk_frame *f = up; f; f = f->up) {
		if (f->dev == st->st_dev && f->ino == st->st_ino) {
			fin_src_diag(s, FIN_SEV_WARNING, 0, "directory loop (symlink): not entered again");
			return FIN_OK;
		}
	}
	if (up && up->depth >= SRC_MAX_DEPTH) {
		fin_src_diag(s, FIN_SEV_WARNING, 0, "directories nested too deep: not entered");
		return FIN_OK;
	}
	walk_frame me = {st->st_dev, st->st_ino, up, up ? up->depth + 1 : 1};
	DIR *d = opendir(path);
	if (!d) {
		fin_src_diag(s, FIN_SEV_ERROR, 0, "cannot open directory: %s", strerror(errno));
		s->stats->files++;
		s->stats->files_failed++;
		return FIN_EIO;
	}
	char **names = NULL;
	size_t n = 0, cap = 0;
	int rc = FIN_OK;
	struct dirent *de;
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		if (n == cap) {
			size_t ncap = cap ? cap * 2 : 32;
			char **nn = fin_realloc(names, ncap * sizeof *names);
			if (!nn) {
				rc = FIN_ENOMEM;
				break;
			}
			names = nn;
			cap = ncap;
		}
		names[n] = fin_strndup(de->d_name, strlen(de->d_name));
		if (!names[n]) {
			rc = FIN_ENOMEM;
			break;
		}
		n++;
	}
	closedir(d);
	if (rc == FIN_OK && n)
		qsort(names, n, sizeof *names, cmp_names);
	size_t plen = strlen(path);
	bool slash = plen && path[plen - 1] == '/';
	for (size_t i = 0; i < n && rc == FIN_OK; i++) {
		size_t cl = plen + 1 + strlen(names[i]) + 1;
		char *child = fin_malloc(cl);
		if (!child) {
			rc = FIN_ENOMEM;
			break;
		}
		snprintf(child, cl, "%s%s%s", path, slash ? "" : "/", names[i]);
		int r = read_entry(s, child, false, &me);
		if (r == FIN_ESTOP || r == FIN_ENOMEM)
			rc = r;
		fin_free(child);
	}
	for (size_t i = 0; i < n; i++)
		fin_free(names[i]);
	fin_free(names);
	return rc;
}

/* Read one path: a directory (walked), a regular file, or an error. Inside a
 * walk (explicit_name false) files of unknown format and special files are
 * skipped silently; named explicitly they are sniffed or reported. With
 * opts->format forced, every regular file of a walk is read in that format. */
static int read_entry(fin_src *s, const char *path, bool explicit_name, const walk_frame *up)
{
	struct stat st;
	src_file(s, path);
	if (stat(path, &st) != 0) {
		int e = errno;
		/* A dangling link a walk would not read anyway is no error. */
		if (!explicit_name && s->opts->format == FIN_FMT_AUTO &&
		    format_by_ext(path) == FIN_FMT_AUTO)
			return FIN_OK;
		fin_src_diag(s, FIN_SEV_ERROR, 0, "cannot open: %s", strerror(e));
		s->stats->files++;
		s->stats->files_failed++;
		return e == ENOENT ? FIN_ENOTFOUND : FIN_EIO;
	}
	if (S_ISDIR(st.st_mode))
		return walk_dir(s, path, &st, up);
	if (!S_ISREG(st.st_mode)) {
		/* A FIFO, socket or device met in a walk is not read (it could
		 * block for ever); it is named when the walk would have read it. */
		if (!explicit_name) {
			if (s->opts->format != FIN_FMT_AUTO || format_by_ext(path) != FIN_FMT_AUTO)
				fin_src_diag(s, FIN_SEV_WARNING, 0, "not a regular file: skipped");
			return FIN_OK;
		}
		fin_src_diag(s, FIN_SEV_ERROR, 0, "not a regular file");
		s->stats->files++;
		s->stats->files_failed++;
		return FIN_EIO;
	}
	fin_format fmt = s->opts->format;
	if (fmt == FIN_FMT_AUTO) {
		fmt = format_by_ext(path);
		if (fmt == FIN_FMT_AUTO && !explicit_name)
			return FIN_OK;
	}
	/* Open without blocking and check the descriptor itself, so a file
	 * swapped for a FIFO after stat() cannot hang the read. */
	int fd = open(path, O_RDONLY | O_NONBLOCK);
	struct stat fst;
	if (fd < 0 || fstat(fd, &fst) != 0 || !S_ISREG(fst.st_mode)) {
		int e = fd < 0 ? errno : 0;
		fin_src_diag(s, FIN_SEV_ERROR, 0, "cannot open: %s", e ? strerror(e) : "not a regular file");
		s->stats->files++;
		s->stats->files_failed++;
		if (fd >= 0)
			close(fd);
		return FIN_EIO;
	}
	int fl = fcntl(fd, F_GETFL);
	if (fl != -1)
		fcntl(fd, F_SETFL, fl & ~O_NONBLOCK);
	FILE *fp = fdopen(fd, "rb");
	if (!fp) {
		fin_src_diag(s, FIN_SEV_ERROR, 0, "cannot open: %s", strerror(errno));
		s->stats->files++;
		s->stats->files_failed++;
		close(fd);
		return FIN_EIO;
	}
	s->stats->files++;
	int rc = read_fp(s, fp, fmt, (uint64_t)fst.st_size);
	fclose(fp);
	return rc;
}

/* ====================================================================== */
/* Public entry points                                                    */
/* ====================================================================== */

/* Fill defaults for NULL opts/stats. */
static const fin_source_opts *opts_or_default(const fin_source_opts *opts)
{
	static const fin_source_opts defaults = {FIN_FMT_AUTO, {NULL, NULL, NULL, NULL}, 0};
	return opts ? opts : &defaults;
}

/* See finfig.h. "-" reads stdin. */
int fin_source_read_path(const char *path, const fin_source_opts *opts,
			 const fin_source_cb *cb, fin_source_stats *stats)
{
	if (!path || !cb)
		return FIN_EINVAL;
	if (strcmp(path, "-") == 0)
		return fin_source_read_stream(stdin, "-", opts, cb, stats);
	fin_source_stats local;
	memset(&local, 0, sizeof local);
	fin_src s;
	src_init(&s, opts_or_default(opts), cb, stats ? stats : &local);
	int rc = read_entry(&s, path, true, NULL);
	src_fini(&s);
	return rc;
}

/* See finfig.h. The stream is not closed. */
int fin_source_read_stream(FILE *f, const char *name, const fin_source_opts *opts,
			   const fin_source_cb *cb, fin_source_stats *stats)
{
	if (!f || !cb)
		return FIN_EINVAL;
	fin_source_stats local;
	memset(&local, 0, sizeof local);
	fin_src s;
	src_init(&s, opts_or_default(opts), cb, stats ? stats : &local);
	src_file(&s, name ? name : "-");
	s.stats->files++;
	int rc = read_fp(&s, f, s.opts->format, 0);
	src_fini(&s);
	return rc;
}

/* See finfig.h. buf is only read, never kept. */
int fin_source_read_buffer(const char *buf, size_t len, const char *name,
			   const fin_source_opts *opts, const fin_source_cb *cb,
			   fin_source_stats *stats)
{
	if ((!buf && len) || !cb)
		return FIN_EINVAL;
	if (!buf)
		buf = "";
	fin_source_stats local;
	memset(&local, 0, sizeof local);
	fin_src s;
	src_init(&s, opts_or_default(opts), cb, stats ? stats : &local);
	src_file(&s, name ? name : "-");
	s.stats->files++;
	s.stats->bytes += len;
	fin_format fmt = s.opts->format;
	if (fmt == FIN_FMT_AUTO && name)
		fmt = format_by_ext(name);
	if (fmt == FIN_FMT_AUTO)
		fmt = sniff_any(buf, len);
	int rc;
	bool single = fmt == FIN_FMT_TEXT || fmt == FIN_FMT_MARKDOWN || fmt == FIN_FMT_HTML;
	if (fmt == FIN_FMT_JSONL && !utf16_bom(buf, len)) {
		rc = jsonl_memory(&s, buf, len);
	} else if (single && len > s.max_bytes) {
		fin_src_too_big(&s, 1, len);
		rc = FIN_OK;
	} else {
		rc = run_whole(&s, fmt, buf, len);
		if (rc == FIN_EPARSE)
			s.stats->files_failed++;
	}
	src_fini(&s);
	return rc;
}
