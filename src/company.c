/*
 * company.c — companies and other organisations in an article.
 *
 * Sources of a mention, tried at each capitalised token (or '<' / '('):
 *  - the gazetteer (data/companies.tsv, data/orgs.tsv): names, aliases;
 *  - capitalised runs that end in a corporate suffix ("Computer Terminal
 *    Systems Inc") or an organisation head ("Commerce Department");
 *  - Reuters markup "<Name Inc>" and "<TICK>", and "(NYSE: TICK)";
 *  - acronyms defined in the article ("Imperial Chemical Industries (ICI)");
 *  - names that only their context tells ("leisure group Rank", "analyst at
 *    Troika Dialog", "Southcorp's shares", "Petro-Canada, the state-owned oil
 *    company"), once people, places, demonyms and descriptions are ruled out;
 *  - "<demonym> government" as an organisation of kind other;
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
#include <unistd.h>

/* ---------------------------------------------------------------------- */
/* Limits                                                                 */
/* ---------------------------------------------------------------------- */

#define KEY_MAX 192     /* longest normalised key we look up */
#define KEY_TOKS 16     /* most tokens in one key */
#define KEY_BUF (KEY_MAX + 17) /* a key buffer: key_push() writes 16 bytes at a time */
#define AL_PRE 8192u    /* bits of the per-article filter of alias key prefixes */
#define RUN_MAX 12      /* most tokens in one suffix run */
#define MARKUP_MAX 16   /* most tokens inside <...> */

/* not-companies categories */
enum {
	NC_NONE = 0,
	NC_BLOCK,   /* country, state, place, month, day: never a company */
	NC_STARTER, /* function words and clause heads: never start a name */
	NC_PERSON,  /* first names */
	NC_WORD,    /* common English words (lower-cased) */
	NC_DEMONYM  /* "Indian", "Brazilian": heads "<demonym> government" */
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
#define W_ORGN 0x200u     /* lower-case noun for a firm: firm, brewer, chain ... */
#define W_OTHERN 0x400u   /* lower-case noun for a non-company body: newspaper, regulator */
#define W_JOB 0x800u      /* a job at a firm: analyst, chairman ... ("analyst at X") */
#define W_DEALV 0x1000u   /* verb whose object is a firm: buy, acquired ... */
#define W_DEALN 0x2000u   /* noun + preposition + firm: "stake in", "takeover of" */
#define W_PREP 0x4000u    /* at, of, in, for, with, by, from */
#define W_POSSN 0x8000u   /* noun after a firm's possessive: "X's shares" */
#define W_RCUE 0x10000u   /* noun right after a firm: "X chairman", "X shares" */
#define W_INNER 0x20000u  /* sentence starter that may sit inside a name: First, Three */
#define W_LEGALPRE 0x40000u /* legal form before the name: OAO, PT */
#define W_CORPSFX 0x80000u  /* weak suffix that alone makes a company: Bancorp, Airlines */
#define W_POSTOK 0x100000u  /* org noun that may follow the name: "the Odeon chain" */
#define W_PTITLE 0x200000u  /* a title before a person's name: President, Senator */
#define W_MOVE 0x400000u    /* a share move before a percentage: fell, shed, rose ... */
#define W_AUX 0x800000u     /* will, has, agreed, to ...: "X has agreed to buy" */
#define W_REPV 0x8000000u   /* had, reported, posted ...: "X had sales of" */
#define W_RESN 0x10000000u  /* sales, profit, loss ...: what a firm reports */
#define W_LCUEW 0x20000000u /* a word some left cue is made of: "called", "held", "the" ... */
#define W_RSTOP 0x40000000u /* and, or, the, said ...: ends the look for "the X cinema chain" */
#define W_NC_SHIFT 24     /* the NC_* category sits in bits 24..26 */
#define W_DONE 0x80000000u /* cache slot filled */

/* ---------------------------------------------------------------------- */
/* Gazetteer                                                              */
/* ---------------------------------------------------------------------- */

/* One known organisation. */
typedef struct gz_entity {
	uint32_t name_off; /* canonical name in the pool */
	uint32_t name_len;
	uint8_t kind;      /* fin_org_kind */
} gz_entity;

/* One normalised key; several roles may share it. An entry is stored
 * with its key right after it (entry_key()), so that a hit reads one or
 * two neighbouring cache lines; the hash index (gz_slot) points at it. */
typedef struct gz_entry {
	int32_t ent_ci;    /* entity of a mixed-case alias, or -1 */
	int32_t ent_cs;    /* entity of an all-caps alias (case-sensitive), or -1 */
	uint32_t wcls;     /* W_* word classes of a one-word key */
	uint16_t capmask;  /* key tokens that the mixed-case alias capitalises (KEY_TOKS bits) */
	uint8_t key_len;   /* at most KEY_MAX */
	unsigned notco : 3;  /* NC_* category */
	unsigned prefix : 1; /* a longer key continues this one */
} gz_entry;
_Static_assert(sizeof(gz_entry) == 16, "a gazetteer entry stays 16 bytes");

/* Entries are 4-byte aligned records in fin_gazetteer.rec: the entry,
 * then its lower-case key and a NUL. */
#define REC_ALIGN 4u
#define REC_SLACK 16u

/* One slot of the open-addressing index over the entries: 8 bytes, so a
 * probe (and the next few slots of linear probing) touches one cache line
 * and the whole index stays small enough for the L2 cache; the entry and
 * its key are read only when the hash matches. */
typedef struct gz_slot {
	uint32_t hash; /* gz_hash() of the key */
	uint32_t idx;  /* entry's offset in rec / REC_ALIGN + 1; 0 marks an empty slot */
} gz_slot;

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
	char *rec;           /* every normalised key: gz_entry + key records */
	size_t rec_len, rec_cap;
	size_t n_keys;       /* records in rec */
	gz_slot *slots;      /* index over keys: open addressing, power-of-two size */
	size_t slot_cap;
	gz_ticker *tick;     /* ticker symbols, open addressing */
	size_t tick_n, tick_cap;
	char *pool;          /* keys and names */
	size_t pool_len, pool_cap;
	/* The most frequent words of news text, their lookups done at load:
	 * a small table in the fastest caches answers most of tok_lookup's
	 * questions without touching the big index (hot_find()). */
	struct gz_hot *hot;
	/* The arrays above are the built-in image's (read-only, not ours to
	 * free) until gz_own() copies them: fin_gazetteer_add(), the one
	 * change made to a gazetteer that may borrow, calls it first. */
	bool borrowed;
};

/* One word of the hot table: its lower-case bytes (at most 8, NUL
 * padded; key 0 marks an empty slot) and its lookup. */
typedef struct gz_hot {
	uint64_t key;
	uint32_t cls; /* as tok_info.cls */
	uint32_t eix; /* as tok_info.eix */
} gz_hot;
#define HOT_SLOTS 8192u /* power of two, 128 KiB: a quarter of the L2 cache */

/* FNV-1a over lower-cased bytes, as fin_hash_ci, one byte at a time so
 * that a key's hash can grow token by token while it is built
 * (gz_longest). key_hash(s, n) == fin_hash_ci(s, n). */
#define KEY_HASH_INIT 2166136261u
static inline uint32_t key_hash_byte(uint32_t h, unsigned char c)
{
	return (h ^ fin_to_lower(c)) * 16777619u;
}

static inline uint32_t key_hash_more(uint32_t h, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		h = key_hash_byte(h, (unsigned char)s[i]);
	return h;
}

static inline uint32_t key_hash(const char *s, size_t n) { return key_hash_more(KEY_HASH_INIT, s, n); }

/* Eight 0xff bytes then eight zero bytes: keep8() masks with them. */
static const unsigned char keep_tab[16] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff};

/* The first k bytes (k <= 8) of x as loaded from memory (memcpy), the
 * others zero, whatever the byte order. */
static inline uint64_t keep8(uint64_t x, size_t k)
{
	uint64_t m;
	memcpy(&m, keep_tab + 8 - k, 8);
	return x & m;
}

/* The bytes of x that are ASCII capitals ('A'..'Z'), as their high bit
 * (0x80), computed per byte without carries between bytes; bytes >= 0x80
 * and zero bytes never match. */
static inline uint64_t caps8(uint64_t x)
{
	const uint64_t ones = 0x0101010101010101u, high = 0x8080808080808080u, low7 = 0x7f7f7f7f7f7f7f7fu;
	uint64_t y = x & low7;
	return (ones * (127 + 0x5b) - y) & ~x & (y + ones * (127 - 0x40)) & high;
}

/* The bytes of x that are ASCII small letters ('a'..'z'), as caps8(). */
static inline uint64_t lower8(uint64_t x)
{
	const uint64_t ones = 0x0101010101010101u, high = 0x8080808080808080u, low7 = 0x7f7f7f7f7f7f7f7fu;
	uint64_t y = x & low7;
	return (ones * (127 + 0x7b) - y) & ~x & (y + ones * (127 - 0x60)) & high;
}

/* One 8-byte chunk into a hash state (a multiply and a shift). */
static inline uint64_t gz_mix(uint64_t h, uint64_t x)
{
	h = (h ^ x) * 0x9e3779b97f4a7c15u;
	return h ^ (h >> 29);
}

static inline uint32_t gz_fold(uint64_t h) { return (uint32_t)(h ^ (h >> 32)); }

/* Hash of the gazetteer index over a lower-case key: its bytes eight at a
 * time (the last chunk zero-padded, as loaded from memory) and its length.
 * A word of the text is hashed the same way straight from the text
 * (tab_find_word), without a copy and without a multiply per byte. */
static uint32_t gz_hash(const char *key, size_t len)
{
	uint64_t h = len;
	size_t i = 0;
	for (; i + 8 <= len; i += 8) {
		uint64_t x;
		memcpy(&x, key + i, 8);
		h = gz_mix(h, x);
	}
	if (i < len) {
		uint64_t x = 0;
		memcpy(&x, key + i, len - i);
		h = gz_mix(h, x);
	}
	return gz_fold(h);
}

/* fin_eq_ci() and fin_eq() inline: the patterns compare tokens with short
 * literals many times per token, and most comparisons fail on the first
 * byte. */
static inline bool eq_ci(const char *s, size_t n, const char *lit)
{
	size_t i = 0;
	for (; i < n; i++)
		if (!lit[i] || fin_to_lower((unsigned char)s[i]) != fin_to_lower((unsigned char)lit[i]))
			return false;
	return lit[i] == '\0';
}

static inline bool eq(const char *s, size_t n, const char *lit)
{
	size_t i = 0;
	for (; i < n; i++)
		if (!lit[i] || s[i] != lit[i])
			return false;
	return lit[i] == '\0';
}

/* s[0..n) == k[0..n), for short keys. */
static inline bool bytes_eq(const char *s, const char *k, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] != k[i])
			return false;
	return true;
}

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

/* The entry of slot index value idx (non-zero). */
static inline const gz_entry *slot_entry(const fin_gazetteer *g, uint32_t idx)
{
	return (const gz_entry *)(const void *)(g->rec + (size_t)(idx - 1) * REC_ALIGN);
}

/* The key stored right after entry e. */
static inline const char *entry_key(const gz_entry *e) { return (const char *)(e + 1); }

/* The tok_info.cls of a word whose key is entry e (NULL: no key). */
static inline uint32_t entry_cls(const gz_entry *e)
{
	return W_DONE | (e ? e->wcls | ((unsigned)e->notco << W_NC_SHIFT) : 0);
}

/* The slot of key (lower-case, hash h): its entry's slot or the empty
 * slot where it would go. */
static inline const gz_slot *tab_slot(const fin_gazetteer *g, const char *key, size_t len, uint32_t h)
{
	size_t mask = g->slot_cap - 1;
	for (size_t i = h & mask;; i = (i + 1) & mask) {
		const gz_slot *sl = &g->slots[i];
		if (!sl->idx)
			return sl;
		if (sl->hash == h) {
			const gz_entry *e = slot_entry(g, sl->idx);
			if (e->key_len == len && bytes_eq(entry_key(e), key, len))
				return sl;
		}
	}
}

/* Keep the index's load factor at most 3/4 (linear probing stays short:
 * about 2.5 slots for a miss at the 0.52 of the built-in tables). */
static int tab_reserve(fin_gazetteer *g)
{
	if ((g->n_keys + 1) * 4 <= g->slot_cap * 3)
		return FIN_OK;
	size_t nc = g->slot_cap ? g->slot_cap * 2 : 1u << 16;
	gz_slot *t = fin_calloc(nc, sizeof *t);
	if (!t)
		return FIN_ENOMEM;
	for (size_t i = 0; i < g->slot_cap; i++) {
		const gz_slot *sl = &g->slots[i];
		if (!sl->idx)
			continue;
		size_t j = sl->hash & (nc - 1);
		while (t[j].idx)
			j = (j + 1) & (nc - 1);
		t[j] = *sl;
	}
	fin_free(g->slots);
	g->slots = t;
	g->slot_cap = nc;
	return FIN_OK;
}

/* The entry for key, created empty if absent. The pointer is valid until
 * the next tab_get. */
static int tab_get(fin_gazetteer *g, const char *key, size_t len, gz_entry **out)
{
	int rc = tab_reserve(g);
	if (rc)
		return rc;
	if (len > KEY_MAX)
		return FIN_EINVAL; /* never: keys are built under KEY_MAX */
	uint32_t h = gz_hash(key, len);
	gz_slot *sl = (gz_slot *)tab_slot(g, key, len, h);
	if (!sl->idx) {
		size_t need = (sizeof(gz_entry) + len + 1 + REC_ALIGN - 1) & ~(size_t)(REC_ALIGN - 1);
		/* REC_SLACK bytes stay after the last record: tab_find_word reads
		 * a key 16 bytes at a time */
		if (g->rec_len + need + REC_SLACK > g->rec_cap) {
			/* the built-in tables take about 1.1 MB: start above that */
			size_t nc = g->rec_cap ? g->rec_cap * 2 : 1u << 21;
			if (nc / REC_ALIGN >= UINT32_MAX)
				return FIN_ENOMEM;
			char *r = fin_realloc(g->rec, nc);
			if (!r)
				return FIN_ENOMEM;
			g->rec = r;
			g->rec_cap = nc;
		}
		gz_entry *e = (gz_entry *)(void *)(g->rec + g->rec_len);
		/* the record and the slack after it (read, then masked, by
		 * tab_find_word) are zero */
		memset(e, 0, need + REC_SLACK);
		e->key_len = (uint8_t)len;
		e->ent_ci = e->ent_cs = -1;
		memcpy(e + 1, key, len);
		sl->hash = h;
		sl->idx = (uint32_t)(g->rec_len / REC_ALIGN) + 1;
		g->rec_len += need;
		g->n_keys++;
	}
	*out = (gz_entry *)(void *)(g->rec + (size_t)(sl->idx - 1) * REC_ALIGN);
	return FIN_OK;
}

/* Lookup of a lower-case key with its hash h, without insertion; NULL
 * when absent. */
static inline const gz_entry *tab_find_h(const fin_gazetteer *g, const char *key, size_t len, uint32_t h)
{
	if (!g->slot_cap)
		return NULL;
	const gz_slot *sl = tab_slot(g, key, len, h);
	return sl->idx ? slot_entry(g, sl->idx) : NULL;
}

