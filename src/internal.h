/*
 * internal.h — the contracts between the pipeline stages of libfinfig.
 * One section per stage, in pipeline order. Not installed.
 */
#ifndef FIN_INTERNAL_H
#define FIN_INTERNAL_H

#include "finfig.h"
#include "util/util.h"

/* ====================================================================== */
/* lex — tokens with byte offsets                                          */
/* ====================================================================== */

typedef enum fin_tok_kind {
	FIN_TOK_WORD = 1, /* letters (ASCII or non-ASCII letters), may hold "'" inside */
	FIN_TOK_NUM,      /* digits with inner , or . ("1,234.5", ".125") */
	FIN_TOK_SYM,      /* a currency sign: $ £ € ¥ ₹ ¢ ... (one code point) */
	FIN_TOK_PUNCT     /* any other single code point that is not space */
} fin_tok_kind;

/* Token flags. */
#define FIN_TF_SPACE_BEFORE 0x01u /* white space between this and the previous token */
#define FIN_TF_NL_BEFORE 0x02u    /* a line break before this token */
#define FIN_TF_PARA_BEFORE 0x04u  /* a blank line or an indented new line before it */
#define FIN_TF_CAP 0x08u          /* word starts with an upper-case ASCII letter */
#define FIN_TF_ALLCAPS 0x10u      /* word is all upper-case ASCII letters (len >= 1) */
#define FIN_TF_SENT_START 0x20u   /* first token of a sentence */
#define FIN_TF_UPPER 0x40u        /* word holds an ASCII capital letter (anywhere: "eBay") */
#define FIN_TF_OPENER 0x80u       /* '<' or '(', or a number with a word glued after it ("3M") */

typedef struct fin_token {
	uint32_t start, end; /* byte offsets into the field text */
	uint8_t kind;        /* fin_tok_kind */
	uint8_t flags;       /* FIN_TF_* */
} fin_token;

typedef struct fin_tokens {
	fin_token *v;
	size_t n;
	size_t cap;
} fin_tokens;

/* Tokenise text[0..len) into toks (arena storage) and mark sentence starts.
 * Returns 0 or FIN_ENOMEM. */
int fin_lex(fin_arena *arena, const char *text, size_t len, fin_tokens *toks);

/* At most this many tokens on each side of a mention make its sentence. */
#define FIN_SENTENCE_MAX_TOKENS 160

/* Byte range [*s, *e) of the sentence that contains token i (capped at
 * FIN_SENTENCE_MAX_TOKENS tokens each side). */
void fin_lex_sentence(const fin_tokens *toks, size_t i, uint32_t *s, uint32_t *e);

/* ====================================================================== */
/* currency — ISO 4217 table and the surface forms of currencies            */
/* ====================================================================== */

typedef struct fin_currency_table fin_currency_table;

/* Where a form may stand relative to the number. */
#define FIN_CF_PREFIX 0x01u  /* before the number: "$5", "USD 5", "Rs 50" */
#define FIN_CF_POSTFIX 0x02u /* after: "5 dlrs", "20€", "5 USD" */
#define FIN_CF_GLUED 0x04u   /* only glued to the number ("25p", "43c") */
#define FIN_CF_MINOR 0x08u   /* a minor unit: value is multiplied by factor */
#define FIN_CF_CODE 0x10u    /* an ISO code */
#define FIN_CF_SYMBOL 0x20u  /* a sign, alone or qualified ("$", "US$") */
#define FIN_CF_NOUN 0x40u    /* a currency noun usable without a number ("the dollar") */
#define FIN_CF_YEARSAFE 0x80u /* also after a bare 4-digit year (else "1987 marks" is not money) */

/* One surface form. */
typedef struct fin_currency_form {
	const char *key;     /* normalised: lower case, tokens joined by one space, '.' dropped */
	size_t key_len;      /* strlen(key) */
	char code[4];        /* default ISO code */
	unsigned flags;      /* FIN_CF_* */
	fin_decimal factor;  /* 1, or 0.01 for cents, 1000000 for "MUSD" */
	const char *rule;    /* disambiguation rule name or NULL (see currency.c) */
} fin_currency_form;

int fin_currency_table_new(fin_currency_table **out, const char *data_dir, fin_error *err);
void fin_currency_table_free(fin_currency_table *t);

/* The longest form that starts at token i (up to 5 tokens, tokens glued or
 * spaced as the form allows); *ntok gets how many tokens it covers. NULL if
 * none. */
const fin_currency_form *fin_currency_match(const fin_currency_table *t, const char *text,
					    const fin_tokens *toks, size_t i, size_t *ntok);

/* The article-level context used to resolve ambiguous forms (crowns,
 * francs by date, ...). Cue words are counted lazily, on the first
 * ambiguous form of the article. */
#define FIN_CUR_MAX_CUES 256
typedef struct fin_currency_ctx {
	const char *title;
	const fin_tokens *title_toks;
	const char *body;
	const fin_tokens *body_toks;
	fin_ymd published;
	int counted;                         /* counts[] filled */
	uint16_t counts[FIN_CUR_MAX_CUES];   /* occurrences of each cue word */
} fin_currency_ctx;

void fin_currency_ctx_init(fin_currency_ctx *ctx, const char *title, const fin_tokens *title_toks,
			   const char *body, const fin_tokens *body_toks, fin_ymd published);
/* The ISO code for form f in this article: its rule (cues, date switch,
 * default), then the currency of the time (currency-history.tsv). */
void fin_currency_resolve(const fin_currency_table *t, const fin_currency_form *f,
			  fin_currency_ctx *ctx, char code[4]);

/* true for a known ISO 4217 code (current or historic). */
bool fin_currency_is_code(const fin_currency_table *t, const char *code);

