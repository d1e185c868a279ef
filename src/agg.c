/*
 * agg.c — aggregation: interned strings, exact accumulators, groups, the
 * joining of records into events, and the top deals. Reading and writing
 * are in agg_io.c.
 */
#include "agg_int.h"

#include <stdlib.h>
#include <string.h>

/* ====================================================================== */
/* Options                                                                 */
/* ====================================================================== */

static const char *const dim_names[] = {"company", "month", "currency", "kind"};

/* The name of a dimension (see agg.h). */
const char *fin_agg_dim_name(fin_agg_dim d)
{
	return (unsigned)d < 4 ? dim_names[d] : NULL;
}

/* Parse "company,month" (see agg.h): each name once, at most four. */
int fin_agg_parse_grouping(const char *s, fin_agg_grouping *g)
{
	memset(g, 0, sizeof *g);
	if (!s || !*s)
		return FIN_EINVAL;
	const char *p = s;
	for (;;) {
		const char *e = strchr(p, ',');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		int d = -1;
		for (int i = 0; i < 4; i++)
			if (fin_eq(p, n, dim_names[i]))
				d = i;
		if (d < 0 || g->n == FIN_AGG_MAX_DIMS)
			return FIN_EINVAL;
		for (int i = 0; i < g->n; i++)
			if ((int)g->dims[i] == d)
				return FIN_EINVAL;
		g->dims[g->n++] = (fin_agg_dim)d;
		if (!e)
			break;
		p = e + 1;
	}
	return FIN_OK;
}

/* ====================================================================== */
/* Interned strings                                                        */
/* ====================================================================== */

static uint32_t hash_bytes(const char *s, size_t n)
{
	uint32_t h = 2166136261u;
	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 16777619u;
	}
	return h;
}

/* The table entry of s[0..n) if it is interned, else NULL (nothing added). */
agg_str *fin_agg_intern_find(const fin_agg *g, const char *s, size_t n)
{
	if (!g->cap_strs)
		return NULL;
	uint32_t h = hash_bytes(s, n);
	for (size_t i = h & (g->cap_strs - 1);; i = (i + 1) & (g->cap_strs - 1)) {
		agg_str *e = &g->strs[i];
		if (!e->s)
			return NULL;
		if (e->hash == h && strncmp(e->s, s, n) == 0 && e->s[n] == '\0')
			return e;
	}
}

/* Double the interned-string table (rehashing every entry). 0 or FIN_ENOMEM. */
static int strs_grow(fin_agg *g)
{
	size_t cap = g->cap_strs ? g->cap_strs * 2 : 1024;
	agg_str *v = fin_calloc(cap, sizeof *v);
	if (!v)
		return FIN_ENOMEM;
	for (size_t i = 0; i < g->cap_strs; i++) {
		agg_str *e = &g->strs[i];
		if (!e->s)
			continue;
		size_t j = e->hash & (cap - 1);
		while (v[j].s)
			j = (j + 1) & (cap - 1);
		v[j] = *e;
	}
	fin_free(g->strs);
	g->strs = v;
	g->cap_strs = cap;
	return FIN_OK;
}

/* The one stable copy of s[0..n), or NULL (out of memory: g->oom set). */
const char *fin_agg_intern(fin_agg *g, const char *s, size_t n)
{
	agg_str *e = fin_agg_intern_find(g, s, n);
	if (e)
		return e->s;
	if ((g->n_strs + 1) * 2 > g->cap_strs && strs_grow(g)) {
		g->oom = 1;
		return NULL;
	}
	char *copy = fin_arena_strndup(&g->arena, s, n);
	if (!copy) {
		g->oom = 1;
		return NULL;
	}
	uint32_t h = hash_bytes(s, n);
	size_t i = h & (g->cap_strs - 1);
	while (g->strs[i].s)
		i = (i + 1) & (g->cap_strs - 1);
	g->strs[i] = (agg_str){copy, h, -1};
	g->n_strs++;
	return copy;
}

/* ====================================================================== */
/* Life cycle                                                              */
/* ====================================================================== */

int fin_agg_new(fin_agg **out, const fin_agg_opts *opts, fin_error *err)
{
	*out = NULL;
	fin_agg *g = fin_calloc(1, sizeof *g);
	if (!g)
		return fin_error_set(err, FIN_ENOMEM, "", 0, "out of memory");
	if (opts)
		g->o = *opts;
	if (g->o.n_groupings < 0 || g->o.n_groupings > FIN_AGG_MAX_GROUPINGS) {
		fin_free(g);
		return fin_error_set(err, FIN_EINVAL, "", 0, "bad number of groupings");
	}
	if (g->o.window_days == 0)
		g->o.window_days = 30;
	else if (g->o.window_days < 0)
		g->o.window_days = 0;
	if (g->o.top <= 0)
		g->o.top = 10;
	g->state_counting = -1;
	fin_arena_init(&g->arena, 64 * 1024);
	fin_arena_init(&g->scratch, 64 * 1024);
	g->other_kind = fin_agg_intern(g, "other", 5);
	if (!g->other_kind) {
		fin_agg_free(g);
		return fin_error_set(err, FIN_ENOMEM, "", 0, "out of memory");
	}
	*out = g;
	return FIN_OK;
}