/* Lookup without insertion; NULL when absent. */
static const gz_entry *tab_find(const fin_gazetteer *g, const char *key, size_t len)
{
	return tab_find_h(g, key, len, gz_hash(key, len));
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

/* Add ticker -> entity: the first one wins over later ones, but not over
 * an entity numbered below over_below (0 for the built-in tables, their
 * count for the user's companies). */
static int tick_add(fin_gazetteer *g, const char *key, size_t len, int32_t ent, int32_t over_below)
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
	if (e->used) {
		if (e->ent < over_below)
			e->ent = ent;
		return FIN_OK;
	}
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

/* Append token t of text[0..tlen) to key buf (KEY_BUF bytes; lower-cased;
 * a space first when the text had white space and the key is not
 * empty). false when the key would be too long. A token of up to 16
 * bytes is copied and lower-cased in two 8-byte chunks (bytes after it
 * in buf are scratch). */
static inline bool key_push(char *buf, size_t *len, const char *text, size_t tlen_, const fin_token *t)
{
	/* the length in a local: stores through buf (a char *) may alias *len */
	size_t n = t->end - t->start, l = *len;
	bool sp = l > 0 && (t->flags & FIN_TF_SPACE_BEFORE);
	if (l + n + (sp ? 1 : 0) > KEY_MAX)
		return false;
	if (sp)
		buf[l++] = ' ';
	if (n <= 16 && tlen_ - t->start >= 16) {
		uint64_t a, b;
		memcpy(&a, text + t->start, 8);
		memcpy(&b, text + t->start + 8, 8);
		a |= caps8(a) >> 2; /* 'A'..'Z' -> 'a'..'z' */
		b |= caps8(b) >> 2;
		memcpy(buf + l, &a, 8);
		memcpy(buf + l + 8, &b, 8);
	} else {
		const char *s = text + t->start;
		for (size_t i = 0; i < n; i++)
			buf[l + i] = (char)fin_to_lower((unsigned char)s[i]);
	}
	*len = l + n;
	return true;
}

/* true when token t of text[0..tlen) holds an ASCII small letter. */
static inline bool tok_has_lower(const char *text, size_t tlen_, const fin_token *t)
{
	size_t n = t->end - t->start;
	if (n <= 16 && tlen_ - t->start >= 16) {
		uint64_t a, b;
		size_t ka = n < 8 ? n : 8;
		memcpy(&a, text + t->start, 8);
		memcpy(&b, text + t->start + 8, 8);
		return (lower8(keep8(a, ka)) | lower8(keep8(b, n - ka))) != 0;
	}
	for (uint32_t k = t->start; k < t->end; k++)
		if (fin_is_lower((unsigned char)text[k]))
			return true;
	return false;
}

/* The tokens fin_lex gives a phrase of ASCII letters and spaces (most
 * names of the tables): its words, with FIN_TF_SPACE_BEFORE and
 * FIN_TF_CAP, the only flags phrase_key reads; *lower tells whether a
 * small letter is among them. false, and the phrase is lexed, when it
 * holds any other byte or more than max words. */
static bool plain_tokens(const char *s, size_t n, fin_token *v, size_t max, size_t *nv, bool *lower)
{
	size_t k = 0;
	uint8_t space = 0;
	bool small = false;
	for (size_t i = 0; i < n;) {
		unsigned char c = (unsigned char)s[i];
		if (c == ' ') {
			space = FIN_TF_SPACE_BEFORE;
			i++;
			continue;
		}
		if (!fin_is_alpha(c) || k == max)
			return false;
		size_t start = i;
		for (; i < n && fin_is_alpha((unsigned char)s[i]); i++)
			small |= fin_is_lower((unsigned char)s[i]);
		v[k++] = (fin_token){(uint32_t)start, (uint32_t)i, FIN_TOK_WORD,
				     (uint8_t)(space | (fin_is_upper(c) ? FIN_TF_CAP : 0))};
		space = 0;
	}
	*nv = k;
	*lower = small;
	return true;
}

/* Normalised key of a phrase s[0..n) (lexed with fin_lex into scratch, or
 * plain_tokens()): lower-case key, token count, cap mask, key length after
 * each token (for the prefixes), whether the phrase has no lower case
 * ASCII letters. Returns the key length, 0 when empty or too long. */
static size_t phrase_key(fin_arena *scratch, const char *s, size_t n, char *key,
			 uint32_t *capmask, size_t *ntok, size_t *cuts, bool *allcaps, int *rc)
{
	fin_token words[KEY_TOKS];
	fin_tokens toks = {words, 0, KEY_TOKS};
	bool letters = false, lower = false;
	*rc = FIN_OK;
	bool plain = plain_tokens(s, n, words, KEY_TOKS, &toks.n, &lower);
	if (!plain) {
		fin_arena_reset(scratch);
		*rc = fin_lex(scratch, s, n, &toks);
		if (*rc)
			return 0;
	}
	size_t len = 0;
	*capmask = 0;
	*ntok = 0;
	*allcaps = false;
	for (size_t i = 0; i < toks.n; i++) {
		const fin_token *t = &toks.v[i];
		if (key_skips(s, t))
			continue;
		if (*ntok >= KEY_TOKS || !key_push(key, &len, s, n, t))
			return 0;
		if (t->flags & FIN_TF_CAP)
			*capmask |= 1u << *ntok;
		/* (plain words are letters, their small ones already told) */
		for (uint32_t j = plain ? t->end : t->start; j < t->end; j++) {
			unsigned char c = (unsigned char)s[j];
			letters |= fin_is_alpha(c);
			lower |= fin_is_lower(c);
		}
		cuts[(*ntok)++] = len;
	}
	letters |= plain && *ntok > 0;
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

/* Register alias s[0..n) for entity ent: the first entity of a key wins,
 * but not over an entity numbered below over_below (as tick_add). *keyed
 * (when not NULL) tells whether the alias made a key (not empty, not too
 * long). */
static int add_alias(fin_gazetteer *g, fin_arena *scratch, const char *s, size_t n, int32_t ent,
		     int32_t over_below, bool *keyed)
{
	char key[KEY_BUF];
	uint32_t capmask;
	size_t ntok, cuts[KEY_TOKS];
	bool allcaps;
	int rc;
	size_t len = phrase_key(scratch, s, n, key, &capmask, &ntok, cuts, &allcaps, &rc);
	if (keyed)
		*keyed = rc == FIN_OK && len > 0;
	if (rc)
		return rc;
	if (!len)
		return FIN_OK;
	gz_entry *e;
	if ((rc = tab_get(g, key, len, &e)))
		return rc;
	if (allcaps) {
		if (e->ent_cs < over_below)
			e->ent_cs = ent;
	} else if (e->ent_ci < over_below) {
		e->ent_ci = ent;
		e->capmask = (uint16_t)capmask;
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

/* A new entity named name[0..n) of kind; its index into *id. */
static int ent_add(fin_gazetteer *g, const char *name, size_t n, fin_org_kind kind, int32_t *id)
{
	if (g->n_ents >= g->cap_ents) {
		size_t nc = g->cap_ents ? g->cap_ents * 2 : 8192;
		gz_entity *p = fin_realloc(g->ents, nc * sizeof *p);
		if (!p)
			return FIN_ENOMEM;
		g->ents = p;
		g->cap_ents = nc;
	}
	*id = (int32_t)g->n_ents;
	gz_entity *ent = &g->ents[g->n_ents++];
	memset(ent, 0, sizeof *ent); /* its padding too: the image is the same every build */
	ent->kind = (uint8_t)kind;
	ent->name_len = (uint32_t)n;
	return pool_add(g, name, n, &ent->name_off);
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
		int32_t id;
		if ((rc = ent_add(g, canon.p, canon.n, kind, &id)))
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
				else if (a.n && (rc = add_alias(g, scratch, a.p, a.n, id, 0, NULL)))
					return rc;
				p = bar ? bar + 1 : end;
			}
		}
		if (canon_ok && (rc = add_alias(g, scratch, canon.p, canon.n, id, 0, NULL)))
			return rc;
		if (nf >= 3) {
			const char *p = f[2].p, *end = f[2].p + f[2].n;
			while (p < end) {
				const char *bar = memchr(p, '|', (size_t)(end - p));
				fin_field_view t = trim((fin_field_view){p, (size_t)((bar ? bar : end) - p)});
				if (t.n && (rc = tick_add(g, t.p, t.n, id, 0)))
					return rc;
				p = bar ? bar + 1 : end;
			}
		}
	}
	return FIN_OK;
}

/* Precedence of a not-companies category when a phrase has several
 * (smaller wins): a demonym is a more precise fact than "common word". */
static int nc_rank(uint8_t c)
{
	return c == NC_DEMONYM ? 4 : c == NC_WORD ? 5 : c;
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
		else if (fin_eq(cat.p, cat.n, "demonym"))
			c = NC_DEMONYM;
		char key[KEY_BUF];
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
		/* the strongest category wins: block > starter > person > demonym > word */
		if (!e->notco || nc_rank(c) < nc_rank(e->notco))
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
	"energy", "utilities", "realty", "properties", "minerals", "steel", "shipping",
	"management", "investors", "trustees", "services", "products", "brands",
	"telecommunications", "pharma", "breweries", "brewery", "exchange", "advisors", "advisers",
	"distributors", "distributor", NULL,
};

/* Weak suffixes that make a company even after generic words ("County
 * Bancorp", "United Airlines"): nobody writes them capitalised otherwise. */
static const char *const corp_sfx[] = {
	"bancorp", "bancshares", "bancorporation", "holdings", "industries", "airlines",
	"airways", "pharmaceuticals", "laboratories", "investors", "trustees", "securities",
	"investments", "enterprises", "technologies", "telecommunications", "partners",
	"associates", "ventures", "breweries", NULL,
};

/* Generic words that open a firm's name: "Cie des Machines Bull". */
static const char *const generic_prefix[] = {
	"cie", "compagnie", "societe", "ste", "cia", "groupe", "grupo", NULL,
};

/* Legal forms written before the name ("OAO Mobile Telesystems"). */
static const char *const legal_prefix[] = {"oao", "zao", "ooo", "pao", "ojsc", "pjsc", "jsc", "pt", NULL};

/* Sentence starters that may stand inside a name ("Korea First Bank",
 * "China Three Gorges Project"). */
static const char *const inner_ok[] = {
	"first", "second", "third", "one", "two", "three", "four", "five", "six", "seven",
	"eight", "nine", "ten", NULL,
};

/* Lower-case nouns that name a firm in apposition: "leisure group Rank",
 * "Petro-Canada, the state-owned oil company", "the Odeon cinema chain". */
static const char *const org_nouns[] = {
	"firm", "firms", "company", "companies", "group", "groups", "bank", "banks", "lender",
	"insurer", "reinsurer", "broker", "brokerage", "stockbroker", "carrier", "airline",
	"retailer", "supermarket", "chain", "brewer", "winemaker", "distiller", "maker",
	"makers", "manufacturer", "producer", "automaker", "carmaker", "drugmaker",
	"chipmaker", "giant", "conglomerate", "operator", "provider", "supplier",
	"utility", "monopoly", "consortium", "subsidiary", "unit", "division",
	"rival", "rivals", "business", "studio", "outfit", "bookmaker", "housebuilder", "miner", "refiner", "shipbuilder", "exporter", "importer", "grocer",
	"bottler", "telco", "contractor", "multinational", "start-up", "venture", "club", "clubs",
	"vehicle", "bourse", "suitor", "bidder", NULL,
};

/* Org nouns that may follow a name and still mean that it names a firm
 * ("the Odeon cinema chain"); "the ChatGPT maker" names a product. */
static const char *const post_nouns[] = {
	"firm", "company", "group", "bank", "lender", "insurer", "chain", "unit", "division",
	"subsidiary", "carrier", "airline", "conglomerate", "consortium", "giant", "business",
	"studio", "newspaper", "daily", "magazine", "agency", "union", "party",
	/* a chain by its outlets: "the Pinewood studios", "34 Grosvenor casinos" */
	"studios", "casinos", "restaurants", "stores", "hotels", "bakeries", "cinemas", "shops",
	"supermarkets",
	/* a part of a firm: "its Global Investors wing" */
	"wing", "arm", NULL,
};

/* Titles before people's names ("President Castro"). */
static const char *const person_titles[] = {
	"president", "senator", "sen", "governor", "gov", "chancellor", "minister", "secretary",
	"judge", "justice", "king", "queen", "prince", "princess", "pope", "colonel", "admiral",
	"captain", "mayor", "sheikh", "emir", "premier", "rep", "representative", "commissioner",
	"chairman", "ambassador", "vice", "deputy", "acting", NULL,
};

/* Lower-case nouns for bodies that are not companies: "news agency Tass",
 * "the Beijing News newspaper", "regulator Ofcom". */
static const char *const other_nouns[] = {
	"newspaper", "daily", "magazine", "agency", "regulator", "watchdog", "ministry",
	"union", "party", NULL,
};

/* Jobs at a firm: "analyst at Troika Dialog", "chief executive of Rank". */
static const char *const job_nouns[] = {
	"analyst", "analysts", "economist", "economists", "strategist", "manager", "director",
	"chairman", "chairwoman", "president", "executive", "officer", "head", "boss",
	"spokesman", "spokeswoman", "spokesperson", "founder", "partner", "trader", "dealer",
	"consultant", "adviser", "advisor", "researcher", "chief", NULL,
};

/* Verbs whose object is a firm: "agreed to buy Yuganskneftegas". */
static const char *const deal_verbs[] = {
	"buy", "buys", "bought", "buying", "acquire", "acquires", "acquired", "acquiring",
	"purchase", "purchased", "purchasing", "takeover", "rival", "rivals", NULL,
};

/* Nouns followed by a preposition and a firm: "shares in Wembley". */
static const char *const deal_nouns[] = {
	"shares", "stake", "stakes", "takeover", "acquisition", "bid", "offer", "merger",
	"owner", "owners", "subsidiary", "unit", "division", "parent", "shareholders",
	"shareholder", "control", "purchase", "owned", "controlled", "acquired", "bought",
	"customers", "chairman", "chief", "boss", "bosses", "sale", NULL,
};

static const char *const preps[] = {"at", "of", "in", "for", "with", "by", "from", NULL};

/* Nouns after a firm's possessive: "Southcorp's shares", "Wembley's
 * operating profit". */
static const char *const poss_nouns[] = {
	"shares", "share", "stake", "chairman", "chief", "boss", "bosses", "board", "profit",
	"profits", "sales", "revenue", "revenues", "earnings", "shareholders", "executive",
	"executives", "subsidiary", "takeover", "bid", "offer", "management", "stock", "debt",
	"acquisition", "merger", "directors", "spokesman", "spokeswoman", "results", "turnover",
	"losses", "dividend", "headquarters", "customers", "unit", "units", NULL,
};

/* The words of the left cues (ctx_left_cue) other than their word
 * classes: "called", "state-owned", "privately held", "chief executive of
 * the", a possessive's "s", a list's "and". A word of none of them and of
 * no cue class makes no left cue. */
static const char *const left_cue_words[] = {
	"and", "s", "called", "named", "owned", "controlled", "run", "listed", "held", "the", NULL,
};

/* Words that end the look for an org noun after a name ("the Odeon
 * cinema chain", ctx_right_cue). */
static const char *const post_stops[] = {
	"and", "or", "the", "a", "an", "is", "was", "has", "had", "said", "will", "would", NULL,
};

/* Nouns right after a firm's name: "Wembley chairman Claes Hultman". */
static const char *const right_cues[] = {
	"chairman", "chairwoman", "chief", "boss", "bosses", "spokesman", "spokeswoman",
	"spokesperson", "shares", "shareholders", "analyst", "analysts", "economist",
	"strategist", NULL,
};

/* Heads of organisations that are not companies. */
static const char *const other_heads[] = {
	"ministry", "department", "commission", "agency", "authority", "council", "court",
	"bureau", "committee", "parliament", "government", "university", "union",
	"association", "federation", "organisation", "organization", "institute",
	"subcommittee", "office",
	/* newspapers: "the Houston Post", "the Seattle Post-Intelligencer" */
	"post", "examiner", "chronicle", "tribune", "gazette", "herald", "journal", "times",
	"intelligencer", NULL,
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
	"bank", "banc", "banque", "banco", "ministry", "department", "commission", "agency",
	"authority", "council", "court", "bureau", "committee", "university", "union",
	"association", "federation", "organisation", "organization", "institute", "trust",
	"corporation", "company", "board", "office", "chamber", "exchange", "republic", NULL,
};

/* Lower-case particles inside foreign names ("Banque de France"). */
static const char *const particles[] = {
	"de", "du", "des", "van", "von", "der", "la", "di", "del", "della", "do", "da", "dos", "das", NULL,
};

/* Exchange names in "(NYSE: XYZ)". */
static const char *const exchanges[] = {
	"nyse", "nasdaq", "amex", "lse", "tsx", "asx", "otc", "nyse american", "ftse", "xetra",
	"euronext", "hkex", "tse", "sgx", NULL,
};

/* Moves of a share price: "Arcelor shed 2.1%", "Daiwa added 5.3%". */
static const char *const moves[] = {
	"shed", "sheds", "shedding", "fell", "falls", "falling", "rose", "rises", "rising", "gained",
	"gains", "gaining", "dropped", "drops", "dropping", "lost", "loses", "losing", "slid",
	"slides", "sliding", "climbed", "climbs", "climbing", "jumped", "jumps", "jumping",
	"slipped", "slips", "slipping", "added", "adding", "eased", "easing", "plunged", "plunging",
	"soared", "soaring", "tumbled", "tumbling", "surged", "surging", NULL,
};

/* Words between a firm and its deal verb: "X will buy", "X has agreed to
 * acquire". */
static const char *const aux_words[] = {
	"will", "would", "has", "had", "have", "agreed", "to", "is", "was", "plans", "also", NULL,
};

/* Verbs of a firm's report: "X had sales of", "X reported a net loss". */
static const char *const report_verbs[] = {
	"has", "had", "reported", "reports", "posted", "posts", "made", "earned", "recorded", "booked", NULL,
};

/* What a firm reports. */
static const char *const result_nouns[] = {
	"sales", "revenue", "revenues", "profit", "profits", "earnings", "turnover", "loss", "losses",
	"income", "capitalisation", "capitalization", NULL,
};

static const char *const titles[] = {
	"mr", "mrs", "ms", "dr", "sir", "lord", "lady", "dame", "messrs", "prof", "professor", NULL,
};
static const char *const centrals[] = {"central", "reserve", NULL};

/* Give every word of list the class bits cls. */
static int add_class(fin_gazetteer *g, const char *const *list, uint32_t cls)
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
	if (!rc)
		rc = add_class(g, corp_sfx, W_CORPSFX);
	if (!rc)
		rc = add_class(g, legal_prefix, W_LEGALPRE);
	if (!rc)
		rc = add_class(g, inner_ok, W_INNER);
	if (!rc)
		rc = add_class(g, org_nouns, W_ORGN);
	if (!rc)
		rc = add_class(g, other_nouns, W_OTHERN);
	if (!rc)
		rc = add_class(g, job_nouns, W_JOB);
	if (!rc)
		rc = add_class(g, deal_verbs, W_DEALV);
	if (!rc)
		rc = add_class(g, deal_nouns, W_DEALN);
	if (!rc)
		rc = add_class(g, preps, W_PREP);
	if (!rc)
		rc = add_class(g, poss_nouns, W_POSSN);
	if (!rc)
		rc = add_class(g, right_cues, W_RCUE);
	if (!rc)
		rc = add_class(g, post_nouns, W_POSTOK);
	if (!rc)
		rc = add_class(g, person_titles, W_PTITLE);
	if (!rc)
		rc = add_class(g, moves, W_MOVE);
	if (!rc)
		rc = add_class(g, aux_words, W_AUX);
	if (!rc)
		rc = add_class(g, report_verbs, W_REPV);
	if (!rc)
		rc = add_class(g, result_nouns, W_RESN);
	if (!rc)
		rc = add_class(g, left_cue_words, W_LCUEW);
	if (!rc)
		rc = add_class(g, post_stops, W_RSTOP);
	return rc;
}

static void hot_build(fin_gazetteer *g);

/* ---------------------------------------------------------------------- */
/* The image: the built-in gazetteer, made at build time                  */
/* ---------------------------------------------------------------------- */

/* Building the gazetteer from its tables (34,000 keys: 5,700 organisations
 * with their aliases, the not-company phrases, the key prefixes) takes
 * about 7 ms, as long as a linked run over half a megabyte of news. The
 * build runs src/gen/gazimage.c, which builds it once and writes its
 * arrays as one image into the library (fin_gaz_builtin_image()); a run
 * points the gazetteer at that image and copies it (gz_own) only when
 * user data changes it. The image comes from
 * the same build's code and tables, so it never disagrees with them; the
 * header still checks the layout. */

#define IMG_MAGIC 0x46475a31u /* "1ZGF" */
#define IMG_VERSION 1u
#define IMG_ALIGN 64u

typedef struct gz_image_head {
	uint32_t magic, version;
	uint32_t sizes; /* sizeof gz_entity, gz_entry, gz_slot, gz_ticker, gz_hot: 6 bits each */
	uint32_t hot_slots;
	uint64_t n_ents, rec_len, n_keys, slot_cap, tick_n, tick_cap, pool_len;
	uint64_t off_ents, off_rec, off_slots, off_tick, off_pool, off_hot, total;
} gz_image_head;

