/*
 * company.c — companies and other organisations in an article.
 *
 * Sources of a mention, tried at each capitalised token (or '<' / '('):
 *  - the gazetteer (data/companies.tsv, data/orgs.tsv): names, aliases;
 *  - capitalised runs that end in a corporate suffix ("Computer Terminal
 *    Systems Inc") or an organisation head ("Commerce Department");
 *  - Reuters markup "<Name Inc>" and "<TICK>", and "(NYSE: TICK)";
 *  - acronyms defined in the article ("Imperial Chemical Industries (ICI)");
 *  - in-article aliases: later partial mentions ("Computer Terminal").
 *
 * Matching works on normalised token keys: tokens lower-cased, '.' and ','
 * dropped, one space where the text had white space. All-caps aliases
 * ("AMD", "BP") match case-sensitively; mixed-case ones ("OpenAI") match
 * case-insensitively when the text words that are capitalised in the alias
 * are capitalised in the text too. An all-caps headline relaxes that.
 *
 * The gazetteer is built once per process and is read-only afterwards.
 */
#include "internal.h"

#include <string.h>

/* ---------------------------------------------------------------------- */
/* Limits                                                                 */
/* ---------------------------------------------------------------------- */

#define KEY_MAX 192     /* longest normalised key we look up */
#define KEY_TOKS 16     /* most tokens in one key */
#define RUN_MAX 12      /* most tokens in one suffix run */
#define MARKUP_MAX 16   /* most tokens inside <...> */

/* not-companies categories */
enum {
	NC_NONE = 0,
	NC_BLOCK,   /* country, state, place, month, day: never a company */
	NC_STARTER, /* function words and clause heads: never start a name */
	NC_PERSON,  /* first names */
	NC_WORD     /* common English words (lower-cased) */
};

/* Word classes (bits), looked up once per token through the hash table. */
#define W_STRONG 0x001u   /* legal suffix: Inc, Corp, Ltd, plc ... */
#define W_WEAK 0x002u     /* suffix kept in the name: Group, Bank, Systems ... */
#define W_HEAD 0x004u     /* head of a non-company body: Ministry, Commission ... */
#define W_OFHEAD 0x008u   /* "of" may follow inside a name: Bank of ... */
#define W_HSTOP 0x010u    /* headline verb or noun: SAYS, TO, UNIT ... */
#define W_TITLE 0x020u    /* Mr, Mrs, Ms, Dr ... */
#define W_PARTICLE 0x040u /* de, van, von ... */
#define W_EXCH 0x080u     /* NYSE, Nasdaq ... */
#define W_CENTRAL 0x100u  /* Central, Reserve (+ Bank: a central bank) */
#define W_NC_SHIFT 12     /* the NC_* category sits in bits 12..14 */
#define W_DONE 0x8000u    /* cache slot filled */

/* ---------------------------------------------------------------------- */
/* Gazetteer                                                              */
/* ---------------------------------------------------------------------- */

/* One known organisation. */
typedef struct gz_entity {
	uint32_t name_off; /* canonical name in the pool */
	uint32_t name_len;
	uint8_t kind;      /* fin_org_kind */
} gz_entity;

/* One normalised key; several roles may share it. */
typedef struct gz_entry {
	uint32_t hash;     /* fin_hash_ci of the key; 0 marks an empty slot with key_len 0 */
	uint32_t key_off;  /* lower-case key in the pool */
	uint32_t key_len;
	int32_t ent_ci;    /* entity of a mixed-case alias, or -1 */
	int32_t ent_cs;    /* entity of an all-caps alias (case-sensitive), or -1 */
	uint32_t capmask;  /* key tokens that the mixed-case alias capitalises */
	uint16_t wcls;     /* W_* word classes of a one-word key */
	uint8_t notco;     /* NC_* category */
	uint8_t prefix;    /* a longer key continues this one */
	uint8_t used;      /* slot taken */
} gz_entry;

/* A ticker symbol (exact case). */
typedef struct gz_ticker {
	uint32_t hash;
	uint32_t key_off;
	uint32_t key_len;
	int32_t ent;
	uint8_t used;
} gz_ticker;

struct fin_gazetteer {
	gz_entity *ents;     /* every organisation */
	size_t n_ents, cap_ents;
	gz_entry *tab;       /* open addressing, power-of-two size */
	size_t tab_n, tab_cap;
	gz_ticker *tick;     /* ticker symbols, open addressing */
	size_t tick_n, tick_cap;
	char *pool;          /* keys and names */
	size_t pool_len, pool_cap;
};

/* Append bytes to the pool; *off gets their offset. */
static int pool_add(fin_gazetteer *g, const char *s, size_t n, uint32_t *off)
{
	if (g->pool_len + n + 1 > g->pool_cap) {
		size_t nc = g->pool_cap ? g->pool_cap : 1u << 20;
		while (g->pool_len + n + 1 > nc)
			nc *= 2;
		if (nc > UINT32_MAX)
			return FIN_ENOMEM;
		char *p = fin_realloc(g->pool, nc);
		if (!p)
			return FIN_ENOMEM;
		g->pool = p;
		g->pool_cap = nc;
	}
	memcpy(g->pool + g->pool_len, s, n);
	g->pool[g->pool_len + n] = '\0';
	*off = (uint32_t)g->pool_len;
	g->pool_len += n + 1;
	return FIN_OK;
}

/* Find the slot of key (lower-case) in the table: its entry or the empty
 * slot where it would go. */
static gz_entry *tab_slot(gz_entry *tab, size_t cap, const char *pool, const char *key,
			  size_t len, uint32_t h)
{
	size_t mask = cap - 1;
	for (size_t i = h & mask;; i = (i + 1) & mask) {
		gz_entry *e = &tab[i];
		if (!e->used)
			return e;
		if (e->hash == h && e->key_len == len && memcmp(pool + e->key_off, key, len) == 0)
			return e;
	}
}

/* Keep the load factor under 1/2. */
static int tab_reserve(fin_gazetteer *g)
{
	if ((g->tab_n + 1) * 2 <= g->tab_cap)
		return FIN_OK;
	size_t nc = g->tab_cap ? g->tab_cap * 2 : 1u << 16;
	gz_entry *t = fin_calloc(nc, sizeof *t);
	if (!t)
		return FIN_ENOMEM;
	for (size_t i = 0; i < g->tab_cap; i++) {
		gz_entry *e = &g->tab[i];
		if (e->used)
			*tab_slot(t, nc, g->pool, g->pool + e->key_off, e->key_len, e->hash) = *e;
	}
	fin_free(g->tab);
	g->tab = t;
	g->tab_cap = nc;
	return FIN_OK;
}

/* The entry for key, created empty if absent. */
static int tab_get(fin_gazetteer *g, const char *key, size_t len, gz_entry **out)
{
	int rc = tab_reserve(g);
	if (rc)
		return rc;
	uint32_t h = fin_hash_ci(key, len);
	gz_entry *e = tab_slot(g->tab, g->tab_cap, g->pool, key, len, h);
	if (!e->used) {
		uint32_t off;
		if ((rc = pool_add(g, key, len, &off)))
			return rc;
		e->used = 1;
		e->hash = h;
		e->key_off = off;
		e->key_len = (uint32_t)len;
		e->ent_ci = e->ent_cs = -1;
		g->tab_n++;
	}
	*out = e;
	return FIN_OK;
}

/* Lookup without insertion; NULL when absent. */
static const gz_entry *tab_find(const fin_gazetteer *g, const char *key, size_t len)
{
	if (!g->tab_cap)
		return NULL;
	uint32_t h = fin_hash_ci(key, len);
	const gz_entry *e = tab_slot(g->tab, g->tab_cap, g->pool, key, len, h);
	return e->used ? e : NULL;
}

static gz_ticker *tick_slot(gz_ticker *t, size_t cap, const char *pool, const char *key,
			    size_t len, uint32_t h)
{
	size_t mask = cap - 1;
	for (size_t i = h & mask;; i = (i + 1) & mask) {
		gz_ticker *e = &t[i];
		if (!e->used)
			return e;
		if (e->hash == h && e->key_len == len && memcmp(pool + e->key_off, key, len) == 0)
			return e;
	}
}

