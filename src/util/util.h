/*
 * util.h — arena, ASCII helpers, UTF-8 helpers, embedded data, regex wrapper.
 * Internal to libfinfig.
 */
#ifndef FIN_UTIL_H
#define FIN_UTIL_H

#include "finfig.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* ---------------------------------------------------------------------- */
/* Arena: bump allocator, freed (or reset) in one call.                    */
/* ---------------------------------------------------------------------- */

typedef struct fin_arena_block fin_arena_block;

typedef struct fin_arena {
	fin_arena_block *head; /* current block (most recent first) */
	size_t block_size;     /* default size of a new block */
	size_t total;          /* bytes reserved in all blocks */
} fin_arena;

void fin_arena_init(fin_arena *a, size_t block_size);
/* Free every block. */
void fin_arena_free(fin_arena *a);
/* Forget all allocations but keep the largest block for reuse. */
void fin_arena_reset(fin_arena *a);
/* n bytes aligned for any type, or NULL on out-of-memory. */
void *fin_arena_alloc(fin_arena *a, size_t n);
void *fin_arena_calloc(fin_arena *a, size_t count, size_t n);
/* Copy of s[0..n) with a NUL, or NULL. */
char *fin_arena_strndup(fin_arena *a, const char *s, size_t n);
/* Grow an arena array: *arr has *cap elements of size elem; make room for
 * one more (doubling). Returns 0 or FIN_ENOMEM. Old storage is abandoned in
 * the arena (cheap: geometric growth). */
int fin_arena_grow(fin_arena *a, void **arr, size_t *cap, size_t n, size_t elem);

/* ---------------------------------------------------------------------- */
/* ASCII helpers: never <ctype.h> on plain char, never locale-dependent.    */
/* ---------------------------------------------------------------------- */

static inline bool fin_is_digit(unsigned char c) { return c >= '0' && c <= '9'; }
static inline bool fin_is_upper(unsigned char c) { return c >= 'A' && c <= 'Z'; }
static inline bool fin_is_lower(unsigned char c) { return c >= 'a' && c <= 'z'; }
static inline bool fin_is_alpha(unsigned char c) { return fin_is_upper(c) || fin_is_lower(c); }
static inline bool fin_is_alnum(unsigned char c) { return fin_is_alpha(c) || fin_is_digit(c); }
static inline bool fin_is_space(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}
static inline unsigned char fin_to_lower(unsigned char c) { return fin_is_upper(c) ? (unsigned char)(c + 32) : c; }
static inline unsigned char fin_to_upper(unsigned char c) { return fin_is_lower(c) ? (unsigned char)(c - 32) : c; }

/* Case-insensitive (ASCII) comparison of s[0..n) with the NUL-terminated lit. */
bool fin_eq_ci(const char *s, size_t n, const char *lit);
/* Exact comparison of s[0..n) with the NUL-terminated lit. */
bool fin_eq(const char *s, size_t n, const char *lit);
/* FNV-1a of the lower-cased bytes. */
uint32_t fin_hash_ci(const char *s, size_t n);

/* ---------------------------------------------------------------------- */
/* UTF-8                                                                   */
/* ---------------------------------------------------------------------- */

/* true when s[0..n) is valid UTF-8 (no overlongs, no surrogates, <= U+10FFFF). */
bool fin_utf8_valid(const char *s, size_t n);
/* Decode one code point at s[0..n); *len gets its byte length (1 for an
 * invalid byte, which decodes as U+FFFD). n must be > 0. */
uint32_t fin_utf8_decode(const char *s, size_t n, size_t *len);
/* Append the UTF-8 encoding of cp to b. */
int fin_utf8_put(fin_buf *b, uint32_t cp);
/* Decode one JSON string escape whose backslash stands just before p
 * (p < end): \" \\ \/ \b \f \n \r \t, or \uXXXX with a surrogate pair,
 * appended to b as UTF-8. Returns the byte after the escape, or NULL when
 * it is malformed (a lone surrogate too). The two small JSON readers of
 * the aggregate and plot inputs share it. */
const char *fin_json_escape(fin_buf *b, const char *p, const char *end);
/* Append s[0..n) decoded as Windows-1252 to b, as UTF-8. */
int fin_cp1252_to_utf8(fin_buf *b, const char *s, size_t n);