/* ====================================================================== */
/* money — the grammar of amounts                                          */
/* ====================================================================== */

typedef struct fin_money_scanner fin_money_scanner;

int fin_money_scanner_new(fin_money_scanner **out, const fin_currency_table *cur, fin_error *err);
void fin_money_scanner_free(fin_money_scanner *s);

/* Append every amount of text (tokens already lexed) to *out (arena
 * storage, growing *cap). Overflowing amounts are skipped and counted in
 * *overflows. */
int fin_money_scan(const fin_money_scanner *s, fin_arena *arena, const char *text,
		   const fin_tokens *toks, fin_field field, fin_currency_ctx *ctx,
		   fin_money **out, size_t *n, size_t *cap, long *overflows);

/* ====================================================================== */
/* company — gazetteer + patterns + in-article aliases                     */
/* ====================================================================== */

typedef struct fin_gazetteer fin_gazetteer;

/* A company a user adds (finfig.yaml, src/config.c). */
typedef struct fin_company_def {
	const char *name;     /* canonical name */
	const char **aliases; /* other names it goes by */
	size_t n_aliases;
	const char **tickers; /* ticker symbols (exact case) */
	size_t n_tickers;
	fin_org_kind kind;
	long line; /* where the config file gives it (errors) */
} fin_company_def;

/* A parsed finfig.yaml. */
typedef struct fin_config {
	const fin_company_def *companies;
	size_t n_companies;
} fin_config;

/* Read and check a finfig.yaml (path in errors, with the line): FIN_OK,
 * FIN_ECONFIG (bad YAML, an unknown key, a wrong type...), or the
 * fin_read_file errors. */
int fin_config_load(const char *path, fin_config **out, fin_error *err);
/* The same over text[0..len). */
int fin_config_parse(const char *text, size_t len, const char *path, fin_config **out, fin_error *err);
void fin_config_free(fin_config *c);

/* Built-in tables (data/companies.tsv, data/orgs.tsv, ...) plus, when
 * data_dir is given, the same file names found there. */
int fin_gazetteer_new(fin_gazetteer **out, const char *data_dir, fin_error *err);
/* The same, from the tables (not the built-in image) when !use_image:
 * the image's generator and the tests. */
int fin_gazetteer_new_from(fin_gazetteer **out, const char *data_dir, bool use_image, fin_error *err);
/* The gazetteer's arrays as one image (heap, fin_free) of *len bytes. */
int fin_gazetteer_image(const fin_gazetteer *g, unsigned char **out, size_t *len);
/* The image of the built-in tables made at build time (src/gen/), or NULL
 * (*len 0) in the generator itself. */
const unsigned char *fin_gaz_builtin_image(size_t *len);
/* Add the user's companies defs[0..n) (config names path in errors): their
 * names, aliases and tickers win over the built-in ones of the same
 * spelling. FIN_ECONFIG when a name cannot be matched (too long). */
int fin_gazetteer_add(fin_gazetteer *g, const fin_company_def *defs, size_t n, const char *path,
		      fin_error *err);
void fin_gazetteer_free(fin_gazetteer *g);
/* Tests: the hot-word table against the index; the number of words that
 * differ (0), the words held into *words. */
size_t fin_gazetteer_hot_check(const fin_gazetteer *g, size_t *words);

/* Find company/organisation mentions in title and body of one article
 * (tokens of both fields already lexed). Appends to *out (arena storage).
 * Names are canonical and in-article aliases resolved. */
int fin_company_scan(const fin_gazetteer *g, fin_arena *arena, const fin_article *a,
		     const fin_tokens *title_toks, const fin_tokens *body_toks,
		     fin_company **out, size_t *n, size_t *cap);

/* ====================================================================== */
/* date — absolute and relative dates resolved against publication date    */
/* ====================================================================== */

typedef struct fin_date_scanner fin_date_scanner;

int fin_date_scanner_new(fin_date_scanner **out, fin_error *err);
void fin_date_scanner_free(fin_date_scanner *s);

/* Find dates in text (one field). ref is the publication date (year 0 when
 * unknown: relative dates then stay unresolved). Appends to *out. */
int fin_date_scan(const fin_date_scanner *s, fin_arena *arena, const char *text,
		  const fin_tokens *toks, fin_field field, fin_ymd ref,
		  fin_date **out, size_t *n, size_t *cap);

/* A span of tokens [t0, t1). */
typedef struct fin_span {
	size_t t0, t1;
} fin_span;

/* fin_date_scan over the token spans sp[0..nsp) only (ordered, disjoint,
 * each from a sentence start to one): the dates that start in them, as the
 * whole-field scan finds them. */
int fin_date_scan_spans(const fin_date_scanner *s, fin_arena *arena, const char *text,
			const fin_tokens *toks, fin_field field, fin_ymd ref, const fin_span *sp,
			size_t nsp, fin_date **out, size_t *n, size_t *cap);

/* ====================================================================== */
/* link — companies, date and kind for each amount                         */
/* ====================================================================== */

typedef struct fin_linker fin_linker;

/* The sentence [*s0, *s1) (tokens of toks) of the amount at bytes [start,
 * end), as the links take it: the only sentence whose dates they read. */
void fin_link_sentence(const fin_tokens *toks, uint32_t start, uint32_t end, size_t *s0, size_t *s1);

int fin_linker_new(fin_linker **out, const char *data_dir, fin_error *err);
void fin_linker_free(fin_linker *l);

/* Fill companies/date_index/kind of every money mention in r. */
int fin_link(const fin_linker *l, fin_arena *arena, const fin_article *a,
	     const fin_tokens *title_toks, const fin_tokens *body_toks, fin_result *r);

#endif /* FIN_INTERNAL_H */
