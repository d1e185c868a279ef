/*
 * money.c — the grammar of amounts.
 *
 * A bounded, hand-written parser over the lexer's tokens. The scan looks at
 * candidates only (numbers, currency signs, words right before a number,
 * spelled-out numbers) and at each one tries, in order:
 *
 *   amount  := [qualifier] core [range-tail | coordination] [minor] [unit]
 *   core    := [prefix-currency] number [scale] [postfix-currency [scale]]
 *   number  := 1,234.5 | 1.234,5 | .125 | 11-5/8 | spelled-out words
 *
 * A core without a currency is money only when a coordination shares one
 * with it ("between 10 and 12 dlrs", "1.9 mln vs 2.4 mln dlrs") or when it
 * stands in an earnings table row ("Net 2.4 mln vs 1.9 mln": implicit).
 * Values are exact decimals; an overflow skips the amount and is counted.
 */
#include "internal.h"

#include <stdlib.h>
#include <string.h>

struct fin_money_scanner {
	const fin_currency_table *cur;
	fin_keyset start;  /* words that can start a spelled amount ("twenty", "a") */
	fin_keyset scale;  /* scale words of up to 8 bytes -> index in scale_words */
	fin_keyset label;  /* earnings-table labels of up to 8 bytes */
	uint8_t long_label[16]; /* indices of the longer ones in table_labels (a few) */
	size_t n_long_label;
};
static bool scanner_keys_init(fin_money_scanner *s);

/* Can a spelled amount start with p[0..n)? Longer words ("seventeen") are
 * left to the exact tests. */
static bool start_word(const fin_money_scanner *ms, const char *p, size_t n, size_t avail)
{
	return n > 8 || fin_keyset_get_in(&ms->start, p, n, avail) >= 0;
}

int fin_money_scanner_new(fin_money_scanner **out, const fin_currency_table *cur, fin_error *err)
{
	fin_money_scanner *s = fin_calloc(1, sizeof *s);
	if (!s)
		return fin_error_set(err, FIN_ENOMEM, "", 0, "out of memory");
	s->cur = cur;
	if (!scanner_keys_init(s)) {
		fin_free(s);
		return fin_error_set(err, FIN_EINVAL, "", 0, "money scanner: a word list is larger than its key set");
	}
	*out = s;
	return FIN_OK;
}

void fin_money_scanner_free(fin_money_scanner *s)
{
	fin_free(s);
}

/* ====================================================================== */
/* Scan state                                                             */
/* ====================================================================== */

typedef struct scan {
	const fin_money_scanner *ms;
	fin_arena *arena;
	const char *text;
	const fin_tokens *toks;
	fin_field field;
	fin_currency_ctx *ctx;
	fin_money **out;
	size_t *n, *cap;
	size_t first_out;  /* index of this field's first mention in *out */
	size_t safe_end;   /* end of the last token: bytes before it may be read */
	long *overflows;
	int overflow;      /* set by arithmetic helpers during one attempt */
} scan;

/* A parsed core: number, scale, currency. */
typedef struct core {
	size_t ts, te;          /* tokens [ts, te) */
	fin_decimal raw;        /* the number as written */
	fin_decimal scale;      /* 1 when none */
	int has_scale;
	const fin_currency_form *cur;
	int cur_prefix;         /* the currency came before the number */
	int year_like;          /* bare 4-digit 1900..2100 */
	int small_int;          /* integer 1..99 without separators */
	size_t num_ts, num_te;  /* tokens of the number itself */
} core;

/* ====================================================================== */
/* Token helpers                                                          */
/* ====================================================================== */

static inline const fin_token *tok(const scan *s, size_t i)
{
	return &s->toks->v[i];
}

static inline size_t tlen(const scan *s, size_t i)
{
	return s->toks->v[i].end - s->toks->v[i].start;
}

static inline const char *tptr(const scan *s, size_t i)
{
	return s->text + s->toks->v[i].start;
}

/* s[0..n) equals the lower-case literal lit, ASCII case-insensitively. The
 * first-byte test inline keeps the common mismatch cheap (hot path). */
static inline bool word_eq(const char *p, size_t n, const char *lit)
{
	if ((unsigned char)lit[0] != fin_to_lower((unsigned char)p[0]))
		return false;
	if (n == 1)
		return lit[1] == '\0';
	return (unsigned char)lit[1] == fin_to_lower((unsigned char)p[1]) && fin_eq_ci(p, n, lit);
}

/* Token i is the word lit (lower-case literal; ASCII case-insensitive). */
static bool is_word(const scan *s, size_t i, const char *lit)
{
	return i < s->toks->n && tok(s, i)->kind == FIN_TOK_WORD && word_eq(tptr(s, i), tlen(s, i), lit);
}

/* Token i is the punctuation character c. */
static bool is_punct(const scan *s, size_t i, char c)
{
	return i < s->toks->n && tok(s, i)->kind == FIN_TOK_PUNCT && tlen(s, i) == 1 && *tptr(s, i) == c;
}

/* A dash: '-', en dash, em dash. */
static bool is_dash(const scan *s, size_t i)
{
	if (i >= s->toks->n || tok(s, i)->kind != FIN_TOK_PUNCT)
		return false;
	const unsigned char *p = (const unsigned char *)tptr(s, i);
	size_t n = tlen(s, i);
	return (n == 1 && p[0] == '-') || (n == 3 && p[0] == 0xE2 && p[1] == 0x80 && (p[2] == 0x93 || p[2] == 0x94));
}

static bool glued(const scan *s, size_t i)
{
	return i < s->toks->n && !(tok(s, i)->flags & FIN_TF_SPACE_BEFORE);
}

/* Is token i the start of a new sentence or paragraph (a hard boundary)? */
static bool boundary(const scan *s, size_t i)
{
	return i < s->toks->n && (tok(s, i)->flags & (FIN_TF_SENT_START | FIN_TF_PARA_BEFORE));
}

/* ====================================================================== */
/* Numbers                                                                */
/* ====================================================================== */

/* Parse a numeric token with separators into *out. Returns 0, FIN_EPARSE
 * (not a number we read) or FIN_EOVERFLOW. */
static int parse_numtok(const char *p, size_t n, fin_decimal *out, int *plain_int)
{
	size_t ncomma = 0, ndot = 0, last_comma = 0, last_dot = 0;
	for (size_t i = 0; i < n; i++) {
		if (p[i] == ',') {
			ncomma++;
			last_comma = i;
		} else if (p[i] == '.') {
			ndot++;
			last_dot = i;
		}
	}
	char dec = 0; /* the decimal separator, if any */
	if (ncomma && ndot) {
		dec = last_comma > last_dot ? ',' : '.';
	} else if (ncomma) {
		/* Thousands if every group after the first has 3 digits, or the
		 * Indian 2-2-3 grouping; else one comma is a decimal comma. */
		bool threes = true, indian = true;
		size_t gstart = 0, groups = 0;
		for (size_t i = 0; i <= n; i++) {
			if (i == n || p[i] == ',') {
				size_t gl = i - gstart;
				if (groups > 0) {
					if (gl != 3)
						threes = false;
					if (i == n ? gl != 3 : gl != 2)
						indian = false;
				} else if (gl > 3) {
					threes = false;
				}
				groups++;
				gstart = i + 1;
			}
		}
		if (!threes && !indian) {
			if (ncomma == 1)
				dec = ',';
			else
				return FIN_EPARSE;
		}
	} else if (ndot > 1) {
		/* 1.234.567: European thousands. */
		size_t gstart = 0, groups = 0;
		for (size_t i = 0; i <= n; i++) {
			if (i == n || p[i] == '.') {
				if (groups > 0 && i - gstart != 3)
					return FIN_EPARSE;
				groups++;
				gstart = i + 1;
			}
		}
	} else if (ndot == 1) {
		dec = '.';
	}
	int64_t sig = 0;
	int32_t exp = 0;
	bool after = false;
	size_t digits = 0;
	for (size_t i = 0; i < n; i++) {
		char c = p[i];
		if (c == dec) {
			after = true;
			continue;
		}
		if (c == ',' || c == '.')
			continue;
		if (__builtin_mul_overflow(sig, (int64_t)10, &sig) ||
		    __builtin_add_overflow(sig, (int64_t)(c - '0'), &sig))
			return FIN_EOVERFLOW;
		digits++;
		if (after)
			exp--;
	}
	if (!digits)
		return FIN_EPARSE;
	*out = fin_decimal_norm((fin_decimal){sig, exp});
	*plain_int = !ncomma && !ndot;
	return FIN_OK;
}

/* Spelled-out number words. */
typedef struct numword {
	const char *w;
	int v;
} numword;

static const numword units_words[] = {
	{"zero", 0}, {"one", 1}, {"two", 2}, {"three", 3}, {"four", 4}, {"five", 5},
	{"six", 6}, {"seven", 7}, {"eight", 8}, {"nine", 9}, {"ten", 10}, {"eleven", 11},
	{"twelve", 12}, {"thirteen", 13}, {"fourteen", 14}, {"fifteen", 15}, {"sixteen", 16},
	{"seventeen", 17}, {"eighteen", 18}, {"nineteen", 19}, {"twenty", 20}, {"thirty", 30},
	{"forty", 40}, {"fifty", 50}, {"sixty", 60}, {"seventy", 70}, {"eighty", 80},
	{"ninety", 90}, {NULL, 0},
};

/* Value of a cardinal word < 100, or -1. Hot (every word that starts like
 * a number): lower-case once, then compare only the words of that length. */