/* Add ticker -> entity (first one wins). */
static int tick_add(fin_gazetteer *g, const char *key, size_t len, int32_t ent)
{
	if ((g->tick_n + 1) * 2 > g->tick_cap) {
		size_t nc = g->tick_cap ? g->tick_cap * 2 : 1u << 14;
		gz_ticker *t = fin_calloc(nc, sizeof *t);
		if (!t)
			return FIN_ENOMEM;
		for (size_t i = 0; i < g->tick_cap; i++)
			if (g->tick[i].used)
				*tick_slot(t, nc, g->pool, g->pool + g->tick[i].key_off,
					   g->tick[i].key_len, g->tick[i].hash) = g->tick[i];
		fin_free(g->tick);
		g->tick = t;
		g->tick_cap = nc;
	}
	uint32_t h = fin_hash_ci(key, len);
	gz_ticker *e = tick_slot(g->tick, g->tick_cap, g->pool, key, len, h);
	if (e->used)
		return FIN_OK;
	uint32_t off;
	int rc = pool_add(g, key, len, &off);
	if (rc)
		return rc;
	e->used = 1;
	e->hash = h;
	e->key_off = off;
	e->key_len = (uint32_t)len;
	e->ent = ent;
	g->tick_n++;
	return FIN_OK;
}

static const gz_ticker *tick_find(const fin_gazetteer *g, const char *key, size_t len)
{
	if (!g->tick_cap)
		return NULL;
	uint32_t h = fin_hash_ci(key, len);
	const gz_ticker *e = tick_slot(g->tick, g->tick_cap, g->pool, key, len, h);
	return e->used ? e : NULL;
}

/* ---------------------------------------------------------------------- */
/* Keys                                                                   */
/* ---------------------------------------------------------------------- */

/* Tokens that keys skip: '.' and ','. */
static bool key_skips(const char *text, const fin_token *t)
{
	return t->kind == FIN_TOK_PUNCT && t->end - t->start == 1 &&
	       (text[t->start] == '.' || text[t->start] == ',');
}

/* Append token t to key buf (lower-cased; a space first when the text had
 * white space and the key is not empty). false when the key would be too
 * long. */
static bool key_push(char *buf, size_t *len, const char *text, const fin_token *t)
{
	size_t n = t->end - t->start;
	bool sp = *len > 0 && (t->flags & FIN_TF_SPACE_BEFORE);
	if (*len + n + (sp ? 1 : 0) > KEY_MAX)
		return false;
	if (sp)
		buf[(*len)++] = ' ';
	for (size_t i = 0; i < n; i++)
		buf[(*len)++] = (char)fin_to_lower((unsigned char)text[t->start + i]);
	return true;
}

/* Normalised key of a phrase s[0..n) (lexed with fin_lex into scratch):
 * lower-case key, token count, cap mask, key length after each token (for
 * the prefixes), whether the phrase has no lower case ASCII letters.
 * Returns the key length, 0 when empty or too long. */
static size_t phrase_key(fin_arena *scratch, const char *s, size_t n, char *key,
			 uint32_t *capmask, size_t *ntok, size_t *cuts, bool *allcaps, int *rc)
{
	fin_tokens toks;
	fin_arena_reset(scratch);
	*rc = fin_lex(scratch, s, n, &toks);
	if (*rc)
		return 0;
	size_t len = 0;
	*capmask = 0;
	*ntok = 0;
	*allcaps = false;
	bool letters = false, lower = false;
	for (size_t i = 0; i < toks.n; i++) {
		const fin_token *t = &toks.v[i];
		if (key_skips(s, t))
			continue;
		if (*ntok >= KEY_TOKS || !key_push(key, &len, s, t))
			return 0;
		if (t->flags & FIN_TF_CAP)
			*capmask |= 1u << *ntok;
		for (uint32_t j = t->start; j < t->end; j++) {
			unsigned char c = (unsigned char)s[j];
			letters |= fin_is_alpha(c);
			lower |= fin_is_lower(c);
		}
		cuts[(*ntok)++] = len;
	}
	*allcaps = letters && !lower;
	return len;
}

/* Mark the key's proper token prefixes (lengths cuts[0..ntok-1)) so that
 * a lookup knows when to try one more token. */
static int add_prefixes(fin_gazetteer *g, const char *key, const size_t *cuts, size_t ntok)
{
	for (size_t i = 0; i + 1 < ntok; i++) {
		gz_entry *e;
		int rc = tab_get(g, key, cuts[i], &e);
		if (rc)
			return rc;
		e->prefix = 1;
	}
	return FIN_OK;
}

/* Register alias s[0..n) for entity ent. */
static int add_alias(fin_gazetteer *g, fin_arena *scratch, const char *s, size_t n, int32_t ent)
{
	char key[KEY_MAX + 1];
	uint32_t capmask;
	size_t ntok, cuts[KEY_TOKS];
	bool allcaps;
	int rc;
	size_t len = phrase_key(scratch, s, n, key, &capmask, &ntok, cuts, &allcaps, &rc);
	if (rc)
		return rc;
	if (!len)
		return FIN_OK;
	gz_entry *e;
	if ((rc = tab_get(g, key, len, &e)))
		return rc;
	if (allcaps) {
		if (e->ent_cs < 0)
			e->ent_cs = ent;
	} else if (e->ent_ci < 0) {
		e->ent_ci = ent;
		e->capmask = capmask;
	}
	return add_prefixes(g, key, cuts, ntok);
}

/* Trim ASCII white space around a field. */
static fin_field_view trim(fin_field_view f)
{
	while (f.n && fin_is_space((unsigned char)f.p[0])) {
		f.p++;
		f.n--;
	}
	while (f.n && fin_is_space((unsigned char)f.p[f.n - 1]))
		f.n--;
	return f;
}

/* Load a companies/orgs table: canonical \t aliases (|) \t tickers (|). */
static int load_orgs(fin_gazetteer *g, fin_arena *scratch, const char *text, size_t len,
		     fin_org_kind kind)
{
	size_t pos = 0;
	long lineno = 0;
	fin_field_view f[3];
	size_t nf;
	int rc;
	while ((nf = fin_tsv_next(text, len, &pos, &lineno, f, 3)) > 0) {
		fin_field_view canon = trim(f[0]);
		if (!canon.n)
			continue;
		if (g->n_ents >= g->cap_ents) {
			size_t nc = g->cap_ents ? g->cap_ents * 2 : 8192;
			gz_entity *p = fin_realloc(g->ents, nc * sizeof *p);
			if (!p)
				return FIN_ENOMEM;
			g->ents = p;
			g->cap_ents = nc;
		}
		int32_t id = (int32_t)g->n_ents;
		gz_entity *ent = &g->ents[g->n_ents++];
		ent->kind = (uint8_t)kind;
		ent->name_len = (uint32_t)canon.n;
		if ((rc = pool_add(g, canon.p, canon.n, &ent->name_off)))
			return rc;
		bool canon_ok = true;
		if (nf >= 2) {
			const char *p = f[1].p, *end = f[1].p + f[1].n;
			while (p < end) {
				const char *bar = memchr(p, '|', (size_t)(end - p));
				fin_field_view a = {p, (size_t)((bar ? bar : end) - p)};
				a = trim(a);
				if (a.n == 1 && a.p[0] == '!')
					canon_ok = false; /* canonical too ambiguous alone */
				else if (a.n && (rc = add_alias(g, scratch, a.p, a.n, id)))
					return rc;
				p = bar ? bar + 1 : end;
			}
		}
		if (canon_ok && (rc = add_alias(g, scratch, canon.p, canon.n, id)))
			return rc;
		if (nf >= 3) {
			const char *p = f[2].p, *end = f[2].p + f[2].n;
			while (p < end) {
				const char *bar = memchr(p, '|', (size_t)(end - p));
				fin_field_view t = trim((fin_field_view){p, (size_t)((bar ? bar : end) - p)});
				if (t.n && (rc = tick_add(g, t.p, t.n, id)))
					return rc;
				p = bar ? bar + 1 : end;
			}
		}
	}
	return FIN_OK;
}