/* Free what an accumulator owns (its ids and value multiset). */
static void acc_free(agg_acc *a)
{
	fin_free(a->min_id);
	fin_free(a->max_id);
	fin_free(a->ms.v);
}

/* Free the copies a top deal owns. */
static void top_free(agg_top *t)
{
	fin_free(t->id);
	fin_free(t->doc);
	fin_free((void *)t->companies);
}

/* Free everything (see agg.h). NULL is a no-op. */
void fin_agg_free(fin_agg *g)
{
	if (!g)
		return;
	for (size_t i = 0; i < g->cap_groups; i++) {
		agg_group *gr = g->groups[i];
		if (!gr)
			continue;
		acc_free(&gr->usd);
		for (size_t k = 0; k < gr->n_cur; k++)
			acc_free(&gr->cur[k].acc);
		fin_free(gr->cur);
		fin_free(gr);
	}
	fin_free(g->groups);
	fin_free(g->sorted);
	for (size_t i = 0; i < g->n_top; i++)
		top_free(&g->top[i]);
	fin_free(g->top);
	fin_free(g->recs);
	fin_free(g->next_same_id);
	fin_free(g->items);
	fin_free(g->order);
	fin_free(g->rec_item);
	fin_free(g->strs);
	fin_arena_free(&g->arena);
	fin_arena_free(&g->scratch);
	fin_free(g);
}

/* Fill st from the counters and the groups (see agg.h). */
void fin_agg_get_stats(const fin_agg *g, fin_agg_stats *st)
{
	memset(st, 0, sizeof *st);
	st->lines = g->lines;
	st->records = g->records;
	st->invalid = g->invalid;
	st->ignored = g->ignored;
	st->events = (long)g->counted;
	st->groups = (long)g->n_groups;
	st->kept = (long)g->n_recs;
	for (size_t i = 0; i < g->cap_groups; i++) {
		const agg_group *gr = g->groups[i];
		if (!gr)
			continue;
		st->values += (long)gr->usd.ms.n;
		for (size_t k = 0; k < gr->n_cur; k++)
			st->values += (long)gr->cur[k].acc.ms.n;
	}
}

/* ====================================================================== */
/* Exact statistics                                                        */
/* ====================================================================== */

/* Order of values for the multiset (exact, on normalised values). */
static int vc_cmp(const void *pa, const void *pb)
{
	const agg_vc *a = pa, *b = pb;
	return fin_wide_cmp(&a->v, &b->v);
}

/* true when two normalised values are equal (same representation). */
static bool wide_same(const fin_wide *a, const fin_wide *b)
{
	/* Both normalised: equal values have equal representations. */
	return a->exp == b->exp && a->neg == b->neg && a->ovf == b->ovf &&
	       memcmp(a->mag, b->mag, sizeof a->mag) == 0;
}

/* Sort and merge equal values. */
void fin_agg_ms_compact(agg_ms *ms)
{
	if (ms->sorted == ms->n)
		return;
	qsort(ms->v, ms->n, sizeof *ms->v, vc_cmp);
	size_t o = 0;
	for (size_t i = 0; i < ms->n; i++) {
		if (o && wide_same(&ms->v[o - 1].v, &ms->v[i].v))
			ms->v[o - 1].n += ms->v[i].n;
		else
			ms->v[o++] = ms->v[i];
	}
	ms->n = ms->sorted = o;
}

/* Add n copies of v to the multiset (normalised); compacts before growing
 * when half of it is unsorted. Out of memory sets g->oom. */
void fin_agg_ms_add(fin_agg *g, agg_ms *ms, const fin_wide *v, uint64_t n)
{
	if (ms->n == ms->cap) {
		/* Compact before growing when the unsorted tail is large. */
		if (ms->n - ms->sorted > 64 && ms->n - ms->sorted > ms->sorted)
			fin_agg_ms_compact(ms);
		if (ms->n == ms->cap) {
			size_t cap = ms->cap ? ms->cap * 2 : 8;
			agg_vc *p = fin_realloc(ms->v, cap * sizeof *p);
			if (!p) {
				g->oom = 1;
				return;
			}
			ms->v = p;
			ms->cap = cap;
		}
	}
	agg_vc *e = &ms->v[ms->n++];
	e->v = *v;
	fin_wide_norm(&e->v);
	e->n = n;
}

/* Replace an owned id copy. */
static void set_id(fin_agg *g, char **slot, const char *id)
{
	char *c = fin_strndup(id ? id : "", id ? strlen(id) : 0);
	if (!c) {
		g->oom = 1;
		return;
	}
	fin_free(*slot);
	*slot = c;
}

/* strcmp with NULL as "". */
static int id_cmp(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "");
}

/* Fold another min and max (with the ids that hold them) into a: the
 * smaller min, the larger max, ties to the smaller id, so the result does
 * not depend on the order of merging. */