static int cardinal(const scan *s, size_t i)
{
	if (i >= s->toks->n || tok(s, i)->kind != FIN_TOK_WORD)
		return -1;
	size_t n = tlen(s, i);
	if (n < 3 || n > 9)
		return -1;
	const char *p = tptr(s, i);
	switch (fin_to_lower((unsigned char)p[0])) {
	case 'z': case 'o': case 't': case 'f': case 's': case 'e': case 'n':
		break;
	default:
		return -1;
	}
	char w[10];
	for (size_t k = 0; k < n; k++)
		w[k] = (char)fin_to_lower((unsigned char)p[k]);
	static const char *const by_len[10][7] = {
		[3] = {"one", "two", "six", "ten"},
		[4] = {"zero", "four", "five", "nine"},
		[5] = {"three", "seven", "eight", "forty", "fifty", "sixty"},
		[6] = {"eleven", "twelve", "twenty", "thirty", "eighty", "ninety"},
		[7] = {"fifteen", "sixteen", "seventy"},
		[8] = {"thirteen", "fourteen", "eighteen", "nineteen"},
		[9] = {"seventeen"},
	};
	for (size_t k = 0; k < 7 && by_len[n][k]; k++) {
		if (memcmp(w, by_len[n][k], n) != 0)
			continue;
		for (const numword *u = units_words; u->w; u++)
			if (u->w == by_len[n][k] || strcmp(u->w, by_len[n][k]) == 0)
				return u->v;
	}
	return -1;
}

/* Scale words: value as a power of ten; `glued_only` for one-letter forms. */
typedef struct scaleword {
	const char *w;
	int pow10;
	int short_form; /* k, m, b: glued or after a currency sign only */
} scaleword;

static const scaleword scale_words[] = {
	{"thousand", 3, 0}, {"thousands", 3, 0}, {"k", 3, 1}, {"grand", 3, 0},
	{"million", 6, 0}, {"millions", 6, 0}, {"mln", 6, 0}, {"mn", 6, 0}, {"mio", 6, 0},
	{"mil", 6, 0}, {"m", 6, 1}, {"billion", 9, 0}, {"billions", 9, 0}, {"bln", 9, 0},
	{"bn", 9, 0}, {"b", 9, 1}, {"trillion", 12, 0}, {"trillions", 12, 0}, {"tn", 12, 0},
	{"trn", 12, 0}, {"tln", 12, 0}, {"lakh", 5, 0}, {"lakhs", 5, 0}, {"lac", 5, 0},
	{"crore", 7, 0}, {"crores", 7, 0}, {"cr", 7, 0}, {NULL, 0, 0},
};

/* The scale word of p[0..n), or NULL. Keys of lower-case letters folded
 * with | 0x20 match exactly the case-insensitive spellings. */
static const scaleword *scale_word(const fin_money_scanner *ms, const char *p, size_t n, size_t avail)
{
	if (n <= 8) {
		int k = fin_keyset_get_in(&ms->scale, p, n, avail);
		return k >= 0 ? &scale_words[k] : NULL;
	}
	for (const scaleword *w = scale_words; w->w; w++)
		if (word_eq(p, n, w->w))
			return w;
	return NULL;
}

/* If token i is a scale word usable here, return its power of ten, else -1.
 * `after_sign`: the amount has a currency sign, so "5 m" may be million. */
static int scale_at(const scan *s, size_t i, bool after_sign)
{
	/* A scale word that starts a new sentence or paragraph belongs to no
	 * number before it ("... 2\n\nbn"). */
	if (i >= s->toks->n || tok(s, i)->kind != FIN_TOK_WORD || boundary(s, i))
		return -1;
	size_t n = tlen(s, i);
	if (n > 9)
		return -1;
	const scaleword *w = scale_word(s->ms, tptr(s, i), n, s->safe_end - tok(s, i)->start);
	if (!w)
		return -1;
	if (w->short_form && !glued(s, i) && !after_sign)
		return -1;
	/* "5m" must not run into more letters or digits: the lexer already
	 * split words, so only check the next token. */
	if (w->short_form && i + 1 < s->toks->n && glued(s, i + 1) && tok(s, i + 1)->kind == FIN_TOK_NUM)
		return -1;
	/* "grand" only as slang after a number ("10 grand"). */
	return w->pow10;
}

/* Spelled-out number at i: "five", "forty-five", "two hundred", "a", "half a",
 * "a quarter", "three quarters". Only accepted when followed by a scale word
 * or a currency (the caller checks). */
static bool parse_spelled(const scan *s, size_t i, fin_decimal *out, size_t *end)
{
	size_t k = i;
	int64_t cur = 0;
	bool any = false;
	/* "a" / "an" / "half" / "quarter" lead-ins. */
	if (is_word(s, k, "a") || is_word(s, k, "an")) {
		if (is_word(s, k + 1, "quarter")) {
			*out = (fin_decimal){25, -2};
			*end = k + 2;
			return scale_at(s, k + 2, false) >= 0;
		}
		if (is_word(s, k + 1, "half")) {
			*out = (fin_decimal){5, -1};
			*end = k + 2;
			return scale_at(s, k + 2, false) >= 0;
		}
		if (scale_at(s, k + 1, false) >= 0 || is_word(s, k + 1, "hundred")) {
			if (is_word(s, k + 1, "hundred")) {
				cur = 100;
				k += 2;
				any = true;
			} else {
				*out = (fin_decimal){1, 0};
				*end = k + 1;
				return true;
			}
		} else {
			return false;
		}
	}
	if (!any && is_word(s, k, "quarter") && scale_at(s, k + 1, false) >= 0) {
		*out = (fin_decimal){25, -2};
		*end = k + 1;
		return true;
	}
	if (!any && is_word(s, k, "half")) {
		size_t j = k + 1;
		if (is_word(s, j, "a") || is_word(s, j, "an"))
			j++;
		if (scale_at(s, j, false) >= 0) {
			*out = (fin_decimal){5, -1};
			*end = j;
			return true;
		}
		return false;
	}
	for (;;) {
		/* A spelled number never runs into the next sentence ("zero\n\nzero"). */
		if (k > i && boundary(s, k))
			break;
		int v = cardinal(s, k);
		if (v >= 0) {
			if (any && cur % 100 != 0 && cur % 10 != 0)
				break; /* "five six" */
			if (any && v >= 20 && cur % 100 != 0)
				break;
			cur += v;
			any = true;
			k++;
			/* forty-five */
			if (v >= 20 && v % 10 == 0 && is_dash(s, k) && glued(s, k) && glued(s, k + 1)) {
				int u = cardinal(s, k + 1);
				if (u > 0 && u < 10) {
					cur += u;
					k += 2;
				}
			}
			continue;
		}
		if (any && is_word(s, k, "hundred")) {
			if (cur >= 100)
				break;
			cur *= 100;
			k++;
			if (is_word(s, k, "and") && cardinal(s, k + 1) > 0)
				k++;
			continue;
		}
		if (any && (is_word(s, k, "quarters") || is_word(s, k, "quarter")) && cur > 0 && cur < 4) {
			*out = fin_decimal_norm((fin_decimal){cur * 25, -2});
			*end = k + 1;
			return scale_at(s, k + 1, false) >= 0;
		}
		break;
	}
	if (!any)
		return false;
	*out = (fin_decimal){cur, 0};
	*end = k;
	return true;
}

/* Powers of two that make a Reuters fraction denominator (5/8, 3/16...). */
static bool fraction_den(int64_t d)
{
	return d == 2 || d == 4 || d == 8 || d == 16 || d == 32 || d == 64;
}

/* Exact value of num/den for a power-of-two den. */
static int frac_value(int64_t num, int64_t den, fin_decimal *out)
{
	/* num/den = num * 5^k / 10^k for den = 2^k. */
	int k = 0;
	int64_t m = num;
	for (int64_t d = den; d > 1; d /= 2) {
		if (__builtin_mul_overflow(m, (int64_t)5, &m))
			return FIN_EOVERFLOW;
		k++;
	}
	*out = fin_decimal_norm((fin_decimal){m, -k});
	return FIN_OK;
}

/* A number at token i: digits (with Reuters fractions "11-5/8", "5/8") or
 * spelled-out words. On success sets *out, *end and flags. */
