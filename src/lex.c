/*
 * lex.c — tokens with byte offsets, and sentence starts that survive "Inc.",
 * "U.S.", "N.V." and "Mr.".
 *
 * One pass over the bytes; tokens go into an arena array. No allocation per
 * token beyond the geometric growth of that array.
 */
#include "internal.h"

#include <pthread.h>
#include <string.h>

/* ---------------------------------------------------------------------- */
/* Code point classes                                                     */
/* ---------------------------------------------------------------------- */

typedef enum { CP_SPACE, CP_PUNCT, CP_SYM, CP_LETTER } cp_class;

/* Currency signs that stand as a token of their own. */
static bool is_currency_sign(uint32_t cp)
{
	switch (cp) {
	case 0x24:   /* $ */
	case 0xA2:   /* ¢ */
	case 0xA3:   /* £ */
	case 0xA5:   /* ¥ */
	case 0x192:  /* ƒ florin */
	case 0xE3F:  /* ฿ */
	case 0x5143: /* 元 */
	case 0x5186: /* 円 */
	case 0xFFE5: /* ￥ */
	case 0xFFE1: /* ￡ */
		return true;
	default:
		return cp >= 0x20A0 && cp <= 0x20C0; /* the Currency Symbols block: € ₹ ₩ ₽ ... */
	}
}

static cp_class classify_cp(uint32_t cp)
{
	if (cp == 0xA0 || (cp >= 0x2000 && cp <= 0x200B) || cp == 0x202F || cp == 0x205F ||
	    cp == 0x3000 || cp == 0xFEFF || cp == 0x85)
		return CP_SPACE;
	if (is_currency_sign(cp))
		return CP_SYM;
	if ((cp >= 0x2010 && cp <= 0x2027) || (cp >= 0x2030 && cp <= 0x205E) || cp == 0xAB ||
	    cp == 0xBB || cp == 0xB7 || cp == 0xA7 || cp == 0xB6 || cp == 0xA9 || cp == 0xAE ||
	    cp == 0xB0 || cp == 0xB1 || cp == 0xD7 || cp == 0xF7 || cp == 0xBF || cp == 0xA1 ||
	    cp == 0xFFFD || (cp >= 0x3001 && cp <= 0x3003) || (cp >= 0xFF01 && cp <= 0xFF0F) ||
	    (cp >= 0x2190 && cp <= 0x2BFF) || cp < 0x20 || (cp >= 0x7F && cp < 0xA0) ||
	    cp == 0xAC || cp == 0xA6 || cp == 0xA8 || cp == 0xAF || cp == 0xB4 || cp == 0xB8)
		return CP_PUNCT;
	return CP_LETTER;
}

/* ---------------------------------------------------------------------- */
/* Abbreviations that end in '.' without ending a sentence                */
/* ---------------------------------------------------------------------- */

static const char *const abbrevs[] = {
	"inc", "corp", "co", "ltd", "mr", "mrs", "ms", "dr", "st", "jr", "sr", "vs", "no",
	"jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
	"gov", "sen", "rep", "gen", "col", "lt", "capt", "bros", "messrs", "prof", "fig",
	"approx", "est", "dept", "univ", "assn", "cie", "plc", "mt", "ft", "ave", "rd",
	"nos", "vol", "op", "pp", "ca", "cf", "etc",
	"eg", "ie", "al", "hon", "supt", "adm", "cmdr", "ind", "mass", "calif", "conn",
	"fla", "ill", "mich", "minn", "penn", "tex", "wash", "wis", "ariz", "colo", "del",
	"ga", "la", "md", "mo", "nev", "okla", "ore", "pa", "tenn", "va", "vt", "wyo", "rs",
	"dfl", "sfr", "ffr", "bfr", "ca", NULL,
};

/* Words that, capitalised after an abbreviation's '.', still start a new
 * sentence ("... Acme Inc. The company said"). */
static const char *const starters[] = {
	"the", "it", "he", "she", "they", "we", "this", "that", "these", "those", "in",
	"but", "its", "his", "her", "their", "there", "i", "if", "when", "while", "however",
	"analysts", "shares", "earlier", "last", "on", "a", "an", "and", "under", "as", NULL,
};

/* Both lists as key sets (every entry has at most 8 letters), built once
 * per process: a word before a '.' is looked up in one probe, not a
 * hundred compares. */
static fin_keyset abbrev_set, starter_set;
static pthread_once_t sets_once = PTHREAD_ONCE_INIT;

static void sets_init(void)
{
	/* Both lists are far below the set's capacity (fin_keyset_add would
	 * leave a word out, never loop). */
	for (size_t i = 0; abbrevs[i]; i++)
		(void)fin_keyset_add(&abbrev_set, abbrevs[i], 1);
	for (size_t i = 0; starters[i]; i++)
		(void)fin_keyset_add(&starter_set, starters[i], 1);
}

