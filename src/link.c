/*
 * link.c — for each amount of an article: the companies it is about, the
 * date its sentence speaks of and its kind (deal, acquisition, investment,
 * revenue, profit, loss, valuation, price, dividend, fine, debt, other).
 *
 * Everything is decided in the amount's sentence, in windows of bounded
 * size (LK_* below), so linking costs a constant amount of work per amount
 * plus sorting the article's mentions once.
 *
 * Kind: the nearest cue word of data/kind-cues.tsv, with penalties for weak
 * cues (the rule is written at the top of that file); cues inside company
 * names and inside capitalised runs ("Savings Bank") do not count. No cue:
 * "other".
 *
 * Parties (canonical company names, each once, in the order of their first
 * mention in the sentence; a resolved "it"/"the company" counts where the
 * pronoun stands):
 *  - Two-party kinds (deal, acquisition, investment, fine): the companies of
 *    the amount's clause — the sentence cut at ';', ':', a spaced dash and
 *    words such as "but", "while", "rejecting" (outside brackets); when two
 *    of them stand before the amount ("X agreed to acquire Y for $N"), the
 *    ones after it are detail and left out. Other organisations
 *    (regulators, ministries) count here too as payer, payee, client or
 *    lender, not as the source of an estimate ("estimates from the World
 *    Bank") nor after "by" (except for a fine). A subject "it"/"the
 *    company"/"the ChatGPT maker" before every named party is resolved and
 *    put first. At most LK_MAX_PARTIES, the nearest ones.
 *  - One-party kinds (revenue, profit, loss, dividend, debt, valuation,
 *    price, other): one company, the first that applies of: for a
 *    valuation verb ("valued X at"), the companies between the verb and the
 *    amount; a possessive just before the cue ("X's profit", "its sales");
 *    the nearest company before the cue that is not the object of a
 *    preposition ("results from Microsoft showed OpenAI lost"), else the
 *    nearest one at all; a pronoun subject before the amount ("It cut
 *    A$68m"); the first company shortly after the amount (not for prices:
 *    "on the London Metal Exchange" is where, not whose); a pronoun later in
 *    the clause ("..., it said"). Only companies count here.
 *  - Resolution of "it", "its" and "the company/firm/group/bank/... maker":
 *    the nearest subject company before it in the sentence, else the focus
 *    of the earlier sentences: the first subject company of the most recent
 *    sentence that names one — or, when that sentence's own subject was a
 *    pronoun ("It bought BRL Hardy"), the focus before it (a few hops). The
 *    title counts as the sentence before the body.
 *  - Revenue, profit, loss, dividend, debt, share prices and table rows
 *    ("Net 412,737") in a sentence with no company and no pronoun belong to
 *    the article's topic company (the headline's company when the body
 *    names it, else the lead's first) — only while the nearest subject
 *    company before the sentence is that company, and not when the clause
 *    speaks of a person ("Mr Glazer's offer"). Macro figures stay unlinked.
 *  - Never parties: sources ("according to X", "told X", "X analyst",
 *    "analyst at X", an organisation that is not a company in ", X said")
 *    and modifiers ("ChatGPT owner OpenAI", "Yukos unit", "Siemens AG
 *    <SIEG.F> subsidiary KWU") — except that "valued its Deluxe Film unit
 *    at" values the unit.
 *  - The main deal: the headline's amount when it is a two-party kind, and
 *    the first two-party amount of the lead (the body's first two
 *    sentences). Their parties, headline's first, are given to both, to
 *    every later amount with the same value and currency, and to a
 *    two-party amount whose sentence names no company but says "the deal"
 *    (the takeover, the offer...). All mentions of the main deal share one
 *    kind: acquisition when either of the two is one, else the headline's.
 *  - Restatements ("$38bn (£29bn)") copy everything of the amount they
 *    restate.
 *
 * Date: the date mentioned in the amount's sentence closest to it,
 * never a duration, an unresolved date or a maturity ("due 1992", "until
 * November 30"); for revenue, profit, loss and dividends a period (month,
 * quarter, half, year, season) is preferred to a day or a week. Else the
 * main deal's date for its amounts, else -1 (the publication date).
 *
 * The tables are built once (fin_linker_new) and read-only afterwards.
 */
#include "internal.h"

#include <stdlib.h>
#include <string.h>

/* ---------------------------------------------------------------------- */
/* Limits                                                                 */
/* ---------------------------------------------------------------------- */

#define LK_SENT_MAX 160    /* tokens scanned each way for a sentence's bounds */
#define LK_CUE_WORDS 24    /* words looked at each side of an amount for a cue */
#define LK_CUE_TOKS 64     /* tokens looked at each side (punctuation included) */
_Static_assert(LK_CUE_TOKS <= 64, "find_cue marks a window's tokens in a 64-bit word");
#define LK_MATCH_MAX 48    /* cue matches kept per amount */
#define LK_PHRASE_MAX 6    /* words in a cue phrase */
#define LK_MAX_PARTIES 6   /* parties of one amount */
#define LK_SENT_COS 48     /* company mentions looked at in one sentence */
#define LK_BACK_MAX 64     /* company mentions looked back for the focus */
#define LK_POSS_TOKS 5     /* tokens before a cue searched for a possessive */
#define LK_AFTER_TOKS 10   /* tokens after an amount searched for its company */
#define LK_HEAD_TOKS 4     /* words between "the" and "company"/"maker" */
#define LK_ASIDE_TOKS 16   /* tokens between the two dashes of an aside */
#define LK_RESTATE_TOKS 4  /* tokens between two amounts that restate each other (", or about") */
#define LK_SPANS_MAX 16    /* neighbouring amounts skipped when counting words */
#define LK_OUT_CLAUSE 4    /* added to the score of a cue outside the amount's clause */
#define LK_WORD_MAX 40     /* longest word looked up in the word table */

/* ---------------------------------------------------------------------- */
/* Kinds                                                                  */
/* ---------------------------------------------------------------------- */

enum {
	K_NONE = 0,
	K_DEAL,
	K_ACQUISITION,
	K_INVESTMENT,
	K_REVENUE,
	K_PROFIT,
	K_LOSS,
	K_VALUATION,
	K_PRICE,
	K_DIVIDEND,
	K_FINE,
	K_DEBT,
	K_OTHER,
	K_IGNORE, /* "none" in the table: hides the cues inside it */
	K_COUNT
};

/* The names records print (and kind-cues.tsv uses), by K_*. */
static const char *const kind_names[K_COUNT] = {
	NULL,	   "deal",	"acquisition", "investment", "revenue", "profit", "loss",
	"valuation", "price", "dividend",	  "fine",	  "debt",    "other",  "none",
};

/* Two parties or more: buyer and seller, payer and payee. */
static bool two_party(int k)
{
	return k == K_DEAL || k == K_ACQUISITION || k == K_INVESTMENT || k == K_FINE;
}

/* The article's company owns these even when the sentence does not say so. */
static bool company_centric(int k)
{
	return k == K_REVENUE || k == K_PROFIT || k == K_LOSS || k == K_DIVIDEND || k == K_DEBT;
}

/* Results: their date is a period rather than a day. */
static bool results_kind(int k)
{
	return k == K_REVENUE || k == K_PROFIT || k == K_LOSS || k == K_DIVIDEND;
}

/* ---------------------------------------------------------------------- */
/* Word classes (built in; the cues come from kind-cues.tsv)               */
/* ---------------------------------------------------------------------- */

#define LW_PRON 0x001u     /* it, its: a company pronoun */
#define LW_HEAD 0x002u     /* company, firm, maker...: "the X" refers to a company */
#define LW_BARRIER 0x004u  /* but, while...: ends the amount's clause */
#define LW_ROLE 0x008u     /* analyst, spokesman...: the org beside it is a source */
#define LW_PREP 0x010u     /* of, from, at...: the org after it is not a subject */
#define LW_SAY 0x020u      /* said, says...: ", Ministry said" */
#define LW_THE 0x040u      /* the */
#define LW_TOLD 0x080u     /* told: "told Reuters" */
#define LW_DEALNOUN 0x100u /* deal, takeover...: "the deal" is the main deal */
#define LW_MODIFIER 0x200u /* owner, maker, unit...: "ChatGPT owner OpenAI" */
#define LW_REPORT 0x400u   /* estimates, figures...: "estimates from the World Bank" */
#define LW_PERSON 0x800u   /* mr, mrs, ms, sir: the clause speaks of a person */
#define LW_UNTIL 0x1000u   /* due, maturing, until, till: a date after it is a maturity */
#define LW_UNITN 0x2000u   /* unit, subsidiary...: "its X unit" names the unit X */
#define LW_MERGE 0x4000u   /* merger, combining...: "a tie-up between X and Y" */

/* The word lists of the LW_* classes (lower case). */
static const char *const w_pron[] = {"it", "its", NULL};
static const char *const w_head[] = {
	"company",    "firm",	   "group",	"concern",   "bank",	   "maker",	"brewer",
	"carrier",    "airline",   "insurer",	"reinsurer", "retailer",   "lender",	"producer",
	"giant",      "conglomerate", "manufacturer", "operator", "club",	   "miner",	"utility",
	"publisher",  "broker",	   "drugmaker", "carmaker",  "automaker",  "chipmaker", "startup",
	"corporation", "owner",	   "winemaker", "builder",   "developer",  "trust",	NULL,
};
static const char *const w_barrier[] = {"but", "while", "whereas", "although", "though", "rejecting",
					 "despite", "unlike", "however", NULL};
static const char *const w_role[] = {
	"analyst",   "analysts",   "economist", "economists", "strategist", "strategists",
	"spokesman", "spokeswoman", "spokesperson", "officer", "manager", "managers",
	"director",  "head",	   "specialist", "adviser",   "advisor",    "advisers",
	"advisors",  "trader",	   "traders",	  "dealer",    "dealers",    "chairman",
	"boss",	     "executive",  "president",  "expert",    "experts",    NULL,
};
static const char *const w_prep[] = {"of", "from", "at", "by", "with", "for", "to", "in", "on",
				      "against", "than", "into", "over", "via", "under", "between",
				      "including", "like", "as", NULL};
static const char *const w_say[] = {"said", "says", "say", "added", "reported", "reports", "quoted",
				     "announced", "estimated", "estimates", NULL};
static const char *const w_the[] = {"the", NULL};
static const char *const w_told[] = {"told", NULL};
static const char *const w_dealnoun[] = {"deal",	  "takeover", "acquisition", "offer",	  "bid",
					  "merger",	  "purchase", "transaction", "sale",	  "buyout",
					  "order",	  "contract", "agreement",   NULL};
/* After a name, these make it a modifier of another noun, not a party:
 * "ChatGPT owner OpenAI", "the ChatGPT maker", "Siemens subsidiary KWU". */
static const char *const w_modifier[] = {"owner",     "owners",   "maker",	"makers",  "parent",
					  "subsidiary", "unit",	    "units",	"affiliate", "division",
					  "arm",       "brand",    "operator", "firm",	"wing",	NULL};
/* Roles that make "X role" a source ("Janco Partners analyst"); the others
 * only count before "at". A company's own spokesman speaks for a party. */
static const char *const w_role_after[] = {"analyst",    "analysts",    "economist", "economists",
					    "strategist", "strategists", NULL};
/* Modifier nouns of a part of a firm: after "its X" they name X itself. */
static const char *const w_unitn[] = {"subsidiary", "unit", "units", "affiliate", "division", "arm", "wing",
				       NULL};
static const char *const w_person[] = {"mr", "mrs", "ms", "sir", NULL};
/* A union of two firms ("tie" of "tie-up"): what it creates is both's. */
static const char *const w_merge[] = {"merger", "merging", "combining", "combination", "tie", NULL};
static const char *const w_until[] = {"due", "maturing", "until", "till", NULL};
/* Nouns of estimates and reports: "estimates from the World Bank". */
static const char *const w_report[] = {"estimate", "estimates", "figures", "data", "report",
					"reports", "forecast", "forecasts", "statistics", "survey",
					"projections", NULL};

/* Words the rules name one by one (tk_word_is). They are entered in the
 * word table (without a class when they have none), so that testing a
 * token is one comparison of its cached word id, not a string compare.
 * (Words tested as a group have a class instead: LW_PERSON, LW_UNTIL.) */
enum {
	LIT_ACCORDING,
	LIT_AS,
	LIT_AT,
	LIT_BY,
	LIT_FROM,
	LIT_IN,
	LIT_ITS,
	LIT_LIKE,
	LIT_OF,
	LIT_SHARES,
	LIT_STOCK,
	LIT_TO,
	LIT_WITH,
	LIT_COUNT
};
static const char *const lit_words[LIT_COUNT] = {
	"according", "as", "at", "by", "from", "in", "its", "like", "of", "shares", "stock", "to", "with",
};

/* ---------------------------------------------------------------------- */
/* The linker's tables                                                    */
/* ---------------------------------------------------------------------- */

/* A word: its classes and the cues that start with it. */
typedef struct lk_word {
	uint64_t k0;       /* its bytes (at most 8 of them; else 0), as word_chunk reads them */
	uint32_t hash;
	uint32_t off, len; /* lower-case word in the pool */
	uint16_t cls;      /* LW_* */
	uint16_t role_after; /* 1 when "X <word>" makes X a source */
	int32_t cue;       /* first cue starting with this word (longest first), or -1 */
	uint32_t id;       /* dense number of the word: 0, 1, ... in order of entry */
	uint8_t used;
} lk_word;

/* What the per-article rules read of a word, by its id: a dense copy of the
 * table's fields (finish_tables), small enough to stay in cache while
 * the probes of the sparse table would not. */
typedef struct lk_info {
	uint16_t cls;        /* LW_* */
	uint16_t role_after; /* 1 when "X <word>" makes X a source */
	int32_t cue;         /* first cue starting with this word, or -1 */
} lk_info;

/* A cue phrase. */
typedef struct lk_cue {
	uint32_t off, len; /* the phrase in the pool: lower case, words joined by one space */
	uint8_t nwords;
	uint8_t kind;      /* K_* */
	uint8_t penalty;   /* 0..9 */
	uint8_t flags;     /* LK_CF_* */
	uint8_t by_text;   /* a word is longer than LK_WORD_MAX: match_cue compares text */
	int32_t next;      /* next cue with the same first word, or -1 */
	/* Word id of each word (finish_tables), so match_cue compares a
	 * token's cached id. */
	uint32_t wid[LK_PHRASE_MAX];
} lk_cue;

#define LK_CF_OBJECT 1u /* valuation verb: the parties stand between it and the amount */
#define LK_CF_WEAK 2u   /* wins only when no other cue is in the window */

/* The kind of an amount with a given per-unit. */
typedef struct lk_unit {
	uint32_t off, len; /* unit name in the pool ("barrel") */
	uint8_t kind;
	uint8_t penalty;
	uint8_t flags;     /* LK_CF_WEAK */
} lk_unit;

/* 0..25 for a first byte that is an ASCII letter (either case), else 26. */
static unsigned first_letter(const char *s)
{
	unsigned k = ((unsigned char)s[0] | 0x20u) - 'a';
	return k < 26 ? k : 26;
}

struct fin_linker {
	uint64_t bloom[FIN_WORD_BLOOM_BITS / 64]; /* fin_word_bloom_bit of every word of tab */
	uint64_t cue_bloom[FIN_WORD_BLOOM_BITS / 64]; /* fin_word_bloom_bit of the first words of cues */
	/* Bit k of barrier_first[len] when a LW_BARRIER word of that length
	 * starts with letter 'a' + k (either case), bit 26 when one starts
	 * with something else: words that fail it are no barrier, unlooked. */
	uint32_t barrier_first[LK_WORD_MAX + 1];
	lk_word *tab;   /* open addressing, power-of-two capacity */
	size_t cap;
	size_t n;
	lk_info *info;  /* by word id + 1; info[0] for no word (finish_tables) */
	uint32_t lit[LIT_COUNT]; /* word id of each of lit_words (finish_tables) */
	lk_cue *cues;
	size_t n_cues, cues_cap;
	lk_unit *units;
	size_t n_units, units_cap;
	char *pool;
	size_t pool_len, pool_cap;
};