static bool parse_number(scan *s, size_t i, fin_decimal *out, size_t *end, int *year_like, int *small_int)
{
	*year_like = 0;
	*small_int = 0;
	if (i >= s->toks->n)
		return false;
	const fin_token *t = tok(s, i);
	if (t->kind == FIN_TOK_NUM) {
		int plain;
		/* "1 . 8500" (tokenised text): the tail of a number, not one. */
		if (i >= 2 && is_punct(s, i - 1, '.') && tok(s, i - 2)->kind == FIN_TOK_NUM)
			return false;
		int rc = parse_numtok(tptr(s, i), tlen(s, i), out, &plain);
		if (rc == FIN_EOVERFLOW) {
			s->overflow = 1;
			return false;
		}
		if (rc)
			return false;
		size_t k = i + 1;
		/* A number glued to letters or digits on its left ("Q3", "A320")
		 * is a model or code, not an amount. */
		if (i > 0 && glued(s, i) && tok(s, i - 1)->kind == FIN_TOK_WORD &&
		    !fin_currency_match(s->ms->cur, s->text, s->toks, i - 1, &(size_t){0}))
			return false;
		/* Fractions: 11-5/8, 5/8; a quote in cents and a fraction of a
		 * cent: "2.72-3/4 dlrs per bushel" is 2.7275 */
		bool cents = !plain && out->exp < 0 && out->exp >= -3;
		if ((plain || cents) && is_dash(s, k) && glued(s, k) && k + 3 < s->toks->n + 0 &&
		    tok(s, k + 1)->kind == FIN_TOK_NUM && glued(s, k + 1) && is_punct(s, k + 2, '/') &&
		    glued(s, k + 2) && tok(s, k + 3)->kind == FIN_TOK_NUM && glued(s, k + 3)) {
			fin_decimal a, b;
			int p1, p2;
			if (!parse_numtok(tptr(s, k + 1), tlen(s, k + 1), &a, &p1) &&
			    !parse_numtok(tptr(s, k + 3), tlen(s, k + 3), &b, &p2) && p1 && p2 &&
			    fraction_den(b.sig * (b.exp == 1 ? 10 : 1)) && b.exp <= 1) {
				int64_t den = b.exp == 1 ? b.sig * 10 : b.sig;
				int64_t num = a.exp == 1 ? a.sig * 10 : a.sig;
				fin_decimal f;
				if (num > 0 && num < den && !is_punct(s, k + 4, '/') && !frac_value(num, den, &f)) {
					if (cents) /* a fraction of a cent */
						f.exp += out->exp;
					if (!fin_decimal_add(*out, f, out)) {
						*end = k + 4;
						return true;
					}
				}
			}
		}
		if (plain && is_punct(s, k, '/') && glued(s, k) && k + 1 < s->toks->n &&
		    tok(s, k + 1)->kind == FIN_TOK_NUM && glued(s, k + 1) && !is_punct(s, k + 2, '/')) {
			fin_decimal b;
			int p2;
			if (!parse_numtok(tptr(s, k + 1), tlen(s, k + 1), &b, &p2) && p2 && b.exp <= 1) {
				int64_t den = b.exp == 1 ? b.sig * 10 : b.sig;
				int64_t num = out->exp == 1 ? out->sig * 10 : out->sig;
				fin_decimal f;
				if (fraction_den(den) && num > 0 && num < den && out->exp <= 1 && !frac_value(num, den, &f)) {
					*out = f;
					*end = k + 2;
					return true;
				}
			}
			return false; /* 11/3/25 and other slashes: a date or ratio */
		}
		if (plain) {
			size_t n = tlen(s, i);
			if (n == 4 && out->exp >= 0) {
				int64_t v = out->sig;
				for (int e = 0; e < out->exp; e++)
					v *= 10;
				*year_like = v >= 1900 && v <= 2100;
			}
			if (n <= 2 && out->exp >= 0 && out->exp <= 1 && out->sig >= 1 && out->sig * (out->exp ? 10 : 1) <= 99)
				*small_int = 1;
		}
		*end = k;
		return true;
	}
	if (t->kind == FIN_TOK_WORD) {
		if (parse_spelled(s, i, out, end)) {
			if (out->exp >= 0 && out->exp <= 1 && out->sig >= 1 && out->sig * (out->exp ? 10 : 1) <= 99)
				*small_int = 1;
			return true;
		}
	}
	return false;
}

/* ====================================================================== */
/* Cores                                                                  */
/* ====================================================================== */

static const fin_currency_form *match_cur(const scan *s, size_t i, unsigned need, size_t *n)
{
	const fin_currency_form *f = fin_currency_match(s->ms->cur, s->text, s->toks, i, n);
	if (f && !(f->flags & need))
		return NULL;
	return f;
}

/* "pounds of sugar": weight, not money. */
static bool weight_pounds(const scan *s, const fin_currency_form *f, size_t after)
{
	if (strcmp(f->key, "pounds") != 0 && strcmp(f->key, "pound") != 0)
		return false;
	if (!is_word(s, after, "of"))
		return false;
	static const char *const money_nouns[] = {
		"debt", "debts", "bonds", "bond", "shares", "stock", "assets", "loans", "capital",
		"investment", "funding", "cash", "taxpayers", "public", "savings", "losses", "profit",
		"revenue", "sales", "new", "additional", "extra", "its", "their", "the", NULL,
	};
	size_t k = after + 1;
	if (k >= s->toks->n)
		return false;
	for (size_t j = 0; money_nouns[j]; j++)
		if (is_word(s, k, money_nouns[j]))
			return false;
	return true;
}

/* Parse a core at i. `want_prefix`: a currency may stand before the number.
 * Returns true when a number was read (with or without currency). */
static bool parse_core(scan *s, size_t i, bool want_prefix, core *c)
{
	memset(c, 0, sizeof *c);
	c->scale = (fin_decimal){1, 0};
	c->ts = i;
	size_t k = i;
	if (want_prefix) {
		size_t n;
		const fin_currency_form *f = match_cur(s, k, FIN_CF_PREFIX, &n);
		/* "c.$40m" is circa $40m, not Canadian: "C$" has no dot. */
		if (f && strcmp(f->key, "c $") == 0 && is_punct(s, k + 1, '.'))
			f = NULL;
		if (f) {
			size_t j = k + n;
			if (is_punct(s, j, '.') && glued(s, j))
				j++; /* "Rs. 500" */
			if (j < s->toks->n && !boundary(s, j) &&
			    (tok(s, j)->kind == FIN_TOK_NUM || (f->flags & FIN_CF_SYMBOL) || cardinal(s, j) >= 0 ||
			     is_word(s, j, "a") || is_word(s, j, "half"))) {
				/* A word prefix (code, "Rs") must be followed by a digit
				 * number: "USD 200", not "USD one". */
				if (tok(s, j)->kind == FIN_TOK_NUM || (f->flags & FIN_CF_SYMBOL)) {
					c->cur = f;
					c->cur_prefix = 1;
					k = j;
				}
			}
		}
	}
	size_t e;
	if (!parse_number(s, k, &c->raw, &e, &c->year_like, &c->small_int))
		return false;
	if (e > k && boundary(s, k) && c->cur_prefix && k > i)
		return false;
	c->num_ts = k;
	c->num_te = e;
	k = e;
	size_t sk = k;
	if (is_dash(s, sk) && glued(s, sk) && glued(s, sk + 1) && scale_at(s, sk + 1, false) >= 0 &&
	    tlen(s, sk + 1) > 1)
		sk++; /* "$1.5-billion" */
	int p = scale_at(s, sk, c->cur != NULL);
	if (p >= 0 && !boundary(s, sk)) {
		k = sk + 1;
		/* "5 lakh crore", "two thousand million": scales multiply. */
		int p2 = scale_at(s, k, false);
		if (p2 > p && tlen(s, k) > 1) {
			p += p2;
			k++;
		}
		c->scale = (fin_decimal){1, p};
		c->has_scale = 1;
	}
	/* Postfix currency. */
	if (!c->cur || (c->cur->flags & FIN_CF_SYMBOL)) {
		size_t j = k;
		bool hy = false;
		if (is_dash(s, j) && glued(s, j) && glued(s, j + 1) && tok(s, j + 1)->kind == FIN_TOK_WORD) {
			j++; /* "12-cent", "one-yen" */
			hy = true;
		}
		size_t n;
		const fin_currency_form *f = j < s->toks->n && !boundary(s, j) ? match_cur(s, j, FIN_CF_POSTFIX, &n) : NULL;
		if (f && hy && (f->flags & FIN_CF_SYMBOL))
			f = NULL;
		/* "3 USD50", "1 $10": a sign or code glued to the next number is
		 * that number's prefix. */
		if (f && (f->flags & (FIN_CF_SYMBOL | FIN_CF_CODE)) && (f->flags & FIN_CF_PREFIX) &&
		    j + n < s->toks->n && tok(s, j + n)->kind == FIN_TOK_NUM && glued(s, j + n))
			f = NULL;
		/* "$ 20,000.00 $ 37,305.97": a prefixed amount takes no second sign. */
		if (f && c->cur && (f->flags & FIN_CF_SYMBOL))
			f = NULL;
		if (f && (f->flags & FIN_CF_GLUED) && (!glued(s, j) || c->has_scale || j != c->num_te))
			f = NULL;
		/* "25p5" or "43cm": the glued letter must end the word. */
		if (f && (f->flags & FIN_CF_GLUED) && j + 1 < s->toks->n && glued(s, j + 1) &&
		    tok(s, j + 1)->kind != FIN_TOK_PUNCT)
			f = NULL;
		if (f && c->year_like && !c->cur && !(f->flags & (FIN_CF_SYMBOL | FIN_CF_CODE | FIN_CF_YEARSAFE)))
			f = NULL; /* "1987 marks", "in 1982 dollars" */
		if (f && weight_pounds(s, f, j + n))
			f = NULL;
		if (f && c->cur) {
			/* "$ 10 dollars": absorb only the same currency. */
			if (strcmp(f->code, c->cur->code) != 0 || (f->flags & FIN_CF_MINOR))
				f = NULL;
		}
		if (f) {
			if (!c->cur) {
				c->cur = f;
				c->cur_prefix = 0;
			}
			k = j + n;
			if (!c->has_scale && (f->flags & FIN_CF_CODE)) {
				int p2 = scale_at(s, k, true);
				if (p2 >= 0) {
					c->scale = (fin_decimal){1, p2};
					c->has_scale = 1;
					k++;
				}
			}
		}
	}
	c->te = k;
	return true;
}

/* Value of a core: raw x scale x the currency form's factor. */
static int core_value(const core *c, const fin_currency_form *cur, fin_decimal *out)
{
	fin_decimal v;
	int rc = fin_decimal_mul(c->raw, c->scale, &v);
	if (!rc && cur && (cur->factor.sig != 1 || cur->factor.exp != 0))
		rc = fin_decimal_mul(v, cur->factor, &v);
	if (!rc)
		*out = v;
	return rc;
}

/* ====================================================================== */
/* Context around an amount                                               */
/* ====================================================================== */

typedef struct qualword {
	const char *words[4];
	fin_qualifier q;
} qualword;

