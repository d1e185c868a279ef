/*
 * eval.c — `finfig eval`: score extracted records against gold articles
 * (../shared/docs/GOLD-FORMAT.md). The matching rules are stated in
 * include/finfig/eval.h; this file implements exactly those.
 *
 * Numbers: jansson turns JSON numbers into long long or double, which loses
 * digits (83.73 is not a double; integers past 2^53 round). So before a text
 * goes to jansson, every number token outside strings is rewritten into a
 * string holding a marker byte and the number's exact text
 * (83.73 -> "\u000183.73"); the marker tells a number from a real string.
 * The numbers are then parsed into exact decimals (ev_num) and compared with
 * exact integer arithmetic on their digits.
 *
 * jansson is used here for the structure of gold files and records; the
 * callers of this module see only include/finfig/eval.h.
 */
#include "internal.h"

#include "finfig/eval.h"

#include <dirent.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* ====================================================================== */
/* Exact decimal numbers for comparison                                    */
/* ====================================================================== */

/* Most significant digits kept; a JSON number with more significant digits
 * than this is rejected (no annotated amount has 40 digits). */
#define EV_DIGITS 40
/* Work width of the aligned integers: two numbers whose leading digits are
 * at most one place apart align within 2 * EV_DIGITS + 1 digits, and the
 * tolerance test shifts by 6 more. */
#define EV_WIDE (2 * EV_DIGITS + 8)
/* Largest exponent accepted in a JSON number. */
#define EV_MAX_EXP 100000

/* value = (neg ? -1 : 1) * d[0..nd) * 10^exp, digits most significant
 * first, no leading or trailing zeros; zero is nd == 0, neg == 0. */
typedef struct ev_num {
	int neg;
	int nd;
	int32_t exp;
	unsigned char d[EV_DIGITS];
} ev_num;

/* The end of a JSON number (strict grammar:
 * -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?) starting at s[i], or i
 * when there is none. */
static size_t json_number_end(const char *s, size_t n, size_t i)
{
	size_t j = i;
	if (j < n && s[j] == '-')
		j++;
	if (j >= n || !fin_is_digit((unsigned char)s[j]))
		return i;
	if (s[j] == '0') {
		j++;
	} else {
		while (j < n && fin_is_digit((unsigned char)s[j]))
			j++;
	}
	if (j < n && s[j] == '.') {
		j++;
		if (j >= n || !fin_is_digit((unsigned char)s[j]))
			return i;
		while (j < n && fin_is_digit((unsigned char)s[j]))
			j++;
	}
	if (j < n && (s[j] == 'e' || s[j] == 'E')) {
		j++;
		if (j < n && (s[j] == '+' || s[j] == '-'))
			j++;
		if (j >= n || !fin_is_digit((unsigned char)s[j]))
			return i;
		while (j < n && fin_is_digit((unsigned char)s[j]))
			j++;
	}
	return j;
}

/* Parse the JSON number s[0..n) exactly. 0 on success; FIN_EPARSE when it
 * is not a JSON number, FIN_EOVERFLOW when it has more than EV_DIGITS
 * significant digits or an exponent beyond EV_MAX_EXP. */
static int ev_num_parse(const char *s, size_t n, ev_num *out)
{
	if (n == 0 || json_number_end(s, n, 0) != n)
		return FIN_EPARSE;
	memset(out, 0, sizeof *out);
	size_t i = 0;
	int neg = 0;
	if (s[i] == '-') {
		neg = 1;
		i++;
	}
	int64_t exp = 0;
	int seen_point = 0, nd = 0;
	long pending_zeros = 0; /* zeros after the last non-zero digit, not stored yet */
	for (; i < n && s[i] != 'e' && s[i] != 'E'; i++) {
		if (s[i] == '.') {
			seen_point = 1;
			continue;
		}
		int dig = s[i] - '0';
		if (seen_point)
			exp--;
		if (dig == 0) {
			if (nd > 0)
				pending_zeros++;
			continue;
		}
		if (nd + pending_zeros + 1 > EV_DIGITS)
			return FIN_EOVERFLOW;
		for (; pending_zeros > 0; pending_zeros--)
			out->d[nd++] = 0;
		out->d[nd++] = (unsigned char)dig;
	}
	/* Trailing zeros are not stored: each one is a power of ten. */
	exp += pending_zeros;
	if (i < n) {
		i++;
		int eneg = 0;
		if (s[i] == '+' || s[i] == '-') {
			eneg = s[i] == '-';
			i++;
		}
		int64_t e = 0;
		for (; i < n; i++) {
			e = e * 10 + (s[i] - '0');
			if (e > EV_MAX_EXP)
				return FIN_EOVERFLOW;
		}
		exp += eneg ? -e : e;
	}
	if (exp > EV_MAX_EXP + EV_DIGITS || exp < -(EV_MAX_EXP + EV_DIGITS + 1000000))
		return FIN_EOVERFLOW;
	out->nd = nd;
	out->exp = nd ? (int32_t)exp : 0;
	out->neg = nd ? neg : 0;
	return FIN_OK;
}

/* The digits of x aligned to exponent e (<= x->exp), least significant
 * first, into w[EV_WIDE] (zero-filled). The caller guarantees the width. */
static void ev_align(const ev_num *x, int32_t e, unsigned char *w)
{
	memset(w, 0, EV_WIDE);
	size_t shift = (size_t)((int64_t)x->exp - e);
	for (int k = 0; k < x->nd; k++)
		w[shift + (size_t)(x->nd - 1 - k)] = x->d[k];
}

/* Compare a * 10^ashift with b (both least significant first, EV_WIDE
 * digits, a's digits shifted up by ashift places): -1, 0, 1. */
static int ev_cmp_shifted(const unsigned char *a, size_t ashift, const unsigned char *b)
{
	for (size_t k = EV_WIDE + ashift; k-- > 0;) {
		unsigned av = (k >= ashift && k - ashift < EV_WIDE) ? a[k - ashift] : 0;
		unsigned bv = k < EV_WIDE ? b[k] : 0;
		if (av != bv)
			return av < bv ? -1 : 1;
	}
	return 0;
}

/* true when |a - b| <= 1e-6 * max(|a|, |b|), computed exactly. Zero only
 * matches zero; numbers of opposite signs never match. */
static bool ev_num_close(const ev_num *a, const ev_num *b)
{
	if (a->nd == 0 || b->nd == 0)
		return a->nd == b->nd;
	if (a->neg != b->neg)
		return false;
	/* Place of the leading digit: 10^(lead-1) <= |x| < 10^lead. Two places
	 * apart means a ratio above 10: no need to look at the digits. */
	int64_t la = (int64_t)a->nd + a->exp, lb = (int64_t)b->nd + b->exp;
	if (la - lb > 1 || lb - la > 1)
		return false;
	int32_t e = a->exp < b->exp ? a->exp : b->exp;
	unsigned char A[EV_WIDE], B[EV_WIDE], D[EV_WIDE];
	ev_align(a, e, A);
	ev_align(b, e, B);
	int c = ev_cmp_shifted(A, 0, B);
	const unsigned char *hi = c >= 0 ? A : B, *lo = c >= 0 ? B : A;
	int borrow = 0;
	for (size_t k = 0; k < EV_WIDE; k++) {
		int v = (int)hi[k] - (int)lo[k] - borrow;
		borrow = v < 0;
		D[k] = (unsigned char)(v < 0 ? v + 10 : v);
	}
	/* |a - b| * 10^6 <= max(|a|, |b|) */
	return ev_cmp_shifted(D, 6, hi) <= 0;
}