/* Copy s[0..n) lower-cased (plus a NUL) into the pool; *off gets where. */
static int pool_add(fin_linker *l, const char *s, size_t n, uint32_t *off)
{
	if (l->pool_len + n + 1 > l->pool_cap) {
		size_t nc = l->pool_cap ? l->pool_cap * 2 : 4096;
		while (nc < l->pool_len + n + 1)
			nc *= 2;
		if (nc > UINT32_MAX)
			return FIN_ENOMEM;
		char *p = fin_realloc(l->pool, nc);
		if (!p)
			return FIN_ENOMEM;
		l->pool = p;
		l->pool_cap = nc;
	}
	*off = (uint32_t)l->pool_len;
	for (size_t i = 0; i < n; i++)
		l->pool[l->pool_len + i] = (char)fin_to_lower((unsigned char)s[i]);
	l->pool[l->pool_len + n] = '\0';
	l->pool_len += n + 1;
	return FIN_OK;
}

#define LK_ONES 0x0101010101010101u /* 0x01 in every byte */

/* Bytes [8k, 8k + 8) of s[0..n) in host byte order, zero past n. */
static uint64_t word_chunk(const char *s, size_t n, size_t k)
{
	uint64_t w = 0;
	size_t m = n - 8 * k < 8 ? n - 8 * k : 8;
	memcpy(&w, s + 8 * k, m);
	return w;
}

/* The last mixing step of word_hash. */
static uint32_t hash_end(uint64_t h)
{
	h *= 0xC4CEB9FE1A85EC53u;
	h ^= h >> 29;
	return (uint32_t)h;
}

/* A hash of s[0..n) that ignores ASCII case (only the table's own slots
 * use it): its length, then each 8-byte chunk ORed with 0x20 in every byte
 * (a function of the byte's lower case), mixed in turn. word_find_short
 * computes the same for a word of one chunk. */
static uint32_t word_hash(const char *s, size_t n)
{
	uint64_t h = (uint64_t)n * 0x9E3779B97F4A7C15u;
	for (size_t k = 0; 8 * k < n; k++) {
		h = (h ^ (word_chunk(s, n, k) | 0x20u * LK_ONES)) * 0xFF51AFD7ED558CCDu;
		h ^= h >> 32;
	}
	return hash_end(h);
}

/* Each ASCII capital of x made lower case, all at once (fin_to_lower of
 * every byte): bit 7 of a byte's low seven bits plus 0x3F is set from
 * 'A' up, plus 0x25 from 'Z' + 1 up, and bytes with bit 7 set are no
 * letters. */
static uint64_t swar_lower(uint64_t x)
{
	uint64_t h = x & 0x7Fu * LK_ONES;
	uint64_t ge_a = h + (0x80u - 'A') * LK_ONES;
	uint64_t gt_z = h + (0x80u - 'Z' - 1) * LK_ONES;
	uint64_t up = ge_a & ~gt_z & ~x & 0x80u * LK_ONES;
	return x | (up >> 2);
}

/* true when s[0..n) equals the lower-case pool word p[0..n) ignoring ASCII
 * case (fin_eq_ci, without the call). */
static bool word_eq(const char *s, const char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (fin_to_lower((unsigned char)s[i]) != (unsigned char)p[i])
			return false;
	return true;
}

/* The slot of word s[0..n) (case-insensitive): its entry, or the empty slot
 * where it would go. */
static lk_word *word_slot(lk_word *tab, size_t cap, const char *pool, const char *s, size_t n,
			  uint32_t h)
{
	size_t mask = cap - 1;
	for (size_t i = h & mask;; i = (i + 1) & mask) {
		lk_word *w = &tab[i];
		if (!w->used)
			return w;
		if (w->hash == h && w->len == n && word_eq(s, pool + w->off, n))
			return w;
	}
}

/* Make room for one more word (load factor at most 1/2). */
static int word_reserve(fin_linker *l)
{
	if ((l->n + 1) * 2 <= l->cap)
		return FIN_OK;
	size_t nc = l->cap ? l->cap * 2 : 1024;
	lk_word *t = fin_calloc(nc, sizeof *t);
	if (!t)
		return FIN_ENOMEM;
	for (size_t i = 0; i < l->cap; i++) {
		lk_word *w = &l->tab[i];
		if (!w->used)
			continue;
		*word_slot(t, nc, l->pool, l->pool + w->off, w->len, w->hash) = *w;
	}
	fin_free(l->tab);
	l->tab = t;
	l->cap = nc;
	return FIN_OK;
}

/* The entry of word s[0..n), created when missing. */
static int word_get(fin_linker *l, const char *s, size_t n, lk_word **out)
{
	int rc = word_reserve(l);
	if (rc)
		return rc;
	uint32_t h = word_hash(s, n);
	lk_word *w = word_slot(l->tab, l->cap, l->pool, s, n, h);
	if (!w->used) {
		uint32_t off;
		rc = pool_add(l, s, n, &off);
		if (rc)
			return rc;
		/* The pool may have moved: the slot did not. */
		w->used = 1;
		w->hash = h;
		w->off = off;
		w->len = (uint32_t)n;
		w->cls = 0;
		w->role_after = 0;
		w->cue = -1;
		w->k0 = n <= 8 ? word_chunk(l->pool + off, n, 0) : 0;
		w->id = (uint32_t)l->n;
		l->n++;
		if (n) {
			uint32_t bit = fin_word_bloom_bit(s, n);
			l->bloom[bit >> 6] |= (uint64_t)1 << (bit & 63);
		}
	}
	*out = w;
	return FIN_OK;
}

/* The entry of word s[0..n), or NULL. Words longer than LK_WORD_MAX are
 * never looked up. */
static const lk_word *word_find(const fin_linker *l, const char *s, size_t n)
{
	if (!l->cap || n == 0 || n > LK_WORD_MAX)
		return NULL;
	uint32_t bit = fin_word_bloom_bit(s, n);
	if (!((l->bloom[bit >> 6] >> (bit & 63)) & 1u))
		return NULL;
	const lk_word *w = word_slot(l->tab, l->cap, l->pool, s, n, word_hash(s, n));
	return w->used ? w : NULL;
}

/* word_find for a word of 1..8 bytes at s with 8 bytes readable there:
 * one load, a mask and whole-chunk compares instead of byte loops (their
 * exits were mispredicted branches). */
static const lk_word *word_find_short(const fin_linker *l, const char *s, size_t n)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	if (!l->cap)
		return NULL;
	uint32_t bit = fin_word_bloom_bit(s, n);
	if (!((l->bloom[bit >> 6] >> (bit & 63)) & 1u))
		return NULL;
	uint64_t x;
	memcpy(&x, s, 8);
	x &= ~(uint64_t)0 >> (64 - 8 * n); /* word_chunk(s, n, 0) */
	uint64_t h0 = (uint64_t)n * 0x9E3779B97F4A7C15u;
	h0 = (h0 ^ (x | 0x20u * LK_ONES)) * 0xFF51AFD7ED558CCDu;
	h0 ^= h0 >> 32;
	uint32_t h = hash_end(h0);
	uint64_t lower = swar_lower(x);
	size_t mask = l->cap - 1;
	for (size_t i = h & mask;; i = (i + 1) & mask) {
		const lk_word *w = &l->tab[i];
		if (!w->used)
			return NULL;
		if (w->hash == h && w->len == n && w->k0 == lower)
			return w;
	}
#else
	return word_find(l, s, n);
#endif
}

/* Give every word of list the class bits cls. */
static int add_class(fin_linker *l, const char *const *list, uint16_t cls)
{
	for (size_t i = 0; list[i]; i++) {
		lk_word *w;
		int rc = word_get(l, list[i], strlen(list[i]), &w);
		if (rc)
			return rc;
		w->cls |= cls;
	}
	return FIN_OK;
}

/* Enter every built-in word list into the word table. */
static int add_classes(fin_linker *l)
{
	int rc = add_class(l, w_pron, LW_PRON);
	if (!rc)
		rc = add_class(l, w_head, LW_HEAD);
	if (!rc)
		rc = add_class(l, w_barrier, LW_BARRIER);
	if (!rc)
		rc = add_class(l, w_role, LW_ROLE);
	if (!rc)
		rc = add_class(l, w_prep, LW_PREP);
	if (!rc)
		rc = add_class(l, w_say, LW_SAY);
	if (!rc)
		rc = add_class(l, w_the, LW_THE);
	if (!rc)
		rc = add_class(l, w_told, LW_TOLD);
	if (!rc)
		rc = add_class(l, w_dealnoun, LW_DEALNOUN);
	if (!rc)
		rc = add_class(l, w_merge, LW_MERGE);
	if (!rc)
		rc = add_class(l, w_modifier, LW_MODIFIER);
	if (!rc)
		rc = add_class(l, w_report, LW_REPORT);
	if (!rc)
		rc = add_class(l, w_person, LW_PERSON);
	if (!rc)
		rc = add_class(l, w_until, LW_UNTIL);
	if (!rc)
		rc = add_class(l, w_unitn, LW_UNITN);
	for (size_t i = 0; !rc && w_role_after[i]; i++) {
		lk_word *w;
		rc = word_get(l, w_role_after[i], strlen(w_role_after[i]), &w);
		if (!rc)
			w->role_after = 1;
	}
	return rc;
}

/* ---------------------------------------------------------------------- */
/* Loading kind-cues.tsv                                                  */
/* ---------------------------------------------------------------------- */

/* K_* of a kind name, or K_NONE when unknown. */
static int kind_from_name(const char *s, size_t n)
{
	for (int k = 1; k < K_COUNT; k++)
		if (fin_eq_ci(s, n, kind_names[k]))
			return k;
	return K_NONE;
}

/* Normalise a cue into buf: lower case, '-' and runs of spaces become one
 * space, no leading/trailing space. Returns the length and the word count
 * in *nwords; 0 when empty or too long. */
static size_t norm_phrase(const char *s, size_t n, char *buf, size_t cap, size_t *nwords)
{
	size_t len = 0;
	*nwords = 0;
	bool space = true;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == ' ' || c == '-' || c == '\t') {
			space = true;
			continue;
		}
		if (space) {
			if (len) {
				if (len + 1 >= cap)
					return 0;
				buf[len++] = ' ';
			}
			(*nwords)++;
			space = false;
		}
		if (len + 1 >= cap)
			return 0;
		buf[len++] = (char)fin_to_lower(c);
	}
	buf[len] = '\0';
	return *nwords <= LK_PHRASE_MAX ? len : 0;
}

/* Add (or, for a phrase already known, replace) one cue. */
static int add_cue(fin_linker *l, const char *phrase, size_t len, size_t nwords, int kind,
		   int penalty, unsigned flags)
{
	const char *sp = memchr(phrase, ' ', len);
	size_t first = sp ? (size_t)(sp - phrase) : len;
	lk_word *w;
	int rc = word_get(l, phrase, first, &w);
	if (rc)
		return rc;
	for (int32_t c = w->cue; c >= 0; c = l->cues[c].next) {
		lk_cue *q = &l->cues[c];
		if (q->len == len && memcmp(l->pool + q->off, phrase, len) == 0) {
			q->kind = (uint8_t)kind;
			q->penalty = (uint8_t)penalty;
			q->flags = (uint8_t)flags;
			return FIN_OK;
		}
	}
	if (l->n_cues == l->cues_cap) {
		size_t nc = l->cues_cap ? l->cues_cap * 2 : 256;
		lk_cue *v = fin_realloc(l->cues, nc * sizeof *v);
		if (!v)
			return FIN_ENOMEM;
		l->cues = v;
		l->cues_cap = nc;
	}
	if (l->n_cues >= INT32_MAX)
		return FIN_ENOMEM;
	int32_t id = (int32_t)l->n_cues;
	lk_cue *q = &l->cues[l->n_cues++];
	uint32_t off;
	rc = pool_add(l, phrase, len, &off);
	if (rc) {
		l->n_cues--;
		return rc;
	}
	q->off = off;
	q->len = (uint32_t)len;
	q->nwords = (uint8_t)nwords;
	q->kind = (uint8_t)kind;
	q->penalty = (uint8_t)penalty;
	q->flags = (uint8_t)flags;
	/* Keep the chain longest first, so the first match is the longest. */
	int32_t *link = &w->cue;
	while (*link >= 0 && l->cues[*link].nwords >= nwords)
		link = &l->cues[*link].next;
	q->next = *link;
	*link = id;
	return FIN_OK;
}

/* Add (or replace) the kind of a per-unit. */
static int add_unit(fin_linker *l, const char *name, size_t len, int kind, int penalty,
		    unsigned flags)
{
	for (size_t i = 0; i < l->n_units; i++) {
		lk_unit *u = &l->units[i];
		if (u->len == len && memcmp(l->pool + u->off, name, len) == 0) {
			u->kind = (uint8_t)kind;
			u->penalty = (uint8_t)penalty;
			u->flags = (uint8_t)flags;
			return FIN_OK;
		}
	}
	if (l->n_units == l->units_cap) {
		size_t nc = l->units_cap ? l->units_cap * 2 : 32;
		lk_unit *v = fin_realloc(l->units, nc * sizeof *v);
		if (!v)
			return FIN_ENOMEM;
		l->units = v;
		l->units_cap = nc;
	}
	lk_unit *u = &l->units[l->n_units];
	uint32_t off;
	int rc = pool_add(l, name, len, &off);
	if (rc)
		return rc;
	u->off = off;
	u->len = (uint32_t)len;
	u->kind = (uint8_t)kind;
	u->penalty = (uint8_t)penalty;
	u->flags = (uint8_t)flags;
	l->n_units++;
	return FIN_OK;
}

/* Parse the flags column: names separated by ','. 0 or -1 for an unknown
 * name. */
static int parse_flags(fin_field_view v, unsigned *flags)
{
	size_t i = 0;
	while (i < v.n) {
		size_t j = i;
		while (j < v.n && v.p[j] != ',')
			j++;
		size_t a = i, b = j;
		while (a < b && v.p[a] == ' ')
			a++;
		while (b > a && v.p[b - 1] == ' ')
			b--;
		if (fin_eq_ci(v.p + a, b - a, "object"))
			*flags |= LK_CF_OBJECT;
		else if (fin_eq_ci(v.p + a, b - a, "weak"))
			*flags |= LK_CF_WEAK;
		else if (b > a)
			return -1;
		i = j + 1;
	}
	return 0;
}

/* Load one kind-cues table. A malformed line is FIN_EPARSE with its line
 * number in err (path names the table). */
static int load_cues(fin_linker *l, const char *text, size_t len, const char *path, fin_error *err)
{
	size_t pos = 0;
	long lineno = 0;
	fin_field_view f[4];
	size_t nf;
	while ((nf = fin_tsv_next(text, len, &pos, &lineno, f, 4)) > 0) {
		if (nf < 2)
			return fin_error_set(err, FIN_EPARSE, path, lineno, "expected CUE<TAB>KIND");
		int kind = kind_from_name(f[1].p, f[1].n);
		if (kind == K_NONE)
			return fin_error_set(err, FIN_EPARSE, path, lineno, "unknown kind '%.*s'",
					     (int)f[1].n, f[1].p);
		int penalty = 0;
		if (nf >= 3 && f[2].n) {
			if (f[2].n != 1 || !fin_is_digit((unsigned char)f[2].p[0]))
				return fin_error_set(err, FIN_EPARSE, path, lineno, "penalty must be 0..9");
			penalty = f[2].p[0] - '0';
		}
		unsigned flags = 0;
		if (nf >= 4 && parse_flags(f[3], &flags))
			return fin_error_set(err, FIN_EPARSE, path, lineno, "unknown flag in '%.*s'",
					     (int)f[3].n, f[3].p);
		char buf[128];
		size_t nwords;
		bool unit = f[0].n > 5 && memcmp(f[0].p, "unit:", 5) == 0;
		const char *cp = unit ? f[0].p + 5 : f[0].p;
		size_t cn = unit ? f[0].n - 5 : f[0].n;
		size_t n = norm_phrase(cp, cn, buf, sizeof buf, &nwords);
		if (!n)
			return fin_error_set(err, FIN_EPARSE, path, lineno, "empty or too long cue");
		int rc;
		if (unit) {
			/* Unit names are written as money.c spells them ("square foot"). */
			rc = add_unit(l, buf, n, kind, penalty, flags);
		} else {
			rc = add_cue(l, buf, n, nwords, kind, penalty, flags);
		}
		if (rc)
			return fin_error_set(err, rc, path, lineno, "out of memory");
	}
	return FIN_OK;
}