/* Longest first within each start word. */
static const qualword qualifiers[] = {
	{{"more", "than", NULL}, FIN_QUAL_OVER},
	{{"in", "excess", "of", NULL}, FIN_QUAL_OVER},
	{{"upwards", "of", NULL}, FIN_QUAL_OVER},
	{{"just", "over", NULL}, FIN_QUAL_OVER},
	{{"well", "over", NULL}, FIN_QUAL_OVER},
	{{"over", NULL}, FIN_QUAL_OVER},
	{{"above", NULL}, FIN_QUAL_OVER},
	{{"exceeding", NULL}, FIN_QUAL_OVER},
	{{"less", "than", NULL}, FIN_QUAL_UNDER},
	{{"lower", "than", NULL}, FIN_QUAL_UNDER},
	{{"higher", "than", NULL}, FIN_QUAL_OVER},
	{{"greater", "than", NULL}, FIN_QUAL_OVER},
	{{"fewer", "than", NULL}, FIN_QUAL_UNDER},
	{{"just", "under", NULL}, FIN_QUAL_UNDER},
	{{"under", NULL}, FIN_QUAL_UNDER},
	{{"below", NULL}, FIN_QUAL_UNDER},
	{{"up", "to", NULL}, FIN_QUAL_UP_TO},
	{{"as", "much", "as", NULL}, FIN_QUAL_UP_TO},
	{{"as", "high", "as", NULL}, FIN_QUAL_UP_TO},
	{{"a", "maximum", "of", NULL}, FIN_QUAL_UP_TO},
	{{"no", "more", "than", NULL}, FIN_QUAL_UP_TO},
	{{"at", "most", NULL}, FIN_QUAL_UP_TO},
	{{"at", "least", NULL}, FIN_QUAL_AT_LEAST},
	{{"a", "minimum", "of", NULL}, FIN_QUAL_AT_LEAST},
	{{"no", "less", "than", NULL}, FIN_QUAL_AT_LEAST},
	{{"nearly", NULL}, FIN_QUAL_NEARLY},
	{{"almost", NULL}, FIN_QUAL_NEARLY},
	{{"close", "to", NULL}, FIN_QUAL_NEARLY},
	{{"about", NULL}, FIN_QUAL_APPROX},
	{{"around", NULL}, FIN_QUAL_APPROX},
	{{"approximately", NULL}, FIN_QUAL_APPROX},
	{{"approx", NULL}, FIN_QUAL_APPROX},
	{{"roughly", NULL}, FIN_QUAL_APPROX},
	{{"some", NULL}, FIN_QUAL_APPROX},
	{{"circa", NULL}, FIN_QUAL_APPROX},
	{{"an", "estimated", NULL}, FIN_QUAL_APPROX},
	{{"estimated", NULL}, FIN_QUAL_APPROX},
	{{"an", "approximate", NULL}, FIN_QUAL_APPROX},
	{{"approximate", NULL}, FIN_QUAL_APPROX},
	{{NULL}, FIN_QUAL_NONE},
};

/* Could p[0..n) end a qualifier phrase? (A cheap filter: the last words of
 * the table above.) */
static bool qualifier_last_word(const char *p, size_t n)
{
	static const char *const last[] = {
		"than", "of", "over", "above", "exceeding", "under", "below", "to", "as", "most",
		"least", "nearly", "almost", "about", "around", "approximately", "approx", "roughly",
		"some", "circa", "estimated", "approximate", NULL,
	};
	for (size_t k = 0; last[k]; k++)
		if (word_eq(p, n, last[k]))
			return true;
	return false;
}

/* The qualifier ending right before token i (same sentence), or NONE. */
static fin_qualifier qualifier_before(const scan *s, size_t i)
{
	/* Every qualifier ends in a word of at most 13 letters. */
	if (i == 0 || i > s->toks->n || tok(s, i - 1)->kind != FIN_TOK_WORD || tlen(s, i - 1) > 13) {
		if (!(i >= 2 && i <= s->toks->n && is_punct(s, i - 1, '.')))
			return FIN_QUAL_NONE;
	} else if (!qualifier_last_word(tptr(s, i - 1), tlen(s, i - 1))) {
		return FIN_QUAL_NONE;
	}
	/* "c.$40m", "ca. 40 mln dlrs": circa. */
	if (i >= 2 && is_punct(s, i - 1, '.') && glued(s, i - 1) && (is_word(s, i - 2, "c") || is_word(s, i - 2, "ca")))
		return FIN_QUAL_APPROX;
	/* The longest phrase wins: "no more than" is up_to, not "more than". */
	fin_qualifier best = FIN_QUAL_NONE;
	size_t best_n = 0;
	for (const qualword *q = qualifiers; q->words[0]; q++) {
		size_t nw = 0;
		while (nw < 4 && q->words[nw])
			nw++;
		if (i < nw || nw <= best_n)
			continue;
		size_t st = i - nw;
		bool ok = true;
		for (size_t w = 0; w < nw && ok; w++)
			ok = is_word(s, st + w, q->words[w]) && (w == 0 || !boundary(s, st + w));
		if (ok && !boundary(s, i)) {
			best = q->q;
			best_n = nw;
		}
	}
	return best;
}

typedef struct unitword {
	const char *w;
	const char *unit;
} unitword;

static const unitword unit_words[] = {
	{"share", "share"}, {"shr", "share"}, {"barrel", "barrel"}, {"bbl", "barrel"},
	{"tonne", "ton"}, {"ton", "ton"}, {"tonnes", "ton"}, {"ounce", "ounce"}, {"oz", "ounce"},
	{"pound", "pound"}, {"lb", "pound"}, {"kilo", "kilo"}, {"kg", "kilo"}, {"kilogram", "kilo"},
	{"bushel", "bushel"}, {"gallon", "gallon"}, {"litre", "litre"}, {"liter", "litre"},
	{"dozen", "dozen"}, {"head", "head"}, {"unit", "unit"}, {"day", "day"}, {"week", "week"},
	{"month", "month"}, {"year", "year"}, {"annum", "year"}, {"hour", "hour"},
	{"person", "person"}, {"passenger", "passenger"}, {"ticket", "ticket"}, {"seat", "seat"},
	{"acre", "acre"}, {"arroba", "arroba"}, {"bag", "bag"}, {"case", "case"}, {"box", "box"},
	{"contract", "contract"}, {"vehicle", "vehicle"}, {"car", "car"}, {"copy", "copy"},
	{"carat", "carat"}, {"mmbtu", "mmbtu"}, {"cwt", "cwt"}, {"bale", "bale"}, {"sack", "sack"},
	{"square", "square foot"}, {"troy", "ounce"}, {"employee", "employee"}, {"subscriber", "subscriber"},
	{"user", "user"}, {"household", "household"}, {"customer", "customer"}, {"night", "night"},
	{"mile", "mile"}, {"megawatt", "megawatt"}, {"kilowatt", "kilowatt"}, {NULL, NULL},
};

/* Per-unit after token i: "a share", "per barrel", "-a-share", "/share".
 * Returns the unit name (static) and sets *end, or NULL. */
static const char *unit_after(const scan *s, size_t i, size_t *end)
{
	size_t k = i;
	bool hy = false;
	if (is_dash(s, k) && glued(s, k)) {
		k++;
		hy = true;
	}
	if (k >= s->toks->n || boundary(s, k))
		return NULL;
	bool per = is_word(s, k, "a") || is_word(s, k, "an") || is_word(s, k, "per") || is_word(s, k, "each");
	bool slash = !hy && is_punct(s, k, '/') && glued(s, k);
	if (!per && !slash)
		return NULL;
	k++;
	if (hy) {
		if (!is_dash(s, k) || !glued(s, k))
			return NULL;
		k++;
	}
	/* The unit never starts a new sentence or paragraph ("10-dlr-a-\n\nshare"). */
	if (k >= s->toks->n || tok(s, k)->kind != FIN_TOK_WORD || boundary(s, k))
		return NULL;
	const char *p = tptr(s, k);
	size_t n = tlen(s, k);
	for (const unitword *u = unit_words; u->w; u++) {
		if (word_eq(p, n, u->w)) {
			size_t e = k + 1;
			if ((strcmp(u->w, "troy") == 0 || strcmp(u->w, "square") == 0) && boundary(s, e))
				return NULL;
			if (strcmp(u->w, "troy") == 0) {
				if (!is_word(s, e, "ounce"))
					return NULL;
				e++;
			} else if (strcmp(u->w, "square") == 0) {
				if (!is_word(s, e, "foot") && !is_word(s, e, "metre") && !is_word(s, e, "meter"))
					return NULL;
				e++;
			}
			/* "a share" must not be "a share of the market": fine either way
			 * for the unit; "a year" in "a year earlier" is a comparison. */
			if ((strcmp(u->unit, "year") == 0 || strcmp(u->unit, "month") == 0 ||
			     strcmp(u->unit, "week") == 0 || strcmp(u->unit, "day") == 0) &&
			    !is_word(s, k - 1, "per") &&
			    (is_word(s, e, "earlier") || is_word(s, e, "ago") || is_word(s, e, "before") ||
			     is_word(s, e, "later") || is_word(s, e, "after")))
				return NULL;
			*end = e;
			return u->unit;
		}
	}
	return NULL;
}

/* Bare currency nouns that make "at 1.85 marks" an exchange rate. */
static bool currency_noun(const scan *s, size_t i, char code[4])
{
	size_t n;
	const fin_currency_form *f = fin_currency_match(s->ms->cur, s->text, s->toks, i, &n);
	if (!f || !(f->flags & FIN_CF_NOUN) || (f->flags & FIN_CF_MINOR))
		return false;
	/* Bitcoin is quoted like an asset: "Bitcoin traded above $60,000" is a price. */
	if (strcmp(f->code, "BTC") == 0)
		return false;
	/* A number right before means it is an amount, not the currency; so
	 * does a number before a longer form that ends here ("21.95 Canadian
	 * dlrs"). */
	if (i > 0 && (tok(s, i - 1)->kind == FIN_TOK_NUM || scale_at(s, i - 1, false) >= 0))
		return false;
	for (size_t back = 1; back <= 3 && back <= i; back++) {
		size_t m;
		const fin_currency_form *g = fin_currency_match(s->ms->cur, s->text, s->toks, i - back, &m);
		if (g && m > back) {
			size_t b = i - back;
			if (b > 0 && (tok(s, b - 1)->kind == FIN_TOK_NUM || scale_at(s, b - 1, false) >= 0))
				return false;
		}
	}
	memcpy(code, f->code, 4);
	return true;
}