/* ====================================================================== */
/* JSON with exact numbers                                                 */
/* ====================================================================== */

/* The byte that starts a string made from a number (see the file comment). */
#define EV_NUM_MARK '\x01'

/* A byte that may continue a number token. */
static bool is_number_char(unsigned char c)
{
	return fin_is_digit(c) || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E';
}

/* Copy s[0..n) into b with every valid number token outside strings turned
 * into the string "\u0001<number>". Invalid tokens are copied as they are,
 * so jansson reports them. Returns 0 or the buffer's failure code. */
static int wrap_numbers(fin_buf *b, const char *s, size_t n)
{
	fin_buf_clear(b);
	size_t i = 0, from = 0;
	while (i < n) {
		unsigned char c = (unsigned char)s[i];
		if (c == '"') {
			for (i++; i < n && s[i] != '"'; i++)
				if (s[i] == '\\')
					i++;
			i++;
			continue;
		}
		if (c == '-' || fin_is_digit(c)) {
			size_t j = json_number_end(s, n, i);
			if (j > i && (j == n || !is_number_char((unsigned char)s[j]))) {
				fin_buf_append(b, s + from, i - from);
				fin_buf_puts(b, "\"\\u0001");
				fin_buf_append(b, s + i, j - i);
				fin_buf_putc(b, '"');
				from = i = j;
				continue;
			}
			while (i < n && is_number_char((unsigned char)s[i]))
				i++;
			continue;
		}
		i++;
	}
	if (from < n)
		fin_buf_append(b, s + from, n - from);
	if (!b->ptr)
		fin_buf_append(b, "", 0);
	return b->failed;
}

/* A string value that is not a number, or NULL. */
static const char *json_text(const json_t *v)
{
	if (!json_is_string(v))
		return NULL;
	const char *s = json_string_value(v);
	return s[0] == EV_NUM_MARK ? NULL : s;
}

/* The exact text of a number value, or NULL. */
static const char *json_number_text(const json_t *v)
{
	if (!json_is_string(v))
		return NULL;
	const char *s = json_string_value(v);
	return s[0] == EV_NUM_MARK ? s + 1 : NULL;
}

/* A doc id: a string, or the text of a number (some tools write ids as
 * numbers); NULL otherwise. */
static const char *json_id(const json_t *v)
{
	if (!json_is_string(v))
		return NULL;
	const char *s = json_string_value(v);
	return s[0] == EV_NUM_MARK ? s + 1 : s;
}

/* ====================================================================== */
/* Company names                                                           */
/* ====================================================================== */

/* Words dropped by the normalisation (after the punctuation is gone). */
static const char *const ev_stop_words[] = {
    "inc", "incorporated", "corp", "corporation", "co", "company", "ltd",   "limited", "plc",      "llc",
    "nv",  "n.v",          "sa",   "s.a",         "ag", "gmbh",    "group", "holding", "holdings", NULL,
};

/* true when w[0..n) is one of ev_stop_words. */
static bool is_stop_word(const char *w, size_t n)
{
	for (const char *const *p = ev_stop_words; *p; p++)
		if (fin_eq(w, n, *p))
			return true;
	return false;
}

/* The punctuation the normalisation removes. */
static bool is_dropped_char(unsigned char c)
{
	return c == '<' || c == '>' || c == '"' || c == '\'' || c == '.' || c == ',' || c == '(' ||
	       c == ')' || c == '&';
}

/* See finfig/eval.h. One pass: a word is written as it is read and taken
 * back when it ends as a stop word. */
size_t fin_eval_normalise(const char *name, size_t n, char *buf, size_t cap)
{
	if (cap == 0)
		return 0;
	size_t o = 0;      /* bytes written */
	size_t before = 0; /* o before the current word (and its leading space) */
	size_t wstart = 0; /* where the current word's letters start */
	int in_word = 0, cut = 0;
	for (size_t i = 0; i <= n; i++) {
		unsigned char c = i < n ? (unsigned char)name[i] : ' ';
		if (is_dropped_char(c))
			continue;
		if (!fin_is_space(c)) {
			if (!in_word) {
				in_word = 1;
				before = o;
				if (o > 0 && o + 1 < cap)
					buf[o++] = ' ';
				wstart = o;
			}
			if (o + 1 < cap)
				buf[o++] = (char)fin_to_lower(c);
			else
				cut = 1;
			continue;
		}
		/* A word ends: drop it when it is one of the stop words (a word
		 * cut short by the buffer is kept as it is). */
		if (in_word && !cut && is_stop_word(buf + wstart, o - wstart))
			o = before;
		in_word = 0;
	}
	buf[o] = '\0';
	return o;
}

/* ====================================================================== */
/* The evaluation state                                                    */
/* ====================================================================== */

/* A name as given and normalised. */
typedef struct ev_name {
	const char *raw;
	const char *norm; /* "" when nothing is left: it matches nothing */
} ev_name;

/* A money mention, gold or predicted. */
typedef struct ev_amount {
	int is_range;
	ev_num value, min, max;
	const char *raw;      /* "VALUE" or "MIN..MAX" as written, for reports */
	const char *currency; /* "" when null */
	const char *text;     /* surface text, "" when none */
	int is_explicit;      /* gold: "explicit" (default true) */
	ev_name *names;       /* gold: parties; predicted: companies */
	size_t n_names;
} ev_amount;

/* An organisation group of a gold article. */
typedef struct ev_group {
	int is_company; /* type "company" (else "other") */
	ev_name *names;
	size_t n_names;
} ev_group;

/* A predicted company line. */
typedef struct ev_company {
	ev_name name, text;
} ev_company;

/* One gold article and the records that name it. */
typedef struct ev_doc {
	const char *id;
	const char *path; /* gold file, for messages */
	ev_amount *gold;
	size_t n_gold;
	ev_group *groups;
	size_t n_groups;
	ev_amount *pred;
	size_t n_pred, cap_pred;
	ev_company *comp;
	size_t n_comp, cap_comp;
	int seen; /* some record names this doc */
} ev_doc;

/* A slot of the doc-id hash table: the id and its gold doc, or -1 for an
 * id seen in the records only. */
typedef struct ev_slot {
	const char *key;
	uint32_t hash;
	long doc;
} ev_slot;

struct fin_eval {
	fin_eval_opts opts;
	fin_arena arena;   /* every string and array kept */
	fin_arena scratch; /* records of docs without gold: checked, then forgotten */
	fin_arena *mem;    /* where the helpers allocate: &arena or &scratch */
	ev_doc *docs;      /* fin_realloc'd */
	size_t n_docs, cap_docs;
	ev_slot *slots; /* open addressing, power-of-two size */
	size_t n_slots, used;
	long records, bad_gold, bad_records, docs_without_gold;
	int records_started; /* gold can no longer be added */
	fin_buf wrap;        /* scratch: text with numbers wrapped */
};

/* Report an error through diag (if any) with a printf-style message. */
static void ev_diag(fin_diag_fn diag, void *ud, const char *path, long line, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 5, 6)))
#endif
    ;
static void ev_diag(fin_diag_fn diag, void *ud, const char *path, long line, const char *fmt, ...)
{
	if (!diag)
		return;
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	diag(ud, FIN_SEV_ERROR, path ? path : "", line, msg);
}

