/*
 * src_markdown.c — Markdown articles with optional YAML front matter
 * (Jekyll/Hugo posts). The only file of src/source that includes libyaml.
 *
 * Front matter is the block between a first line "---" and the next line
 * "---" or "...". title, date/published and id/slug are taken; every other
 * key goes to meta (scalars as text, sequences of scalars joined with ", ",
 * nested mappings skipped). Broken YAML skips the article with one error;
 * YAML aliases are refused so a "billion laughs" document cannot blow up.
 */
#include "source.h"

#include <string.h>
#include <yaml.h>

/* What the front matter gave. Strings live in the per-article arena. */
typedef struct fm_out {
	const char *title;
	size_t title_len;
	const char *id;
	bool id_from_id; /* "id" beats "slug" whatever the order */
	fin_ymd published;
} fm_out;

/* Take one key/value pair of the top-level mapping. */
static int fm_pair(fin_src *s, fm_out *o, const char *k, size_t kn, const char *v, size_t vn,
		   bool scalar)
{
	if (scalar && fin_eq(k, kn, "title")) {
		o->title = fin_arena_strndup(&s->arena, v, vn);
		o->title_len = vn;
		return o->title ? FIN_OK : FIN_ENOMEM;
	}
	if (scalar && (fin_eq(k, kn, "id") || (fin_eq(k, kn, "slug") && !o->id_from_id))) {
		const char *p = v;
		size_t n = vn;
		fin_src_trim(&p, &n);
		if (n) {
			o->id = fin_arena_strndup(&s->arena, p, n);
			o->id_from_id = fin_eq(k, kn, "id");
			return o->id ? FIN_OK : FIN_ENOMEM;
		}
		return FIN_OK;
	}
	if (scalar && (fin_eq(k, kn, "date") || fin_eq(k, kn, "published"))) {
		fin_ymd d;
		if (fin_src_parse_date(v, vn, &d) == FIN_OK) {
			if (o->published.year == 0 || fin_eq(k, kn, "published"))
				o->published = d;
			return FIN_OK;
		}
		/* An unrecognised date is kept, as written, in meta. */
	}
	return fin_src_meta_add(s, k, kn, v, vn);
}

/* Report a libyaml failure and return FIN_EPARSE. line0 is the file line of
 * the first front-matter line. */
static int fm_fail(fin_src *s, long line, const char *what)
{
	fin_src_diag(s, FIN_SEV_ERROR, line, "bad front matter: %s", what);
	return FIN_EPARSE;
}

/* Parse the YAML of the front matter (y[0..n), first line at file line
 * line0) into o and the article meta. 0, FIN_EPARSE (reported) or
 * FIN_ENOMEM. */
static int fm_parse(fin_src *s, const char *y, size_t n, long line0, fm_out *o)
{
	yaml_parser_t p;
	if (!yaml_parser_initialize(&p))
		return FIN_ENOMEM;
	yaml_parser_set_input_string(&p, (const unsigned char *)y, n);
	int rc = FIN_OK;
	int depth = 0;         /* open collections */
	bool want_key = true;  /* at depth 1: next scalar is a key */
	const char *key = NULL; /* current key (arena), NULL when not taken */
	size_t key_len = 0;
	bool in_seq = false;   /* collecting a top-level value sequence */
	fin_buf seq;
	fin_buf_init(&seq, 0);
	bool done = false;
	while (!done && rc == FIN_OK) {
		yaml_event_t ev;
		if (!yaml_parser_parse(&p, &ev)) {
			if (p.error == YAML_MEMORY_ERROR) {
				rc = FIN_ENOMEM;
			} else if (p.context) {
				fin_src_diag(s, FIN_SEV_ERROR, line0 + (long)p.problem_mark.line,
					     "bad front matter: %s (%s on line %ld)",
					     p.problem ? p.problem : "unreadable YAML", p.context,
					     line0 + (long)p.context_mark.line);
				rc = FIN_EPARSE;
			} else {
				rc = fm_fail(s, line0 + (long)p.problem_mark.line,
					     p.problem ? p.problem : "unreadable YAML");
			}
			break;
		}
		switch (ev.type) {
		case YAML_STREAM_END_EVENT:
			done = true;
			break;
		case YAML_ALIAS_EVENT:
			rc = fm_fail(s, line0 + (long)ev.start_mark.line, "aliases are not supported");
			break;
		case YAML_MAPPING_START_EVENT:
		case YAML_SEQUENCE_START_EVENT:
			depth++;
			if (depth == 1 && ev.type != YAML_MAPPING_START_EVENT) {
				rc = fm_fail(s, line0 + (long)ev.start_mark.line, "not a mapping of keys to values");
			} else if (depth == 2 && want_key) {
				key = NULL; /* a complex key: its value is ignored */
			} else if (depth == 2 && ev.type == YAML_SEQUENCE_START_EVENT) {
				in_seq = true;
				fin_buf_clear(&seq);
			}
			break;
		case YAML_MAPPING_END_EVENT:
		case YAML_SEQUENCE_END_EVENT:
			if (depth == 2) {
				if (in_seq && key && !want_key) {
					if (fin_buf_append(&seq, "", 0))
						rc = FIN_ENOMEM;
					else
						rc = fm_pair(s, o, key, key_len, seq.ptr, seq.len, false);
				}
				in_seq = false;
				want_key = !want_key;
			}
			depth--;
			break;
		case YAML_SCALAR_EVENT: {
			/* "\0" and "\u0000" escapes make NUL bytes: spaces, as in the
			 * body, so every string stays one C string. */
			unsigned char *raw = ev.data.scalar.value;
			size_t vn = ev.data.scalar.length;
			for (size_t i = 0; i < vn; i++)
				if (raw[i] == 0)
					raw[i] = ' ';
			const char *v = (const char *)raw;
			if (depth == 0) {
				/* A document that is one scalar (or empty). */
				if (vn)
					rc = fm_fail(s, line0 + (long)ev.start_mark.line,
						     "not a mapping of keys to values");
			} else if (depth == 1) {
				if (want_key) {
					key = fin_arena_strndup(&s->arena, v, vn);
					key_len = vn;
					if (!key)
						rc = FIN_ENOMEM;
				} else if (key) {
					rc = fm_pair(s, o, key, key_len, v, vn, true);
				}
				want_key = !want_key;
			} else if (depth == 2 && in_seq) {
				if (seq.len)
					fin_buf_append(&seq, ", ", 2);
				if (fin_buf_append(&seq, v, vn))
					rc = FIN_ENOMEM;
			}
			break;
		}
		default:
			break;
		}
		yaml_event_delete(&ev);
	}
	fin_buf_free(&seq);
	yaml_parser_delete(&p);
	return rc;
}