/* ---------------------------------------------------------------------- */
/* Embedded data files (data/ TSV files compiled in by cmake/embed.cmake).  */
/* ---------------------------------------------------------------------- */

/* The built-in copy of data file `name` ("currencies.tsv"), or NULL. */
const char *fin_data_builtin(const char *name, size_t *len);

/* Iterate over the lines of a TSV text: each call yields the next line that
 * is neither empty nor a '#' comment, split into at most max_fields fields
 * (views into text). Returns the number of fields, 0 at the end. *pos keeps
 * the cursor (start at 0); *lineno the 1-based line number. */
typedef struct fin_field_view {
	const char *p;
	size_t n;
} fin_field_view;
size_t fin_tsv_next(const char *text, size_t len, size_t *pos, long *lineno,
		    fin_field_view *fields, size_t max_fields);

/* Append v in decimal (no locale, no printf: the output hot path). */
int fin_buf_put_u64(fin_buf *b, uint64_t v);

/* Inline fast paths of fin_buf_append / fin_buf_putc for the writers (a
 * record line is some forty appends): when the bytes fit the capacity
 * already reserved and the limit, copy them here; else the out-of-line
 * function grows the buffer or fails it. Same result either way. */
static inline int fin_buf_add(fin_buf *b, const void *p, size_t n)
{
	if (!b->failed && n < b->cap - b->len && n <= b->limit - b->len) {
		memcpy(b->ptr + b->len, p, n);
		b->len += n;
		b->ptr[b->len] = '\0';
		return FIN_OK;
	}
	return fin_buf_append(b, p, n);
}
static inline int fin_buf_addc(fin_buf *b, char c)
{
	if (!b->failed && b->len + 1 < b->cap && b->len < b->limit) {
		b->ptr[b->len++] = c;
		b->ptr[b->len] = '\0';
		return FIN_OK;
	}
	return fin_buf_append(b, &c, 1);
}
/* A string literal, its length known at compile time. */
#define fin_buf_lit(b, lit) fin_buf_add((b), "" lit, sizeof(lit) - 1)

/* A bit of a 4096-bit word filter (FIN_WORD_BLOOM_BITS) for word
 * p[0..n) (n >= 1), from its first two bytes, its last and its length,
 * each byte ORed with 0x20 (a function of its ASCII lower case, so the case
 * of a word does not change it). Two words with the same bit may differ; a
 * word whose bit no key set is surely no key. Branch-free: the scanners
 * run it on every word of a text. Used by the date and link vocabularies. */
#define FIN_WORD_BLOOM_BITS 4096u
static inline uint32_t fin_word_bloom_bit(const char *p, size_t n)
{
	const unsigned char *u = (const unsigned char *)p;
	uint32_t x = ((uint32_t)u[0] | (uint32_t)u[n > 1] << 8 | (uint32_t)u[n - 1] << 16) | 0x202020u;
	x ^= (uint32_t)n << 24;
	return (x * 0x27D4EB2Fu) >> 20;
}

/* Small sets of words of up to 8 bytes, keyed by the bytes folded with
 * | 0x20 (fin_pack8) in an open-addressed table: a token is looked up with one
 * multiply and a compare or two instead of a loop of string compares.
 * Folding maps A-Z to a-z like fin_to_lower, and maps no other byte to a
 * lower-case letter, so for keys of lower-case letters a hit is exactly a
 * case-insensitive match. */
#define FIN_KEY_SLOTS 128
typedef struct fin_keyset {
	uint64_t key[FIN_KEY_SLOTS]; /* 0: empty */
	int8_t val[FIN_KEY_SLOTS];
	uint64_t pre[4]; /* a bit per (first letter, length) of the keys */
	unsigned n;      /* keys held */
} fin_keyset;

/* The bit of fin_keyset.pre for a word of n (1..8) bytes starting with c. */
static inline unsigned fin_key_pre(unsigned char c, size_t n) { return ((c | 0x20u) & 31u) << 3 | (unsigned)(n - 1); }

static inline uint64_t fin_pack8(const char *p, size_t n)
{
	uint64_t k = 0;
	for (size_t i = 0; i < n; i++)
		k |= (uint64_t)((unsigned char)p[i] | 0x20) << (8 * i);
	return k;
}