/* Is the amount [ts, te) in currency `code` an exchange rate? "1.85 marks to
 * the dollar", "the dollar closed at 1.8425 marks". */
static bool exchange_rate(const scan *s, size_t ts, size_t te, const char *code, bool has_scale, bool small)
{
	char other[4];
	/* Forward: "to the dollar", "against the dollar", "per dollar". */
	size_t k = te;
	if (is_word(s, k, "to") || is_word(s, k, "against") || is_word(s, k, "per") || is_word(s, k, "vs")) {
		size_t j = k + 1;
		if (is_word(s, j, "the") || is_word(s, j, "one") || is_word(s, j, "a") || is_word(s, j, "each"))
			j++;
		if (currency_noun(s, j, other) && strcmp(other, code) != 0)
			return true;
	}
	if (has_scale)
		return false;
	/* Backward: a bare currency noun a few words before, the amount
	 * introduced by at/to/from/against. */
	if (ts == 0)
		return false;
	size_t p = ts - 1;
	bool intro = is_word(s, p, "at") || is_word(s, p, "to") || is_word(s, p, "from") ||
		     is_word(s, p, "against") || is_punct(s, p, ':') || is_word(s, p, "of") ||
		     is_word(s, p, "below") || is_word(s, p, "above") || is_word(s, p, "as") ||
		     is_word(s, p, "key") || is_word(s, p, "around") || is_word(s, p, "about") ||
		     is_word(s, p, "near");
	/* Without an introducing word, only a quote-sized number (< 1000) in a
	 * sentence that names another currency or a rate is a rate. */
	if (!intro && !small)
		return false;
	for (size_t back = 1; back <= 10 && back <= p + 1; back++) {
		size_t j = p + 1 - back;
		if (boundary(s, j + 1) && back > 1)
			break;
		bool pound = is_word(s, j, "pound") || is_word(s, j, "pounds");
		if (pound && j > 0 && (is_word(s, j - 1, "a") || is_word(s, j - 1, "per")))
			continue; /* "70 cts a pound": a weight */
		if (currency_noun(s, j, other) && strcmp(other, code) != 0) {
			/* Without "at"/"to"...: the other currency must be the
			 * subject, "the dollar", "sterling", never a weight. */
			if (intro)
				return true;
			if (!pound && (is_word(s, j - (j > 0), "the") || is_word(s, j, "sterling")))
				return true;
		}
		if (is_word(s, j, "rate") && j > 0 && (is_word(s, j - 1, "cross") || is_word(s, j - 1, "exchange")))
			return small;
		if (boundary(s, j))
			break;
	}
	return false;
}

/* Verbs of change: "rose from 10 to 12 dlrs" is two amounts, not a range. */
static bool change_context(const scan *s, size_t i)
{
	static const char *const verbs[] = {
		"rose", "rise", "rising", "risen", "fell", "fall", "falling", "fallen", "increased",
		"increase", "increasing", "decreased", "decrease", "cut", "cuts", "raised", "raise",
		"raising", "lowered", "lower", "lowering", "jumped", "jump", "climbed", "climb",
		"dropped", "drop", "declined", "decline", "grew", "grow", "slipped", "reduced", "reduce",
		"boosted", "boost", "lifted", "lift", "revised", "up", "down", "soared", "plunged",
		"slumped", "surged", "gained", "widened", "narrowed", "changed", "moved", "went",
		"lowering", "lowers", "raises", "cutting", "increases", "by", NULL,
	};
	for (size_t back = 1; back <= 8 && back <= i; back++) {
		size_t j = i - back;
		for (size_t v = 0; verbs[v]; v++)
			if (is_word(s, j, verbs[v]))
				return true;
		if (boundary(s, j))
			break;
	}
	return false;
}

/* ====================================================================== */
/* Emitting                                                               */
/* ====================================================================== */

typedef struct mention {
	size_t ts, te;
	int is_range;
	fin_decimal value, min, max;
	const fin_currency_form *cur;
	int explicit_cur;
	fin_qualifier q;
	const char *unit;
} mention;

/* A new zeroed mention covering tokens [ts, te) with its sentence, or NULL
 * when out of memory. */
static fin_money *push_money(scan *s, size_t ts, size_t te)
{
	if (*s->n >= *s->cap &&
	    fin_arena_grow(s->arena, (void **)s->out, s->cap, *s->n, sizeof(fin_money)))
		return NULL;
	fin_money *o = &(*s->out)[(*s->n)++];
	memset(o, 0, sizeof *o);
	o->field = s->field;
	o->start = tok(s, ts)->start;
	o->end = tok(s, te - 1)->end;
	fin_lex_sentence(s->toks, ts, &o->sent_start, &o->sent_end);
	o->equivalent_of = -1;
	o->date_index = -1;
	return o;
}

/* Emit one mention; a value with no plain form is skipped and counted
 * with the overflows (the writers would have to print null). */
static int emit(scan *s, const mention *m)
{
	bool ok = m->is_range ? fin_decimal_printable(m->min) && fin_decimal_printable(m->max)
			      : fin_decimal_printable(m->value);
	if (!ok) {
		(*s->overflows)++;
		return FIN_OK;
	}
	fin_money *o = push_money(s, m->ts, m->te);
	if (!o)
		return FIN_ENOMEM;
	o->is_range = m->is_range;
	o->value = m->value;
	o->min = m->min;
	o->max = m->max;
	fin_currency_resolve(s->ms->cur, m->cur, s->ctx, o->currency);
	o->explicit_currency = m->explicit_cur;
	o->qualifier = m->q;
	o->unit = m->unit;
	o->equivalent_of = -1;
	o->date_index = -1;
	/* Restatement: "$38bn (£29bn)", "5 mln Canadian dlrs, or 3.7 mln U.S.
	 * dlrs" — the previous amount of this field, in another currency. */
	if (*s->n >= 2 + s->first_out) {
		fin_money *prev = &(*s->out)[*s->n - 2];
		if (prev->field == s->field && strcmp(prev->currency, o->currency) != 0) {
			/* Find the tokens between prev->end and this start. */
			size_t k = m->ts;
			while (k > 0 && tok(s, k - 1)->end > prev->end)
				k--;
			size_t gap_s = k, gap_e = m->ts;
			/* Skip a qualifier right before. */
			while (gap_e > gap_s && tok(s, gap_e - 1)->kind == FIN_TOK_WORD &&
			       !is_word(s, gap_e - 1, "or") && gap_e - gap_s <= 4 &&
			       qualifier_before(s, gap_e) != FIN_QUAL_NONE)
				gap_e--;
			bool paren = gap_e - gap_s == 1 && is_punct(s, gap_s, '(');
			bool paren2 = gap_e - gap_s == 2 && is_punct(s, gap_s, '(') &&
				      (is_word(s, gap_s + 1, "about") || is_word(s, gap_s + 1, "or") ||
				       is_word(s, gap_s + 1, "approx") || is_word(s, gap_s + 1, "some"));
			bool comma_or = gap_e - gap_s == 2 && is_punct(s, gap_s, ',') && is_word(s, gap_s + 1, "or");
			bool semi = gap_e - gap_s == 1 && is_punct(s, gap_s, ';') && prev->equivalent_of >= 0;
			if (paren || paren2 || comma_or || semi) {
				int32_t orig = (int32_t)(*s->n - 2);
				if (prev->equivalent_of >= 0)
					orig = prev->equivalent_of;
				o->equivalent_of = orig;
			}
		}
	}
	return FIN_OK;
}

/* ====================================================================== */
/* Amounts                                                                */
/* ====================================================================== */

/* Connector between coordinated numbers; sets *range_like. */
static size_t connector_tok(const scan *s, size_t i, int *range_like, bool between)
{
	*range_like = 0;
	if (i >= s->toks->n || boundary(s, i))
		return 0;
	if (is_dash(s, i)) {
		*range_like = 1;
		return 1;
	}
	if (is_word(s, i, "to")) {
		*range_like = 1;
		return 1;
	}
	if (is_word(s, i, "and")) {
		*range_like = between;
		return 1;
	}
	if (is_word(s, i, "or") || is_word(s, i, "versus"))
		return 1;
	if (is_word(s, i, "vs")) {
		return is_punct(s, i + 1, '.') ? 2 : 1;
	}
	if (is_punct(s, i, ',') && !is_word(s, i + 1, "or"))
		return 1;
	if (is_punct(s, i, ',') && is_word(s, i + 1, "or"))
		return 0;
	if (is_punct(s, i, '/') && 0)
		return 1;
	return 0;
}

/* The connector at token i (see connector_tok), or 0 when the token after
 * it starts a new sentence or paragraph: an amount never spans two
 * ("5p to\n\n2" is not a range). */
static size_t connector(const scan *s, size_t i, int *range_like, bool between)
{
	size_t n = connector_tok(s, i, range_like, between);
	if (n && boundary(s, i + n)) {
		*range_like = 0;
		return 0;
	}
	return n;
}

/* After an amount ending at token e: "vs 61.4 mln", "from 113 billion",
 * "against 1.9 mln" (optionally after a year: "in 1987 from 113 billion"),
 * where the compared number carries no currency of its own. Returns the
 * token after that number, or e when there is none. */