/* Once every table is loaded: enter the literal words and every word of
 * every cue in the word table, then record their ids and make the dense
 * copy of the words' fields (l->info). 0 or FIN_ENOMEM. */
static int finish_tables(fin_linker *l)
{
	char buf[128]; /* norm_phrase keeps a phrase under 128 bytes */
	lk_word *w;
	for (size_t i = 0; i < LIT_COUNT; i++) {
		int rc = word_get(l, lit_words[i], strlen(lit_words[i]), &w);
		if (rc)
			return rc;
	}
	for (size_t c = 0; c < l->n_cues; c++) {
		/* A copy: word_get may move the pool the phrase lives in. */
		size_t len = l->cues[c].len;
		memcpy(buf, l->pool + l->cues[c].off, len);
		for (size_t pos = 0; pos < len;) {
			const char *sp = memchr(buf + pos, ' ', len - pos);
			size_t wn = sp ? (size_t)(sp - (buf + pos)) : len - pos;
			if (wn <= LK_WORD_MAX) {
				int rc = word_get(l, buf + pos, wn, &w);
				if (rc)
					return rc;
			}
			pos += wn + 1;
		}
	}
	/* info[0] stands for "not a word of the table" (no class, no cue);
	 * word id k is info[k + 1]. */
	l->info = fin_malloc((l->n + 1) * sizeof *l->info);
	if (!l->info)
		return FIN_ENOMEM;
	l->info[0].cls = 0;
	l->info[0].role_after = 0;
	l->info[0].cue = -1;
	for (size_t i = 0; i < l->cap; i++) {
		const lk_word *e = &l->tab[i];
		if (!e->used)
			continue;
		lk_info *in = &l->info[e->id + 1];
		in->cls = e->cls;
		in->role_after = e->role_after;
		in->cue = e->cue;
	}
	for (size_t i = 0; i < l->cap; i++) {
		const lk_word *e = &l->tab[i];
		if (!e->used || !e->len)
			continue;
		const char *p = l->pool + e->off;
		if (e->cue >= 0) {
			uint32_t bit = fin_word_bloom_bit(p, e->len);
			l->cue_bloom[bit >> 6] |= (uint64_t)1 << (bit & 63);
		}
		if ((e->cls & LW_BARRIER) && e->len <= LK_WORD_MAX)
			l->barrier_first[e->len] |= 1u << first_letter(p);
	}
	for (size_t i = 0; i < LIT_COUNT; i++)
		l->lit[i] = word_find(l, lit_words[i], strlen(lit_words[i]))->id;
	for (size_t c = 0; c < l->n_cues; c++) {
		lk_cue *q = &l->cues[c];
		const char *p = l->pool + q->off;
		size_t k = 0;
		q->by_text = 0;
		for (size_t pos = 0; pos < q->len && k < LK_PHRASE_MAX; k++) {
			const char *sp = memchr(p + pos, ' ', q->len - pos);
			size_t wn = sp ? (size_t)(sp - (p + pos)) : q->len - pos;
			const lk_word *e = word_find(l, p + pos, wn);
			if (e)
				q->wid[k] = e->id;
			else
				q->by_text = 1;
			pos += wn + 1;
		}
	}
	return FIN_OK;
}

/* Build the word table and load kind-cues.tsv (built in, then data_dir's
 * copy when there is one). On failure *out stays NULL and err says why. */
int fin_linker_new(fin_linker **out, const char *data_dir, fin_error *err)
{
	*out = NULL;
	fin_linker *l = fin_calloc(1, sizeof *l);
	if (!l)
		return fin_error_set(err, FIN_ENOMEM, "", 0, "out of memory");
	int rc = add_classes(l);
	if (rc)
		fin_error_set(err, rc, "", 0, "out of memory");
	size_t len = 0;
	const char *text = rc ? NULL : fin_data_builtin("kind-cues.tsv", &len);
	if (!rc && !text)
		rc = fin_error_set(err, FIN_ENOTFOUND, "kind-cues.tsv", 0, "no built-in kind-cues.tsv");
	if (!rc)
		rc = load_cues(l, text, len, "kind-cues.tsv", err);
	if (!rc && data_dir) {
		char path[4096];
		int w = snprintf(path, sizeof path, "%s/kind-cues.tsv", data_dir);
		if (w < 0 || (size_t)w >= sizeof path) {
			rc = fin_error_set(err, FIN_EINVAL, data_dir, 0, "data directory path too long");
		} else {
			char *buf;
			fin_error tmp;
			rc = fin_read_file(path, 16u << 20, &buf, &len, &tmp);
			if (rc == FIN_ENOTFOUND) {
				rc = FIN_OK;
			} else if (rc) {
				if (err)
					*err = tmp;
			} else {
				rc = load_cues(l, buf, len, path, err);
				fin_free(buf);
			}
		}
	}
	if (!rc) {
		rc = finish_tables(l);
		if (rc)
			fin_error_set(err, rc, "", 0, "out of memory");
	}
	if (rc) {
		fin_linker_free(l);
		return rc;
	}
	*out = l;
	return FIN_OK;
}

/* Free a linker (NULL is fine). */
void fin_linker_free(fin_linker *l)
{
	if (!l)
		return;
	fin_free(l->tab);
	fin_free(l->info);
	fin_free(l->cues);
	fin_free(l->units);
	fin_free(l->pool);
	fin_free(l);
}

/* ---------------------------------------------------------------------- */
/* Per-article state                                                      */
/* ---------------------------------------------------------------------- */

/* One field (title or body) and the mentions in it, sorted by offset. */
typedef struct lk_field {
	const char *text;
	size_t len;       /* bytes of text */
	const fin_tokens *toks;
	uint32_t *co;     /* indices into r->companies */
	uint32_t *co_tok; /* first token of each */
	uint32_t *co_end; /* token after the last of each */
	uint8_t *co_src;  /* 0 not yet known, 1 a possible party, 2 a source */
	size_t n_co;
	uint32_t *da;     /* indices into r->dates */
	uint32_t *da_tok; /* first token of each */
	size_t n_da;
	uint32_t *mo;     /* indices into r->money */
	uint32_t *mo_t0;  /* first token of each (tok_at of its start) */
	uint32_t *mo_t1;  /* tok_at of its end */
	size_t n_mo;
	/* Per token, filled on first use: 0 not looked up yet, 1 not in the
	 * word table (or not a word), else its word id + 2. Every window of
	 * every amount reads it, so a word is hashed once per article. */
	uint32_t *wid;
	/* Per token, filled on first use: TC_* bits (0: not computed yet),
	 * so that the walks of clause_of and find_cue, which pass over the
	 * same tokens for every amount of a sentence, test one byte. */
	uint8_t *tcl;
	/* Per cue token, filled on first use: 1 + where its list of matching
	 * cues starts in the context's lk_cms (0: not computed yet). A table
	 * puts a dozen amounts around the same words; their cues are matched
	 * once. */
	uint32_t *cm_at;
	int fi; /* FIN_FIELD_TITLE or FIN_FIELD_BODY */
} lk_field;

/* A cue that matches at a token, with no limit on where it may end. */
typedef struct lk_cm {
	int32_t q;  /* the cue; -1 ends a token's list */
	uint32_t e; /* the token after its last word */
} lk_cm;

/* The lists of lk_field.cm_at, one after the other (arena storage). */
typedef struct lk_cms {
	lk_cm *v;
	size_t n, cap;
} lk_cms;

#define TC_DONE 0x01u     /* BARRIER, OPEN and CLOSE are known */
#define TC_BARRIER 0x02u  /* barrier(): ends a clause */
#define TC_OPEN 0x04u     /* '(' */
#define TC_CLOSE 0x08u    /* ')' */
#define TC_CUE_DONE 0x10u /* CUE is known */
#define TC_CUE 0x20u      /* a cue may start here: cues_at has work */

typedef struct lk_ctx {
	const fin_linker *l;
	fin_arena *arena;
	fin_result *r;
	lk_field f[2];
	const char *topic;       /* the article's company, or NULL */
	const char *title_first; /* first company of the title, or NULL */
	uint32_t lead_end;       /* byte offset where the body's lead ends */
	uint8_t *kinds;          /* K_* of each amount */
	uint32_t *mo_pos;        /* per amount: its place in its field's mo[] */
	lk_cms *cms;             /* the cue match lists of both fields */
} lk_ctx;

/* A cue found near an amount. */
typedef struct lk_match {
	uint32_t t0, t1; /* token span */
	int score;
	uint8_t kind;
	uint8_t penalty;
	uint8_t nwords;
	uint8_t left;    /* before the amount */
	uint8_t flags;   /* LK_CF_* */
} lk_match;

/* What one amount's linking works with. */
typedef struct lk_amount {
	int fi;            /* field index */
	size_t i;          /* index in r->money */
	size_t t0, t1;     /* the amount's tokens */
	size_t s0, s1;     /* its sentence's tokens */
	size_t c0, c1;     /* its clause's tokens */
	size_t k0, k1;     /* company mentions of the sentence: f->co[k0..k1) */
	lk_match cue;      /* the winning cue (kind K_NONE when none) */
	bool has_cue;
} lk_amount;

/* Token i of field f. */
static const fin_token *tk(const lk_field *f, size_t i) { return &f->toks->v[i]; }

/* tk_id() of a token not looked up yet: the lookup, cached. */
#if defined(__GNUC__)
__attribute__((noinline)) /* the slow path of the inline tk_id() */
#endif
static uint32_t tk_id_lookup(const lk_ctx *c, const lk_field *f, size_t i)
{
	uint32_t v;
	const fin_token *t = tk(f, i);
	const lk_word *w = NULL;
	if (t->kind == FIN_TOK_WORD) {
		size_t n = t->end - t->start;
		if (n <= 8 && t->start + 8 <= f->len)
			w = word_find_short(c->l, f->text + t->start, n);
		else
			w = word_find(c->l, f->text + t->start, n);
	}
	v = w ? w->id + 2 : 1;
	f->wid[i] = v;
	return v;
}

/* Token i's word id + 2, or 1 (not a word, or unknown): looked up once
 * per article and cached in f->wid. Inline: most calls find the cache
 * filled, one load. */
static inline uint32_t tk_id(const lk_ctx *c, const lk_field *f, size_t i)
{
	uint32_t v = f->wid[i];
	return v ? v : tk_id_lookup(c, f, i);
}

/* The word entry of token i: info[0] (no class, no cue) when it is not a
 * word of the table. */
static const lk_info *tk_word(const lk_ctx *c, const lk_field *f, size_t i)
{
	return &c->l->info[tk_id(c, f, i) - 1];
}

/* The LW_* classes of token i (0 for punctuation and unknown words). */
static unsigned tk_cls(const lk_ctx *c, const lk_field *f, size_t i)
{
	return tk_word(c, f, i)->cls;
}

/* true when token i is the one-byte punctuation ch. */
static bool tk_is(const lk_field *f, size_t i, char ch)
{
	const fin_token *t = tk(f, i);
	return t->kind == FIN_TOK_PUNCT && t->end - t->start == 1 && f->text[t->start] == ch;
}

/* true for an apostrophe token (' or U+2019). */
static bool tk_apos(const lk_field *f, size_t i)
{
	const fin_token *t = tk(f, i);
	if (t->kind != FIN_TOK_PUNCT)
		return false;
	const unsigned char *p = (const unsigned char *)f->text + t->start;
	size_t n = t->end - t->start;
	return (n == 1 && p[0] == '\'') || (n == 3 && p[0] == 0xE2 && p[1] == 0x80 && p[2] == 0x99);
}

/* true for a dash that separates clauses: a spaced '-', or an en/em dash. */
static bool tk_dash(const lk_field *f, size_t i)
{
	const fin_token *t = tk(f, i);
	if (t->kind != FIN_TOK_PUNCT)
		return false;
	const unsigned char *p = (const unsigned char *)f->text + t->start;
	size_t n = t->end - t->start;
	if (n == 1 && p[0] == '-')
		return (t->flags & FIN_TF_SPACE_BEFORE) && i + 1 < f->toks->n &&
		       (tk(f, i + 1)->flags & FIN_TF_SPACE_BEFORE);
	return n == 3 && p[0] == 0xE2 && p[1] == 0x80 && (p[2] == 0x93 || p[2] == 0x94);
}

/* First token whose start is >= off (toks->n when none). A binary search
 * whose steps are selects, not branches: its comparisons are coin tosses
 * a branch predictor loses half of. */
static size_t tok_at(const fin_tokens *toks, uint32_t off)
{
	size_t n = toks->n;
	if (n == 0)
		return 0;
	const fin_token *base = toks->v;
	/* The answer lies in [base, base + n]. */
	while (n > 1) {
		size_t half = n / 2;
		base = base[half].start < off ? base + half : base;
		n -= half;
	}
	return (size_t)(base - toks->v) + (base->start < off);
}

/* tok_at(toks, off) when token t starts before off or is the answer (the
 * mention's own first token for its end): a mention spans a few tokens,
 * so a step at a time from t. */
static size_t tok_after(const fin_tokens *toks, uint32_t off, size_t t)
{
	while (t < toks->n && toks->v[t].start < off)
		t++;
	return t;
}

/* Order ix[0..n) by starts[] (parallel, reordered with it): a stable
 * insertion sort, linear when the mentions are already in text order, as
 * every scanner appends them. */
static void sort_by_start(uint32_t *ix, size_t n, uint32_t *starts)
{
	for (size_t i = 1; i < n; i++) {
		uint32_t v = ix[i];
		uint32_t s = starts[i];
		size_t j = i;
		while (j > 0 && starts[j - 1] > s) {
			ix[j] = ix[j - 1];
			starts[j] = starts[j - 1];
			j--;
		}
		ix[j] = v;
		starts[j] = s;
	}
}

