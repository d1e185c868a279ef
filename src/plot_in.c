/*
 * plot_in.c — what the charts read: a fin_plot_data filled from the
 * aggregate module (finfig/agg.h).
 *
 * Records and states are fed to a fin_agg, which joins the events and
 * computes the groups. Its public outputs are then read back: the summary
 * (JSON: groups by month×kind, company×kind and kind, the total per
 * currency) and the event list (CSV: one row per event). A summary file
 * written by `finfig aggregate` can be read instead; it has no event list,
 * so its top deals stand in for the events.
 *
 * Nothing is summed here that the aggregate module sums: the only
 * arithmetic is adding up the groups of the kinds that count as deals, and
 * the midpoint of a range. The amounts as written ("$38bn") and the
 * sources are not in the aggregate's outputs; they are kept from the
 * record lines on the way in (id -> text, source) and attached to each
 * event through its member ids.
 *
 * Two small readers live here because the aggregate's outputs must be
 * read back exactly: a JSON reader that keeps numbers as their text, and
 * an RFC 4180 CSV row reader.
 */
#include "internal.h"

#include "finfig/agg.h"
#include "finfig/plot.h"
#include "util/wide.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ====================================================================== */
/* A JSON reader (values in an arena; numbers kept as text)                */
/* ====================================================================== */

typedef enum jt { J_NULL, J_BOOL, J_NUM, J_STR, J_ARR, J_OBJ } jt;

typedef struct jv {
	jt t;
	const char *s;     /* J_STR: unescaped, NUL-terminated; J_NUM: the number's text */
	size_t n;          /* length of s; J_ARR/J_OBJ: number of items */
	struct jv *items;  /* J_ARR/J_OBJ */
	const char **keys; /* J_OBJ */
} jv;

typedef struct jp {
	const char *p, *end;
	fin_arena *a;
	int depth;
	int oom;
} jp;

#define J_MAX_DEPTH 64

/* Skip JSON white space. */
static void j_ws(jp *j)
{
	while (j->p < j->end && fin_is_space((unsigned char)*j->p))
		j->p++;
}

/* A string at j->p (at the opening quote), unescaped into the arena. */
static int j_str(jp *j, const char **s, size_t *n)
{
	j->p++;
	fin_buf b;
	fin_buf_init(&b, 0);
	for (;;) {
		const char *q = j->p;
		while (q < j->end && *q != '"' && *q != '\\' && (unsigned char)*q >= 0x20)
			q++;
		fin_buf_append(&b, j->p, (size_t)(q - j->p));
		j->p = q;
		if (q >= j->end || (unsigned char)*q < 0x20)
			goto bad;
		if (*q == '"') {
			j->p++;
			break;
		}
		j->p = fin_json_escape(&b, j->p + 1, j->end); /* after the backslash */
		if (!j->p)
			goto bad;
	}
	if (b.failed) {
		j->oom = 1;
		fin_buf_free(&b);
		return -1;
	}
	*n = b.len;
	*s = fin_arena_strndup(j->a, b.ptr ? b.ptr : "", b.len);
	fin_buf_free(&b);
	if (!*s) {
		j->oom = 1;
		return -1;
	}
	return 0;
bad:
	fin_buf_free(&b);
	return -1;
}

/* One JSON value at j->p into *out; -1 when malformed (j->oom tells an
 * out-of-memory apart). */
static int j_value(jp *j, jv *out);

/* An array or object: items gathered in a growing arena array. */
static int j_compound(jp *j, jv *out, bool obj)
{
	if (++j->depth > J_MAX_DEPTH)
		return -1;
	j->p++;
	size_t cap = 0, n = 0;
	jv *items = NULL;
	const char **keys = NULL;
	size_t kcap = 0;
	j_ws(j);
	if (j->p < j->end && *j->p == (obj ? '}' : ']')) {
		j->p++;
		goto done;
	}
	for (;;) {
		j_ws(j);
		const char *key = NULL;
		size_t kn;
		if (obj) {
			if (j->p >= j->end || *j->p != '"' || j_str(j, &key, &kn))
				return -1;
			j_ws(j);
			if (j->p >= j->end || *j->p != ':')
				return -1;
			j->p++;
		}
		if (n == cap && fin_arena_grow(j->a, (void **)&items, &cap, n, sizeof *items)) {
			j->oom = 1;
			return -1;
		}
		if (obj && n == kcap && fin_arena_grow(j->a, (void **)&keys, &kcap, n, sizeof *keys)) {
			j->oom = 1;
			return -1;
		}
		if (j_value(j, &items[n]))
			return -1;
		if (obj)
			keys[n] = key;
		n++;
		j_ws(j);
		if (j->p < j->end && *j->p == ',') {
			j->p++;
			continue;
		}
		if (j->p < j->end && *j->p == (obj ? '}' : ']')) {
			j->p++;
			break;
		}
		return -1;
	}
done:
	out->t = obj ? J_OBJ : J_ARR;
	out->items = items;
	out->keys = keys;
	out->n = n;
	j->depth--;
	return 0;
}