/* Load not-companies.tsv: phrase \t category. */
static int load_notco(fin_gazetteer *g, fin_arena *scratch, const char *text, size_t len)
{
	size_t pos = 0;
	long lineno = 0;
	fin_field_view f[2];
	size_t nf;
	int rc;
	while ((nf = fin_tsv_next(text, len, &pos, &lineno, f, 2)) > 0) {
		fin_field_view ph = trim(f[0]);
		if (!ph.n || nf < 2)
			continue;
		fin_field_view cat = trim(f[1]);
		uint8_t c = NC_BLOCK;
		if (fin_eq(cat.p, cat.n, "word"))
			c = NC_WORD;
		else if (fin_eq(cat.p, cat.n, "starter"))
			c = NC_STARTER;
		else if (fin_eq(cat.p, cat.n, "person"))
			c = NC_PERSON;
		char key[KEY_MAX + 1];
		uint32_t capmask;
		size_t ntok, cuts[KEY_TOKS];
		bool allcaps;
		size_t klen = phrase_key(scratch, ph.p, ph.n, key, &capmask, &ntok, cuts, &allcaps, &rc);
		if (rc)
			return rc;
		if (!klen)
			continue;
		gz_entry *e;
		if ((rc = tab_get(g, key, klen, &e)))
			return rc;
		/* the strongest category wins: block > starter > person > word */
		if (!e->notco || c < e->notco)
			e->notco = c;
		if ((rc = add_prefixes(g, key, cuts, ntok)))
			return rc;
	}
	return FIN_OK;
}

/* Load the built-in table `name` and, when data_dir is given, the file of
 * the same name there (a missing file is fine). */
static int load_file(fin_gazetteer *g, fin_arena *scratch, const char *data_dir,
		     const char *name, int which, fin_error *err)
{
	size_t len;
	const char *text = fin_data_builtin(name, &len);
	int rc = FIN_OK;
	if (text)
		rc = which == 2 ? load_notco(g, scratch, text, len)
				: load_orgs(g, scratch, text, len, which ? FIN_ORG_OTHER : FIN_ORG_COMPANY);
	if (rc)
		return fin_error_set(err, rc, name, 0, "cannot load the built-in %s", name);
	if (!data_dir)
		return FIN_OK;
	char path[4096];
	int w = snprintf(path, sizeof path, "%s/%s", data_dir, name);
	if (w < 0 || (size_t)w >= sizeof path)
		return fin_error_set(err, FIN_EINVAL, data_dir, 0, "data directory path too long");
	char *buf;
	fin_error tmp;
	rc = fin_read_file(path, 64u << 20, &buf, &len, &tmp);
	if (rc == FIN_ENOTFOUND)
		return FIN_OK;
	if (rc) {
		if (err)
			*err = tmp;
		return rc;
	}
	rc = which == 2 ? load_notco(g, scratch, buf, len)
			: load_orgs(g, scratch, buf, len, which ? FIN_ORG_OTHER : FIN_ORG_COMPANY);
	fin_free(buf);
	if (rc)
		return fin_error_set(err, rc, path, 0, "out of memory loading %s", name);
	return FIN_OK;
}

/* Legal-form suffixes: stripped from canonical names. */
static const char *const strong_sfx[] = {
	"inc", "incorporated", "corp", "corporation", "co", "cos", "company", "ltd", "limited",
	"plc", "llc", "lp", "llp", "ag", "sa", "nv", "bv", "gmbh", "spa", "ab", "oy", "oyj",
	"asa", "se", "kk", "pty", "bhd", "sarl", "srl", "kgaa", NULL,
};

/* Words that end company names and stay in them. */
static const char *const weak_sfx[] = {
	"group", "holdings", "holding", "partners", "capital", "bank", "banks", "bancorp",
	"bancshares", "industries", "international", "airlines", "airways", "motors",
	"petroleum", "resources", "systems", "technologies", "technology", "trust", "financial",
	"insurance", "enterprises", "investments", "securities", "associates", "brothers",
	"communications", "electronics", "pharmaceuticals", "laboratories", "foods",
	"chemicals", "mining", "manufacturing", "stores", "ventures", "networks",
	"entertainment", "semiconductor", "software", "telecom", "savings", "bancorporation",
	"energy", "utilities", "realty", "properties", "minerals", "steel", "shipping", NULL,
};

/* Heads of organisations that are not companies. */
static const char *const other_heads[] = {
	"ministry", "department", "commission", "agency", "authority", "council", "court",
	"bureau", "committee", "parliament", "government", "university", "union",
	"association", "federation", "organisation", "organization", "institute", NULL,
};

/* Words that stop a run in an all-caps headline (its verbs and nouns). */
static const char *const headline_stop[] = {
	"says", "said", "sees", "sets", "buys", "sells", "to", "unit", "units", "raises", "cuts",
	"lifts", "lowers", "ups", "gets", "wins", "makes", "plans", "files", "seeks", "completes",
	"agrees", "acquires", "acquire", "buy", "sell", "offer", "offers", "bid", "bids",
	"merger", "stake", "net", "profit", "loss", "rise", "rises", "falls", "fall", "up",
	"down", "has", "reports", "names", "ends", "extends", "holders", "shareholders",
	"board", "not", "share", "shares", "dividend", "qtr", "year", "results", "earnings",
	"for", "in", "on", "at", "by", "with", "from", "the", "a", "an", "and", "or", "sale",
	"deal", "talks", "may", "will", "to", "is", "be", "sees", "expects", "reject", "rejects",
	NULL,
};

/* Words after which "of" continues a name ("Bank of America"). */
static const char *const of_heads[] = {
	"bank", "banque", "banco", "ministry", "department", "commission", "agency",
	"authority", "council", "court", "bureau", "committee", "university", "union",
	"association", "federation", "organisation", "organization", "institute", "trust",
	"corporation", "company", "board", "office", "chamber", "exchange", "republic", NULL,
};

/* Lower-case particles inside foreign names ("Banque de France"). */
static const char *const particles[] = {"de", "du", "des", "van", "von", "der", "la", "di", "del", NULL};

/* Exchange names in "(NYSE: XYZ)". */
static const char *const exchanges[] = {
	"nyse", "nasdaq", "amex", "lse", "tsx", "asx", "otc", "nyse american", "ftse", "xetra",
	"euronext", "hkex", "tse", "sgx", NULL,
};

static const char *const titles[] = {"mr", "mrs", "ms", "dr", "sir", "lord", "messrs", NULL};
static const char *const centrals[] = {"central", "reserve", NULL};

/* Give every word of list the class bits cls. */
static int add_class(fin_gazetteer *g, const char *const *list, uint16_t cls)
{
	for (size_t i = 0; list[i]; i++) {
		gz_entry *e;
		int rc = tab_get(g, list[i], strlen(list[i]), &e);
		if (rc)
			return rc;
		e->wcls |= cls;
	}
	return FIN_OK;
}

/* The word classes used by the patterns. */
static int add_classes(fin_gazetteer *g)
{
	int rc = add_class(g, strong_sfx, W_STRONG);
	if (!rc)
		rc = add_class(g, weak_sfx, W_WEAK);
	if (!rc)
		rc = add_class(g, other_heads, W_HEAD);
	if (!rc)
		rc = add_class(g, of_heads, W_OFHEAD);
	if (!rc)
		rc = add_class(g, headline_stop, W_HSTOP);
	if (!rc)
		rc = add_class(g, titles, W_TITLE);
	if (!rc)
		rc = add_class(g, particles, W_PARTICLE);
	if (!rc)
		rc = add_class(g, exchanges, W_EXCH);
	if (!rc)
		rc = add_class(g, centrals, W_CENTRAL);
	return rc;
}

int fin_gazetteer_new(fin_gazetteer **out, const char *data_dir, fin_error *err)
{
	*out = NULL;
	fin_gazetteer *g = fin_calloc(1, sizeof *g);
	if (!g)
		return fin_error_set(err, FIN_ENOMEM, "", 0, "out of memory");
	fin_arena scratch;
	fin_arena_init(&scratch, 4096);
	int rc = add_classes(g);
	if (rc)
		fin_error_set(err, rc, "", 0, "out of memory");
	if (!rc)
		rc = load_file(g, &scratch, data_dir, "not-companies.tsv", 2, err);
	if (!rc)
		rc = load_file(g, &scratch, data_dir, "orgs.tsv", 1, err);
	if (!rc)
		rc = load_file(g, &scratch, data_dir, "companies.tsv", 0, err);
	fin_arena_free(&scratch);
	if (rc) {
		fin_gazetteer_free(g);
		return rc;
	}
	*out = g;
	return FIN_OK;
}

