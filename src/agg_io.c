/*
 * agg_io.c — aggregation input and output: a small JSON reader that keeps
 * numbers as their text (so decimals stay exact), money records and state
 * lines in, the summary (JSON, CSV), events.csv, the state, and records
 * annotated with their event ids out.
 */
#include "agg_int.h"
#include "out.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* ====================================================================== */
/* JSON values of one line                                                 */
/* ====================================================================== */

typedef enum { JV_NULL, JV_BOOL, JV_NUM, JV_STR, JV_ARR, JV_OBJ } jv_type;

typedef struct jv {
	jv_type t;
	int b;         /* JV_BOOL */
	const char *s; /* JV_STR: unescaped, NUL-terminated; JV_NUM: the text */
	size_t n;
	const char *key; /* member name inside an object (unescaped) */
	size_t keyn;
	struct jv *kid; /* JV_ARR, JV_OBJ */
	size_t nkid;
} jv;

typedef struct jparser {
	const char *p, *e;
	fin_arena *a;
	int depth;
	int oom;
} jparser;

#define JSON_MAX_DEPTH 16

/* Skip JSON white space. */
static void jws(jparser *j)
{
	while (j->p < j->e && (*j->p == ' ' || *j->p == '\t' || *j->p == '\n' || *j->p == '\r'))
		j->p++;
}

/* A string at j->p (the opening quote), unescaped into the arena. */
static int jstring(jparser *j, const char **s, size_t *n)
{
	if (j->p >= j->e || *j->p != '"')
		return -1;
	j->p++;
	const char *start = j->p;
	/* Fast path: no escapes. */
	const char *q = start;
	while (q < j->e && *q != '"' && *q != '\\' && (unsigned char)*q >= 0x20)
		q++;
	if (q < j->e && *q == '"') {
		char *c = fin_arena_strndup(j->a, start, (size_t)(q - start));
		if (!c) {
			j->oom = 1;
			return -1;
		}
		*s = c;
		*n = (size_t)(q - start);
		j->p = q + 1;
		return 0;
	}
	fin_buf b;
	fin_buf_init(&b, 0);
	while (j->p < j->e && *j->p != '"') {
		unsigned char c = (unsigned char)*j->p;
		if (c < 0x20)
			goto bad;
		if (c != '\\') {
			fin_buf_putc(&b, (char)c);
			j->p++;
			continue;
		}
		j->p = fin_json_escape(&b, j->p + 1, j->e);
		if (!j->p)
			goto bad;
	}
	if (j->p >= j->e || b.failed)
		goto bad;
	j->p++;
	*s = fin_arena_strndup(j->a, b.ptr ? b.ptr : "", b.len);
	*n = b.len;
	fin_buf_free(&b);
	if (!*s) {
		j->oom = 1;
		return -1;
	}
	return 0;
bad:
	if (b.failed == FIN_ENOMEM)
		j->oom = 1;
	fin_buf_free(&b);
	return -1;
}

/* One JSON value at j->p into *out (numbers keep their text). 0 or -1. */
static int jvalue(jparser *j, jv *out);

/* Members or elements of an object or array, collected in the arena. */
static int jcompound(jparser *j, jv *out, bool obj)
{
	char close = obj ? '}' : ']';
	j->p++;
	if (++j->depth > JSON_MAX_DEPTH)
		return -1;
	jv *kids = NULL;
	size_t n = 0, cap = 0;
	jws(j);
	if (j->p < j->e && *j->p == close) {
		j->p++;
	} else {
		for (;;) {
			if (n == cap && fin_arena_grow(j->a, (void **)&kids, &cap, n, sizeof *kids)) {
				j->oom = 1;
				return -1;
			}
			jv *k = &kids[n];
			memset(k, 0, sizeof *k);
			jws(j);
			if (obj) {
				if (jstring(j, &k->key, &k->keyn))
					return -1;
				jws(j);
				if (j->p >= j->e || *j->p != ':')
					return -1;
				j->p++;
			}
			const char *key = k->key;
			size_t keyn = k->keyn;
			if (jvalue(j, k))
				return -1;
			k->key = key;
			k->keyn = keyn;
			n++;
			jws(j);
			if (j->p < j->e && *j->p == ',') {
				j->p++;
				continue;
			}
			if (j->p < j->e && *j->p == close) {
				j->p++;
				break;
			}
			return -1;
		}
	}
	j->depth--;
	out->t = obj ? JV_OBJ : JV_ARR;
	out->kid = kids;
	out->nkid = n;
	return 0;
}

/* One JSON value at j->p into *out (numbers keep their text). 0 or -1. */
static int jvalue(jparser *j, jv *out)
{
	jws(j);
	if (j->p >= j->e)
		return -1;
	char c = *j->p;
	if (c == '{' || c == '[')
		return jcompound(j, out, c == '{');
	if (c == '"') {
		out->t = JV_STR;
		return jstring(j, &out->s, &out->n);
	}
	size_t left = (size_t)(j->e - j->p);
	if (left >= 4 && memcmp(j->p, "null", 4) == 0) {
		out->t = JV_NULL;
		j->p += 4;
		return 0;
	}
	if (left >= 4 && memcmp(j->p, "true", 4) == 0) {
		out->t = JV_BOOL;
		out->b = 1;
		j->p += 4;
		return 0;
	}
	if (left >= 5 && memcmp(j->p, "false", 5) == 0) {
		out->t = JV_BOOL;
		j->p += 5;
		return 0;
	}
	const char *s = j->p;
	if (*j->p == '-')
		j->p++;
	const char *digits = j->p;
	while (j->p < j->e && (fin_is_digit((unsigned char)*j->p) || *j->p == '.' || *j->p == 'e' ||
	                       *j->p == 'E' || *j->p == '+' || *j->p == '-'))
		j->p++;
	if (j->p == digits)
		return -1;
	out->t = JV_NUM;
	out->s = s;
	out->n = (size_t)(j->p - s);
	return 0;
}

/* Parse one JSON object from line[0..len). */
static int jparse(fin_arena *a, const char *line, size_t len, jv *out, int *oom)
{
	jparser j = {line, line + len, a, 0, 0};
	memset(out, 0, sizeof *out);
	int rc = jvalue(&j, out);
	jws(&j);
	*oom = j.oom;
	if (rc || j.p != j.e || out->t != JV_OBJ)
		return -1;
	return 0;
}

/* The member key of object o, or NULL. */
static const jv *jget(const jv *o, const char *key)
{
	if (!o || o->t != JV_OBJ)
		return NULL;
	size_t kl = strlen(key);
	for (size_t i = 0; i < o->nkid; i++)
		if (o->kid[i].keyn == kl && memcmp(o->kid[i].key, key, kl) == 0)
			return &o->kid[i];
	return NULL;
}

/* The string member `key`, or NULL (absent, null or not a string). */
static const char *jstr(const jv *o, const char *key)
{
	const jv *v = jget(o, key);
	return v && v->t == JV_STR ? v->s : NULL;
}

/* A number member as a decimal: 0 ok, 1 absent or null, -1 malformed. */
static int jdec(const jv *o, const char *key, fin_decimal *out)
{
	const jv *v = jget(o, key);
	if (!v || v->t == JV_NULL)
		return 1;
	/* Through a wide decimal: "4500000000000000000000" is 45e20, which
	 * fits a fin_decimal although its digits do not fit 64 bits. */
	fin_wide w;
	if (v->t != JV_NUM || fin_wide_parse(v->s, v->n, &w) || fin_wide_to_dec(&w, out))
		return -1;
	return 0;
}

