/*
 * currency.c — the currency table: ISO 4217 codes, the surface forms news
 * uses for them (symbols, names, plurals, newswire abbreviations), rules for
 * ambiguous words and the currency of the time.
 *
 * Built once per process from data/currencies.tsv, currency-forms.tsv,
 * currency-rules.tsv and currency-history.tsv (compiled in; a data dir may
 * add rows). Immutable afterwards, so threads share it.
 */
#include "internal.h"

#include <stdlib.h>
#include <string.h>

#define MAX_FORM_TOKENS 6
#define MAX_KEY 96

typedef struct cur_rule {
	char name[16];
	char def[4];
	size_t cue_first, cue_count; /* slice of table->rule_cues */
	fin_ymd before;              /* date switch (year 0: none) */
	char before_code[4];
} cur_rule;

typedef struct rule_cue {
	uint16_t cue;  /* index of the cue word */
	char code[4];
} rule_cue;

typedef struct cur_history {
	char code[4];
	fin_ymd until;
	char old[4];
} cur_history;

struct fin_currency_table {
	fin_arena arena;           /* every string and array below */
	fin_currency_form *forms;
	size_t n_forms, cap_forms;
	uint32_t *slots;           /* open addressing: form index + 1, 0 empty */
	size_t n_slots;
	uint8_t first_ok[256];     /* first byte (lower-cased) of some form */
	uint64_t first_bloom[64];  /* first tokens of up to 8 bytes (fin_pack8), 2 bits each */
	bool first_long;           /* some form's first token is longer than 8 bytes */
	uint32_t *prefix_slots;    /* hashes of every proper token prefix of a form key */
	size_t n_prefix_slots;
	char (*codes)[4];          /* known ISO codes, sorted */
	size_t n_codes, cap_codes;
	cur_rule *rules;
	size_t n_rules, cap_rules;
	rule_cue *rule_cues;
	size_t n_rule_cues, cap_rule_cues;
	char (*cue_words)[24];     /* cue word by index */
	size_t n_cues;
	uint32_t *cue_slots;       /* hash of cue words: index + 1 */
	size_t n_cue_slots;
	cur_history *history;
	size_t n_history, cap_history;
};

/* Bit k (0 or 1) of a packed first token in first_bloom (4096 bits). */
static unsigned first_bit(uint64_t pk, int k)
{
	return (unsigned)(((pk ^ (uint64_t)k * 0x5851F42D4C957F2Du) * 0x9E3779B97F4A7C15u) >> 52);
}

/* Codes that are also English words or company names: never read as codes. */
static const char *const code_stop[] = {
	"ALL", "AMD", "BAM", "BOB", "CUP", "DOP", "GEL", "MAD", "MOP", "NAD", "PEN", "RON",
	"SOS", "STD", "TOP", "TRY", "ANG", "ERN", "GIP", "LAK", "SAR", "PHP", "CVE", "MRO",
	"BTN", "XXX", "XTS", "NIO", "SEK" /* SEK handled below */, NULL,
};
/* Codes also accepted in lower case ("usd 200", "rmb"). */
static const char *const code_anycase[] = {
	"USD", "EUR", "GBP", "JPY", "CNY", "CHF", "CAD", "AUD", "INR", "HKD", "SGD", "NZD",
	"SEK", "NOK", "DKK", "RUB", "KRW", "BRL", "MXN", "ZAR", "RMB", NULL,
};

static bool in_strlist(const char *s, const char *const *list)
{
	for (size_t i = 0; list[i]; i++)
		if (strcmp(s, list[i]) == 0)
			return true;
	return false;
}

/* ---------------------------------------------------------------------- */
/* Hash table of forms                                                    */
/* ---------------------------------------------------------------------- */

static uint32_t key_hash(const char *k, size_t n)
{
	uint32_t h = 2166136261u;
	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)k[i];
		h *= 16777619u;
	}
	return h;
}