static int j_value(jp *j, jv *out)
{
	memset(out, 0, sizeof *out);
	j_ws(j);
	if (j->p >= j->end)
		return -1;
	char c = *j->p;
	if (c == '{' || c == '[')
		return j_compound(j, out, c == '{');
	if (c == '"') {
		out->t = J_STR;
		return j_str(j, &out->s, &out->n);
	}
	if (c == '-' || fin_is_digit((unsigned char)c)) {
		const char *s = j->p;
		while (j->p < j->end && (fin_is_digit((unsigned char)*j->p) || *j->p == '-' || *j->p == '+' ||
		                         *j->p == '.' || *j->p == 'e' || *j->p == 'E'))
			j->p++;
		out->t = J_NUM;
		out->s = s;
		out->n = (size_t)(j->p - s);
		return 0;
	}
	static const struct {
		const char *w;
		jt t;
	} words[] = {{"null", J_NULL}, {"true", J_BOOL}, {"false", J_BOOL}};
	for (size_t i = 0; i < 3; i++) {
		size_t l = strlen(words[i].w);
		if ((size_t)(j->end - j->p) >= l && memcmp(j->p, words[i].w, l) == 0) {
			j->p += l;
			out->t = words[i].t;
			out->n = i == 1;
			return 0;
		}
	}
	return -1;
}

/* Parse text[0..len) as one JSON value into *out (arena storage).
 * FIN_OK, FIN_EPARSE, FIN_ENOMEM. */
static int j_parse(fin_arena *a, const char *text, size_t len, jv *out)
{
	jp j = {text, text + len, a, 0, 0};
	int rc = j_value(&j, out);
	if (j.oom)
		return FIN_ENOMEM;
	j_ws(&j);
	if (rc || j.p != j.end)
		return FIN_EPARSE;
	return FIN_OK;
}

static const jv *j_get(const jv *o, const char *key)
{
	if (!o || o->t != J_OBJ)
		return NULL;
	for (size_t i = 0; i < o->n; i++)
		if (strcmp(o->keys[i], key) == 0)
			return &o->items[i];
	return NULL;
}

static const char *j_getstr(const jv *o, const char *key)
{
	const jv *v = j_get(o, key);
	return v && v->t == J_STR ? v->s : NULL;
}

/* A JSON number as an exact decimal, rounded to `places` decimals (sums
 * of converted amounts carry many); false when absent or not a number. */
static bool j_dec(const jv *v, int places, fin_decimal *out)
{
	if (!v || v->t != J_NUM)
		return false;
	fin_wide w;
	if (fin_wide_parse(v->s, v->n, &w) != FIN_OK)
		return false;
	fin_wide_round(&w, -places);
	return fin_wide_to_dec(&w, out) == FIN_OK;
}

/* A JSON number as a non-negative count (0 when absent or not one). */
static long j_long(const jv *v)
{
	fin_decimal d;
	if (!j_dec(v, 0, &d) || d.exp < 0)
		return 0;
	int64_t x = d.sig;
	for (int32_t e = 0; e < d.exp; e++)
		if (__builtin_mul_overflow(x, (int64_t)10, &x))
			return LONG_MAX;
	return x > LONG_MAX ? LONG_MAX : (long)x;
}

/* ====================================================================== */
/* CSV rows (RFC 4180) from a buffer                                       */
/* ====================================================================== */

#define CSV_MAX_COLS 24

typedef struct csv_row {
	const char *cell[CSV_MAX_COLS];
	size_t n;
} csv_row;

/* Read the row at *pos of text[0..len) into row (cells unquoted into the
 * arena). Returns 1 for a row, 0 at the end, -1 on out-of-memory. */
static int csv_next(fin_arena *a, const char *text, size_t len, size_t *pos, csv_row *row)
{
	size_t i = *pos;
	if (i >= len)
		return 0;
	row->n = 0;
	fin_buf cell;
	fin_buf_init(&cell, 0);
	for (;;) {
		fin_buf_clear(&cell);
		fin_buf_append(&cell, "", 0);
		if (i < len && text[i] == '"') {
			i++;
			while (i < len) {
				if (text[i] == '"') {
					if (i + 1 < len && text[i + 1] == '"') {
						fin_buf_putc(&cell, '"');
						i += 2;
						continue;
					}
					i++;
					break;
				}
				fin_buf_putc(&cell, text[i++]);
			}
		}
		while (i < len && text[i] != ',' && text[i] != '\r' && text[i] != '\n')
			fin_buf_putc(&cell, text[i++]);
		if (cell.failed) {
			fin_buf_free(&cell);
			return -1;
		}
		if (row->n < CSV_MAX_COLS) {
			const char *c = fin_arena_strndup(a, cell.ptr, cell.len);
			if (!c) {
				fin_buf_free(&cell);
				return -1;
			}
			row->cell[row->n++] = c;
		}
		if (i < len && text[i] == ',') {
			i++;
			continue;
		}
		if (i < len && text[i] == '\r')
			i++;
		if (i < len && text[i] == '\n')
			i++;
		break;
	}
	fin_buf_free(&cell);
	*pos = i;
	return 1;
}

/* A text cell as the aggregate wrote it: a leading apostrophe that guards
 * a formula character is dropped. */
static const char *csv_text(const char *c)
{
	if (c[0] == '\'' && (c[1] == '=' || c[1] == '+' || c[1] == '-' || c[1] == '@' || c[1] == '\t'))
		return c + 1;
	return c;
}

/* ====================================================================== */
/* The input                                                               */
/* ====================================================================== */