/* A number value as a wide decimal. 0, or -1 when not an exact number. */
static int jwide(const jv *v, fin_wide *out)
{
	if (!v || v->t != JV_NUM)
		return -1;
	return fin_wide_parse(v->s, v->n, out) ? -1 : 0;
}

/* A non-negative integer value; -1 when not one. */
static long long jnum_count(const jv *v)
{
	if (!v || v->t != JV_NUM || !v->n)
		return -1;
	long long n = 0;
	for (size_t i = 0; i < v->n; i++) {
		if (!fin_is_digit((unsigned char)v->s[i]) || n > (long long)(INT64_MAX / 10 - 10))
			return -1;
		n = n * 10 + (v->s[i] - '0');
	}
	return n;
}

/* A non-negative integer member; -1 when absent or malformed. */
static long long jcount(const jv *o, const char *key)
{
	return jnum_count(jget(o, key));
}

/* ====================================================================== */
/* Money records in                                                        */
/* ====================================================================== */

static int str_cmp_sort(const void *pa, const void *pb)
{
	return strcmp(*(const char *const *)pa, *(const char *const *)pb);
}

/* An aggregation record from a parsed money record (or state record).
 * Strings: id/doc/eq point into the line; the rest are interned. */
static int rec_from_json(fin_agg *g, const jv *o, agg_rec *r, const char *path, long lineno, fin_error *err)
{
	memset(r, 0, sizeof *r);
	const char *id = jstr(o, "id");
	if (!id) {
		/* Hand-made records without ids: the place they came from. */
		char *t = fin_arena_alloc(&g->scratch, strlen(path) + 32);
		if (!t)
			return FIN_ENOMEM;
		snprintf(t, strlen(path) + 32, "%s:%ld", path, lineno);
		id = t;
	}
	r->id = id;
	const char *doc = jstr(o, "doc");
	if (!doc) {
		const char *h = strrchr(id, '#');
		doc = h ? fin_arena_strndup(&g->scratch, id, (size_t)(h - id)) : id;
		if (!doc)
			return FIN_ENOMEM;
	}
	r->doc = doc;
	const char *cur = jstr(o, "currency");
	if (!cur || strlen(cur) != 3 || !fin_is_upper((unsigned char)cur[0]) ||
	    !fin_is_upper((unsigned char)cur[1]) || !fin_is_upper((unsigned char)cur[2]))
		return fin_error_set(err, FIN_EPARSE, path, lineno, "money record without a currency code");
	memcpy(r->currency, cur, 4);
	int v = jdec(o, "value", &r->value);
	int lo = jdec(o, "min", &r->min), hi = jdec(o, "max", &r->max);
	if (v < 0 || lo < 0 || hi < 0)
		return fin_error_set(err, FIN_EPARSE, path, lineno, "a value is not an exact decimal");
	if (v == 1) {
		if (lo != 0 || hi != 0)
			return fin_error_set(err, FIN_EPARSE, path, lineno,
			                     "money record without value or min/max");
		r->is_range = 1;
	}
	const char *date = jstr(o, "date");
	if (!date || fin_ymd_parse(date, strlen(date), &r->date)) {
		memset(&r->date, 0, sizeof r->date);
		const char *pub = jstr(o, "published");
		if (pub && fin_ymd_parse(pub, strlen(pub), &r->date))
			memset(&r->date, 0, sizeof r->date);
	}
	bool usd_ok;
	if (!r->is_range) {
		int u = jdec(o, "value_usd", &r->usd);
		usd_ok = u == 0;
		if (u == 1 && strcmp(r->currency, "USD") == 0) {
			r->usd = r->value;
			usd_ok = true;
		}
	} else {
		int a = jdec(o, "min_usd", &r->min_usd), b = jdec(o, "max_usd", &r->max_usd);
		usd_ok = a == 0 && b == 0;
		if (a == 1 && b == 1 && strcmp(r->currency, "USD") == 0) {
			r->min_usd = r->min;
			r->max_usd = r->max;
			usd_ok = true;
		}
	}
	r->usd_reason = usd_ok ? AGG_USD_OK : r->date.year > 0 ? AGG_USD_NO_RATE : AGG_USD_NO_DATE;
	const char *kind = jstr(o, "kind"), *unit = jstr(o, "unit");
	r->kind = kind ? fin_agg_intern(g, kind, strlen(kind)) : NULL;
	r->unit = unit ? fin_agg_intern(g, unit, strlen(unit)) : NULL;
	r->eq = jstr(o, "equivalent_of");
	const jv *cs = jget(o, "companies");
	if (cs && cs->t == JV_ARR && cs->nkid) {
		const char **c = fin_arena_alloc(&g->scratch, cs->nkid * sizeof *c);
		if (!c)
			return FIN_ENOMEM;
		size_t n = 0;
		for (size_t i = 0; i < cs->nkid; i++)
			if (cs->kid[i].t == JV_STR && cs->kid[i].n &&
			    !(c[n++] = fin_agg_intern(g, cs->kid[i].s, cs->kid[i].n)))
				return FIN_ENOMEM;
		qsort(c, n, sizeof *c, str_cmp_sort);
		size_t u = 0;
		for (size_t i = 0; i < n; i++)
			if (!u || c[u - 1] != c[i])
				c[u++] = c[i];
		r->companies = c;
		r->n_companies = (uint32_t)u;
	}
	return g->oom ? FIN_ENOMEM : FIN_OK;
}

/* ====================================================================== */
/* State lines in                                                          */
/* ====================================================================== */

static int grouping_from_json(const jv *a, fin_agg_grouping *gp)
{
	memset(gp, 0, sizeof *gp);
	if (!a || a->t != JV_ARR || a->nkid > FIN_AGG_MAX_DIMS)
		return -1;
	for (size_t i = 0; i < a->nkid; i++) {
		fin_agg_grouping one;
		if (a->kid[i].t != JV_STR || fin_agg_parse_grouping(a->kid[i].s, &one) || one.n != 1)
			return -1;
		gp->dims[gp->n++] = one.dims[0];
	}
	return 0;
}

/* A state header: a mention-counting state needs --mentions and the same
 * groupings (taken from the state when none were given). */
static int state_header(fin_agg *g, const jv *o, const char *path, long lineno, fin_error *err)
{
	if (jcount(o, "version") != 1)
		return fin_error_set(err, FIN_EINVAL, path, lineno, "state of an unknown version");
	const char *counting = jstr(o, "counting");
	bool mentions = counting && strcmp(counting, "mentions") == 0;
	if (!mentions && !(counting && strcmp(counting, "events") == 0))
		return fin_error_set(err, FIN_EINVAL, path, lineno, "state without 'counting'");
	if (!mentions)
		return FIN_OK; /* records follow: any options can take them */
	if (!g->o.mentions)
		return fin_error_set(err, FIN_EINVAL, path, lineno,
		                     "this state counted mentions: aggregate it with --mentions");
	const jv *gs = jget(o, "groupings");
	fin_agg_opts st = g->o;
	st.n_groupings = 0;
	for (size_t i = 0; gs && gs->t == JV_ARR && i < gs->nkid; i++) {
		if (st.n_groupings == FIN_AGG_MAX_GROUPINGS ||
		    grouping_from_json(&gs->kid[i], &st.groupings[st.n_groupings]))
			return fin_error_set(err, FIN_EINVAL, path, lineno, "state with bad groupings");
		st.n_groupings++;
	}
	bool same = st.n_groupings == g->o.n_groupings;
	for (int i = 0; same && i < st.n_groupings; i++)
		same = st.groupings[i].n == g->o.groupings[i].n &&
		       memcmp(st.groupings[i].dims, g->o.groupings[i].dims,
		              sizeof(fin_agg_dim) * (size_t)st.groupings[i].n) == 0;
	if (same)
		return FIN_OK;
	if (!g->o.by_given && g->state_counting < 0 && g->counted == 0 && g->records == 0) {
		/* No --by given: take the state's. */
		g->o.n_groupings = st.n_groupings;
		memcpy(g->o.groupings, st.groupings, sizeof st.groupings);
		g->o.by_given = 1;
		return FIN_OK;
	}
	return fin_error_set(err, FIN_EINVAL, path, lineno,
	                     "this state was made with other --by groupings; use the same ones");
}