/* Build the per-field indices of companies, dates and amounts. */
static int build_field(lk_ctx *c, int fi)
{
	lk_field *f = &c->f[fi];
	const fin_result *r = c->r;
	size_t nc = 0, nd = 0, nm = 0;
	for (size_t i = 0; i < r->n_companies; i++)
		nc += r->companies[i].field == (fin_field)fi;
	for (size_t i = 0; i < r->n_dates; i++)
		nd += r->dates[i].field == (fin_field)fi;
	for (size_t i = 0; i < r->n_money; i++)
		nm += r->money[i].field == (fin_field)fi;
	size_t most = nc > nd ? nc : nd;
	most = most > nm ? most : nm;
	/* One block for the mention arrays (32-bit words; co_src's bytes at
	 * the end) and one zeroed block for the per-token caches. Every list
	 * has one spare element: the loops below store each mention and only
	 * then decide (without a branch) whether to keep it. */
	size_t nt = f->toks->n + 1;
	size_t words = (most + 1) + 3 * (nc + 1) + 2 * (nd + 1) + 3 * (nm + 1);
	uint32_t *m32 = fin_arena_alloc(c->arena, words * sizeof *m32 + (nc + 1));
	uint8_t *tc = fin_arena_calloc(c->arena, nt, 2 * sizeof(uint32_t) + 1);
	if (!m32 || !tc)
		return FIN_ENOMEM;
	uint32_t *starts = m32;
	f->co = starts + most + 1;
	f->co_tok = f->co + nc + 1;
	f->co_end = f->co_tok + nc + 1;
	f->da = f->co_end + nc + 1;
	f->da_tok = f->da + nd + 1;
	f->mo = f->da_tok + nd + 1;
	f->mo_t0 = f->mo + nm + 1;
	f->mo_t1 = f->mo_t0 + nm + 1;
	f->co_src = (uint8_t *)(f->mo_t1 + nm + 1);
	memset(f->co_src, 0, nc + 1);
	f->wid = (uint32_t *)(void *)tc;
	f->cm_at = (uint32_t *)(void *)(tc + nt * sizeof(uint32_t));
	f->tcl = tc + 2 * nt * sizeof(uint32_t);
	f->fi = fi;
	f->n_co = f->n_da = f->n_mo = 0;
	for (size_t i = 0; i < r->n_companies; i++) {
		starts[f->n_co] = r->companies[i].start;
		f->co[f->n_co] = (uint32_t)i;
		f->n_co += r->companies[i].field == (fin_field)fi;
	}
	sort_by_start(f->co, f->n_co, starts);
	for (size_t k = 0; k < f->n_co; k++) {
		const fin_company *co = &r->companies[f->co[k]];
		f->co_tok[k] = (uint32_t)tok_at(f->toks, co->start);
		f->co_end[k] = (uint32_t)tok_after(f->toks, co->end, f->co_tok[k]);
	}
	for (size_t i = 0; i < r->n_dates; i++) {
		starts[f->n_da] = r->dates[i].start;
		f->da[f->n_da] = (uint32_t)i;
		f->n_da += r->dates[i].field == (fin_field)fi;
	}
	sort_by_start(f->da, f->n_da, starts);
	for (size_t k = 0; k < f->n_da; k++)
		f->da_tok[k] = (uint32_t)tok_at(f->toks, r->dates[f->da[k]].start);
	for (size_t i = 0; i < r->n_money; i++) {
		starts[f->n_mo] = r->money[i].start;
		f->mo[f->n_mo] = (uint32_t)i;
		f->n_mo += r->money[i].field == (fin_field)fi;
	}
	sort_by_start(f->mo, f->n_mo, starts);
	for (size_t k = 0; k < f->n_mo; k++) {
		const fin_money *m = &r->money[f->mo[k]];
		f->mo_t0[k] = (uint32_t)tok_at(f->toks, m->start);
		f->mo_t1[k] = (uint32_t)tok_after(f->toks, m->end, f->mo_t0[k]);
		c->mo_pos[f->mo[k]] = (uint32_t)k;
	}
	return FIN_OK;
}

/* ---------------------------------------------------------------------- */
/* Sentences, clauses and the words around an amount                       */
/* ---------------------------------------------------------------------- */

/* Case-insensitive equality of token i with the pool word p[0..n). */
static bool tk_eq(const lk_field *f, size_t i, const char *p, size_t n)
{
	const fin_token *t = tk(f, i);
	if (t->kind != FIN_TOK_WORD || t->end - t->start != n)
		return false;
	const char *s = f->text + t->start;
	for (size_t k = 0; k < n; k++)
		if (fin_to_lower((unsigned char)s[k]) != (unsigned char)p[k])
			return false;
	return true;
}

/* true when token i is the literal word lit (LIT_*), in any case. */
static bool tk_word_is(const lk_ctx *c, const lk_field *f, size_t i, int lit)
{
	return tk_id(c, f, i) == c->l->lit[lit] + 2;
}

/* The tokens [*s0, *s1) of the sentence around tokens [t0, t1), at most
 * LK_SENT_MAX tokens each way. */
static void sentence_of(const lk_field *f, size_t t0, size_t t1, size_t *s0, size_t *s1)
{
	size_t a = t0, lim = t0 > LK_SENT_MAX ? t0 - LK_SENT_MAX : 0;
	while (a > lim && !(tk(f, a)->flags & FIN_TF_SENT_START))
		a--;
	size_t n = f->toks->n;
	size_t b = t1, lim2 = n - t1 > LK_SENT_MAX ? t1 + LK_SENT_MAX : n;
	while (b < lim2 && !(tk(f, b)->flags & FIN_TF_SENT_START))
		b++;
	*s0 = a;
	*s1 = b;
}

/* true when token i ends a clause: ';', ':', a dash between spaces, or a
 * word such as "but", "while", "rejecting". */
static bool barrier(const lk_ctx *c, const lk_field *f, size_t i)
{
	if (tk_is(f, i, ';') || tk_dash(f, i))
		return true;
	/* A colon ends a clause, not one that introduces an amount ("$9.37bn:
	 * £4.8bn"). */
	if (tk_is(f, i, ':'))
		return !(i + 1 < f->toks->n &&
			 (tk(f, i + 1)->kind == FIN_TOK_NUM || tk(f, i + 1)->kind == FIN_TOK_SYM));
	/* Only a word of the length and first letter of a barrier word is
	 * looked up. */
	const fin_token *t = tk(f, i);
	size_t n = t->end - t->start;
	if (t->kind != FIN_TOK_WORD || n > LK_WORD_MAX ||
	    !((c->l->barrier_first[n] >> first_letter(f->text + t->start)) & 1u))
		return false;
	return (tk_cls(c, f, i) & LW_BARRIER) != 0;
}

static bool in_name_run(const lk_field *f, int fi, size_t j);

/* tk_class() of a token not classed yet: its bits, cached. */
#if defined(__GNUC__)
__attribute__((noinline)) /* the slow path of the inline tk_class() */
#endif
static unsigned tk_class_compute(const lk_ctx *c, const lk_field *f, size_t i)
{
	unsigned v = f->tcl[i] | TC_DONE;
	if (tk_is(f, i, '('))
		v |= TC_OPEN;
	else if (tk_is(f, i, ')'))
		v |= TC_CLOSE;
	else if (barrier(c, f, i))
		v |= TC_BARRIER;
	f->tcl[i] = (uint8_t)v;
	return v;
}

/* The TC_BARRIER, TC_OPEN and TC_CLOSE bits of token i (computed on first
 * use, then cached; inline: most calls find them). */
static inline unsigned tk_class(const lk_ctx *c, const lk_field *f, size_t i)
{
	unsigned v = f->tcl[i];
	return (v & TC_DONE) ? v : tk_class_compute(c, f, i);
}

/* Compute the TC_CUE bit of every token of [a, b) that lacks it: a cue may
 * start there (a word that begins some cue, outside a run of capitalised
 * words). One sweep over a window before its tokens are read: whether a
 * token is done yet comes in runs there, where single calls met it at
 * random. Most tokens are told by cue_bloom without a lookup. */
static void cue_sweep(const lk_ctx *c, const lk_field *f, size_t a, size_t b)
{
	for (size_t i = a; i < b; i++) {
		unsigned v = f->tcl[i];
		if (v & TC_CUE_DONE)
			continue;
		v |= TC_CUE_DONE;
		const fin_token *t = tk(f, i);
		uint32_t bit = fin_word_bloom_bit(f->text + t->start, t->end - t->start);
		unsigned may = (unsigned)(c->l->cue_bloom[bit >> 6] >> (bit & 63)) &
			       (unsigned)(t->kind == FIN_TOK_WORD);
		if ((may & 1u) && tk_word(c, f, i)->cue >= 0 && !in_name_run(f, f->fi, i))
			v |= TC_CUE;
		f->tcl[i] = (uint8_t)v;
	}
}

/* When token i is a dash between spaces whose partner, the next such dash
 * towards lim (back when back), stands within LK_ASIDE_TOKS tokens with
 * no other barrier between: the partner's token; else SIZE_MAX. */
static size_t dash_pair(const lk_ctx *c, const lk_field *f, size_t i, size_t lim, bool back)
{
	if (!tk_dash(f, i))
		return SIZE_MAX;
	for (size_t d = 1; d <= LK_ASIDE_TOKS; d++) {
		if (back ? i < lim + d : i + d >= lim)
			break;
		size_t q = back ? i - d : i + d;
		if (tk_dash(f, q))
			return q;
		if (tk_class(c, f, q) & TC_BARRIER)
			break;
	}
	return SIZE_MAX;
}

/* The clause [c0, c1) of the amount inside its sentence: the nearest
 * barriers outside brackets (and dashed asides) on either side. */
static void clause_of(const lk_ctx *c, lk_amount *am)
{
	const lk_field *f = &c->f[am->fi];
	am->c0 = am->s0;
	int depth = 0;
	for (size_t j = am->t0; j > am->s0; j--) {
		size_t i = j - 1;
		unsigned k = tk_class(c, f, i);
		if (k & TC_CLOSE) {
			depth++;
		} else if (k & TC_OPEN) {
			if (depth > 0)
				depth--;
		} else if (depth == 0 && (k & TC_BARRIER)) {
			/* "sell 5 million shares - a third of the firm - for
			 * 11-14 euros a share": two dashes close together set off
			 * an aside, like brackets */
			size_t o = dash_pair(c, f, i, am->s0, true);
			if (o != SIZE_MAX) {
				j = o + 1;
				continue;
			}
			/* "Sibneft started to pay dividends - $53m in 2000 and
			 * almost $1bn in 2001 - and closed ...": the amount is
			 * the aside; its clause is the one around it */
			o = dash_pair(c, f, i, am->s1, false);
			if (o != SIZE_MAX && o >= am->t1)
				continue;
			am->c0 = j;
			break;
		}
	}
	am->c1 = am->s1;
	depth = 0;
	for (size_t i = am->t1; i < am->s1; i++) {
		unsigned k = tk_class(c, f, i);
		if (k & TC_OPEN) {
			depth++;
		} else if (k & TC_CLOSE) {
			if (depth > 0)
				depth--;
		} else if (depth == 0 && (k & TC_BARRIER)) {
			size_t o = dash_pair(c, f, i, am->s1, false);
			if (o != SIZE_MAX) {
				i = o;
				continue;
			}
			o = dash_pair(c, f, i, am->s0, true);
			if (o != SIZE_MAX && o < am->t0)
				continue;
			am->c1 = i;
			break;
		}
	}
}

/* Token spans of the amounts near amount am (its own excluded), so that
 * the words of "$38bn (£29bn)" are not counted as distance. */
static size_t near_spans(const lk_ctx *c, const lk_amount *am, size_t *lo, size_t *hi)
{
	const lk_field *f = &c->f[am->fi];
	/* Position of am among the field's amounts (build_field kept it: a
	 * search per amount made 100,000 amounts in one sentence quadratic
	 * when it was linear). */
	size_t p = c->mo_pos[am->i];
	if (p >= f->n_mo || f->mo[p] != am->i)
		p = f->n_mo;
	size_t n = 0;
	size_t first = p > LK_SPANS_MAX / 2 ? p - LK_SPANS_MAX / 2 : 0;
	for (size_t q = first; q < f->n_mo && n < LK_SPANS_MAX; q++) {
		if (q == p)
			continue;
		size_t a = f->mo_t0[q], b = f->mo_t1[q];
		if (b <= am->s0 || a >= am->s1) {
			if (a >= am->s1)
				break;
			continue;
		}
		lo[n] = a;
		hi[n] = b;
		n++;
	}
	return n;
}

/* ---------------------------------------------------------------------- */
/* Kind                                                                   */
/* ---------------------------------------------------------------------- */

/* If cue q matches at token j (not past limit), the token after it; else 0.
 * A '-' between two words is skipped ("take-over"). */
static size_t match_cue(const lk_ctx *c, const lk_field *f, size_t j, size_t limit, const lk_cue *q)
{
	if (!q->by_text) {
		/* q is on the chain of token j's word (j < limit): its first word
		 * is token j. */
		size_t k = j + 1;
		for (size_t w = 1; w < q->nwords; w++) {
			if (k < limit && tk_is(f, k, '-'))
				k++;
			if (k >= limit || tk_id(c, f, k) != q->wid[w] + 2)
				return 0;
			k++;
		}
		return k;
	}
	/* A word too long for the table: compare the text. */
	const char *p = c->l->pool + q->off;
	size_t plen = q->len, pos = 0;
	size_t k = j;
	while (pos < plen) {
		const char *sp = memchr(p + pos, ' ', plen - pos);
		size_t wn = sp ? (size_t)(sp - (p + pos)) : plen - pos;
		if (k > j && k < limit && tk_is(f, k, '-'))
			k++;
		if (k >= limit || !tk_eq(f, k, p + pos, wn))
			return 0;
		k++;
		pos += wn + (sp ? 1 : 0);
	}
	return k;
}

/* true when body token j is a capitalised word inside a run of them, not
 * starting a sentence: part of a name the company scanner did not take
 * ("a Sberbank (Savings Bank) account"), so not a cue. */
static bool in_name_run(const lk_field *f, int fi, size_t j)
{
	const unsigned cap = FIN_TF_CAP;
	if (fi != FIN_FIELD_BODY || !(tk(f, j)->flags & cap) || (tk(f, j)->flags & FIN_TF_SENT_START) ||
	    (tk(f, j)->flags & FIN_TF_ALLCAPS))
		return false;
	bool prev = j > 0 && tk(f, j - 1)->kind == FIN_TOK_WORD && (tk(f, j - 1)->flags & cap) &&
		    !(tk(f, j - 1)->flags & FIN_TF_SENT_START);
	bool next = j + 1 < f->toks->n && tk(f, j + 1)->kind == FIN_TOK_WORD && (tk(f, j + 1)->flags & cap) &&
		    !(tk(f, j + 1)->flags & FIN_TF_SENT_START);
	return prev || next;
}

/* Append (q, e) to the match lists; false when out of memory. */
static bool cms_push(const lk_ctx *c, int32_t q, size_t e)
{
	lk_cms *m = c->cms;
	if (m->n >= m->cap && fin_arena_grow(c->arena, (void **)&m->v, &m->cap, m->n, sizeof *m->v))
		return false;
	m->v[m->n].q = q;
	m->v[m->n].e = (uint32_t)e;
	m->n++;
	return true;
}

/* The cues that match at cue token j with no limit, in the order of its
 * first word's chain, ended by q = -1; computed once per token. A match
 * limited to end by `limit` is exactly one of these with e <= limit
 * (match_cue meets the same tokens either way). NULL when out of memory:
 * the caller then matches directly. The list is valid until the next
 * call. */
static const lk_cm *cue_matches(const lk_ctx *c, const lk_field *f, size_t j)
{
	if (f->cm_at[j])
		return &c->cms->v[f->cm_at[j] - 1];
	size_t first = c->cms->n;
	const lk_info *w = tk_word(c, f, j);
	for (int32_t qi = w->cue; qi >= 0; qi = c->l->cues[qi].next) {
		size_t e = match_cue(c, f, j, f->toks->n, &c->l->cues[qi]);
		if (e && !cms_push(c, qi, e)) {
			c->cms->n = first;
			return NULL;
		}
	}
	if (!cms_push(c, -1, 0) || first >= UINT32_MAX) {
		c->cms->n = first;
		return NULL;
	}
	f->cm_at[j] = (uint32_t)first + 1;
	return &c->cms->v[first];
}

/* Record cue q matched at tokens [j, e) (see cues_at). */
static void add_match(const lk_amount *am, const lk_cue *q, size_t j, size_t e, bool left,
		      const int *dist, size_t dist_base, lk_match *v, size_t *nv)
{
	/* Distance: from the cue's end on the left, its start on the right. */
	int d = left ? dist[dist_base - (e - 1)] : dist[j - dist_base];
	lk_match *mt = &v[(*nv)++];
	mt->t0 = (uint32_t)j;
	mt->t1 = (uint32_t)e;
	mt->kind = q->kind;
	mt->penalty = q->penalty;
	mt->nwords = q->nwords;
	mt->left = left;
	mt->flags = q->flags;
	mt->score = d + q->penalty + (left ? 0 : 1);
	if (j < am->c0 || e > am->c1)
		mt->score += LK_OUT_CLAUSE;
}