static const fin_currency_form *form_find(const fin_currency_table *t, const char *k, size_t n, uint32_t h)
{
	size_t mask = t->n_slots - 1;
	for (size_t i = h & mask;; i = (i + 1) & mask) {
		uint32_t s = t->slots[i];
		if (!s)
			return NULL;
		const fin_currency_form *f = &t->forms[s - 1];
		if (f->key_len == n && memcmp(f->key, k, n) == 0)
			return f;
	}
}

static int build_index(fin_currency_table *t)
{
	size_t n = 64;
	while (n < t->n_forms * 3)
		n *= 2;
	t->slots = fin_arena_calloc(&t->arena, n, sizeof(uint32_t));
	if (!t->slots)
		return FIN_ENOMEM;
	t->n_slots = n;
	for (size_t i = 0; i < t->n_forms; i++) {
		const char *k = t->forms[i].key;
		size_t kl = strlen(k);
		size_t mask = n - 1;
		size_t j = key_hash(k, kl) & mask;
		bool dup = false;
		while (t->slots[j]) {
			if (strcmp(t->forms[t->slots[j] - 1].key, k) == 0) {
				/* A later row (user data) overrides a built-in one. */
				t->slots[j] = (uint32_t)(i + 1);
				dup = true;
				break;
			}
			j = (j + 1) & mask;
		}
		if (!dup)
			t->slots[j] = (uint32_t)(i + 1);
		t->first_ok[(unsigned char)k[0]] = 1;
		const char *sp = strchr(k, ' ');
		size_t fl = sp ? (size_t)(sp - k) : kl;
		if (fl > 8) {
			t->first_long = true;
		} else {
			uint64_t pk = fin_pack8(k, fl);
			unsigned b1 = first_bit(pk, 0), b2 = first_bit(pk, 1);
			t->first_bloom[b1 >> 6] |= (uint64_t)1 << (b1 & 63);
			t->first_bloom[b2 >> 6] |= (uint64_t)1 << (b2 & 63);
		}
	}
	/* Proper prefixes at token boundaries ("hong", "hong kong" of "hong kong
	 * dollars"): matching stops as soon as no longer form can follow. A
	 * hash set of 32-bit hashes; a collision only costs a longer look. */
	size_t np = 64;
	while (np < t->n_forms * 4)
		np *= 2;
	t->prefix_slots = fin_arena_calloc(&t->arena, np, sizeof(uint32_t));
	if (!t->prefix_slots)
		return FIN_ENOMEM;
	t->n_prefix_slots = np;
	for (size_t i = 0; i < t->n_forms; i++) {
		const char *k = t->forms[i].key;
		size_t kl = strlen(k);
		for (size_t e = 1; e < kl; e++) {
			if (k[e] != ' ')
				continue;
			uint32_t h = key_hash(k, e) | 1u;
			size_t j = h & (np - 1);
			while (t->prefix_slots[j] && t->prefix_slots[j] != h)
				j = (j + 1) & (np - 1);
			t->prefix_slots[j] = h;
		}
	}
	return FIN_OK;
}

/* Could a longer form start with key[0..n)? */
static bool is_prefix(const fin_currency_table *t, const char *k, size_t n)
{
	uint32_t h = key_hash(k, n) | 1u;
	size_t mask = t->n_prefix_slots - 1;
	for (size_t j = h & mask; t->prefix_slots[j]; j = (j + 1) & mask)
		if (t->prefix_slots[j] == h)
			return true;
	return false;
}

/* ---------------------------------------------------------------------- */
/* Loading                                                                */
/* ---------------------------------------------------------------------- */