/* true when the line t[a..e) is exactly `lit` (trailing blanks allowed). */
static bool line_is(const char *t, size_t a, size_t e, const char *lit)
{
	while (e > a && (t[e - 1] == ' ' || t[e - 1] == '\t'))
		e--;
	return fin_eq(t + a, e - a, lit);
}

/* Front matter (if the first line is "---"), then the body. */
int fin_src_read_markdown(fin_src *s, const char *t, size_t n)
{
	fin_article a;
	memset(&a, 0, sizeof a);
	a.line = 1;
	fm_out o;
	memset(&o, 0, sizeof o);
	size_t body = 0;
	size_t first_end = 0;
	{
		const char *nl = memchr(t, '\n', n);
		first_end = nl ? (size_t)(nl - t) : n;
	}
	if (n >= 3 && line_is(t, 0, first_end, "---")) {
		/* Find the closing "---" or "..." line. */
		size_t pos = first_end < n ? first_end + 1 : n;
		long line = 2;
		bool found = false;
		while (pos < n) {
			const char *nl = memchr(t + pos, '\n', n - pos);
			size_t e = nl ? (size_t)(nl - t) : n;
			if (line_is(t, pos, e, "---") || line_is(t, pos, e, "...")) {
				size_t ys = first_end + 1;
				int rc = fm_parse(s, t + ys, pos - ys, 2, &o);
				if (rc == FIN_EPARSE) {
					s->stats->articles_skipped++;
					fin_src_drop(s);
					return FIN_OK;
				}
				if (rc)
					return rc;
				body = e < n ? e + 1 : n;
				found = true;
				break;
			}
			pos = e < n ? e + 1 : n;
			line++;
		}
		if (!found) {
			fin_src_diag(s, FIN_SEV_ERROR, 1, "bad front matter: no closing '---' line");
			s->stats->articles_skipped++;
			fin_src_drop(s);
			return FIN_OK;
		}
	}
	/* Drop the blank lines that open the body. */
	size_t bpos = body;
	while (bpos < n) {
		size_t q = bpos;
		while (q < n && (t[q] == ' ' || t[q] == '\t'))
			q++;
		if (q < n && t[q] != '\n')
			break;
		if (q >= n) {
			bpos = n;
			break;
		}
		bpos = q + 1;
	}
	size_t bn = n - bpos;
	while (bn && fin_is_space((unsigned char)t[bpos + bn - 1]))
		bn--;
	fin_buf_clear(&s->title);
	fin_buf_clear(&s->body);
	if (o.title) {
		const char *tp = o.title;
		size_t tn = o.title_len;
		fin_src_trim(&tp, &tn);
		fin_buf_append(&s->title, tp, tn);
	} else if (bn >= 2 && t[bpos] == '#' && (t[bpos + 1] == ' ' || t[bpos + 1] == '\t')) {
		/* "# Heading" as the first line of the body. */
		const char *nl = memchr(t + bpos, '\n', bn);
		const char *tp = t + bpos + 2;
		size_t tn = (size_t)((nl ? nl : t + bpos + bn) - tp);
		fin_src_trim(&tp, &tn);
		while (tn && tp[tn - 1] == '#')
			tn--;
		fin_src_trim(&tp, &tn);
		fin_buf_append(&s->title, tp, tn);
	}
	fin_buf_append(&s->body, t + bpos, bn);
	if (fin_buf_append(&s->title, "", 0) || fin_buf_append(&s->body, "", 0))
		return FIN_ENOMEM;
	a.id = o.id ? o.id : fin_src_stem(s);
	if (!a.id)
		return FIN_ENOMEM;
	a.published = o.published;
	a.title = s->title.ptr;
	a.title_len = s->title.len;
	a.body = s->body.ptr;
	a.body_len = s->body.len;
	return fin_src_emit(s, &a);
}