/* Record every cue that starts at token j (a cue start: TC_CUE) and ends
 * by limit, in the order of its first word's chain, while fewer than
 * LK_MATCH_MAX are recorded. A cue outside the amount's clause scores
 * LK_OUT_CLAUSE more. */
static void cues_at(const lk_ctx *c, const lk_amount *am, size_t j, size_t limit, bool left,
		    const int *dist, size_t dist_base, lk_match *v, size_t *nv)
{
	const lk_field *f = &c->f[am->fi];
	const lk_cm *ms = cue_matches(c, f, j);
	if (ms) {
		for (; ms->q >= 0 && *nv < LK_MATCH_MAX; ms++)
			if (ms->e <= limit)
				add_match(am, &c->l->cues[ms->q], j, ms->e, left, dist, dist_base, v, nv);
		return;
	}
	const lk_info *w = tk_word(c, f, j);
	for (int32_t qi = w->cue; qi >= 0 && *nv < LK_MATCH_MAX; qi = c->l->cues[qi].next) {
		const lk_cue *q = &c->l->cues[qi];
		size_t e = match_cue(c, f, j, limit, q);
		if (e)
			add_match(am, q, j, e, left, dist, dist_base, v, nv);
	}
}

/* true when match a should be preferred to match b. */
static bool better(const lk_match *a, const lk_match *b)
{
	bool wa = a->flags & LK_CF_WEAK, wb = b->flags & LK_CF_WEAK;
	if (wa != wb)
		return wb;
	if (a->score != b->score)
		return a->score < b->score;
	if (a->penalty != b->penalty)
		return a->penalty < b->penalty;
	if (a->nwords != b->nwords)
		return a->nwords > b->nwords;
	return a->left && !b->left;
}

/* The index of the lowest set bit of x (x != 0), portably: x & -x has that
 * bit alone, and a de Bruijn sequence times it has a distinct top six
 * bits for each of the 64. */
static unsigned bit_index(uint64_t x)
{
	static const unsigned char pos[64] = {
		0,  1,  2,  53, 3,  7,  54, 27, 4,  38, 41, 8,  34, 55, 48, 28,
		62, 5,  39, 46, 44, 42, 22, 9,  24, 35, 59, 56, 49, 18, 29, 11,
		63, 52, 6,  26, 37, 40, 33, 47, 61, 45, 43, 21, 23, 58, 17, 10,
		51, 25, 36, 32, 60, 20, 57, 16, 50, 31, 19, 15, 30, 14, 13, 12,
	};
	return pos[((x & (~x + 1)) * 0x022FDD63CC95386Du) >> 58];
}

/* Find the winning cue of amount am (see kind-cues.tsv for the rule). */
static void find_cue(const lk_ctx *c, lk_amount *am)
{
	const lk_field *f = &c->f[am->fi];
	const fin_money *m = &c->r->money[am->i];
	size_t slo[LK_SPANS_MAX], shi[LK_SPANS_MAX];
	size_t ns = near_spans(c, am, slo, shi);
	lk_match v[LK_MATCH_MAX];
	size_t nv = 0;
	int dl[LK_CUE_TOKS + 1], dr[LK_CUE_TOKS + 1];
	size_t lo = am->t0 - am->s0 > LK_CUE_TOKS ? am->t0 - LK_CUE_TOKS : am->s0;
	size_t hi = am->s1 - am->t1 > LK_CUE_TOKS ? am->t1 + LK_CUE_TOKS : am->s1;

	/* The tokens of the neighbouring amounts in each window, marked once:
	 * skl[t0-1-i] for token i on the left, skr[j-t1] for token j on the
	 * right. */
	bool skl[LK_CUE_TOKS], skr[LK_CUE_TOKS];
	memset(skl, 0, sizeof skl); /* whole: a fixed size is a few stores */
	memset(skr, 0, sizeof skr);
	for (size_t k = 0; k < ns; k++) {
		for (size_t i = slo[k] > lo ? slo[k] : lo; i < shi[k] && i < am->t0; i++)
			skl[am->t0 - 1 - i] = true;
		for (size_t j = slo[k] > am->t1 ? slo[k] : am->t1; j < shi[k] && j < hi; j++)
			skr[j - am->t1] = true;
	}

	cue_sweep(c, f, lo, am->t0);
	cue_sweep(c, f, am->t1, hi);

	/* Left: dl[t0-1-j] = words in [j, t0) for the tokens of the window
	 * (up to LK_CUE_WORDS words). Bit i - lo of starts marks a cue start
	 * there; they are visited in text order afterwards, so that each
	 * token costs no branch of its own. */
	int words = 0;
	uint64_t starts = 0;
	for (size_t j = am->t0; j > lo; j--) {
		size_t i = j - 1;
		unsigned kind = tk(f, i)->kind;
		unsigned here = !skl[am->t0 - 1 - i];
		words += (int)(here & ((unsigned)(kind == FIN_TOK_WORD) | (unsigned)(kind == FIN_TOK_NUM)));
		if (words > LK_CUE_WORDS)
			break;
		dl[am->t0 - 1 - i] = words;
		starts |= (uint64_t)(here & (unsigned)((f->tcl[i] & TC_CUE) != 0)) << (i - lo);
	}
	for (; starts; starts &= starts - 1)
		cues_at(c, am, lo + bit_index(starts), am->t0, true, dl, am->t0 - 1, v, &nv);

	/* Right: dr[j-t1] = words in [t1, j]; bit j - t1 of starts as above. */
	words = 0;
	size_t jhi = am->t1;
	for (size_t j = am->t1; j < hi; j++) {
		unsigned kind = tk(f, j)->kind;
		unsigned here = !skr[j - am->t1];
		words += (int)(here & ((unsigned)(kind == FIN_TOK_WORD) | (unsigned)(kind == FIN_TOK_NUM)));
		if (words > LK_CUE_WORDS)
			break;
		dr[j - am->t1] = words;
		jhi = j + 1;
		starts |= (uint64_t)(here & (unsigned)((f->tcl[j] & TC_CUE) != 0)) << (j - am->t1);
	}
	for (; starts; starts &= starts - 1)
		cues_at(c, am, am->t1 + bit_index(starts), jhi, false, dr, am->t1, v, &nv);

	/* A cue inside a longer matched phrase does not count, nor one inside
	 * a company's name ("Harbor Savings Bank", "Capital Holdings"). (Whole
	 * loops with the tests combined by '&': early exits were branches no
	 * predictor gets right.) */
	bool keep[LK_MATCH_MAX];
	for (size_t a = 0; a < nv; a++) {
		unsigned out = 0;
		/* a cue after the amount that is nearer to the next amount is
		 * that one's ("for about 9,500,000 dlrs, resulting in a gain of
		 * about six mln dlrs") */
		if (!v[a].left)
			for (size_t k = 0; k < ns; k++)
				out |= (unsigned)(slo[k] >= v[a].t1) &
				       (unsigned)(slo[k] - v[a].t1 < v[a].t0 - am->t1);
		for (size_t k = am->k0; k < am->k1; k++)
			out |= (unsigned)(f->co_tok[k] < v[a].t1) & (unsigned)(f->co_end[k] > v[a].t0);
		for (size_t b = 0; b < nv; b++)
			out |= (unsigned)(b != a) & (unsigned)(v[b].t0 <= v[a].t0) &
			       (unsigned)(v[b].t1 >= v[a].t1) &
			       (unsigned)(v[b].t1 - v[b].t0 > v[a].t1 - v[a].t0);
		keep[a] = !out;
	}
	am->has_cue = false;
	bool buying = false;
	for (size_t a = 0; a < nv; a++) {
		if (!keep[a] || v[a].kind == K_IGNORE)
			continue;
		buying |= v[a].kind == K_ACQUISITION && !(v[a].flags & LK_CF_WEAK);
		if (!am->has_cue || better(&v[a], &am->cue)) {
			am->cue = v[a];
			am->has_cue = true;
		}
	}
	/* "agreed to acquire X for $N in a transaction": a deal word next to
	 * a buying verb is that acquisition. */
	if (am->has_cue && am->cue.kind == K_DEAL && buying)
		am->cue.kind = K_ACQUISITION;
	/* The per-unit: "18 dlrs a barrel" is a price unless a cue says more. */
	if (m->unit) {
		const fin_linker *l = c->l;
		for (size_t u = 0; u < l->n_units; u++) {
			if (strcmp(l->pool + l->units[u].off, m->unit) != 0)
				continue;
			lk_match um;
			memset(&um, 0, sizeof um);
			um.kind = l->units[u].kind;
			um.penalty = l->units[u].penalty;
			um.flags = l->units[u].flags;
			um.score = um.penalty;
			um.left = 1;
			if (!am->has_cue || better(&um, &am->cue)) {
				am->cue = um;
				am->has_cue = true;
			}
			break;
		}
	}
}

/* ---------------------------------------------------------------------- */
/* Companies                                                              */
/* ---------------------------------------------------------------------- */

/* First company mention of f whose first token is >= t. */
static size_t co_lower(const lk_field *f, size_t t)
{
	size_t n = f->n_co;
	if (n == 0)
		return 0;
	/* As tok_at: steps by selects. The answer lies in [base, base + n]. */
	const uint32_t *base = f->co_tok;
	while (n > 1) {
		size_t half = n / 2;
		base = base[half] < t ? base + half : base;
		n -= half;
	}
	return (size_t)(base - f->co_tok) + (*base < t);
}

/* The company mention behind the field's k-th (sorted) mention. */
static const fin_company *co_of(const lk_ctx *c, const lk_field *f, size_t k)
{
	return &c->r->companies[f->co[k]];
}

/* Roles of a mention (cached in co_src). */
#define LK_ROLE_PARTY 1    /* may be a party */
#define LK_ROLE_SOURCE 2   /* a source: never a party */
#define LK_ROLE_MODIFIER 3 /* names the owner of something else ("X unit") */

/* The token after mention k, past a ticker or acronym in brackets ("Siemens
 * AG <SIEG.F> subsidiary", "Korea First Bank (KFB) said"). */
static size_t after_mention(const lk_field *f, size_t b)
{
	size_t n = f->toks->n;
	if (b < n && (tk_is(f, b, '>') || tk_is(f, b, ')')))
		b++;
	if (b < n && (tk_is(f, b, '<') || tk_is(f, b, '('))) {
		char close = tk_is(f, b, '<') ? '>' : ')';
		for (size_t q = b + 1; q < n && q - b <= 8; q++)
			if (tk_is(f, q, close))
				return q + 1;
	}
	return b;
}

/* true when the mention at token a, followed by the unit noun at token u,
 * names that unit: "its" stands at most three words before it (hyphens
 * aside), or "the" right before it, and no name follows the noun. "its
 * majority-owned X subsidiary", "the Yugansk unit" name X; "the Siemens
 * unit KWU" names KWU. */
static bool names_unit(const lk_ctx *c, const lk_field *f, size_t a, size_t u)
{
	if (u + 1 < f->toks->n && (tk(f, u + 1)->flags & FIN_TF_CAP) && tk(f, u + 1)->kind == FIN_TOK_WORD)
		return false;
	if (a > 0 && (tk_cls(c, f, a - 1) & LW_THE))
		return true;
	size_t words = 0;
	for (size_t q = a; q > 0 && words < 3; q--) {
		if (tk_is(f, q - 1, '-'))
			continue;
		if (tk(f, q - 1)->kind != FIN_TOK_WORD)
			return false;
		if (tk_word_is(c, f, q - 1, LIT_ITS))
			return true;
		words++;
	}
	return false;
}

/* true when name is a credit rating agency's: "Moody's Investors
 * Service" downgrades the debt of the company it names, it owes none. */
static bool rater_name(const char *name)
{
	static const char *const raters[] = {"Moody's", "Standard and Poor's", "Standard & Poor's",
					     "Fitch", "Duff and Phelps", "Duff & Phelps", NULL};
	for (size_t i = 0; raters[i]; i++) {
		size_t n = strlen(raters[i]);
		if (strncmp(name, raters[i], n) == 0 && (name[n] == '\0' || name[n] == ' '))
			return true;
	}
	return false;
}

/* true when name ends in "exchange" or "bourse" (any case). */
static bool exchange_name(const char *name)
{
	size_t n = strlen(name);
	return (n >= 8 && fin_eq_ci(name + n - 8, 8, "exchange")) || (n >= 6 && fin_eq_ci(name + n - 6, 6, "bourse"));
}

/* The role of company mention k: a source ("according to X", "told X",
 * "analyst at X", "X analyst", "X spokesman", an organisation that is not
 * a company in ", X said"), a modifier ("X owner", "X unit": X names the
 * owner of something else) or a possible party. Cached. */
static int role_of(const lk_ctx *c, lk_field *f, size_t k)
{
	if (f->co_src[k])
		return f->co_src[k];
	int role = LK_ROLE_PARTY;
	size_t a = f->co_tok[k], b = f->co_end[k], n = f->toks->n;
	size_t p = a;
	if (p > 0 && (tk_cls(c, f, p - 1) & LW_THE))
		p--;
	if (p > 0) {
		if (tk_cls(c, f, p - 1) & LW_TOLD) {
			role = LK_ROLE_SOURCE;
		} else if (p >= 2 && tk_word_is(c, f, p - 1, LIT_TO) &&
			   tk_word_is(c, f, p - 2, LIT_ACCORDING)) {
			role = LK_ROLE_SOURCE;
		} else if (tk_word_is(c, f, p - 1, LIT_AT)) {
			for (size_t q = p - 1; q > 0 && p - q <= 4; q--)
				if (tk_cls(c, f, q - 1) & LW_ROLE) {
					role = LK_ROLE_SOURCE;
					break;
				}
		}
	}
	size_t nx = after_mention(f, b);
	if (role == LK_ROLE_PARTY && nx < n) {
		const lk_info *w = tk_word(c, f, nx);
		if (w->role_after)
			role = LK_ROLE_SOURCE;
		else if ((w->cls & LW_MODIFIER) && !((w->cls & LW_UNITN) && names_unit(c, f, a, nx)))
			role = LK_ROLE_MODIFIER;
	}
	/* a rating agency rates the debt of others */
	if (role == LK_ROLE_PARTY && rater_name(co_of(c, f, k)->name))
		role = LK_ROLE_SOURCE;
	/* "listed on the Luxembourg stock exchange", "a statement to the
	 * Shenzhen stock exchange": the place of a listing, not a party */
	if (role == LK_ROLE_PARTY && p > 0 && (tk_cls(c, f, p - 1) & LW_PREP) && exchange_name(co_of(c, f, k)->name))
		role = LK_ROLE_SOURCE;
	if (role == LK_ROLE_PARTY && co_of(c, f, k)->kind == FIN_ORG_OTHER && p > 0 && tk_is(f, p - 1, ',') &&
	    b < n && (tk_cls(c, f, b) & LW_SAY))
		role = LK_ROLE_SOURCE;
	f->co_src[k] = (uint8_t)role;
	return role;
}

/* true when mention k may be a party: its role is "party", and it is a
 * company unless other organisations are allowed. */
static bool eligible(const lk_ctx *c, lk_field *f, size_t k, bool allow_other)
{
	if (!allow_other && co_of(c, f, k)->kind != FIN_ORG_COMPANY)
		return false;
	return role_of(c, f, k) == LK_ROLE_PARTY;
}

/* The first company pronoun or "the <...> company/firm/maker" in [a, b);
 * its token in *pos. */
static bool find_anaphor(const lk_ctx *c, const lk_field *f, size_t a, size_t b, size_t *pos)
{
	for (size_t j = a; j < b; j++) {
		unsigned cls = tk_cls(c, f, j);
		if (cls & LW_PRON) {
			*pos = j;
			return true;
		}
		if (!(cls & LW_THE))
			continue;
		for (size_t q = j + 1; q < b && q - j <= LK_HEAD_TOKS; q++) {
			if (tk_is(f, q, '-'))
				continue;
			if (tk(f, q)->kind != FIN_TOK_WORD)
				break;
			/* "the firm", not "the World Bank" */
			if ((tk_cls(c, f, q) & LW_HEAD) && !(tk(f, q)->flags & FIN_TF_CAP)) {
				*pos = j;
				return true;
			}
		}
	}
	return false;
}