static bool in_set(const fin_keyset *ks, const char *s, size_t n, size_t avail)
{
	return fin_keyset_get_in(ks, s, n, avail) >= 0;
}

/* ---------------------------------------------------------------------- */
/* Tokeniser                                                              */
/* ---------------------------------------------------------------------- */

/* true when the code point at s (a byte >= 0x80) starts a word token:
 * what fin_lex makes of a code point that is no space, sign or
 * punctuation. */
static bool starts_word(const char *s, size_t n)
{
	size_t l;
	cp_class cc = classify_cp(fin_utf8_decode(s, n, &l));
	return cc != CP_SPACE && cc != CP_SYM && cc != CP_PUNCT;
}

static int push(fin_arena *arena, fin_tokens *t, uint32_t s, uint32_t e, uint8_t kind, uint8_t flags)
{
	if (t->n >= t->cap &&
	    fin_arena_grow(arena, (void **)&t->v, &t->cap, t->n, sizeof(fin_token)))
		return FIN_ENOMEM;
	fin_token *k = &t->v[t->n++];
	k->start = s;
	k->end = e;
	k->kind = kind;
	k->flags = flags;
	return FIN_OK;
}

/* Mark sentence starts (FIN_TF_SENT_START) once all tokens are known. */
static void mark_sentences(const char *text, fin_tokens *t)
{
	if (t->n == 0)
		return;
	pthread_once(&sets_once, sets_init);
	size_t safe_end = t->v[t->n - 1].end; /* bytes before it may be read */
	t->v[0].flags |= FIN_TF_SENT_START;
	for (size_t i = 1; i < t->n; i++) {
		fin_token *k = &t->v[i];
		if (k->flags & FIN_TF_PARA_BEFORE) {
			k->flags |= FIN_TF_SENT_START;
			continue;
		}
		/* Find the terminator: '.', '!', '?' possibly followed by closing
		 * quotes or brackets, right before token i. */
		size_t j = i;
		while (j > 0 && t->v[j - 1].kind == FIN_TOK_PUNCT) {
			const char *p = text + t->v[j - 1].start;
			size_t n = t->v[j - 1].end - t->v[j - 1].start;
			bool closing = (n == 1 && (*p == '"' || *p == '\'' || *p == ')' || *p == ']')) ||
				       (n == 3 && (unsigned char)p[0] == 0xE2 && (unsigned char)p[1] == 0x80 &&
					((unsigned char)p[2] == 0x9D || (unsigned char)p[2] == 0x99));
			if (!closing)
				break;
			j--;
			if (i - j > 3)
				break;
		}
		if (j == 0 || t->v[j - 1].kind != FIN_TOK_PUNCT)
			continue;
		const fin_token *term = &t->v[j - 1];
		char c = text[term->start];
		if (term->end - term->start != 1 || (c != '.' && c != '!' && c != '?'))
			continue;
		if (!(k->flags & (FIN_TF_SPACE_BEFORE | FIN_TF_NL_BEFORE)) && j == i)
			continue; /* "U.S" , "3.5" inner dots */
		/* The next token must look like a sentence start. */
		unsigned char f = (unsigned char)text[k->start];
		bool startish = (k->flags & FIN_TF_CAP) || fin_is_digit(f) || k->kind == FIN_TOK_SYM ||
				f == '"' || f == '(' || f >= 0x80;
		if (!startish)
			continue;
		if (c == '.' && j >= 2) {
			const fin_token *w = &t->v[j - 2];
			if (w->kind == FIN_TOK_WORD && w->end == term->start) {
				size_t wn = w->end - w->start;
				const char *wp = text + w->start;
				/* One letter is an initial ("U.S.", "J. Smith") only when it
				 * is a capital standing alone; "$640m." ends a sentence. */
				bool initial = wn == 1 && fin_is_upper((unsigned char)wp[0]) &&
					       !(j >= 3 && t->v[j - 3].kind == FIN_TOK_NUM &&
						 t->v[j - 3].end == w->start);
				bool abbr = initial || in_set(&abbrev_set, wp, wn, safe_end - w->start);
				if (abbr) {
					bool starter = k->kind == FIN_TOK_WORD &&
						       in_set(&starter_set, text + k->start, k->end - k->start, safe_end - k->start);
					if (!starter)
						continue;
				}
			}
		}
		k->flags |= FIN_TF_SENT_START;
	}
}