void fin_agg_acc_merge_minmax(fin_agg *g, agg_acc *a, const fin_wide *min, const char *min_id,
                              const fin_wide *max, const char *max_id)
{
	if (!a->min_id) {
		a->min = *min;
		a->max = *max;
		set_id(g, &a->min_id, min_id);
		set_id(g, &a->max_id, max_id);
		return;
	}
	int c = fin_wide_cmp(min, &a->min);
	if (c < 0 || (c == 0 && id_cmp(min_id, a->min_id) < 0)) {
		a->min = *min;
		set_id(g, &a->min_id, min_id);
	}
	c = fin_wide_cmp(max, &a->max);
	if (c > 0 || (c == 0 && id_cmp(max_id, a->max_id) < 0)) {
		a->max = *max;
		set_id(g, &a->max_id, max_id);
	}
}

/* Count value v (count times, held by id) in a: n, exact sum, min/max,
 * multiset. */
void fin_agg_acc_add(fin_agg *g, agg_acc *a, const fin_wide *v, uint64_t count, const char *id)
{
	if (!count)
		return;
	a->n += count;
	fin_wide t = *v;
	if (count > 1)
		fin_wide_mul_dec(&t, (fin_decimal){(int64_t)count, 0});
	fin_wide_add(&a->sum, &t);
	fin_agg_acc_merge_minmax(g, a, v, id, v, id);
	fin_agg_ms_add(g, &a->ms, v, count);
}

/* The exact median of the multiset: the middle value, or the mean of the
 * two middle values. FIN_ENOTFOUND when empty. */
int fin_agg_acc_median(fin_agg *g, agg_acc *a, fin_wide *out)
{
	(void)g;
	fin_agg_ms_compact(&a->ms);
	uint64_t total = 0;
	for (size_t i = 0; i < a->ms.n; i++)
		total += a->ms.v[i].n;
	if (!total)
		return FIN_ENOTFOUND;
	uint64_t lo = (total - 1) / 2, hi = total / 2, seen = 0;
	const fin_wide *vlo = NULL, *vhi = NULL;
	for (size_t i = 0; i < a->ms.n && !vhi; i++) {
		uint64_t next = seen + a->ms.v[i].n;
		if (!vlo && lo < next)
			vlo = &a->ms.v[i].v;
		if (hi < next)
			vhi = &a->ms.v[i].v;
		seen = next;
	}
	*out = *vlo;
	if (vhi != vlo) {
		fin_wide_add(out, vhi);
		fin_wide_half(out);
	}
	fin_wide_norm(out);
	return FIN_OK;
}

/* ====================================================================== */
/* Groups                                                                  */
/* ====================================================================== */

static uint32_t group_hash(int grouping, const char *const *key)
{
	/* Interned pointers: equal strings, equal pointers. The hash only
	 * places groups in the table; output order comes from the strings. */
	uint32_t h = 2166136261u ^ (uint32_t)grouping;
	for (int i = 0; i < FIN_AGG_MAX_DIMS; i++) {
		uintptr_t p = (uintptr_t)key[i];
		h ^= (uint32_t)(p ^ (p >> 29));
		h *= 16777619u;
	}
	return h;
}

/* Double the group table (rehashing every group). 0 or FIN_ENOMEM. */
static int groups_grow(fin_agg *g)
{
	size_t cap = g->cap_groups ? g->cap_groups * 2 : 256;
	agg_group **v = fin_calloc(cap, sizeof *v);
	if (!v)
		return FIN_ENOMEM;
	for (size_t i = 0; i < g->cap_groups; i++) {
		agg_group *gr = g->groups[i];
		if (!gr)
			continue;
		size_t j = gr->hash & (cap - 1);
		while (v[j])
			j = (j + 1) & (cap - 1);
		v[j] = gr;
	}
	fin_free(g->groups);
	g->groups = v;
	g->cap_groups = cap;
	return FIN_OK;
}

/* The group of `grouping` with key (interned pointers, unused dims NULL),
 * created when new; NULL on out of memory. */
agg_group *fin_agg_group_get(fin_agg *g, int grouping, const char *const *key)
{
	uint32_t h = group_hash(grouping, key);
	if (g->cap_groups) {
		for (size_t i = h & (g->cap_groups - 1);; i = (i + 1) & (g->cap_groups - 1)) {
			agg_group *gr = g->groups[i];
			if (!gr)
				break;
			if (gr->hash == h && gr->grouping == grouping &&
			    memcmp(gr->key, key, sizeof gr->key) == 0)
				return gr;
		}
	}
	if ((g->n_groups + 1) * 2 > g->cap_groups && groups_grow(g)) {
		g->oom = 1;
		return NULL;
	}
	agg_group *gr = fin_calloc(1, sizeof *gr);
	if (!gr) {
		g->oom = 1;
		return NULL;
	}
	gr->grouping = grouping;
	memcpy(gr->key, key, sizeof gr->key);
	gr->hash = h;
	size_t i = h & (g->cap_groups - 1);
	while (g->groups[i])
		i = (i + 1) & (g->cap_groups - 1);
	g->groups[i] = gr;
	g->n_groups++;
	return gr;
}

/* The per-currency accumulator of gr for code, created when new; NULL on
 * out of memory (g->oom set). */