void fin_gazetteer_free(fin_gazetteer *g)
{
	if (!g)
		return;
	fin_free(g->ents);
	fin_free(g->tab);
	fin_free(g->tick);
	fin_free(g->pool);
	fin_free(g);
}

/* ---------------------------------------------------------------------- */
/* Word classes used by the patterns                                      */
/* ---------------------------------------------------------------------- */

static bool in_set(const char *s, size_t n, const char *const *set)
{
	for (size_t i = 0; set[i]; i++)
		if (fin_eq_ci(s, n, set[i]))
			return true;
	return false;
}

/* ---------------------------------------------------------------------- */
/* Per-article state                                                      */
/* ---------------------------------------------------------------------- */

/* A mention while scanning: token range and name. */
typedef struct mention {
	uint32_t t0, t1;   /* tokens [t0, t1) */
	const char *name;  /* canonical (arena), NULL for an unresolved ticker */
	uint8_t kind;      /* fin_org_kind */
} mention;

typedef struct mlist {
	mention *v;
	size_t n, cap;
} mlist;

/* A name the article has used for an entity. */
typedef struct art_alias {
	const char *key;  /* normalised key (lower case, or exact case when exact) */
	size_t len;
	size_t ntok;
	bool exact;       /* compare case-sensitively (acronyms, tickers) */
	const char *name; /* canonical name (arena) */
	uint8_t kind;
} art_alias;

/* One field being scanned. */
typedef struct field_ctx {
	const char *text;
	const fin_tokens *toks;
	bool shout;       /* all-caps headline */
	mlist m;          /* pass-1 mentions, in order */
	uint16_t *cls;    /* per token: W_* | NC << W_NC_SHIFT | W_DONE, 0 unknown */
} field_ctx;

typedef struct scan_ctx {
	const fin_gazetteer *g;
	fin_arena *arena;
	art_alias *al;
	size_t n_al, cap_al;
} scan_ctx;

static const fin_token *tok(const field_ctx *f, size_t i) { return &f->toks->v[i]; }

static size_t tlen(const fin_token *t) { return t->end - t->start; }

static bool is_punct(const field_ctx *f, size_t i, char c)
{
	const fin_token *t = tok(f, i);
	return t->kind == FIN_TOK_PUNCT && tlen(t) == 1 && f->text[t->start] == c;
}

static bool is_word(const field_ctx *f, size_t i) { return tok(f, i)->kind == FIN_TOK_WORD; }

static bool word_in(const field_ctx *f, size_t i, const char *const *set)
{
	const fin_token *t = tok(f, i);
	return t->kind == FIN_TOK_WORD && in_set(f->text + t->start, tlen(t), set);
}

/* Word classes of token i (W_* and the NC_* category), cached per field. */
static unsigned word_cls(const scan_ctx *c, const field_ctx *f, size_t i)
{
	if (f->cls && f->cls[i])
		return f->cls[i];
	const fin_token *t = tok(f, i);
	unsigned v = W_DONE;
	size_t n = tlen(t);
	if (t->kind == FIN_TOK_WORD && n <= KEY_MAX) {
		char key[KEY_MAX + 1];
		for (size_t j = 0; j < n; j++)
			key[j] = (char)fin_to_lower((unsigned char)f->text[t->start + j]);
		const gz_entry *e = tab_find(c->g, key, n);
		if (e)
			v |= e->wcls | ((unsigned)e->notco << W_NC_SHIFT);
	}
	if (f->cls)
		f->cls[i] = (uint16_t)v;
	return v;
}

/* Not-companies category of the single token i. */
static uint8_t notco_of(const scan_ctx *c, const field_ctx *f, size_t i)
{
	return (uint8_t)((word_cls(c, f, i) >> W_NC_SHIFT) & 7u);
}

/* true when token i is a word of class cls. */
static bool is_cls(const scan_ctx *c, const field_ctx *f, size_t i, unsigned cls)
{
	return tok(f, i)->kind == FIN_TOK_WORD && (word_cls(c, f, i) & cls);
}

/* true for a common lower-case word or a place/person word: too vague to
 * stand alone as an alias. */
static bool vague_word(const scan_ctx *c, const char *s, size_t n)
{
	char key[KEY_MAX + 1];
	if (n > KEY_MAX || n < 2)
		return true;
	for (size_t j = 0; j < n; j++)
		key[j] = (char)fin_to_lower((unsigned char)s[j]);
	const gz_entry *e = tab_find(c->g, key, n);
	return e && e->notco != NC_NONE;
}

/* A token that can begin a name: a capitalised word (any word in a
 * shouting headline), a word with an inner capital ("eBay"), or a number
 * glued to a word ("3M"). */
static bool can_start(const field_ctx *f, size_t i)
{
	const fin_token *t = tok(f, i);
	if (t->kind == FIN_TOK_WORD) {
		if (t->flags & FIN_TF_CAP)
			return true;
		for (uint32_t j = t->start + 1; j < t->end; j++)
			if (fin_is_upper((unsigned char)f->text[j]))
				return true;
		return false;
	}
	if (t->kind == FIN_TOK_NUM)
		return i + 1 < f->toks->n && tok(f, i + 1)->start == t->end && is_word(f, i + 1);
	return false;
}

/* Text of tokens [a, b) with inner white space collapsed to one space, '.'
 * kept; title-cased when the field shouts. Arena string or NULL. */
static char *span_name(scan_ctx *c, const field_ctx *f, size_t a, size_t b)
{
	size_t cap = 0;
	for (size_t i = a; i < b; i++)
		cap += tlen(tok(f, i)) + 1;
	char *s = fin_arena_alloc(c->arena, cap + 1);
	if (!s)
		return NULL;
	size_t n = 0;
	for (size_t i = a; i < b; i++) {
		const fin_token *t = tok(f, i);
		if (i > a && (t->flags & FIN_TF_SPACE_BEFORE))
			s[n++] = ' ';
		for (uint32_t j = t->start; j < t->end; j++) {
			unsigned char ch = (unsigned char)f->text[j];
			/* "STANDARD OIL" -> "Standard Oil"; short words stay (acronyms) */
			if (f->shout && j > t->start && (tlen(t) > 3 || (word_cls(c, f, i) & W_PARTICLE) ||
							   notco_of(c, f, i) == NC_WORD || notco_of(c, f, i) == NC_STARTER))
				ch = fin_to_lower(ch);
			s[n++] = (char)ch;
		}
	}
	s[n] = '\0';
	return s;
}

/* Key of tokens [a, b) into key; its length or 0. */
static size_t span_key(const field_ctx *f, size_t a, size_t b, char *key, size_t *ntok)
{
	size_t len = 0;
	*ntok = 0;
	for (size_t i = a; i < b; i++) {
		const fin_token *t = tok(f, i);
		if (key_skips(f->text, t))
			continue;
		if (!key_push(key, &len, f->text, t))
			return 0;
		(*ntok)++;
	}
	return len;
}

/* The article alias with this key, or NULL. */
static const art_alias *alias_find(const scan_ctx *c, const char *key, size_t len)
{
	for (size_t i = 0; i < c->n_al; i++) {
		const art_alias *a = &c->al[i];
		if (!a->exact && a->len == len && memcmp(a->key, key, len) == 0)
			return a;
	}
	return NULL;
}

/* Remember key -> name for the rest of the article (first one wins). */
static int alias_add(scan_ctx *c, const char *key, size_t len, size_t ntok, bool exact,
		     const char *name, uint8_t kind)
{
	for (size_t i = 0; i < c->n_al; i++) {
		const art_alias *a = &c->al[i];
		if (a->exact == exact && a->len == len && memcmp(a->key, key, len) == 0)
			return FIN_OK;
	}
	if (fin_arena_grow(c->arena, (void **)&c->al, &c->cap_al, c->n_al, sizeof(art_alias)))
		return FIN_ENOMEM;
	char *k = fin_arena_strndup(c->arena, key, len);
	if (!k)
		return FIN_ENOMEM;
	c->al[c->n_al++] = (art_alias){k, len, ntok, exact, name, kind};
	return FIN_OK;
}

/* Register a canonical name and its partial forms: the name itself, and
 * its leading words ("Computer Terminal" of "Computer Terminal Systems",
 * "Allegheny" of "Allegheny International") unless they are vague alone. */