static unsigned parse_flags(const char *p, size_t n, bool *tight, bool *caps, bool *anycase)
{
	unsigned fl = 0;
	size_t i = 0;
	while (i < n) {
		size_t j = i;
		while (j < n && p[j] != ',')
			j++;
		const char *w = p + i;
		size_t wl = j - i;
		if (fin_eq(w, wl, "prefix"))
			fl |= FIN_CF_PREFIX;
		else if (fin_eq(w, wl, "postfix"))
			fl |= FIN_CF_POSTFIX;
		else if (fin_eq(w, wl, "glued"))
			fl |= FIN_CF_GLUED;
		else if (fin_eq(w, wl, "minor"))
			fl |= FIN_CF_MINOR;
		else if (fin_eq(w, wl, "symbol"))
			fl |= FIN_CF_SYMBOL;
		else if (fin_eq(w, wl, "noun"))
			fl |= FIN_CF_NOUN;
		else if (fin_eq(w, wl, "yearsafe"))
			fl |= FIN_CF_YEARSAFE;
		else if (fin_eq(w, wl, "code"))
			fl |= FIN_CF_CODE;
		else if (fin_eq(w, wl, "tight"))
			*tight = true;
		else if (fin_eq(w, wl, "caps"))
			*caps = true;
		else if (fin_eq(w, wl, "anycase"))
			*anycase = true;
		i = j + 1;
	}
	return fl;
}

/* Extra flag bits kept in the form (not part of the public FIN_CF_ set). */
#define CF_TIGHT 0x100u
#define CF_CAPS 0x200u

static int add_form(fin_currency_table *t, const char *key, size_t kl, const char *code,
		    unsigned flags, fin_decimal factor, const char *rule)
{
	if (fin_arena_grow(&t->arena, (void **)&t->forms, &t->cap_forms, t->n_forms, sizeof(fin_currency_form)))
		return FIN_ENOMEM;
	fin_currency_form *f = &t->forms[t->n_forms];
	f->key = fin_arena_strndup(&t->arena, key, kl);
	if (!f->key)
		return FIN_ENOMEM;
	f->key_len = kl;
	memcpy(f->code, code, 3);
	f->code[3] = '\0';
	f->flags = flags;
	f->factor = factor;
	f->rule = rule;
	t->n_forms++;
	return FIN_OK;
}

static int load_codes(fin_currency_table *t, const char *text, size_t len, const char *name, fin_error *err)
{
	size_t pos = 0;
	long line = 0;
	fin_field_view fv[4];
	size_t nf;
	while ((nf = fin_tsv_next(text, len, &pos, &line, fv, 4)) > 0) {
		if (fv[0].n != 3)
			return fin_error_set(err, FIN_EPARSE, name, line, "bad currency code");
		if (fin_arena_grow(&t->arena, (void **)&t->codes, &t->cap_codes, t->n_codes, 4))
			return FIN_ENOMEM;
		char *c = t->codes[t->n_codes++];
		memcpy(c, fv[0].p, 3);
		c[3] = '\0';
		if (in_strlist(c, code_stop) && !in_strlist(c, code_anycase))
			continue;
		char key[4] = {(char)fin_to_lower((unsigned char)c[0]), (char)fin_to_lower((unsigned char)c[1]),
			       (char)fin_to_lower((unsigned char)c[2]), 0};
		unsigned fl = FIN_CF_PREFIX | FIN_CF_POSTFIX | FIN_CF_CODE;
		if (!in_strlist(c, code_anycase))
			fl |= CF_CAPS;
		int rc = add_form(t, key, 3, c, fl, (fin_decimal){1, 0}, NULL);
		if (rc)
			return rc;
	}
	return FIN_OK;
}