/* Merge one accumulator of a state line into a. */
static int acc_from_json(fin_agg *g, agg_acc *a, const jv *o)
{
	long long n = jcount(o, "n");
	if (n < 0)
		return -1;
	if (n == 0)
		return 0;
	fin_wide sum, mn, mx;
	const char *min_id = jstr(o, "min_id"), *max_id = jstr(o, "max_id");
	if (jwide(jget(o, "sum"), &sum) || jwide(jget(o, "min"), &mn) || jwide(jget(o, "max"), &mx) ||
	    !min_id || !max_id)
		return -1;
	const jv *vals = jget(o, "values");
	if (!vals || vals->t != JV_ARR)
		return -1;
	uint64_t total = 0;
	for (size_t i = 0; i < vals->nkid; i++) {
		const jv *p = &vals->kid[i];
		fin_wide v;
		long long c = p->t == JV_ARR && p->nkid == 2 ? jnum_count(&p->kid[1]) : -1;
		if (c <= 0 || jwide(&p->kid[0], &v))
			return -1;
		fin_agg_ms_add(g, &a->ms, &v, (uint64_t)c);
		total += (uint64_t)c;
	}
	if (total != (uint64_t)n)
		return -1;
	a->n += (uint64_t)n;
	fin_wide_add(&a->sum, &sum);
	fin_agg_acc_merge_minmax(g, a, &mn, min_id, &mx, max_id);
	return 0;
}

/* Merge one group line of a state into its group. */
static int state_group(fin_agg *g, const jv *o, const char *path, long lineno, fin_error *err)
{
	long long gi = jcount(o, "grouping");
	const jv *key = jget(o, "key");
	if (gi < 0 || gi > g->o.n_groupings || !key || key->t != JV_ARR)
		return fin_error_set(err, FIN_EPARSE, path, lineno, "bad state group");
	int ndims = gi ? g->o.groupings[gi - 1].n : 0;
	if ((int)key->nkid != ndims)
		return fin_error_set(err, FIN_EPARSE, path, lineno, "state group key of the wrong size");
	const char *k[FIN_AGG_MAX_DIMS] = {NULL, NULL, NULL, NULL};
	for (int d = 0; d < ndims; d++) {
		const jv *e = &key->kid[d];
		if (e->t == JV_STR)
			k[d] = fin_agg_intern(g, e->s, e->n);
		else if (e->t != JV_NULL)
			return fin_error_set(err, FIN_EPARSE, path, lineno, "bad state group key");
	}
	agg_group *gr = fin_agg_group_get(g, (int)gi, k);
	if (!gr)
		return FIN_ENOMEM;
	long long count = jcount(o, "count"), mentions = jcount(o, "mentions");
	long long no_rate = jcount(o, "no_rate"), no_date = jcount(o, "no_date");
	if (count < 0 || mentions < 0 || no_rate < 0 || no_date < 0 ||
	    acc_from_json(g, &gr->usd, jget(o, "usd")))
		return fin_error_set(err, FIN_EPARSE, path, lineno, "bad state group counts");
	gr->count += (uint64_t)count;
	gr->mentions += (uint64_t)mentions;
	gr->no_rate += (uint64_t)no_rate;
	gr->no_date += (uint64_t)no_date;
	const jv *cs = jget(o, "currencies");
	for (size_t i = 0; cs && cs->t == JV_OBJ && i < cs->nkid; i++) {
		if (cs->kid[i].keyn != 3)
			return fin_error_set(err, FIN_EPARSE, path, lineno, "bad state currency");
		agg_cur *c = fin_agg_group_cur(g, gr, cs->kid[i].key);
		if (!c)
			return FIN_ENOMEM;
		if (acc_from_json(g, &c->acc, &cs->kid[i]))
			return fin_error_set(err, FIN_EPARSE, path, lineno, "bad state currency totals");
	}
	return g->oom ? FIN_ENOMEM : FIN_OK;
}

/* Add the counts line of a state to the totals. */
static int state_counts(fin_agg *g, const jv *o, const char *path, long lineno, fin_error *err)
{
	long long rec = jcount(o, "records"), cnt = jcount(o, "counted"), ok = jcount(o, "usd_ok");
	long long nr = jcount(o, "no_rate"), nd = jcount(o, "no_date");
	if (rec < 0 || cnt < 0 || ok < 0 || nr < 0 || nd < 0)
		return fin_error_set(err, FIN_EPARSE, path, lineno, "bad state counts");
	g->records += (long)rec;
	g->counted += (uint64_t)cnt;
	g->usd_ok += (uint64_t)ok;
	g->usd_no_rate += (uint64_t)nr;
	g->usd_no_date += (uint64_t)nd;
	return FIN_OK;
}

/* Offer a top deal of a state to the top list. */
static int state_top(fin_agg *g, const jv *o, const char *path, long lineno, fin_error *err)
{
	agg_rec r;
	int rc = rec_from_json(g, o, &r, path, lineno, err);
	if (rc)
		return rc;
	const char *ev = jstr(o, "event");
	long long mentions = jcount(o, "mentions");
	fin_wide usd;
	if (!ev || mentions < 0 || !fin_agg_rec_usd(&r, &usd))
		return fin_error_set(err, FIN_EPARSE, path, lineno, "bad state top deal");
	fin_agg_top_offer(g, &r, ev, r.companies, r.n_companies, r.kind, (uint64_t)mentions, &usd);
	return g->oom ? FIN_ENOMEM : FIN_OK;
}

/* Take one input line (see agg.h): a record, a state line, or something to
 * skip or refuse. */
