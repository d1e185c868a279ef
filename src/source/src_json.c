/*
 * src_json.c — JSON Lines and JSON arrays of article objects. The only file
 * of src/source that includes jansson.
 *
 * Field names come from opts->fields (NULL lists: the defaults documented in
 * finfig.h). A record without an id gets "FILE:LINE" (FILE the base name).
 * Nesting deeper than SRC_JSON_MAX_DEPTH is refused before jansson sees the
 * text, so a hostile "[[[[..." costs one linear scan.
 */
#include "source.h"

#include <jansson.h>
#include <string.h>

#define SRC_JSON_MAX_DEPTH 64

static const char *const def_id[] = {"id", NULL};
static const char *const def_title[] = {"title", "headline", NULL};
static const char *const def_body[] = {"body", "text", "content", NULL};
static const char *const def_published[] = {"published", "date", NULL};

/* Scan the JSON text once: check the nesting depth, and when starts is not
 * NULL record the offset of each element of a top-level array. Returns 0,
 * FIN_ETOOBIG (too deep) or FIN_ENOMEM. Syntax is left to jansson. */
static int json_scan(const char *p, size_t n, size_t **starts, size_t *n_starts)
{
	int depth = 0;
	bool in_str = false, want_elem = false, top_array = false;
	size_t cap = 0;
	for (size_t i = 0; i < n; i++) {
		char c = p[i];
		if (in_str) {
			if (c == '\\')
				i++;
			else if (c == '"')
				in_str = false;
			continue;
		}
		if (want_elem && !fin_is_space((unsigned char)c) && c != ']') {
			want_elem = false;
			if (starts) {
				if (*n_starts == cap) {
					size_t ncap = cap ? cap * 2 : 256;
					size_t *ns = fin_realloc(*starts, ncap * sizeof **starts);
					if (!ns)
						return FIN_ENOMEM;
					*starts = ns;
					cap = ncap;
				}
				(*starts)[(*n_starts)++] = i;
			}
		}
		switch (c) {
		case '"':
			in_str = true;
			break;
		case '[':
		case '{':
			if (depth == 0 && c == '[')
				top_array = true;
			if (++depth > SRC_JSON_MAX_DEPTH)
				return FIN_ETOOBIG;
			if (depth == 1 && top_array)
				want_elem = true;
			break;
		case ']':
		case '}':
			depth--;
			break;
		case ',':
			if (depth == 1 && top_array)
				want_elem = true;
			break;
		default:
			break;
		}
	}
	return FIN_OK;
}

/* The list to use: the option's, or the default. */
static const char *const *names_or(const char *const *opt, const char *const *def)
{
	return opt ? opt : def;
}

/* First member of obj named in names; *which gets the name. */
static json_t *get_first(json_t *obj, const char *const *names, const char **which)
{
	for (size_t i = 0; names[i]; i++) {
		json_t *v = json_object_get(obj, names[i]);
		if (v) {
			*which = names[i];
			return v;
		}
	}
	return NULL;
}

/* A scalar (number, boolean) as JSON text in buf; 0 when it is not one. */
static size_t scalar_text(json_t *v, char *buf, size_t cap)
{
	if (!json_is_number(v) && !json_is_boolean(v))
		return 0;
	size_t n = json_dumpb(v, buf, cap - 1, JSON_ENCODE_ANY);
	if (n == 0 || n >= cap)
		return 0;
	buf[n] = '\0';
	return n;
}

/* Days since 1970-01-01 to a civil date (proleptic Gregorian). */
static fin_ymd civil_from_days(long long z)
{
	z += 719468;
	long long era = (z >= 0 ? z : z - 146096) / 146097;
	long long doe = z - era * 146097;
	long long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long long y = yoe + era * 400;
	long long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	long long mp = (5 * doy + 2) / 153;
	long long d = doy - (153 * mp + 2) / 5 + 1;
	long long m = mp < 10 ? mp + 3 : mp - 9;
	fin_ymd out = {0, 0, 0};
	y += m <= 2;
	if (y >= 1 && y <= 9999) {
		out.year = (int16_t)y;
		out.month = (int8_t)m;
		out.day = (int8_t)d;
	}
	return out;
}

/* The base name of s->name, for "FILE:LINE" ids. */
static const char *base_name(const char *name)
{
	const char *b = strrchr(name, '/');
	return b ? b + 1 : name;
}

/* Build and emit the article of one JSON object found at line (0: unknown)
 * or element index idx (when line is 0). Problems are reported at line and
 * counted as skipped. */