agg_cur *fin_agg_group_cur(fin_agg *g, agg_group *gr, const char *code)
{
	for (size_t i = 0; i < gr->n_cur; i++)
		if (strcmp(gr->cur[i].code, code) == 0)
			return &gr->cur[i];
	if (gr->n_cur == gr->cap_cur) {
		size_t cap = gr->cap_cur ? gr->cap_cur * 2 : 2;
		agg_cur *v = fin_realloc(gr->cur, cap * sizeof *v);
		if (!v) {
			g->oom = 1;
			return NULL;
		}
		gr->cur = v;
		gr->cap_cur = cap;
	}
	agg_cur *c = &gr->cur[gr->n_cur++];
	memset(c, 0, sizeof *c);
	memcpy(c->code, code, 3);
	return c;
}

/* Keys compared dimension by dimension: strings in byte order, "none"
 * (NULL) last. */
int fin_agg_key_cmp(const agg_group *a, const agg_group *b, int ndims)
{
	for (int i = 0; i < ndims; i++) {
		const char *x = a->key[i], *y = b->key[i];
		if (x == y)
			continue;
		if (!x || !y)
			return x ? -1 : 1;
		int c = strcmp(x, y);
		if (c)
			return c;
	}
	return 0;
}

/* ====================================================================== */
/* Records                                                                 */
/* ====================================================================== */

/* The value a record counts with: its value, or the midpoint of its range. */
void fin_agg_rec_value(const agg_rec *r, fin_wide *out)
{
	if (!r->is_range) {
		*out = fin_wide_from_dec(r->value);
		return;
	}
	*out = fin_wide_from_dec(r->min);
	fin_wide mx = fin_wide_from_dec(r->max);
	fin_wide_add(out, &mx);
	fin_wide_half(out);
	fin_wide_norm(out);
}

/* The USD value a record counts with, if it has one. */
bool fin_agg_rec_usd(const agg_rec *r, fin_wide *out)
{
	if (r->usd_reason != AGG_USD_OK)
		return false;
	if (!r->is_range) {
		*out = fin_wide_from_dec(r->usd);
		return true;
	}
	*out = fin_wide_from_dec(r->min_usd);
	fin_wide mx = fin_wide_from_dec(r->max_usd);
	fin_wide_add(out, &mx);
	fin_wide_half(out);
	fin_wide_norm(out);
	return true;
}

/* "YYYY-MM" of d, interned, or NULL. */
static const char *month_key(fin_agg *g, fin_ymd d)
{
	if (d.year <= 0)
		return NULL;
	char t[11];
	fin_ymd_format(d, t);
	return fin_agg_intern(g, t, 7);
}

/* Count one item (event or mention) in every group it belongs to. */
static void count_item(fin_agg *g, const agg_item *it)
{
	const agg_rec *r = it->rep;
	fin_wide v, usd;
	fin_agg_rec_value(r, &v);
	bool has_usd = fin_agg_rec_usd(r, &usd);
	const char *month = NULL, *cur = fin_agg_intern(g, r->currency, strlen(r->currency));
	g->counted++;
	if (has_usd)
		g->usd_ok++;
	else if (r->usd_reason == AGG_USD_NO_DATE)
		g->usd_no_date++;
	else
		g->usd_no_rate++;
	/* Grouping 0 is the total; the user's groupings follow. */
	for (int gi = 0; gi <= g->o.n_groupings; gi++) {
		const fin_agg_grouping *gp = gi ? &g->o.groupings[gi - 1] : NULL;
		int ndims = gp ? gp->n : 0, company_dim = -1;
		const char *key[FIN_AGG_MAX_DIMS] = {NULL, NULL, NULL, NULL};
		for (int d = 0; d < ndims; d++) {
			switch (gp->dims[d]) {
			case FIN_DIM_COMPANY:
				company_dim = d;
				break;
			case FIN_DIM_MONTH:
				if (!month)
					month = month_key(g, r->date);
				key[d] = month;
				break;
			case FIN_DIM_CURRENCY:
				key[d] = cur;
				break;
			case FIN_DIM_KIND:
				key[d] = it->kind;
				break;
			}
		}
		size_t nk = company_dim >= 0 && it->n_companies ? it->n_companies : 1;
		for (size_t k = 0; k < nk; k++) {
			if (company_dim >= 0)
				key[company_dim] = it->n_companies ? it->companies[k] : NULL;
			agg_group *gr = fin_agg_group_get(g, gi, key);
			if (!gr)
				return;
			gr->count++;
			gr->mentions += it->mentions;
			if (has_usd)
				fin_agg_acc_add(g, &gr->usd, &usd, 1, it->id);
			else if (r->usd_reason == AGG_USD_NO_DATE)
				gr->no_date++;
			else
				gr->no_rate++;
			agg_cur *c = fin_agg_group_cur(g, gr, r->currency);
			if (c)
				fin_agg_acc_add(g, &c->acc, &v, 1, it->id);
		}
	}
	if (has_usd)
		fin_agg_top_offer(g, r, it->id, it->companies, it->n_companies, it->kind, it->mentions, &usd);
}

/* ====================================================================== */
/* Top deals                                                               */
/* ====================================================================== */