static inline unsigned fin_key_slot(uint64_t k) { return (unsigned)((k * 0x9E3779B97F4A7C15u) >> 57); }

/* Add w (1..8 lower-case letters; longer words are not added) with val.
 * false when the set is full (one slot always stays empty, so that every
 * probe ends): the word lists that use it are short and fixed. */
static inline bool fin_keyset_add(fin_keyset *ks, const char *w, int val)
{
	size_t n = strlen(w);
	if (n == 0 || n > 8)
		return true;
	uint64_t k = fin_pack8(w, n);
	unsigned h = fin_key_slot(k);
	while (ks->key[h] && ks->key[h] != k)
		h = (h + 1) & (FIN_KEY_SLOTS - 1);
	if (!ks->key[h]) {
		if (ks->n + 1 >= FIN_KEY_SLOTS)
			return false;
		ks->n++;
		ks->key[h] = k;
		ks->val[h] = (int8_t)val;
		unsigned b = fin_key_pre((unsigned char)w[0], n);
		ks->pre[b >> 6] |= (uint64_t)1 << (b & 63);
	}
	return true;
}

/* fin_pack8 of p[0..n) (n <= 8) when avail >= n bytes may be read at p:
 * one 8-byte load and a mask when eight are there (little-endian). */
static inline uint64_t fin_pack8_in(const char *p, size_t n, size_t avail)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	if (avail >= 8) {
		uint64_t x;
		memcpy(&x, p, 8);
		uint64_t m = n >= 8 ? ~0ull : (((uint64_t)1 << (8 * n)) - 1);
		return (x | 0x2020202020202020ull) & m;
	}
#endif
	(void)avail;
	return fin_pack8(p, n);
}

/* The value of p[0..n) (1..8 bytes), or -1; avail bytes may be read at p. */
static inline int fin_keyset_get_in(const fin_keyset *ks, const char *p, size_t n, size_t avail)
{
	if (n == 0 || n > 8)
		return -1;
	/* Most words are out on their first letter and length alone. */
	unsigned b = fin_key_pre((unsigned char)p[0], n);
	if (!(ks->pre[b >> 6] >> (b & 63) & 1))
		return -1;
	uint64_t k = fin_pack8_in(p, n, avail);
	for (unsigned h = fin_key_slot(k); ks->key[h]; h = (h + 1) & (FIN_KEY_SLOTS - 1))
		if (ks->key[h] == k)
			return ks->val[h];
	return -1;
}

/* The value of p[0..n) (1..8 bytes), or -1. */
static inline int fin_keyset_get(const fin_keyset *ks, const char *p, size_t n)
{
	if (n == 0 || n > 8)
		return -1;
	unsigned b = fin_key_pre((unsigned char)p[0], n);
	if (!(ks->pre[b >> 6] >> (b & 63) & 1))
		return -1;
	uint64_t k = fin_pack8(p, n);
	for (unsigned h = fin_key_slot(k); ks->key[h]; h = (h + 1) & (FIN_KEY_SLOTS - 1))
		if (ks->key[h] == k)
			return ks->val[h];
	return -1;
}


/* Read a whole file into a fresh fin_malloc'd NUL-terminated buffer. */
int fin_read_file(const char *path, size_t limit, char **out, size_t *len, fin_error *err);

/* ---------------------------------------------------------------------- */
/* Regex: the one wrapper around pcre2 (JIT, match and depth limits).      */
/* ---------------------------------------------------------------------- */

typedef struct fin_regex fin_regex;

#define FIN_RE_CASELESS 1u
#define FIN_RE_MULTILINE 2u

/* Compile once (JIT when available). Thread-safe to match afterwards. */
int fin_regex_compile(fin_regex **out, const char *pattern, unsigned flags, fin_error *err);
void fin_regex_free(fin_regex *re);
/* Free the calling thread's match-data block (call as a worker thread ends). */
void fin_regex_thread_cleanup(void);
/* Match at or after offset. On a match returns 1 and fills ov[0..2*nov) with
 * byte offsets of the groups (-1 for unset; ov[0],ov[1] the whole match);
 * 0 for no match; negative on a limit error. Uses a per-thread match-data
 * block, so it may be called from several threads at once. */
int fin_regex_match(const fin_regex *re, const char *subject, size_t len,
		    size_t offset, long *ov, int nov);

#endif /* FIN_UTIL_H */
