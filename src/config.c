/*
 * config.c — finfig.yaml: the companies a user adds to the built-in
 * gazetteer.
 *
 *   companies:
 *     - name: Zorblax Dynamics Inc     # the canonical name (required)
 *       aliases: [Zorblax, ZDI]        # a string or a list (optional)
 *       ticker: ZRBX                   # a string or a list; "tickers" too
 *       kind: company                  # company (default) or other
 *
 * The file is read whole (libyaml's document API) after an event pass that
 * refuses anchors' aliases (a billion laughs costs nothing to write). Any
 * key the schema does not know is an error with its line: a misspelt
 * "alias:" would otherwise be dropped without a word.
 */
#include "internal.h"
#include "source/source.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <yaml.h>

#define CONFIG_MAX_BYTES (16u << 20) /* a config is small: refuse anything huge */
#define NAME_MAX_BYTES 192           /* as the gazetteer's longest key */
#define TICKER_MAX_BYTES 16

struct fin_config_impl {
	fin_config pub;
	fin_arena arena;
};

/* An error at node n of the file path (printf-style message). */
static int bad(fin_error *err, const char *path, const yaml_node_t *n, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 4, 5)))
#endif
	;
static int bad(fin_error *err, const char *path, const yaml_node_t *n, const char *fmt, ...)
{
	char msg[400];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	return fin_error_set(err, FIN_ECONFIG, path, n ? (long)n->start_mark.line + 1 : 0, "%s", msg);
}

/* The key (a string) and the value of mapping pair p into *k and *v. */
static int pair_of(yaml_document_t *doc, const yaml_node_pair_t *p, const char *path, const yaml_node_t **k,
		   const yaml_node_t **v, fin_error *err)
{
	*k = yaml_document_get_node(doc, p->key);
	*v = yaml_document_get_node(doc, p->value);
	if ((*k)->type != YAML_SCALAR_NODE)
		return bad(err, path, *k, "a key must be a string");
	return FIN_OK;
}

/* true when scalar node k is the key lit. */
static bool key_is(const yaml_node_t *k, const char *lit)
{
	return fin_eq((const char *)k->data.scalar.value, k->data.scalar.length, lit);
}

/* Key k is not in the schema; known lists the keys that are. */
static int unknown_key(fin_error *err, const char *path, const yaml_node_t *k, const char *known)
{
	size_t kn = k->data.scalar.length;
	return bad(err, path, k, "unknown key '%.*s' %s", (int)(kn < 48 ? kn : 48),
		   (const char *)k->data.scalar.value, known);
}

/* The text of scalar node n, trimmed, copied into the arena (NULL when out
 * of memory); *len its length. NUL bytes (YAML "\0" escapes) are refused
 * by the caller before. */
static const char *scalar_dup(fin_arena *a, const yaml_node_t *n, size_t *len)
{
	const char *p = (const char *)n->data.scalar.value;
	*len = n->data.scalar.length;
	fin_src_trim(&p, len);
	return fin_arena_strndup(a, p, *len);
}

/* true when scalar node n is the plain (unquoted) null of YAML: "", "~",
 * "null". */