int fin_agg_line(fin_agg *g, const char *line, size_t len, const char *path, long lineno, fin_error *err)
{
	g->lines++;
	fin_arena_reset(&g->scratch);
	/* Trim white space and JSON-array punctuation ("[", "]", a trailing
	 * comma) so that `finfig extract --format json` output reads too. */
	while (len && fin_is_space((unsigned char)*line))
		line++, len--;
	while (len && fin_is_space((unsigned char)line[len - 1]))
		len--;
	if (len && line[len - 1] == ',')
		len--;
	if (len == 0 || (len == 1 && (line[0] == '[' || line[0] == ']')))
		return FIN_OK;
	/* Company and date records (most lines of `extract --types all`) are
	 * skipped without parsing them. */
	static const char tp[] = "{\"type\":\"";
	if (len > sizeof tp && memcmp(line, tp, sizeof tp - 1) == 0) {
		const char *t = line + sizeof tp - 1;
		size_t left = len - (sizeof tp - 1);
		if (!(left > 6 && memcmp(t, "money\"", 6) == 0) &&
		    !(left > 7 && memcmp(t, "finfig-", 7) == 0)) {
			g->ignored++;
			return FIN_OK;
		}
	}
	jv o;
	int oom = 0;
	if (jparse(&g->scratch, line, len, &o, &oom)) {
		if (oom)
			return fin_error_set(err, FIN_ENOMEM, path, lineno, "out of memory");
		g->invalid++;
		return fin_error_set(err, FIN_EPARSE, path, lineno, "not a JSON object");
	}
	const char *type = jstr(&o, "type");
	int rc;
	if (type && strncmp(type, "finfig-", 7) == 0) {
		if (strcmp(type, "finfig-state") == 0)
			rc = state_header(g, &o, path, lineno, err);
		else if (g->state_counting != 1)
			/* Group lines mean nothing without their header. */
			rc = fin_error_set(err, FIN_EPARSE, path, lineno,
			                   "state line without a mentions state header");
		else if (strcmp(type, "finfig-group") == 0)
			rc = state_group(g, &o, path, lineno, err);
		else if (strcmp(type, "finfig-counts") == 0)
			rc = state_counts(g, &o, path, lineno, err);
		else if (strcmp(type, "finfig-top") == 0)
			rc = state_top(g, &o, path, lineno, err);
		else
			rc = fin_error_set(err, FIN_EPARSE, path, lineno, "unknown state line '%s'", type);
		if (!rc && strcmp(type, "finfig-state") == 0) {
			const char *counting = jstr(&o, "counting");
			g->state_counting = counting && strcmp(counting, "mentions") == 0;
		}
		if (rc == FIN_EPARSE)
			g->invalid++;
		return rc;
	}
	if (type && strcmp(type, "money") != 0) {
		g->ignored++;
		return FIN_OK;
	}
	if (!type && !jget(&o, "currency")) {
		g->invalid++;
		return fin_error_set(err, FIN_EPARSE, path, lineno, "not a money record");
	}
	agg_rec r;
	rc = rec_from_json(g, &o, &r, path, lineno, err);
	if (rc == FIN_OK)
		rc = fin_agg_take_record(g, &r);
	if (rc == FIN_ENOMEM)
		return fin_error_set(err, FIN_ENOMEM, path, lineno, "out of memory");
	if (rc)
		g->invalid++;
	return rc;
}

/* ====================================================================== */
/* Writing                                                                 */
/* ====================================================================== */

/* Output through a buffer flushed to f in large pieces. */
typedef struct wr {
	FILE *f;
	fin_buf b;
	int err;
} wr;

/* Start writing to f. */
static void wr_init(wr *w, FILE *f)
{
	w->f = f;
	w->err = 0;
	fin_buf_init(&w->b, 0);
}

/* Write out what is buffered; the first failure sticks in w->err. */
static void wr_flush(wr *w)
{
	if (w->b.failed && !w->err)
		w->err = w->b.failed;
	if (w->b.len && !w->err && fwrite(w->b.ptr, 1, w->b.len, w->f) != w->b.len)
		w->err = FIN_EIO;
	fin_buf_clear(&w->b);
}

/* Flush when the buffer is large (or failed). */
static void wr_maybe_flush(wr *w)
{
	if (w->b.len >= 64 * 1024 || w->b.failed)
		wr_flush(w);
}

/* Flush, free the buffer and return the first failure (0 when none). */
static int wr_done(wr *w)
{
	wr_flush(w);
	fin_buf_free(&w->b);
	if (!w->err && fflush(w->f) != 0)
		w->err = FIN_EIO;
	return w->err;
}

/* A JSON string, or null for NULL. */
static void put_str(fin_buf *b, const char *s)
{
	if (!s)
		fin_buf_puts(b, "null");
	else
		fin_out_json_str(b, s, strlen(s), 0);
}

/* A wide decimal as a JSON number (null when it cannot be written). */
static void put_wide(fin_buf *b, const fin_wide *v)
{
	char t[FIN_WIDE_MAXLEN];
	size_t n = fin_wide_format(v, t, sizeof t);
	if (n)
		fin_buf_append(b, t, n);
	else
		fin_buf_puts(b, "null");
}

/* A decimal as a JSON number (null when it cannot be written). */
static void put_dec(fin_buf *b, fin_decimal d)
{
	char t[FIN_DECIMAL_MAXLEN];
	size_t n = fin_decimal_format(d, t, sizeof t);
	if (n)
		fin_buf_append(b, t, n);
	else
		fin_buf_puts(b, "null");
}

/* A date as a JSON string, or null when unknown. */
static void put_ymd(fin_buf *b, fin_ymd d)
{
	char t[11];
	fin_ymd_format(d, t);
	if (t[0])
		fin_buf_printf(b, "\"%s\"", t);
	else
		fin_buf_puts(b, "null");
}

/* An unsigned count. */
static void put_u64(fin_buf *b, uint64_t n)
{
	fin_buf_printf(b, "%llu", (unsigned long long)n);
}

/* The key array of a group, as JSON. */
static void put_companies(fin_buf *b, const char *const *c, size_t n)
{
	fin_buf_putc(b, '[');
	for (size_t i = 0; i < n; i++) {
		if (i)
			fin_buf_putc(b, ',');
		put_str(b, c[i]);
	}
	fin_buf_putc(b, ']');
}

/* The money fields of a record or deal, without braces. */
static void put_rec_fields(fin_buf *b, const agg_rec *r)
{
	fin_buf_puts(b, ",\"doc\":");
	put_str(b, r->doc);
	fin_buf_puts(b, ",\"date\":");
	put_ymd(b, r->date);
	fin_buf_puts(b, ",\"currency\":");
	put_str(b, r->currency);
	fin_buf_puts(b, ",\"value\":");
	if (r->is_range)
		fin_buf_puts(b, "null");
	else
		put_dec(b, r->value);
	fin_buf_puts(b, ",\"min\":");
	if (r->is_range)
		put_dec(b, r->min);
	else
		fin_buf_puts(b, "null");
	fin_buf_puts(b, ",\"max\":");
	if (r->is_range)
		put_dec(b, r->max);
	else
		fin_buf_puts(b, "null");
	bool usd = r->usd_reason == AGG_USD_OK;
	fin_buf_puts(b, ",\"value_usd\":");
	if (usd && !r->is_range)
		put_dec(b, r->usd);
	else
		fin_buf_puts(b, "null");
	fin_buf_puts(b, ",\"min_usd\":");
	if (usd && r->is_range)
		put_dec(b, r->min_usd);
	else
		fin_buf_puts(b, "null");
	fin_buf_puts(b, ",\"max_usd\":");
	if (usd && r->is_range)
		put_dec(b, r->max_usd);
	else
		fin_buf_puts(b, "null");
}

/* Statistics of one accumulator: count, total, min, max, median. */
static void put_acc(fin_agg *g, fin_buf *b, agg_acc *a, bool with_id)
{
	fin_buf_puts(b, "{\"count\":");
	put_u64(b, a->n);
	fin_buf_puts(b, ",\"total\":");
	if (a->n)
		put_wide(b, &a->sum);
	else
		fin_buf_puts(b, "0");
	fin_buf_puts(b, ",\"min\":");
	if (a->n)
		put_wide(b, &a->min);
	else
		fin_buf_puts(b, "null");
	fin_buf_puts(b, ",\"max\":");
	if (a->n)
		put_wide(b, &a->max);
	else
		fin_buf_puts(b, "null");
	fin_buf_puts(b, ",\"median\":");
	fin_wide med;
	if (fin_agg_acc_median(g, a, &med) == FIN_OK)
		put_wide(b, &med);
	else
		fin_buf_puts(b, "null");
	if (with_id) {
		fin_buf_puts(b, ",\"max_event\":");
		put_str(b, a->n ? a->max_id : NULL);
	}
	fin_buf_putc(b, '}');
}