/* See finfig/eval.h. */
int fin_eval_new(fin_eval **out, const fin_eval_opts *opts)
{
	*out = NULL;
	fin_eval *ev = fin_calloc(1, sizeof *ev);
	if (!ev)
		return FIN_ENOMEM;
	if (opts)
		ev->opts = *opts;
	fin_arena_init(&ev->arena, 1 << 16);
	fin_arena_init(&ev->scratch, 1 << 12);
	ev->mem = &ev->arena;
	fin_buf_init(&ev->wrap, 0);
	*out = ev;
	return FIN_OK;
}

/* Free ev and all it holds; NULL is a no-op. */
void fin_eval_free(fin_eval *ev)
{
	if (!ev)
		return;
	fin_arena_free(&ev->arena);
	fin_arena_free(&ev->scratch);
	fin_free(ev->docs);
	fin_free(ev->slots);
	fin_buf_free(&ev->wrap);
	fin_free(ev);
}

/* FNV-1a of the exact bytes. */
static uint32_t ev_hash(const char *s)
{
	uint32_t h = 2166136261u;
	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 16777619u;
	}
	return h;
}

/* The slot of key: the one holding it, or the empty one where it goes. */
static ev_slot *ev_find(fin_eval *ev, const char *key, uint32_t h)
{
	size_t mask = ev->n_slots - 1;
	for (size_t i = h & mask;; i = (i + 1) & mask) {
		ev_slot *s = &ev->slots[i];
		if (!s->key || (s->hash == h && strcmp(s->key, key) == 0))
			return s;
	}
}

/* Make room for one more key (load kept under one half). */
static int ev_reserve_slot(fin_eval *ev)
{
	if (ev->n_slots && (ev->used + 1) * 2 <= ev->n_slots)
		return FIN_OK;
	size_t n = ev->n_slots ? ev->n_slots * 2 : 64;
	ev_slot *old = ev->slots;
	size_t old_n = ev->n_slots;
	ev->slots = fin_calloc(n, sizeof *ev->slots);
	if (!ev->slots) {
		ev->slots = old;
		return FIN_ENOMEM;
	}
	ev->n_slots = n;
	for (size_t i = 0; i < old_n; i++)
		if (old[i].key)
			*ev_find(ev, old[i].key, old[i].hash) = old[i];
	fin_free(old);
	return FIN_OK;
}

/* Copy of a NUL-terminated string into the arena, or NULL. */
static const char *ev_strdup(fin_eval *ev, const char *s)
{
	return fin_arena_strndup(ev->mem, s, strlen(s));
}

/* raw and its normalised form, both in the arena. FIN_OK or FIN_ENOMEM. */
static int ev_name_set(fin_eval *ev, ev_name *nm, const char *raw)
{
	size_t n = strlen(raw);
	char *norm = fin_arena_alloc(ev->mem, n + 1);
	nm->raw = ev_strdup(ev, raw);
	if (!norm || !nm->raw)
		return FIN_ENOMEM;
	fin_eval_normalise(raw, n, norm, n + 1);
	nm->norm = norm;
	return FIN_OK;
}

/* Parse JSON text (numbers wrapped) into *root. FIN_OK, FIN_ENOMEM, or
 * FIN_EPARSE with the message and line in jerr. */
static int ev_parse_json(fin_eval *ev, const char *buf, size_t len, json_t **root, json_error_t *jerr)
{
	/* A byte-order mark (some editors write one) is not part of the JSON. */
	if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0) {
		buf += 3;
		len -= 3;
	}
	if (wrap_numbers(&ev->wrap, buf, len))
		return FIN_ENOMEM;
	*root = json_loadb(ev->wrap.ptr, ev->wrap.len, 0, jerr);
	return *root ? FIN_OK : FIN_EPARSE;
}

/* ====================================================================== */
/* Amounts (shared by gold and records)                                    */
/* ====================================================================== */

/* Why an amount object was refused, for the message. */
typedef struct ev_why {
	char msg[256];
} ev_why;

/* Read a number member key of o into *out. 1 when present and valid, 0 when
 * absent or null, -1 when wrong (why filled). */
static int ev_get_number(const json_t *o, const char *key, ev_num *out, const char **raw, ev_why *why)
{
	const json_t *v = json_object_get(o, key);
	if (!v || json_is_null(v))
		return 0;
	const char *t = json_number_text(v);
	if (!t) {
		snprintf(why->msg, sizeof why->msg, "\"%s\" is not a number", key);
		return -1;
	}
	int rc = ev_num_parse(t, strlen(t), out);
	if (rc) {
		snprintf(why->msg, sizeof why->msg, "\"%s\": %s number %.40s", key,
		         rc == FIN_EOVERFLOW ? "too many digits in" : "bad", t);
		return -1;
	}
	*raw = t;
	return 1;
}

/* Read an optional string member: *out gets it ("" when absent or null).
 * FIN_OK, or FIN_EPARSE when it is there and not a string (why filled). */
static int ev_get_text(const json_t *o, const char *key, const char **out, ev_why *why)
{
	const json_t *v = json_object_get(o, key);
	*out = "";
	if (!v || json_is_null(v))
		return FIN_OK;
	const char *s = json_text(v);
	if (!s) {
		snprintf(why->msg, sizeof why->msg, "\"%s\" is not a string", key);
		return FIN_EPARSE;
	}
	*out = s;
	return FIN_OK;
}

/* Read a list of names (member key, absent or null: none) into *names. */
static int ev_get_names(fin_eval *ev, const json_t *o, const char *key, ev_name **names, size_t *n,
                        ev_why *why)
{
	*names = NULL;
	*n = 0;
	const json_t *v = json_object_get(o, key);
	if (!v || json_is_null(v))
		return FIN_OK;
	if (!json_is_array(v)) {
		snprintf(why->msg, sizeof why->msg, "\"%s\" is not a list", key);
		return FIN_EPARSE;
	}
	size_t k = json_array_size(v);
	if (k == 0)
		return FIN_OK;
	ev_name *arr = fin_arena_calloc(ev->mem, k, sizeof *arr);
	if (!arr)
		return FIN_ENOMEM;
	for (size_t i = 0; i < k; i++) {
		const char *s = json_text(json_array_get(v, i));
		if (!s) {
			snprintf(why->msg, sizeof why->msg, "\"%s\"[%zu] is not a string", key, i);
			return FIN_EPARSE;
		}
		if (ev_name_set(ev, &arr[i], s))
			return FIN_ENOMEM;
	}
	*names = arr;
	*n = k;
	return FIN_OK;
}

/* Fill a from the money object o: value, or min and max; currency; text;
 * explicit; the names of list `names_key`. FIN_OK, FIN_ENOMEM, or
 * FIN_EPARSE with why filled. `need_currency`: a gold mention must name one. */