/* true when token b is a word in "-ing" ("dropping"). */
static bool ing_after(const lk_field *f, size_t b)
{
	if (b >= f->toks->n || tk(f, b)->kind != FIN_TOK_WORD)
		return false;
	const fin_token *t = tk(f, b);
	return t->end - t->start > 4 && memcmp(f->text + t->end - 3, "ing", 3) == 0;
}

/* The preposition within three words before mention k ("results from
 * Microsoft", "a subsidiary of Newmont", "including Russia's OAO"), or
 * SIZE_MAX. "shares in X" and "shares of X" do not count (X is what the
 * sentence is about). */
static size_t prep_before(const lk_ctx *c, const lk_field *f, size_t k)
{
	size_t a = f->co_tok[k];
	size_t words = 0;
	for (size_t q = a; q > 0 && words < 3; q--) {
		const fin_token *t = tk(f, q - 1);
		if (tk_apos(f, q - 1))
			continue;
		if (t->kind != FIN_TOK_WORD)
			return SIZE_MAX;
		words++;
		if (!(tk_cls(c, f, q - 1) & LW_PREP))
			continue;
		if (q >= 2 && (tk_word_is(c, f, q - 1, LIT_IN) || tk_word_is(c, f, q - 1, LIT_OF)) &&
		    (tk_word_is(c, f, q - 2, LIT_SHARES) || tk_word_is(c, f, q - 2, LIT_STOCK)))
			return SIZE_MAX;
		/* "..., with ThyssenKrupp dropping 1.7%": the subject of a
		 * participle clause, not an object */
		if (q == a && tk_word_is(c, f, q - 1, LIT_WITH) && ing_after(f, f->co_end[k]))
			return SIZE_MAX;
		return q - 1;
	}
	return SIZE_MAX;
}

/* true when a preposition comes just before mention k (prep_before). */
static bool after_prep(const lk_ctx *c, const lk_field *f, size_t k)
{
	return prep_before(c, f, k) != SIZE_MAX;
}

/* true when a and b name the same company: equal, or one is the other
 * followed by more words ("Benetton" and "Benetton Group"). */
static bool same_company(const char *a, const char *b)
{
	size_t na = strlen(a), nb = strlen(b);
	if (na > nb) {
		const char *t = a;
		a = b;
		b = t;
		size_t tn = na;
		na = nb;
		nb = tn;
	}
	return strncmp(a, b, na) == 0 && (nb == na || b[na] == ' ');
}

/* The sentence start (token) of token t, at most LK_SENT_MAX back. */
static size_t sent_start(const lk_field *f, size_t t)
{
	size_t lim = t > LK_SENT_MAX ? t - LK_SENT_MAX : 0;
	while (t > lim && !(tk(f, t)->flags & FIN_TF_SENT_START))
		t--;
	return t;
}

/* true when the anaphor at token pos is the head of an apposition to the
 * name at token at: "The firm, Paion, said" names the firm it speaks of. */
static bool appositive(const lk_ctx *c, const lk_field *f, size_t pos, size_t at)
{
	return at >= 2 && at > pos + 2 && at - pos <= LK_HEAD_TOKS + 2 && tk_is(f, at - 1, ',') &&
	       (tk_cls(c, f, at - 2) & LW_HEAD) && !(tk(f, at - 2)->flags & FIN_TF_CAP);
}

/* The company an earlier body sentence is about: walking back from token
 * s0, the most recent sentence that names a company; its first company
 * that is not after a preposition (else its first). When that sentence
 * has a pronoun or "the company" before the company, it is about the same
 * company as the sentences before it, which are asked in turn (a few
 * hops). Before the body's first company: the title's. For the title: the
 * article's topic. */
static const char *focus(const lk_ctx *c, int fi, size_t s0)
{
	if (fi == FIN_FIELD_TITLE)
		return c->topic;
	lk_field *f = (lk_field *)&c->f[FIN_FIELD_BODY];
	size_t k = co_lower(f, s0);
	const char *fallback = NULL;
	size_t steps = 0;
	for (int hop = 0; hop < 4; hop++) {
		while (k > 0 && steps < LK_BACK_MAX && !eligible(c, f, k - 1, false)) {
			k--;
			steps++;
		}
		if (k == 0)
			return fallback ? fallback : c->title_first;
		if (steps >= LK_BACK_MAX)
			return fallback;
		size_t a = sent_start(f, f->co_tok[k - 1]);
		size_t first = k - 1, subj = SIZE_MAX;
		for (size_t q = k; q > 0 && f->co_tok[q - 1] >= a; q--) {
			if (!eligible(c, f, q - 1, false))
				continue;
			first = q - 1;
			if (!after_prep(c, f, q - 1))
				subj = q - 1;
		}
		size_t pick = subj != SIZE_MAX ? subj : first;
		const char *name = co_of(c, f, pick)->name;
		size_t pos;
		if (!find_anaphor(c, f, a, f->co_tok[first], &pos) || appositive(c, f, pos, f->co_tok[first]))
			return name;
		/* "It bought X": the sentence is about the company before. */
		if (!fallback)
			fallback = name;
		while (k > 0 && f->co_tok[k - 1] >= a) {
			k--;
			steps++;
		}
	}
	return fallback;
}

/* The nearest company before token s0 that is not after a preposition (a
 * subject), for the topic check of sentences that name none. */
static const char *recent_subject(const lk_ctx *c, int fi, size_t s0)
{
	if (fi == FIN_FIELD_TITLE)
		return c->topic;
	lk_field *f = (lk_field *)&c->f[FIN_FIELD_BODY];
	size_t k = co_lower(f, s0);
	const char *any = NULL;
	for (size_t steps = 0; k > 0 && steps < LK_BACK_MAX; steps++) {
		k--;
		if (!eligible(c, f, k, false))
			continue;
		if (!after_prep(c, f, k))
			return co_of(c, f, k)->name;
		if (!any)
			any = co_of(c, f, k)->name;
	}
	if (k == 0 && c->title_first)
		return c->title_first;
	return any;
}

/* The object of the body sentence right before amount am's: when it
 * names two companies or more, the last one after a preposition that is
 * not its subject ("Fosters bought 18.8% of Southcorp" -> Southcorp);
 * NULL otherwise. */
static const char *object_before(const lk_ctx *c, const lk_amount *am)
{
	if (am->fi != FIN_FIELD_BODY || am->s0 == 0)
		return NULL;
	lk_field *f = (lk_field *)&c->f[FIN_FIELD_BODY];
	size_t a = sent_start(f, am->s0 - 1);
	const char *subj = NULL, *obj = NULL;
	for (size_t k = co_lower(f, a); k < f->n_co && f->co_tok[k] < am->s0; k++) {
		if (!eligible(c, f, k, false))
			continue;
		const char *name = co_of(c, f, k)->name;
		if (!subj && !after_prep(c, f, k))
			subj = name;
		else if (after_prep(c, f, k) && (!subj || !same_company(subj, name)))
			obj = name;
	}
	return subj && obj ? obj : NULL;
}

/* true when mention k is followed by a unit noun ("the Sperry unit"): a
 * part of a firm, not what "its" refers to. */
static bool unit_named(const lk_ctx *c, const lk_field *f, size_t k)
{
	size_t nx = after_mention(f, f->co_end[k]);
	return nx < f->toks->n && tk(f, nx)->kind == FIN_TOK_WORD && (tk_cls(c, f, nx) & LW_UNITN);
}

/* The first mention among [k0, k1) within tokens [t0, t1) that may be a
 * party (eligible) and does not follow a preposition: the subject of that
 * stretch of text. SIZE_MAX when there is none. */
static size_t first_subject(const lk_ctx *c, lk_field *f, size_t k0, size_t k1, size_t t0, size_t t1,
			    bool allow_other)
{
	for (size_t k = k0; k < k1 && f->co_tok[k] < t1; k++)
		if (f->co_tok[k] >= t0 && f->co_end[k] <= t1 && eligible(c, f, k, allow_other) &&
		    !after_prep(c, f, k))
			return k;
	return SIZE_MAX;
}

/* What "it", "its" or "the company" at token pos refers to: the nearest
 * company before it in the sentence that is not after a preposition, else
 * the focus of the earlier sentences. */
static const char *resolve(const lk_ctx *c, const lk_amount *am, size_t pos)
{
	lk_field *f = (lk_field *)&c->f[am->fi];
	for (size_t k = co_lower(f, pos); k > am->k0; k--)
		if (f->co_end[k - 1] <= pos && eligible(c, f, k - 1, false) && !after_prep(c, f, k - 1) &&
		    !unit_named(c, f, k - 1))
			return co_of(c, f, k - 1)->name;
	/* "The European Union has said it will deliver 3m euros": the
	 * sentence's subject, a body that is no company */
	size_t k = first_subject(c, f, am->k0, am->k1, am->s0, pos, true);
	if (k != SIZE_MAX)
		return co_of(c, f, k)->name;
	return focus(c, am->fi, am->s0);
}

/* Parties under construction. */
typedef struct lk_parties {
	const char *name[LK_MAX_PARTIES + 2];
	size_t pos[LK_MAX_PARTIES + 2]; /* token where each stands */
	size_t n;
} lk_parties;

/* Add name (once: "Woodgrove" and "Woodgrove Bank" are one) at token pos,
 * keeping text order. */
static void parties_add(lk_parties *p, const char *name, size_t pos)
{
	if (!name)
		return;
	for (size_t i = 0; i < p->n; i++)
		if (same_company(p->name[i], name))
			return;
	if (p->n >= LK_MAX_PARTIES + 2)
		return;
	size_t i = p->n;
	while (i > 0 && p->pos[i - 1] > pos) {
		p->name[i] = p->name[i - 1];
		p->pos[i] = p->pos[i - 1];
		i--;
	}
	p->name[i] = name;
	p->pos[i] = pos;
	p->n++;
}

/* A possessive just before token anchor: "X's", "Yukos'", "its", "the
 * company's". The party (or NULL); *where gets its token. */
static const char *possessive(const lk_ctx *c, const lk_amount *am, size_t anchor, size_t *where)
{
	lk_field *f = (lk_field *)&c->f[am->fi];
	size_t lim = anchor - am->c0 > LK_POSS_TOKS ? anchor - LK_POSS_TOKS : am->c0;
	for (size_t j = anchor; j > lim; j--) {
		size_t i = j - 1;
		const fin_token *t = tk(f, i);
		if (t->kind == FIN_TOK_PUNCT && !tk_apos(f, i) && !tk_is(f, i, '-'))
			return NULL;
		if (tk_word_is(c, f, i, LIT_ITS)) {
			/* "Its Global Investors wing made £347m": the unit */
			size_t k = co_lower(f, i + 1);
			if (k < f->n_co && f->co_tok[k] == i + 1 && unit_named(c, f, k) && f->co_end[k] <= anchor) {
				*where = i + 1;
				return co_of(c, f, k)->name;
			}
			*where = i;
			return resolve(c, am, i);
		}
		if (!tk_apos(f, i))
			continue;
		/* X's / X' : the mention ending right before the apostrophe */
		size_t k = co_lower(f, i);
		if (k > 0 && f->co_end[k - 1] == i && eligible(c, f, k - 1, false)) {
			*where = f->co_tok[k - 1];
			return co_of(c, f, k - 1)->name;
		}
		/* the company's */
		size_t pos;
		size_t from = i > LK_HEAD_TOKS + 1 ? i - LK_HEAD_TOKS - 1 : 0;
		if (from < am->c0)
			from = am->c0;
		if (i > 0 && (tk_cls(c, f, i - 1) & LW_HEAD) && find_anaphor(c, f, from, i, &pos)) {
			*where = pos;
			return resolve(c, am, pos);
		}
	}
	return NULL;
}

/* One party for a one-party kind (see the comment at the top). */
static void pick_single(const lk_ctx *c, lk_amount *am, lk_parties *out)
{
	lk_field *f = (lk_field *)&c->f[am->fi];
	/* A cue word in the clause (not a per-unit, not past a "while"). */
	bool cue_tok = am->has_cue && am->cue.t1 > am->cue.t0 && am->cue.t0 >= am->c0 && am->cue.t1 <= am->c1;
	size_t pos;
	/* 1. "valued X at $N": the companies between the verb and the amount,
	 * else a pronoun there. */
	if (cue_tok && am->cue.kind == K_VALUATION && (am->cue.flags & LK_CF_OBJECT) && am->cue.left) {
		for (size_t k = am->k0; k < am->k1; k++)
			if (f->co_tok[k] >= am->cue.t1 && f->co_end[k] <= am->t0 &&
			    co_of(c, f, k)->kind == FIN_ORG_COMPANY && role_of(c, f, k) != LK_ROLE_SOURCE)
				parties_add(out, co_of(c, f, k)->name, f->co_tok[k]);
		/* "valued its unit": its is not the valuer's, but the company
		 * the article was speaking of; "X bought 18.8% of Y. A bid at
		 * that price would value the company at A$3.1bn": the valued
		 * company is the earlier sentence's object, Y. */
		if (!out->n && find_anaphor(c, f, am->cue.t1, am->t0, &pos)) {
			const char *obj = tk_word_is(c, f, pos, LIT_ITS) ? NULL : object_before(c, am);
			parties_add(out, obj ? obj : focus(c, am->fi, am->s0), pos);
		}
		if (out->n)
			return;
	}
	/* 2. A possessive before the cue (or the amount); one right before
	 * the amount first ("..., compared to EA's $17.8bn"). */
	size_t anchor = cue_tok ? am->cue.t0 : am->t0;
	size_t where;
	const char *pn = NULL;
	if (anchor < am->t0 && am->t0 >= 2 && tk_apos(f, am->t0 - 2)) {
		size_t k = co_lower(f, am->t0 - 2);
		if (k > 0 && f->co_end[k - 1] == am->t0 - 2 && eligible(c, f, k - 1, false)) {
			where = f->co_tok[k - 1];
			pn = co_of(c, f, k - 1)->name;
		}
	}
	if (!pn)
		pn = possessive(c, am, anchor, &where);
	if (pn) {
		parties_add(out, pn, where);
		return;
	}
	/* 2b. "Profits at Barclaycard rose by 5% to £801m", "sales of X":
	 * the company right after the cue and a preposition */
	if (cue_tok && am->cue.t1 < am->t0 && am->cue.t1 + 1 < am->t0 && (tk_cls(c, f, am->cue.t1) & LW_PREP) &&
	    (tk_word_is(c, f, am->cue.t1, LIT_AT) || tk_word_is(c, f, am->cue.t1, LIT_OF) ||
	     tk_word_is(c, f, am->cue.t1, LIT_IN))) {
		size_t at = am->cue.t1 + 1;
		if (at < am->t0 && (tk_cls(c, f, at) & LW_THE))
			at++;
		size_t k = co_lower(f, at);
		if (k < f->n_co && f->co_tok[k] == at && f->co_end[k] <= am->t0 && eligible(c, f, k, false)) {
			parties_add(out, co_of(c, f, k)->name, at);
			return;
		}
	}
	/* 2c. "..., than Allied Domecq, which has a capitalisation of
	 * £5.7bn": the company a relative clause hangs on */
	for (size_t k = am->k1; k > am->k0; k--) {
		size_t e = f->co_end[k - 1];
		if (e + 2 > anchor || f->co_tok[k - 1] < am->c0)
			continue;
		if (tk_is(f, e, ',') && (tk_eq(f, e + 1, "which", 5) || tk_eq(f, e + 1, "whose", 5)) &&
		    eligible(c, f, k - 1, false)) {
			parties_add(out, co_of(c, f, k - 1)->name, f->co_tok[k - 1]);
			return;
		}
		break; /* only the nearest company before the anchor */
	}
	/* a weak cue ("shares") does not carry the subject past a nearer
	 * company ("SMFG shares climbed to 717,000, and Daiwa added 5.3% to
	 * 740 yen") */
	if (cue_tok && (am->cue.flags & LK_CF_WEAK))
		anchor = am->t0;
	/* 3. The subject: the nearest company before the anchor; when the cue
	 * follows the amount, one before the amount first ("Arcelor shed 2%
	 * to 17.58 euros, with ThyssenKrupp dropping 1.7%"). */
	size_t any = SIZE_MAX, subj = SIZE_MAX;
	size_t limit = anchor > am->t0 ? am->t0 : anchor;
	for (int pass = 0; pass < 2 && any == SIZE_MAX; pass++, limit = anchor)
	for (size_t k = am->k0; k < am->k1; k++) {
		if (f->co_tok[k] < am->c0 || f->co_end[k] > limit)
			continue;
		if (!eligible(c, f, k, false))
			continue;
		any = k;
		if (!after_prep(c, f, k))
			subj = k;
	}
	size_t pick = subj != SIZE_MAX ? subj : any;
	if (pick != SIZE_MAX) {
		parties_add(out, co_of(c, f, pick)->name, f->co_tok[pick]);
		return;
	}
	/* 3b. Results and prices in a clause without a company: the subject
	 * of the sentence's first clause ("Saab is losing money fast -
	 * albeit with losses halved in 2004 to $200m") */
	if (am->has_cue && (company_centric(am->cue.kind) || am->cue.kind == K_PRICE) && am->c0 > am->s0) {
		size_t k = first_subject(c, f, am->k0, am->k1, am->s0, am->c0, false);
		if (k != SIZE_MAX) {
			parties_add(out, co_of(c, f, k)->name, f->co_tok[k]);
			return;
		}
	}
	/* 4. A pronoun subject before the amount: "It cut A$68m from ...";
	 * not "its", a possessive that step 2 did not tie to the cue ("one
	 * of its few success stories ... is now worth $3bn"). */
	for (size_t from = am->c0; find_anaphor(c, f, from, am->t0, &pos); from = pos + 1) {
		if (tk_word_is(c, f, pos, LIT_ITS))
			continue;
		parties_add(out, resolve(c, am, pos), pos);
		return;
	}
	/* 4b. With a cue before the amount, the subject between the two ("In
	 * terms of market value, Pernod - at 7.5bn euros - is ...") */
	if (anchor < am->t0) {
		size_t k = first_subject(c, f, am->k0, am->k1, anchor, am->t0, false);
		if (k != SIZE_MAX) {
			parties_add(out, co_of(c, f, k)->name, f->co_tok[k]);
			return;
		}
	}
	/* 5. A company shortly after the amount (not for prices: "on the
	 * London Metal Exchange" is where, not whose). */
	for (size_t k = am->k0; k < am->k1 && am->cue.kind != K_PRICE; k++) {
		if (f->co_tok[k] < am->t1 || f->co_end[k] > am->c1)
			continue;
		/* farther: the subject after a fronted phrase ("despite a record
		 * profit of 30.6bn yen ($291m), up 31.8%, Asahi is ...") */
		if (f->co_tok[k] - am->t1 > LK_AFTER_TOKS &&
		    !(f->co_tok[k] - am->t1 <= 3 * LK_AFTER_TOKS && tk_is(f, f->co_tok[k] - 1, ',')))
			continue;
		if (eligible(c, f, k, false)) {
			parties_add(out, co_of(c, f, k)->name, f->co_tok[k]);
			return;
		}
	}
	/* 6. A pronoun or "the company" later in the clause ("..., it said"). */
	if (find_anaphor(c, f, am->t1, am->c1, &pos))
		parties_add(out, resolve(c, am, pos), pos);
}