/* Better first: larger USD value, then smaller id. */
static int top_cmp_key(const fin_wide *ua, const char *ida, const fin_wide *ub, const char *idb)
{
	int c = fin_wide_cmp(ua, ub);
	if (c)
		return -c;
	return id_cmp(ida, idb);
}

/* Offer a deal to the top list (best first, at most o.top): kept with its
 * own copies when it ranks, by USD value then smaller id. */
void fin_agg_top_offer(fin_agg *g, const agg_rec *r, const char *id, const char *const *companies,
                       size_t n_companies, const char *kind, uint64_t mentions, const fin_wide *usd)
{
	size_t n = g->n_top, max = (size_t)g->o.top;
	if (n == max && top_cmp_key(usd, id, &g->top[n - 1].usd, g->top[n - 1].id) >= 0)
		return;
	/* A state may offer the same deal twice only if the input held it
	 * twice; keep both, like a single run would. */
	if (!g->top) {
		g->top = fin_calloc(max + 1, sizeof *g->top);
		if (!g->top) {
			g->oom = 1;
			return;
		}
	}
	agg_top t;
	memset(&t, 0, sizeof t);
	t.id = fin_strndup(id, strlen(id));
	t.doc = fin_strndup(r->doc ? r->doc : "", r->doc ? strlen(r->doc) : 0);
	t.companies = n_companies ? fin_calloc(n_companies, sizeof(char *)) : NULL;
	if (!t.id || !t.doc || (n_companies && !t.companies)) {
		top_free(&t);
		g->oom = 1;
		return;
	}
	if (n_companies)
		memcpy((void *)t.companies, companies, n_companies * sizeof(char *));
	t.n_companies = n_companies;
	t.r = *r;
	t.r.id = t.id;
	t.r.doc = t.doc;
	t.r.eq = NULL;
	t.r.companies = t.companies;
	t.r.n_companies = (uint32_t)n_companies;
	t.kind = kind;
	t.mentions = mentions;
	t.usd = *usd;
	size_t pos = n;
	while (pos > 0 && top_cmp_key(usd, id, &g->top[pos - 1].usd, g->top[pos - 1].id) < 0)
		pos--;
	if (n == max) {
		top_free(&g->top[n - 1]);
		n--;
	}
	memmove(&g->top[pos + 1], &g->top[pos], (n - pos) * sizeof *g->top);
	g->top[pos] = t;
	g->n_top = n + 1;
}

/* ====================================================================== */
/* Taking records                                                          */
/* ====================================================================== */

/* Copy the strings of r into the arena and keep it (event counting). */
static int keep_record(fin_agg *g, const agg_rec *r)
{
	if (g->n_recs == g->cap_recs) {
		size_t cap = g->cap_recs ? g->cap_recs * 2 : 1024;
		agg_rec *v = fin_realloc(g->recs, cap * sizeof *v);
		int32_t *nx = v ? fin_realloc(g->next_same_id, cap * sizeof *nx) : NULL;
		if (v)
			g->recs = v;
		if (!v || !nx)
			return FIN_ENOMEM;
		g->next_same_id = nx;
		g->cap_recs = cap;
	}
	agg_rec k = *r;
	k.id = fin_agg_intern(g, r->id, strlen(r->id));
	k.doc = fin_agg_intern(g, r->doc, strlen(r->doc));
	k.eq = r->eq ? fin_agg_intern(g, r->eq, strlen(r->eq)) : NULL;
	if (r->n_companies) {
		const char **c = fin_arena_alloc(&g->arena, r->n_companies * sizeof *c);
		if (!c)
			return FIN_ENOMEM;
		memcpy(c, r->companies, r->n_companies * sizeof *c);
		k.companies = c;
	} else {
		k.companies = NULL;
	}
	if (g->oom || !k.id || !k.doc || (r->eq && !k.eq))
		return FIN_ENOMEM;
	agg_str *s = fin_agg_intern_find(g, k.id, strlen(k.id));
	int32_t idx = (int32_t)g->n_recs;
	g->next_same_id[idx] = s->head;
	s->head = idx;
	g->recs[g->n_recs++] = k;
	return FIN_OK;
}

/* Take one money record: kept for joining (events) or counted at once
 * (mentions). */
int fin_agg_take_record(fin_agg *g, const agg_rec *r)
{
	g->records++;
	if (!g->o.mentions)
		return keep_record(g, r);
	agg_item it;
	memset(&it, 0, sizeof it);
	it.id = r->id;
	it.rep = r;
	it.companies = r->companies;
	it.n_companies = r->n_companies;
	it.kind = r->kind;
	it.mentions = 1;
	count_item(g, &it);
	return g->oom ? FIN_ENOMEM : FIN_OK;
}

/* ====================================================================== */
/* Events                                                                  */
/* ====================================================================== */

static uint32_t uf_find(uint32_t *parent, uint32_t i)
{
	while (parent[i] != i) {
		parent[i] = parent[parent[i]];
		i = parent[i];
	}
	return i;
}

/* Join the sets of a and b (union-find). */
static void uf_union(uint32_t *parent, uint32_t a, uint32_t b)
{
	a = uf_find(parent, a);
	b = uf_find(parent, b);
	/* The smaller index becomes the root: any choice gives the same sets. */
	if (a < b)
		parent[b] = a;
	else if (b < a)
		parent[a] = b;
}