/* What is kept of a money record line: its amount as written and source. */
typedef struct stash_item {
	const char *id, *text, *source;
	char currency[4];
	int has_value;
	fin_decimal value; /* value, or min for a range */
} stash_item;

/* Kinds that count as deals by default. */
static const char *const default_kinds[] = {"deal", "acquisition", "investment", NULL};

#define KINDS_MAX 16

struct fin_plot_input {
	fin_agg *agg;      /* records/states mode; NULL for a summary */
	fin_arena arena;   /* stash, parsed outputs, the arrays of the data */
	stash_item *stash; /* open addressing by id */
	size_t n_stash, cap_stash;
	char *summary; /* a summary read whole (fin_malloc'd), or NULL */
	size_t summary_len;
	const char *summary_path;
	bool all_kinds;
	const char *kinds[KINDS_MAX + 1];
	size_t n_kinds;
	bool finished;
	long per_unit;  /* money records priced per unit, left out */
	long published; /* money records with a publication date */
};

/* A new input with its kinds and an aggregate of the groupings the
 * charts read (contract in finfig/plot.h). */
int fin_plot_input_new(fin_plot_input **out, const fin_plot_input_opts *o, fin_error *err)
{
	*out = NULL;
	fin_plot_input *in = fin_calloc(1, sizeof *in);
	if (!in)
		return fin_error_set(err, FIN_ENOMEM, "", 0, "out of memory");
	fin_arena_init(&in->arena, 64 * 1024);
	const char *kinds = o && o->kinds ? o->kinds : NULL;
	if (kinds && strcmp(kinds, "all") == 0) {
		in->all_kinds = true;
	} else if (kinds) {
		const char *s = kinds;
		while (*s) {
			const char *c = strchr(s, ',');
			size_t n = c ? (size_t)(c - s) : strlen(s);
			if (n == 0 || in->n_kinds == KINDS_MAX) {
				fin_plot_input_free(in);
				return fin_error_set(err, FIN_EINVAL, "", 0, "bad list of kinds: '%s'",
				                     kinds);
			}
			const char *k = fin_arena_strndup(&in->arena, s, n);
			if (!k) {
				fin_plot_input_free(in);
				return fin_error_set(err, FIN_ENOMEM, "", 0, "out of memory");
			}
			in->kinds[in->n_kinds++] = k;
			s = c ? c + 1 : s + n;
		}
	} else {
		for (const char *const *k = default_kinds; *k; k++)
			in->kinds[in->n_kinds++] = *k;
	}
	fin_agg_opts ao;
	memset(&ao, 0, sizeof ao);
	static const fin_agg_grouping groupings[] = {
	    {2, {FIN_DIM_MONTH, FIN_DIM_KIND}},
	    {2, {FIN_DIM_COMPANY, FIN_DIM_KIND}},
	    {1, {FIN_DIM_KIND}},
	};
	ao.n_groupings = 3;
	memcpy(ao.groupings, groupings, sizeof groupings);
	ao.by_given = 1;
	ao.window_days = o ? o->window_days : 0;
	int rc = fin_agg_new(&in->agg, &ao, err);
	if (rc) {
		fin_plot_input_free(in);
		return rc;
	}
	*out = in;
	return FIN_OK;
}

/* Free the input and everything fin_plot_input_finish() filled. */
void fin_plot_input_free(fin_plot_input *in)
{
	if (!in)
		return;
	fin_agg_free(in->agg);
	fin_free(in->stash);
	fin_free(in->summary);
	fin_arena_free(&in->arena);
	fin_free(in);
}

/* The kept record with this id, or NULL. */
static stash_item *stash_find(const fin_plot_input *in, const char *id)
{
	if (!in->cap_stash)
		return NULL;
	size_t mask = in->cap_stash - 1;
	for (size_t h = fin_hash_ci(id, strlen(id)) & mask;; h = (h + 1) & mask) {
		stash_item *it = &in->stash[h];
		if (!it->id)
			return NULL;
		if (strcmp(it->id, id) == 0)
			return it;
	}
}

/* Double the id table (rehashing). FIN_OK or FIN_ENOMEM. */
static int stash_grow(fin_plot_input *in)
{
	size_t ncap = in->cap_stash ? in->cap_stash * 2 : 1024;
	stash_item *nv = fin_calloc(ncap, sizeof *nv);
	if (!nv)
		return FIN_ENOMEM;
	for (size_t i = 0; i < in->cap_stash; i++) {
		stash_item *it = &in->stash[i];
		if (!it->id)
			continue;
		size_t h = fin_hash_ci(it->id, strlen(it->id)) & (ncap - 1);
		while (nv[h].id)
			h = (h + 1) & (ncap - 1);
		nv[h] = *it;
	}
	fin_free(in->stash);
	in->stash = nv;
	in->cap_stash = ncap;
	return FIN_OK;
}

/* True when s[0..n) holds the bytes of lit. */
static bool has_bytes(const char *s, size_t n, const char *lit)
{
	size_t m = strlen(lit);
	for (size_t i = 0; i + m <= n; i++)
		if (s[i] == lit[0] && memcmp(s + i, lit, m) == 0)
			return true;
	return false;
}

/* Keep the amount as written and the source of a money record line. A
 * line that is not a money record is left to the aggregate. *per_unit is
 * set for a money record priced per unit ("$45 a share"). */