static int emit_object(fin_src *s, json_t *obj, long line, size_t idx)
{
	const fin_fields *f = &s->opts->fields;
	const char *const *ids = names_or(f->id, def_id);
	const char *const *titles = names_or(f->title, def_title);
	const char *const *bodies = names_or(f->body, def_body);
	const char *const *dates = names_or(f->published, def_published);
	fin_article a;
	memset(&a, 0, sizeof a);
	a.line = line;
	const char *which = NULL;
	char tmp[128];

	json_t *body = get_first(obj, bodies, &which);
	if (!body) {
		char names[256];
		size_t k = 0;
		names[0] = '\0';
		for (size_t i = 0; bodies[i] && k < sizeof names; i++)
			k += (size_t)snprintf(names + k, sizeof names - k, "%s%s", i ? ", " : "", bodies[i]);
		fin_src_diag(s, FIN_SEV_ERROR, line, "no body field (looked for %s)", names);
		s->stats->articles_skipped++;
		fin_src_drop(s);
		return FIN_OK;
	}
	if (!json_is_string(body)) {
		fin_src_diag(s, FIN_SEV_ERROR, line, "field \"%s\" is not a string", which);
		s->stats->articles_skipped++;
		fin_src_drop(s);
		return FIN_OK;
	}
	a.body = json_string_value(body);
	a.body_len = json_string_length(body);
	const char *body_key = which;

	json_t *id = get_first(obj, ids, &which);
	const char *id_key = id ? which : NULL;
	if (id && json_is_string(id) && json_string_length(id) > 0) {
		a.id = json_string_value(id);
	} else if (id && (json_is_integer(id) || json_is_real(id))) {
		size_t n = scalar_text(id, tmp, sizeof tmp);
		a.id = n ? fin_arena_strndup(&s->arena, tmp, n) : NULL;
		if (!a.id)
			return FIN_ENOMEM;
	} else {
		if (line > 0)
			snprintf(tmp, sizeof tmp, "%s:%ld", base_name(s->name), line);
		else
			snprintf(tmp, sizeof tmp, "%s#%zu", base_name(s->name), idx + 1);
		a.id = fin_arena_strndup(&s->arena, tmp, strlen(tmp));
		if (!a.id)
			return FIN_ENOMEM;
		id_key = NULL;
	}

	json_t *title = get_first(obj, titles, &which);
	const char *title_key = NULL;
	if (title && json_is_string(title)) {
		a.title = json_string_value(title);
		a.title_len = json_string_length(title);
		title_key = which;
	}

	json_t *pub = get_first(obj, dates, &which);
	const char *pub_key = NULL;
	if (pub && json_is_string(pub) &&
	    fin_src_parse_date(json_string_value(pub), json_string_length(pub), &a.published) == FIN_OK) {
		pub_key = which;
	} else if (pub && json_is_integer(pub)) {
		/* Unix time, in seconds or (when that large) milliseconds. */
		long long t = (long long)json_integer_value(pub);
		if (t > 100000000000LL || t < -100000000000LL)
			t /= 1000;
		a.published = civil_from_days(t >= 0 ? t / 86400 : -((-t + 86399) / 86400));
		if (a.published.year)
			pub_key = which;
	}

	/* Everything else that reads as text goes to meta. */
	const char *key;
	json_t *v;
	json_object_foreach(obj, key, v)
	{
		if ((body_key && strcmp(key, body_key) == 0) || (id_key && strcmp(key, id_key) == 0) ||
		    (title_key && strcmp(key, title_key) == 0) || (pub_key && strcmp(key, pub_key) == 0))
			continue;
		int rc = FIN_OK;
		if (json_is_string(v)) {
			rc = fin_src_meta_add(s, key, strlen(key), json_string_value(v),
					      json_string_length(v));
		} else if (json_is_array(v)) {
			/* An array of strings ("tags") joined with ", ". */
			fin_buf *j = &s->title; /* free here: title text lives in the JSON */
			fin_buf_clear(j);
			size_t i;
			json_t *e;
			bool all = json_array_size(v) > 0;
			json_array_foreach(v, i, e)
			{
				if (!json_is_string(e)) {
					all = false;
					break;
				}
				if (j->len)
					fin_buf_append(j, ", ", 2);
				fin_buf_append(j, json_string_value(e), json_string_length(e));
			}
			if (j->failed)
				return FIN_ENOMEM;
			if (all)
				rc = fin_src_meta_add(s, key, strlen(key), j->ptr, j->len);
		} else {
			size_t n = scalar_text(v, tmp, sizeof tmp);
			if (n)
				rc = fin_src_meta_add(s, key, strlen(key), tmp, n);
		}
		if (rc)
			return rc;
	}
	return fin_src_emit(s, &a);
}