static int register_name(scan_ctx *c, const char *name, uint8_t kind)
{
	fin_tokens toks;
	size_t n = strlen(name);
	int rc = fin_lex(c->arena, name, n, &toks);
	if (rc)
		return rc;
	field_ctx nf = {name, &toks, false, {0}, NULL};
	char key[KEY_MAX + 1];
	size_t ntok;
	size_t klen = span_key(&nf, 0, toks.n, key, &ntok);
	if (klen < 2)
		return FIN_OK;
	if ((rc = alias_add(c, key, klen, ntok, false, name, kind)))
		return rc;
	for (size_t b = toks.n - 1; b >= 1; b--) {
		const fin_token *last = &toks.v[b - 1];
		if (last->kind != FIN_TOK_WORD || !(last->flags & FIN_TF_CAP))
			continue; /* "Bank of", "Procter &" */
		if (b == 1 && vague_word(c, name + last->start, tlen(last)))
			continue;
		if (b == 1 && tlen(last) < 3)
			continue;
		klen = span_key(&nf, 0, b, key, &ntok);
		if (klen && (rc = alias_add(c, key, klen, ntok, false, name, kind)))
			return rc;
	}
	return FIN_OK;
}

/* The article's canonical name for a freshly built name: an existing alias
 * with the same key keeps names stable across mentions. */
static const char *stable_name(const scan_ctx *c, const char *name)
{
	char key[KEY_MAX + 1];
	size_t len = 0;
	for (size_t i = 0; name[i] && len < KEY_MAX; i++) {
		unsigned char ch = (unsigned char)name[i];
		if (ch == '.' || ch == ',')
			continue;
		key[len++] = (char)fin_to_lower(ch);
	}
	const art_alias *a = alias_find(c, key, len);
	return a ? a->name : name;
}

/* Copy entity e's canonical name into the arena, once per article. */
static const char *entity_name(scan_ctx *c, int32_t e, uint8_t *kind)
{
	const gz_entity *ent = &c->g->ents[e];
	const char *gname = c->g->pool + ent->name_off;
	*kind = ent->kind;
	for (size_t i = 0; i < c->n_al; i++)
		if (strcmp(c->al[i].name, gname) == 0)
			return c->al[i].name;
	char *s = fin_arena_strndup(c->arena, gname, ent->name_len);
	if (!s)
		return NULL;
	if (register_name(c, s, ent->kind))
		return NULL;
	return s;
}

static int push_mention(scan_ctx *c, mlist *m, size_t t0, size_t t1, const char *name, uint8_t kind)
{
	if (fin_arena_grow(c->arena, (void **)&m->v, &m->cap, m->n, sizeof(mention)))
		return FIN_ENOMEM;
	m->v[m->n++] = (mention){(uint32_t)t0, (uint32_t)t1, name, kind};
	return FIN_OK;
}

/* ---------------------------------------------------------------------- */
/* Gazetteer match at a token                                             */
/* ---------------------------------------------------------------------- */

typedef struct gz_match {
	size_t end;     /* token index after the match; 0 when none */
	int32_t ent;    /* entity, or -1 for a not-company phrase */
	uint8_t notco;
} gz_match;

/* Longest gazetteer key starting at token i. */
static gz_match gz_longest(const scan_ctx *c, const field_ctx *f, size_t i)
{
	gz_match best = {0, -1, 0};
	char key[KEY_MAX + 1];
	size_t len = 0, ntok = 0;
	uint32_t capmask = 0;
	bool lower = false;
	for (size_t j = i; j < f->toks->n && ntok < KEY_TOKS; j++) {
		const fin_token *t = tok(f, j);
		if (j > i && (t->flags & FIN_TF_PARA_BEFORE))
			break;
		if (key_skips(f->text, t)) {
			if (j == i)
				break;
			continue;
		}
		if (!key_push(key, &len, f->text, t))
			break;
		if (t->flags & FIN_TF_CAP)
			capmask |= 1u << ntok;
		for (uint32_t k = t->start; k < t->end && !lower; k++)
			lower = fin_is_lower((unsigned char)f->text[k]);
		ntok++;
		const gz_entry *e = tab_find(c->g, key, len);
		if (!e)
			break;
		if (e->notco == NC_BLOCK) {
			best = (gz_match){j + 1, -1, NC_BLOCK};
		} else if (e->ent_cs >= 0 && !lower) {
			best = (gz_match){j + 1, e->ent_cs, 0};
		} else if (e->ent_ci >= 0 && (f->shout || (e->capmask & ~capmask) == 0)) {
			/* an all-caps body word matches a mixed-case name only when long
			 * ("NVIDIA"), not "AON"-like shouting of short words */
			if (lower || f->shout || len >= 4)
				best = (gz_match){j + 1, e->ent_ci, 0};
		}
		if (!e->prefix)
			break;
	}
	return best;
}

/* ---------------------------------------------------------------------- */
/* Suffix runs                                                            */
/* ---------------------------------------------------------------------- */

typedef struct run_match {
	size_t end;       /* token after the mention; 0 when none */
	size_t name_end;  /* token after the canonical part (suffixes stripped) */
	uint8_t kind;
} run_match;

/* true when tokens at i spell a dotted legal form: "S.A.", "N.V.", "B.V.",
 * "L.P."; *n gets the tokens used (without the final '.'). */
static bool dotted_suffix(const field_ctx *f, size_t i, size_t *n)
{
	if (i + 2 >= f->toks->n || !is_word(f, i) || tlen(tok(f, i)) != 1 || !is_punct(f, i + 1, '.') ||
	    !is_word(f, i + 2) || tlen(tok(f, i + 2)) != 1 || tok(f, i + 2)->start != tok(f, i + 1)->end)
		return false;
	char a = (char)fin_to_upper((unsigned char)f->text[tok(f, i)->start]);
	char b = (char)fin_to_upper((unsigned char)f->text[tok(f, i + 2)->start]);
	if ((a == 'S' && b == 'A') || (a == 'N' && b == 'V') || (a == 'B' && b == 'V') ||
	    (a == 'L' && b == 'P') || (a == 'A' && b == 'G')) {
		*n = 3;
		return true;
	}
	return false;
}

/* A capitalised word that can continue a run. */
static bool run_word(const scan_ctx *c, const field_ctx *f, size_t i)
{
	const fin_token *t = tok(f, i);
	if (t->kind != FIN_TOK_WORD || !(t->flags & FIN_TF_CAP))
		return false;
	unsigned w = word_cls(c, f, i);
	if (f->shout && (w & W_HSTOP))
		return false;
	return ((w >> W_NC_SHIFT) & 7u) != NC_STARTER;
}

/* Roles of the tokens of a run. */
enum { R_CORE, R_STRONG, R_WEAK, R_HEAD, R_JOIN, R_TAIL };

/* The company ending in a corporate suffix (or organisation head) that
 * starts at token i. Suffix words alone ("Holdings Inc") are no name. */