static int load_forms(fin_currency_table *t, const char *text, size_t len, const char *name, fin_error *err)
{
	size_t pos = 0;
	long line = 0;
	fin_field_view fv[5];
	size_t nf;
	while ((nf = fin_tsv_next(text, len, &pos, &line, fv, 5)) > 0) {
		if (nf < 3 || fv[1].n != 3 || fv[0].n == 0 || fv[0].n >= MAX_KEY)
			return fin_error_set(err, FIN_EPARSE, name, line, "expected form, code, flags");
		bool tight = false, caps = false, anycase = false;
		unsigned fl = parse_flags(fv[2].p, fv[2].n, &tight, &caps, &anycase);
		if (tight)
			fl |= CF_TIGHT;
		if (caps)
			fl |= CF_CAPS;
		fin_decimal factor = {1, 0};
		if (nf >= 4 && fv[3].n && fin_decimal_parse(fv[3].p, fv[3].n, &factor))
			return fin_error_set(err, FIN_EPARSE, name, line, "bad factor");
		const char *rule = NULL;
		if (nf >= 5 && fv[4].n) {
			rule = fin_arena_strndup(&t->arena, fv[4].p, fv[4].n);
			if (!rule)
				return FIN_ENOMEM;
		}
		char code[4];
		memcpy(code, fv[1].p, 3);
		code[3] = 0;
		int rc = add_form(t, fv[0].p, fv[0].n, code, fl, factor, rule);
		if (rc)
			return rc;
	}
	return FIN_OK;
}

static int cue_index(fin_currency_table *t, const char *w, size_t n, uint16_t *out)
{
	for (size_t i = 0; i < t->n_cues; i++) {
		if (fin_eq(t->cue_words[i], strlen(t->cue_words[i]), "") == false &&
		    strlen(t->cue_words[i]) == n && memcmp(t->cue_words[i], w, n) == 0) {
			*out = (uint16_t)i;
			return FIN_OK;
		}
	}
	if (t->n_cues >= FIN_CUR_MAX_CUES || n >= 24)
		return FIN_ETOOBIG;
	size_t cap = t->n_cues; /* grow one by one: a few hundred at most, at start-up */
	void *p = fin_arena_alloc(&t->arena, (cap + 1) * 24);
	if (!p)
		return FIN_ENOMEM;
	if (cap)
		memcpy(p, t->cue_words, cap * 24);
	t->cue_words = p;
	memcpy(t->cue_words[cap], w, n);
	t->cue_words[cap][n] = '\0';
	*out = (uint16_t)cap;
	t->n_cues++;
	return FIN_OK;
}

static int load_rules(fin_currency_table *t, const char *text, size_t len, const char *name, fin_error *err)
{
	size_t pos = 0;
	long line = 0;
	fin_field_view fv[4];
	size_t nf;
	while ((nf = fin_tsv_next(text, len, &pos, &line, fv, 4)) > 0) {
		if (nf < 2 || fv[0].n == 0 || fv[0].n >= 16 || fv[1].n != 3)
			return fin_error_set(err, FIN_EPARSE, name, line, "expected rule, default code");
		if (fin_arena_grow(&t->arena, (void **)&t->rules, &t->cap_rules, t->n_rules, sizeof(cur_rule)))
			return FIN_ENOMEM;
		cur_rule *r = &t->rules[t->n_rules++];
		memset(r, 0, sizeof *r);
		memcpy(r->name, fv[0].p, fv[0].n);
		memcpy(r->def, fv[1].p, 3);
		r->cue_first = t->n_rule_cues;
		if (nf >= 3) {
			const char *p = fv[2].p, *end = fv[2].p + fv[2].n;
			while (p < end) {
				const char *comma = memchr(p, ',', (size_t)(end - p));
				const char *e = comma ? comma : end;
				const char *eq = memchr(p, '=', (size_t)(e - p));
				if (!eq || e - eq != 4)
					return fin_error_set(err, FIN_EPARSE, name, line, "bad cue (word=CODE)");
				uint16_t ci;
				int rc = cue_index(t, p, (size_t)(eq - p), &ci);
				if (rc)
					return fin_error_set(err, rc, name, line, "too many cue words");
				if (fin_arena_grow(&t->arena, (void **)&t->rule_cues, &t->cap_rule_cues,
						   t->n_rule_cues, sizeof(rule_cue)))
					return FIN_ENOMEM;
				rule_cue *rc2 = &t->rule_cues[t->n_rule_cues++];
				rc2->cue = ci;
				memcpy(rc2->code, eq + 1, 3);
				rc2->code[3] = 0;
				p = e + 1;
			}
		}
		r->cue_count = t->n_rule_cues - r->cue_first;
		if (nf >= 4 && fv[3].n) {
			/* "before YYYY-MM-DD=CODE" */
			const char *p = fv[3].p;
			size_t n = fv[3].n;
			if (n != 7 + 10 + 4 || memcmp(p, "before ", 7) != 0 || p[17] != '=' ||
			    fin_ymd_parse(p + 7, 10, &r->before))
				return fin_error_set(err, FIN_EPARSE, name, line, "bad date switch");
			memcpy(r->before_code, p + 18, 3);
		}
	}
	/* Hash the cue words for the per-article count. */
	size_t ns = 64;
	while (ns < t->n_cues * 3)
		ns *= 2;
	t->cue_slots = fin_arena_calloc(&t->arena, ns, sizeof(uint32_t));
	if (!t->cue_slots)
		return FIN_ENOMEM;
	t->n_cue_slots = ns;
	for (size_t i = 0; i < t->n_cues; i++) {
		size_t j = key_hash(t->cue_words[i], strlen(t->cue_words[i])) & (ns - 1);
		while (t->cue_slots[j])
			j = (j + 1) & (ns - 1);
		t->cue_slots[j] = (uint32_t)(i + 1);
	}
	return FIN_OK;
}