static int stash_line(fin_plot_input *in, const char *line, size_t len, bool *per_unit)
{
	*per_unit = false;
	/* Only objects whose type is money: a cheap test before parsing. */
	if (len < 16 || line[0] != '{' || !has_bytes(line, len, "\"money\""))
		return FIN_OK;
	fin_arena tmp;
	fin_arena_init(&tmp, 4096);
	jv o;
	int rc = j_parse(&tmp, line, len, &o);
	if (rc != FIN_OK) {
		fin_arena_free(&tmp);
		return rc == FIN_ENOMEM ? rc : FIN_OK; /* the aggregate reports bad lines */
	}
	const char *type = j_getstr(&o, "type"), *id = j_getstr(&o, "id");
	const char *text = j_getstr(&o, "text"), *source = j_getstr(&o, "source");
	const char *cur = j_getstr(&o, "currency");
	rc = FIN_OK;
	if (type && strcmp(type, "money") == 0 && j_getstr(&o, "published"))
		in->published++;
	if (type && strcmp(type, "money") == 0 && j_getstr(&o, "unit")) {
		*per_unit = true;
		fin_arena_free(&tmp);
		return FIN_OK;
	}
	if (type && strcmp(type, "money") == 0 && id && text && !stash_find(in, id)) {
		if ((in->n_stash + 1) * 2 > in->cap_stash)
			rc = stash_grow(in);
		if (rc == FIN_OK) {
			stash_item it;
			memset(&it, 0, sizeof it);
			it.id = fin_arena_strndup(&in->arena, id, strlen(id));
			it.text = fin_arena_strndup(&in->arena, text, strlen(text));
			it.source = source ? fin_arena_strndup(&in->arena, source, strlen(source)) : NULL;
			if (cur && strlen(cur) == 3)
				memcpy(it.currency, cur, 4);
			it.has_value = j_dec(j_get(&o, "value"), 18, &it.value) ||
			               j_dec(j_get(&o, "min"), 18, &it.value);
			if (!it.id || !it.text || (source && !it.source)) {
				rc = FIN_ENOMEM;
			} else {
				size_t mask = in->cap_stash - 1;
				size_t h = fin_hash_ci(it.id, strlen(it.id)) & mask;
				while (in->stash[h].id)
					h = (h + 1) & mask;
				in->stash[h] = it;
				in->n_stash++;
			}
		}
	}
	fin_arena_free(&tmp);
	return rc;
}

/* One record or state line (contract in finfig/plot.h). */
int fin_plot_input_line(fin_plot_input *in, const char *line, size_t len, const char *path, long lineno,
                        fin_error *err)
{
	if (in->finished || in->summary)
		return fin_error_set(err, FIN_EINVAL, path, lineno, "records cannot be mixed with a summary");
	bool per_unit;
	int rc = stash_line(in, line, len, &per_unit);
	if (rc)
		return fin_error_set(err, rc, path, lineno, "out of memory");
	/* A price per share or per barrel is not the size of a deal: it
	 * stays out of the aggregate (it could only join events of its own
	 * unit, so the other events do not change). */
	if (per_unit) {
		in->per_unit++;
		return FIN_OK;
	}
	return fin_agg_line(in->agg, line, len, path, lineno, err);
}

/* A whole summary (contract in finfig/plot.h); kept until finish. */
int fin_plot_input_summary(fin_plot_input *in, const char *text, size_t len, const char *path, fin_error *err)
{
	fin_agg_stats st;
	fin_agg_get_stats(in->agg, &st);
	if (in->finished || in->summary || st.lines > 0)
		return fin_error_set(err, FIN_EINVAL, path, 0,
		                     "a summary cannot be mixed with records or another summary");
	in->summary = fin_strndup(text, len);
	if (!in->summary)
		return fin_error_set(err, FIN_ENOMEM, path, 0, "out of memory");
	in->summary_len = len;
	in->summary_path = fin_arena_strndup(&in->arena, path ? path : "", path ? strlen(path) : 0);
	return in->summary_path ? FIN_OK : fin_error_set(err, FIN_ENOMEM, path, 0, "out of memory");
}

/* ====================================================================== */
/* Filling the data                                                        */
/* ====================================================================== */

/* Growable arrays of the result (arena storage). */
typedef struct fill {
	fin_plot_input *in;
	fin_plot_data *d;
	fin_plot_month *months;
	size_t n_months, cap_months;
	fin_plot_group *companies;
	size_t n_companies, cap_companies;
	fin_plot_group *currencies;
	size_t n_currencies, cap_currencies;
	fin_plot_deal *deals;
	size_t n_deals, cap_deals;
	bool kinds_seen;   /* some group has a kind */
	bool unclassified; /* count events without a kind (nothing is classified) */
} fill;

/* Does an event of this kind count as a deal? */
static bool kind_counts(const fill *f, const char *kind)
{
	if (f->in->all_kinds)
		return true;
	if (!kind)
		return f->unclassified;
	for (size_t i = 0; i < f->in->n_kinds; i++)
		if (strcmp(f->in->kinds[i], kind) == 0)
			return true;
	return false;
}

/* Room for one more element in an arena array. */
static int grow(fill *f, void **arr, size_t *cap, size_t n, size_t elem)
{
	return n < *cap ? FIN_OK : fin_arena_grow(&f->in->arena, arr, cap, n, elem);
}