static int ev_read_amount(fin_eval *ev, const json_t *o, const char *names_key, int need_currency,
                          ev_amount *a, ev_why *why)
{
	memset(a, 0, sizeof *a);
	const char *rv = NULL, *rmin = NULL, *rmax = NULL;
	int hv = ev_get_number(o, "value", &a->value, &rv, why);
	if (hv < 0)
		return FIN_EPARSE;
	if (hv > 0) {
		a->raw = ev_strdup(ev, rv);
	} else {
		int hmin = ev_get_number(o, "min", &a->min, &rmin, why);
		if (hmin < 0)
			return FIN_EPARSE;
		int hmax = ev_get_number(o, "max", &a->max, &rmax, why);
		if (hmax < 0)
			return FIN_EPARSE;
		if (!hmin || !hmax) {
			snprintf(why->msg, sizeof why->msg, "needs \"value\", or \"min\" and \"max\"");
			return FIN_EPARSE;
		}
		a->is_range = 1;
		size_t n = strlen(rmin) + strlen(rmax) + 3;
		char *r = fin_arena_alloc(ev->mem, n);
		if (r)
			snprintf(r, n, "%s..%s", rmin, rmax);
		a->raw = r;
	}
	if (!a->raw)
		return FIN_ENOMEM;
	const char *cur, *text;
	if (ev_get_text(o, "currency", &cur, why) || ev_get_text(o, "text", &text, why))
		return FIN_EPARSE;
	if (need_currency && !cur[0]) {
		snprintf(why->msg, sizeof why->msg, "needs a \"currency\"");
		return FIN_EPARSE;
	}
	a->currency = ev_strdup(ev, cur);
	a->text = ev_strdup(ev, text);
	if (!a->currency || !a->text)
		return FIN_ENOMEM;
	a->is_explicit = 1;
	const json_t *ex = json_object_get(o, "explicit");
	if (ex && !json_is_null(ex)) {
		if (!json_is_boolean(ex)) {
			snprintf(why->msg, sizeof why->msg, "\"explicit\" is not true or false");
			return FIN_EPARSE;
		}
		a->is_explicit = json_is_true(ex);
	}
	return ev_get_names(ev, o, names_key, &a->names, &a->n_names, why);
}

/* ====================================================================== */
/* Gold files                                                              */
/* ====================================================================== */

/* The file stem of path ("dir/16420.json" gives "16420") into the arena. */
static const char *ev_stem(fin_eval *ev, const char *path)
{
	const char *b = strrchr(path, '/');
	b = b ? b + 1 : path;
	size_t n = strlen(b);
	if (n > 5 && strcmp(b + n - 5, ".json") == 0)
		n -= 5;
	return fin_arena_strndup(&ev->arena, b, n);
}

/* Put "WHAT[i]: " before the message in why (cut to fit). */
static void ev_why_prefix(ev_why *why, const char *what, size_t i)
{
	char tmp[sizeof why->msg + 64];
	snprintf(tmp, sizeof tmp, "%s[%zu]: %s", what, i, why->msg);
	memcpy(why->msg, tmp, sizeof why->msg - 1);
	why->msg[sizeof why->msg - 1] = '\0';
}

/* Fill d from the gold object root. FIN_OK, FIN_ENOMEM, or FIN_EPARSE with
 * why filled. */
static int ev_read_gold(fin_eval *ev, const json_t *root, ev_doc *d, ev_why *why)
{
	if (!json_is_object(root)) {
		snprintf(why->msg, sizeof why->msg, "not a JSON object");
		return FIN_EPARSE;
	}
	const json_t *id = json_object_get(root, "doc");
	if (id && !json_is_null(id)) {
		const char *s = json_id(id);
		if (!s || !s[0]) {
			snprintf(why->msg, sizeof why->msg, "\"doc\" is not a non-empty string");
			return FIN_EPARSE;
		}
		if (!(d->id = ev_strdup(ev, s)))
			return FIN_ENOMEM;
	}
	const json_t *money = json_object_get(root, "money");
	if (money && !json_is_null(money)) {
		if (!json_is_array(money)) {
			snprintf(why->msg, sizeof why->msg, "\"money\" is not a list");
			return FIN_EPARSE;
		}
		d->n_gold = json_array_size(money);
		if (d->n_gold && !(d->gold = fin_arena_calloc(&ev->arena, d->n_gold, sizeof *d->gold)))
			return FIN_ENOMEM;
		for (size_t i = 0; i < d->n_gold; i++) {
			const json_t *m = json_array_get(money, i);
			int rc = json_is_object(m)
			             ? ev_read_amount(ev, m, "parties", 1, &d->gold[i], why)
			             : (snprintf(why->msg, sizeof why->msg, "not an object"), FIN_EPARSE);
			if (rc == FIN_EPARSE)
				ev_why_prefix(why, "money", i);
			if (rc)
				return rc;
		}
	}
	const json_t *orgs = json_object_get(root, "orgs");
	if (orgs && !json_is_null(orgs)) {
		if (!json_is_array(orgs)) {
			snprintf(why->msg, sizeof why->msg, "\"orgs\" is not a list");
			return FIN_EPARSE;
		}
		d->n_groups = json_array_size(orgs);
		if (d->n_groups &&
		    !(d->groups = fin_arena_calloc(&ev->arena, d->n_groups, sizeof *d->groups)))
			return FIN_ENOMEM;
		for (size_t i = 0; i < d->n_groups; i++) {
			const json_t *g = json_array_get(orgs, i);
			const char *type = json_is_object(g) ? json_text(json_object_get(g, "type")) : NULL;
			if (!type || (strcmp(type, "company") != 0 && strcmp(type, "other") != 0)) {
				snprintf(why->msg, sizeof why->msg,
				         "needs \"type\" \"company\" or \"other\"");
				ev_why_prefix(why, "orgs", i);
				return FIN_EPARSE;
			}
			d->groups[i].is_company = strcmp(type, "company") == 0;
			int rc =
			    ev_get_names(ev, g, "names", &d->groups[i].names, &d->groups[i].n_names, why);
			if (rc == FIN_OK && d->groups[i].n_names == 0) {
				snprintf(why->msg, sizeof why->msg, "needs a non-empty \"names\" list");
				rc = FIN_EPARSE;
			}
			if (rc == FIN_EPARSE)
				ev_why_prefix(why, "orgs", i);
			if (rc)
				return rc;
		}
	}
	return FIN_OK;
}

/* See finfig/eval.h. The doc goes into docs[] and the id table once it
 * is whole; a refused file leaves nothing behind but arena bytes. */
int fin_eval_add_gold(fin_eval *ev, const char *buf, size_t len, const char *name, fin_diag_fn diag, void *ud)
{
	if (ev->records_started)
		return FIN_EINVAL;
	json_t *root = NULL;
	json_error_t jerr;
	int rc = ev_parse_json(ev, buf, len, &root, &jerr);
	if (rc == FIN_ENOMEM)
		return rc;
	if (rc) {
		ev->bad_gold++;
		ev_diag(diag, ud, name, jerr.line > 0 ? jerr.line : 0, "invalid JSON: %s", jerr.text);
		return FIN_EPARSE;
	}
	ev_doc d;
	memset(&d, 0, sizeof d);
	ev_why why;
	why.msg[0] = '\0';
	rc = ev_read_gold(ev, root, &d, &why);
	json_decref(root);
	if (rc == FIN_ENOMEM)
		return rc;
	if (rc) {
		ev->bad_gold++;
		ev_diag(diag, ud, name, 0, "bad gold file: %s", why.msg);
		return FIN_EPARSE;
	}
	if (!d.id && !(d.id = ev_stem(ev, name)))
		return FIN_ENOMEM;
	if (!(d.path = ev_strdup(ev, name)) || ev_reserve_slot(ev))
		return FIN_ENOMEM;
	uint32_t h = ev_hash(d.id);
	ev_slot *s = ev_find(ev, d.id, h);
	if (s->key) {
		ev->bad_gold++;
		ev_diag(diag, ud, name, 0, "bad gold file: doc '%s' is already loaded from %s", d.id,
		        ev->docs[s->doc].path);
		return FIN_EPARSE;
	}
	if (ev->n_docs == ev->cap_docs) {
		size_t nc = ev->cap_docs ? ev->cap_docs * 2 : 64;
		ev_doc *nd = fin_realloc(ev->docs, nc * sizeof *nd);
		if (!nd)
			return FIN_ENOMEM;
		ev->docs = nd;
		ev->cap_docs = nc;
	}
	s->key = d.id;
	s->hash = h;
	s->doc = (long)ev->n_docs;
	ev->used++;
	ev->docs[ev->n_docs++] = d;
	return FIN_OK;
}

