/*
 * source.h — private contract between the source dispatcher (source.c) and
 * the format readers (src_*.c). Not installed, not used outside src/source/.
 *
 * A reader gets one file's bytes already decoded to UTF-8 (BOM dropped,
 * UTF-16 with a BOM converted, CRLF turned into LF, NUL bytes replaced by
 * spaces, Windows-1252 converted when the bytes were not UTF-8; a text,
 * Markdown or HTML file that looks binary is refused first), fills fin_article values and hands each to
 * fin_src_emit(). Title and body text a reader passes must stay valid until
 * fin_src_emit() returns; meta items are copied with fin_src_meta_add() into
 * the per-article arena, which fin_src_emit() resets.
 */
#ifndef FIN_SOURCE_H
#define FIN_SOURCE_H

#include "internal.h"

/* Reading state for one file or stream. */
typedef struct fin_src {
	const char *name;           /* path as given, "-" for stdin: messages and article.source */
	const fin_source_opts *opts; /* never NULL (defaults filled in) */
	const fin_source_cb *cb;    /* callbacks; on_article/on_diag may be NULL */
	fin_source_stats *stats;    /* never NULL */
	size_t max_bytes;           /* article size limit, resolved from opts */
	unsigned flags;             /* FIN_ARTICLE_* that every article of this file gets */
	int warned_nul;             /* the NUL warning was given for this file */
	int warned_recode;          /* the Windows-1252 warning was given for this file */
	fin_arena arena;            /* per-article storage (meta, ids, decoded strings) */
	fin_meta_item *meta;        /* meta items of the article being built (arena) */
	size_t n_meta, cap_meta;
	fin_buf scratch;            /* reusable decode buffer (JSONL lines) */
	fin_buf title, body;        /* reusable buffers readers may fill */
	fin_buf wide;               /* a UTF-16 file converted to UTF-8 */
} fin_src;

/* Report a diagnostic about the current file at line (0: none). */
void fin_src_diag(fin_src *s, fin_severity sev, long line, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 4, 5)))
#endif
	;

/* Copy key/value into the current article's meta. 0 or FIN_ENOMEM. */
int fin_src_meta_add(fin_src *s, const char *key, size_t kn, const char *val, size_t vn);

/* Hand a to the callback: sets source, flags and meta, enforces the size
 * limit (an over-limit article is reported, counted as skipped and 0 is
 * returned), counts it, then resets the per-article arena and meta. Returns
 * 0, FIN_ESTOP when the callback asked to stop, or FIN_ENOMEM. */
int fin_src_emit(fin_src *s, fin_article *a);

/* Forget meta and per-article storage of an article that is not emitted. */
void fin_src_drop(fin_src *s);

/* Report an article of n bytes over the limit at line and count it skipped. */
void fin_src_too_big(fin_src *s, long line, uint64_t n);

/* Copy of the file stem of name ("dir/2025-11-03-x.md" gives "2025-11-03-x") in
 * the arena, or NULL on out-of-memory. */
char *fin_src_stem(fin_src *s);

/* Parse a publication date: "YYYY-MM-DD..." (ISO 8601), "26-FEB-1987 ...",
 * RFC 2822 "Mon, 03 Nov 2025 ...", "Nov 3, 2025", "3 November 2025".
 * 0 and *out set, or FIN_EPARSE. */
int fin_src_parse_date(const char *s, size_t n, fin_ymd *out);

/* Decode one line or buffer to clean UTF-8 as described above. Returns the
 * text in *out and *outn: either in itself (already clean) or scratch's bytes.
 * Sets FIN_ARTICLE_RECODED in s->flags when the text had to be converted;
 * the warning and stats->recoded happen once per file. 0 or FIN_ENOMEM. */
int fin_src_decode(fin_src *s, const char *in, size_t n, fin_buf *scratch,
		   const char **out, size_t *outn);

/* Append in[0..n) to b decoding character references "&#N;", "&#xH;" and
 * named entities (the five XML ones; with html, the common HTML ones too).
 * Control characters below 32 other than \n and \t are dropped. */
int fin_src_entities(fin_buf *b, const char *in, size_t n, int html);

/* Trim white space at both ends of [*p, *p + *n). */
void fin_src_trim(const char **p, size_t *n);

/* The format readers. text is decoded UTF-8 (see above), not necessarily
 * NUL-terminated. Each returns 0, FIN_ESTOP, FIN_ENOMEM, or FIN_EPARSE when
 * the file as a whole could not be parsed (already reported). */
int fin_src_read_text(fin_src *s, const char *text, size_t n);
int fin_src_read_markdown(fin_src *s, const char *text, size_t n);
int fin_src_read_json(fin_src *s, const char *text, size_t n);
int fin_src_read_sgml(fin_src *s, const char *text, size_t n);
int fin_src_read_html(fin_src *s, const char *text, size_t n);

/* One JSON Lines record (decoded, no newline) at 1-based lineno. Errors about
 * the record are reported and counted; returns 0, FIN_ESTOP or FIN_ENOMEM. */
int fin_src_read_jsonl_line(fin_src *s, const char *line, size_t n, long lineno);

#endif /* FIN_SOURCE_H */