static const char *arena_str(fill *f, const char *s)
{
	return s ? fin_arena_strndup(&f->in->arena, s, strlen(s)) : NULL;
}

/* The grouping of the summary with exactly these dimension names. */
static const jv *grouping(const jv *sum, const char *a, const char *b)
{
	const jv *gs = j_get(sum, "groupings");
	if (!gs || gs->t != J_ARR)
		return NULL;
	for (size_t i = 0; i < gs->n; i++) {
		const jv *by = j_get(&gs->items[i], "by");
		if (!by || by->t != J_ARR || by->n != (b ? 2u : 1u))
			continue;
		if (by->items[0].t != J_STR || strcmp(by->items[0].s, a) != 0)
			continue;
		if (b && (by->items[1].t != J_STR || strcmp(by->items[1].s, b) != 0))
			continue;
		const jv *groups = j_get(&gs->items[i], "groups");
		return groups && groups->t == J_ARR ? groups : NULL;
	}
	return NULL;
}

/* Count and USD total of one group. */
static void group_stats(const jv *g, long *count, long *usd_count, fin_decimal *usd)
{
	*count = j_long(j_get(g, "count"));
	const jv *u = j_get(g, "usd");
	*usd_count = j_long(j_get(u, "count"));
	if (!j_dec(j_get(u, "total"), 2, usd))
		*usd = (fin_decimal){0, 0};
}

/* Does any group of this grouping have a kind? */
static bool any_kind(const jv *groups)
{
	for (size_t i = 0; groups && i < groups->n; i++)
		if (j_getstr(&groups->items[i], "kind"))
			return true;
	return false;
}

/* *acc += x (left unchanged when the sum would overflow). */
static void add_dec(fin_decimal *acc, fin_decimal x)
{
	fin_decimal r;
	if (fin_decimal_add(*acc, x, &r) == FIN_OK)
		*acc = r;
}

/* The months of the kinds that count, from the month x kind groups
 * (or the month groups of a summary without kinds). */
static int fill_months(fill *f, const jv *sum)
{
	const jv *g = grouping(sum, "month", "kind");
	bool by_kind = g != NULL;
	if (!g)
		g = grouping(sum, "month", NULL);
	for (size_t i = 0; g && i < g->n; i++) {
		const jv *x = &g->items[i];
		const char *m = j_getstr(x, "month");
		if (by_kind && !kind_counts(f, j_getstr(x, "kind")))
			continue;
		long count, usd_count;
		fin_decimal usd;
		group_stats(x, &count, &usd_count, &usd);
		fin_ymd ymd = {0, 0, 0};
		if (m && strlen(m) == 7 && fin_is_digit((unsigned char)m[0]) && m[4] == '-') {
			ymd.year = (int16_t)((m[0] - '0') * 1000 + (m[1] - '0') * 100 + (m[2] - '0') * 10 +
			                     (m[3] - '0'));
			ymd.month = (int8_t)((m[5] - '0') * 10 + (m[6] - '0'));
			ymd.day = 1;
		}
		if (!ymd.year || ymd.month < 1 || ymd.month > 12)
			continue; /* undated: not on the month chart */
		f->d->events_dated += count;
		/* Months of several kinds: one entry each; the chart adds them up. */
		if (grow(f, (void **)&f->months, &f->cap_months, f->n_months, sizeof *f->months))
			return FIN_ENOMEM;
		f->months[f->n_months++] = (fin_plot_month){ymd, usd, count};
	}
	return FIN_OK;
}

/* The companies of the kinds that count, from the company x kind groups
 * (or company groups): the kinds of a company are added up. */
static int fill_companies(fill *f, const jv *sum)
{
	const jv *g = grouping(sum, "company", "kind");
	bool by_kind = g != NULL;
	if (!g)
		g = grouping(sum, "company", NULL);
	/* Groups come sorted by key: a company's kinds are adjacent. */
	for (size_t i = 0; g && i < g->n; i++) {
		const jv *x = &g->items[i];
		const char *c = j_getstr(x, "company");
		if (!c || (by_kind && !kind_counts(f, j_getstr(x, "kind"))))
			continue;
		long count, usd_count;
		fin_decimal usd;
		group_stats(x, &count, &usd_count, &usd);
		if (f->n_companies && strcmp(f->companies[f->n_companies - 1].name, c) == 0) {
			fin_plot_group *last = &f->companies[f->n_companies - 1];
			add_dec(&last->usd, usd);
			last->count += count;
			continue;
		}
		if (grow(f, (void **)&f->companies, &f->cap_companies, f->n_companies, sizeof *f->companies))
			return FIN_ENOMEM;
		const char *name = arena_str(f, c);
		if (!name)
			return FIN_ENOMEM;
		f->companies[f->n_companies++] = (fin_plot_group){name, usd, count};
	}
	return FIN_OK;
}

/* Headline counts of the kinds that count, and the currency mix (every
 * kind: it describes the amounts, not the deals). */