static int load_history(fin_currency_table *t, const char *text, size_t len, const char *name, fin_error *err)
{
	size_t pos = 0;
	long line = 0;
	fin_field_view fv[3];
	size_t nf;
	while ((nf = fin_tsv_next(text, len, &pos, &line, fv, 3)) > 0) {
		if (fin_arena_grow(&t->arena, (void **)&t->history, &t->cap_history, t->n_history, sizeof(cur_history)))
			return FIN_ENOMEM;
		cur_history *h = &t->history[t->n_history];
		if (nf != 3 || fv[0].n != 3 || fv[2].n != 3 || fin_ymd_parse(fv[1].p, fv[1].n, &h->until))
			return fin_error_set(err, FIN_EPARSE, name, line, "expected code, date, old code");
		memcpy(h->code, fv[0].p, 3);
		h->code[3] = 0;
		memcpy(h->old, fv[2].p, 3);
		h->old[3] = 0;
		t->n_history++;
	}
	return FIN_OK;
}

typedef int (*loader_fn)(fin_currency_table *, const char *, size_t, const char *, fin_error *);

/* Load the built-in file `name`, then the same name in data_dir if present. */
static int load_both(fin_currency_table *t, const char *name, const char *data_dir, loader_fn fn, fin_error *err)
{
	size_t len;
	const char *text = fin_data_builtin(name, &len);
	if (!text)
		return fin_error_set(err, FIN_ENOTFOUND, name, 0, "built-in data file missing");
	int rc = fn(t, text, len, name, err);
	if (rc || !data_dir)
		return rc;
	char path[1024];
	snprintf(path, sizeof path, "%s/%s", data_dir, name);
	char *buf;
	rc = fin_read_file(path, 16u << 20, &buf, &len, NULL);
	if (rc == FIN_ENOTFOUND)
		return FIN_OK;
	if (rc)
		return fin_error_set(err, rc, path, 0, "cannot read data file");
	rc = fn(t, buf, len, path, err);
	fin_free(buf);
	return rc;
}

static int cmp_code(const void *a, const void *b)
{
	return memcmp(a, b, 3);
}

int fin_currency_table_new(fin_currency_table **out, const char *data_dir, fin_error *err)
{
	*out = NULL;
	fin_currency_table *t = fin_calloc(1, sizeof *t);
	if (!t)
		return fin_error_set(err, FIN_ENOMEM, "", 0, "out of memory");
	fin_arena_init(&t->arena, 64 * 1024);
	int rc;
	if ((rc = load_both(t, "currencies.tsv", data_dir, load_codes, err)) ||
	    (rc = load_both(t, "currency-forms.tsv", data_dir, load_forms, err)) ||
	    (rc = load_both(t, "currency-rules.tsv", data_dir, load_rules, err)) ||
	    (rc = load_both(t, "currency-history.tsv", data_dir, load_history, err)) ||
	    (rc = build_index(t))) {
		if (rc == FIN_ENOMEM)
			fin_error_set(err, rc, "", 0, "out of memory");
		fin_currency_table_free(t);
		return rc;
	}
	qsort(t->codes, t->n_codes, 4, cmp_code);
	*out = t;
	return FIN_OK;
}