/* Load one gold file. FIN_OK, FIN_EPARSE/FIN_EIO (reported), FIN_ENOMEM. */
static int ev_load_file(fin_eval *ev, const char *path, fin_diag_fn diag, void *ud)
{
	char *buf = NULL;
	size_t len = 0;
	fin_error err;
	memset(&err, 0, sizeof err);
	int rc = fin_read_file(path, (size_t)64 << 20, &buf, &len, &err);
	if (rc == FIN_ENOMEM)
		return rc;
	if (rc) {
		ev->bad_gold++;
		ev_diag(diag, ud, path, 0, "%s", err.message);
		return rc;
	}
	rc = fin_eval_add_gold(ev, buf, len, path, diag, ud);
	fin_free(buf);
	return rc;
}

/* qsort order of directory entries: bytewise, as the source walker. */
static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Directories deeper than this are not entered (a guard against loops). */
#define EV_MAX_DEPTH 64

/* Load the *.json files under directory dir, in sorted order. */
static int ev_walk(fin_eval *ev, const char *dir, int depth, fin_diag_fn diag, void *ud)
{
	DIR *dh = opendir(dir);
	if (!dh) {
		ev->bad_gold++;
		ev_diag(diag, ud, dir, 0, "cannot open directory");
		return FIN_EIO;
	}
	char **names = NULL;
	size_t n = 0, cap = 0;
	int rc = FIN_OK;
	struct dirent *e;
	while ((e = readdir(dh)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		if (n == cap) {
			size_t nc = cap ? cap * 2 : 32;
			char **nn = fin_realloc(names, nc * sizeof *nn);
			if (!nn) {
				rc = FIN_ENOMEM;
				break;
			}
			names = nn;
			cap = nc;
		}
		if (!(names[n] = fin_strndup(e->d_name, strlen(e->d_name)))) {
			rc = FIN_ENOMEM;
			break;
		}
		n++;
	}
	closedir(dh);
	if (n > 1)
		qsort(names, n, sizeof *names, cmp_names);
	fin_buf path;
	fin_buf_init(&path, 0);
	for (size_t i = 0; i < n && rc != FIN_ENOMEM; i++) {
		fin_buf_clear(&path);
		fin_buf_puts(&path, dir);
		if (path.len && path.ptr[path.len - 1] != '/')
			fin_buf_putc(&path, '/');
		fin_buf_puts(&path, names[i]);
		if (path.failed) {
			rc = FIN_ENOMEM;
			break;
		}
		struct stat st;
		if (stat(path.ptr, &st) != 0)
			continue;
		if (S_ISDIR(st.st_mode)) {
			if (depth < EV_MAX_DEPTH && ev_walk(ev, path.ptr, depth + 1, diag, ud) == FIN_ENOMEM)
				rc = FIN_ENOMEM;
		} else if (S_ISREG(st.st_mode)) {
			size_t nl = strlen(names[i]);
			if (nl > 5 && strcmp(names[i] + nl - 5, ".json") == 0 &&
			    ev_load_file(ev, path.ptr, diag, ud) == FIN_ENOMEM)
				rc = FIN_ENOMEM;
		}
	}
	fin_buf_free(&path);
	for (size_t i = 0; i < n; i++)
		fin_free(names[i]);
	fin_free(names);
	return rc == FIN_ENOMEM ? rc : FIN_OK;
}

/* See finfig/eval.h. */
int fin_eval_load_gold(fin_eval *ev, const char *path, fin_diag_fn diag, void *ud)
{
	if (ev->records_started)
		return FIN_EINVAL;
	struct stat st;
	if (stat(path, &st) != 0) {
		ev->bad_gold++;
		ev_diag(diag, ud, path, 0, "cannot read gold: no such file or directory");
		return FIN_ENOTFOUND;
	}
	if (S_ISDIR(st.st_mode))
		return ev_walk(ev, path, 0, diag, ud);
	int rc = ev_load_file(ev, path, diag, ud);
	return rc == FIN_EPARSE ? FIN_OK : rc;
}

/* ====================================================================== */
/* Records                                                                 */
/* ====================================================================== */

/* Note that doc id occurs in the records; *d gets its gold doc or NULL. */
static int ev_see_doc(fin_eval *ev, const char *id, ev_doc **d)
{
	*d = NULL;
	if (ev_reserve_slot(ev))
		return FIN_ENOMEM;
	uint32_t h = ev_hash(id);
	ev_slot *s = ev_find(ev, id, h);
	if (!s->key) {
		if (!(s->key = ev_strdup(ev, id)))
			return FIN_ENOMEM;
		s->hash = h;
		s->doc = -1;
		ev->used++;
		ev->docs_without_gold++;
		return FIN_OK;
	}
	if (s->doc >= 0) {
		*d = &ev->docs[s->doc];
		(*d)->seen = 1;
	}
	return FIN_OK;
}

static int ev_take_amount_or_company(fin_eval *ev, const json_t *o, bool money, ev_doc *d, ev_why *why);

/* Take in one parsed record. FIN_OK, FIN_ENOMEM, or FIN_EPARSE (why). */
static int ev_take_record(fin_eval *ev, const json_t *o, ev_why *why)
{
	if (!json_is_object(o)) {
		snprintf(why->msg, sizeof why->msg, "a record is not a JSON object");
		return FIN_EPARSE;
	}
	const char *type = json_text(json_object_get(o, "type"));
	const char *id = json_id(json_object_get(o, "doc"));
	if (!type || !id) {
		snprintf(why->msg, sizeof why->msg, "a record needs string \"type\" and \"doc\"");
		return FIN_EPARSE;
	}
	ev_doc *d;
	if (ev_see_doc(ev, id, &d))
		return FIN_ENOMEM;
	bool money = strcmp(type, "money") == 0, company = strcmp(type, "company") == 0;
	if (!money && !company)
		return FIN_OK;
	/* Records of docs without gold are checked all the same, so a broken
	 * line is reported wherever it is, in scratch memory forgotten at once. */
	if (!d) {
		ev->mem = &ev->scratch;
		int rc = ev_take_amount_or_company(ev, o, money, NULL, why);
		ev->mem = &ev->arena;
		fin_arena_reset(&ev->scratch);
		return rc;
	}
	return ev_take_amount_or_company(ev, o, money, d, why);
}

/* The money or company record o of doc d (NULL: check it only). */
static int ev_take_amount_or_company(fin_eval *ev, const json_t *o, bool money, ev_doc *d, ev_why *why)
{
	if (money) {
		ev_amount a;
		int rc = ev_read_amount(ev, o, "companies", 0, &a, why);
		if (rc || !d)
			return rc;
		if (d->n_pred == d->cap_pred &&
		    fin_arena_grow(&ev->arena, (void **)&d->pred, &d->cap_pred, d->n_pred, sizeof a))
			return FIN_ENOMEM;
		d->pred[d->n_pred++] = a;
		return FIN_OK;
	}
	const char *name, *text;
	if (ev_get_text(o, "name", &name, why) || ev_get_text(o, "text", &text, why))
		return FIN_EPARSE;
	if (!name[0] && !text[0]) {
		snprintf(why->msg, sizeof why->msg, "a company record needs \"name\" or \"text\"");
		return FIN_EPARSE;
	}
	if (!d)
		return FIN_OK;
	ev_company c;
	if (ev_name_set(ev, &c.name, name) || ev_name_set(ev, &c.text, text))
		return FIN_ENOMEM;
	if (d->n_comp == d->cap_comp &&
	    fin_arena_grow(&ev->arena, (void **)&d->comp, &d->cap_comp, d->n_comp, sizeof c))
		return FIN_ENOMEM;
	d->comp[d->n_comp++] = c;
	return FIN_OK;
}

/* Take in one parsed record, reporting a bad one at name:line. */
static int ev_record_json(fin_eval *ev, const json_t *o, const char *name, long line, fin_diag_fn diag,
                          void *ud)
{
	ev_why why;
	why.msg[0] = '\0';
	ev->records++;
	int rc = ev_take_record(ev, o, &why);
	if (rc == FIN_EPARSE) {
		ev->bad_records++;
		ev_diag(diag, ud, name, line, "bad record: %s", why.msg);
	}
	return rc;
}

/* See finfig/eval.h. */
int fin_eval_add_record(fin_eval *ev, const char *buf, size_t len, const char *name, long line,
                        fin_diag_fn diag, void *ud)
{
	ev->records_started = 1;
	json_t *o = NULL;
	json_error_t jerr;
	int rc = ev_parse_json(ev, buf, len, &o, &jerr);
	if (rc == FIN_ENOMEM)
		return rc;
	if (rc) {
		ev->bad_records++;
		ev_diag(diag, ud, name, line, "invalid JSON: %s", jerr.text);
		return FIN_EPARSE;
	}
	rc = ev_record_json(ev, o, name, line, diag, ud);
	json_decref(o);
	return rc;
}

/* Records of a JSON array held in text[0..n). */
static int ev_record_array(fin_eval *ev, const char *text, size_t n, const char *name, fin_diag_fn diag,
                           void *ud)
{
	json_t *root = NULL;
	json_error_t jerr;
	int rc = ev_parse_json(ev, text, n, &root, &jerr);
	if (rc == FIN_ENOMEM)
		return rc;
	if (rc || !json_is_array(root)) {
		ev->bad_records++;
		ev_diag(diag, ud, name, rc ? jerr.line : 1, "invalid JSON: %s",
		        rc ? jerr.text : "not an array of records");
		json_decref(root);
		return FIN_OK;
	}
	for (size_t i = 0; i < json_array_size(root); i++) {
		if (ev_record_json(ev, json_array_get(root, i), name, 0, diag, ud) == FIN_ENOMEM) {
			json_decref(root);
			return FIN_ENOMEM;
		}
	}
	json_decref(root);
	return FIN_OK;
}

/* true when s[0..n) is only white space. */
static bool ev_blank(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!fin_is_space((unsigned char)s[i]))
			return false;
	return true;
}