static int fill_totals(fill *f, const jv *sum)
{
	fin_plot_data *d = f->d;
	const jv *total = j_get(sum, "total");
	d->amounts = j_long(j_get(sum, "records")) + f->in->per_unit;
	const jv *g = grouping(sum, "kind", NULL);
	if (g) {
		d->events = d->events_usd = 0;
		d->total_usd = (fin_decimal){0, 0};
		for (size_t i = 0; i < g->n; i++) {
			const jv *x = &g->items[i];
			if (!kind_counts(f, j_getstr(x, "kind")))
				continue;
			long count, usd_count;
			fin_decimal usd;
			group_stats(x, &count, &usd_count, &usd);
			d->events += count;
			d->events_usd += usd_count;
			add_dec(&d->total_usd, usd);
		}
	} else if (total) {
		group_stats(total, &d->events, &d->events_usd, &d->total_usd);
	}
	const jv *cur = j_get(total, "currencies");
	for (size_t i = 0; cur && cur->t == J_OBJ && i < cur->n; i++) {
		if (grow(f, (void **)&f->currencies, &f->cap_currencies, f->n_currencies,
		         sizeof *f->currencies))
			return FIN_ENOMEM;
		const char *code = arena_str(f, cur->keys[i]);
		if (!code)
			return FIN_ENOMEM;
		fin_decimal zero = {0, 0};
		f->currencies[f->n_currencies++] =
		    (fin_plot_group){code, zero, j_long(j_get(&cur->items[i], "count"))};
	}
	return FIN_OK;
}

/* USD of a deal: the value, or the midpoint of a range. */
static bool deal_usd(const char *v, const char *lo, const char *hi, fin_decimal *out)
{
	fin_decimal a, b;
	if (v && *v)
		return fin_decimal_parse(v, strlen(v), out) == FIN_OK;
	if (lo && *lo && hi && *hi && fin_decimal_parse(lo, strlen(lo), &a) == FIN_OK &&
	    fin_decimal_parse(hi, strlen(hi), &b) == FIN_OK) {
		fin_decimal s;
		if (fin_decimal_add(a, b, &s) != FIN_OK)
			return false;
		return fin_decimal_mul(s, (fin_decimal){5, -1}, out) == FIN_OK;
	}
	return false;
}

/* "YYYY-MM-DD" or nothing. */
static fin_ymd parse_date(const char *s)
{
	fin_ymd d = {0, 0, 0};
	if (s && fin_ymd_parse(s, strlen(s), &d) != FIN_OK)
		d = (fin_ymd){0, 0, 0};
	return d;
}

/* Split "A;B" into an arena array. */
static int split_companies(fill *f, const char *list, const char *const **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	if (!list || !*list)
		return FIN_OK;
	size_t k = 1;
	for (const char *p = list; *p; p++)
		k += *p == ';';
	const char **v = fin_arena_calloc(&f->in->arena, k, sizeof *v);
	if (!v)
		return FIN_ENOMEM;
	const char *s = list;
	for (size_t i = 0; i < k; i++) {
		const char *c = strchr(s, ';');
		size_t len = c ? (size_t)(c - s) : strlen(s);
		v[i] = fin_arena_strndup(&f->in->arena, s, len);
		if (!v[i])
			return FIN_ENOMEM;
		s = c ? c + 1 : s + len;
	}
	*out = v;
	*n = k;
	return FIN_OK;
}

/* The amount as written of an event: the member record with the event's
 * currency and value (its representative), else the first member kept. */
static void attach_text(fill *f, fin_plot_deal *x, const char *members, const char *cur, const char *value)
{
	fin_decimal want;
	bool has_want = value && *value && fin_decimal_parse(value, strlen(value), &want) == FIN_OK;
	const stash_item *first = NULL;
	const char *s = members ? members : "";
	char id[512];
	while (*s) {
		const char *c = strchr(s, ';');
		size_t len = c ? (size_t)(c - s) : strlen(s);
		if (len < sizeof id) {
			memcpy(id, s, len);
			id[len] = '\0';
			const stash_item *it = stash_find(f->in, id);
			if (it) {
				if (!first)
					first = it;
				if (cur && strcmp(it->currency, cur) == 0 &&
				    (!has_want || (it->has_value && fin_decimal_cmp(it->value, want) == 0))) {
					first = it;
					break;
				}
			}
		}
		s = c ? c + 1 : s + len;
	}
	if (first) {
		x->text = first->text;
		x->source = first->source;
	}
}

/* Column indexes of the event list, by name (the header says). */
enum {
	EV_ID,
	EV_DATE,
	EV_CUR,
	EV_VALUE,
	EV_MIN,
	EV_MAX,
	EV_USD,
	EV_MINUSD,
	EV_MAXUSD,
	EV_COMPANIES,
	EV_KIND,
	EV_UNIT,
	EV_MENTIONS,
	EV_MEMBERS,
	EV_N
};

static const char *const ev_names[EV_N] = {"event", "date",      "currency", "value",   "min",
                                           "max",   "value_usd", "min_usd",  "max_usd", "companies",
                                           "kind",  "unit",      "mentions", "members"};

/* The deal list from the aggregate's event CSV: the kinds that count,
 * no per-unit prices, the USD value (a range at its midpoint), the
 * companies, and the amount as written and source of the representative
 * record. */
