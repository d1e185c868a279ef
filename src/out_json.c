/*
 * out_json.c — records as JSON Lines or one JSON array, written by hand
 * (key order fixed, no allocation per record, exact decimals).
 */
#include "internal.h"
#include "out.h"

#include <string.h>

/* Bytes a JSON string cannot hold as they are (1) and white space (2). */
static const unsigned char json_class[256] = {
	[0x00] = 1, [0x01] = 1, [0x02] = 1, [0x03] = 1, [0x04] = 1, [0x05] = 1, [0x06] = 1, [0x07] = 1,
	[0x08] = 1, [0x09] = 3, [0x0A] = 3, [0x0B] = 3, [0x0C] = 3, [0x0D] = 3, [0x0E] = 1, [0x0F] = 1,
	[0x10] = 1, [0x11] = 1, [0x12] = 1, [0x13] = 1, [0x14] = 1, [0x15] = 1, [0x16] = 1, [0x17] = 1,
	[0x18] = 1, [0x19] = 1, [0x1A] = 1, [0x1B] = 1, [0x1C] = 1, [0x1D] = 1, [0x1E] = 1, [0x1F] = 1,
	[' '] = 2,  ['"'] = 1,  ['\\'] = 1, [0x7F] = 1,
};

/* Eight bytes at a time (little-endian loads): a mask with the high bit of
 * each byte that may need work. Any byte below 0x20, '"', '\\' or 0x7F is
 * flagged; with collapse_ws also a space followed by a space and a space
 * in the last byte (its run may go on in the next word). A flag may be
 * false (a borrow above a true one), never missing: the byte loop decides. */
#define ONES 0x0101010101010101ull
#define HIGHS 0x8080808080808080ull
static inline uint64_t below(uint64_t x, unsigned n) { return (x - ONES * n) & ~x & HIGHS; }
static inline uint64_t equal(uint64_t x, unsigned b)
{
	uint64_t y = x ^ (ONES * b);
	return (y - ONES) & ~y & HIGHS;
}
static inline uint64_t work_mask(uint64_t x, bool collapse_ws)
{
	uint64_t m = below(x, 0x20) | equal(x, '"') | equal(x, '\\') | equal(x, 0x7F);
	if (collapse_ws) {
		uint64_t sp = equal(x, ' ');
		m |= (sp & (sp >> 8)) | (sp & 0x8000000000000000ull);
	}
	return m;
}

/* Append s[0..n) as a JSON string literal. collapse_ws folds runs of white
 * space (line breaks in a sentence) into one space. Plain runs are copied
 * whole; a lone ' ' between words stays in the run. */
void fin_out_json_str(fin_buf *b, const char *s, size_t n, int collapse_ws)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *u = (const unsigned char *)s;
	unsigned char stop = collapse_ws ? 3 : 1;
	fin_buf_addc(b, '"');
	size_t run = 0; /* start of the pending plain run */
	size_t i = 0;
	while (i < n) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
		if (i + 8 <= n) {
			uint64_t x;
			memcpy(&x, u + i, 8);
			uint64_t m = work_mask(x, collapse_ws);
			if (!m) {
				i += 8;
				continue;
			}
			i += (size_t)__builtin_ctzll(m) >> 3;
		}
#endif
		unsigned char c = u[i];
		unsigned char k = json_class[c] & stop;
		if (!k) {
			i++;
			continue;
		}
		if (k & 2) {
			/* White space under collapse_ws: one ' ' for the run, which
			 * may have begun with spaces left in the plain run. */
			size_t st = i;
			while (st > run && u[st - 1] == ' ')
				st--;
			size_t j = i + 1;
			while (j < n && (json_class[u[j]] & 2))
				j++;
			if (c == ' ' && j == i + 1 && st == i) {
				i = j;
				continue;
			}
			fin_buf_add(b, s + run, st - run);
			fin_buf_addc(b, ' ');
			run = i = j;
			continue;
		}
		fin_buf_add(b, s + run, i - run);
		run = ++i;
		switch (c) {
		case '"': fin_buf_lit(b, "\\\""); break;
		case '\\': fin_buf_lit(b, "\\\\"); break;
		case '\n': fin_buf_lit(b, "\\n"); break;
		case '\t': fin_buf_lit(b, "\\t"); break;
		case '\r': fin_buf_lit(b, "\\r"); break;
		default: {
			char e[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
			fin_buf_add(b, e, 6);
		}
		}
	}
	fin_buf_add(b, s + run, n - run);
	fin_buf_addc(b, '"');
}