void fin_currency_table_free(fin_currency_table *t)
{
	if (!t)
		return;
	fin_arena_free(&t->arena);
	fin_free(t);
}

bool fin_currency_is_code(const fin_currency_table *t, const char *code)
{
	return bsearch(code, t->codes, t->n_codes, 4, cmp_code) != NULL;
}

/* ---------------------------------------------------------------------- */
/* Matching                                                               */
/* ---------------------------------------------------------------------- */

/* true when every ASCII letter of s[0..n) is upper case. */
static bool all_caps(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (fin_is_lower((unsigned char)s[i]))
			return false;
	return true;
}

const fin_currency_form *fin_currency_match(const fin_currency_table *t, const char *text,
					    const fin_tokens *toks, size_t i, size_t *ntok)
{
	if (i >= toks->n)
		return NULL;
	const fin_token *first = &toks->v[i];
	if (first->kind == FIN_TOK_NUM || first->kind == FIN_TOK_PUNCT)
		return NULL;
	if (!t->first_ok[fin_to_lower((unsigned char)text[first->start])])
		return NULL;
	/* Most words start no form: a Bloom filter of the forms' first tokens
	 * (folded as fin_pack8 does, so a token a form starts with is never
	 * turned away). */
	size_t fn = first->end - first->start;
	if (fn > 8) {
		if (!t->first_long)
			return NULL;
	} else {
		uint64_t pk = fin_pack8_in(text + first->start, fn, toks->v[toks->n - 1].end - first->start);
		unsigned b1 = first_bit(pk, 0), b2 = first_bit(pk, 1);
		if (!((t->first_bloom[b1 >> 6] >> (b1 & 63)) & (t->first_bloom[b2 >> 6] >> (b2 & 63)) & 1))
			return NULL;
	}
	char key[MAX_KEY];
	size_t kl = 0;
	const fin_currency_form *best = NULL;
	size_t best_n = 0;
	bool caps_ok = true, tight_ok = true;
	size_t used = 0;
	for (size_t k = i; k < toks->n && used < MAX_FORM_TOKENS; k++) {
		const fin_token *tk = &toks->v[k];
		size_t tl = tk->end - tk->start;
		const char *tp = text + tk->start;
		if (k > i && tk->kind == FIN_TOK_PUNCT && tl == 1 && *tp == '.') {
			if (tk->flags & FIN_TF_SPACE_BEFORE)
				tight_ok = false;
			continue; /* dots inside "U.S." do not count */
		}
		if (tk->kind == FIN_TOK_NUM)
			break;
		if (k > i && (tk->flags & FIN_TF_NL_BEFORE) && (tk->flags & FIN_TF_PARA_BEFORE))
			break;
		/* A form never runs into the next sentence ("122-1c. $5": the
		 * "$" is not the end of "c.$"). */
		if (k > i && (tk->flags & FIN_TF_SENT_START))
			break;
		if (kl + (kl ? 1 : 0) + tl >= MAX_KEY)
			break;
		if (kl)
			key[kl++] = ' ';
		for (size_t b = 0; b < tl; b++)
			key[kl++] = (char)fin_to_lower((unsigned char)tp[b]);
		if (!all_caps(tp, tl))
			caps_ok = false;
		if (k > i && (tk->flags & FIN_TF_SPACE_BEFORE))
			tight_ok = false;
		used++;
		const fin_currency_form *f = form_find(t, key, kl, key_hash(key, kl));
		if (f && (!(f->flags & CF_CAPS) || caps_ok) && (!(f->flags & CF_TIGHT) || tight_ok)) {
			best = f;
			best_n = k - i + 1;
		}
		if (tk->kind == FIN_TOK_PUNCT && !(tl == 1 && *tp == '-'))
			break; /* only '-' joins words inside a form ("D-marks") */
		if (!is_prefix(t, key, kl))
			break; /* no longer form starts this way */
	}
	*ntok = best_n;
	return best;
}