static int fill_events(fill *f, const char *csv, size_t len)
{
	size_t pos = 0;
	csv_row row;
	int col[EV_N];
	int rc = csv_next(&f->in->arena, csv, len, &pos, &row);
	if (rc <= 0)
		return rc < 0 ? FIN_ENOMEM : FIN_OK;
	for (int k = 0; k < EV_N; k++) {
		col[k] = -1;
		for (size_t c = 0; c < row.n; c++)
			if (strcmp(row.cell[c], ev_names[k]) == 0)
				col[k] = (int)c;
		if (col[k] < 0)
			return FIN_EPARSE;
	}
	while ((rc = csv_next(&f->in->arena, csv, len, &pos, &row)) > 0) {
		if (row.n < EV_N)
			continue;
#define CELL(k) (row.cell[col[k]])
		const char *kind = CELL(EV_KIND)[0] ? CELL(EV_KIND) : NULL;
		/* Prices per share, per barrel...: not the size of a deal. */
		if (!kind_counts(f, kind) || CELL(EV_UNIT)[0])
			continue;
		if (grow(f, (void **)&f->deals, &f->cap_deals, f->n_deals, sizeof *f->deals))
			return FIN_ENOMEM;
		fin_plot_deal *x = &f->deals[f->n_deals];
		memset(x, 0, sizeof *x);
		x->date = parse_date(CELL(EV_DATE));
		x->has_usd = deal_usd(CELL(EV_USD), CELL(EV_MINUSD), CELL(EV_MAXUSD), &x->usd);
		x->kind = kind;
		x->currency = CELL(EV_CUR)[0] ? CELL(EV_CUR) : NULL;
		x->doc = NULL;
		fin_decimal mentions;
		const char *mc = CELL(EV_MENTIONS);
		x->mentions = fin_decimal_parse(mc, strlen(mc), &mentions) == FIN_OK && mentions.exp == 0
		                  ? (long)mentions.sig
		                  : 0;
		if (split_companies(f, csv_text(CELL(EV_COMPANIES)), &x->companies, &x->n_companies))
			return FIN_ENOMEM;
		attach_text(f, x, CELL(EV_MEMBERS), x->currency,
		            CELL(EV_VALUE)[0] ? CELL(EV_VALUE) : CELL(EV_MIN));
		/* The doc of the event: the part of its id before '#'. */
		const char *id = csv_text(CELL(EV_ID));
		const char *hash = strrchr(id, '#');
		x->doc = fin_arena_strndup(&f->in->arena, id, hash ? (size_t)(hash - id) : strlen(id));
		if (!x->doc)
			return FIN_ENOMEM;
#undef CELL
		f->n_deals++;
	}
	return rc < 0 ? FIN_ENOMEM : FIN_OK;
}

/* A short amount for a deal known only from a summary: "DEM 250m". */
static const char *short_amount(fill *f, const char *cur, fin_decimal v)
{
	char t[48], out[64];
	fin_plot_usd_short(v, t, sizeof t);
	const char *num = t[0] == '$' ? t + 1 : t;
	if (cur && strcmp(cur, "USD") == 0)
		snprintf(out, sizeof out, "$%s", num);
	else
		snprintf(out, sizeof out, "%s %s", cur ? cur : "", num);
	return arena_str(f, out);
}

/* Deals from a summary's top list (no event list in a summary). */
static int fill_top(fill *f, const jv *sum)
{
	const jv *top = j_get(sum, "top");
	for (size_t i = 0; top && top->t == J_ARR && i < top->n; i++) {
		const jv *t = &top->items[i];
		const char *kind = j_getstr(t, "kind");
		const char *unit = j_getstr(t, "unit");
		if (!kind_counts(f, kind) || (unit && *unit))
			continue;
		if (grow(f, (void **)&f->deals, &f->cap_deals, f->n_deals, sizeof *f->deals))
			return FIN_ENOMEM;
		fin_plot_deal *x = &f->deals[f->n_deals];
		memset(x, 0, sizeof *x);
		x->date = parse_date(j_getstr(t, "date"));
		fin_decimal lo, hi, s;
		if (j_dec(j_get(t, "value_usd"), 2, &x->usd)) {
			x->has_usd = 1;
		} else if (j_dec(j_get(t, "min_usd"), 2, &lo) && j_dec(j_get(t, "max_usd"), 2, &hi) &&
		           fin_decimal_add(lo, hi, &s) == FIN_OK &&
		           fin_decimal_mul(s, (fin_decimal){5, -1}, &x->usd) == FIN_OK) {
			x->has_usd = 1;
		}
		x->kind = arena_str(f, kind);
		x->currency = arena_str(f, j_getstr(t, "currency"));
		x->doc = arena_str(f, j_getstr(t, "doc"));
		x->mentions = j_long(j_get(t, "mentions"));
		fin_decimal v;
		if (j_dec(j_get(t, "value"), 6, &v) || j_dec(j_get(t, "min"), 6, &v))
			x->text = short_amount(f, x->currency, v);
		const jv *cs = j_get(t, "companies");
		if (cs && cs->t == J_ARR && cs->n) {
			const char **names = fin_arena_calloc(&f->in->arena, cs->n, sizeof *names);
			if (!names)
				return FIN_ENOMEM;
			for (size_t k = 0; k < cs->n; k++)
				if (cs->items[k].t == J_STR &&
				    !(names[x->n_companies++] = arena_str(f, cs->items[k].s)))
					return FIN_ENOMEM;
			x->companies = names;
		}
		if ((kind && !x->kind) || !x->doc)
			return FIN_ENOMEM;
		f->n_deals++;
	}
	return FIN_OK;
}

/* Capture what fn writes to a FILE * into a fin_malloc'd buffer. The
 * aggregate writes its results only to streams; a memory stream reads them
 * back without a temporary file (its buffer is the C library's, freed with
 * free()). */