/* ASCII byte classes of the tokeniser's inner loops. */
enum { LX_UPPER = 1, LX_LOWER = 2, LX_DIGIT = 4, LX_ALPHA = LX_UPPER | LX_LOWER };
static const uint8_t lx_class[128] = {
	['A'] = 1, ['B'] = 1, ['C'] = 1, ['D'] = 1, ['E'] = 1, ['F'] = 1, ['G'] = 1, ['H'] = 1, ['I'] = 1,
	['J'] = 1, ['K'] = 1, ['L'] = 1, ['M'] = 1, ['N'] = 1, ['O'] = 1, ['P'] = 1, ['Q'] = 1, ['R'] = 1,
	['S'] = 1, ['T'] = 1, ['U'] = 1, ['V'] = 1, ['W'] = 1, ['X'] = 1, ['Y'] = 1, ['Z'] = 1,
	['a'] = 2, ['b'] = 2, ['c'] = 2, ['d'] = 2, ['e'] = 2, ['f'] = 2, ['g'] = 2, ['h'] = 2, ['i'] = 2,
	['j'] = 2, ['k'] = 2, ['l'] = 2, ['m'] = 2, ['n'] = 2, ['o'] = 2, ['p'] = 2, ['q'] = 2, ['r'] = 2,
	['s'] = 2, ['t'] = 2, ['u'] = 2, ['v'] = 2, ['w'] = 2, ['x'] = 2, ['y'] = 2, ['z'] = 2,
	['0'] = 4, ['1'] = 4, ['2'] = 4, ['3'] = 4, ['4'] = 4, ['5'] = 4, ['6'] = 4, ['7'] = 4, ['8'] = 4,
	['9'] = 4,
};

/* The end of the run of ASCII letters at p[i..len), eight bytes at a time
 * (little-endian loads; elsewhere the byte loop of the caller does it):
 * stops at the first byte that is no ASCII letter, or where fewer than
 * eight bytes are left. *seen gets LX_LOWER when a lower-case letter was
 * passed, LX_UPPER when a capital was. */
static size_t letter_run(const unsigned char *p, size_t i, size_t len, uint8_t *seen)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	const uint64_t ones = 0x0101010101010101ull, highs = 0x8080808080808080ull;
	while (i + 8 <= len) {
		uint64_t x;
		memcpy(&x, p + i, 8);
		/* Folded to lower case, a letter is 'a'..'z' and x had no high bit. */
		uint64_t y = (x | ones * 0x20) & ~highs;
		uint64_t lo = (y + ones * (0x80 - 'a')) & highs;  /* high bit: y >= 'a' */
		uint64_t hi = (y + ones * (0x7F - 'z')) & highs;  /* high bit: y > 'z' */
		uint64_t non = ((lo ^ highs) | hi | (x & highs));  /* high bit: not a letter */
		size_t k = non ? (size_t)__builtin_ctzll(non) >> 3 : 8;
		/* Lower case: bit 0x20 set among the first k (letter) bytes;
		 * upper case: clear. */
		uint64_t case_bits = (k == 8 ? ~0ull : (((uint64_t)1 << (8 * k)) - 1)) & (ones * 0x20);
		uint64_t lower = x & case_bits;
		*seen |= (uint8_t)((lower != 0) << 1 | (lower != case_bits)); /* LX_LOWER, LX_UPPER */
		i += k;
		if (k < 8)
			return i;
	}
#else
	(void)p;
	(void)len;
	(void)seen;
#endif
	return i;
}