static void json_cstr(fin_buf *b, const char *s)
{
	if (!s)
		fin_buf_lit(b, "null");
	else
		fin_out_json_str(b, s, strlen(s), 0);
}

static void json_dec(fin_buf *b, fin_decimal d)
{
	char t[FIN_DECIMAL_MAXLEN];
	size_t n = fin_decimal_format(d, t, sizeof t);
	if (n)
		fin_buf_add(b, t, n);
	else
		fin_buf_lit(b, "null");
}

static void json_ymd(fin_buf *b, fin_ymd d)
{
	char t[11];
	fin_ymd_format(d, t);
	if (t[0]) {
		fin_buf_addc(b, '"');
		fin_buf_puts(b, t);
		fin_buf_addc(b, '"');
	} else {
		fin_buf_lit(b, "null");
	}
}

/* The common head of every record line. */
static void head(fin_buf *b, const char *type, const fin_article *a, fin_field field,
		 uint32_t start, uint32_t end)
{
	const char *text = field == FIN_FIELD_TITLE ? a->title : a->body;
	fin_buf_lit(b, "{\"type\":\"");
	fin_buf_puts(b, type);
	fin_buf_lit(b, "\",\"doc\":");
	json_cstr(b, a->id);
	fin_buf_lit(b, ",\"source\":");
	json_cstr(b, a->source);
	fin_buf_lit(b, ",\"published\":");
	json_ymd(b, a->published);
	fin_buf_puts(b, field == FIN_FIELD_TITLE ? ",\"field\":\"title\"" : ",\"field\":\"body\"");
	fin_buf_lit(b, ",\"start\":");
	fin_buf_put_u64(b, start);
	fin_buf_lit(b, ",\"end\":");
	fin_buf_put_u64(b, end);
	fin_buf_lit(b, ",\"text\":");
	fin_out_json_str(b, text + start, end - start, 0);
}

static void money_line(fin_buf *b, const fin_article *a, const fin_result *r, size_t i)
{
	const fin_money *m = &r->money[i];
	head(b, "money", a, m->field, m->start, m->end);
	fin_buf_lit(b, ",\"id\":");
	fin_out_money_id(b, a, i, 1);
	fin_buf_lit(b, ",\"value\":");
	if (m->is_range)
		fin_buf_lit(b, "null");
	else
		json_dec(b, m->value);
	fin_buf_lit(b, ",\"min\":");
	if (m->is_range)
		json_dec(b, m->min);
	else
		fin_buf_lit(b, "null");
	fin_buf_lit(b, ",\"max\":");
	if (m->is_range)
		json_dec(b, m->max);
	else
		fin_buf_lit(b, "null");
	fin_buf_lit(b, ",\"currency\":");
	json_cstr(b, m->currency);
	fin_buf_puts(b, m->explicit_currency ? ",\"explicit\":true" : ",\"explicit\":false");
	fin_buf_lit(b, ",\"qualifier\":");
	json_cstr(b, fin_qualifier_name(m->qualifier));
	fin_buf_lit(b, ",\"unit\":");
	json_cstr(b, m->unit);
	fin_buf_lit(b, ",\"equivalent_of\":");
	if (m->equivalent_of >= 0)
		fin_out_money_id(b, a, (size_t)m->equivalent_of, 1);
	else
		fin_buf_lit(b, "null");
	/* event: an id given by aggregation across articles (finfig run,
	 * finfig aggregate); a single article cannot know it. */
	fin_buf_lit(b, ",\"event\":null,\"value_usd\":");
	bool usd = m->usd_status == 0;
	if (usd && !m->is_range)
		json_dec(b, m->value_usd);
	else
		fin_buf_lit(b, "null");
	fin_buf_lit(b, ",\"min_usd\":");
	if (usd && m->is_range)
		json_dec(b, m->min_usd);
	else
		fin_buf_lit(b, "null");
	fin_buf_lit(b, ",\"max_usd\":");
	if (usd && m->is_range)
		json_dec(b, m->max_usd);
	else
		fin_buf_lit(b, "null");
	fin_buf_lit(b, ",\"companies\":[");
	for (size_t k = 0; k < m->n_companies; k++) {
		if (k)
			fin_buf_addc(b, ',');
		json_cstr(b, m->companies[k]);
	}
	/* date: the start of the linked period; a linked amount whose
	 * sentence names no date is dated by the publication date. */
	fin_buf_lit(b, "],\"date\":");
	if (m->date_index >= 0 && (size_t)m->date_index < r->n_dates)
		json_ymd(b, r->dates[m->date_index].start_date);
	else if (r->linked)
		json_ymd(b, a->published);
	else
		fin_buf_lit(b, "null");
	fin_buf_lit(b, ",\"kind\":");
	json_cstr(b, m->kind);
	fin_buf_lit(b, ",\"sentence\":");
	const char *text = m->field == FIN_FIELD_TITLE ? a->title : a->body;
	fin_out_json_str(b, text + m->sent_start, m->sent_end - m->sent_start, 1);
	fin_buf_lit(b, "}");
}