static int capture(fin_agg *g, int (*fn)(fin_agg *, FILE *), char **out, size_t *len)
{
	char *p = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&p, &n);
	if (!f)
		return FIN_ENOMEM;
	int rc = fn(g, f);
	if (fclose(f) != 0 && rc == FIN_OK)
		rc = FIN_ENOMEM;
	if (rc) {
		free(p); /* open_memstream's buffer comes from malloc */
		return rc;
	}
	*out = fin_strndup(p ? p : "", n);
	free(p);
	*len = n;
	return *out ? FIN_OK : FIN_ENOMEM;
}

static const char *describe(fill *f, bool from_summary, size_t top_n)
{
	fin_buf b;
	fin_buf_init(&b, 4096);
	fin_buf_puts(&b, "Deals are events (a deal reported several times counts once)");
	if (f->in->all_kinds) {
		fin_buf_puts(&b, " of every kind");
	} else if (f->unclassified) {
		fin_buf_puts(&b, "; the amounts carry no kind, so all of them count");
	} else {
		fin_buf_puts(&b, " of kind ");
		for (size_t i = 0; i < f->in->n_kinds; i++) {
			if (i)
				fin_buf_puts(&b, i + 1 == f->in->n_kinds ? " or " : ", ");
			fin_buf_puts(&b, f->in->kinds[i]);
		}
	}
	fin_buf_puts(&b, "; prices per unit (a share, a barrel) are not deal sizes and are left out");
	if (from_summary)
		fin_buf_printf(&b, "; read from a summary: the deal charts show its top %zu deals only",
		               top_n);
	const char *s = b.failed ? NULL : arena_str(f, b.ptr);
	fin_buf_free(&b);
	return s;
}

/* Finish the aggregate, read its summary (and event list) back and fill
 * *d (contract in finfig/plot.h). */
int fin_plot_input_finish(fin_plot_input *in, fin_plot_data *d, fin_error *err)
{
	memset(d, 0, sizeof *d);
	d->articles = -1;
	d->amounts_published = in->summary ? -1 : in->published;
	if (in->finished)
		return fin_error_set(err, FIN_EINVAL, "", 0, "input already finished");
	in->finished = true;
	char *sum_text = NULL, *ev_text = NULL;
	size_t sum_len = 0, ev_len = 0;
	const char *what_path = in->summary_path ? in->summary_path : "";
	int rc;
	if (in->summary) {
		sum_text = in->summary;
		sum_len = in->summary_len;
		in->summary = NULL;
	} else {
		rc = fin_agg_finish(in->agg, err);
		if (rc)
			return rc;
		rc = capture(in->agg, fin_agg_write_json, &sum_text, &sum_len);
		if (rc == FIN_OK)
			rc = capture(in->agg, fin_agg_write_events_csv, &ev_text, &ev_len);
		if (rc) {
			fin_free(sum_text);
			return fin_error_set(err, rc, "", 0, "reading the aggregate back: %s",
			                     fin_strerror(rc));
		}
	}
	jv sum;
	rc = j_parse(&in->arena, sum_text, sum_len, &sum);
	const char *finfig = rc == FIN_OK ? j_getstr(&sum, "finfig") : NULL;
	if (rc == FIN_OK && (!finfig || strcmp(finfig, "summary") != 0))
		rc = FIN_EPARSE;
	fill f;
	memset(&f, 0, sizeof f);
	f.in = in;
	f.d = d;
	if (rc == FIN_OK) {
		/* When nothing has a kind (linking was off), every event counts. */
		const jv *gk = grouping(&sum, "kind", NULL);
		f.kinds_seen = any_kind(gk) || any_kind(grouping(&sum, "month", "kind"));
		f.unclassified = !f.kinds_seen && !in->all_kinds;
		rc = fill_totals(&f, &sum);
	}
	if (rc == FIN_OK)
		rc = fill_months(&f, &sum);
	if (rc == FIN_OK)
		rc = fill_companies(&f, &sum);
	if (rc == FIN_OK)
		rc = ev_text ? fill_events(&f, ev_text, ev_len) : fill_top(&f, &sum);
	if (rc == FIN_OK) {
		const jv *top = j_get(&sum, "top");
		d->what = describe(&f, ev_text == NULL, top && top->t == J_ARR ? top->n : 0);
		if (!d->what)
			rc = FIN_ENOMEM;
	}
	fin_free(sum_text);
	fin_free(ev_text);
	if (rc)
		return fin_error_set(err, rc, what_path, 0, "%s",
		                     rc == FIN_EPARSE ? "not a finfig summary" : fin_strerror(rc));
	d->months = f.months;
	d->n_months = f.n_months;
	d->companies = f.companies;
	d->n_companies = f.n_companies;
	d->currencies = f.currencies;
	d->n_currencies = f.n_currencies;
	d->deals = f.deals;
	d->n_deals = f.n_deals;
	return FIN_OK;
}

/* Counts of the aggregate (contract in finfig/plot.h). */
void fin_plot_input_stats(const fin_plot_input *in, long *lines, long *records, long *invalid)
{
	fin_agg_stats st;
	fin_agg_get_stats(in->agg, &st);
	*lines = st.lines;
	*records = st.records;
	*invalid = st.invalid;
}