/* true when organisation k (not a company) is a party of a two-party
 * amount: a payer or payee, a client placing an order, a lender ("an order
 * from the city of Munich", "fined by the SEC"), but not the source of an
 * estimate ("estimates from the World Bank") nor an agent ("approved by
 * the Commission") except for a fine. */
static bool other_party(const lk_ctx *c, const lk_field *f, size_t k, const lk_amount *am)
{
	size_t pq = prep_before(c, f, k);
	if (pq == SIZE_MAX)
		return true;
	if (tk_word_is(c, f, pq, LIT_FROM))
		return !(pq > 0 && (tk_cls(c, f, pq - 1) & LW_REPORT));
	if (tk_word_is(c, f, pq, LIT_BY))
		return am->has_cue && am->cue.kind == K_FINE;
	return !tk_word_is(c, f, pq, LIT_OF) && !tk_word_is(c, f, pq, LIT_AT) &&
	       !tk_word_is(c, f, pq, LIT_AS) && !tk_word_is(c, f, pq, LIT_LIKE);
}

/* true when [a, b) holds "the" and, within LK_HEAD_TOKS words, a unit
 * noun in lower case ("the US unit", "the gaming division"); its "the" in
 * *pos. */
static bool the_unit(const lk_ctx *c, const lk_field *f, size_t a, size_t b, size_t *pos)
{
	for (size_t j = a; j < b; j++) {
		/* a three-letter word in 't' first: most tokens are told
		 * without looking the word up */
		const fin_token *t = tk(f, j);
		if (t->end - t->start != 3 || (f->text[t->start] | 0x20) != 't' ||
		    !(tk_cls(c, f, j) & LW_THE))
			continue;
		for (size_t q = j + 1; q < b && q - j <= LK_HEAD_TOKS; q++) {
			if (tk(f, q)->kind != FIN_TOK_WORD)
				break;
			if ((tk_cls(c, f, q) & LW_UNITN) && !(tk(f, q)->flags & FIN_TF_CAP)) {
				*pos = j;
				return true;
			}
		}
	}
	return false;
}

/* The parties of a two-party kind (see the comment at the top). */
static void pick_two(const lk_ctx *c, lk_amount *am, lk_parties *out)
{
	lk_field *f = (lk_field *)&c->f[am->fi];
	size_t pos;
	size_t ks[LK_SENT_COS];
	size_t nk = 0, before = 0;
	for (size_t k = am->k0; k < am->k1 && nk < LK_SENT_COS; k++) {
		if (f->co_tok[k] < am->c0 || f->co_end[k] > am->c1 || !eligible(c, f, k, true))
			continue;
		if (co_of(c, f, k)->kind != FIN_ORG_COMPANY && !other_party(c, f, k, am))
			continue;
		ks[nk++] = k;
		before += f->co_tok[k] < am->t0;
	}
	/* "X bought Y for $9.3bn to settle a $27.5bn tax claim against Z": the
	 * companies before an earlier amount of the clause are that amount's;
	 * with none between the two, those after this one are its parties.
	 * Not for an amount that restates the one just before ("45 dlrs a
	 * share, or about 310 mln dlrs"). */
	size_t p = c->mo_pos[am->i];
	if (p > 0 && p < f->n_mo && f->mo[p] == am->i && f->mo_t1[p - 1] > am->c0 && before < nk &&
	    am->t0 > f->mo_t1[p - 1] + LK_RESTATE_TOKS) {
		size_t between = 0;
		for (size_t i = 0; i < before; i++)
			between += f->co_tok[ks[i]] >= f->mo_t1[p - 1];
		if (!between) {
			memmove(ks, ks + before, (nk - before) * sizeof *ks);
			nk -= before;
			before = 0;
		}
	}
	/* "X agreed to acquire Y for $N in a deal calling for Z...": buyer and
	 * target both stand before the amount; what follows is detail. Two
	 * names of one firm are one ("Mitsui ... its subsidiary Mitsui USA
	 * bought shares in Imatron"). */
	size_t distinct = 0;
	for (size_t i = 0; i < before && distinct < 2; i++) {
		bool dup = false;
		for (size_t j = 0; j < i; j++)
			dup |= same_company(co_of(c, f, ks[i])->name, co_of(c, f, ks[j])->name);
		distinct += !dup;
	}
	if (distinct >= 2)
		nk = before;
	/* Too many: keep the nearest LK_MAX_PARTIES (by tokens to the amount). */
	while (nk > LK_MAX_PARTIES) {
		size_t da = am->t0 > f->co_end[ks[0]] ? am->t0 - f->co_end[ks[0]] : 0;
		size_t db = f->co_tok[ks[nk - 1]] > am->t1 ? f->co_tok[ks[nk - 1]] - am->t1 : 0;
		if (da >= db)
			memmove(ks, ks + 1, (nk - 1) * sizeof *ks);
		nk--;
	}
	for (size_t i = 0; i < nk; i++)
		parties_add(out, co_of(c, f, ks[i])->name, f->co_tok[ks[i]]);
	/* "BLB will pay $339m for the US unit": one buyer named, the seller
	 * is the firm whose unit it is, the one the article speaks of */
	if (out->n == 1 && the_unit(c, f, am->c0, am->c1, &pos))
		parties_add(out, focus(c, am->fi, am->s0), pos);
	/* A pronoun subject before every named party ("It bought X for $N",
	 * "the ChatGPT maker has signed deals worth $1tn with X"). */
	size_t stop = nk ? f->co_tok[ks[0]] : am->t0;
	if (stop > am->t0)
		stop = am->t0;
	if (find_anaphor(c, f, am->c0, stop, &pos))
		parties_add(out, resolve(c, am, pos), pos);
}

/* true when the sentence says "the deal" (the takeover, the total
 * order...). */
static bool says_the_deal(const lk_ctx *c, const lk_amount *am)
{
	const lk_field *f = &c->f[am->fi];
	for (size_t j = am->s0; j + 1 < am->s1; j++) {
		if (!(tk_cls(c, f, j) & LW_THE))
			continue;
		for (size_t q = j + 1; q < am->s1 && q - j <= 2 && tk(f, q)->kind == FIN_TOK_WORD; q++)
			if (tk_cls(c, f, q) & LW_DEALNOUN)
				return true;
	}
	return false;
}

/* true when the clause speaks of a person ("Mr Glazer's offer"): its
 * amounts are not given to the article's company by default. */
static bool about_person(const lk_ctx *c, const lk_amount *am)
{
	const lk_field *f = &c->f[am->fi];
	for (size_t j = am->c0; j < am->c1; j++)
		if (tk_cls(c, f, j) & LW_PERSON)
			return true;
	return false;
}

/* "A tie-up between X and Y", "Combining X, ..., and Y" before amount am
 * in its clause: X and Y (companies, "and" between them) become its
 * parties, in place of the one found. */
static void merger_pair(const lk_ctx *c, const lk_amount *am, lk_parties *out)
{
	lk_field *f = (lk_field *)&c->f[am->fi];
	size_t mw = SIZE_MAX;
	for (size_t j = am->c0; j < am->t0; j++)
		if (tk(f, j)->kind == FIN_TOK_WORD && (tk_cls(c, f, j) & LW_MERGE)) {
			mw = j;
			break;
		}
	if (mw == SIZE_MAX)
		return;
	size_t ks[2], nk = 0;
	for (size_t k = co_lower(f, mw); k < f->n_co && f->co_end[k] <= am->t0 && nk < 2; k++) {
		if (!eligible(c, f, k, false))
			continue;
		if (nk && same_company(co_of(c, f, ks[0])->name, co_of(c, f, k)->name))
			continue;
		ks[nk++] = k;
	}
	if (nk < 2 || f->co_tok[ks[0]] > mw + 4) /* "tie - up between X" */
		return;
	bool and = false;
	for (size_t j = f->co_end[ks[0]]; j < f->co_tok[ks[1]]; j++)
		and |= tk_eq(f, j, "and", 3);
	if (!and)
		return;
	out->n = 0;
	parties_add(out, co_of(c, f, ks[0])->name, f->co_tok[ks[0]]);
	parties_add(out, co_of(c, f, ks[1])->name, f->co_tok[ks[1]]);
}

/* true when amount am's sentence opens with "The shares", "Its shares"
 * or "Shares" followed by a verb-like word, not "Shares in X". */
static bool the_shares(const lk_ctx *c, const lk_amount *am)
{
	const lk_field *f = &c->f[am->fi];
	size_t j = am->s0;
	if (j < am->t0 && ((tk_cls(c, f, j) & LW_THE) || tk_word_is(c, f, j, LIT_ITS)))
		j++;
	return j + 1 < am->t0 && tk_word_is(c, f, j, LIT_SHARES) && !(tk_cls(c, f, j + 1) & LW_PREP);
}

/* true when amount am's sentence opens with "A" or "An" and, within a
 * few words, a lower-case firm noun ("A German firm whose ...", "An
 * Indian drugs company"): a firm not named yet. */
static bool a_firm(const lk_ctx *c, const lk_amount *am)
{
	const lk_field *f = &c->f[am->fi];
	size_t j = am->s0;
	const fin_token *t = tk(f, j);
	if (am->fi != FIN_FIELD_BODY || j >= am->t0 || t->kind != FIN_TOK_WORD ||
	    !(tk_eq(f, j, "a", 1) || tk_eq(f, j, "an", 2)))
		return false;
	for (size_t q = j + 1; q < am->t0 && q <= j + LK_HEAD_TOKS + 2; q++) {
		if (tk(f, q)->kind != FIN_TOK_WORD && !tk_is(f, q, '-'))
			return false;
		if ((tk_cls(c, f, q) & LW_HEAD) && !(tk(f, q)->flags & FIN_TF_CAP))
			return true;
	}
	return false;
}

/* The first company of the body sentence after amount am's that is not
 * after a preposition, or NULL. */
static const char *next_subject(const lk_ctx *c, const lk_amount *am)
{
	lk_field *f = (lk_field *)&c->f[FIN_FIELD_BODY];
	size_t end = am->s1;
	while (end < f->toks->n && !(tk(f, end)->flags & FIN_TF_SENT_START))
		end++; /* am->s1 is the next sentence's start already, as a rule */
	size_t stop = end + 1;
	while (stop < f->toks->n && !(tk(f, stop)->flags & FIN_TF_SENT_START))
		stop++;
	size_t k = first_subject(c, f, co_lower(f, end), f->n_co, end, stop, false);
	return k != SIZE_MAX ? co_of(c, f, k)->name : NULL;
}

/* true when the sentence is a table row: it starts a line and has at most
 * eight words ("Net 412,737", "Media 3.74 mln vs 3.16 mln"). */
static bool table_row(const lk_ctx *c, const lk_amount *am)
{
	const lk_field *f = &c->f[am->fi];
	if (am->fi != FIN_FIELD_BODY || (am->s0 > 0 && !(tk(f, am->s0)->flags & FIN_TF_NL_BEFORE)))
		return false;
	size_t words = 0;
	for (size_t j = am->s0; j < am->s1; j++)
		if (tk(f, j)->kind == FIN_TOK_WORD && ++words > 8)
			return false;
	return true;
}

/* ---------------------------------------------------------------------- */
/* Dates                                                                  */
/* ---------------------------------------------------------------------- */

/* The date of amount am: the nearest resolved, non-duration date of its
 * sentence, a period first for results. -1 when none. */