/* Days since 1970-01-01 of a civil date (proleptic Gregorian). */
static int64_t day_number(fin_ymd d)
{
	int64_t y = d.year, m = d.month, dd = d.day;
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;
	int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + dd - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/* One entry per (record, company) for the search of matching reports. A
 * bucket is (company, currency, unit, dated or not): only entries of one
 * bucket can match. */
typedef struct match_entry {
	const char *company;
	const char *unit;
	const char *kind;
	char currency[4];
	uint8_t dated;
	uint8_t active; /* 0: an exact copy of an earlier entry (same value, day, kind) */
	int64_t day;    /* day number when dated */
	fin_wide value; /* the value, or the midpoint of the range */
	uint32_t rec;
} match_entry;

/* Order of buckets: company, unit, currency, then undated before dated. */
static int bucket_cmp(const match_entry *a, const match_entry *b)
{
	int c;
	if (a->company != b->company && (c = strcmp(a->company, b->company)) != 0)
		return c;
	if (a->unit != b->unit && (c = id_cmp(a->unit, b->unit)) != 0)
		return c;
	if ((c = strcmp(a->currency, b->currency)) != 0)
		return c;
	return a->dated == b->dated ? 0 : (a->dated ? 1 : -1);
}

/* Bucket, then value, day and kind (exact copies end up next to each other). */
static int match_cmp(const void *pa, const void *pb)
{
	const match_entry *a = pa, *b = pb;
	int c = bucket_cmp(a, b);
	if (c)
		return c;
	if ((c = fin_wide_cmp(&a->value, &b->value)) != 0)
		return c;
	if (a->day != b->day)
		return a->day < b->day ? -1 : 1;
	if ((c = id_cmp(a->kind, b->kind)) != 0)
		return c;
	return a->rec < b->rec ? -1 : a->rec > b->rec;
}

/* Bucket, then day, then value: the order of the dated search. */
static int match_day_cmp(const void *pa, const void *pb)
{
	const match_entry *a = *(const match_entry *const *)pa, *b = *(const match_entry *const *)pb;
	int c = bucket_cmp(a, b);
	if (c)
		return c;
	if (a->day != b->day)
		return a->day < b->day ? -1 : 1;
	if ((c = fin_wide_cmp(&a->value, &b->value)) != 0)
		return c;
	return a->rec < b->rec ? -1 : a->rec > b->rec;
}

/* |a - b| * 100 <= max(|a|, |b|), exactly. */
static bool within_one_percent(const fin_wide *a, const fin_wide *b)
{
	fin_wide d = *b, na = *a;
	na.neg = (uint8_t)(fin_wide_is_zero(&na) ? 0 : !na.neg);
	fin_wide_add(&d, &na);
	d.neg = 0;
	fin_wide_mul_dec(&d, (fin_decimal){100, 0});
	fin_wide ma = *a, mb = *b;
	ma.neg = mb.neg = 0;
	const fin_wide *mx = fin_wide_cmp(&ma, &mb) >= 0 ? &ma : &mb;
	return fin_wide_cmp(&d, mx) <= 0;
}

/* Kinds of the same deal: equal, or either unknown or "other". */
static bool kinds_agree(const fin_agg *g, const char *a, const char *b)
{
	return a == b || !a || !b || a == g->other_kind || b == g->other_kind;
}

/* Union every pair of reports of the same deal: same bucket, values within
 * 1 %, kinds that agree, days at most the window apart (or both undated).
 * Exact copies are joined first and then stand for each other, so a
 * company with many identical amounts costs a sort, not a square; dated
 * entries are searched in date order within the window, undated ones in
 * value order within 1 %. */
static int join_matches(fin_agg *g, uint32_t *parent)
{
	size_t n = g->n_recs, ne = 0;
	for (size_t i = 0; i < n; i++)
		ne += g->recs[i].n_companies;
	if (!ne)
		return FIN_OK;
	match_entry *me = fin_malloc(ne * sizeof *me);
	match_entry **dated = fin_malloc(ne * sizeof *dated);
	if (!me || !dated) {
		fin_free(me);
		fin_free(dated);
		return FIN_ENOMEM;
	}
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		const agg_rec *r = &g->recs[i];
		fin_wide v;
		fin_agg_rec_value(r, &v);
		for (uint32_t c = 0; c < r->n_companies; c++) {
			match_entry *e = &me[k++];
			e->company = r->companies[c];
			e->unit = r->unit;
			e->kind = r->kind;
			memcpy(e->currency, r->currency, 4);
			e->dated = r->date.year > 0;
			e->day = e->dated ? day_number(r->date) : 0;
			e->active = 1;
			e->value = v;
			e->rec = (uint32_t)i;
		}
	}
	qsort(me, ne, sizeof *me, match_cmp);
	for (size_t i = 1; i < ne; i++) {
		match_entry *h = &me[i - 1], *e = &me[i];
		if (bucket_cmp(h, e) == 0 && h->day == e->day && h->kind == e->kind &&
		    fin_wide_cmp(&h->value, &e->value) == 0) {
			/* The run's first entry stands for it. */
			uf_union(parent, h->rec, e->rec);
			e->active = 0;
		}
	}
	/* Undated: in value order, within 1 %. */
	for (size_t i = 0; i < ne; i++) {
		if (!me[i].active || me[i].dated)
			continue;
		for (size_t j = i + 1; j < ne && bucket_cmp(&me[i], &me[j]) == 0; j++) {
			if (!me[j].active)
				continue;
			/* Sorted by value: once out of 1 %, every later one is. */
			if (!within_one_percent(&me[i].value, &me[j].value))
				break;
			if (kinds_agree(g, me[i].kind, me[j].kind))
				uf_union(parent, me[i].rec, me[j].rec);
		}
	}
	/* Dated: in date order, within the window. */
	size_t nd = 0;
	for (size_t i = 0; i < ne; i++)
		if (me[i].active && me[i].dated)
			dated[nd++] = &me[i];
	qsort(dated, nd, sizeof *dated, match_day_cmp);
	for (size_t i = 0; i < nd; i++) {
		const match_entry *a = dated[i];
		for (size_t j = i + 1; j < nd && bucket_cmp(a, dated[j]) == 0; j++) {
			const match_entry *b = dated[j];
			if (b->day - a->day > g->o.window_days)
				break;
			if (kinds_agree(g, a->kind, b->kind) && within_one_percent(&a->value, &b->value))
				uf_union(parent, a->rec, b->rec);
		}
	}
	fin_free(dated);
	fin_free(me);
	return FIN_OK;
}