static run_match suffix_run(const scan_ctx *c, const field_ctx *f, size_t i, size_t gz_end)
{
	run_match r = {0, 0, FIN_ORG_COMPANY};
	size_t n = f->toks->n;
	if (!run_word(c, f, i) && !(tok(f, i)->kind == FIN_TOK_NUM && can_start(f, i)))
		return r;
	if (is_cls(c, f, i, W_STRONG))
		return r; /* "Co Inc" of "Bear Stearns and Co Inc" */
	uint8_t role[RUN_MAX * 3];
	size_t m = 0; /* tokens in the run: i .. i+m */
	bool after_strong = false, of_tail = false;
	while (i + m < n && m + 3 < sizeof role) {
		size_t j = i + m;
		const fin_token *t = tok(f, j);
		if (m && (t->flags & (FIN_TF_PARA_BEFORE | FIN_TF_SENT_START)))
			break;
		size_t dn;
		if (m && dotted_suffix(f, j, &dn)) {
			for (size_t k = 0; k < dn; k++)
				role[m++] = R_STRONG;
			if (i + m < n && is_punct(f, i + m, '.') && tok(f, i + m)->start == tok(f, i + m - 1)->end)
				role[m++] = R_JOIN;
			after_strong = true;
			continue;
		}
		if (m == 0 || run_word(c, f, j) || (t->kind == FIN_TOK_NUM && m == 0)) {
			unsigned w = word_cls(c, f, j);
			uint8_t ro = R_CORE;
			if (m && (w & W_STRONG))
				ro = R_STRONG;
			else if (!f->shout && (w & W_HEAD))
				ro = R_HEAD;
			else if (!f->shout && (w & W_WEAK))
				ro = R_WEAK;
			else if (of_tail)
				ro = R_TAIL;
			if (after_strong && ro != R_STRONG)
				break; /* "Texaco Inc Chairman" */
			after_strong = ro == R_STRONG;
			role[m++] = ro;
			continue;
		}
		if (j + 1 >= n)
			break;
		/* joiners: "&", glued "-" "+", "of" after a head, particles, ", Inc",
		 * "'s" before a suffix */
		bool glued = t->start == tok(f, j - 1)->end && tok(f, j + 1)->start == t->end;
		if ((is_punct(f, j, '&') || ((is_punct(f, j, '-') || is_punct(f, j, '+')) && glued)) &&
		    run_word(c, f, j + 1) && !after_strong) {
			role[m++] = R_JOIN;
			continue;
		}
		/* "and" only in "X and Co" and "Owens and Minor Inc", never after
		 * a known name ("Texaco and Pennzoil Co" are two) */
		if (!after_strong && word_in(f, j, (const char *const[]){"and", NULL}) &&
		    (tok(f, j + 1)->flags & FIN_TF_CAP) &&
		    (is_cls(c, f, j + 1, W_STRONG) ||
		     (j != gz_end && j + 2 < n && run_word(c, f, j + 1) && is_cls(c, f, j + 2, W_STRONG)))) {
			role[m++] = R_JOIN;
			continue;
		}
		if (word_in(f, j, (const char *const[]){"of", NULL}) && is_cls(c, f, j - 1, W_OFHEAD) &&
		    run_word(c, f, j + 1) && !after_strong) {
			of_tail = true;
			role[m++] = R_JOIN;
			continue;
		}
		if (is_cls(c, f, j, W_PARTICLE) && run_word(c, f, j + 1) && !after_strong) {
			role[m++] = R_JOIN;
			continue;
		}
		if (is_punct(f, j, ',') && is_cls(c, f, j + 1, W_STRONG) && (tok(f, j + 1)->flags & FIN_TF_CAP)) {
			role[m++] = R_JOIN;
			continue;
		}
		if (j + 2 < n && is_punct(f, j, '\'') && t->start == tok(f, j - 1)->end &&
		    fin_eq(f->text + tok(f, j + 1)->start, tlen(tok(f, j + 1)), "s") &&
		    is_cls(c, f, j + 2, W_STRONG | W_WEAK)) {
			role[m++] = R_JOIN;
			role[m++] = R_JOIN;
			continue;
		}
		break;
	}
	/* the mention ends at the last suffix, head or of-tail word */
	size_t end = 0;
	for (size_t k = m; k > 0; k--) {
		uint8_t ro = role[k - 1];
		if (ro == R_STRONG || ro == R_WEAK || ro == R_HEAD || ro == R_TAIL) {
			end = k;
			break;
		}
	}
	if (!end)
		return r;
	/* the canonical name drops trailing legal suffixes and joiners */
	size_t name_end = end;
	while (name_end > 1 && (role[name_end - 1] == R_STRONG || role[name_end - 1] == R_JOIN))
		name_end--;
	size_t core = 0, tail = 0;
	bool strong = false, other = false, distinct = false;
	for (size_t k = 0; k < end; k++) {
		const fin_token *t = tok(f, i + k);
		if (role[k] == R_CORE) {
			core++;
			if (notco_of(c, f, i + k) == NC_NONE && tlen(t) >= 2)
				distinct = true;
		}
		tail += role[k] == R_TAIL;
		strong |= role[k] == R_STRONG;
		if (role[k] == R_HEAD)
			other = true;
		if (k && role[k] == R_WEAK && fin_eq_ci(f->text + t->start, tlen(t), "bank") &&
		    is_cls(c, f, i + k - 1, W_CENTRAL))
			other = true;
	}
	if (core == 0 && tail == 0)
		return r; /* "Holdings Inc" */
	if (name_end == 1 && role[0] != R_CORE)
		return r;
	if (!strong && !other && !tail && !distinct && end < 3)
		return r; /* "New Capital": weak suffixes need a distinctive word */
	r.end = i + end;
	r.name_end = i + name_end;
	r.kind = other ? FIN_ORG_OTHER : FIN_ORG_COMPANY;
	return r;
}

/* ---------------------------------------------------------------------- */
/* Pass 1: gazetteer, runs, markup, tickers, acronyms                     */
/* ---------------------------------------------------------------------- */

/* Name for tokens [a, b) that are not (wholly) in the gazetteer: the
 * gazetteer's canonical name of that span, or the span itself. */
static const char *resolve_span(scan_ctx *c, const field_ctx *f, size_t a, size_t b, uint8_t *kind)
{
	char key[KEY_MAX + 1];
	size_t ntok;
	size_t klen = span_key(f, a, b, key, &ntok);
	if (klen) {
		const gz_entry *e = tab_find(c->g, key, klen);
		if (e && (e->ent_ci >= 0 || e->ent_cs >= 0))
			return entity_name(c, e->ent_ci >= 0 ? e->ent_ci : e->ent_cs, kind);
		const art_alias *al = alias_find(c, key, klen);
		if (al) {
			*kind = al->kind;
			return al->name;
		}
	}
	char *s = span_name(c, f, a, b);
	if (!s)
		return NULL;
	const char *st = stable_name(c, s);
	if (st != s)
		return st;
	if (register_name(c, s, *kind))
		return NULL;
	return s;
}

/* Ticker text of tokens [a, b) if they look like one ("SRD", "BRK.A"):
 * glued, upper-case letters, digits, '.', '-'. */
static bool ticker_like(const field_ctx *f, size_t a, size_t b)
{
	if (b <= a || b - a > 5)
		return false;
	for (size_t i = a; i < b; i++) {
		const fin_token *t = tok(f, i);
		if (i > a && t->start != tok(f, i - 1)->end)
			return false;
		if (t->kind == FIN_TOK_WORD) {
			if (!(t->flags & FIN_TF_ALLCAPS))
				return false;
		} else if (t->kind != FIN_TOK_NUM && !is_punct(f, i, '.') && !is_punct(f, i, '-')) {
			return false;
		}
	}
	return tok(f, b - 1)->end - tok(f, a)->start <= 10;
}

/* Emit a ticker at tokens [a, b): its company from the ticker table, else
 * the company named right before (pending: resolved after pass 2). */
static int emit_ticker(scan_ctx *c, field_ctx *f, size_t a, size_t b, size_t before)
{
	const char *s = f->text + tok(f, a)->start;
	size_t n = tok(f, b - 1)->end - tok(f, a)->start;
	/* the previous mention if it ends right before the bracket (or its
	 * possessive "'s" does): the ticker is its alias (tickers get reused
	 * over the years, so this beats the table) */
	if (f->m.n && f->m.v[f->m.n - 1].name) {
		const mention *p = &f->m.v[f->m.n - 1];
		size_t gap = before - p->t1;
		if (gap <= 1 || (gap == 2 && is_punct(f, p->t1, '\'')) ||
		    (gap == 3 && is_punct(f, p->t1, '\'') && is_word(f, p->t1 + 1))) {
			int rc = alias_add(c, s, n, 1, true, p->name, p->kind);
			if (rc)
				return rc;
			return push_mention(c, &f->m, a, b, p->name, p->kind);
		}
	}
	/* else the capitalised words right before the bracket name the
	 * company ("Fizzbo Robotics (Nasdaq: FZBO)", "FIRST UNION <FUNC>") */
	size_t lo = f->m.n ? f->m.v[f->m.n - 1].t1 : 0;
	size_t s0 = before;
	while (s0 > lo && before - s0 < RUN_MAX && is_word(f, s0 - 1) && tlen(tok(f, s0 - 1)) >= 2 &&
	       (run_word(c, f, s0 - 1) ||
		(f->shout && !(word_cls(c, f, s0 - 1) & W_HSTOP) && notco_of(c, f, s0 - 1) == NC_STARTER))) {
		s0--;
		if (tok(f, s0)->flags & FIN_TF_SENT_START)
			break;
	}
	while (s0 < before && notco_of(c, f, s0) == NC_STARTER && !f->shout)
		s0++;
	if (s0 < before && !(s0 + 1 == before && notco_of(c, f, s0) != NC_NONE)) {
		uint8_t kind = FIN_ORG_COMPANY;
		const char *name = resolve_span(c, f, s0, before, &kind);
		if (!name)
			return FIN_ENOMEM;
		int rc = push_mention(c, &f->m, s0, before, name, kind);
		if (!rc)
			rc = alias_add(c, s, n, 1, true, name, kind);
		if (!rc)
			rc = push_mention(c, &f->m, a, b, name, kind);
		return rc;
	}
	const gz_ticker *tk = tick_find(c->g, s, n);
	if (tk) {
		uint8_t kind;
		const char *name = entity_name(c, tk->ent, &kind);
		if (!name)
			return FIN_ENOMEM;
		return push_mention(c, &f->m, a, b, name, kind);
	}
	return push_mention(c, &f->m, a, b, NULL, FIN_ORG_COMPANY);
}