static bool is_null(const yaml_node_t *n)
{
	if (n->type != YAML_SCALAR_NODE || n->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
		return false;
	const char *v = (const char *)n->data.scalar.value;
	size_t k = n->data.scalar.length;
	return k == 0 || (k == 1 && v[0] == '~') || fin_eq(v, k, "null") || fin_eq(v, k, "Null") ||
	       fin_eq(v, k, "NULL");
}

/* Scalar node n as a string of 1..max bytes into *out. what names it in
 * errors. */
static int string_of(fin_arena *a, const char *path, const yaml_node_t *n, const char *what, size_t max,
		     const char **out, fin_error *err)
{
	if (n->type != YAML_SCALAR_NODE)
		return bad(err, path, n, "%s: a string was expected", what);
	if (memchr(n->data.scalar.value, 0, n->data.scalar.length))
		return bad(err, path, n, "%s: a NUL byte in the string", what);
	size_t len;
	const char *s = scalar_dup(a, n, &len);
	if (!s)
		return fin_error_set(err, FIN_ENOMEM, path, 0, "out of memory");
	if (!len)
		return bad(err, path, n, "%s: empty", what);
	if (len > max)
		return bad(err, path, n, "%s: longer than %zu bytes", what, max);
	*out = s;
	return FIN_OK;
}

/* Node n (a string, a list of strings, or null for none) into an array
 * *out of *count strings. */
static int strings_of(fin_arena *a, const char *path, yaml_document_t *doc, const yaml_node_t *n,
		      const char *what, size_t max, const char ***out, size_t *count, fin_error *err)
{
	size_t add = 1;
	if (n->type == YAML_SEQUENCE_NODE)
		add = (size_t)(n->data.sequence.items.top - n->data.sequence.items.start);
	else if (is_null(n))
		return FIN_OK;
	const char **v = fin_arena_alloc(a, (add ? add : 1) * sizeof *v);
	if (!v)
		return fin_error_set(err, FIN_ENOMEM, path, 0, "out of memory");
	size_t k = 0;
	if (n->type == YAML_SEQUENCE_NODE) {
		for (yaml_node_item_t *it = n->data.sequence.items.start; it < n->data.sequence.items.top; it++) {
			const yaml_node_t *e = yaml_document_get_node(doc, *it);
			int rc = string_of(a, path, e, what, max, &v[k], err);
			if (rc)
				return rc;
			k++;
		}
	} else {
		int rc = string_of(a, path, n, what, max, &v[k], err);
		if (rc)
			return rc;
		k++;
	}
	*out = v;
	*count = k;
	return FIN_OK;
}

/* A ticker: letters, digits, '.', '-' and '/' ("BRK.B", "RDS-A"). */
static bool ticker_ok(const char *s)
{
	for (; *s; s++)
		if (!fin_is_alnum((unsigned char)*s) && *s != '.' && *s != '-' && *s != '/')
			return false;
	return true;
}

/* One item of companies: a mapping into *d. */
static int company_of(fin_arena *a, const char *path, yaml_document_t *doc, const yaml_node_t *n,
		      fin_company_def *d, fin_error *err)
{
	if (n->type != YAML_MAPPING_NODE)
		return bad(err, path, n, "a company is a mapping (name, aliases, ticker, kind)");
	memset(d, 0, sizeof *d);
	d->kind = FIN_ORG_COMPANY;
	d->line = (long)n->start_mark.line + 1;
	bool seen_kind = false, seen_aliases = false, seen_tickers = false;
	for (yaml_node_pair_t *p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top; p++) {
		const yaml_node_t *k, *v;
		int rc = pair_of(doc, p, path, &k, &v, err);
		if (rc)
			return rc;
		if (key_is(k, "name")) {
			if (d->name)
				return bad(err, path, k, "'name' given twice");
			rc = string_of(a, path, v, "name", NAME_MAX_BYTES, &d->name, err);
		} else if (key_is(k, "aliases") || key_is(k, "alias")) {
			if (seen_aliases)
				return bad(err, path, k, "'aliases' given twice");
			seen_aliases = true;
			rc = strings_of(a, path, doc, v, "alias", NAME_MAX_BYTES, &d->aliases, &d->n_aliases, err);
		} else if (key_is(k, "ticker") || key_is(k, "tickers")) {
			if (seen_tickers)
				return bad(err, path, k, "'ticker' given twice");
			seen_tickers = true;
			rc = strings_of(a, path, doc, v, "ticker", TICKER_MAX_BYTES, &d->tickers, &d->n_tickers, err);
			for (size_t i = 0; !rc && i < d->n_tickers; i++)
				if (!ticker_ok(d->tickers[i]))
					rc = bad(err, path, v,
						 "ticker '%s': letters, digits, '.', '-' and '/' only",
						 d->tickers[i]);
		} else if (key_is(k, "kind")) {
			const char *s;
			if (seen_kind)
				return bad(err, path, k, "'kind' given twice");
			seen_kind = true;
			rc = string_of(a, path, v, "kind", 16, &s, err);
			if (!rc && strcmp(s, "company") == 0)
				d->kind = FIN_ORG_COMPANY;
			else if (!rc && strcmp(s, "other") == 0)
				d->kind = FIN_ORG_OTHER;
			else if (!rc)
				rc = bad(err, path, v, "kind '%s': company or other", s);
		} else {
			return unknown_key(err, path, k, "in a company (name, aliases, ticker, kind)");
		}
		if (rc)
			return rc;
	}
	if (!d->name)
		return bad(err, path, n, "a company without a 'name'");
	return FIN_OK;
}

/* The document's root into c. */
static int root_of(struct fin_config_impl *c, const char *path, yaml_document_t *doc, fin_error *err)
{
	const yaml_node_t *root = yaml_document_get_root_node(doc);
	if (!root || is_null(root))
		return FIN_OK; /* an empty file: nothing added */
	if (root->type != YAML_MAPPING_NODE)
		return bad(err, path, root, "the file is a mapping of keys (companies) to values");
	bool seen = false;
	for (yaml_node_pair_t *p = root->data.mapping.pairs.start; p < root->data.mapping.pairs.top; p++) {
		const yaml_node_t *k, *v;
		int rc = pair_of(doc, p, path, &k, &v, err);
		if (rc)
			return rc;
		if (!key_is(k, "companies"))
			return unknown_key(err, path, k, "(finfig.yaml knows: companies)");
		if (seen)
			return bad(err, path, k, "'companies' given twice");
		seen = true;
		if (is_null(v))
			continue;
		if (v->type != YAML_SEQUENCE_NODE)
			return bad(err, path, v, "companies: a list was expected");
		size_t n = (size_t)(v->data.sequence.items.top - v->data.sequence.items.start);
		fin_company_def *defs = fin_arena_alloc(&c->arena, (n ? n : 1) * sizeof *defs);
		if (!defs)
			return fin_error_set(err, FIN_ENOMEM, path, 0, "out of memory");
		for (size_t i = 0; i < n; i++) {
			const yaml_node_t *e = yaml_document_get_node(doc, v->data.sequence.items.start[i]);
			if ((rc = company_of(&c->arena, path, doc, e, &defs[i], err)))
				return rc;
		}
		c->pub.companies = defs;
		c->pub.n_companies = n;
	}
	return FIN_OK;
}

/* A libyaml parser error as err. */
static int parse_error(const yaml_parser_t *p, const char *path, fin_error *err)
{
	if (p->error == YAML_MEMORY_ERROR)
		return fin_error_set(err, FIN_ENOMEM, path, 0, "out of memory");
	return fin_error_set(err, FIN_ECONFIG, path, (long)p->problem_mark.line + 1, "bad YAML: %s%s%s",
			     p->problem ? p->problem : "unreadable", p->context ? " " : "",
			     p->context ? p->context : "");
}

/* Refuse aliases (and so anchors' expansions) and more than one document,
 * in an event pass before the document is built. */
static int check_events(const char *text, size_t len, const char *path, fin_error *err)
{
	yaml_parser_t p;
	if (!yaml_parser_initialize(&p))
		return fin_error_set(err, FIN_ENOMEM, path, 0, "out of memory");
	yaml_parser_set_input_string(&p, (const unsigned char *)text, len);
	int rc = FIN_OK, docs = 0;
	for (bool done = false; !done && !rc;) {
		yaml_event_t ev;
		if (!yaml_parser_parse(&p, &ev)) {
			rc = parse_error(&p, path, err);
			break;
		}
		if (ev.type == YAML_STREAM_END_EVENT)
			done = true;
		else if (ev.type == YAML_ALIAS_EVENT)
			rc = fin_error_set(err, FIN_ECONFIG, path, (long)ev.start_mark.line + 1,
					   "aliases (*name) are not supported");
		else if (ev.type == YAML_DOCUMENT_START_EVENT && ++docs > 1)
			rc = fin_error_set(err, FIN_ECONFIG, path, (long)ev.start_mark.line + 1,
					   "one YAML document only");
		yaml_event_delete(&ev);
	}
	yaml_parser_delete(&p);
	return rc;
}

int fin_config_parse(const char *text, size_t len, const char *path, fin_config **out, fin_error *err)
{
	*out = NULL;
	int rc = check_events(text, len, path, err);
	if (rc)
		return rc;
	struct fin_config_impl *c = fin_calloc(1, sizeof *c);
	if (!c)
		return fin_error_set(err, FIN_ENOMEM, path, 0, "out of memory");
	fin_arena_init(&c->arena, 16 * 1024);
	yaml_parser_t p;
	yaml_document_t doc;
	if (!yaml_parser_initialize(&p)) {
		fin_config_free(&c->pub);
		return fin_error_set(err, FIN_ENOMEM, path, 0, "out of memory");
	}
	yaml_parser_set_input_string(&p, (const unsigned char *)text, len);
	if (!yaml_parser_load(&p, &doc)) {
		rc = parse_error(&p, path, err);
	} else {
		rc = root_of(c, path, &doc, err);
		yaml_document_delete(&doc);
	}
	yaml_parser_delete(&p);
	if (rc) {
		fin_config_free(&c->pub);
		return rc;
	}
	*out = &c->pub;
	return FIN_OK;
}

int fin_config_load(const char *path, fin_config **out, fin_error *err)
{
	*out = NULL;
	char *buf;
	size_t len;
	int rc = fin_read_file(path, CONFIG_MAX_BYTES, &buf, &len, err);
	if (rc) {
		/* missing, unreadable, huge: the config is bad all the same */
		if (rc != FIN_ENOMEM && err)
			err->code = FIN_ECONFIG;
		return rc == FIN_ENOMEM ? rc : FIN_ECONFIG;
	}
	rc = fin_config_parse(buf, len, path, out, err);
	fin_free(buf);
	return rc;
}

void fin_config_free(fin_config *c)
{
	if (!c)
		return;
	struct fin_config_impl *ci = (struct fin_config_impl *)(void *)c;
	fin_arena_free(&ci->arena);
	fin_free(ci);
}