static size_t comparison_tail(scan *s, size_t e, const core *last, const fin_currency_form *cur)
{
	size_t k = e;
	/* Skip "in 1987", "a year ago", "last year" style gaps (few tokens). */
	size_t gap = 0;
	while (k < s->toks->n && gap < 4 && !boundary(s, k) &&
	       !(is_word(s, k, "vs") || is_word(s, k, "from") || is_word(s, k, "against") ||
		 is_word(s, k, "versus"))) {
		if (tok(s, k)->kind == FIN_TOK_NUM) {
			int plain;
			fin_decimal v;
			if (tlen(s, k) != 4 || parse_numtok(tptr(s, k), tlen(s, k), &v, &plain) || !plain)
				return e;
		} else if (tok(s, k)->kind != FIN_TOK_WORD) {
			return e;
		}
		k++;
		gap++;
	}
	if (k >= s->toks->n || boundary(s, k))
		return e;
	bool vs = is_word(s, k, "vs") || is_word(s, k, "versus") || is_word(s, k, "against");
	if (!vs && !is_word(s, k, "from"))
		return e;
	k++;
	if (is_punct(s, k, '.'))
		k++;
	if (k >= s->toks->n || tok(s, k)->kind != FIN_TOK_NUM || boundary(s, k))
		return e;
	fin_decimal v;
	int plain;
	if (parse_numtok(tptr(s, k), tlen(s, k), &v, &plain))
		return e;
	size_t after = k + 1;
	bool scaled = scale_at(s, after, false) >= 0;
	if (scaled)
		after++;
	/* "from 113 billion": needs a scale unless it is a plain "vs". */
	if (!scaled && (!vs || last->has_scale == 0) && !vs)
		return e;
	if (after < s->toks->n && !boundary(s, after)) {
		size_t n;
		if (is_punct(s, after, '%') || is_word(s, after, "pct") || is_word(s, after, "percent") ||
		    is_word(s, after, "shares") || is_word(s, after, "shrs") || is_word(s, after, "tonnes") ||
		    is_word(s, after, "barrels") || is_word(s, after, "bags") || is_word(s, after, "ounces") ||
		    fin_currency_match(s->ms->cur, s->text, s->toks, after, &n) || is_dash(s, after) ||
		    is_punct(s, after, '/') || is_word(s, after, "to"))
			return e;
	}
	(void)cur;
	return after;
}

#define MAX_CHAIN 12

/* "... from 113 billion" after an amount that ends at token end: the
 * compared figure up to cmp_end (comparison_tail) shares the currency
 * (and, when it has none, the scale) of the amount before it. Returns the
 * token after what was taken; the token count when out of memory. */
static size_t emit_compared(scan *s, size_t end, size_t cmp_end, const core *last, const fin_currency_form *cur,
			    const char *unit)
{
	if (cmp_end > end) {
		core cc;
		size_t j = cmp_end;
		while (tok(s, j - 1)->kind != FIN_TOK_NUM && j - 1 > end)
			j--;
		size_t num_start = j - 1;
		if (tok(s, num_start)->kind == FIN_TOK_NUM && parse_core(s, num_start, false, &cc) && !cc.cur) {
			if (!cc.has_scale && last->has_scale &&
			    (fin_decimal_cmp(cc.raw, (fin_decimal){1000, 0}) < 0)) {
				cc.scale = last->scale;
				cc.has_scale = 1;
			}
			mention mc;
			memset(&mc, 0, sizeof mc);
			mc.cur = cur;
			mc.explicit_cur = 1;
			mc.ts = cc.ts;
			mc.te = cc.te;
			mc.unit = unit;
			mc.q = qualifier_before(s, cc.ts);
			if (core_value(&cc, cur, &mc.value))
				(*s->overflows)++;
			else if (emit(s, &mc))
				return s->toks->n;
			return cc.te;
		}
	}
	return end;
}

/* Try an amount starting at token i. On success emits one or more
 * mentions and returns the token after the last; else returns i. */
static size_t try_amount(scan *s, size_t i)
{
	s->overflow = 0;
	core chain[MAX_CHAIN];
	int range_links[MAX_CHAIN];
	size_t nch = 0;
	if (!parse_core(s, i, true, &chain[0])) {
		if (s->overflow)
			(*s->overflows)++;
		return i;
	}
	nch = 1;
	bool between = is_word(s, i - (i > 0), "between") && i > 0;
	bool from = i > 0 && is_word(s, i - 1, "from");
	/* Build a coordination chain until a core has a currency. */
	while (!chain[nch - 1].cur && nch < MAX_CHAIN) {
		int rl;
		size_t cn = connector(s, chain[nch - 1].te, &rl, between);
		if (!cn)
			break;
		size_t j = chain[nch - 1].te + cn;
		/* "between 10 and 12 dlrs" or "10 to 12 dlrs". */
		if (!parse_core(s, j, true, &chain[nch]))
			break;
		range_links[nch] = rl;
		nch++;
	}
	core *last = &chain[nch - 1];
	if (!last->cur)
		return i; /* no currency anywhere: not money here */
	/* Only now: most numbers tried are not money. */
	fin_qualifier q = qualifier_before(s, i);
	const fin_currency_form *cur = last->cur;
	/* A chain whose later member carries a prefix sign ("10 to $20") keeps
	 * the sign; mixed currencies in one chain: only the last is money. */
	size_t first = 0;
	for (size_t k = 0; k + 1 < nch; k++) {
		if (chain[k].year_like || (chain[k].small_int && nch > 2 && 0))
			first = k + 1;
	}
	if (first >= nch)
		return i;
	/* A range tail for a core that has its own currency: "$10-12bn",
	 * "$3bn to $5bn", "between $3bn and $5bn", "10-12 dollars" handled above. */
	bool tail_range = false;
	core tail;
	if (nch == 1) {
		int rl;
		size_t cn = connector(s, last->te, &rl, between);
		if (cn && rl) {
			size_t j = last->te + cn;
			if (parse_core(s, j, true, &tail) &&
			    (!tail.cur || strcmp(tail.cur->code, cur->code) == 0) &&
			    !(tail.cur && (tail.cur->flags & FIN_CF_MINOR) != (cur->flags & FIN_CF_MINOR)) &&
			    (is_dash(s, last->te) ||
			     (!(from && change_context(s, i - 1)) && !(!from && !between && change_context(s, i))))) {
				/* "$10-12bn": the first end takes the second's scale;
				 * a dash makes a range after a verb of change too
				 * ("push lower and test the $40-40.25 range") */
				tail_range = true;
			}
		}
	}
	mention m;
	memset(&m, 0, sizeof m);
	m.cur = cur;
	m.explicit_cur = 1;
	if (tail_range) {
		core a = chain[0];
		if (!a.has_scale && tail.has_scale) {
			fin_decimal raw_a = a.raw;
			/* Only when the bare first end is smaller than 1000 or than
			 * the second end ("between 1,280 and 1,300 billion"). */
			if (fin_decimal_cmp(raw_a, (fin_decimal){1000, 0}) < 0 || fin_decimal_cmp(raw_a, tail.raw) <= 0) {
				a.scale = tail.scale;
				a.has_scale = 1;
			}
		}
		/* "$20-25 a share": the tail may hold the unit. */
		fin_decimal lo, hi;
		const fin_currency_form *tc = tail.cur ? tail.cur : cur;
		if (core_value(&a, cur, &lo) || core_value(&tail, tc, &hi)) {
			(*s->overflows)++;
			return tail.te;
		}
		m.ts = a.ts;
		m.te = tail.te;
		m.is_range = 1;
		if (fin_decimal_cmp(lo, hi) > 0) {
			/* "10-5 dlrs" is not a range of money; take it as two? Keep
			 * the order as written but as min/max. */
			fin_decimal t = lo;
			lo = hi;
			hi = t;
		}
		m.min = lo;
		m.max = hi;
		m.q = FIN_QUAL_RANGE;
		size_t ue;
		const char *u = unit_after(s, m.te, &ue);
		if (u) {
			m.unit = u;
			m.te = ue;
		}
		if (exchange_rate(s, m.ts, m.te, cur->code, a.has_scale,
				  fin_decimal_cmp(tail.raw, (fin_decimal){1000, 0}) < 0))
			return m.te;
		if (between && m.ts > 0)
			m.ts = m.ts; /* "between" is not part of the text */
		if (emit(s, &m))
			return s->toks->n;
		return m.te;
	}
	/* A coordination chain (or a single core). */
	bool is_range = nch - first == 2 && range_links[first + 1] &&
			(is_dash(s, chain[first].te) || !(from ? change_context(s, i - 1) : change_context(s, i)));
	if (between && nch - first == 2)
		is_range = true;
	/* Scale sharing: "1.9 vs 2.4 mln dlrs", "between 3 and 5 billion". */
	for (size_t k = first; k + 1 < nch; k++) {
		if (!chain[k].has_scale && last->has_scale && !chain[k].cur_prefix &&
		    (fin_decimal_cmp(chain[k].raw, (fin_decimal){1000, 0}) < 0 ||
		     fin_decimal_cmp(chain[k].raw, last->raw) <= 0)) {
			chain[k].scale = last->scale;
			chain[k].has_scale = 1;
		}
	}
	/* Trailing unit (applies to all members). */
	size_t end = last->te;
	size_t ue;
	const char *unit = unit_after(s, end, &ue);
	/* Minor units after the main amount: "$20 and 43c", "3 dollars 50
	 * cents", "thirteen dollars forty-five". */
	fin_decimal minor_add = {0, 0};
	bool have_minor = false;
	if (!unit && nch == 1 && !last->has_scale && !(cur->flags & FIN_CF_MINOR) && last->raw.exp >= 0) {
		size_t j = end;
		if (is_word(s, j, "and"))
			j++;
		fin_decimal mv;
		size_t me;
		int yl, si;
		if (j < s->toks->n && !boundary(s, j) && parse_number(s, j, &mv, &me, &yl, &si) && si) {
			size_t n;
			/* The minor unit is in the same sentence ("18 dlrs 9\n\ncts" is not 18.09). */
			const fin_currency_form *mf = me < s->toks->n && !boundary(s, me)
							      ? match_cur(s, me, FIN_CF_POSTFIX, &n)
							      : NULL;
			if (mf && (mf->flags & FIN_CF_MINOR) && strcmp(mf->code, cur->code) == 0 &&
			    (!(mf->flags & FIN_CF_GLUED) || glued(s, me))) {
				fin_decimal add;
				if (!fin_decimal_mul(mv, mf->factor, &add)) {
					minor_add = add;
					have_minor = true;
					end = me + n;
				}
			} else if (!mf && !(cur->flags & FIN_CF_SYMBOL) && !last->cur_prefix &&
				   (me >= s->toks->n || boundary(s, me) ||
				    (tok(s, me)->kind == FIN_TOK_PUNCT && !is_punct(s, me, '%') && !is_dash(s, me) &&
				     !is_punct(s, me, '/') && !is_punct(s, me, ',')) ||
				    is_word(s, me, "and") || is_word(s, me, "is")) &&
				   scale_at(s, me, false) < 0 && !is_punct(s, me, '.') ) {
				/* bare trailing minor: "15 dollars 50", "one dollar and one" */
				fin_decimal add;
				if (!fin_decimal_mul(mv, (fin_decimal){1, -2}, &add)) {
					minor_add = add;
					have_minor = true;
					end = me;
				}
			} else if (!mf && !(cur->flags & FIN_CF_SYMBOL) && !last->cur_prefix &&
				   me < s->toks->n && is_punct(s, me, '.') &&
				   (me + 1 >= s->toks->n || boundary(s, me + 1))) {
				fin_decimal add;
				if (!fin_decimal_mul(mv, (fin_decimal){1, -2}, &add)) {
					minor_add = add;
					have_minor = true;
					end = me;
				}
			}
		}
		if (have_minor)
			unit = unit_after(s, end, &ue);
	}
	if (unit)
		end = ue;
	if (is_range) {
		fin_decimal lo, hi;
		const fin_currency_form *ca = chain[first].cur ? chain[first].cur : cur;
		if (core_value(&chain[first], ca, &lo) || core_value(last, cur, &hi)) {
			(*s->overflows)++;
			return end;
		}
		if (fin_decimal_cmp(lo, hi) > 0) {
			fin_decimal t = lo;
			lo = hi;
			hi = t;
		}
		m.ts = chain[first].ts;
		m.te = end;
		m.is_range = 1;
		m.min = lo;
		m.max = hi;
		m.q = FIN_QUAL_RANGE;
		m.unit = unit;
		if (exchange_rate(s, m.ts, end, cur->code, last->has_scale,
				  fin_decimal_cmp(last->raw, (fin_decimal){1000, 0}) < 0))
			return end;
		if (emit(s, &m))
			return s->toks->n;
		/* "between 1,280 and 1,300 billion lire in 1987 from 1,079
		 * billion in 1986". */
		return emit_compared(s, end, comparison_tail(s, end, last, cur), last, cur, unit);
	}
	/* Separate mentions sharing the currency. */
	if (exchange_rate(s, chain[first].ts, end, cur->code, last->has_scale,
			  fin_decimal_cmp(last->raw, (fin_decimal){1000, 0}) < 0))
		return end;
	size_t cmp_end = comparison_tail(s, end, last, cur);
	for (size_t k = first; k < nch; k++) {
		mention mk;
		memset(&mk, 0, sizeof mk);
		const fin_currency_form *ck = chain[k].cur ? chain[k].cur : cur;
		mk.cur = ck;
		mk.explicit_cur = 1;
		mk.ts = chain[k].ts;
		mk.te = k + 1 == nch ? end : chain[k].te;
		mk.unit = unit;
		mk.q = k == first ? q : qualifier_before(s, chain[k].ts);
		if (core_value(&chain[k], ck, &mk.value)) {
			(*s->overflows)++;
			continue;
		}
		if (k + 1 == nch && have_minor && fin_decimal_add(mk.value, minor_add, &mk.value)) {
			(*s->overflows)++;
			continue;
		}
		if (emit(s, &mk))
			return s->toks->n;
	}
	return emit_compared(s, end, cmp_end, last, cur, unit);
}