/* "<...>" at token i: returns the token after '>' or i when not markup. */
static size_t scan_markup(scan_ctx *c, field_ctx *f, size_t i, int *rc)
{
	size_t n = f->toks->n, j = i + 1;
	while (j < n && j - i <= MARKUP_MAX && !is_punct(f, j, '>') && !is_punct(f, j, '<') &&
	       !(tok(f, j)->flags & FIN_TF_PARA_BEFORE))
		j++;
	if (j >= n || !is_punct(f, j, '>') || j == i + 1)
		return i;
	size_t a = i + 1, b = j;
	if (ticker_like(f, a, b)) {
		*rc = emit_ticker(c, f, a, b, i);
		return j + 1;
	}
	if (!can_start(f, a))
		return i;
	/* a name: strip legal suffixes for the canonical form */
	size_t e = b;
	while (e > a + 1) {
		size_t k = e - 1;
		if (is_punct(f, k, '.') || is_punct(f, k, ',') || is_punct(f, k, '&')) {
			e--;
			continue;
		}
		size_t dn;
		if (k >= 2 && dotted_suffix(f, k - 2, &dn) && k - 2 > a) {
			e = k - 2;
			continue;
		}
		if (is_cls(c, f, k, W_STRONG) && k > a) {
			e = k;
			continue;
		}
		break;
	}
	uint8_t kind = FIN_ORG_COMPANY;
	for (size_t k = a; k < b; k++)
		if (is_cls(c, f, k, W_HEAD))
			kind = FIN_ORG_OTHER;
	const char *name = NULL;
	/* the whole markup may itself be a gazetteer name ("<Texaco Inc>") */
	gz_match gm = gz_longest(c, f, a);
	if (gm.ent >= 0 && gm.end == b)
		name = entity_name(c, gm.ent, &kind);
	else
		name = resolve_span(c, f, a, e, &kind);
	if (!name) {
		*rc = FIN_ENOMEM;
		return j + 1;
	}
	*rc = push_mention(c, &f->m, a, b, name, kind);
	return j + 1;
}

/* "(NYSE: XYZ)" at token i: the token after ')' or i. */
static size_t scan_exchange(scan_ctx *c, field_ctx *f, size_t i, int *rc)
{
	size_t n = f->toks->n;
	size_t j = i + 1;
	if (j >= n || !is_cls(c, f, j, W_EXCH))
		return i;
	j++;
	if (j < n && is_word(f, j) && word_in(f, j - 1, (const char *const[]){"nyse", NULL}) &&
	    word_in(f, j, (const char *const[]){"american", "arca", NULL}))
		j++;
	if (j >= n || !is_punct(f, j, ':'))
		return i;
	size_t a = ++j;
	while (j < n && j - a < 5 && !is_punct(f, j, ')') && !is_punct(f, j, ';') && !is_punct(f, j, ','))
		j++;
	if (j >= n || !ticker_like(f, a, j))
		return i;
	*rc = emit_ticker(c, f, a, j, i);
	while (j < n && j - a < 8 && !is_punct(f, j, ')'))
		j++;
	return j < n ? j + 1 : j;
}

/* After a mention ending at token e: "(ACR)" defines an acronym of it. */
static size_t scan_acronym(scan_ctx *c, field_ctx *f, size_t e, int *rc)
{
	size_t n = f->toks->n;
	if (e + 2 >= n || !is_punct(f, e, '(') || !is_punct(f, e + 2, ')') || !is_word(f, e + 1))
		return e;
	const fin_token *t = tok(f, e + 1);
	size_t len = tlen(t), upper = 0;
	for (uint32_t k = t->start; k < t->end; k++)
		upper += fin_is_upper((unsigned char)f->text[k]);
	if (len < 2 || len > 6 || upper < 2 || !fin_is_upper((unsigned char)f->text[t->start]))
		return e;
	if (notco_of(c, f, e + 1) == NC_BLOCK)
		return e; /* "(US)" */
	const mention *p = &f->m.v[f->m.n - 1];
	*rc = alias_add(c, f->text + t->start, len, 1, true, p->name, p->kind);
	if (!*rc)
		*rc = push_mention(c, &f->m, e + 1, e + 2, p->name, p->kind);
	return e + 3;
}

/* true when the single word at i is preceded by a title ("Mr") or by a
 * capitalised word that makes it part of another name ("Kim Forrest"). */
static bool inside_other_name(const scan_ctx *c, const field_ctx *f, size_t i)
{
	if (i == 0 || (tok(f, i)->flags & FIN_TF_SENT_START) || f->shout)
		return false;
	size_t p = i - 1;
	if (is_punct(f, p, '.') && p > 0)
		p--;
	const fin_token *t = tok(f, p);
	if (t->kind != FIN_TOK_WORD || !(t->flags & FIN_TF_CAP) || (t->flags & FIN_TF_ALLCAPS))
		return false;
	if (t->end != tok(f, i)->start && !(tok(f, i)->flags & FIN_TF_SPACE_BEFORE))
		return false;
	if (is_cls(c, f, p, W_TITLE))
		return true;
	uint8_t nc = notco_of(c, f, p);
	if (nc == NC_STARTER || nc == NC_BLOCK)
		return false;
	if (nc == NC_PERSON)
		return true;
	/* a capitalised word glued to the match by a space, not a known name
	 * itself: part of a longer name the patterns did not recognise */
	return !(t->flags & FIN_TF_SENT_START) || nc == NC_NONE;
}

/* Longest article alias at token i; its end token or 0. */
static size_t alias_longest(const scan_ctx *c, const field_ctx *f, size_t i, size_t limit,
			    const art_alias **out)
{
	char key[KEY_MAX + 1];
	size_t len = 0, ntok = 0, best = 0;
	bool lower = false;
	for (size_t j = i; j < limit && ntok < KEY_TOKS; j++) {
		const fin_token *t = tok(f, j);
		if (j > i && (t->flags & FIN_TF_PARA_BEFORE))
			break;
		if (key_skips(f->text, t)) {
			if (j == i)
				break;
			continue;
		}
		if (t->kind == FIN_TOK_WORD && !(t->flags & FIN_TF_CAP) && !f->shout &&
		    !(j > i && in_set(f->text + t->start, tlen(t), (const char *const[]){"of", "and", "de", NULL})))
			break;
		if (!key_push(key, &len, f->text, t))
			break;
		for (uint32_t k = t->start; k < t->end && !lower; k++)
			lower = fin_is_lower((unsigned char)f->text[k]);
		ntok++;
		for (size_t a = 0; a < c->n_al; a++) {
			const art_alias *al = &c->al[a];
			if (al->len != len || al->ntok != ntok)
				continue;
			if (al->exact) {
				/* exact case: compare the original bytes */
				if (ntok == 1 && !lower && tlen(t) == len &&
				    memcmp(al->key, f->text + t->start, len) == 0) {
					best = j + 1;
					*out = al;
				}
			} else if (memcmp(al->key, key, len) == 0) {
				best = j + 1;
				*out = al;
			}
		}
	}
	return best;
}