/* Largest record line or array accepted. */
#define EV_MAX_INPUT ((size_t)1 << 30)

int fin_eval_read_records(fin_eval *ev, FILE *f, const char *name, fin_diag_fn diag, void *ud)
{
	ev->records_started = 1;
	fin_buf line;
	fin_buf_init(&line, EV_MAX_INPUT);
	char chunk[65536];
	long lineno = 0;
	int array = 0, rc = FIN_OK, any = 0;
	size_t n;
	while (rc == FIN_OK && (n = fread(chunk, 1, sizeof chunk, f)) > 0) {
		if (array) {
			fin_buf_append(&line, chunk, n);
			continue;
		}
		size_t from = 0;
		for (size_t i = 0; i <= n && rc == FIN_OK; i++) {
			if (i < n && chunk[i] != '\n')
				continue;
			fin_buf_append(&line, chunk + from, i - from);
			from = i + 1;
			if (i == n)
				break;
			lineno++;
			if (!any && !ev_blank(line.ptr, line.len)) {
				any = 1;
				size_t k = 0;
				while (fin_is_space((unsigned char)line.ptr[k]))
					k++;
				if (line.ptr[k] == '[') {
					/* One JSON array: keep the rest of the input. */
					array = 1;
					fin_buf_putc(&line, '\n');
					fin_buf_append(&line, chunk + from, n - from);
					break;
				}
			}
			if (line.failed) {
				rc = line.failed == FIN_ENOMEM ? FIN_ENOMEM : FIN_OK;
				if (rc == FIN_OK) {
					ev->bad_records++;
					ev_diag(diag, ud, name, lineno, "line too long");
				}
			} else if (!ev_blank(line.ptr, line.len)) {
				size_t ln = line.len;
				if (ln && line.ptr[ln - 1] == '\r')
					ln--;
				if (fin_eval_add_record(ev, line.ptr, ln, name, lineno, diag, ud) ==
				    FIN_ENOMEM)
					rc = FIN_ENOMEM;
			}
			fin_buf_clear(&line);
		}
	}
	if (rc == FIN_OK && ferror(f)) {
		ev_diag(diag, ud, name, 0, "read error");
		rc = FIN_EIO;
	}
	if (rc == FIN_OK && line.failed) {
		if (line.failed == FIN_ENOMEM) {
			rc = FIN_ENOMEM;
		} else {
			ev->bad_records++;
			ev_diag(diag, ud, name, lineno + 1, "input too long");
		}
	} else if (rc == FIN_OK && array) {
		rc = ev_record_array(ev, line.ptr, line.len, name, diag, ud);
	} else if (rc == FIN_OK && !ev_blank(line.ptr, line.len)) {
		/* A last line without a newline (or a whole array on one line). */
		size_t k = 0;
		while (fin_is_space((unsigned char)line.ptr[k]))
			k++;
		if (!any && line.ptr[k] == '[')
			rc = ev_record_array(ev, line.ptr, line.len, name, diag, ud);
		else if (fin_eval_add_record(ev, line.ptr, line.len, name, lineno + 1, diag, ud) ==
		         FIN_ENOMEM)
			rc = FIN_ENOMEM;
	}
	fin_buf_free(&line);
	return rc;
}

/* ====================================================================== */
/* Scoring                                                                 */
/* ====================================================================== */

/* true when predicted amount p may pair with gold amount g. */
static bool ev_compatible(const ev_amount *p, const ev_amount *g)
{
	if (p->is_range != g->is_range || strcmp(p->currency, g->currency) != 0)
		return false;
	if (p->is_range)
		return ev_num_close(&p->min, &g->min) && ev_num_close(&p->max, &g->max);
	return ev_num_close(&p->value, &g->value);
}