static uint32_t img_sizes(void)
{
	return (uint32_t)sizeof(gz_entity) | (uint32_t)sizeof(gz_entry) << 6 | (uint32_t)sizeof(gz_slot) << 12 |
	       (uint32_t)sizeof(gz_ticker) << 18 | (uint32_t)sizeof(gz_hot) << 24;
}

static size_t img_round(size_t n) { return (n + IMG_ALIGN - 1) & ~(size_t)(IMG_ALIGN - 1); }

int fin_gazetteer_image(const fin_gazetteer *g, unsigned char **out, size_t *len)
{
	gz_image_head h;
	memset(&h, 0, sizeof h);
	h.magic = IMG_MAGIC;
	h.version = IMG_VERSION;
	h.sizes = img_sizes();
	h.hot_slots = g->hot ? HOT_SLOTS : 0;
	h.n_ents = g->n_ents;
	h.rec_len = g->rec_len;
	h.n_keys = g->n_keys;
	h.slot_cap = g->slot_cap;
	h.tick_n = g->tick_n;
	h.tick_cap = g->tick_cap;
	h.pool_len = g->pool_len;
	/* the records with the slack tab_find_word reads past the last key */
	size_t at = img_round(sizeof h);
	h.off_ents = at;
	at = img_round(at + g->n_ents * sizeof(gz_entity));
	h.off_rec = at;
	at = img_round(at + g->rec_len + REC_SLACK);
	h.off_slots = at;
	at = img_round(at + g->slot_cap * sizeof(gz_slot));
	h.off_tick = at;
	at = img_round(at + g->tick_cap * sizeof(gz_ticker));
	h.off_pool = at;
	at = img_round(at + g->pool_len);
	h.off_hot = at;
	at = img_round(at + h.hot_slots * sizeof(gz_hot));
	h.total = at;
	unsigned char *img = fin_calloc(1, at);
	if (!img)
		return FIN_ENOMEM;
	memcpy(img, &h, sizeof h);
	if (g->n_ents)
		memcpy(img + h.off_ents, g->ents, g->n_ents * sizeof(gz_entity));
	if (g->rec_len)
		memcpy(img + h.off_rec, g->rec, g->rec_len);
	if (g->slot_cap)
		memcpy(img + h.off_slots, g->slots, g->slot_cap * sizeof(gz_slot));
	if (g->tick_cap)
		memcpy(img + h.off_tick, g->tick, g->tick_cap * sizeof(gz_ticker));
	if (g->pool_len)
		memcpy(img + h.off_pool, g->pool, g->pool_len);
	if (h.hot_slots)
		memcpy(img + h.off_hot, g->hot, HOT_SLOTS * sizeof(gz_hot));
	*out = img;
	*len = at;
	return FIN_OK;
}

/* Point g at image img[0..len); false (g untouched) when the image is
 * absent or not of this build's layout. */
static bool img_borrow(fin_gazetteer *g, const unsigned char *img, size_t len)
{
	gz_image_head h;
	if (!img || len < sizeof h || ((uintptr_t)img & 7u))
		return false;
	memcpy(&h, img, sizeof h);
	if (h.magic != IMG_MAGIC || h.version != IMG_VERSION || h.sizes != img_sizes() || h.total != len ||
	    (h.hot_slots != 0 && h.hot_slots != HOT_SLOTS) || h.off_hot + h.hot_slots * sizeof(gz_hot) > len)
		return false;
	unsigned char *p = (unsigned char *)(uintptr_t)img; /* read-only: borrowed */
	g->ents = (gz_entity *)(void *)(p + h.off_ents);
	g->n_ents = g->cap_ents = h.n_ents;
	g->rec = (char *)(p + h.off_rec);
	g->rec_len = h.rec_len;
	g->rec_cap = h.rec_len + REC_SLACK;
	g->n_keys = h.n_keys;
	g->slots = (gz_slot *)(void *)(p + h.off_slots);
	g->slot_cap = h.slot_cap;
	g->tick = (gz_ticker *)(void *)(p + h.off_tick);
	g->tick_n = h.tick_n;
	g->tick_cap = h.tick_cap;
	g->pool = (char *)(p + h.off_pool);
	g->pool_len = g->pool_cap = h.pool_len;
	g->hot = h.hot_slots ? (gz_hot *)(void *)(p + h.off_hot) : NULL;
	g->borrowed = true;
	return true;
}

/* A heap block of cap bytes holding the n bytes at p, zero after them
 * (NULL when cap is 0, or out of memory: *fail set). */
static void *dup_bytes(const void *p, size_t n, size_t cap, bool *fail)
{
	if (!cap)
		return NULL;
	void *q = fin_malloc(cap);
	if (!q) {
		*fail = true;
		return NULL;
	}
	if (n)
		memcpy(q, p, n);
	if (cap > n)
		memset((char *)q + n, 0, cap - n);
	return q;
}

/* Make the borrowed arrays of g its own, so that it can change them. */
static int gz_own(fin_gazetteer *g)
{
	if (!g->borrowed)
		return FIN_OK;
	bool fail = false;
	gz_entity *ents = dup_bytes(g->ents, g->n_ents * sizeof *ents, g->cap_ents * sizeof *ents, &fail);
	char *rec = dup_bytes(g->rec, g->rec_len + REC_SLACK, g->rec_cap, &fail);
	gz_slot *slots = dup_bytes(g->slots, g->slot_cap * sizeof *slots, g->slot_cap * sizeof *slots, &fail);
	gz_ticker *tick = dup_bytes(g->tick, g->tick_cap * sizeof *tick, g->tick_cap * sizeof *tick, &fail);
	char *pool = dup_bytes(g->pool, g->pool_len, g->pool_cap, &fail);
	gz_hot *hot = g->hot ? dup_bytes(g->hot, HOT_SLOTS * sizeof *hot, HOT_SLOTS * sizeof *hot, &fail) : NULL;
	if (fail) {
		fin_free(ents);
		fin_free(rec);
		fin_free(slots);
		fin_free(tick);
		fin_free(pool);
		fin_free(hot);
		return FIN_ENOMEM;
	}
	g->ents = ents;
	g->rec = rec;
	g->slots = slots;
	g->tick = tick;
	g->pool = pool;
	g->hot = hot;
	g->borrowed = false;
	return FIN_OK;
}

/* true when data_dir holds one of the gazetteer's tables. */
static bool user_tables(const char *data_dir)
{
	static const char *const names[] = {"not-companies.tsv", "orgs.tsv", "companies.tsv"};
	for (size_t i = 0; data_dir && i < sizeof names / sizeof *names; i++) {
		char path[4096];
		int w = snprintf(path, sizeof path, "%s/%s", data_dir, names[i]);
		if (w < 0 || (size_t)w >= sizeof path || access(path, F_OK) == 0)
			return true; /* (a path too long: load_file says so) */
	}
	return false;
}

int fin_gazetteer_new_from(fin_gazetteer **out, const char *data_dir, bool use_image, fin_error *err)
{
	*out = NULL;
	fin_gazetteer *g = fin_calloc(1, sizeof *g);
	if (!g)
		return fin_error_set(err, FIN_ENOMEM, "", 0, "out of memory");
	fin_arena scratch;
	fin_arena_init(&scratch, 4096);
	/* Tables of data_dir mix with the built-in ones in load order (the
	 * first entity of a key wins): with any of them, build from scratch. */
	size_t ilen = 0;
	const unsigned char *img = use_image && !user_tables(data_dir) ? fin_gaz_builtin_image(&ilen) : NULL;
	bool built_in = img_borrow(g, img, ilen);
	int rc = FIN_OK;
	if (!built_in) {
		if ((rc = add_classes(g)))
			fin_error_set(err, rc, "", 0, "out of memory");
		if (!rc)
			rc = load_file(g, &scratch, data_dir, "not-companies.tsv", 2, err);
		if (!rc)
			rc = load_file(g, &scratch, data_dir, "orgs.tsv", 1, err);
		if (!rc)
			rc = load_file(g, &scratch, data_dir, "companies.tsv", 0, err);
	}
	fin_arena_free(&scratch);
	if (rc) {
		fin_gazetteer_free(g);
		return rc;
	}
	if (!built_in)
		hot_build(g); /* (the image holds its own) */
	*out = g;
	return FIN_OK;
}

int fin_gazetteer_new(fin_gazetteer **out, const char *data_dir, fin_error *err)
{
	return fin_gazetteer_new_from(out, data_dir, true, err);
}

int fin_gazetteer_add(fin_gazetteer *g, const fin_company_def *defs, size_t n, const char *path,
		      fin_error *err)
{
	if (!n)
		return FIN_OK;
	fin_arena scratch;
	fin_arena_init(&scratch, 4096);
	int32_t builtin = (int32_t)g->n_ents;
	int rc = gz_own(g);
	if (rc) {
		fin_arena_free(&scratch);
		return fin_error_set(err, rc, path, 0, "out of memory");
	}
	for (size_t i = 0; i < n && !rc; i++) {
		const fin_company_def *d = &defs[i];
		int32_t id;
		bool keyed;
		if ((rc = ent_add(g, d->name, strlen(d->name), d->kind, &id)))
			break;
		for (size_t k = 0; k <= d->n_aliases && !rc; k++) {
			const char *a = k ? d->aliases[k - 1] : d->name;
			if ((rc = add_alias(g, &scratch, a, strlen(a), id, builtin, &keyed)))
				break;
			if (!keyed)
				rc = fin_error_set(err, FIN_ECONFIG, path, d->line,
						   "'%s' makes no name to match (no word, or over %d words or %d bytes)",
						   a, KEY_TOKS, KEY_MAX);
		}
		for (size_t k = 0; k < d->n_tickers && !rc; k++)
			rc = tick_add(g, d->tickers[k], strlen(d->tickers[k]), id, builtin);
	}
	fin_arena_free(&scratch);
	if (rc == FIN_ENOMEM)
		return fin_error_set(err, rc, path, 0, "out of memory");
	if (rc)
		return rc;
	/* the hot table holds lookups of the index: new keys change them */
	fin_free(g->hot);
	g->hot = NULL;
	hot_build(g);
	return FIN_OK;
}

void fin_gazetteer_free(fin_gazetteer *g)
{
	if (!g)
		return;
	if (g->borrowed) {
		fin_free(g);
		return;
	}
	fin_free(g->ents);
	fin_free(g->rec);
	fin_free(g->slots);
	fin_free(g->tick);
	fin_free(g->pool);
	fin_free(g->hot);
	fin_free(g);
}

/* ---------------------------------------------------------------------- */
/* Word classes used by the patterns                                      */
/* ---------------------------------------------------------------------- */

static inline bool in_set(const char *s, size_t n, const char *const *set)
{
	if (n == 0)
		return false; /* no set holds the empty word */
	/* most words differ from every literal in their first letter */
	unsigned char c0 = fin_to_lower((unsigned char)s[0]);
	for (size_t i = 0; set[i]; i++)
		if (fin_to_lower((unsigned char)set[i][0]) == c0 && eq_ci(s, n, set[i]))
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
	uint32_t hash;    /* key_hash() of key: case folded, so exact keys too */
} art_alias;

/* The gazetteer lookup of one token alone (lower-cased), done once per
 * article: word classes, pattern tests and gz_longest all start from it. */
typedef struct tok_info {
	uint32_t cls;  /* W_* | NC << W_NC_SHIFT | W_DONE; 0 until looked up */
	uint32_t eix;  /* its gazetteer entry (slot_entry()), 0 for none (valid with W_DONE) */
} tok_info;

typedef struct gz_match {
	size_t end;     /* token index after the match; 0 when none */
	int32_t ent;    /* entity, or -1 for a not-company phrase */
	uint8_t notco;
} gz_match;

/* gz_longest()'s last answer in a field. */
typedef struct gz_memo {
	size_t i;   /* token asked about, SIZE_MAX before the first */
	gz_match m; /* its answer */
} gz_memo;

/* One field being scanned. */
typedef struct field_ctx {
	const char *text;
	const fin_tokens *toks;
	bool shout;       /* all-caps headline */
	mlist m;          /* pass-1 mentions, in order */
	tok_info *ti;     /* per token: its one-word lookup, filled on first need */
	uint8_t *starts;  /* per token: 0 unknown, 1 no, 2 can_start() (NULL: no cache) */
	size_t len;       /* bytes of text */
	uint32_t *cand;   /* find_candidates(): candidate tokens, then toks->n */
	size_t ci;        /* next_candidate()'s cursor into cand */
	gz_memo *memo;    /* gz_longest()'s last answer (NULL: none kept) */
} field_ctx;

/* A word the article uses for a person ("Glazer" of "Mr Glazer"). */
typedef struct person_word {
	const char *p;   /* into the field text */
	uint32_t len;
	bool titled;     /* after Mr/Mrs/Dr... or in "said X Y,": surely a person */
} person_word;

typedef struct scan_ctx {
	const fin_gazetteer *g;
	fin_arena *arena;
	art_alias *al;
	size_t n_al, cap_al;
	field_ctx *fields;        /* [title, body], for article-wide evidence */
	uint64_t al_first[16];    /* bit per first two letters of an alias key */
	uint64_t al_pre[AL_PRE / 64]; /* alias_longest(): every prefix of an alias key (bloom) */
	uint32_t *al_slots;       /* index over al by hash: alias index + 1, 0 empty */
	size_t al_slot_cap;       /* power of two, at least twice n_al; 0 before the first */
	size_t al_max_ntok;       /* most tokens of an alias key */
	uint32_t *nm_slots;       /* index over the aliases' names: first alias + 1, 0 empty */
	size_t nm_cap, n_nm;      /* slots (power of two, at least twice n_nm), names in it */
	const char *nm_last;      /* the name indexed last (aliases come in runs of one name) */
	person_word *pw;          /* people's names, collected on first need */
	size_t n_pw, cap_pw;
	uint32_t *pw_slots;       /* index over pw by name_hash(): word + 1, 0 empty */
	size_t pw_cap_slots;      /* power of two, at least twice n_pw */
	bool pw_done;
} scan_ctx;

static const fin_token *tok(const field_ctx *f, size_t i) { return &f->toks->v[i]; }

static size_t tlen(const fin_token *t) { return t->end - t->start; }

static bool is_punct(const field_ctx *f, size_t i, char c)
{
	const fin_token *t = tok(f, i);
	return t->kind == FIN_TOK_PUNCT && tlen(t) == 1 && f->text[t->start] == c;
}

static bool is_word(const field_ctx *f, size_t i) { return tok(f, i)->kind == FIN_TOK_WORD; }

/* true for an apostrophe token: ' or U+2019. */
static bool is_apos(const field_ctx *f, size_t i)
{
	const fin_token *t = tok(f, i);
	return is_punct(f, i, '\'') || eq(f->text + t->start, tlen(t), "\xE2\x80\x99");
}

static inline bool word_in(const field_ctx *f, size_t i, const char *const *set)
{
	const fin_token *t = tok(f, i);
	return t->kind == FIN_TOK_WORD && in_set(f->text + t->start, tlen(t), set);
}

/* true when the lower-case key k[0..n) equals s[0..n) lower-cased. Keys
 * are short: a loop beats a call to memcmp. */
static inline bool key_eq_ci(const char *k, const char *s, size_t n)
{
	for (size_t j = 0; j < n; j++)
		if (k[j] != (char)fin_to_lower((unsigned char)s[j]))
			return false;
	return true;
}

/* The slot index value (slot_entry()) of the key s[0..n) lower-cased, or
 * 0; avail bytes are readable from s (avail >= n). No copy: a word of at
 * most 16 bytes is loaded in two chunks, lower-cased eight bytes at a
 * time, hashed as gz_hash() hashes its key and compared with the stored
 * key chunk by chunk. */
/* The hash gz_hash() gives the word s[0..n) lower-cased, for a word of at
 * most 16 bytes with 16 bytes readable from s; *a and *b get its two
 * lower-cased 8-byte chunks (zero past the word). */
static inline uint32_t word_hash16(const char *s, size_t n, uint64_t *a, uint64_t *b)
{
	size_t ka = n < 8 ? n : 8;
	memcpy(a, s, 8);
	memcpy(b, s + 8, 8);
	*a = keep8(*a, ka);
	*b = keep8(*b, n - ka);
	*a |= caps8(*a) >> 2; /* 'A'..'Z' -> 'a'..'z' */
	*b |= caps8(*b) >> 2;
	uint64_t hh = gz_mix(n, *a);
	return gz_fold(n > 8 ? gz_mix(hh, *b) : hh);
}

/* The slot of hot key x (or the empty slot where it would go). */
static inline size_t hot_slot(const gz_hot *t, uint64_t x)
{
	size_t i = (size_t)((x * 0x9e3779b97f4a7c15u) >> 51) & (HOT_SLOTS - 1);
	while (t[i].key && t[i].key != x)
		i = (i + 1) & (HOT_SLOTS - 1);
	return i;
}

/* The hot table's entry of lower-case key x, or NULL. */
static inline const gz_hot *hot_find(const fin_gazetteer *g, uint64_t x)
{
	const gz_hot *h = &g->hot[hot_slot(g->hot, x)];
	return h->key ? h : NULL;
}

static uint32_t tab_find_word(const fin_gazetteer *g, const char *s, size_t n, size_t avail);

/* Words that most tokens looked up are (function words, newswire words,
 * months, legal forms): their answers, taken from the index at load. */