static int pass1(scan_ctx *c, field_ctx *f)
{
	size_t n = f->toks->n;
	size_t no_run_until = 0; /* runs starting before this have no suffix */
	int rc = FIN_OK;
	for (size_t i = 0; i < n;) {
		const fin_token *t = tok(f, i);
		if (t->kind == FIN_TOK_PUNCT) {
			size_t nx = i;
			if (is_punct(f, i, '<'))
				nx = scan_markup(c, f, i, &rc);
			else if (is_punct(f, i, '('))
				nx = scan_exchange(c, f, i, &rc);
			if (rc)
				return rc;
			i = nx > i ? nx : i + 1;
			continue;
		}
		if (!can_start(f, i) && !(f->shout && t->kind == FIN_TOK_WORD)) {
			i++;
			continue;
		}
		/* people: "Mr Smith", "Sam Altman" (a first name and a surname) */
		uint8_t nc = notco_of(c, f, i);
		gz_match gm = gz_longest(c, f, i);
		run_match rm = {0, 0, 0};
		if (i >= no_run_until) {
			rm = suffix_run(c, f, i, gm.end);
			if (!rm.end) {
				size_t k = i + 1;
				while (k < n && k < i + RUN_MAX && (run_word(c, f, k) || !is_word(f, k)) &&
				       !(tok(f, k)->flags & (FIN_TF_SENT_START | FIN_TF_PARA_BEFORE)) &&
				       tok(f, k)->kind != FIN_TOK_PUNCT)
					k++;
				no_run_until = k;
			}
		}
		if (nc == NC_PERSON && gm.end <= i + 1 && rm.end <= i + 2 && i + 1 < n &&
		    is_word(f, i + 1) && (tok(f, i + 1)->flags & FIN_TF_CAP) && !f->shout) {
			i += 2;
			continue;
		}
		if (is_cls(c, f, i, W_TITLE) &&
		    !f->shout) {
			i += i + 2 < n && is_punct(f, i + 1, '.') ? 3 : 2;
			continue;
		}
		const art_alias *al = NULL;
		size_t ae = c->n_al ? alias_longest(c, f, i, n, &al) : 0;
		if (ae > gm.end && ae > rm.end && al && !(ae == i + 1 && !al->exact && inside_other_name(c, f, i))) {
			if ((rc = push_mention(c, &f->m, i, ae, al->name, al->kind)))
				return rc;
			i = ae;
			continue;
		}
		if (rm.end > gm.end) {
			uint8_t kind = rm.kind;
			const char *name = resolve_span(c, f, i, rm.name_end, &kind);
			if (!name)
				return FIN_ENOMEM;
			if ((rc = push_mention(c, &f->m, i, rm.end, name, kind)))
				return rc;
			i = scan_acronym(c, f, rm.end, &rc);
			if (rc)
				return rc;
			continue;
		}
		if (gm.end && gm.ent < 0) {
			i = gm.end; /* a place, month, ... */
			continue;
		}
		if (gm.end) {
			if (gm.end == i + 1 && inside_other_name(c, f, i)) {
				i++;
				continue;
			}
			uint8_t kind;
			const char *name = entity_name(c, gm.ent, &kind);
			if (!name)
				return FIN_ENOMEM;
			if ((rc = push_mention(c, &f->m, i, gm.end, name, kind)))
				return rc;
			i = scan_acronym(c, f, gm.end, &rc);
			if (rc)
				return rc;
			continue;
		}
		i++;
	}
	return FIN_OK;
}

/* ---------------------------------------------------------------------- */
/* Pass 2: in-article aliases in the gaps                                 */
/* ---------------------------------------------------------------------- */

static int pass2(scan_ctx *c, field_ctx *f, mlist *extra)
{
	size_t n = f->toks->n, mi = 0;
	for (size_t i = 0; i < n;) {
		while (mi < f->m.n && f->m.v[mi].t1 <= i)
			mi++;
		if (mi < f->m.n && f->m.v[mi].t0 <= i) {
			i = f->m.v[mi].t1;
			continue;
		}
		size_t limit = mi < f->m.n ? f->m.v[mi].t0 : n;
		if (!can_start(f, i) && !(f->shout && is_word(f, i))) {
			i++;
			continue;
		}
		const art_alias *al = NULL;
		size_t e = alias_longest(c, f, i, limit, &al);
		if (e && al) {
			if (e == i + 1 && !al->exact && inside_other_name(c, f, i)) {
				i++;
				continue;
			}
			int rc = push_mention(c, extra, i, e, al->name, al->kind);
			if (rc)
				return rc;
			i = e;
			continue;
		}
		i++;
	}
	return FIN_OK;
}

/* Unresolved tickers take the name of the mention right before them. */
static void resolve_pending(mlist *all)
{
	for (size_t k = 0; k < all->n; k++) {
		mention *m = &all->v[k];
		if (m->name)
			continue;
		if (k > 0 && all->v[k - 1].name && all->v[k - 1].t1 + 2 >= m->t0) {
			m->name = all->v[k - 1].name;
			m->kind = all->v[k - 1].kind;
		}
	}
}

/* Merge two ordered mention lists into dst. */
static int merge(scan_ctx *c, const mlist *a, const mlist *b, mlist *dst)
{
	size_t i = 0, j = 0;
	while (i < a->n || j < b->n) {
		const mention *m = (j >= b->n || (i < a->n && a->v[i].t0 <= b->v[j].t0)) ? &a->v[i++] : &b->v[j++];
		if (push_mention(c, dst, m->t0, m->t1, m->name, m->kind))
			return FIN_ENOMEM;
	}
	return FIN_OK;
}

/* true when most words of the field are all capitals (Reuters headlines). */
static bool shouting(const fin_tokens *toks)
{
	size_t words = 0, caps = 0;
	for (size_t i = 0; i < toks->n; i++) {
		const fin_token *t = &toks->v[i];
		if (t->kind != FIN_TOK_WORD || t->end - t->start < 2)
			continue;
		words++;
		if (t->flags & FIN_TF_ALLCAPS)
			caps++;
	}
	return words >= 2 && caps * 10 >= words * 7;
}

int fin_company_scan(const fin_gazetteer *g, fin_arena *arena, const fin_article *a,
		     const fin_tokens *title_toks, const fin_tokens *body_toks,
		     fin_company **out, size_t *n, size_t *cap)
{
	scan_ctx c = {g, arena, NULL, 0, 0};
	field_ctx f[2] = {
		{a->title ? a->title : "", title_toks, false, {0}, NULL},
		{a->body ? a->body : "", body_toks, false, {0}, NULL},
	};
	for (int k = 0; k < 2; k++) {
		if (!f[k].toks || !f[k].toks->n)
			continue;
		f[k].cls = fin_arena_calloc(arena, f[k].toks->n, sizeof(uint16_t));
		if (!f[k].cls)
			return FIN_ENOMEM;
	}
	f[0].shout = title_toks && shouting(title_toks);
	f[1].shout = false;
	int rc;
	/* the body first: its full names teach the headline's short ones */
	for (int k = 1; k >= 0; k--)
		if (f[k].toks && (rc = pass1(&c, &f[k])))
			return rc;
	mlist all[2] = {{0}, {0}};
	for (int k = 1; k >= 0; k--) {
		if (!f[k].toks)
			continue;
		mlist extra = {0};
		if ((rc = pass2(&c, &f[k], &extra)) || (rc = merge(&c, &f[k].m, &extra, &all[k])))
			return rc;
		resolve_pending(&all[k]);
	}
	for (int k = 0; k < 2; k++) {
		for (size_t i = 0; i < all[k].n; i++) {
			const mention *m = &all[k].v[i];
			const char *name = m->name;
			if (!name) {
				/* a ticker nobody named: the ticker is the name */
				name = fin_arena_strndup(arena, f[k].text + tok(&f[k], m->t0)->start,
							 tok(&f[k], m->t1 - 1)->end - tok(&f[k], m->t0)->start);
				if (!name)
					return FIN_ENOMEM;
			}
			if (*n >= *cap && fin_arena_grow(arena, (void **)out, cap, *n, sizeof(fin_company)))
				return FIN_ENOMEM;
			fin_company *o = &(*out)[(*n)++];
			o->field = k ? FIN_FIELD_BODY : FIN_FIELD_TITLE;
			o->start = tok(&f[k], m->t0)->start;
			o->end = tok(&f[k], m->t1 - 1)->end;
			o->name = name;
			o->kind = (fin_org_kind)m->kind;
		}
	}
	return FIN_OK;
}