/* qsort: per-currency accumulators by code. */
static int cur_cmp(const void *pa, const void *pb)
{
	return strcmp(((const agg_cur *)pa)->code, ((const agg_cur *)pb)->code);
}

/* The dimensions of internal grouping gi (0: the total, none). */
static const fin_agg_grouping *grouping_of(const fin_agg *g, int gi)
{
	static const fin_agg_grouping total; /* no dimensions */
	return gi ? &g->o.groupings[gi - 1] : &total;
}

/* The statistics of a group as JSON members (no braces). */
static void put_group_stats(fin_agg *g, fin_buf *b, agg_group *gr)
{
	fin_buf_puts(b, "\"count\":");
	put_u64(b, gr->count);
	fin_buf_puts(b, ",\"mentions\":");
	put_u64(b, gr->mentions);
	fin_buf_puts(b, ",\"usd\":");
	put_acc(g, b, &gr->usd, true);
	fin_buf_puts(b, ",\"no_rate\":");
	put_u64(b, gr->no_rate);
	fin_buf_puts(b, ",\"no_date\":");
	put_u64(b, gr->no_date);
	fin_buf_puts(b, ",\"currencies\":{");
	qsort(gr->cur, gr->n_cur, sizeof *gr->cur, cur_cmp);
	for (size_t i = 0; i < gr->n_cur; i++) {
		if (i)
			fin_buf_putc(b, ',');
		fin_buf_printf(b, "\"%s\":", gr->cur[i].code);
		put_acc(g, b, &gr->cur[i].acc, false);
	}
	fin_buf_putc(b, '}');
}

/* A top deal as a JSON object. */
static void put_top(fin_buf *b, const agg_top *t)
{
	fin_buf_puts(b, "{\"event\":");
	put_str(b, t->id);
	put_rec_fields(b, &t->r);
	fin_buf_puts(b, ",\"companies\":");
	put_companies(b, t->companies, t->n_companies);
	fin_buf_puts(b, ",\"kind\":");
	put_str(b, t->kind);
	fin_buf_puts(b, ",\"unit\":");
	put_str(b, t->r.unit);
	fin_buf_puts(b, ",\"mentions\":");
	put_u64(b, t->mentions);
	fin_buf_putc(b, '}');
}

/* The summary as JSON, one group per line (see agg.h). */
int fin_agg_write_json(fin_agg *g, FILE *f)
{
	if (!g->finished)
		return FIN_EINVAL;
	wr w;
	wr_init(&w, f);
	fin_buf *b = &w.b;
	fin_buf_puts(b, "{\"finfig\":\"summary\",\"version\":1,\"counting\":");
	fin_buf_puts(b, g->o.mentions ? "\"mentions\"" : "\"events\"");
	if (!g->o.mentions)
		fin_buf_printf(b, ",\"window_days\":%d", g->o.window_days);
	fin_buf_puts(b, ",\"records\":");
	put_u64(b, (uint64_t)g->records);
	fin_buf_puts(b, ",\"counted\":");
	put_u64(b, g->counted);
	fin_buf_puts(b, ",\"usd\":{\"converted\":");
	put_u64(b, g->usd_ok);
	fin_buf_puts(b, ",\"no_rate\":");
	put_u64(b, g->usd_no_rate);
	fin_buf_puts(b, ",\"no_date\":");
	put_u64(b, g->usd_no_date);
	fin_buf_puts(b, "},\n\"total\":{");
	size_t i = 0;
	if (g->n_groups && g->sorted[0]->grouping == 0)
		put_group_stats(g, b, g->sorted[i++]);
	fin_buf_puts(b, "},\n\"groupings\":[");
	for (int gi = 1; gi <= g->o.n_groupings; gi++) {
		const fin_agg_grouping *gp = grouping_of(g, gi);
		fin_buf_puts(b, gi > 1 ? ",\n{\"by\":[" : "\n{\"by\":[");
		for (int d = 0; d < gp->n; d++)
			fin_buf_printf(b, "%s\"%s\"", d ? "," : "", fin_agg_dim_name(gp->dims[d]));
		fin_buf_puts(b, "],\"groups\":[");
		bool first = true;
		for (; i < g->n_groups && g->sorted[i]->grouping == gi; i++) {
			agg_group *gr = g->sorted[i];
			fin_buf_puts(b, first ? "\n{" : ",\n{");
			first = false;
			for (int d = 0; d < gp->n; d++) {
				fin_buf_printf(b, "\"%s\":", fin_agg_dim_name(gp->dims[d]));
				put_str(b, gr->key[d]);
				fin_buf_putc(b, ',');
			}
			put_group_stats(g, b, gr);
			fin_buf_putc(b, '}');
			wr_maybe_flush(&w);
		}
		fin_buf_puts(b, "]}");
	}
	fin_buf_puts(b, "],\n\"top\":[");
	for (size_t t = 0; t < g->n_top; t++) {
		fin_buf_puts(b, t ? ",\n" : "\n");
		put_top(b, &g->top[t]);
	}
	fin_buf_puts(b, "]}\n");
	return wr_done(&w);
}

/* ---- CSV ---- */

/* One text cell: quoted when it holds a comma, quote or line break; a
 * leading =, +, -, @ or tab gets an apostrophe so no formula runs. */
static void csv_cell(fin_buf *b, const char *s)
{
	if (!s)
		return;
	size_t n = strlen(s);
	bool formula = n && (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' || s[0] == '\t');
	bool quote = formula || strpbrk(s, ",\"\r\n") != NULL;
	if (!quote) {
		fin_buf_append(b, s, n);
		return;
	}
	fin_buf_putc(b, '"');
	if (formula)
		fin_buf_putc(b, '\'');
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '"')
			fin_buf_putc(b, '"');
		fin_buf_putc(b, s[i]);
	}
	fin_buf_putc(b, '"');
}

/* A wide decimal as a plain CSV number. */
static void csv_wide(fin_buf *b, const fin_wide *v)
{
	char t[FIN_WIDE_MAXLEN];
	size_t n = fin_wide_format(v, t, sizeof t);
	fin_buf_append(b, t, n);
}

/* A decimal as a plain CSV number. */
static void csv_dec(fin_buf *b, fin_decimal d)
{
	char t[FIN_DECIMAL_MAXLEN];
	size_t n = fin_decimal_format(d, t, sizeof t);
	fin_buf_append(b, t, n);
}

/* total,min,max,median of an accumulator as CSV cells. */
static void csv_acc(fin_agg *g, fin_buf *b, agg_acc *a)
{
	if (a->n)
		csv_wide(b, &a->sum);
	else
		fin_buf_putc(b, '0');
	fin_buf_putc(b, ',');
	if (a->n)
		csv_wide(b, &a->min);
	fin_buf_putc(b, ',');
	if (a->n)
		csv_wide(b, &a->max);
	fin_buf_putc(b, ',');
	fin_wide med;
	if (fin_agg_acc_median(g, a, &med) == FIN_OK)
		csv_wide(b, &med);
}