/* A bipartite matching of predicted to gold amounts of one article. */
typedef struct ev_match {
	size_t np, ng;
	const unsigned char *ok;  /* ok[i * ng + j]: pred i may pair with gold j */
	const unsigned char *use; /* gold j takes part in the current phase */
	long *pred_of;            /* gold j -> its pred, or -1 */
	long *gold_of;            /* pred i -> its gold, or -1 */
	unsigned char *visited;   /* gold j visited in the current search */
} ev_match;

/* Find an augmenting path from pred i (Kuhn's algorithm); golds are tried
 * in text order, a free one first, so equal amounts pair in order (the
 * second "$1bn" of an article takes the second gold "$1bn", not the first
 * one from the pred before it). */
static bool ev_augment(ev_match *m, size_t i)
{
	for (size_t j = 0; j < m->ng; j++) {
		if (m->use[j] && !m->visited[j] && m->ok[i * m->ng + j] && m->pred_of[j] < 0) {
			m->visited[j] = 1;
			m->pred_of[j] = (long)i;
			m->gold_of[i] = (long)j;
			return true;
		}
	}
	for (size_t j = 0; j < m->ng; j++) {
		if (!m->use[j] || m->visited[j] || !m->ok[i * m->ng + j])
			continue;
		m->visited[j] = 1;
		if (m->pred_of[j] < 0 || ev_augment(m, (size_t)m->pred_of[j])) {
			m->pred_of[j] = (long)i;
			m->gold_of[i] = (long)j;
			return true;
		}
	}
	return false;
}

/* Give every unmatched pred a chance against the golds in m->use. */
static void ev_match_phase(ev_match *m)
{
	for (size_t i = 0; i < m->np; i++) {
		if (m->gold_of[i] >= 0)
			continue;
		memset(m->visited, 0, m->ng);
		ev_augment(m, i);
	}
}

/* true when normalised name s equals a name of group g. */
static bool ev_group_has(const ev_group *g, const char *s)
{
	if (!s[0])
		return false;
	for (size_t n = 0; n < g->n_names; n++)
		if (strcmp(g->names[n].norm, s) == 0)
			return true;
	return false;
}

/* A name as a party: its gold group, or its own (normalised) text. */
typedef struct ev_key {
	long group;      /* index of the gold group, or -1 */
	const char *s;   /* normalised name (the raw one when nothing is left) */
	const char *raw; /* as written, for reports */
} ev_key;

/* The party key of name nm in article d: the first group holding its
 * normalised form; else, as for company lines (name or text), the group of
 * the text of a predicted company line that carries this canonical name
 * ("Hannover Re" written "Hanover Re"); else the name itself. */
static ev_key ev_key_of(const ev_doc *d, const ev_name *nm)
{
	ev_key k = {-1, nm->norm[0] ? nm->norm : nm->raw, nm->raw};
	if (!nm->norm[0])
		return k;
	for (size_t g = 0; g < d->n_groups; g++)
		for (size_t n = 0; n < d->groups[g].n_names; n++)
			if (strcmp(d->groups[g].names[n].norm, nm->norm) == 0) {
				k.group = (long)g;
				return k;
			}
	for (size_t c = 0; c < d->n_comp; c++) {
		const ev_company *pc = &d->comp[c];
		if (strcmp(pc->name.norm, nm->norm) != 0 || !pc->text.norm[0])
			continue;
		for (size_t g = 0; g < d->n_groups; g++)
			if (ev_group_has(&d->groups[g], pc->text.norm)) {
				k.group = (long)g;
				return k;
			}
	}
	return k;
}

/* Same party: the same group, or (both outside the groups) the same name. */
static bool ev_key_eq(const ev_key *a, const ev_key *b)
{
	if (a->group >= 0 || b->group >= 0)
		return a->group == b->group;
	return strcmp(a->s, b->s) == 0;
}

/* The distinct keys of names[0..n) into keys (room for n); their count. */
static size_t ev_key_set(const ev_doc *d, const ev_name *names, size_t n, ev_key *keys)
{
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		ev_key key = ev_key_of(d, &names[i]);
		size_t j = 0;
		while (j < k && !ev_key_eq(&keys[j], &key))
			j++;
		if (j == k)
			keys[k++] = key;
	}
	return k;
}

/* true when key is in set[0..n). */
static bool ev_key_in(const ev_key *key, const ev_key *set, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (ev_key_eq(key, &set[i]))
			return true;
	return false;
}

/* Reporting one item: the description in tmp. */
typedef struct ev_report {
	fin_eval_item_fn fn;
	void *ud;
	fin_buf tmp;
	int stopped;
} ev_report;

/* Hand the item described in r->tmp to the callback (until it stops us). */
static void ev_emit(ev_report *r, const char *doc, fin_eval_what what, fin_eval_outcome outcome)
{
	if (!r->fn || r->stopped || r->tmp.failed)
		return;
	fin_eval_item it = {doc, what, outcome, r->tmp.ptr ? r->tmp.ptr : ""};
	if (r->fn(r->ud, &it))
		r->stopped = 1;
}

/* Report amount a: "\"TEXT\" VALUE CUR". */
static void ev_emit_amount(ev_report *r, const char *doc, const ev_amount *a, fin_eval_outcome outcome)
{
	if (!r->fn)
		return;
	fin_buf_clear(&r->tmp);
	fin_buf_printf(&r->tmp, "\"%s\" %s %s", a->text, a->raw, a->currency[0] ? a->currency : "-");
	ev_emit(r, doc, FIN_EVAL_MONEY, outcome);
}

/* Report a company ("NAME") or a party ("NAME of \"TEXT\""). */
static void ev_emit_text(ev_report *r, const char *doc, fin_eval_what what, fin_eval_outcome outcome,
                         const char *name, const char *of)
{
	if (!r->fn)
		return;
	fin_buf_clear(&r->tmp);
	if (of)
		fin_buf_printf(&r->tmp, "%s of \"%s\"", name, of);
	else
		fin_buf_puts(&r->tmp, name);
	ev_emit(r, doc, what, outcome);
}