static const char *const hot_words[] = {
	"the", "said", "in", "and", "of", "to", "a", "for", "on", "it", "is", "by", "from", "that",
	"with", "has", "but", "at", "he", "as", "be", "was", "an", "its", "are", "not", "this",
	"which", "or", "were", "have", "had", "been", "would", "will", "may", "also", "after",
	"their", "they", "more", "than", "up", "about", "new", "year", "last", "one", "two", "three",
	"first", "company", "shares", "share", "pct", "mln", "dlrs", "dlr", "billion", "million",
	"inc", "corp", "co", "ltd", "plc", "group", "bank", "net", "shr", "revs", "qtr", "oper",
	"avg", "shrs", "vs", "cts", "january", "february", "march", "april", "june", "july",
	"august", "september", "october", "november", "december", "jan", "feb", "mar", "apr", "jun",
	"jul", "aug", "sept", "oct", "nov", "dec", "monday", "tuesday", "wednesday", "thursday",
	"friday", "saturday", "sunday", "u", "s", "reuter", "reuters", "mr", "mrs", "ms", "we", "i",
	"his", "her", "she", "there", "if", "when", "while", "into", "over", "under", "some", "all",
	"no", "so", "such", "other", "any", "most", "both", "each", "per", "between", "against",
	"during", "before", "because", "could", "should", "can", "do", "did", "does", "since",
	"however", "quarter", "profit", "loss", "sales", "price", "prices", "market",
	"stock", "government", "minister", "officials", "analysts", "economy", "trade", "oil",
	"exchange", "board", "offer", "deal", "unit", "interest", "rate", "rates", "tax", "nine",
	"four", "five", "six", "seven", "eight", "ten", "note", "total", "end", "week", "month",
	"months", "years", "today", "yesterday", "president", "chairman", "chief", "executive",
	"spokesman", "earlier", "later", "now", "then", "only", "even", "still", "us", "uk",
	"our", "them", "him", "what", "who", "how", "why", "where", "these", "those", NULL,
};

/* The hot table (NULL when out of memory: lookups then go to the index):
 * the words of hot_words, found in the index or not, and every one-word
 * key of at most 8 bytes that has word classes or a not-company category
 * (common words, places, months, first names: what most looked-up tokens
 * are), up to two thirds of the slots. */
static void hot_build(fin_gazetteer *g)
{
	gz_hot *t = fin_calloc(HOT_SLOTS, sizeof *t);
	if (!t)
		return;
	size_t used = 0;
	for (size_t k = 0; hot_words[k]; k++) {
		const char *w = hot_words[k];
		size_t n = strlen(w);
		if (n == 0 || n > 8)
			continue;
		uint64_t x = 0;
		memcpy(&x, w, n);
		size_t i = hot_slot(t, x);
		if (t[i].key)
			continue; /* listed twice */
		uint32_t eix = tab_find_word(g, w, n, n);
		t[i] = (gz_hot){x, entry_cls(eix ? slot_entry(g, eix) : NULL), eix};
		used++;
	}
	for (size_t s = 0; s < g->slot_cap && used < HOT_SLOTS / 3 * 2; s++) {
		uint32_t idx = g->slots[s].idx;
		if (!idx)
			continue;
		const gz_entry *e = slot_entry(g, idx);
		const char *key = entry_key(e);
		if (e->key_len == 0 || e->key_len > 8 || memchr(key, ' ', e->key_len) ||
		    (e->notco == NC_NONE && !e->wcls))
			continue;
		uint64_t x = 0;
		memcpy(&x, key, e->key_len);
		size_t i = hot_slot(t, x);
		if (t[i].key)
			continue;
		t[i] = (gz_hot){x, entry_cls(e), idx};
		used++;
	}
	g->hot = t;
}

size_t fin_gazetteer_hot_check(const fin_gazetteer *g, size_t *words)
{
	size_t bad = 0, n_words = 0;
	for (size_t i = 0; g->hot && i < HOT_SLOTS; i++) {
		const gz_hot *h = &g->hot[i];
		if (!h->key)
			continue;
		n_words++;
		char w[9] = {0};
		memcpy(w, &h->key, 8);
		size_t n = strlen(w);
		bad += hot_find(g, h->key) != h;
		uint32_t eix = tab_find_word(g, w, n, n);
		bad += eix != h->eix || entry_cls(eix ? slot_entry(g, eix) : NULL) != h->cls;
	}
	*words = n_words;
	return bad;
}

static uint32_t tab_find_word(const fin_gazetteer *g, const char *s, size_t n, size_t avail)
{
	if (!g->slot_cap || n > KEY_MAX)
		return 0;
	uint64_t a = 0, b = 0;
	uint32_t h;
	bool chunks = n <= 16 && avail >= 16;
	if (chunks) {
		h = word_hash16(s, n, &a, &b);
	} else {
		char key[KEY_MAX];
		for (size_t j = 0; j < n; j++)
			key[j] = (char)fin_to_lower((unsigned char)s[j]);
		h = gz_hash(key, n);
	}
	size_t mask = g->slot_cap - 1;
	for (size_t i = h & mask;; i = (i + 1) & mask) {
		const gz_slot *sl = &g->slots[i];
		if (!sl->idx)
			return 0;
		if (sl->hash != h)
			continue;
		const gz_entry *e = slot_entry(g, sl->idx);
		if (e->key_len != n)
			continue;
		if (chunks) {
			uint64_t x, y;
			memcpy(&x, entry_key(e), 8);
			memcpy(&y, entry_key(e) + 8, 8);
			size_t ka = n < 8 ? n : 8;
			if (keep8(x, ka) == a && keep8(y, n - ka) == b)
				return sl->idx;
		} else if (key_eq_ci(entry_key(e), s, n)) {
			return sl->idx;
		}
	}
}

/* Look token i up alone (a word of at most KEY_MAX bytes; other tokens
 * get W_DONE only) and cache the result in f->ti[i] when the field has a
 * cache. Returns the filled info. */
#if defined(__GNUC__)
__attribute__((noinline)) /* the slow path of the inline word_cls() */
#endif
static tok_info tok_lookup(const scan_ctx *c, const field_ctx *f, size_t i)
{
	if (f->ti && f->ti[i].cls)
		return f->ti[i];
	const fin_token *t = tok(f, i);
	tok_info v = {W_DONE, 0};
	size_t n = tlen(t);
	if (t->kind == FIN_TOK_WORD && n <= 8 && f->len - t->start >= 8 && c->g->hot) {
		uint64_t x;
		memcpy(&x, f->text + t->start, 8);
		x = keep8(x, n);
		x |= caps8(x) >> 2; /* 'A'..'Z' -> 'a'..'z' */
		const gz_hot *h = hot_find(c->g, x);
		if (h) {
			v.cls = h->cls;
			v.eix = h->eix;
			if (f->ti)
				f->ti[i] = v;
			return v;
		}
	}
	if (t->kind == FIN_TOK_WORD && n <= KEY_MAX) {
		v.eix = tab_find_word(c->g, f->text + t->start, n, f->len - t->start);
		v.cls = entry_cls(v.eix ? slot_entry(c->g, v.eix) : NULL);
	}
	if (f->ti)
		f->ti[i] = v;
	return v;
}

/* Word classes of token i (W_* and the NC_* category), cached per field.
 * Inline: the patterns ask about the same tokens many times, and the
 * cached answer is one load. */
static inline unsigned word_cls(const scan_ctx *c, const field_ctx *f, size_t i)
{
	if (f->ti && f->ti[i].cls)
		return f->ti[i].cls;
	return tok_lookup(c, f, i).cls;
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
	char key[KEY_BUF];
	if (n > KEY_MAX || n < 2)
		return true;
	for (size_t j = 0; j < n; j++)
		key[j] = (char)fin_to_lower((unsigned char)s[j]);
	const gz_entry *e = tab_find(c->g, key, n);
	/* a first name that opens a firm's name is its short name ("Patrick
	 * will pay" after "Patrick Petroleum Co"): people are called by their
	 * surnames, and "Patrick Smith" is a person before it is an alias */
	return e && e->notco != NC_NONE && e->notco != NC_PERSON;
}

/* A token that can begin a name: a capitalised word (any word in a
 * shouting headline), a word with an inner capital ("eBay"), or a number
 * glued to a word ("3M"). */
static bool can_start_tok(const field_ctx *f, size_t i)
{
	const fin_token *t = tok(f, i);
	if (t->kind == FIN_TOK_WORD)
		return (t->flags & FIN_TF_UPPER) != 0; /* FIN_TF_CAP, or an inner capital */
	if (t->kind == FIN_TOK_NUM)
		return i + 1 < f->toks->n && tok(f, i + 1)->start == t->end && is_word(f, i + 1);
	return false;
}

/* can_start_tok(), cached in the field's table when it has one (pass 1
 * asks every token it does not jump over, pass 2 the tokens in the gaps). */
static inline bool can_start(const field_ctx *f, size_t i)
{
	if (!f->starts)
		return can_start_tok(f, i);
	if (!f->starts[i])
		f->starts[i] = can_start_tok(f, i) ? 2 : 1;
	return f->starts[i] == 2;
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
		if (!key_push(key, &len, f->text, f->len, t))
			return 0;
		(*ntok)++;
	}
	return len;
}

/* The article alias with this key, or NULL. */
static const art_alias *alias_find(const scan_ctx *c, const char *key, size_t len)
{
	if (!c->al_slot_cap)
		return NULL;
	/* the lowest index wins, as in a scan of the list in order (aliases
	 * are unique by key anyway) */
	uint32_t h = key_hash(key, len);
	size_t mask = c->al_slot_cap - 1;
	const art_alias *best = NULL;
	for (size_t i = h & mask; c->al_slots[i]; i = (i + 1) & mask) {
		const art_alias *a = &c->al[c->al_slots[i] - 1];
		if (a->hash == h && !a->exact && a->len == len && memcmp(a->key, key, len) == 0 &&
		    (!best || a < best))
			best = a;
	}
	return best;
}

/* Bit of the first two bytes of a key (case folded) in scan_ctx.al_first. */
static unsigned first2_bit(const char *s)
{
	return ((unsigned)(fin_to_lower((unsigned char)s[0]) & 31u) << 5) |
	       (unsigned)(fin_to_lower((unsigned char)s[1]) & 31u);
}

/* Put alias k (an index into c->al) into the hash index, growing it to
 * keep at most half of the slots taken. */
static int alias_index(scan_ctx *c, size_t k)
{
	if ((c->n_al + 1) * 2 > c->al_slot_cap) {
		size_t nc = c->al_slot_cap ? c->al_slot_cap * 2 : 64;
		uint32_t *t = fin_arena_calloc(c->arena, nc, sizeof *t);
		if (!t)
			return FIN_ENOMEM;
		/* the old slots stay in the arena: growth is geometric */
		c->al_slots = t;
		c->al_slot_cap = nc;
		for (size_t a = 0; a < k; a++) {
			size_t i = c->al[a].hash & (nc - 1);
			while (t[i])
				i = (i + 1) & (nc - 1);
			t[i] = (uint32_t)a + 1;
		}
	}
	size_t mask = c->al_slot_cap - 1, i = c->al[k].hash & mask;
	while (c->al_slots[i])
		i = (i + 1) & mask;
	c->al_slots[i] = (uint32_t)k + 1;
	return FIN_OK;
}

/* The two bits of hash h in the alias prefix filter. */
static inline void al_pre_set(scan_ctx *c, uint32_t h)
{
	c->al_pre[(h % AL_PRE) / 64] |= 1ull << (h % 64);
	c->al_pre[((h >> 13) % AL_PRE) / 64] |= 1ull << ((h >> 13) % 64);
}

/* false when no alias key begins with the key of hash h (true: maybe). */
static inline bool al_pre_has(const scan_ctx *c, uint32_t h)
{
	return (c->al_pre[(h % AL_PRE) / 64] & (1ull << (h % 64))) &&
	       (c->al_pre[((h >> 13) % AL_PRE) / 64] & (1ull << ((h >> 13) % 64)));
}

/* Hash of a name (exact bytes). */
static uint32_t name_hash(const char *s, size_t n)
{
	uint32_t h = KEY_HASH_INIT;
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 16777619u;
	return h;
}

/* The first alias whose name is s[0..n) (exact), or NULL. */
static const art_alias *alias_by_name(const scan_ctx *c, const char *s, size_t n)
{
	if (!c->nm_cap)
		return NULL;
	size_t mask = c->nm_cap - 1;
	for (size_t i = name_hash(s, n) & mask; c->nm_slots[i]; i = (i + 1) & mask) {
		const art_alias *a = &c->al[c->nm_slots[i] - 1];
		if (a->name == s || (strncmp(a->name, s, n) == 0 && a->name[n] == '\0'))
			return a;
	}
	return NULL;
}

/* Index the name of alias k (just added) unless an earlier alias has the
 * same name: entity_name() wants the first. */
static int name_index(scan_ctx *c, size_t k)
{
	const char *name = c->al[k].name;
	if (name == c->nm_last)
		return FIN_OK;
	size_t n = strlen(name);
	if (alias_by_name(c, name, n)) {
		c->nm_last = name;
		return FIN_OK;
	}
	if ((c->n_nm + 1) * 2 > c->nm_cap) {
		size_t nc = c->nm_cap ? c->nm_cap * 2 : 64;
		uint32_t *t = fin_arena_calloc(c->arena, nc, sizeof *t);
		if (!t)
			return FIN_ENOMEM;
		for (size_t i = 0; i < c->nm_cap; i++) {
			uint32_t v = c->nm_slots[i];
			if (!v)
				continue;
			const char *nm = c->al[v - 1].name;
			size_t j = name_hash(nm, strlen(nm)) & (nc - 1);
			while (t[j])
				j = (j + 1) & (nc - 1);
			t[j] = v;
		}
		c->nm_slots = t; /* the old slots stay in the arena */
		c->nm_cap = nc;
	}
	size_t mask = c->nm_cap - 1, i = name_hash(name, n) & mask;
	while (c->nm_slots[i])
		i = (i + 1) & mask;
	c->nm_slots[i] = (uint32_t)k + 1;
	c->n_nm++;
	c->nm_last = name;
	return FIN_OK;
}

/* Remember key -> name for the rest of the article (first one wins). */
/* alias_add; mark false when the key's prefixes are marked already (a
 * prefix of a key added before: "computer terminal" after "computer
 * terminal systems"). */
static int alias_add_m(scan_ctx *c, const char *key, size_t len, size_t ntok, bool exact,
		       const char *name, uint8_t kind, bool mark)
{
	uint32_t h = key_hash(key, len);
	if (c->al_slot_cap) {
		size_t mask = c->al_slot_cap - 1;
		for (size_t i = h & mask; c->al_slots[i]; i = (i + 1) & mask) {
			const art_alias *a = &c->al[c->al_slots[i] - 1];
			if (a->hash == h && a->exact == exact && a->len == len && memcmp(a->key, key, len) == 0)
				return FIN_OK;
		}
	}
	if (fin_arena_grow(c->arena, (void **)&c->al, &c->cap_al, c->n_al, sizeof(art_alias)))
		return FIN_ENOMEM;
	char *k = fin_arena_strndup(c->arena, key, len);
	if (!k)
		return FIN_ENOMEM;
	c->al[c->n_al] = (art_alias){k, len, ntok, exact, name, kind, h};
	/* every prefix of the key, by its hash as alias_longest() grows it */
	uint32_t ph = KEY_HASH_INIT;
	for (size_t j = 0; mark && j < len; j++) {
		ph = key_hash_byte(ph, (unsigned char)k[j]);
		al_pre_set(c, ph);
	}
	if (alias_index(c, c->n_al) || name_index(c, c->n_al))
		return FIN_ENOMEM;
	c->n_al++;
	if (ntok > c->al_max_ntok)
		c->al_max_ntok = ntok;
	if (len >= 2) {
		unsigned b = first2_bit(k);
		c->al_first[b >> 6] |= 1ull << (b & 63u);
	} else {
		memset(c->al_first, 0xff, sizeof c->al_first); /* no filter */
	}
	return FIN_OK;
}

static int alias_add(scan_ctx *c, const char *key, size_t len, size_t ntok, bool exact,
		     const char *name, uint8_t kind)
{
	return alias_add_m(c, key, len, ntok, exact, name, kind, true);
}

/* Register a canonical name and its partial forms: the name itself, and
 * its leading words ("Computer Terminal" of "Computer Terminal Systems",
 * "Allegheny" of "Allegheny International") unless they are vague alone. */
/* register_name() for a name whose tokens are tokens [a, b) of field f:
 * the text a name was built from (span_name(): the same tokens, joined as
 * the text joins them), or the name itself lexed. */
static int register_tokens(scan_ctx *c, const char *name, uint8_t kind, const field_ctx *f,
			   size_t a, size_t b)
{
	char key[KEY_BUF];
	size_t ntok;
	size_t klen = span_key(f, a, b, key, &ntok);
	if (klen < 2)
		return FIN_OK;
	int rc = alias_add(c, key, klen, ntok, false, name, kind);
	if (rc)
		return rc;
	for (size_t e = b - 1; e >= a + 1; e--) {
		const fin_token *last = tok(f, e - 1);
		if (last->kind != FIN_TOK_WORD || !(last->flags & FIN_TF_CAP))
			continue; /* "Bank of", "Procter &" */
		if (e == a + 1 && vague_word(c, f->text + last->start, tlen(last)))
			continue;
		if (e == a + 1 && tlen(last) < 3)
			continue;
		klen = span_key(f, a, e, key, &ntok);
		/* "South Korean" of "South Korean government": a phrase the
		 * not-companies list knows is no name alone */
		const gz_entry *ke = klen && e > a + 1 ? tab_find(c->g, key, klen) : NULL;
		if (ke && ke->notco != NC_NONE && ke->ent_ci < 0 && ke->ent_cs < 0)
			continue;
		if (klen && (rc = alias_add_m(c, key, klen, ntok, false, name, kind, false)))
			return rc; /* a prefix of the key added first */
	}
	/* "housebuilder George Wimpey" ... "Wimpey reported": a firm named
	 * after a person is called by the surname */
	if (b - a == 2 && is_word(f, a + 1) && (tok(f, a + 1)->flags & FIN_TF_CAP) && tlen(tok(f, a + 1)) >= 4 &&
	    notco_of(c, f, a) == NC_PERSON && notco_of(c, f, a + 1) == NC_NONE &&
	    (klen = span_key(f, a + 1, b, key, &ntok)) && (rc = alias_add(c, key, klen, ntok, false, name, kind)))
		return rc;
	/* "Bradford & Bingley" ... "B&B": two words joined by "&" are called
	 * by their initials too (a key of three glued tokens) */
	if (b - a == 3 && is_punct(f, a + 1, '&') && is_word(f, a) && is_word(f, a + 2) &&
	    (tok(f, a)->flags & FIN_TF_CAP) && (tok(f, a + 2)->flags & FIN_TF_CAP) && tlen(tok(f, a)) > 1) {
		char ini[3] = {(char)fin_to_lower((unsigned char)f->text[tok(f, a)->start]), '&',
			       (char)fin_to_lower((unsigned char)f->text[tok(f, a + 2)->start])};
		if ((rc = alias_add(c, ini, 3, 3, false, name, kind)))
			return rc;
	}
	/* "Cie des Machines Bull": a generic word opens the name; the firm is
	 * called by the rest ("Machines Bull") and by its last word ("Bull",
	 * even a common word) */
	const fin_token *t0 = tok(f, a), *tl = tok(f, b - 1);
	if (b - a < 3 || t0->kind != FIN_TOK_WORD || !in_set(f->text + t0->start, tlen(t0), generic_prefix))
		return FIN_OK;
	size_t s = a + 1;
	while (s < b && (word_in(f, s, particles) || is_punct(f, s, '.')))
		s++;
	klen = s + 1 < b ? span_key(f, s, b, key, &ntok) : 0;
	if (klen && (rc = alias_add(c, key, klen, ntok, false, name, kind)))
		return rc;
	if (tl->kind == FIN_TOK_WORD && (tl->flags & FIN_TF_CAP) && tlen(tl) >= 3 &&
	    (klen = span_key(f, b - 1, b, key, &ntok)))
		rc = alias_add(c, key, klen, ntok, false, name, kind);
	return rc;
}