/* User grouping i as one CSV table (see agg.h). */
int fin_agg_write_csv(fin_agg *g, int i, FILE *f)
{
	if (!g->finished || i < 0 || i >= g->o.n_groupings)
		return FIN_EINVAL;
	int gi = i + 1;
	const fin_agg_grouping *gp = grouping_of(g, gi);
	int cur_dim = -1;
	wr w;
	wr_init(&w, f);
	fin_buf *b = &w.b;
	for (int d = 0; d < gp->n; d++) {
		fin_buf_puts(b, fin_agg_dim_name(gp->dims[d]));
		fin_buf_putc(b, ',');
		if (gp->dims[d] == FIN_DIM_CURRENCY)
			cur_dim = d;
	}
	fin_buf_puts(b, "count,mentions,usd_count,usd_total,usd_min,usd_max,usd_median,usd_max_event,"
	                "no_rate,no_date,currencies");
	if (cur_dim >= 0)
		fin_buf_puts(b, ",total,min,max,median");
	fin_buf_puts(b, "\r\n");
	for (size_t k = 0; k < g->n_groups; k++) {
		agg_group *gr = g->sorted[k];
		if (gr->grouping != gi)
			continue;
		for (int d = 0; d < gp->n; d++) {
			csv_cell(b, gr->key[d]);
			fin_buf_putc(b, ',');
		}
		put_u64(b, gr->count);
		fin_buf_putc(b, ',');
		put_u64(b, gr->mentions);
		fin_buf_putc(b, ',');
		put_u64(b, gr->usd.n);
		fin_buf_putc(b, ',');
		csv_acc(g, b, &gr->usd);
		fin_buf_putc(b, ',');
		if (gr->usd.n)
			csv_cell(b, gr->usd.max_id);
		fin_buf_putc(b, ',');
		put_u64(b, gr->no_rate);
		fin_buf_putc(b, ',');
		put_u64(b, gr->no_date);
		fin_buf_putc(b, ',');
		qsort(gr->cur, gr->n_cur, sizeof *gr->cur, cur_cmp);
		for (size_t c = 0; c < gr->n_cur; c++) {
			if (c)
				fin_buf_putc(b, ';');
			fin_buf_puts(b, gr->cur[c].code);
		}
		if (cur_dim >= 0) {
			fin_buf_putc(b, ',');
			agg_cur *c = gr->key[cur_dim] ? fin_agg_group_cur(g, gr, gr->key[cur_dim]) : NULL;
			if (c)
				csv_acc(g, b, &c->acc);
			else
				fin_buf_puts(b, ",,,");
		}
		fin_buf_puts(b, "\r\n");
		wr_maybe_flush(&w);
	}
	return wr_done(&w);
}

/* Events in output order: by date (none last), then id. */
typedef struct event_key {
	int64_t day; /* year*10000 + month*100 + day; INT64_MAX when none */
	const char *id;
	uint32_t item;
} event_key;

/* qsort: events by day, then id. */
static int event_cmp(const void *pa, const void *pb)
{
	const event_key *a = pa, *b = pb;
	if (a->day != b->day)
		return a->day < b->day ? -1 : 1;
	int c = strcmp(a->id, b->id);
	if (c)
		return c;
	return a->item < b->item ? -1 : a->item > b->item;
}

/* Every event as one CSV row, by date (see agg.h). */
int fin_agg_write_events_csv(fin_agg *g, FILE *f)
{
	if (!g->finished || g->o.mentions)
		return FIN_EINVAL;
	event_key *idx = fin_malloc((g->n_items ? g->n_items : 1) * sizeof *idx);
	if (!idx)
		return FIN_ENOMEM;
	for (size_t i = 0; i < g->n_items; i++) {
		fin_ymd d = g->items[i].rep->date;
		idx[i].day = d.year > 0 ? (int64_t)d.year * 10000 + d.month * 100 + d.day : INT64_MAX;
		idx[i].id = g->items[i].id;
		idx[i].item = (uint32_t)i;
	}
	qsort(idx, g->n_items, sizeof *idx, event_cmp);
	wr w;
	wr_init(&w, f);
	fin_buf *b = &w.b;
	fin_buf_puts(b, "event,date,currency,value,min,max,value_usd,min_usd,max_usd,companies,kind,unit,"
	                "mentions,docs,members\r\n");
	for (size_t k = 0; k < g->n_items; k++) {
		const agg_item *it = &g->items[idx[k].item];
		const agg_rec *r = it->rep;
		csv_cell(b, it->id);
		fin_buf_putc(b, ',');
		char d[11];
		fin_ymd_format(r->date, d);
		fin_buf_puts(b, d);
		fin_buf_putc(b, ',');
		fin_buf_puts(b, r->currency);
		fin_buf_putc(b, ',');
		if (!r->is_range)
			csv_dec(b, r->value);
		fin_buf_putc(b, ',');
		if (r->is_range)
			csv_dec(b, r->min);
		fin_buf_putc(b, ',');
		if (r->is_range)
			csv_dec(b, r->max);
		fin_buf_putc(b, ',');
		bool usd = r->usd_reason == AGG_USD_OK;
		if (usd && !r->is_range)
			csv_dec(b, r->usd);
		fin_buf_putc(b, ',');
		if (usd && r->is_range)
			csv_dec(b, r->min_usd);
		fin_buf_putc(b, ',');
		if (usd && r->is_range)
			csv_dec(b, r->max_usd);
		fin_buf_putc(b, ',');
		fin_buf list;
		fin_buf_init(&list, 0);
		for (size_t c = 0; c < it->n_companies; c++) {
			if (c)
				fin_buf_putc(&list, ';');
			fin_buf_puts(&list, it->companies[c]);
		}
		csv_cell(b, list.ptr);
		fin_buf_putc(b, ',');
		csv_cell(b, it->kind);
		fin_buf_putc(b, ',');
		csv_cell(b, r->unit);
		fin_buf_putc(b, ',');
		put_u64(b, it->mentions);
		fin_buf_putc(b, ',');
		put_u64(b, it->n_docs);
		fin_buf_putc(b, ',');
		fin_buf_clear(&list);
		for (size_t m = 0; m < it->n_members; m++) {
			if (m)
				fin_buf_putc(&list, ';');
			fin_buf_puts(&list, g->recs[g->order[it->first + m]].id);
		}
		csv_cell(b, list.ptr);
		if (list.failed)
			b->failed = list.failed;
		fin_buf_free(&list);
		fin_buf_puts(b, "\r\n");
		wr_maybe_flush(&w);
	}
	fin_free(idx);
	return wr_done(&w);
}

/* ---- State ---- */

static void put_state_acc(fin_buf *b, agg_acc *a)
{
	fin_buf_puts(b, "{\"n\":");
	put_u64(b, a->n);
	if (a->n) {
		fin_buf_puts(b, ",\"sum\":");
		put_wide(b, &a->sum);
		fin_buf_puts(b, ",\"min\":");
		put_wide(b, &a->min);
		fin_buf_puts(b, ",\"min_id\":");
		put_str(b, a->min_id);
		fin_buf_puts(b, ",\"max\":");
		put_wide(b, &a->max);
		fin_buf_puts(b, ",\"max_id\":");
		put_str(b, a->max_id);
		fin_buf_puts(b, ",\"values\":[");
		agg_ms *ms = &a->ms;
		/* Sorted and merged, so the state is deterministic. */
		fin_agg_ms_compact(ms);
		for (size_t i = 0; i < ms->n; i++) {
			fin_buf_puts(b, i ? ",[" : "[");
			put_wide(b, &ms->v[i].v);
			fin_buf_putc(b, ',');
			put_u64(b, ms->v[i].n);
			fin_buf_putc(b, ']');
		}
		fin_buf_putc(b, ']');
	}
	fin_buf_putc(b, '}');
}