static void company_line(fin_buf *b, const fin_article *a, const fin_company *c)
{
	head(b, "company", a, c->field, c->start, c->end);
	fin_buf_lit(b, ",\"name\":");
	json_cstr(b, c->name);
	fin_buf_puts(b, c->kind == FIN_ORG_OTHER ? ",\"org\":\"other\"}" : ",\"org\":\"company\"}");
}

static void date_line(fin_buf *b, const fin_article *a, const fin_date *d)
{
	head(b, "date", a, d->field, d->start, d->end);
	fin_buf_lit(b, ",\"date\":");
	json_ymd(b, d->start_date);
	fin_buf_lit(b, ",\"grain\":");
	json_cstr(b, fin_grain_name(d->grain));
	fin_buf_lit(b, ",\"start_date\":");
	json_ymd(b, d->start_date);
	fin_buf_lit(b, ",\"end_date\":");
	json_ymd(b, d->end_date);
	fin_buf_lit(b, "}");
}

/* Records of one kind interleaved in text order would need a merge; lines
 * are grouped by type (money, company, date), each group in text order. */
int fin_out_json_records(fin_buf *b, fin_out_format fmt, const fin_article *a,
			 const fin_result *r, unsigned types, int *first)
{
	const char *sep = fmt == FIN_OUT_JSON ? ",\n" : "\n";
	bool arr = fmt == FIN_OUT_JSON;
#define BEGIN_REC()                                          \
	do {                                                 \
		if (arr && !*first)                          \
			fin_buf_lit(b, ",\n");              \
		*first = 0;                                  \
	} while (0)
#define END_REC()                                            \
	do {                                                 \
		if (!arr)                                    \
			fin_buf_puts(b, sep);                \
	} while (0)
	if (types & FIN_TYPE_MONEY)
		for (size_t i = 0; i < r->n_money; i++) {
			BEGIN_REC();
			money_line(b, a, r, i);
			END_REC();
		}
	if (types & FIN_TYPE_COMPANY)
		for (size_t i = 0; i < r->n_companies; i++) {
			BEGIN_REC();
			company_line(b, a, &r->companies[i]);
			END_REC();
		}
	if (types & FIN_TYPE_DATE)
		for (size_t i = 0; i < r->n_dates; i++) {
			BEGIN_REC();
			date_line(b, a, &r->dates[i]);
			END_REC();
		}
#undef BEGIN_REC
#undef END_REC
	return b->failed;
}

void fin_out_money_id(fin_buf *b, const fin_article *a, size_t i, int quoted)
{
	if (quoted) {
		/* The id is "<doc>#m<n>"; doc may need escaping: write it as a
		 * JSON string, then reopen the string before its closing quote. */
		fin_out_json_str(b, a->id ? a->id : "", a->id ? strlen(a->id) : 0, 0);
		if (!b->failed && b->len > 0)
			b->len--;
		fin_buf_lit(b, "#m");
		fin_buf_put_u64(b, (uint64_t)i + 1);
		fin_buf_addc(b, '"');
	} else {
		fin_buf_puts(b, a->id ? a->id : "");
		fin_buf_lit(b, "#m");
		fin_buf_put_u64(b, (uint64_t)i + 1);
	}
}