/* ---------------------------------------------------------------------- */
/* Resolution                                                             */
/* ---------------------------------------------------------------------- */

void fin_currency_ctx_init(fin_currency_ctx *ctx, const char *title, const fin_tokens *title_toks,
			   const char *body, const fin_tokens *body_toks, fin_ymd published)
{
	ctx->title = title;
	ctx->title_toks = title_toks;
	ctx->body = body;
	ctx->body_toks = body_toks;
	ctx->published = published;
	ctx->counted = 0;
}

static void count_cues(const fin_currency_table *t, fin_currency_ctx *ctx, const char *text,
		       const fin_tokens *toks)
{
	if (!text || !toks)
		return;
	for (size_t i = 0; i < toks->n; i++) {
		const fin_token *tk = &toks->v[i];
		size_t n = tk->end - tk->start;
		if (tk->kind != FIN_TOK_WORD || n < 3 || n >= 24)
			continue;
		char w[24];
		for (size_t b = 0; b < n; b++)
			w[b] = (char)fin_to_lower((unsigned char)text[tk->start + b]);
		size_t mask = t->n_cue_slots - 1;
		for (size_t j = key_hash(w, n) & mask; t->cue_slots[j]; j = (j + 1) & mask) {
			uint32_t ci = t->cue_slots[j] - 1;
			if (strlen(t->cue_words[ci]) == n && memcmp(t->cue_words[ci], w, n) == 0) {
				if (ctx->counts[ci] < UINT16_MAX)
					ctx->counts[ci]++;
				break;
			}
		}
	}
}

static int ymd_cmp(fin_ymd a, fin_ymd b)
{
	if (a.year != b.year)
		return a.year < b.year ? -1 : 1;
	if (a.month != b.month)
		return a.month < b.month ? -1 : 1;
	return a.day < b.day ? -1 : a.day > b.day;
}

void fin_currency_resolve(const fin_currency_table *t, const fin_currency_form *f,
			  fin_currency_ctx *ctx, char code[4])
{
	memcpy(code, f->code, 4);
	if (f->rule) {
		const cur_rule *r = NULL;
		for (size_t i = 0; i < t->n_rules; i++)
			if (strcmp(t->rules[i].name, f->rule) == 0)
				r = &t->rules[i];
		if (r) {
			if (!ctx->counted) {
				memset(ctx->counts, 0, sizeof ctx->counts);
				count_cues(t, ctx, ctx->title, ctx->title_toks);
				count_cues(t, ctx, ctx->body, ctx->body_toks);
				ctx->counted = 1;
			}
			unsigned best = 0;
			const char *pick = NULL;
			for (size_t i = 0; i < r->cue_count; i++) {
				const rule_cue *c = &t->rule_cues[r->cue_first + i];
				if (ctx->counts[c->cue] > best) {
					best = ctx->counts[c->cue];
					pick = c->code;
				}
			}
			if (pick)
				memcpy(code, pick, 4);
			else if (r->before.year && ctx->published.year && ymd_cmp(ctx->published, r->before) < 0)
				memcpy(code, r->before_code, 4);
			else
				memcpy(code, r->def, 4);
		}
	}
	/* The currency of the time. */
	if (ctx->published.year) {
		for (int guard = 0; guard < 8; guard++) {
			bool changed = false;
			for (size_t i = 0; i < t->n_history; i++) {
				const cur_history *h = &t->history[i];
				if (memcmp(h->code, code, 3) == 0 && ymd_cmp(ctx->published, h->until) < 0) {
					memcpy(code, h->old, 4);
					changed = true;
					break;
				}
			}
			if (!changed)
				break;
		}
	}
}