int fin_lex(fin_arena *arena, const char *text, size_t len, fin_tokens *toks)
{
	toks->v = NULL;
	toks->n = 0;
	toks->cap = 0;
	size_t est = len / 5 + 16;
	toks->v = fin_arena_alloc(arena, est * sizeof(fin_token));
	if (!toks->v)
		return FIN_ENOMEM;
	toks->cap = est;

	const unsigned char *p = (const unsigned char *)text;
	size_t i = 0;
	uint8_t pending = 0;  /* flags for the next token */
	int newlines = 0;     /* line breaks in the current run of white space */
	bool line_start = true;
	while (i < len) {
		unsigned char c = p[i];
		/* White space. */
		if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v') {
			pending |= FIN_TF_SPACE_BEFORE;
			i++;
			continue;
		}
		if (c == '\n') {
			pending |= FIN_TF_SPACE_BEFORE | FIN_TF_NL_BEFORE;
			if (++newlines >= 2)
				pending |= FIN_TF_PARA_BEFORE;
			i++;
			/* An indented line (Reuters paragraphs) is a new paragraph. */
			if (i + 1 < len && (p[i] == '\t' || (p[i] == ' ' && p[i + 1] == ' ')))
				pending |= FIN_TF_PARA_BEFORE;
			line_start = true;
			continue;
		}
		size_t start = i;
		uint8_t kind;
		uint8_t flags = pending;
		if (c < 0x80) {
			if (lx_class[c] & LX_ALPHA) {
				bool allcaps = true;
				uint8_t seen = 0; /* LX_* of the ASCII letters */
				while (i < len) {
					unsigned char d = p[i];
					if (d < 0x80 && (lx_class[d] & LX_ALPHA)) {
						/* The common case: a run of ASCII letters, eight
						 * bytes at a time where the text allows. */
						size_t k = letter_run(p, i, len, &seen);
						for (d = k < len ? p[k] : 0; d < 0x80 && (lx_class[d] & LX_ALPHA);
						     d = ++k < len ? p[k] : 0)
							seen |= lx_class[d];
						i = k;
					} else if (d >= 0x80) {
						size_t l;
						uint32_t cp = fin_utf8_decode(text + i, len - i, &l);
						if (classify_cp(cp) != CP_LETTER)
							break;
						allcaps = false;
						i += l;
					} else {
						break;
					}
				}
				kind = FIN_TOK_WORD;
				if (fin_is_upper(c))
					flags |= FIN_TF_CAP;
				if (allcaps && !(seen & LX_LOWER))
					flags |= FIN_TF_ALLCAPS;
				if (seen & LX_UPPER)
					flags |= FIN_TF_UPPER;
			} else if (fin_is_digit(c) ||
				   (c == '.' && i + 1 < len && fin_is_digit(p[i + 1]) &&
				    (i == 0 || !fin_is_alnum(p[i - 1])))) {
				/* digits with inner separators: 1,234.5  1.234,5  .125 */
				if (c == '.')
					i++;
				while (i < len) {
					if (p[i] < 0x80 && (lx_class[p[i]] & LX_DIGIT)) {
						i++;
					} else if ((p[i] == ',' || p[i] == '.') && i + 1 < len &&
						   fin_is_digit(p[i + 1])) {
						i += 2;
					} else {
						break;
					}
				}
				kind = FIN_TOK_NUM;
				/* a word glued after it ("3M", "4TH"): the token after
				 * it is a word exactly when it starts here with a
				 * letter, or a code point the loop below makes one */
				if (i < len && (p[i] < 0x80 ? (lx_class[p[i]] & LX_ALPHA) != 0 : starts_word(text + i, len - i)))
					flags |= FIN_TF_OPENER;
			} else if (c == '$') {
				i++;
				kind = FIN_TOK_SYM;
			} else {
				i++;
				kind = FIN_TOK_PUNCT;
				/* without a branch: one here cost the whole lexer
				 * 1-3 % (measured) */
				flags |= (uint8_t)((unsigned)((c == '<') | (c == '(')) * FIN_TF_OPENER);
			}
		} else {
			size_t l;
			uint32_t cp = fin_utf8_decode(text + i, len - i, &l);
			cp_class cc = classify_cp(cp);
			if (cc == CP_SPACE) {
				pending |= FIN_TF_SPACE_BEFORE;
				i += l;
				continue;
			}
			i += l;
			if (cc == CP_SYM) {
				kind = FIN_TOK_SYM;
			} else if (cc == CP_PUNCT) {
				kind = FIN_TOK_PUNCT;
			} else {
				while (i < len) {
					unsigned char d = p[i];
					if (fin_is_alpha(d)) {
						if (fin_is_upper(d))
							flags |= FIN_TF_UPPER;
						i++;
					} else if (d >= 0x80) {
						uint32_t cp2 = fin_utf8_decode(text + i, len - i, &l);
						if (classify_cp(cp2) != CP_LETTER)
							break;
						i += l;
					} else {
						break;
					}
				}
				kind = FIN_TOK_WORD;
			}
		}
		(void)line_start;
		line_start = false;
		newlines = 0;
		pending = 0;
		if (push(arena, toks, (uint32_t)start, (uint32_t)i, kind, flags))
			return FIN_ENOMEM;
	}
	mark_sentences(text, toks);
	return FIN_OK;
}

void fin_lex_sentence(const fin_tokens *toks, size_t i, uint32_t *s, uint32_t *e)
{
	if (toks->n == 0) {
		*s = *e = 0;
		return;
	}
	if (i >= toks->n)
		i = toks->n - 1;
	/* A "sentence" without punctuation (a table, a huge line) is capped at
	 * FIN_SENTENCE_MAX_TOKENS each side, so a record stays readable and many
	 * amounts in one endless line cost linear time, not quadratic. */
	size_t a = i;
	while (a > 0 && !(toks->v[a].flags & FIN_TF_SENT_START) && i - a < FIN_SENTENCE_MAX_TOKENS)
		a--;
	size_t b = i + 1;
	while (b < toks->n && !(toks->v[b].flags & FIN_TF_SENT_START) && b - i < FIN_SENTENCE_MAX_TOKENS)
		b++;
	*s = toks->v[a].start;
	*e = toks->v[b - 1].end;
}