/* Money and parties of one article into sc. FIN_OK or FIN_ENOMEM. */
static int ev_score_money(const fin_eval *ev, const ev_doc *d, fin_eval_scores *sc, ev_report *r)
{
	size_t np = d->n_pred, ng = d->n_gold;
	if (np && ng > SIZE_MAX / np)
		return FIN_ENOMEM;
	unsigned char *ok = fin_calloc(np * ng + 1, 1);
	unsigned char *use = fin_calloc(ng + 1, 1);
	unsigned char *visited = fin_calloc(ng + 1, 1);
	long *pred_of = fin_calloc(ng + 1, sizeof(long));
	long *gold_of = fin_calloc(np + 1, sizeof(long));
	size_t nk = 1;
	for (size_t i = 0; i < np; i++)
		nk += d->pred[i].n_names;
	for (size_t j = 0; j < ng; j++)
		nk += d->gold[j].n_names;
	ev_key *keys = fin_calloc(nk, sizeof *keys);
	int rc = FIN_OK;
	if (!ok || !use || !visited || !pred_of || !gold_of || !keys) {
		rc = FIN_ENOMEM;
		goto out;
	}
	for (size_t i = 0; i < np; i++)
		for (size_t j = 0; j < ng; j++)
			ok[i * ng + j] = ev_compatible(&d->pred[i], &d->gold[j]);
	for (size_t j = 0; j < ng; j++)
		pred_of[j] = -1;
	for (size_t i = 0; i < np; i++)
		gold_of[i] = -1;
	ev_match m = {np, ng, ok, use, pred_of, gold_of, visited};
	/* Phase 1: the gold that counts. Phase 2 (explicit-only): what is left
	 * may pair with a dropped implicit mention and is then neither right
	 * nor wrong. */
	for (size_t j = 0; j < ng; j++)
		use[j] = !ev->opts.explicit_only || d->gold[j].is_explicit;
	ev_match_phase(&m);
	if (ev->opts.explicit_only) {
		for (size_t j = 0; j < ng; j++)
			use[j] = !d->gold[j].is_explicit;
		ev_match_phase(&m);
		for (size_t j = 0; j < ng; j++)
			use[j] = d->gold[j].is_explicit;
	}
	for (size_t j = 0; j < ng; j++) {
		if (!use[j])
			continue;
		if (pred_of[j] >= 0) {
			sc->money.tp++;
		} else {
			sc->money.fn++;
			ev_emit_amount(r, d->id, &d->gold[j], FIN_EVAL_MISS);
		}
	}
	for (size_t i = 0; i < np; i++) {
		if (gold_of[i] < 0) {
			sc->money.fp++;
			ev_emit_amount(r, d->id, &d->pred[i], FIN_EVAL_EXTRA);
		}
	}
	/* Parties of the true positives whose gold lists some. */
	for (size_t i = 0; i < np; i++) {
		long j = gold_of[i];
		if (j < 0 || !use[j] || d->gold[j].n_names == 0)
			continue;
		const ev_amount *g = &d->gold[j], *p = &d->pred[i];
		ev_key *kp = keys, *kg = keys + p->n_names;
		size_t npk = ev_key_set(d, p->names, p->n_names, kp);
		size_t ngk = ev_key_set(d, g->names, g->n_names, kg);
		for (size_t k = 0; k < npk; k++) {
			if (ev_key_in(&kp[k], kg, ngk)) {
				sc->parties.tp++;
			} else {
				sc->parties.fp++;
				ev_emit_text(r, d->id, FIN_EVAL_PARTY, FIN_EVAL_EXTRA, kp[k].raw, g->text);
			}
		}
		for (size_t k = 0; k < ngk; k++) {
			if (!ev_key_in(&kg[k], kp, npk)) {
				sc->parties.fn++;
				ev_emit_text(r, d->id, FIN_EVAL_PARTY, FIN_EVAL_MISS, kg[k].raw, g->text);
			}
		}
	}
out:
	fin_free(ok);
	fin_free(use);
	fin_free(visited);
	fin_free(pred_of);
	fin_free(gold_of);
	fin_free(keys);
	return rc;
}


/* Companies of one article into sc. FIN_OK or FIN_ENOMEM. */
static int ev_score_companies(const ev_doc *d, fin_eval_scores *sc, ev_report *r)
{
	unsigned char *found = fin_calloc(d->n_groups + 1, 1);
	const ev_company **extra = fin_calloc(d->n_comp + 1, sizeof *extra);
	if (!found || !extra) {
		fin_free(found);
		fin_free(extra);
		return FIN_ENOMEM;
	}
	size_t n_extra = 0;
	for (size_t c = 0; c < d->n_comp; c++) {
		const ev_company *pc = &d->comp[c];
		bool any = false;
		for (size_t g = 0; g < d->n_groups; g++) {
			if (ev_group_has(&d->groups[g], pc->name.norm) ||
			    ev_group_has(&d->groups[g], pc->text.norm)) {
				any = true;
				if (d->groups[g].is_company)
					found[g] = 1;
			}
		}
		if (any)
			continue;
		/* A false positive per distinct name, as groups count once. */
		const char *key = pc->name.raw[0] ? pc->name.norm : pc->text.norm;
		size_t k = 0;
		while (k < n_extra) {
			const ev_company *e = extra[k];
			if (strcmp(e->name.raw[0] ? e->name.norm : e->text.norm, key) == 0)
				break;
			k++;
		}
		if (k == n_extra)
			extra[n_extra++] = pc;
	}
	for (size_t g = 0; g < d->n_groups; g++) {
		if (!d->groups[g].is_company)
			continue;
		if (found[g]) {
			sc->companies.tp++;
		} else {
			sc->companies.fn++;
			ev_emit_text(r, d->id, FIN_EVAL_COMPANY, FIN_EVAL_MISS, d->groups[g].names[0].raw,
			             NULL);
		}
	}
	for (size_t k = 0; k < n_extra; k++) {
		sc->companies.fp++;
		ev_emit_text(r, d->id, FIN_EVAL_COMPANY, FIN_EVAL_EXTRA,
		             extra[k]->name.raw[0] ? extra[k]->name.raw : extra[k]->text.raw, NULL);
	}
	fin_free(found);
	fin_free(extra);
	return FIN_OK;
}

/* qsort order of articles: by doc id, bytewise. */
static int cmp_docs(const void *a, const void *b)
{
	return strcmp((*(const ev_doc *const *)a)->id, (*(const ev_doc *const *)b)->id);
}

/* See finfig/eval.h. Read-only on ev: scoring twice gives the same. */
int fin_eval_score(fin_eval *ev, fin_eval_scores *out, fin_eval_item_fn on_item, void *ud)
{
	memset(out, 0, sizeof *out);
	out->gold_docs = (long)ev->n_docs;
	out->docs_without_gold = ev->docs_without_gold;
	out->records = ev->records;
	out->bad_gold = ev->bad_gold;
	out->bad_records = ev->bad_records;
	const ev_doc **order = fin_calloc(ev->n_docs + 1, sizeof *order);
	if (!order)
		return FIN_ENOMEM;
	for (size_t i = 0; i < ev->n_docs; i++)
		order[i] = &ev->docs[i];
	if (ev->n_docs > 1)
		qsort(order, ev->n_docs, sizeof *order, cmp_docs);
	ev_report r;
	r.fn = on_item;
	r.ud = ud;
	r.stopped = 0;
	fin_buf_init(&r.tmp, 0);
	int rc = FIN_OK;
	for (size_t i = 0; i < ev->n_docs && rc == FIN_OK; i++) {
		const ev_doc *d = order[i];
		if (!d->seen) {
			out->gold_without_records++;
			continue;
		}
		out->docs_scored++;
		rc = ev_score_money(ev, d, out, &r);
		if (rc == FIN_OK)
			rc = ev_score_companies(d, out, &r);
	}
	if (rc == FIN_OK && r.tmp.failed == FIN_ENOMEM)
		rc = FIN_ENOMEM;
	if (rc == FIN_OK && r.stopped)
		rc = FIN_ESTOP;
	fin_buf_free(&r.tmp);
	fin_free(order);
	return rc;
}

/* num / den in 1/10000, rounded half up; -1 when den is 0. */
static long ev_ratio(long num, long den)
{
	if (den <= 0)
		return -1;
	return (long)(((int64_t)num * 20000 + den) / (2 * (int64_t)den));
}

/* See finfig/eval.h: p = tp/(tp+fp), r = tp/(tp+fn), f1 = 2tp/(2tp+fp+fn). */
fin_eval_prf fin_eval_ratios(const fin_eval_counts *c)
{
	fin_eval_prf r;
	r.p = ev_ratio(c->tp, c->tp + c->fp);
	r.r = ev_ratio(c->tp, c->tp + c->fn);
	r.f1 = ev_ratio(2 * c->tp, 2 * c->tp + c->fp + c->fn);
	return r;
}