/* qsort: strings by strcmp. */
static int str_ptr_cmp(const void *pa, const void *pb)
{
	return strcmp(*(const char *const *)pa, *(const char *const *)pb);
}

/* Total order of the members of an event; the first one represents it. */
static int rep_cmp(const agg_rec *a, const agg_rec *b)
{
	if (!a->eq != !b->eq)
		return a->eq ? 1 : -1;
	bool da = a->date.year > 0, db = b->date.year > 0;
	if (da != db)
		return da ? -1 : 1;
	if (da) {
		int64_t x = day_number(a->date), y = day_number(b->date);
		if (x != y)
			return x < y ? -1 : 1;
	}
	int c = strcmp(a->id, b->id);
	if (c)
		return c;
	/* Same id twice (the input repeats a record): order by content so the
	 * choice does not depend on the input order. */
	if ((c = strcmp(a->currency, b->currency)) != 0)
		return c;
	if (a->is_range != b->is_range)
		return a->is_range ? 1 : -1;
	fin_wide va, vb;
	fin_agg_rec_value(a, &va);
	fin_agg_rec_value(b, &vb);
	if ((c = fin_wide_cmp(&va, &vb)) != 0)
		return c;
	if (a->usd_reason != b->usd_reason)
		return a->usd_reason < b->usd_reason ? -1 : 1;
	if ((c = id_cmp(a->kind, b->kind)) != 0 || (c = id_cmp(a->unit, b->unit)) != 0 ||
	    (c = id_cmp(a->eq, b->eq)) != 0 || (c = id_cmp(a->doc, b->doc)) != 0)
		return c;
	if (a->n_companies != b->n_companies)
		return a->n_companies < b->n_companies ? -1 : 1;
	for (uint32_t i = 0; i < a->n_companies; i++)
		if ((c = strcmp(a->companies[i], b->companies[i])) != 0)
			return c;
	return 0;
}

/* qsort context for the member order: records grouped by their root. */
typedef struct member {
	uint32_t root;
	uint32_t rec;
	const agg_rec *r;
} member;

/* qsort: members by component, then in representative order. */
static int member_cmp(const void *pa, const void *pb)
{
	const member *a = pa, *b = pb;
	if (a->root != b->root)
		return a->root < b->root ? -1 : 1;
	int c = rep_cmp(a->r, b->r);
	if (c)
		return c;
	return a->rec < b->rec ? -1 : a->rec > b->rec;
}

/* qsort: pointers by address (only to count distinct ones). */
static int ptr_cmp(const void *pa, const void *pb)
{
	uintptr_t a = (uintptr_t) * (const void *const *)pa, b = (uintptr_t) * (const void *const *)pb;
	return a < b ? -1 : a > b;
}

/* Join the kept records into events: union-find over restatement links
 * and matching reports, then one item per component. */