/* ====================================================================== */
/* Earnings tables: "Net 2.4 mln vs 1.9 mln" (implicit currency)          */
/* ====================================================================== */

static const char *const table_labels[] = {
	"shr", "net", "revs", "revenues", "revenue", "sales", "oper", "qtly", "div", "dividend",
	"profit", "loss", "turnover", "pretax", "pre", "gross", "assets", "deposits", "loans",
	"income", "tax", "primary", "fully", "mthly", "semi", "annual", "extraordinary",
	"operating", "earnings", "payout", "shareholders", "equity", "backlog", "investments", NULL,
};

/* Token i is an earnings-table label word. */
static bool table_label(const scan *s, size_t i)
{
	if (tlen(s, i) <= 8)
		return fin_keyset_get_in(&s->ms->label, tptr(s, i), tlen(s, i), s->safe_end - tok(s, i)->start) >= 0;
	for (size_t k = 0; k < s->ms->n_long_label; k++)
		if (is_word(s, i, table_labels[s->ms->long_label[k]]))
			return true;
	return false;
}

static bool scanner_keys_init(fin_money_scanner *s)
{
	/* Spelled amounts start with a cardinal or a lead-in ("a million"). */
	static const char *const leads[] = {"a", "an", "half", "quarter"};
	bool ok = true;
	for (size_t i = 0; i < sizeof leads / sizeof leads[0]; i++)
		ok &= fin_keyset_add(&s->start, leads[i], 1);
	for (const numword *u = units_words; u->w; u++)
		ok &= fin_keyset_add(&s->start, u->w, 1); /* "seventeen" (9) is left out */
	for (size_t i = 0; scale_words[i].w; i++)
		ok &= fin_keyset_add(&s->scale, scale_words[i].w, (int)i);
	for (size_t i = 0; table_labels[i]; i++) {
		if (strlen(table_labels[i]) <= 8)
			ok &= fin_keyset_add(&s->label, table_labels[i], 1);
		else if (s->n_long_label < sizeof s->long_label)
			s->long_label[s->n_long_label++] = (uint8_t)i;
		else
			ok = false;
	}
	return ok;
}

static bool table_filler(const scan *s, size_t i)
{
	static const char *const fill[] = {
		"loss", "profit", "vs", "shr", "net", "oper", "diluted", "primary", "fully", "div",
		"qtly", "income", "mln", "bln", "billion", "million", "credit", "gain", "tax", "pretax",
		"revs", "sales", "avg", "from", "cts", "dlrs", "dlr", "nil", "of", "before", "after",
		"x", "a", "n", NULL,
	};
	if (tok(s, i)->kind == FIN_TOK_NUM || tok(s, i)->kind == FIN_TOK_PUNCT || tok(s, i)->kind == FIN_TOK_SYM)
		return true;
	for (size_t k = 0; fill[k]; k++)
		if (is_word(s, i, fill[k]))
			return true;
	size_t n;
	return fin_currency_match(s->ms->cur, s->text, s->toks, i, &n) != NULL;
}

/* The currency most used explicitly in this field so far, else USD. */
/* The currency most used explicitly in this field so far (mentions
 * [from, *s->n)), else USD. Linear: a handful of distinct currencies. */
static void default_currency(scan *s, size_t from, char code[4])
{
	struct {
		char code[4];
		size_t n;
	} seen[16];
	size_t ns = 0, best = 0;
	memcpy(code, "USD", 4);
	for (size_t a = from; a < *s->n; a++) {
		const char *c = (*s->out)[a].currency;
		size_t k = 0;
		while (k < ns && strcmp(seen[k].code, c) != 0)
			k++;
		if (k == ns) {
			if (ns == 16)
				continue;
			memcpy(seen[ns].code, c, 4);
			seen[ns++].n = 0;
		}
		if (++seen[k].n > best) {
			best = seen[k].n;
			memcpy(code, c, 4);
		}
	}
}