static int32_t pick_date(const lk_ctx *c, const lk_amount *am, int kind)
{
	const lk_field *f = &c->f[am->fi];
	const fin_money *m = &c->r->money[am->i];
	if (!f->n_da || am->s1 <= am->s0)
		return -1;
	uint32_t sb = tk(f, am->s0)->start, se = tk(f, am->s1 - 1)->end;
	size_t lo = 0, hi = f->n_da;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (c->r->dates[f->da[mid]].start < sb)
			lo = mid + 1;
		else
			hi = mid;
	}
	int32_t best = -1, best_period = -1;
	uint32_t bd = UINT32_MAX, bpd = UINT32_MAX;
	for (size_t k = lo; k < f->n_da; k++) {
		const fin_date *d = &c->r->dates[f->da[k]];
		if (d->start >= se)
			break;
		if (d->grain == FIN_GRAIN_DURATION || d->grain == FIN_GRAIN_NONE || d->start_date.year == 0)
			continue;
		/* "notes due 2012", "until November 30": when the money ends,
		 * not when the sentence's event happens. */
		size_t dt = f->da_tok[k];
		if (dt > 0 && (tk_cls(c, f, dt - 1) & LW_UNTIL))
			continue;
		uint32_t dist = d->end <= m->start ? m->start - d->end : d->start >= m->end ? d->start - m->end : 0;
		bool period = d->grain == FIN_GRAIN_MONTH || d->grain == FIN_GRAIN_QUARTER ||
			      d->grain == FIN_GRAIN_HALF || d->grain == FIN_GRAIN_YEAR ||
			      d->grain == FIN_GRAIN_FISCAL_YEAR || d->grain == FIN_GRAIN_SEASON;
		if (dist < bd) {
			bd = dist;
			best = (int32_t)f->da[k];
		}
		if (period && dist < bpd) {
			bpd = dist;
			best_period = (int32_t)f->da[k];
		}
	}
	if (results_kind(kind) && best_period >= 0)
		return best_period;
	return best;
}

/* ---------------------------------------------------------------------- */
/* Linking                                                                */
/* ---------------------------------------------------------------------- */

/* Store parties p as amount i's companies (arena copy). */
static int store(lk_ctx *c, size_t i, const lk_parties *p)
{
	fin_money *m = &c->r->money[i];
	m->companies = NULL;
	m->n_companies = 0;
	if (!p->n)
		return FIN_OK;
	const char **v = fin_arena_alloc(c->arena, p->n * sizeof *v);
	if (!v)
		return FIN_ENOMEM;
	size_t n = p->n > LK_MAX_PARTIES ? LK_MAX_PARTIES : p->n;
	for (size_t k = 0; k < n; k++)
		v[k] = p->name[k];
	m->companies = v;
	m->n_companies = n;
	return FIN_OK;
}

/* Tokens [*t0, *t1) of the amount at bytes [start, end) of field f. */
static void amount_tokens(const fin_tokens *toks, uint32_t start, uint32_t end, size_t *t0, size_t *t1)
{
	*t0 = tok_at(toks, start);
	*t1 = tok_at(toks, end);
	if (*t1 <= *t0)
		*t1 = *t0 + 1;
	if (*t1 > toks->n)
		*t1 = toks->n;
}

void fin_link_sentence(const fin_tokens *toks, uint32_t start, uint32_t end, size_t *s0, size_t *s1)
{
	size_t t0, t1;
	lk_field f = {0};
	f.toks = toks;
	amount_tokens(toks, start, end, &t0, &t1);
	if (t0 >= toks->n) {
		*s0 = *s1 = toks->n;
		return;
	}
	sentence_of(&f, t0, t1, s0, s1);
}

/* Locate amount i: its field, tokens, sentence, clause, sentence companies. */
static void locate(const lk_ctx *c, size_t i, lk_amount *am)
{
	const fin_money *m = &c->r->money[i];
	am->fi = m->field == FIN_FIELD_TITLE ? FIN_FIELD_TITLE : FIN_FIELD_BODY;
	am->i = i;
	const lk_field *f = &c->f[am->fi];
	size_t p = c->mo_pos[i];
	if (p < f->n_mo && f->mo[p] == i) {
		am->t0 = f->mo_t0[p];
		am->t1 = f->mo_t1[p];
	} else {
		amount_tokens(f->toks, m->start, m->end, &am->t0, &am->t1);
	}
	if (am->t1 <= am->t0)
		am->t1 = am->t0 + 1;
	if (am->t1 > f->toks->n)
		am->t1 = f->toks->n;
	sentence_of(f, am->t0, am->t1, &am->s0, &am->s1);
	clause_of(c, am);
	am->k0 = co_lower(f, am->s0);
	am->k1 = co_lower(f, am->s1);
	if (am->k1 - am->k0 > LK_SENT_COS)
		am->k1 = am->k0 + LK_SENT_COS;
}

/* Kind, parties and date of one amount that restates nothing. wants_main
 * is set when it has no party but speaks of "the deal". */
static int link_one(lk_ctx *c, size_t i, bool *wants_main)
{
	fin_money *m = &c->r->money[i];
	/* locate and find_cue fill the rest; the cue's kind is read even when
	 * there is none (K_NONE). Not the whole struct: zeroing it was a
	 * string store. */
	lk_amount am;
	memset(&am.cue, 0, sizeof am.cue);
	am.has_cue = false;
	locate(c, i, &am);
	*wants_main = false;
	if (am.t0 >= c->f[am.fi].toks->n) {
		c->kinds[i] = K_OTHER;
		return FIN_OK;
	}
	find_cue(c, &am);
	int kind = am.has_cue ? am.cue.kind : K_OTHER;
	c->kinds[i] = (uint8_t)kind;
	lk_parties p;
	p.n = 0;
	if (two_party(kind))
		pick_two(c, &am, &p);
	else
		pick_single(c, &am, &p);
	/* No company, no pronoun: results, debts, share prices and table
	 * rows belong to the article's company while it is the subject. */
	bool share_price = kind == K_PRICE && m->unit && strcmp(m->unit, "share") == 0;
	bool row = kind == K_OTHER && table_row(c, &am);
	if (!p.n && (company_centric(kind) || share_price || row) && c->topic && !about_person(c, &am)) {
		const char *rs = recent_subject(c, am.fi, am.s0);
		if (rs && same_company(rs, c->topic))
			parties_add(&p, c->topic, am.t0);
	}
	/* "A tie-up between Barclays and Wells Fargo would create a bank
	 * valued at $180bn": what a union creates belongs to both */
	if (p.n <= 1 && !two_party(kind))
		merger_pair(c, &am, &p);
	/* "The shares closed down 247p": the article's shares, whoever the
	 * sentences before spoke of */
	if (!p.n && kind == K_PRICE && c->topic && the_shares(c, &am))
		parties_add(&p, c->topic, am.t0);
	/* "A German firm whose main product ... is looking to raise 70m
	 * euros. The firm, Paion, said ...": a firm the next sentence names */
	if (!p.n && (two_party(kind) || company_centric(kind) || kind == K_VALUATION) && a_firm(c, &am))
		parties_add(&p, next_subject(c, &am), am.t0);
	/* "the transaction is valued at about 8.8 mln dlrs": the price of
	 * the deal the article is about */
	if (!p.n && (two_party(kind) || kind == K_VALUATION) && says_the_deal(c, &am))
		*wants_main = true;
	m->date_index = pick_date(c, &am, kind);
	return store(c, i, &p);
}

/* true when amounts a and b state the same sum (value or range, currency,
 * unit). */
static bool same_amount(const fin_money *a, const fin_money *b)
{
	if (a->is_range != b->is_range || strcmp(a->currency, b->currency) != 0)
		return false;
	if ((a->unit == NULL) != (b->unit == NULL) || (a->unit && strcmp(a->unit, b->unit) != 0))
		return false;
	if (a->is_range)
		return fin_decimal_cmp(a->min, b->min) == 0 && fin_decimal_cmp(a->max, b->max) == 0;
	return fin_decimal_cmp(a->value, b->value) == 0;
}

/* The topic company, the title's first company and the end of the lead.
 * The topic is the title's company when the body names it too (or its
 * lead names none), else the first company of the lead; none for an
 * article whose lead and title name no company. */
static void article_facts(lk_ctx *c)
{
	lk_field *t = &c->f[FIN_FIELD_TITLE], *b = &c->f[FIN_FIELD_BODY];
	/* The lead: the body's first two sentences. */
	size_t starts = 0;
	c->lead_end = UINT32_MAX;
	for (size_t i = 0; i < b->toks->n; i++)
		if ((b->toks->v[i].flags & FIN_TF_SENT_START) && ++starts == 3) {
			c->lead_end = b->toks->v[i].start;
			break;
		}
	c->title_first = NULL;
	for (size_t k = 0; k < t->n_co && !c->title_first; k++)
		if (eligible(c, t, k, false))
			c->title_first = co_of(c, t, k)->name;
	const char *lead_first = NULL;
	bool body_names_title = false;
	for (size_t k = 0; k < b->n_co; k++) {
		if (!eligible(c, b, k, false))
			continue;
		const char *nm = co_of(c, b, k)->name;
		if (!lead_first && c->r->companies[b->co[k]].start < c->lead_end)
			lead_first = nm;
		if (c->title_first && same_company(nm, c->title_first)) {
			body_names_title = true;
			break;
		}
	}
	/* a lead without a company: the headline's ("LVI GROUP INC <LVI> 4TH
	 * QTR NET" over a table and a note naming another firm) */
	if (c->title_first && (body_names_title || !lead_first))
		c->topic = c->title_first;
	else
		c->topic = lead_first;
}

/* A headline that announces a deal between companies without an amount
 * ("X TO BUY Y"): its kind (a two-party cue word of the headline) and its
 * companies into mp; K_NONE when it names fewer than two or has no cue. */
static int title_deal(const lk_ctx *c, lk_parties *mp)
{
	lk_field *t = (lk_field *)&c->f[FIN_FIELD_TITLE];
	int kind = K_NONE;
	for (size_t i = 0; i < t->toks->n && kind == K_NONE; i++) {
		if (tk(t, i)->kind != FIN_TOK_WORD)
			continue;
		for (int32_t qi = tk_word(c, t, i)->cue; qi >= 0; qi = c->l->cues[qi].next) {
			const lk_cue *q = &c->l->cues[qi];
			if (two_party(q->kind) && !(q->flags & LK_CF_WEAK) &&
			    match_cue(c, t, i, t->toks->n, q)) {
				kind = q->kind;
				break;
			}
		}
	}
	if (kind == K_NONE)
		return K_NONE;
	for (size_t k = 0; k < t->n_co; k++)
		if (eligible(c, t, k, false))
			parties_add(mp, co_of(c, t, k)->name, t->co_tok[k]);
	if (mp->n < 2) {
		mp->n = 0;
		return K_NONE;
	}
	return kind;
}

/* The main deal: headline amount and first two-party amount of the lead;
 * their parties go to every amount that states the same sum and to those
 * that speak of "the deal" without a party. */
static int main_deal(lk_ctx *c, const bool *wants_main)
{
	fin_result *r = c->r;
	const lk_field *t = &c->f[FIN_FIELD_TITLE], *b = &c->f[FIN_FIELD_BODY];
	long h = -1, ld = -1;
	if (t->n_mo) {
		size_t i = t->mo[0];
		if (r->money[i].equivalent_of < 0 && two_party(c->kinds[i]))
			h = (long)i;
	}
	for (size_t k = 0; k < b->n_mo; k++) {
		size_t i = b->mo[k];
		if (r->money[i].start >= c->lead_end)
			break;
		if (r->money[i].equivalent_of < 0 && two_party(c->kinds[i])) {
			ld = (long)i;
			break;
		}
	}
	lk_parties mp;
	mp.n = 0;
	size_t pos = 0;
	int tkind = K_NONE;
	if (h < 0 && ld < 0) {
		/* "PATRICK PETROLEUM <PPC> TO BUY BAYOU" with no amount: the
		 * headline's deal is the lead's first amount that speaks of "the
		 * transaction" without a party */
		for (size_t k = 0; k < b->n_mo && ld < 0; k++) {
			size_t i = b->mo[k];
			if (r->money[i].start >= c->lead_end)
				break;
			if (wants_main[i])
				ld = (long)i;
		}
		if (ld < 0 || (tkind = title_deal(c, &mp)) == K_NONE)
			return FIN_OK;
		c->kinds[ld] = (uint8_t)tkind;
	}
	const long src[2] = {h, ld};
	for (int s = 0; s < 2 && tkind == K_NONE; s++) {
		if (src[s] < 0)
			continue;
		const fin_money *m = &r->money[src[s]];
		for (size_t k = 0; k < m->n_companies; k++)
			parties_add(&mp, m->companies[k], pos++);
	}
	if (!mp.n)
		return FIN_OK;
	/* One kind for every mention of the main deal: an acquisition when
	 * either says so ("agrees $68bn Wyeth deal" + "agreed to buy"). */
	int mkind = h >= 0 ? c->kinds[h] : c->kinds[ld];
	if ((h >= 0 && c->kinds[h] == K_ACQUISITION) || (ld >= 0 && c->kinds[ld] == K_ACQUISITION))
		mkind = K_ACQUISITION;
	int32_t mdate = h >= 0 ? r->money[h].date_index : -1;
	if (mdate < 0 && ld >= 0)
		mdate = r->money[ld].date_index;
	for (size_t i = 0; i < r->n_money; i++) {
		fin_money *m = &r->money[i];
		if (m->equivalent_of >= 0)
			continue;
		bool same = (h >= 0 && same_amount(m, &r->money[h])) || (ld >= 0 && same_amount(m, &r->money[ld]));
		bool is_main = (long)i == h || (long)i == ld || same;
		if (!is_main && !wants_main[i])
			continue;
		int rc = store(c, i, &mp);
		if (rc)
			return rc;
		if (is_main)
			c->kinds[i] = (uint8_t)mkind;
		if (m->date_index < 0)
			m->date_index = mdate;
	}
	return FIN_OK;
}

/* Link every amount of r (see the comment at the top); everything new
 * lives in arena. Sets r->linked. 0 or FIN_ENOMEM. */
int fin_link(const fin_linker *l, fin_arena *arena, const fin_article *a,
	     const fin_tokens *title_toks, const fin_tokens *body_toks, fin_result *r)
{
	lk_ctx c;
	memset(&c, 0, sizeof c);
	c.l = l;
	c.arena = arena;
	c.r = r;
	c.f[FIN_FIELD_TITLE].text = a->title ? a->title : "";
	c.f[FIN_FIELD_TITLE].len = a->title ? a->title_len : 0;
	c.f[FIN_FIELD_TITLE].toks = title_toks;
	c.f[FIN_FIELD_BODY].text = a->body ? a->body : "";
	c.f[FIN_FIELD_BODY].len = a->body ? a->body_len : 0;
	c.f[FIN_FIELD_BODY].toks = body_toks;
	r->linked = 1;
	if (!r->n_money)
		return FIN_OK;
	c.mo_pos = fin_arena_alloc(arena, r->n_money * sizeof *c.mo_pos);
	if (!c.mo_pos)
		return FIN_ENOMEM;
	lk_cms cms = {NULL, 0, 0};
	c.cms = &cms;
	for (size_t i = 0; i < r->n_money; i++)
		c.mo_pos[i] = UINT32_MAX;
	int rc = build_field(&c, FIN_FIELD_TITLE);
	if (!rc)
		rc = build_field(&c, FIN_FIELD_BODY);
	c.kinds = fin_arena_calloc(arena, r->n_money, 1);
	bool *wants = fin_arena_calloc(arena, r->n_money, sizeof *wants);
	if (rc || !c.kinds || !wants)
		return FIN_ENOMEM;
	article_facts(&c);
	for (size_t i = 0; i < r->n_money && !rc; i++) {
		fin_money *m = &r->money[i];
		if (m->equivalent_of >= 0 && (size_t)m->equivalent_of < i)
			continue;
		rc = link_one(&c, i, &wants[i]);
	}
	if (!rc)
		rc = main_deal(&c, wants);
	if (rc)
		return rc;
	/* Restatements copy the amount they restate (always an earlier one). */
	for (size_t i = 0; i < r->n_money; i++) {
		fin_money *m = &r->money[i];
		if (m->equivalent_of >= 0 && (size_t)m->equivalent_of < i) {
			const fin_money *o = &r->money[m->equivalent_of];
			m->companies = o->companies;
			m->n_companies = o->n_companies;
			m->date_index = o->date_index;
			c.kinds[i] = c.kinds[m->equivalent_of];
		}
		int k = c.kinds[i];
		m->kind = kind_names[k == K_NONE || k == K_IGNORE ? K_OTHER : k];
	}
	return FIN_OK;
}