/* Depth check, parse with jansson, build the article; errors skip the line. */
int fin_src_read_jsonl_line(fin_src *s, const char *line, size_t n, long lineno)
{
	int rc = json_scan(line, n, NULL, NULL);
	if (rc == FIN_ETOOBIG) {
		fin_src_diag(s, FIN_SEV_ERROR, lineno, "JSON nested deeper than %d levels",
			     SRC_JSON_MAX_DEPTH);
		s->stats->articles_skipped++;
		return FIN_OK;
	}
	json_error_t err;
	json_t *obj = json_loadb(line, n, JSON_DECODE_ANY, &err);
	if (!obj) {
		fin_src_diag(s, FIN_SEV_ERROR, lineno, "%s (column %d)", err.text, err.column);
		s->stats->articles_skipped++;
		return FIN_OK;
	}
	if (!json_is_object(obj)) {
		fin_src_diag(s, FIN_SEV_ERROR, lineno, "not a JSON object");
		s->stats->articles_skipped++;
		json_decref(obj);
		return FIN_OK;
	}
	rc = emit_object(s, obj, lineno, 0);
	json_decref(obj);
	return rc;
}

/* Emit the objects of array arr; starts (may be NULL) holds the byte offset
 * of each element in text, for line numbers. */
static int emit_array(fin_src *s, json_t *arr, const char *text, const size_t *starts,
		      size_t n_starts)
{
	long line = 1;
	size_t at = 0;
	size_t i;
	json_t *e;
	json_array_foreach(arr, i, e)
	{
		long el_line = 0;
		if (starts && i < n_starts) {
			/* Count the newlines up to this element (offsets ascend). */
			for (const char *p = text + at, *end = text + starts[i]; p < end;) {
				const char *nl = memchr(p, '\n', (size_t)(end - p));
				if (!nl)
					break;
				line++;
				p = nl + 1;
			}
			at = starts[i];
			el_line = line;
		}
		int rc;
		if (!json_is_object(e)) {
			fin_src_diag(s, FIN_SEV_ERROR, el_line, "array element %zu is not a JSON object",
				     i + 1);
			s->stats->articles_skipped++;
			rc = FIN_OK;
		} else {
			rc = emit_object(s, e, el_line, i);
		}
		if (rc)
			return rc;
	}
	return FIN_OK;
}

/* A whole JSON document: an array of objects, one object, or a wrapper object. */
int fin_src_read_json(fin_src *s, const char *text, size_t n)
{
	/* An empty file holds no article: said, not failed (as an empty JSON
	 * Lines or SGML file). */
	const char *t = text;
	size_t tn = n;
	fin_src_trim(&t, &tn);
	if (tn == 0) {
		fin_src_diag(s, FIN_SEV_WARNING, 0, "empty file");
		return FIN_OK;
	}
	size_t *starts = NULL, n_starts = 0;
	int rc = json_scan(text, n, &starts, &n_starts);
	if (rc) {
		fin_free(starts);
		if (rc == FIN_ETOOBIG) {
			fin_src_diag(s, FIN_SEV_ERROR, 0, "JSON nested deeper than %d levels",
				     SRC_JSON_MAX_DEPTH);
			return FIN_EPARSE;
		}
		return rc;
	}
	json_error_t err;
	json_t *root = json_loadb(text, n, JSON_DECODE_ANY, &err);
	if (!root) {
		fin_free(starts);
		fin_src_diag(s, FIN_SEV_ERROR, err.line > 0 ? err.line : 0, "%s", err.text);
		return FIN_EPARSE;
	}
	if (json_is_array(root)) {
		rc = emit_array(s, root, text, starts, n_starts);
	} else if (json_is_object(root)) {
		const char *which;
		const fin_fields *f = &s->opts->fields;
		if (get_first(root, names_or(f->body, def_body), &which)) {
			rc = emit_object(s, root, 1, 0);
		} else {
			/* A wrapper such as {"articles": [ {...}, ... ]}. */
			const char *key;
			json_t *v, *arr = NULL;
			json_object_foreach(root, key, v)
			{
				if (json_is_array(v) && json_array_size(v) > 0 &&
				    json_is_object(json_array_get(v, 0))) {
					arr = v;
					break;
				}
			}
			if (arr) {
				rc = emit_array(s, arr, text, NULL, 0);
			} else {
				rc = emit_object(s, root, 1, 0); /* reports the missing body */
			}
		}
	} else {
		fin_src_diag(s, FIN_SEV_ERROR, 1, "not a JSON array or object");
		rc = FIN_EPARSE;
	}
	json_decref(root);
	fin_free(starts);
	return rc;
}