static int scan_tables(scan *s, size_t first_out)
{
	const fin_tokens *t = s->toks;
	size_t existing_end = *s->n;
	char code[4] = "USD";
	bool have_code = false;
	size_t mc = first_out; /* first explicit mention not ending before the line */
	for (size_t i = 0; i < t->n; i++) {
		if (i > 0 && !(t->v[i].flags & FIN_TF_NL_BEFORE))
			continue;
		if (t->v[i].kind != FIN_TOK_WORD)
			continue;
		/* A row's label words, [i, k): at most four before the first
		 * other token of its line. Prose lines are passed here, before
		 * any lookup. */
		size_t k = i + 1;
		while (k < t->n && k < i + 5 && t->v[k].kind == FIN_TOK_WORD && !(t->v[k].flags & FIN_TF_NL_BEFORE))
			k++;
		if (k - i > 4 || k >= t->n || (t->v[k].flags & FIN_TF_NL_BEFORE))
			continue;
		/* A label among them ("Net", "Parent net profit", "Group
		 * pretax"). */
		bool first_label = table_label(s, i), label = first_label;
		for (size_t w = i + 1; w < k && !label; w++)
			label = table_label(s, w);
		if (!label)
			continue;
		/* The line: [i, le). */
		size_t le = k + 1;
		while (le < t->n && !(t->v[le].flags & FIN_TF_NL_BEFORE))
			le++;
		bool per_share = false, avg = false;
		for (size_t w = i; w < k; w++) {
			if (is_word(s, w, "shr") || is_word(s, w, "div") || is_word(s, w, "dividend") ||
			    is_word(s, w, "payout"))
				per_share = true;
			if (is_word(s, w, "avg") || is_word(s, w, "shrs") || is_word(s, w, "shares"))
				avg = true;
		}
		if (avg)
			continue;
		/* Explicit mentions are in text order: skip those before the line. */
		while (mc < existing_end && (*s->out)[mc].end <= t->v[k].start)
			mc++;
		/* "Shr nine cts vs 19 cts", "Div 12 cts": explicit amounts of a
		 * per-share row are per share. */
		if (per_share)
			for (size_t a = mc; a < existing_end && (*s->out)[a].start < t->v[le - 1].end; a++) {
				fin_money *m = &(*s->out)[a];
				if (m->start >= t->v[k].start && m->end <= t->v[le - 1].end && !m->unit)
					m->unit = "share";
			}
		if (t->v[k].kind != FIN_TOK_NUM)
			continue;
		bool tableish = true;
		bool has_vs = false;
		for (size_t j = k; j < le; j++) {
			if (!table_filler(s, j)) {
				tableish = false;
				break;
			}
			if (is_word(s, j, "vs"))
				has_vs = true;
		}
		/* A label after the first word ("Parent net profit") needs the
		 * "vs" of a results row: prose has labels too ("began operating
		 * January 27, 1986"). */
		if (!tableish || (!has_vs && (le - k > 4 || !first_label)))
			continue;
		if (!have_code) {
			default_currency(s, first_out, code);
			have_code = true;
		}
		fin_decimal line_scale = {1, 0};
		bool have_line_scale = false;
		for (size_t j = k; j < le; j++) {
			if (t->v[j].kind != FIN_TOK_NUM)
				continue;
			/* Skip numbers already inside an explicit mention. */
			bool covered = false;
			for (size_t a = mc; a < existing_end && (*s->out)[a].start <= t->v[j].start; a++) {
				const fin_money *m = &(*s->out)[a];
				if (t->v[j].start >= m->start && t->v[j].start < m->end)
					covered = true;
			}
			if (covered) {
				/* "Shr 55 cts vs 45 cts": explicit, but per share. */
				for (size_t a = first_out; a < existing_end && per_share; a++) {
					fin_money *m = &(*s->out)[a];
					if (m->field == s->field && t->v[j].start >= m->start && t->v[j].start < m->end &&
					    !m->unit)
						m->unit = "share";
				}
				continue;
			}
			if (is_punct(s, j + 1, '%') || is_word(s, j + 1, "pct"))
				continue;
			fin_decimal v;
			int plain;
			if (parse_numtok(tptr(s, j), tlen(s, j), &v, &plain))
				continue;
			/* "net 1986 profit 360 mln francs": a year before a word. */
			if (plain && v.exp == 0 && v.sig >= 1900 && v.sig <= 2100 && j + 1 < le &&
			    t->v[j + 1].kind == FIN_TOK_WORD && !is_word(s, j + 1, "vs") && scale_at(s, j + 1, false) < 0)
				continue;
			size_t e = j + 1;
			fin_decimal scale = {1, 0};
			int p = scale_at(s, e, false);
			if (p >= 0) {
				scale = (fin_decimal){1, p};
				line_scale = scale;
				have_line_scale = true;
				e++;
			} else if (have_line_scale && fin_decimal_cmp(v, (fin_decimal){1000, 0}) < 0 && !plain) {
				/* "Pretax 15.08 mln vs 10.52": the scale carries over. */
				scale = line_scale;
			}
			size_t n2;
			if (e < le && fin_currency_match(s->ms->cur, s->text, s->toks, e, &n2))
				continue; /* explicit: handled (or refused) by the grammar */
			fin_decimal val;
			if (fin_decimal_mul(v, scale, &val) || !fin_decimal_printable(val)) {
				(*s->overflows)++;
				continue;
			}
			fin_money *o = push_money(s, j, e);
			if (!o)
				return FIN_ENOMEM;
			o->value = val;
			memcpy(o->currency, code, 4);
			o->explicit_currency = 0;
			o->unit = per_share ? "share" : NULL;
			o->equivalent_of = -1;
			o->date_index = -1;
			j = e - 1;
		}
		i = le - 1;
	}
	return FIN_OK;
}

static int cmp_money(const void *a, const void *b)
{
	const fin_money *x = a, *y = b;
	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	return 0;
}

/* ====================================================================== */
/* Entry point                                                            */
/* ====================================================================== */

/* Exchange-rate tables ("STG 1.6013/23 DMK 1.8270/80 SFR 1.5170/80",
 * "NKR 7.77430 DKR 7.83075 CAN 1.49100"): a line with three or more amounts
 * in three or more currencies (restatements not counted) and no scale word
 * is a table of quotes, not money. Removes them and renumbers equivalent_of. */
static int drop_rate_tables(scan *s, size_t first_out)
{
	fin_money *v = *s->out;
	size_t n = *s->n;
	bool any = false;
	size_t a = first_out;
	while (a < n) {
		/* Mentions a..b-1 share a line: no '\n' between their starts. */
		size_t b = a + 1;
		while (b < n && !memchr(s->text + v[b - 1].start, '\n', v[b].start - v[b - 1].start))
			b++;
		if (b - a >= 3) {
			const char *distinct_codes[3];
			size_t distinct = 0;
			bool scaled = false;
			for (size_t k = a; k < b; k++) {
				/* "570 rupees (£6.80; $13)": restatements of one
				 * price are no quotes */
				if (v[k].equivalent_of >= 0)
					continue;
				bool seen = false;
				for (size_t q = 0; q < distinct; q++)
					if (strcmp(distinct_codes[q], v[k].currency) == 0)
						seen = true;
				if (!seen && distinct < 3)
					distinct_codes[distinct++] = v[k].currency;
				if (!v[k].is_range && v[k].value.exp >= 3)
					scaled = true;
			}
			if (distinct >= 3 && !scaled) {
				for (size_t k = a; k < b; k++)
					v[k].field = (fin_field)-1; /* mark */
				any = true;
			}
		}
		a = b;
	}
	if (!any)
		return FIN_OK;
	int32_t *map = fin_arena_alloc(s->arena, (n - first_out) * sizeof(int32_t));
	if (!map)
		return FIN_ENOMEM;
	size_t w = first_out;
	for (size_t r = first_out; r < n; r++) {
		if ((int)v[r].field == -1) {
			map[r - first_out] = -1;
			continue;
		}
		map[r - first_out] = (int32_t)w;
		v[w++] = v[r];
	}
	for (size_t k = first_out; k < w; k++)
		if (v[k].equivalent_of >= (int32_t)first_out)
			v[k].equivalent_of = map[v[k].equivalent_of - (int32_t)first_out];
	*s->n = w;
	return FIN_OK;
}

/* Can an amount start at token i? Cheap test before the grammar. */
static bool candidate(const scan *s, size_t i)
{
	const fin_token *t = tok(s, i);
	if (t->kind == FIN_TOK_NUM || t->kind == FIN_TOK_SYM)
		return true;
	if (t->kind != FIN_TOK_WORD)
		return false;
	/* A word right before a number or a sign may be a prefix currency. */
	size_t j = i + 1;
	if (j < s->toks->n && is_punct(s, j, '.'))
		j++;
	if (j < s->toks->n && (tok(s, j)->kind == FIN_TOK_NUM || tok(s, j)->kind == FIN_TOK_SYM))
		return true;
	if (!start_word(s->ms, s->text + t->start, t->end - t->start, s->safe_end - t->start))
		return false;
	unsigned char c = fin_to_lower((unsigned char)s->text[t->start]);
	/* Spelled numbers: a(n), half, one..ninety. */
	if (c == 'a' || c == 'h' || c == 'o' || c == 't' || c == 'f' || c == 's' || c == 'e' ||
	    c == 'n' || c == 'z' || c == 'q')
		return cardinal(s, i) >= 0 ||
		       ((is_word(s, i, "a") || is_word(s, i, "an") || is_word(s, i, "half") ||
			 is_word(s, i, "quarter")) &&
			i + 1 < s->toks->n &&
			(scale_at(s, i + 1, false) >= 0 || is_word(s, i + 1, "hundred") ||
			 is_word(s, i + 1, "quarter") || is_word(s, i + 1, "half") || is_word(s, i + 1, "a")));
	return false;
}

int fin_money_scan(const fin_money_scanner *ms, fin_arena *arena, const char *text,
		   const fin_tokens *toks, fin_field field, fin_currency_ctx *ctx,
		   fin_money **out, size_t *n, size_t *cap, long *overflows)
{
	scan s = {
		.ms = ms, .arena = arena, .text = text, .toks = toks, .field = field, .ctx = ctx,
		.out = out, .n = n, .cap = cap, .first_out = *n, .overflows = overflows,
		.safe_end = toks->n ? toks->v[toks->n - 1].end : 0,
	};
	size_t first_out = *n;
	size_t i = 0;
	while (i < toks->n) {
		if (!candidate(&s, i)) {
			i++;
			continue;
		}
		size_t e = try_amount(&s, i);
		if (*s.n >= SIZE_MAX / 2)
			return FIN_ENOMEM;
		i = e > i ? e : i + 1;
	}
	int rc = drop_rate_tables(&s, first_out);
	if (rc)
		return rc;
	rc = scan_tables(&s, first_out);
	if (rc)
		return rc;
	/* Table amounts were appended: restore text order (indices of
	 * equivalents only point backwards among explicit amounts, which keep
	 * their relative order, so remap them). */
	size_t cnt = *n - first_out;
	if (cnt > 1) {
		fin_money *v = *out + first_out;
		bool sorted = true;
		for (size_t k = 1; k < cnt; k++)
			if (v[k].start < v[k - 1].start)
				sorted = false;
		if (!sorted) {
			/* Remember each mention's start before sorting to fix equivalents. */
			uint32_t *old_start = fin_arena_alloc(arena, cnt * sizeof(uint32_t));
			if (!old_start)
				return FIN_ENOMEM;
			for (size_t k = 0; k < cnt; k++)
				old_start[k] = v[k].equivalent_of >= 0 ? (*out)[v[k].equivalent_of].start : UINT32_MAX;
			qsort(v, cnt, sizeof *v, cmp_money);
			/* The restated mention is found by its start offset. */
			for (size_t k = 0; k < cnt; k++) {
				if (v[k].equivalent_of < 0)
					continue;
				for (size_t a = 0; a < cnt; a++)
					if (v[a].start == old_start[k] && a != k)
						v[k].equivalent_of = (int32_t)(first_out + a);
			}
		}
	}
	return FIN_OK;
}