static int join_events(fin_agg *g)
{
	size_t n = g->n_recs;
	if (!n)
		return FIN_OK;
	uint32_t *parent = fin_malloc(n * sizeof *parent);
	if (!parent)
		return FIN_ENOMEM;
	for (size_t i = 0; i < n; i++)
		parent[i] = (uint32_t)i;
	/* Restatements join what they restate (any record with that id). */
	for (size_t i = 0; i < n; i++) {
		const agg_rec *r = &g->recs[i];
		if (!r->eq)
			continue;
		agg_str *s = fin_agg_intern_find(g, r->eq, strlen(r->eq));
		for (int32_t j = s ? s->head : -1; j >= 0; j = g->next_same_id[j])
			uf_union(parent, (uint32_t)i, (uint32_t)j);
	}
	/* Reports of the same deal. */
	if (join_matches(g, parent)) {
		fin_free(parent);
		return FIN_ENOMEM;
	}
	/* Members ordered by component, the representative first. */
	member *mb = fin_malloc(n * sizeof *mb);
	g->order = fin_malloc(n * sizeof *g->order);
	g->rec_item = fin_malloc(n * sizeof *g->rec_item);
	if (!mb || !g->order || !g->rec_item) {
		fin_free(mb);
		fin_free(parent);
		return FIN_ENOMEM;
	}
	for (size_t i = 0; i < n; i++)
		mb[i] = (member){uf_find(parent, (uint32_t)i), (uint32_t)i, &g->recs[i]};
	fin_free(parent);
	qsort(mb, n, sizeof *mb, member_cmp);
	size_t n_items = 0;
	for (size_t i = 0; i < n; i++)
		if (i == 0 || mb[i].root != mb[i - 1].root)
			n_items++;
	g->items = fin_calloc(n_items, sizeof *g->items);
	if (!g->items) {
		fin_free(mb);
		return FIN_ENOMEM;
	}
	for (size_t i = 0; i < n; i++)
		g->order[i] = mb[i].rec;
	size_t start = 0;
	for (size_t i = 1; i <= n; i++) {
		if (i < n && mb[i].root == mb[start].root)
			continue;
		agg_item *it = &g->items[g->n_items];
		const agg_rec *rep = mb[start].r;
		it->id = rep->id;
		it->rep = rep;
		it->first = start;
		it->n_members = i - start;
		it->mentions = i - start;
		it->kind = rep->kind;
		size_t nc = 0;
		for (size_t m = start; m < i; m++) {
			g->rec_item[mb[m].rec] = (uint32_t)g->n_items;
			nc += mb[m].r->n_companies;
			if (!it->kind)
				it->kind = mb[m].r->kind;
		}
		/* Companies: the union over the members, sorted. */
		const char **cs = nc ? fin_arena_alloc(&g->arena, nc * sizeof *cs) : NULL;
		const char **docs = fin_malloc((i - start) * sizeof *docs);
		if ((nc && !cs) || !docs) {
			fin_free(docs);
			fin_free(mb);
			return FIN_ENOMEM;
		}
		size_t c = 0;
		for (size_t m = start; m < i; m++) {
			for (uint32_t q = 0; q < mb[m].r->n_companies; q++)
				cs[c++] = mb[m].r->companies[q];
			docs[m - start] = mb[m].r->doc;
		}
		if (c > 1)
			qsort(cs, c, sizeof *cs, str_ptr_cmp);
		size_t u = 0;
		for (size_t q = 0; q < c; q++)
			if (!u || cs[u - 1] != cs[q])
				cs[u++] = cs[q];
		it->companies = cs;
		it->n_companies = u;
		qsort(docs, i - start, sizeof *docs, ptr_cmp);
		for (size_t q = 0; q < i - start; q++)
			if (!q || docs[q] != docs[q - 1])
				it->n_docs++;
		fin_free(docs);
		g->n_items++;
		start = i;
	}
	fin_free(mb);
	return FIN_OK;
}

/* qsort: groups by grouping, then key (output order). */
static int group_cmp(const void *pa, const void *pb)
{
	const agg_group *a = *(const agg_group *const *)pa, *b = *(const agg_group *const *)pb;
	if (a->grouping != b->grouping)
		return a->grouping < b->grouping ? -1 : 1;
	return fin_agg_key_cmp(a, b, FIN_AGG_MAX_DIMS);
}

/* Join events (event counting), count them into the groups and sort the
 * groups for output (see agg.h). Calling it again does nothing. */
int fin_agg_finish(fin_agg *g, fin_error *err)
{
	if (g->finished)
		return FIN_OK;
	g->finished = 1;
	if (!g->o.mentions) {
		int rc = join_events(g);
		if (rc)
			return fin_error_set(err, rc, "", 0, "out of memory");
		for (size_t i = 0; i < g->n_items && !g->oom; i++)
			count_item(g, &g->items[i]);
	}
	/* The total exists even without input. */
	const char *key[FIN_AGG_MAX_DIMS] = {NULL, NULL, NULL, NULL};
	fin_agg_group_get(g, 0, key);
	if (g->oom)
		return fin_error_set(err, FIN_ENOMEM, "", 0, "out of memory");
	g->sorted = fin_malloc((g->n_groups ? g->n_groups : 1) * sizeof *g->sorted);
	if (!g->sorted)
		return fin_error_set(err, FIN_ENOMEM, "", 0, "out of memory");
	size_t k = 0;
	for (size_t i = 0; i < g->cap_groups; i++)
		if (g->groups[i])
			g->sorted[k++] = g->groups[i];
	qsort(g->sorted, k, sizeof *g->sorted, group_cmp);
	return FIN_OK;
}

/* The event id of record id, after fin_agg_finish (see agg.h). */
const char *fin_agg_event_of(const fin_agg *g, const char *id)
{
	if (!g->finished || g->o.mentions || !id)
		return NULL;
	agg_str *s = fin_agg_intern_find(g, id, strlen(id));
	if (!s || s->head < 0)
		return NULL;
	return g->items[g->rec_item[s->head]].id;
}