/* qsort: kept records by id (ties are ordered by their text later). */
static int rec_order(const void *pa, const void *pb)
{
	const agg_rec *a = *(const agg_rec *const *)pa, *b = *(const agg_rec *const *)pb;
	int c = strcmp(a->id, b->id);
	if (c)
		return c;
	/* Repeated ids: by the rest, through their text below. */
	return 0;
}

/* A kept record as a state line (a money record without its text). */
static void put_state_rec(fin_buf *b, const agg_rec *r)
{
	fin_buf_puts(b, "{\"type\":\"money\",\"id\":");
	put_str(b, r->id);
	put_rec_fields(b, r);
	fin_buf_puts(b, ",\"companies\":");
	put_companies(b, r->companies, r->n_companies);
	fin_buf_puts(b, ",\"kind\":");
	put_str(b, r->kind);
	fin_buf_puts(b, ",\"unit\":");
	put_str(b, r->unit);
	fin_buf_puts(b, ",\"equivalent_of\":");
	put_str(b, r->eq);
	fin_buf_puts(b, "}\n");
}

/* qsort: lines by bytes. */
static int line_cmp(const void *pa, const void *pb)
{
	const char *a = *(const char *const *)pa, *b = *(const char *const *)pb;
	return strcmp(a, b);
}

/* The mergeable state, deterministic (see agg.h). */
int fin_agg_write_state(fin_agg *g, FILE *f)
{
	if (g->finished)
		return FIN_EINVAL;
	wr w;
	wr_init(&w, f);
	fin_buf *b = &w.b;
	fin_buf_puts(b, "{\"type\":\"finfig-state\",\"version\":1,\"counting\":");
	fin_buf_puts(b, g->o.mentions ? "\"mentions\"" : "\"events\"");
	fin_buf_puts(b, ",\"groupings\":[");
	for (int gi = 1; gi <= g->o.n_groupings; gi++) {
		const fin_agg_grouping *gp = grouping_of(g, gi);
		fin_buf_puts(b, gi > 1 ? ",[" : "[");
		for (int d = 0; d < gp->n; d++)
			fin_buf_printf(b, "%s\"%s\"", d ? "," : "", fin_agg_dim_name(gp->dims[d]));
		fin_buf_putc(b, ']');
	}
	fin_buf_puts(b, "]}\n");
	if (!g->o.mentions) {
		/* Records sorted by id; records with the same id by their line,
		 * so the state does not depend on the input order. */
		const agg_rec **rs = fin_malloc((g->n_recs ? g->n_recs : 1) * sizeof *rs);
		if (!rs) {
			fin_buf_free(&w.b);
			return FIN_ENOMEM;
		}
		for (size_t i = 0; i < g->n_recs; i++)
			rs[i] = &g->recs[i];
		qsort(rs, g->n_recs, sizeof *rs, rec_order);
		for (size_t i = 0; i < g->n_recs;) {
			size_t j = i + 1;
			while (j < g->n_recs && strcmp(rs[j]->id, rs[i]->id) == 0)
				j++;
			if (j - i == 1) {
				put_state_rec(b, rs[i]);
			} else {
				char **lines = fin_calloc(j - i, sizeof *lines);
				for (size_t k = i; lines && k < j; k++) {
					fin_buf one;
					fin_buf_init(&one, 0);
					put_state_rec(&one, rs[k]);
					lines[k - i] = one.ptr; /* NULL on failure: skipped below */
				}
				if (!lines) {
					b->failed = FIN_ENOMEM;
				} else {
					for (size_t k = 0; k < j - i; k++)
						if (!lines[k])
							b->failed = FIN_ENOMEM;
					if (!b->failed) {
						qsort(lines, j - i, sizeof *lines, line_cmp);
						for (size_t k = 0; k < j - i; k++)
							fin_buf_puts(b, lines[k]);
					}
					for (size_t k = 0; k < j - i; k++)
						fin_free(lines[k]);
					fin_free(lines);
				}
			}
			i = j;
			wr_maybe_flush(&w);
		}
		fin_free(rs);
		return wr_done(&w);
	}
	fin_buf_puts(b, "{\"type\":\"finfig-counts\",\"records\":");
	put_u64(b, (uint64_t)g->records);
	fin_buf_puts(b, ",\"counted\":");
	put_u64(b, g->counted);
	fin_buf_puts(b, ",\"usd_ok\":");
	put_u64(b, g->usd_ok);
	fin_buf_puts(b, ",\"no_rate\":");
	put_u64(b, g->usd_no_rate);
	fin_buf_puts(b, ",\"no_date\":");
	put_u64(b, g->usd_no_date);
	fin_buf_puts(b, "}\n");
	/* Groups in output order (sorted here, the table is not finished). */
	agg_group **gs = fin_malloc((g->n_groups ? g->n_groups : 1) * sizeof *gs);
	if (!gs) {
		fin_buf_free(&w.b);
		return FIN_ENOMEM;
	}
	size_t n = 0;
	for (size_t i = 0; i < g->cap_groups; i++)
		if (g->groups[i])
			gs[n++] = g->groups[i];
	for (size_t i = 1; i < n; i++) {
		/* Insertion into place keeps this free of a comparison context. */
		agg_group *x = gs[i];
		size_t j = i;
		while (j > 0 && (gs[j - 1]->grouping > x->grouping ||
		                 (gs[j - 1]->grouping == x->grouping &&
		                  fin_agg_key_cmp(gs[j - 1], x, FIN_AGG_MAX_DIMS) > 0))) {
			gs[j] = gs[j - 1];
			j--;
		}
		gs[j] = x;
	}
	for (size_t i = 0; i < n; i++) {
		agg_group *gr = gs[i];
		const fin_agg_grouping *gp = grouping_of(g, gr->grouping);
		fin_buf_printf(b, "{\"type\":\"finfig-group\",\"grouping\":%d,\"key\":[", gr->grouping);
		for (int d = 0; d < gp->n; d++) {
			if (d)
				fin_buf_putc(b, ',');
			put_str(b, gr->key[d]);
		}
		fin_buf_puts(b, "],\"count\":");
		put_u64(b, gr->count);
		fin_buf_puts(b, ",\"mentions\":");
		put_u64(b, gr->mentions);
		fin_buf_puts(b, ",\"no_rate\":");
		put_u64(b, gr->no_rate);
		fin_buf_puts(b, ",\"no_date\":");
		put_u64(b, gr->no_date);
		fin_buf_puts(b, ",\"usd\":");
		put_state_acc(b, &gr->usd);
		fin_buf_puts(b, ",\"currencies\":{");
		qsort(gr->cur, gr->n_cur, sizeof *gr->cur, cur_cmp);
		for (size_t c = 0; c < gr->n_cur; c++) {
			fin_buf_printf(b, "%s\"%s\":", c ? "," : "", gr->cur[c].code);
			put_state_acc(b, &gr->cur[c].acc);
		}
		fin_buf_puts(b, "}}\n");
		wr_maybe_flush(&w);
	}
	fin_free(gs);
	for (size_t t = 0; t < g->n_top; t++) {
		const agg_top *tp = &g->top[t];
		fin_buf_puts(b, "{\"type\":\"finfig-top\",\"event\":");
		put_str(b, tp->id);
		fin_buf_puts(b, ",\"id\":");
		put_str(b, tp->id);
		put_rec_fields(b, &tp->r);
		fin_buf_puts(b, ",\"companies\":");
		put_companies(b, tp->companies, tp->n_companies);
		fin_buf_puts(b, ",\"kind\":");
		put_str(b, tp->kind);
		fin_buf_puts(b, ",\"unit\":");
		put_str(b, tp->r.unit);
		fin_buf_puts(b, ",\"mentions\":");
		put_u64(b, tp->mentions);
		fin_buf_puts(b, "}\n");
	}
	return wr_done(&w);
}