static int register_name(scan_ctx *c, const char *name, uint8_t kind)
{
	fin_tokens toks;
	size_t n = strlen(name);
	int rc = fin_lex(c->arena, name, n, &toks);
	if (rc)
		return rc;
	field_ctx nf = {name, &toks, false, {0}, NULL, NULL, n, NULL, 0, NULL};
	return register_tokens(c, name, kind, &nf, 0, toks.n);
}

/* The article's canonical name for a freshly built name: an existing alias
 * with the same key keeps names stable across mentions. */
static const char *stable_name(const scan_ctx *c, const char *name)
{
	char key[KEY_BUF];
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
	/* the first alias of that name (by an index, not a scan of them all) */
	const art_alias *a = alias_by_name(c, gname, ent->name_len);
	if (a)
		return a->name;
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


/* The best match of entry e as the key of the tokens so far (ntok of
 * them, len bytes, capitalised ones in capmask, lower: one has a small
 * letter) ending at token j; best unchanged when e is no match. */
static inline gz_match gz_judge(const field_ctx *f, const gz_entry *e, size_t j, size_t len,
				uint32_t capmask, bool lower, gz_match best)
{
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
	return best;
}

/* Longest gazetteer key starting at token i. A word at i is looked up
 * through the token cache and most lookups end there (no entry, or no
 * longer key): the key is copied only when a longer one is tried. The
 * result of the last call is kept in f (pass 1, context names and markup
 * ask about the same token). */
static gz_match gz_longest(const scan_ctx *c, const field_ctx *f, size_t i)
{
	if (f->memo && f->memo->i == i)
		return f->memo->m;
	gz_match best = {0, -1, 0};
	char key[KEY_BUF];
	size_t len = 0, ntok = 1, n = f->toks->n;
	const fin_token *t = tok(f, i);
	const gz_entry *e;
	if (key_skips(f->text, t) || tlen(t) > KEY_MAX)
		goto done;
	if (t->kind == FIN_TOK_WORD) {
		/* the key is the word alone: its cached lookup */
		tok_info ti = tok_lookup(c, f, i);
		if (!ti.eix)
			goto done;
		e = slot_entry(c->g, ti.eix);
		len = tlen(t);
	} else {
		key_push(key, &len, f->text, f->len, t);
		if (!(e = tab_find(c->g, key, len)))
			goto done;
	}
	uint32_t capmask = (t->flags & FIN_TF_CAP) ? 1u : 0u;
	bool lower = tok_has_lower(f->text, f->len, t);
	best = gz_judge(f, e, i, len, capmask, lower, best);
	if (!e->prefix)
		goto done;
	if (t->kind == FIN_TOK_WORD) {
		len = 0;
		key_push(key, &len, f->text, f->len, t);
	}
	for (size_t j = i + 1; j < n && ntok < KEY_TOKS; j++) {
		t = tok(f, j);
		if (t->flags & FIN_TF_PARA_BEFORE)
			break;
		if (key_skips(f->text, t))
			continue;
		if (!key_push(key, &len, f->text, f->len, t))
			break;
		if (t->flags & FIN_TF_CAP)
			capmask |= 1u << ntok;
		if (!lower)
			lower = tok_has_lower(f->text, f->len, t);
		ntok++;
		if (!(e = tab_find(c->g, key, len)))
			break;
		best = gz_judge(f, e, j, len, capmask, lower, best);
		if (!e->prefix)
			break;
	}
done:
	if (f->memo) {
		f->memo->i = i;
		f->memo->m = best;
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
static inline bool dotted_suffix(const field_ctx *f, size_t i, size_t *n)
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

/* A sentence starter that may stand inside a name ("Korea First Bank"):
 * capitalised, after a name word and before another one. */
static inline bool inner_word(const scan_ctx *c, const field_ctx *f, size_t i)
{
	const fin_token *t = tok(f, i);
	if (t->kind != FIN_TOK_WORD || !(t->flags & FIN_TF_CAP) || !(word_cls(c, f, i) & W_INNER) ||
	    (t->flags & FIN_TF_SENT_START) || i == 0 || i + 1 >= f->toks->n)
		return false;
	return run_word(c, f, i - 1) && run_word(c, f, i + 1) &&
	       !(tok(f, i + 1)->flags & FIN_TF_SENT_START);
}

/* "Industrial and Commercial Bank": one common word on each side of the
 * "and" at token j of the run [i, i + m), then a weak suffix. Two firms are
 * named otherwise ("Citizens and Canal Banks", "Fiat and General Motors"). */
static bool and_common(const scan_ctx *c, const field_ctx *f, size_t i, size_t m, size_t j)
{
	return m == 1 && j == i + 1 && notco_of(c, f, i) == NC_WORD && notco_of(c, f, j + 1) == NC_WORD &&
	       is_cls(c, f, j + 2, W_WEAK);
}

/* true when token k, all capitals, spells the initials of the words
 * right before it, from token i on: "Saudi Press Agency SPA" (an acronym,
 * not the legal form SpA). */
static bool initials_of(const field_ctx *f, size_t i, size_t k)
{
	const fin_token *t = tok(f, k);
	size_t len = tlen(t), q = k;
	if (!(t->flags & FIN_TF_ALLCAPS) || len < 2)
		return false;
	if (q > i && is_punct(f, q - 1, ','))
		q--; /* "American Soybean Association, ASA" */
	if (q < i + len)
		return false;
	for (size_t j = 0; j < len; j++) {
		const fin_token *w = tok(f, q - len + j);
		if (w->kind != FIN_TOK_WORD ||
		    fin_to_upper((unsigned char)f->text[w->start]) != (unsigned char)f->text[t->start + j])
			return false;
	}
	return true;
}

/* true when the tokens from k on are at most max capitalised words of a
 * run (no sentence start) the last of which is a legal suffix: "D
 * Industruments Inc" after "B and", "Creations Inc" after "Beeba's". */
static bool strong_within(const scan_ctx *c, const field_ctx *f, size_t k, size_t max)
{
	for (size_t q = k; q < f->toks->n && q < k + max; q++) {
		if (!is_word(f, q) || !(tok(f, q)->flags & FIN_TF_CAP) || (tok(f, q)->flags & FIN_TF_SENT_START))
			return false;
		if (q > k && is_cls(c, f, q, W_STRONG))
			return true;
		if (!run_word(c, f, q))
			return false;
	}
	return false;
}

/* "Savings and Loan(s)" at token j ("and"): the trade's name inside a
 * bank's ("American Savings and Loan Association"); 2 for it, 1 for
 * "Securities and Exchange" ("US Securities and Exchange Commission"),
 * 0 otherwise. */
static int fixed_and(const field_ctx *f, size_t j)
{
	if (j == 0 || j + 1 >= f->toks->n)
		return 0;
	const fin_token *a = tok(f, j - 1), *b = tok(f, j + 1);
	const char *as = f->text + a->start, *bs = f->text + b->start;
	if (eq_ci(as, tlen(a), "savings") && (eq_ci(bs, tlen(b), "loan") || eq_ci(bs, tlen(b), "loans")))
		return 2;
	return eq_ci(as, tlen(a), "securities") && eq_ci(bs, tlen(b), "exchange");
}

/* "B and D Industruments Inc", "Davis Water and Waste Industries Inc":
 * the "and" at token j joins initials, or two common words, before a
 * name that a legal suffix ends; not two firms' names ("Daewoo Group
 * and General Motors Corp", "Conoco and Atlantic Richfield Co"). */
static bool and_before_legal(const scan_ctx *c, const field_ctx *f, size_t i, size_t m, size_t j)
{
	const fin_token *a = tok(f, j - 1);
	if (!strong_within(c, f, j + 1, 3))
		return false;
	/* initials, not the "S" of "U.S." */
	if (m == 1 && (a->flags & FIN_TF_ALLCAPS) && tlen(a) <= 2 &&
	    !(i > 0 && is_punct(f, i - 1, '.') && tok(f, i - 1)->end == a->start) &&
	    !(i > 0 && (word_in(f, i - 1, (const char *const[]){"and", NULL}) || is_punct(f, i - 1, '&'))))
		return true;
	if (notco_of(c, f, j - 1) != NC_WORD || is_cls(c, f, j - 1, W_WEAK | W_STRONG))
		return false;
	/* common words or kept suffixes up to the legal one: "Waste
	 * Industries Inc", not "Manufacturers Hanover Ltd" */
	for (size_t q = j + 1; !is_cls(c, f, q, W_STRONG); q++)
		if (notco_of(c, f, q) != NC_WORD && !(q > j + 1 && is_cls(c, f, q, W_WEAK)))
			return false;
	return !is_cls(c, f, j + 1, W_WEAK);
}

/* true for a spelled cardinal ("Five"): at a sentence start it counts
 * what follows ("Five Bank of America subsidiaries"). */
static bool cardinal_word(const field_ctx *f, size_t i)
{
	return word_in(f, i, (const char *const[]){"one", "two", "three", "four", "five", "six", "seven",
						  "eight", "nine", "ten", NULL});
}

/* true when token j, inside a run, is a suffix that the starter list
 * holds too: "Investors" opens sentences, but "Zorbal Investors" is a
 * firm's name. */
static bool starter_suffix(const scan_ctx *c, const field_ctx *f, size_t j)
{
	const fin_token *t = tok(f, j);
	return t->kind == FIN_TOK_WORD && (t->flags & FIN_TF_CAP) && !(t->flags & FIN_TF_SENT_START) &&
	       !f->shout && is_cls(c, f, j, W_WEAK | W_STRONG);
}

/* Roles of the tokens of a run. */
enum { R_CORE, R_STRONG, R_WEAK, R_HEAD, R_JOIN, R_TAIL };

/* The company ending in a corporate suffix (or organisation head) that
 * starts at token i. Suffix words alone ("Holdings Inc") are no name. */
static run_match suffix_run(const scan_ctx *c, const field_ctx *f, size_t i, size_t gz_end)
{
	run_match r = {0, 0, FIN_ORG_COMPANY};
	size_t n = f->toks->n;
	/* "First Granite Bancorp": an ordinal may start a suffix run */
	bool ordinal = is_word(f, i) && (tok(f, i)->flags & FIN_TF_CAP) && (word_cls(c, f, i) & W_INNER) &&
		       i + 1 < n && run_word(c, f, i + 1) && !(tok(f, i + 1)->flags & FIN_TF_SENT_START) &&
		       !((tok(f, i)->flags & FIN_TF_SENT_START) && cardinal_word(f, i) &&
			 gz_longest(c, f, i + 1).ent >= 0);
	if (!run_word(c, f, i) && !ordinal && !(tok(f, i)->kind == FIN_TOK_NUM && can_start(f, i)))
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
		if (m == 0 || run_word(c, f, j) || inner_word(c, f, j) || starter_suffix(c, f, j)) {
			unsigned w = word_cls(c, f, j);
			uint8_t ro = R_CORE;
			if (m && (w & W_STRONG) && !(is_punct(f, j - 1, '-') && tok(f, j - 1)->end == t->start))
				ro = R_STRONG; /* not "SE" of "FT-SE" */
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
		/* a small word is a joiner below only as "and", "of" or a
		 * particle (a superset of their classes is tested: most words
		 * end the run here) */
		if (t->kind == FIN_TOK_WORD && !(t->flags & FIN_TF_CAP) && tlen(t) >= 2 &&
		    !(word_cls(c, f, j) & (W_PARTICLE | W_PREP | W_RSTOP)))
			break;
		/* joiners: "&", glued "-" "+", "of" after a head, particles, ", Inc",
		 * "'s" before a suffix */
		bool glued = t->start == tok(f, j - 1)->end && tok(f, j + 1)->start == t->end;
		if ((is_punct(f, j, '&') || ((is_punct(f, j, '-') || is_punct(f, j, '+')) && glued)) &&
		    run_word(c, f, j + 1) && !after_strong) {
			role[m++] = R_JOIN;
			continue;
		}
		/* "and" only in "X and Co", "Owens and Minor Inc" and "Industrial
		 * and Commercial Bank", never after a known name ("Texaco and
		 * Pennzoil Co" are two) unless a common word follows it ("Gulf
		 * Resources and Chemical Corp": "Chemical Corp" is no name) */
		if (!after_strong && word_in(f, j, (const char *const[]){"and", NULL}) &&
		    (tok(f, j + 1)->flags & FIN_TF_CAP) &&
		    (is_cls(c, f, j + 1, W_STRONG) || fixed_and(f, j) ||
		     ((j != gz_end || notco_of(c, f, j + 1) == NC_WORD) && j + 2 < n &&
		      run_word(c, f, j + 1) && !(tok(f, j + 2)->flags & FIN_TF_SENT_START) &&
		      (is_cls(c, f, j + 2, W_STRONG) || (j != gz_end && and_before_legal(c, f, i, m, j)) ||
		       (j != gz_end && and_common(c, f, i, m, j)))))) {
			role[m++] = R_JOIN;
			continue;
		}
		/* "Kidder, Peabody and Co", "Sears, Roebuck and Co": two
		 * partners' names and "and Co" */
		if (m == 1 && is_punct(f, j, ',') && j + 3 < n && run_word(c, f, j + 1) &&
		    (f->shout || !(tok(f, i)->flags & FIN_TF_ALLCAPS)) &&
		    !(tok(f, j + 1)->flags & FIN_TF_SENT_START) && !is_cls(c, f, j + 1, W_STRONG) &&
		    (word_in(f, j + 2, (const char *const[]){"and", NULL}) || is_punct(f, j + 2, '&')) &&
		    is_cls(c, f, j + 3, W_STRONG) && (tok(f, j + 3)->flags & FIN_TF_CAP)) {
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
		    eq(f->text + tok(f, j + 1)->start, tlen(tok(f, j + 1)), "s") &&
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
	if (!end && m > 1 && is_cls(c, f, i, W_LEGALPRE) && (tok(f, i)->flags & FIN_TF_ALLCAPS)) {
		/* "OAO Mobile Telesystems": the legal form comes first */
		r.end = r.name_end = i + m;
		while (r.end > i + 1 && role[r.end - i - 1] == R_JOIN)
			r.end--;
		r.name_end = r.end;
		return r.end > i + 1 ? r : (run_match){0, 0, FIN_ORG_COMPANY};
	}
	if (!end)
		return r;
	/* "Association of British insurers": a tail that ends in a demonym
	 * goes on in lower case; the capitals are not the whole name */
	if (role[end - 1] == R_TAIL && notco_of(c, f, i + end - 1) == NC_DEMONYM)
		return r;
	/* the canonical name drops trailing legal suffixes and joiners */
	size_t name_end = end;
	while (name_end > 1 && (role[name_end - 1] == R_STRONG || role[name_end - 1] == R_JOIN))
		name_end--;
	size_t core = 0, tail = 0;
	bool strong = false, other = false, distinct = false;
	for (size_t k = 0; k < end; k++) {
		const fin_token *t = tok(f, i + k);
		if (role[k] == R_WEAK && is_cls(c, f, i + k, W_CORPSFX))
			strong = true;
		if (role[k] == R_CORE) {
			core++;
			if (notco_of(c, f, i + k) == NC_NONE && tlen(t) >= 2)
				distinct = true;
		}
		tail += role[k] == R_TAIL;
		strong |= role[k] == R_STRONG;
		if (role[k] == R_HEAD)
			other = true;
		if (k && role[k] == R_WEAK && eq_ci(f->text + t->start, tlen(t), "bank") &&
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
	/* a legal suffix makes a firm of any head ("South China Morning Post
	 * Ltd", a publisher) */
	bool legal = false, head = false;
	for (size_t k = 0; k < end; k++) {
		/* "Key Savings and Loan Association" is a bank; the "Department
		 * of Savings and Loans" oversees them */
		legal |= (role[k] == R_STRONG && !initials_of(f, i, i + k)) ||
			 (!head && role[k] == R_JOIN && fixed_and(f, i + k) == 2);
		head |= role[k] == R_HEAD;
	}
	r.kind = other && !legal ? FIN_ORG_OTHER : FIN_ORG_COMPANY;
	return r;
}

/* ---------------------------------------------------------------------- */
/* Pass 1: gazetteer, runs, markup, tickers, acronyms                     */
/* ---------------------------------------------------------------------- */

/* Name for tokens [a, b) that are not (wholly) in the gazetteer: the
 * gazetteer's canonical name of that span, or the span itself. */
static const char *resolve_span(scan_ctx *c, const field_ctx *f, size_t a, size_t b, uint8_t *kind)
{
	char key[KEY_BUF];
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
	/* the name's tokens are the text's [a, b): no need to lex it again */
	if (register_tokens(c, s, *kind, f, a, b))
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
		if (is_punct(f, k, '.') || is_punct(f, k, ',') || is_punct(f, k, '&') ||
		    (k < b - 1 && word_in(f, k, (const char *const[]){"and", NULL}))) {
			e--; /* "<NIM and Co Ltd>" */
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
	bool legal = false;
	for (size_t k = a; k < b; k++) {
		if (is_cls(c, f, k, W_HEAD))
			kind = FIN_ORG_OTHER;
		legal |= k > a && is_cls(c, f, k, W_STRONG);
	}
	if (legal)
		kind = FIN_ORG_COMPANY; /* "<Tribune Co>", "<Union Oil Co>" */
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

/* true when the word at i is glued by a hyphen to another word ("FT-SE",
 * "Anglo-Dutch"): part of a compound, not a name alone. */
static bool in_compound(const field_ctx *f, size_t i)
{
	size_t n = f->toks->n;
	const fin_token *t = tok(f, i);
	if (i + 2 < n && is_punct(f, i + 1, '-') && tok(f, i + 1)->start == t->end &&
	    tok(f, i + 2)->start == tok(f, i + 1)->end && is_word(f, i + 2))
		return true;
	return i >= 2 && is_punct(f, i - 1, '-') && tok(f, i - 1)->end == t->start &&
	       tok(f, i - 2)->end == tok(f, i - 1)->start && is_word(f, i - 2);
}

/* false when no article alias can start at token i: none starts with its
 * first two letters. */
static inline bool alias_may_start(const scan_ctx *c, const field_ctx *f, size_t i)
{
	if (tlen(tok(f, i)) < 2)
		return true;
	unsigned b = first2_bit(f->text + tok(f, i)->start);
	return (c->al_first[b >> 6] & (1ull << (b & 63u))) != 0;
}

/* Longest article alias at token i; its end token or 0. */
static size_t alias_longest(const scan_ctx *c, const field_ctx *f, size_t i, size_t limit,
			    const art_alias **out)
{
	char key[KEY_BUF];
	size_t len = 0, ntok = 0, best = 0;
	uint32_t h = KEY_HASH_INIT;
	bool lower = false;
	if (!alias_may_start(c, f, i))
		return 0; /* no alias starts with these two letters: the common case */
	{
		/* no alias key begins with the token alone (its hash is the key's
		 * first hash below): the next common case, without a copy */
		const fin_token *t = tok(f, i);
		if (!key_skips(f->text, t) && tlen(t) <= KEY_MAX &&
		    !al_pre_has(c, key_hash(f->text + t->start, tlen(t))))
			return 0;
	}
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
		size_t len0 = len;
		if (!key_push(key, &len, f->text, f->len, t))
			break;
		if (!lower)
			lower = tok_has_lower(f->text, f->len, t);
		ntok++;
		h = key_hash_more(h, key + len0, len - len0);
		/* no alias key begins with this key: no match now or further on
		 * (a shouting headline would otherwise go on to its end) */
		if (!al_pre_has(c, h))
			break;
		/* the aliases with this key's hash; of several that match, the
		 * last added wins (as a scan of the list in order would have it) */
		const art_alias *hit = NULL;
		size_t mask = c->al_slot_cap - 1;
		for (size_t s = h & mask; c->al_slot_cap && c->al_slots[s]; s = (s + 1) & mask) {
			const art_alias *al = &c->al[c->al_slots[s] - 1];
			if (al->hash != h || al->len != len || al->ntok != ntok || (hit && al < hit))
				continue;
			if (al->exact) {
				/* exact case: compare the original bytes */
				if (ntok == 1 && !lower && tlen(t) == len &&
				    memcmp(al->key, f->text + t->start, len) == 0)
					hit = al;
			} else if (memcmp(al->key, key, len) == 0) {
				hit = al;
			}
		}
		if (hit) {
			best = j + 1;
			*out = hit;
		}
		if (ntok >= c->al_max_ntok)
			break; /* no alias has more tokens */
	}
	return best;
}

/* ---------------------------------------------------------------------- */
/* Names known by their context                                           */
/* ---------------------------------------------------------------------- */

/* How much a context says that a capitalised run is an organisation. */
enum {
	CUE_NONE = 0,
	CUE_WEAK,   /* "shares in X", "agreed to buy X": X may be a product or place */
	CUE_FIRM,   /* "analyst at X", "X chairman", "X's shares" */
	CUE_STRONG  /* "leisure group X", "X, the oil company": the text says so */
};

/* A context match: tokens [start, end), canonical part [start, name_end). */
typedef struct ctx_match {
	size_t start, end, name_end; /* end 0: no match */
	uint8_t kind;
} ctx_match;

/* true when token i is the lower-case word of class cls. */
static bool lower_cls(const scan_ctx *c, const field_ctx *f, size_t i, unsigned cls)
{
	const fin_token *t = tok(f, i);
	return t->kind == FIN_TOK_WORD && !(t->flags & FIN_TF_CAP) && (word_cls(c, f, i) & cls);
}

/* Remember a person word once. */
/* The person word s[0..n) (exact bytes), or NULL: through an index, so
 * that an article full of people costs no scan of them all per word. */
static person_word *person_find(const scan_ctx *c, const char *s, size_t n)
{
	if (!c->pw_cap_slots)
		return NULL;
	size_t mask = c->pw_cap_slots - 1;
	for (size_t i = name_hash(s, n) & mask; c->pw_slots[i]; i = (i + 1) & mask) {
		person_word *w = &c->pw[c->pw_slots[i] - 1];
		if (w->len == n && memcmp(w->p, s, n) == 0)
			return w;
	}
	return NULL;
}

static int person_add(scan_ctx *c, const field_ctx *f, size_t i, bool titled)
{
	const fin_token *t = tok(f, i);
	const char *s = f->text + t->start;
	size_t n = tlen(t);
	person_word *w = person_find(c, s, n);
	if (w) {
		w->titled |= titled;
		return FIN_OK;
	}
	if (fin_arena_grow(c->arena, (void **)&c->pw, &c->cap_pw, c->n_pw, sizeof(person_word)))
		return FIN_ENOMEM;
	if ((c->n_pw + 1) * 2 > c->pw_cap_slots) {
		size_t nc = c->pw_cap_slots ? c->pw_cap_slots * 2 : 64;
		uint32_t *sl = fin_arena_calloc(c->arena, nc, sizeof *sl);
		if (!sl)
			return FIN_ENOMEM;
		for (size_t k = 0; k < c->n_pw; k++) {
			size_t j = name_hash(c->pw[k].p, c->pw[k].len) & (nc - 1);
			while (sl[j])
				j = (j + 1) & (nc - 1);
			sl[j] = (uint32_t)k + 1;
		}
		c->pw_slots = sl; /* the old slots stay in the arena */
		c->pw_cap_slots = nc;
	}
	size_t mask = c->pw_cap_slots - 1, j = name_hash(s, n) & mask;
	while (c->pw_slots[j])
		j = (j + 1) & mask;
	c->pw_slots[j] = (uint32_t)c->n_pw + 1;
	c->pw[c->n_pw++] = (person_word){s, (uint32_t)n, titled};
	return FIN_OK;
}

/* Collect the article's people once: the capitalised words after a title
 * ("Mr Glazer", "Sir Ken Morrison"), after "said" before a comma ("said
 * Paul Newsome, an analyst"), and after a first name ("Robert Oatley"). */
static int collect_people(scan_ctx *c)
{
	c->pw_done = true;
	for (int k = 0; k < 2; k++) {
		field_ctx *f = &c->fields[k];
		if (!f->toks || f->shout)
			continue;
		size_t n = f->toks->n;
		for (size_t i = 0; i + 1 < n; i++) {
			const fin_token *t = tok(f, i);
			if (t->kind != FIN_TOK_WORD)
				continue;
			bool titled = false;
			size_t j = i + 1;
			if (t->flags & FIN_TF_CAP) {
				unsigned w = word_cls(c, f, i);
				if (w & (W_TITLE | W_PTITLE)) {
					titled = true;
					if (is_punct(f, j, '.'))
						j++;
				} else if (((w >> W_NC_SHIFT) & 7u) != NC_PERSON) {
					continue;
				}
			} else if (eq(f->text + t->start, tlen(t), "said")) {
				/* "said Paul Newsome," : two capitalised words and a comma */
				if (i + 3 >= n || !run_word(c, f, i + 1) || !run_word(c, f, i + 2) ||
				    !is_punct(f, i + 3, ','))
					continue;
				titled = true;
			} else {
				continue;
			}
			for (size_t e = j, words = 0; e < n && words < 3; e++, words++) {
				const fin_token *u = tok(f, e);
				/* a middle initial: "Patrick G. Ryan" */
				if (words > 0 && tlen(u) == 1 && (u->flags & FIN_TF_ALLCAPS) && e + 2 < n &&
				    is_punct(f, e + 1, '.')) {
					e++;
					continue;
				}
				if (u->kind != FIN_TOK_WORD || !(u->flags & FIN_TF_CAP) ||
				    (u->flags & (FIN_TF_SENT_START | FIN_TF_PARA_BEFORE)) ||
				    (word_cls(c, f, e) & (W_STRONG | W_WEAK | W_HEAD)))
					break;
				int rc = person_add(c, f, e, titled);
				if (rc)
					return rc;
			}
		}
	}
	return FIN_OK;
}

/* 2 when token i is a word the article uses for a person after a title,
 * 1 after a first name only, 0 otherwise. */
static int person_word_of(const scan_ctx *c, const field_ctx *f, size_t i)
{
	const fin_token *t = tok(f, i);
	const person_word *w = person_find(c, f->text + t->start, tlen(t));
	return w ? (w->titled ? 2 : 1) : 0;
}

/* End of the capitalised run that starts at token i: name words, "&",
 * glued "-", particles, "of" after a head word ("Bank of ..."); with
 * and_ok also "and" before one more unknown word ("Purvin and Gertz"). */
static size_t ctx_run(const scan_ctx *c, const field_ctx *f, size_t i, bool and_ok)
{
	size_t n = f->toks->n, j = i + 1;
	while (j < n && j - i < RUN_MAX) {
		const fin_token *t = tok(f, j);
		if (t->flags & (FIN_TF_SENT_START | FIN_TF_PARA_BEFORE))
			break;
		if (tlen(t) == 1 && (t->flags & FIN_TF_ALLCAPS) && j + 1 < n && is_punct(f, j + 1, '.') &&
		    tok(f, j + 1)->start == t->end) {
			/* "U.K.": initials and their dots */
			size_t k = j;
			while (k + 1 < n && tlen(tok(f, k)) == 1 && (tok(f, k)->flags & FIN_TF_ALLCAPS) &&
			       is_punct(f, k + 1, '.') && tok(f, k + 1)->start == tok(f, k)->end &&
			       (k == j || tok(f, k)->start == tok(f, k - 1)->end))
				k += 2;
			if (k - j < 4)
				break; /* one initial: "John F. Kennedy", "S.p.A." */
			j = k;
			continue;
		}
		if (run_word(c, f, j) || inner_word(c, f, j)) {
			j++;
			continue;
		}
		if (j + 1 >= n || !run_word(c, f, j + 1) || (tok(f, j + 1)->flags & FIN_TF_SENT_START))
			break;
		bool glued = t->start == tok(f, j - 1)->end && tok(f, j + 1)->start == t->end;
		if (is_punct(f, j, '&') || ((is_punct(f, j, '-') || is_punct(f, j, '/')) && glued) ||
		    (is_cls(c, f, j, W_PARTICLE) && !(t->flags & FIN_TF_CAP)) ||
		    (word_in(f, j, (const char *const[]){"of", NULL}) && is_cls(c, f, j - 1, W_OFHEAD))) {
			j += 2;
			continue;
		}
		if (and_ok && word_in(f, j, (const char *const[]){"and", NULL}) &&
		    (notco_of(c, f, j + 1) == NC_NONE || notco_of(c, f, j + 1) == NC_WORD) &&
		    gz_longest(c, f, j + 1).end == 0 &&
		    (j + 2 >= n || !run_word(c, f, j + 2) || (tok(f, j + 2)->flags & FIN_TF_SENT_START))) {
			j += 2;
			break;
		}
		break;
	}
	return j;
}

/* true when word i is written as a brand: all capitals (two or more) or
 * a capital after its first letter ("ThyssenKrupp", "BHP"). */
static bool brand_like(const field_ctx *f, size_t i)
{
	const fin_token *t = tok(f, i);
	if (t->kind != FIN_TOK_WORD || tlen(t) < 2)
		return false;
	if (t->flags & FIN_TF_ALLCAPS)
		return true;
	for (uint32_t k = t->start + 1; k < t->end; k++)
		if (fin_is_upper((unsigned char)f->text[k]))
			return true;
	return false;
}

/* true when tokens i, i + 1 are a possessive "'s" (or "’s") glued to
 * the word before. */
static bool possessive_s(const field_ctx *f, size_t i)
{
	const fin_token *a = tok(f, i), *s = tok(f, i + 1);
	return i > 0 && a->start == tok(f, i - 1)->end && s->start == a->end &&
	       eq(f->text + s->start, tlen(s), "s") &&
	       is_apos(f, i);
}

/* The left cue before token i, skipping descriptive capitalised words
 * before it ("rival Swiss Xstrata"): CUE_*; *other for "news agency". */
static int ctx_left_cue(const scan_ctx *c, const field_ctx *f, size_t i, bool *other)
{
	if (i < 1)
		return CUE_NONE;
	if (!is_word(f, i - 1)) {
		/* "the firm, Paion, said": a name in apposition to an org noun */
		if (i >= 3 && is_punct(f, i - 1, ',') && lower_cls(c, f, i - 2, W_ORGN) &&
		    word_in(f, i - 3, (const char *const[]){"the", NULL}))
			return CUE_FIRM;
		return CUE_NONE;
	}
	size_t p = i - 1;
	/* Every cue below needs a word of these classes at p (or "the" at p
	 * before one at p - 1): most words are none of them. */
	if (!(word_cls(c, f, p) & (W_ORGN | W_OTHERN | W_DEALV | W_PREP | W_LCUEW)))
		return CUE_NONE;
	/* "Anheuser-Busch, Heineken and Scottish & Newcastle": a name listed
	 * after firms is a firm's */
	if (p >= 1 && f->m.n >= 2 && f->m.v[f->m.n - 1].t1 == p && word_in(f, p, (const char *const[]){"and", NULL}) &&
	    f->m.v[f->m.n - 1].kind == FIN_ORG_COMPANY &&
	    f->m.v[f->m.n - 2].kind == FIN_ORG_COMPANY && f->m.v[f->m.n - 2].t1 + 1 == f->m.v[f->m.n - 1].t0 &&
	    is_punct(f, f->m.v[f->m.n - 2].t1, ','))
		return CUE_FIRM;
	/* "Germany's ThyssenKrupp", "Australia's BHP Billiton": a name owned
	 * by a country that is written as a brand (an acronym, a capital
	 * inside the word) is a firm's; "India's Andhra Pradesh", "Iraq's
	 * Kirkuk" are places */
	if (p >= 2 && possessive_s(f, p - 1) && is_word(f, p - 2) && notco_of(c, f, p - 2) == NC_BLOCK &&
	    brand_like(f, i))
		return CUE_WEAK;
	if (lower_cls(c, f, p, W_ORGN | W_OTHERN)) {
		/* "leisure group Rank", "news agency Tass" */
		*other = lower_cls(c, f, p, W_OTHERN);
		return CUE_STRONG;
	}
	int best = CUE_NONE;
	if (lower_cls(c, f, p, W_DEALV))
		best = CUE_WEAK; /* "to buy Yuganskneftegas" */
	/* "a previously unknown firm called Baikal" */
	if (p >= 1 && word_in(f, p, (const char *const[]){"called", "named", NULL}) && lower_cls(c, f, p - 1, W_ORGN))
		return CUE_STRONG;
	/* "Rosneft-owned Yugansk", "state-run Oil & Natural Gas Corp": firms
	 * are owned and run ("hardware-based DRM" is not one) */
	if (p >= 2 && is_punct(f, p - 1, '-') && tok(f, p - 1)->end == tok(f, p)->start &&
	    tok(f, p - 2)->end == tok(f, p - 1)->start &&
	    word_in(f, p, (const char *const[]){"owned", "controlled", "run", "listed", NULL}))
		return CUE_FIRM;
	/* "purchased privately held Ice Creations Unlimited" */
	if (p >= 1 && (tlen(tok(f, p)) == 4 || tlen(tok(f, p)) == 5) &&
	    word_in(f, p, (const char *const[]){"held", "owned", NULL}) &&
	    word_in(f, p - 1, (const char *const[]){"privately", "closely", "publicly", "family", NULL}))
		return CUE_FIRM;
	size_t q = p;
	if (q >= 2 && word_in(f, q, (const char *const[]){"the", NULL}))
		q--; /* "chief executive of the X" */
	if (q >= 1 && lower_cls(c, f, q, W_PREP)) {
		if (lower_cls(c, f, q - 1, W_JOB) &&
		    word_in(f, q, (const char *const[]){"at", "of", "with", "from", NULL}))
			return CUE_FIRM; /* "analyst at Troika Dialog" */
		if (q == p && lower_cls(c, f, q - 1, W_DEALN))
			best = CUE_WEAK; /* "shares in Wembley" */
		/* "shares in UK Coal", "a stake in Air Jamaica": what has shares
		 * is a firm; it may be named by a place and a common word */
		if (q == p && word_in(f, q - 1, (const char *const[]){"shares", "stake", NULL}) &&
		    word_in(f, q, (const char *const[]){"in", "of", NULL}))
			best = CUE_FIRM;
		/* "Profits at Barclaycard rose": a firm's results */
		if (q == p && word_in(f, q, (const char *const[]){"at", NULL}) &&
		    word_in(f, q - 1, (const char *const[]){"profit", "profits", "sales", "earnings", "revenue",
							    "revenues", "turnover", "losses", NULL}))
			best = CUE_FIRM;
	}
	return best;
}

/* true when the words from token e say what a firm reports: a verb such
 * as "had", "reported", "posted" and, within four words, sales, profits,
 * a loss, a market capitalisation ("had sales of", "reported a net
 * loss"). */
static bool results_after(const scan_ctx *c, const field_ctx *f, size_t e)
{
	size_t n = f->toks->n;
	if (e + 1 >= n || !is_cls(c, f, e, W_REPV))
		return false;
	for (size_t k = e + 1; k < n && k <= e + 4; k++) {
		const fin_token *t = tok(f, k);
		if (t->kind != FIN_TOK_WORD || (t->flags & FIN_TF_CAP))
			return false;
		/* "has boosted sales", "has seen sales": another verb's object */
		const char *w = f->text + t->start;
		size_t wl = tlen(t);
		if (k == e + 1 && wl > 3 && ((w[wl - 2] == 'e' && (w[wl - 1] == 'd' || w[wl - 1] == 'n'))))
			return false;
		if (is_cls(c, f, k, W_RESN))
			return true;
	}
	return false;
}

/* true when the run [i, e) is one plural word after "the" ("the Arabs",
 * "the Canadians"): people, not a firm. */
static bool plural_people(const scan_ctx *c, const field_ctx *f, size_t i, size_t e)
{
	const fin_token *t = tok(f, i);
	size_t n = tlen(t);
	if (e != i + 1 || n <= 3 || f->text[t->end - 1] != 's')
		return false;
	if (i > 0 && word_in(f, i - 1, (const char *const[]){"the", NULL}))
		return true;
	/* "Canadians", "Soviets": a demonym and "s" */
	uint32_t eix = tab_find_word(c->g, f->text + t->start, n - 1, f->len - t->start);
	return eix && slot_entry(c->g, eix)->notco == NC_DEMONYM;
}

/* The right cue after the run [i, e): CUE_*; *other for "the X newspaper". */
static int ctx_right_cue(const scan_ctx *c, const field_ctx *f, size_t i, size_t e, bool *other)
{
	size_t n = f->toks->n;
	if (e >= n)
		return CUE_NONE;
	/* Most runs are followed by a token no cue below can start with: a
	 * punctuation mark other than ',' and an apostrophe, or a word of no
	 * cue class that is capitalised or ends the look for an org noun. */
	const fin_token *te = tok(f, e);
	if (te->kind != FIN_TOK_WORD) {
		if (!is_punct(f, e, ',') && !is_apos(f, e))
			return CUE_NONE;
	} else {
		unsigned we = word_cls(c, f, e);
		if (!(we & (W_RCUE | W_REPV | W_DEALV | W_AUX | W_MOVE | W_POSTOK)) &&
		    ((te->flags & FIN_TF_CAP) || (we & (W_PREP | W_JOB | W_POSSN | W_ORGN | W_RSTOP))))
			return CUE_NONE;
	}
	/* "Southcorp's shares", "Wembley's operating profit" */
	if (e + 2 < n && is_apos(f, e) &&
	    tok(f, e)->start == tok(f, e - 1)->end && eq(f->text + tok(f, e + 1)->start, tlen(tok(f, e + 1)), "s")) {
		for (size_t k = e + 2; k < n && k < e + 5; k++) {
			if (lower_cls(c, f, k, W_POSSN))
				return CUE_FIRM;
			if (!(is_word(f, k) && !(tok(f, k)->flags & FIN_TF_CAP)) && !is_punct(f, k, '-'))
				break;
		}
		return CUE_NONE;
	}
	/* "Wembley chairman Claes Hultman" */
	if (lower_cls(c, f, e, W_RCUE))
		return CUE_FIRM;
	/* "Ice Creations had sales of", "Activision has a stock market
	 * capitalisation of" */
	if (results_after(c, f, e))
		return CUE_FIRM;
	/* "Illva will pay 481.42m yuan", "X has agreed to buy": the subject
	 * of a deal (an unknown word is still needed: people buy too) */
	for (size_t k = e; k < n && k < e + 4; k++) {
		const fin_token *t = tok(f, k);
		if (t->kind != FIN_TOK_WORD || (t->flags & FIN_TF_CAP))
			break;
		if (lower_cls(c, f, k, W_DEALV))
			return word_in(f, k, (const char *const[]){"rival", "rivals", "takeover", NULL}) ||
					       plural_people(c, f, i, e)
				       ? CUE_NONE
				       : CUE_WEAK;
		if (!is_cls(c, f, k, W_AUX))
			break;
	}
	/* "Arcelor shed 2.1%", "ThyssenKrupp dropping 1.7%": a share price
	 * moves (an unknown word is still needed: "Europe fell 2%") */
	if (e + 2 < n && lower_cls(c, f, e, W_MOVE) && tok(f, e + 1)->kind == FIN_TOK_NUM &&
	    (is_punct(f, e + 2, '%') ||
	     word_in(f, e + 2, (const char *const[]){"pct", "percent", "per", NULL})))
		return CUE_WEAK;
	/* "Petro-Canada, the state-owned oil company,", "Varig, Brazil's
	 * flagship airline" */
	size_t det = 0;
	if (is_punct(f, e, ',') && e + 2 < n && word_in(f, e + 1, (const char *const[]){"the", "a", "an", NULL}))
		det = e + 2;
	else if (is_punct(f, e, ',') && e + 4 < n && is_word(f, e + 1) && (tok(f, e + 1)->flags & FIN_TF_CAP) &&
		 notco_of(c, f, e + 1) == NC_BLOCK && possessive_s(f, e + 2))
		det = e + 4;
	if (det) {
		for (size_t k = det; k < n && k < det + 8; k++) {
			const fin_token *t = tok(f, k);
			if (lower_cls(c, f, k, W_ORGN | W_OTHERN)) {
				/* the head of the phrase, not "the group chief executive"
				 * or "the firm's"; a bare "the company" must end the
				 * phrase ("X, the company said" starts a clause) */
				if (k + 1 < n && (is_punct(f, k + 1, '\'') || lower_cls(c, f, k + 1, W_JOB | W_ORGN | W_POSSN)))
					break;
				if (k == det && k + 1 < n && tok(f, k + 1)->kind != FIN_TOK_PUNCT &&
				    !word_in(f, k + 1, (const char *const[]){"which", "that", "whose", NULL}))
					break; /* not "X, the company said"; "X, the unit which ..." is */
				*other = lower_cls(c, f, k, W_OTHERN);
				return CUE_STRONG;
			}
			if (t->kind == FIN_TOK_WORD) {
				if (lower_cls(c, f, k, W_PREP) ||
				    word_in(f, k, (const char *const[]){"and", "or", "who", "which", "that", NULL}))
					break;
				if ((t->flags & FIN_TF_CAP) && notco_of(c, f, k) == NC_NONE)
					break;
				continue;
			}
			if (is_punct(f, k, '-') || is_punct(f, k, '\'') || t->kind == FIN_TOK_NUM)
				continue;
			break;
		}
	}
	/* "the Odeon cinema chain", "Deluxe Film unit": a singular noun that
	 * does not describe a following name ("Mystery firm Baikal") */
	for (size_t k = e; k < n && k < e + 3; k++) {
		const fin_token *t = tok(f, k);
		if (t->kind != FIN_TOK_WORD || (t->flags & FIN_TF_CAP))
			break;
		if (lower_cls(c, f, k, W_POSTOK)) {
			if (k + 1 < n && run_word(c, f, k + 1) && !(tok(f, k + 1)->flags & FIN_TF_SENT_START))
				break;
			if (i > 0 && word_in(f, i - 1, (const char *const[]){"a", "an", NULL}))
				break; /* "an Abilene investment firm": a description */
			*other = lower_cls(c, f, k, W_OTHERN);
			return CUE_FIRM;
		}
		if (word_cls(c, f, k) & (W_PREP | W_JOB | W_POSSN | W_DEALV | W_ORGN | W_RSTOP))
			break;
	}
	return CUE_NONE;
}

/* true when the words at token e say that the name before them is a
 * firm's even at a sentence start: "shares", "shareholders", "chairman",
 * "chief executive" ("Pentagon chief", "Arsenal boss" are not firms). */
static bool firm_noun_after(const field_ctx *f, size_t e)
{
	if (word_in(f, e, (const char *const[]){"shares", "shareholders", "chairman", NULL}))
		return true;
	return e + 1 < f->toks->n && word_in(f, e, (const char *const[]){"chief", NULL}) &&
	       word_in(f, e + 1, (const char *const[]){"executive", "financial", NULL});
}

/* Days and months: they lead into a name without being part of it. */
static const char *const time_words[] = {
	"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january",
	"february", "march", "april", "june", "july", "august", "september", "october",
	"november", "december", NULL,
};

/* true for a word that describes rather than names: a demonym or a
 * place ("Swiss", "US", "South Korean"). */
static bool descriptive(const scan_ctx *c, const field_ctx *f, size_t k)
{
	uint8_t nc = notco_of(c, f, k);
	return nc == NC_DEMONYM || nc == NC_BLOCK || tlen(tok(f, k)) == 1;
}

/* true when the run ending before token e describes something else rather than naming
 * an organisation: "Scotch whisky maker <Distillers>", "Englewood,
 * Colo.,", "bank FRNs", "the National Gay and Lesbian Task Force". */
static bool modifier_run(const scan_ctx *c, const field_ctx *f, size_t e)
{
	size_t n = f->toks->n;
	const fin_token *last = tok(f, e - 1);
	/* "FRNs", "ADRs": a plural of an acronym */
	if (last->kind == FIN_TOK_WORD && tlen(last) >= 3 && f->text[last->end - 1] == 's') {
		bool caps = true;
		for (uint32_t k = last->start; k + 1 < last->end; k++)
			caps &= fin_is_upper((unsigned char)f->text[k]);
		if (caps)
			return true;
	}
	if (e >= n)
		return false;
	/* "Lewis D. Whitehead": a middle initial; "NATO General Secretary",
	 * "Vice Governor": a title goes on */
	if (e + 2 < n && tlen(tok(f, e)) == 1 && (tok(f, e)->flags & FIN_TF_ALLCAPS) && is_punct(f, e + 1, '.') &&
	    run_word(c, f, e + 2))
		return true;
	if (is_word(f, e) && (tok(f, e)->flags & FIN_TF_CAP) && (word_cls(c, f, e) & W_PTITLE))
		return true;
	/* "the Senate Agriculture subcommittee": it qualifies a body */
	if (lower_cls(c, f, e, W_HEAD))
		return true;
	/* "Sheffield-based" */
	if (e + 1 < n && is_punct(f, e, '-') && tok(f, e)->start == last->end && is_word(f, e + 1) &&
	    !(tok(f, e + 1)->flags & FIN_TF_CAP))
		return true;
	/* "Englewood, Colo.,", "Abilene, Texas." */
	if (e + 2 < n && is_punct(f, e, ',') && is_word(f, e + 1) && notco_of(c, f, e + 1) == NC_BLOCK &&
	    (is_punct(f, e + 2, ',') || is_punct(f, e + 2, '.')))
		return true;
	/* "Lesbian Task Force" after "and": the name goes on */
	if (e + 2 < n && word_in(f, e, (const char *const[]){"and", NULL}) && run_word(c, f, e + 1) &&
	    run_word(c, f, e + 2) && !(tok(f, e + 2)->flags & FIN_TF_SENT_START))
		return true;
	/* "Scotch whisky maker <Distillers>": lower-case words, an org noun,
	 * then a name */
	for (size_t k = e; k < n && k < e + 4; k++) {
		const fin_token *t = tok(f, k);
		if (t->kind != FIN_TOK_WORD || (t->flags & FIN_TF_CAP))
			break;
		if (lower_cls(c, f, k, W_ORGN | W_OTHERN))
			return k + 1 < n && !(tok(f, k + 1)->flags & FIN_TF_SENT_START) &&
			       (run_word(c, f, k + 1) || is_punct(f, k + 1, '<'));
		/* "lender Bradford & Bingley and housebuilder George Wimpey":
		 * a second name, not a description of this one */
		if ((word_cls(c, f, k) & (W_PREP | W_JOB | W_DEALV)) ||
		    word_in(f, k, (const char *const[]){"and", "or", NULL}))
			break;
	}
	return false;
}

/* The organisation that the context of the capitalised run starting at
 * token i names, or {0}: a run after "leisure group", "analyst at", "to
 * buy", before "'s shares", "chairman", ", the ... company". Strong
 * cues accept common words ("group Rank"); weaker ones need an unknown
 * word; nobody the article calls Mr or Mrs is a company. Leading
 * demonyms and places are left out ("Swiss Xstrata"). */
static ctx_match ctx_name(scan_ctx *c, const field_ctx *f, size_t i, size_t min_end, int *rc)
{
	ctx_match none = {0, 0, 0, FIN_ORG_COMPANY};
	size_t n = f->toks->n;
	if (f->shout || !is_word(f, i))
		return none;
	unsigned w0 = word_cls(c, f, i);
	uint8_t nc0 = (uint8_t)((w0 >> W_NC_SHIFT) & 7u);
	if ((w0 & (W_TITLE | W_STRONG | W_PTITLE)) || nc0 == NC_STARTER)
		return none;
	if (i > 0 && !(tok(f, i)->flags & FIN_TF_SENT_START) && is_word(f, i - 1) &&
	    (tok(f, i - 1)->flags & FIN_TF_CAP) && !(tok(f, i - 1)->flags & FIN_TF_SENT_START) &&
	    !is_cls(c, f, i - 1, W_TITLE) && notco_of(c, f, i - 1) != NC_BLOCK)
		return none; /* inside a longer capitalised run ("Its Next Directory") */
	if (i >= 3 && is_punct(f, i - 1, '.') && tlen(tok(f, i - 2)) == 1 &&
	    (tok(f, i - 2)->flags & FIN_TF_ALLCAPS) && tok(f, i - 1)->start == tok(f, i - 2)->end &&
	    is_word(f, i - 3) && (tok(f, i - 3)->flags & FIN_TF_CAP))
		return none; /* "Robert A. Larive's offer": a person's surname after an initial */
	bool sent = (tok(f, i)->flags & FIN_TF_SENT_START) ||
		    (i > 0 && tok(f, i - 1)->kind == FIN_TOK_PUNCT && (tok(f, i - 1)->flags & FIN_TF_SENT_START));
	if (sent && nc0 == NC_WORD)
		return none; /* "Former Worldcom boss": a capitalised common word */
	bool other = false;
	int lcue = ctx_left_cue(c, f, i, &other);
	size_t e = ctx_run(c, f, i, lcue >= CUE_FIRM);
	if (e <= min_end)
		return none;
	bool ro = false;
	int rcue = ctx_right_cue(c, f, i, e, &ro);
	int cue = lcue > rcue ? lcue : rcue;
	if (cue == CUE_NONE)
		return none;
	if (rcue > lcue)
		other = ro;
	if (modifier_run(c, f, e))
		return none;
	/* "rival Swiss Xstrata": a demonym before a one-word name; "On Monday
	 * Zorbo, the oil company": a day or month before a name */
	size_t s = i;
	while (s + 2 == e && is_word(f, s) && notco_of(c, f, s) == NC_DEMONYM && is_word(f, s + 1))
		s++;
	while (s + 1 < e && word_in(f, s, time_words))
		s++;
	bool all_desc = true;
	for (size_t k = s; k < e; k++)
		if (is_word(f, k) && !descriptive(c, f, k))
			all_desc = false;
	if (all_desc)
		return none; /* "South Korean", "German-US" */
	/* a place or a month, or a place that goes on with generic words */
	gz_match gm = gz_longest(c, f, s);
	if (gm.ent < 0 && gm.end >= e)
		return none;
	/* the whole run is a known phrase that is no company ("Sri Lankan") */
	char key[KEY_BUF];
	size_t kt, kl = span_key(f, s, e, key, &kt);
	const gz_entry *ke = kl ? tab_find(c->g, key, kl) : NULL;
	if (ke && ke->notco != NC_NONE && ke->ent_ci < 0 && ke->ent_cs < 0 && (e - s > 1 || ke->notco != NC_WORD))
		return none;
	bool common = true, unknown = false;
	for (size_t k = s; k < e; k++) {
		if (!is_word(f, k))
			continue;
		const fin_token *t = tok(f, k);
		uint8_t nc = notco_of(c, f, k);
		if (nc != NC_WORD && !descriptive(c, f, k))
			common = false;
		if (nc == NC_NONE && (tlen(t) >= 3 || (t->flags & FIN_TF_ALLCAPS)))
			unknown = true;
	}
	if (s + 1 == e) {
		uint8_t ncs = notco_of(c, f, s);
		if (ncs == NC_BLOCK || ncs == NC_PERSON || ncs == NC_DEMONYM || tlen(tok(f, s)) < 2)
			return none;
		/* "Forestry analyst Rick Sales": any word is capitalised there;
		 * but "Euronext chief Jean-Francois Theodore", "Zorbex shares
		 * fell": an unknown word that a firm's noun follows */
		if ((s == i ? sent : (tok(f, s)->flags & FIN_TF_SENT_START) != 0) && lcue < CUE_FIRM && cue < CUE_STRONG &&
		    !(rcue == CUE_FIRM && ncs == NC_NONE && tlen(tok(f, s)) >= 3 &&
		      (firm_noun_after(f, e) || results_after(c, f, e))))
			return none;
	}
	/* "energy ministry Javier Espinosa said": people work in bodies;
	 * "rival Kelly Sotherton": people have rivals */
	if ((other || (i > 0 && word_in(f, i - 1, (const char *const[]){"rival", "rivals", NULL}))) &&
	    notco_of(c, f, s) == NC_PERSON)
		return none;
	/* "Hard Rock" needs "the group Hard Rock"; a place and common words
	 * ("UK Coal") are a firm's name after a firm's cue ("shares in") */
	if (common && cue < CUE_STRONG &&
	    !(cue == CUE_FIRM && e - s >= 2 && is_word(f, s) && notco_of(c, f, s) == NC_BLOCK))
		return none;
	if (!c->pw_done && (*rc = collect_people(c)))
		return none;
	for (size_t k = s; k < e; k++) {
		int pwk = is_word(f, k) ? person_word_of(c, f, k) : 0;
		if (pwk == 2 || (pwk == 1 && cue < CUE_STRONG))
			return none;
	}
	if (cue == CUE_WEAK && (!unknown || notco_of(c, f, s) == NC_PERSON))
		return none;
	ctx_match m = {s, e, e, other ? FIN_ORG_OTHER : FIN_ORG_COMPANY};
	for (size_t k = s; k < e; k++)
		if (is_cls(c, f, k, W_HEAD))
			m.kind = FIN_ORG_OTHER;
	/* "Koram bank": a lower-case "bank" right after an unknown name */
	if (m.end < n && eq(f->text + tok(f, m.end)->start, tlen(tok(f, m.end)), "bank") && unknown &&
	    !(m.end + 1 < n && run_word(c, f, m.end + 1)))
		m.end = m.name_end = m.end + 1;
	/* "Gabelli & Co": legal suffixes are not part of the name */
	while (m.name_end > s + 1 && (is_cls(c, f, m.name_end - 1, W_STRONG) || is_punct(f, m.name_end - 1, '&') ||
				      word_in(f, m.name_end - 1, (const char *const[]){"and", NULL})))
		m.name_end--;
	return m;
}

/* "the Indian government", "The South Korean Government": a demonym of
 * one or two words and "government" at token i; the token after it, or 0. */
static size_t government_named(const scan_ctx *c, const field_ctx *f, size_t i)
{
	size_t n = f->toks->n;
	char key[KEY_BUF];
	bool near = false;
	for (size_t k = i + 1; k <= i + 2 && k < n; k++)
		near |= tlen(tok(f, k)) == 10 && eq_ci(f->text + tok(f, k)->start, 10, "government");
	if (!near)
		return 0;
	for (size_t len = 1; len <= 2 && i + len < n; len++) {
		size_t kt, kl = span_key(f, i, i + len, key, &kt);
		const gz_entry *e = kl ? tab_find(c->g, key, kl) : NULL;
		const fin_token *g = tok(f, i + len);
		if (e && e->notco == NC_DEMONYM && g->kind == FIN_TOK_WORD &&
		    !(g->flags & (FIN_TF_SENT_START | FIN_TF_PARA_BEFORE)) &&
		    eq_ci(f->text + g->start, tlen(g), "government"))
			return i + len + 1;
		if (!e || !e->prefix)
			break;
	}
	return 0;
}

/* government_named() when a token one or two on has the length of
 * "government", else 0 (inline: that length tells most candidates). */
static inline size_t government_at(const scan_ctx *c, const field_ctx *f, size_t i)
{
	size_t n = f->toks->n;
	if (!((i + 1 < n && tlen(tok(f, i + 1)) == 10) || (i + 2 < n && tlen(tok(f, i + 2)) == 10)))
		return 0;
	return government_named(c, f, i);
}

/* "Scottish and Newcastle (S&N)": a run of capitalised words (with
 * "and", "&", "of", "for", "the" between them) at token i that bracketed
 * initials follow names an organisation. The run's end (the '(' token), or
 * 0; *acr_end gets the token after the ')'. */
static size_t initials_run(const scan_ctx *c, const field_ctx *f, size_t i, size_t *acr_end)
{
	size_t n = f->toks->n, j = i, words = 0;
	char ini[16];
	if (f->shout || !run_word(c, f, i))
		return 0;
	while (j < n && j < i + RUN_MAX && !is_punct(f, j, '(')) {
		const fin_token *t = tok(f, j);
		if (j > i && (t->flags & (FIN_TF_SENT_START | FIN_TF_PARA_BEFORE)))
			return 0;
		if (t->kind == FIN_TOK_WORD && (t->flags & FIN_TF_CAP)) {
			if (words >= sizeof ini)
				return 0;
			ini[words++] = (char)fin_to_upper((unsigned char)f->text[t->start]);
		} else if (!(j > i && (is_punct(f, j, '&') ||
				      word_in(f, j, (const char *const[]){"and", "of", "for", "the", NULL})))) {
			return 0;
		}
		j++;
	}
	if (words < 2 || j + 2 >= n || !is_punct(f, j, '(') || !is_word(f, j - 1))
		return 0;
	/* initials are given to many things ("Acquired Immune Deficiency
	 * Syndrome (AIDS)"): a firm's have an "&" ("S&N"), or an org noun
	 * comes right before the name ("brewer, Scottish and Newcastle") */
	bool amp = false, noun = i >= 1 && lower_cls(c, f, i - 1, W_ORGN);
	if (!noun && i >= 2 && is_punct(f, i - 1, ','))
		noun = lower_cls(c, f, i - 2, W_ORGN);
	size_t na = 0, q = j + 1;
	for (; q < n && q < j + 8 && !is_punct(f, q, ')'); q++) {
		const fin_token *t = tok(f, q);
		if (q > j + 1 && t->start != tok(f, q - 1)->end)
			return 0;
		if (is_punct(f, q, '&')) {
			amp = true;
			continue;
		}
		if (t->kind != FIN_TOK_WORD || !(t->flags & FIN_TF_ALLCAPS))
			return 0;
		for (uint32_t k = t->start; k < t->end; k++)
			if (na >= words || (char)f->text[k] != ini[na++])
				return 0;
	}
	if (q >= n || !is_punct(f, q, ')') || na != words || !(amp || noun))
		return 0;
	*acr_end = q + 1;
	return j;
}

/* "the Shenzhen stock exchange", "the Paris bourse": one or two
 * capitalised words (a place, usually) and a lower-case "stock exchange"
 * or "bourse" at token i name an exchange, a firm; the token after it,
 * or 0. */
static size_t exchange_at(const scan_ctx *c, const field_ctx *f, size_t i)
{
	size_t n = f->toks->n, e = i + 1;
	if (f->shout || !run_word(c, f, i) || notco_of(c, f, i) == NC_PERSON ||
	    (i > 0 && is_punct(f, i - 1, '-') && tok(f, i - 1)->end == tok(f, i)->start))
		return 0; /* not "pan-European bourse" */
	if (e < n && run_word(c, f, e) && !(tok(f, e)->flags & FIN_TF_SENT_START))
		e++;
	if (e >= n || (tok(f, e)->flags & (FIN_TF_CAP | FIN_TF_SENT_START)))
		return 0;
	const fin_token *t = tok(f, e);
	if (eq(f->text + t->start, tlen(t), "bourse"))
		return notco_of(c, f, e - 1) == NC_DEMONYM ? 0 : e + 1; /* not "a European bourse" */
	if (e + 1 < n && eq(f->text + t->start, tlen(t), "stock") &&
	    eq(f->text + tok(f, e + 1)->start, tlen(tok(f, e + 1)), "exchange"))
		return e + 2;
	return 0;
}

/* The candidates of field f (f->cand, f->n_cand): a superset of the
 * tokens pass 1 and pass 2 may act on, in order, then the token count
 * as a sentinel. A candidate holds a capital (a capitalised word, an
 * inner capital), '<' or '(', or is a number glued to a word ("3M"); in
 * a shouting headline every token is one. The passes test candidates
 * exactly (can_start(), markup) and pass over the rest.
 *
 * Why: about one token in seven is a candidate, and testing each token
 * with branches cost more in mispredictions than everything else. The
 * lexer has marked the words that hold a capital (FIN_TF_UPPER) and the
 * other tokens a name may open at (FIN_TF_OPENER), so each token is told
 * by its flags, and the candidates are gathered without a branch per
 * token. */
static int find_candidates(fin_arena *arena, field_ctx *f)
{
	size_t n = f->toks->n;
	const fin_token *v = f->toks->v;
	uint32_t *cand = fin_arena_alloc(arena, (n + 1) * sizeof *cand);
	if (!cand)
		return FIN_ENOMEM;
	size_t k = 0;
	if (f->shout) {
		for (size_t i = 0; i < n; i++)
			cand[k++] = (uint32_t)i;
	} else {
		for (size_t i = 0; i < n; i++) {
			const fin_token *t = &v[i];
			/* a token of 64 bytes or more is kept whatever it holds
			 * (the passes look) */
			cand[k] = (uint32_t)i;
			k += (unsigned)((t->flags & (FIN_TF_UPPER | FIN_TF_OPENER)) != 0) |
			     (unsigned)(t->end - t->start >= 64);
		}
	}
	cand[k] = (uint32_t)n;
	f->cand = cand;
	f->ci = 0;
	return FIN_OK;
}

/* The first candidate >= i (the token count when none); the field's
 * cursor f->ci moves forward, reset it (f->ci = 0) to walk again. */
static inline size_t next_candidate(field_ctx *f, size_t i)
{
	while (f->cand[f->ci] < i)
		f->ci++;
	return f->cand[f->ci];
}

/* true when the one-word alias at token i is a first name used for a
 * person here: "Edward Comeau" (a capitalised word follows), "Patrick G.
 * Ryan ... Ryan said" (the article's person word). *rc on failure. */
static bool person_alias(scan_ctx *c, const field_ctx *f, size_t i, int *rc)
{
	if (notco_of(c, f, i) != NC_PERSON)
		return false;
	if (i + 1 < f->toks->n && run_word(c, f, i + 1) && !(tok(f, i + 1)->flags & FIN_TF_SENT_START))
		return true;
	if (!c->pw_done && (*rc = collect_people(c)))
		return true;
	return person_word_of(c, f, i) != 0;
}

/* true when the one-word (not exact) alias al at token i names something
 * else here: part of another name, or a person. */
static bool one_word_not_alias(scan_ctx *c, const field_ctx *f, size_t i, const art_alias *al, int *rc)
{
	return !al->exact && (inside_other_name(c, f, i) || person_alias(c, f, i, rc));
}

/* "Air Jamaica", "Air Zimbabwe" at token i: "Air" and one capitalised
 * place (a country, city...) that ends the run; the token after it, or 0.
 * Nothing else is written so ("Air Force One" goes on; "Air" alone is a
 * word). */
static size_t air_name(const scan_ctx *c, const field_ctx *f, size_t i)
{
	size_t n = f->toks->n;
	if (f->shout || i + 1 >= n || !eq(f->text + tok(f, i)->start, tlen(tok(f, i)), "Air") ||
	    !run_word(c, f, i + 1) || (tok(f, i + 1)->flags & FIN_TF_SENT_START) ||
	    tok(f, i + 1)->start != tok(f, i)->end + 1 || notco_of(c, f, i + 1) != NC_BLOCK)
		return 0;
	if (i + 2 < n && run_word(c, f, i + 2) && !(tok(f, i + 2)->flags & FIN_TF_SENT_START))
		return 0;
	return i + 2;
}

/* Resolve tokens [a, name_end) to a name (resolve_span(), which may take
 * the kind of a known name into *kind) and push the mention [a, end) of
 * that kind, or of the kind *kind had on entry when fixed. The name, or
 * NULL with *rc set. */
static const char *push_named(scan_ctx *c, field_ctx *f, size_t a, size_t name_end, size_t end, uint8_t *kind,
			      bool fixed, int *rc)
{
	uint8_t want = *kind;
	const char *name = resolve_span(c, f, a, name_end, kind);
	if (!name) {
		*rc = FIN_ENOMEM;
		return NULL;
	}
	if (fixed)
		*kind = want;
	return (*rc = push_mention(c, &f->m, a, end, name, *kind)) ? NULL : name;
}

static int pass1(scan_ctx *c, field_ctx *f)
{
	size_t n = f->toks->n;
	size_t no_run_until = 0; /* runs starting before this have no suffix */
	int rc = FIN_OK;
	f->ci = 0;
	for (size_t i = 0; i < n;) {
		if ((i = next_candidate(f, i)) >= n)
			break;
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
			/* a run that no suffix ends has none in its later words
			 * either: skip them, but only when the run could start
			 * here; a starter ("The", "In") cannot start one, and the
			 * name right after it must still be tried ("The Hearst
			 * Corp", "In Kaines Holdings Plc"); in a shouting headline,
			 * whose verbs stop runs, only after "THE" ("THE WRITER
			 * CORP", not "INTO SEPARATE COMPANY") */
			if (!rm.end && (run_word(c, f, i) ||
					(f->shout && !word_in(f, i, (const char *const[]){"the", NULL})))) {
				size_t k = i + 1;
				while (k < n && k < i + RUN_MAX && (run_word(c, f, k) || !is_word(f, k)) &&
				       !(tok(f, k)->flags & (FIN_TF_SENT_START | FIN_TF_PARA_BEFORE)) &&
				       tok(f, k)->kind != FIN_TOK_PUNCT)
					k++;
				no_run_until = k;
			}
		}
		size_t ge = government_at(c, f, i);
		if (ge) {
			uint8_t kind = FIN_ORG_OTHER;
			if (!push_named(c, f, i, ge, ge, &kind, true, &rc))
				return rc;
			i = ge;
			continue;
		}
		size_t acr_end = 0, ie = !rm.end && gm.end <= i + 1 ? initials_run(c, f, i, &acr_end) : 0;
		if (ie) {
			uint8_t kind = FIN_ORG_COMPANY;
			for (size_t k = i; k < ie; k++)
				if (is_cls(c, f, k, W_HEAD))
					kind = FIN_ORG_OTHER;
			const char *name = push_named(c, f, i, ie, ie, &kind, false, &rc);
			if (!name)
				return rc;
			/* the initials: an alias and a mention of their own */
			char key[KEY_BUF];
			size_t ntok, klen = span_key(f, ie + 1, acr_end - 1, key, &ntok);
			if (klen && ((rc = alias_add(c, key, klen, ntok, false, name, kind)) ||
				     (rc = push_mention(c, &f->m, ie + 1, acr_end - 1, name, kind))))
				return rc;
			i = acr_end;
			continue;
		}
		size_t xe = !rm.end ? exchange_at(c, f, i) : 0;
		if (xe) {
			uint8_t kind = FIN_ORG_COMPANY;
			if (!push_named(c, f, i, xe, xe, &kind, true, &rc))
				return rc;
			i = xe;
			continue;
		}
		/* "Air Jamaica": an airline named by "Air" and a place */
		size_t ae0 = !rm.end && gm.end <= i + 1 ? air_name(c, f, i) : 0;
		if (ae0) {
			uint8_t kind = FIN_ORG_COMPANY;
			if (!push_named(c, f, i, ae0, ae0, &kind, false, &rc))
				return rc;
			i = scan_acronym(c, f, ae0, &rc);
			if (rc)
				return rc;
			continue;
		}
		/* names that only their context tells: "leisure group Rank",
		 * "analyst at Brunswick UBS" (longer than a known "Brunswick") */
		if (!rm.end && gm.end <= i + 1 && !f->shout) {
			ctx_match cm = ctx_name(c, f, i, gm.end > i ? gm.end : i, &rc);
			if (rc)
				return rc;
			const art_alias *cal = NULL;
			if (cm.end && (!c->n_al || alias_longest(c, f, i, n, &cal) < cm.end)) {
				uint8_t kind = cm.kind;
				if (!push_named(c, f, cm.start, cm.name_end, cm.end, &kind, false, &rc))
					return rc;
				i = scan_acronym(c, f, cm.end, &rc);
				if (rc)
					return rc;
				continue;
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
		if (ae > gm.end && ae > rm.end && al &&
		    !(ae == i + 1 && one_word_not_alias(c, f, i, al, &rc))) {
			if ((rc = push_mention(c, &f->m, i, ae, al->name, al->kind)))
				return rc;
			i = ae;
			continue;
		}
		if (rc)
			return rc; /* out of memory collecting the people */
		if (rm.end > gm.end) {
			uint8_t kind = rm.kind;
			if (!push_named(c, f, i, rm.name_end, rm.end, &kind, false, &rc))
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
			if (gm.end == i + 1 && (inside_other_name(c, f, i) || in_compound(f, i))) {
				i++;
				continue;
			}
			uint8_t kind;
			const char *name = entity_name(c, gm.ent, &kind);
			if (!name)
				return FIN_ENOMEM;
			/* the legal suffixes after a known name are the mention's
			 * ("Gulf and Western Industries Inc USA <GW>") */
			size_t ge2 = gm.end;
			while (ge2 < n && is_word(f, ge2) && (tok(f, ge2)->flags & FIN_TF_CAP) &&
			       !(tok(f, ge2)->flags & (FIN_TF_SENT_START | FIN_TF_PARA_BEFORE)) &&
			       is_cls(c, f, ge2, W_STRONG))
				ge2++;
			/* "Shell Canada <SHC>": a known firm, a country and its
			 * ticker name a subsidiary of its own */
			if (ge2 == gm.end && kind == FIN_ORG_COMPANY && ge2 + 1 < n && run_word(c, f, ge2) &&
			    !(tok(f, ge2)->flags & FIN_TF_SENT_START) && notco_of(c, f, ge2) == NC_BLOCK &&
			    (is_punct(f, ge2 + 1, '<') || is_punct(f, ge2 + 1, '('))) {
				ge2++;
				if (!(name = resolve_span(c, f, i, ge2, &kind)))
					return FIN_ENOMEM;
			}
			if ((rc = push_mention(c, &f->m, i, ge2, name, kind)))
				return rc;
			i = scan_acronym(c, f, ge2, &rc);
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
	if (!c->n_al)
		return FIN_OK; /* no alias, nothing to find (most short articles) */
	f->ci = 0;
	for (size_t i = 0; i < n;) {
		if ((i = next_candidate(f, i)) >= n)
			break;
		while (mi < f->m.n && f->m.v[mi].t1 <= i)
			mi++;
		if (mi < f->m.n && f->m.v[mi].t0 <= i) {
			i = f->m.v[mi].t1;
			continue;
		}
		size_t limit = mi < f->m.n ? f->m.v[mi].t0 : n;
		if (!alias_may_start(c, f, i) || (!can_start(f, i) && !(f->shout && is_word(f, i)))) {
			i++;
			continue;
		}
		const art_alias *al = NULL;
		size_t e = alias_longest(c, f, i, limit, &al);
		if (e && al) {
			int rc = FIN_OK;
			if (e == i + 1 && one_word_not_alias(c, f, i, al, &rc)) {
				if (rc)
					return rc;
				i++;
				continue;
			}
			if ((rc = push_mention(c, extra, i, e, al->name, al->kind)))
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
	scan_ctx c = {.g = g, .arena = arena}; /* the rest empty */
	gz_memo memo[2] = {{SIZE_MAX, {0, -1, 0}}, {SIZE_MAX, {0, -1, 0}}};
	field_ctx f[2] = {
		{a->title ? a->title : "", title_toks, false, {0}, NULL, NULL, a->title ? a->title_len : 0, NULL, 0, &memo[0]},
		{a->body ? a->body : "", body_toks, false, {0}, NULL, NULL, a->body ? a->body_len : 0, NULL, 0, &memo[1]},
	};
	for (int k = 0; k < 2; k++) {
		if (!f[k].toks || !f[k].toks->n)
			continue;
		f[k].ti = fin_arena_calloc(arena, f[k].toks->n, sizeof(tok_info));
		f[k].starts = fin_arena_calloc(arena, f[k].toks->n, 1);
		if (!f[k].ti || !f[k].starts)
			return FIN_ENOMEM;
	}
	c.fields = f;
	f[0].shout = title_toks && shouting(title_toks);
	f[1].shout = false;
	int rc;
	for (int k = 0; k < 2; k++) {
		if (!f[k].toks || !f[k].toks->n)
			continue;
		if ((rc = find_candidates(arena, &f[k])))
			return rc;
	}
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
