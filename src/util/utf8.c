/*
 * utf8.c — UTF-8 validation/decoding and the Windows-1252 fallback.
 */
#include "util.h"

bool fin_utf8_valid(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;
	while (i < n) {
		/* Fast path over ASCII, 8 bytes at a time. */
		while (i + 8 <= n) {
			uint64_t w;
			__builtin_memcpy(&w, p + i, 8);
			if (w & 0x8080808080808080ull)
				break;
			i += 8;
		}
		if (i >= n)
			break;
		if (p[i] < 0x80) {
			i++;
			continue;
		}
		/* The decoder maps every invalid sequence to U+FFFD with length 1;
		 * a real U+FFFD is 3 bytes long. */
		size_t len;
		uint32_t cp = fin_utf8_decode(s + i, n - i, &len);
		if (cp == 0xFFFD && len == 1)
			return false;
		i += len;
	}
	return true;
}

uint32_t fin_utf8_decode(const char *s, size_t n, size_t *len)
{
	const unsigned char *p = (const unsigned char *)s;
	unsigned char c = p[0];
	*len = 1;
	if (c < 0x80)
		return c;
	size_t l;
	uint32_t cp, min;
	if (c >= 0xC2 && c <= 0xDF) {
		l = 2;
		cp = c & 0x1F;
		min = 0x80;
	} else if (c >= 0xE0 && c <= 0xEF) {
		l = 3;
		cp = c & 0x0F;
		min = 0x800;
	} else if (c >= 0xF0 && c <= 0xF4) {
		l = 4;
		cp = c & 0x07;
		min = 0x10000;
	} else {
		return 0xFFFD;
	}
	if (l > n)
		return 0xFFFD;
	for (size_t k = 1; k < l; k++) {
		if ((p[k] & 0xC0) != 0x80)
			return 0xFFFD;
		cp = (cp << 6) | (p[k] & 0x3F);
	}
	if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		return 0xFFFD;
	*len = l;
	return cp;
}

int fin_utf8_put(fin_buf *b, uint32_t cp)
{
	char t[4];
	size_t n;
	if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		cp = 0xFFFD;
	if (cp < 0x80) {
		t[0] = (char)cp;
		n = 1;
	} else if (cp < 0x800) {
		t[0] = (char)(0xC0 | (cp >> 6));
		t[1] = (char)(0x80 | (cp & 0x3F));
		n = 2;
	} else if (cp < 0x10000) {
		t[0] = (char)(0xE0 | (cp >> 12));
		t[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		t[2] = (char)(0x80 | (cp & 0x3F));
		n = 3;
	} else {
		t[0] = (char)(0xF0 | (cp >> 18));
		t[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
		t[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
		t[3] = (char)(0x80 | (cp & 0x3F));
		n = 4;
	}
	return fin_buf_append(b, t, n);
}

/* Windows-1252 0x80..0x9F; 0 marks the five undefined bytes (kept as U+FFFD). */
static const uint16_t cp1252_high[32] = {
	0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
	0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
	0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
	0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178,
};

int fin_cp1252_to_utf8(fin_buf *b, const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = p[i];
		if (c < 0x80) {
			fin_buf_putc(b, (char)c);
		} else if (c < 0xA0) {
			uint16_t cp = cp1252_high[c - 0x80];
			fin_utf8_put(b, cp ? cp : 0xFFFD);
		} else {
			fin_utf8_put(b, c);
		}
	}
	return b->failed;
}

/* Four hex digits at p (p + 4 <= end checked by the caller) into *out. */
static int hex4(const char *p, uint32_t *out)
{
	uint32_t v = 0;
	for (int i = 0; i < 4; i++) {
		unsigned char c = (unsigned char)p[i];
		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= (uint32_t)(c - '0');
		else if (c >= 'a' && c <= 'f')
			v |= (uint32_t)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			v |= (uint32_t)(c - 'A' + 10);
		else
			return -1;
	}
	*out = v;
	return 0;
}

const char *fin_json_escape(fin_buf *b, const char *p, const char *end)
{
	if (p >= end)
		return NULL;
	char c = *p++;
	switch (c) {
	case '"':
	case '\\':
	case '/': fin_buf_putc(b, c); return p;
	case 'b': fin_buf_putc(b, '\b'); return p;
	case 'f': fin_buf_putc(b, '\f'); return p;
	case 'n': fin_buf_putc(b, '\n'); return p;
	case 'r': fin_buf_putc(b, '\r'); return p;
	case 't': fin_buf_putc(b, '\t'); return p;
	case 'u': break;
	default: return NULL;
	}
	uint32_t cp, lo;
	if (end - p < 4 || hex4(p, &cp))
		return NULL;
	p += 4;
	if (cp >= 0xD800 && cp <= 0xDBFF) {
		if (end - p < 6 || p[0] != '\\' || p[1] != 'u' || hex4(p + 2, &lo) || lo < 0xDC00 || lo > 0xDFFF)
			return NULL;
		p += 6;
		cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
	} else if (cp >= 0xDC00 && cp <= 0xDFFF) {
		return NULL;
	}
	fin_utf8_put(b, cp);
	return p;
}