/* ====================================================================== */
/* Annotated records (finfig run)                                          */
/* ====================================================================== */

/* Read one line of f into b (without the newline); false at the end. */
static bool read_line(FILE *f, fin_buf *b, bool *err)
{
	fin_buf_clear(b);
	char tmp[4096];
	while (fgets(tmp, sizeof tmp, f)) {
		size_t n = strlen(tmp);
		fin_buf_append(b, tmp, n);
		if (n && tmp[n - 1] == '\n')
			return true;
	}
	if (ferror(f))
		*err = true;
	return b->len > 0;
}

/* Copy JSON Lines records with their event ids filled (see agg.h). */
int fin_agg_annotate_jsonl(const fin_agg *g, FILE *in, FILE *out)
{
	fin_buf line, id, ev;
	fin_buf_init(&line, 0);
	fin_buf_init(&id, 0);
	fin_buf_init(&ev, 0);
	bool rerr = false;
	int rc = FIN_OK;
	fin_arena a;
	fin_arena_init(&a, 4096);
	while (rc == FIN_OK && read_line(in, &line, &rerr)) {
		const char *p = line.ptr;
		/* A quote is escaped inside JSON strings, so these byte patterns
		 * occur only as the record's own members. */
		const char *ip = strstr(p, ",\"id\":\"");
		const char *ep = strstr(p, ",\"event\":null");
		const char *event = NULL;
		if (ip && ep && strncmp(p, "{\"type\":\"money\"", 15) == 0) {
			jparser j = {ip + 6, line.ptr + line.len, &a, 0, 0};
			const char *s;
			size_t n;
			fin_arena_reset(&a);
			if (jstring(&j, &s, &n) == 0)
				event = fin_agg_event_of(g, s);
		}
		if (event) {
			fin_buf_clear(&ev);
			fin_out_json_str(&ev, event, strlen(event), 0);
			size_t head = (size_t)(ep - p) + 9; /* through ,"event": */
			if (fwrite(p, 1, head, out) != head || fwrite(ev.ptr, 1, ev.len, out) != ev.len ||
			    fwrite(ep + 13, 1, line.len - head - 4, out) != line.len - head - 4)
				rc = FIN_EIO;
		} else if (fwrite(line.ptr, 1, line.len, out) != line.len) {
			rc = FIN_EIO;
		}
		if (line.failed || ev.failed)
			rc = FIN_ENOMEM;
	}
	fin_arena_free(&a);
	fin_buf_free(&line);
	fin_buf_free(&id);
	fin_buf_free(&ev);
	if (rerr)
		rc = FIN_EIO;
	if (rc == FIN_OK && fflush(out) != 0)
		rc = FIN_EIO;
	return rc;
}

/* The raw cells of one CSV record (quoted cells may hold line breaks):
 * starts[i], ends[i] bound cell i in rec (quotes included). */
typedef struct csv_row {
	fin_buf rec;
	size_t starts[64], ends[64];
	int n;
} csv_row;

/* Read one CSV record (lines joined while a quote is open) and split it
 * into raw cells. false at the end. */
static bool read_csv_record(FILE *f, csv_row *row, bool *err)
{
	fin_buf_clear(&row->rec);
	fin_buf part;
	fin_buf_init(&part, 0);
	bool quoted = false, any = false;
	while (read_line(f, &part, err)) {
		any = true;
		fin_buf_append(&row->rec, part.ptr, part.len);
		for (size_t i = 0; i < part.len; i++)
			if (part.ptr[i] == '"')
				quoted = !quoted;
		if (!quoted)
			break;
	}
	fin_buf_free(&part);
	if (!any)
		return false;
	/* Split into cells, not counting the line end. */
	size_t len = row->rec.len;
	while (len && (row->rec.ptr[len - 1] == '\n' || row->rec.ptr[len - 1] == '\r'))
		len--;
	row->n = 0;
	size_t s = 0;
	quoted = false;
	for (size_t i = 0; i <= len && row->n < 64; i++) {
		if (i < len && row->rec.ptr[i] == '"')
			quoted = !quoted;
		if (i == len || (!quoted && row->rec.ptr[i] == ',')) {
			row->starts[row->n] = s;
			row->ends[row->n] = i;
			row->n++;
			s = i + 1;
		}
	}
	return true;
}

/* The text of a cell, unquoted (and the formula guard dropped). */
static void csv_unquote(const csv_row *row, int i, fin_buf *out)
{
	fin_buf_clear(out);
	const char *p = row->rec.ptr + row->starts[i], *e = row->rec.ptr + row->ends[i];
	if (p < e && *p == '"') {
		p++;
		if (e > p && e[-1] == '"')
			e--;
		if (p + 1 < e && p[0] == '\'' &&
		    (p[1] == '=' || p[1] == '+' || p[1] == '-' || p[1] == '@' || p[1] == '\t'))
			p++;
		for (; p < e; p++) {
			if (*p == '"' && p + 1 < e && p[1] == '"')
				p++;
			fin_buf_putc(out, *p);
		}
	} else {
		fin_buf_append(out, p, (size_t)(e - p));
	}
	if (!out->ptr)
		fin_buf_append(out, "", 0);
}

/* Copy CSV records with their event column filled (see agg.h). */
int fin_agg_annotate_csv(const fin_agg *g, FILE *in, FILE *out)
{
	csv_row row;
	fin_buf_init(&row.rec, 0);
	fin_buf id, cell;
	fin_buf_init(&id, 0);
	fin_buf_init(&cell, 0);
	bool rerr = false;
	int rc = FIN_OK, id_col = -1, ev_col = -1;
	bool header = true;
	while (rc == FIN_OK && read_csv_record(in, &row, &rerr)) {
		const char *event = NULL;
		if (header) {
			for (int i = 0; i < row.n; i++) {
				csv_unquote(&row, i, &cell);
				if (cell.ptr && strcmp(cell.ptr, "id") == 0)
					id_col = i;
				if (cell.ptr && strcmp(cell.ptr, "event") == 0)
					ev_col = i;
			}
			header = false;
		} else if (id_col >= 0 && ev_col >= 0 && ev_col < row.n && id_col < row.n &&
		           row.starts[ev_col] == row.ends[ev_col]) {
			csv_unquote(&row, id_col, &id);
			event = fin_agg_event_of(g, id.ptr);
		}
		if (event) {
			fin_buf_clear(&cell);
			csv_cell(&cell, event);
			size_t at = row.starts[ev_col];
			if (fwrite(row.rec.ptr, 1, at, out) != at ||
			    fwrite(cell.ptr, 1, cell.len, out) != cell.len ||
			    fwrite(row.rec.ptr + at, 1, row.rec.len - at, out) != row.rec.len - at)
				rc = FIN_EIO;
		} else if (fwrite(row.rec.ptr, 1, row.rec.len, out) != row.rec.len) {
			rc = FIN_EIO;
		}
		if (row.rec.failed || cell.failed || id.failed)
			rc = FIN_ENOMEM;
	}
	fin_buf_free(&row.rec);
	fin_buf_free(&id);
	fin_buf_free(&cell);
	if (rerr)
		rc = FIN_EIO;
	if (rc == FIN_OK && fflush(out) != 0)
		rc = FIN_EIO;
	return rc;
}
