/*
 * wide.c — exact wide decimals (see wide.h): sums of many amounts and the
 * exact product or quotient of an amount and an exchange rate, rounded once.
 */
#include "wide.h"
#include "util.h"

#include <string.h>

#define N FIN_WIDE_LIMBS

/* ====================================================================== */
/* Magnitudes: N limbs of 32 bits, least significant first                 */
/* ====================================================================== */

static bool mag_is_zero(const uint32_t *m)
{
	for (int i = 0; i < N; i++)
		if (m[i])
			return false;
	return true;
}

/* -1, 0, 1 as magnitude a <, ==, > b. */
static int mag_cmp(const uint32_t *a, const uint32_t *b)
{
	for (int i = N; i-- > 0;)
		if (a[i] != b[i])
			return a[i] < b[i] ? -1 : 1;
	return 0;
}

/* Index of the highest non-zero limb + 1 (0 for zero). */
static int mag_used(const uint32_t *m)
{
	int i = N;
	while (i > 0 && !m[i - 1])
		i--;
	return i;
}

/* m = m * k + add; returns true when the result did not fit. Only the
 * used limbs (and the carry out of them) are touched. */
static bool mag_mul_small(uint32_t *m, uint32_t k, uint32_t add)
{
	uint64_t carry = add;
	int u = mag_used(m);
	for (int i = 0; i < N && (i < u || carry); i++) {
		uint64_t v = (uint64_t)m[i] * k + carry;
		m[i] = (uint32_t)v;
		carry = v >> 32;
	}
	return carry != 0;
}

/* m = m / k; returns the remainder. k != 0. */
static uint32_t mag_div_small(uint32_t *m, uint32_t k)
{
	uint64_t rem = 0;
	for (int i = mag_used(m); i-- > 0;) {
		uint64_t v = (rem << 32) | m[i];
		m[i] = (uint32_t)(v / k);
		rem = v % k;
	}
	return (uint32_t)rem;
}

/* a += b; returns true on overflow. */
static bool mag_add(uint32_t *a, const uint32_t *b)
{
	uint64_t carry = 0;
	for (int i = 0; i < N; i++) {
		uint64_t v = (uint64_t)a[i] + b[i] + carry;
		a[i] = (uint32_t)v;
		carry = v >> 32;
	}
	return carry != 0;
}

/* a -= b, requires a >= b. */
static void mag_sub(uint32_t *a, const uint32_t *b)
{
	int64_t borrow = 0;
	for (int i = 0; i < N; i++) {
		int64_t v = (int64_t)a[i] - b[i] - borrow;
		borrow = v < 0;
		a[i] = (uint32_t)(v + (borrow ? ((int64_t)1 << 32) : 0));
	}
}

/* m *= 10^k; returns true on overflow. */
static bool mag_mul_pow10(uint32_t *m, int32_t k)
{
	while (k > 0) {
		int step = k >= 9 ? 9 : k;
		uint32_t p = 1;
		for (int i = 0; i < step; i++)
			p *= 10;
		if (mag_mul_small(m, p, 0))
			return true;
		k -= step;
	}
	return false;
}

/* Number of significant bits of m (0 for zero). */
static int mag_bitlen(const uint32_t *m)
{
	for (int i = N; i-- > 0;)
		if (m[i]) {
			int b = 32;
			while (!(m[i] & (1u << (b - 1))))
				b--;
			return i * 32 + b;
		}
	return 0;
}

/* Fits in one limb: the fast division path applies. */
static bool mag_is_small(const uint32_t *m)
{
	for (int i = 1; i < N; i++)
		if (m[i])
			return false;
	return true;
}

/* q = n / d, r = n % d (d non-zero). Binary long division unless d fits a
 * limb; r never exceeds 2d, which fits as long as d < 2^255. */
static void mag_divmod(const uint32_t *n, const uint32_t *d, uint32_t *q, uint32_t *r)
{
	if (mag_is_small(d)) {
		memcpy(q, n, sizeof(uint32_t) * N);
		memset(r, 0, sizeof(uint32_t) * N);
		r[0] = mag_div_small(q, d[0]);
		return;
	}
	memset(q, 0, sizeof(uint32_t) * N);
	memset(r, 0, sizeof(uint32_t) * N);
	for (int bit = mag_bitlen(n); bit-- > 0;) {
		mag_mul_small(r, 2, (n[bit / 32] >> (bit % 32)) & 1u);
		if (mag_cmp(r, d) >= 0) {
			mag_sub(r, d);
			q[bit / 32] |= 1u << (bit % 32);
		}
	}
}

/* q = round(n / d), halves to even. Returns true on overflow. */
static bool mag_div_round(const uint32_t *n, const uint32_t *d, uint32_t *q)
{
	uint32_t r[N], twice[N];
	mag_divmod(n, d, q, r);
	memcpy(twice, r, sizeof r);
	if (mag_mul_small(twice, 2, 0))
		return mag_mul_small(q, 1, 1); /* 2r overflowed: r > d/2, round up */
	int c = mag_cmp(twice, d);
	if (c > 0 || (c == 0 && (q[0] & 1u)))
		return mag_mul_small(q, 1, 1);
	return false;
}

/* m = v. */
static void mag_from_u64(uint32_t *m, uint64_t v)
{
	memset(m, 0, sizeof(uint32_t) * N);
	m[0] = (uint32_t)v;
	m[1] = (uint32_t)(v >> 32);
}

/* ====================================================================== */
/* Wide decimals                                                           */
/* ====================================================================== */

void fin_wide_zero(fin_wide *w)
{
	memset(w, 0, sizeof *w);
}

/* The exact value of d (see wide.h). */
fin_wide fin_wide_from_dec(fin_decimal d)
{
	fin_wide w;
	fin_wide_zero(&w);
	uint64_t mag = d.sig < 0 ? (uint64_t)0 - (uint64_t)d.sig : (uint64_t)d.sig;
	mag_from_u64(w.mag, mag);
	w.exp = d.exp;
	w.neg = d.sig < 0;
	return w;
}

/* true for zero (see wide.h). */
bool fin_wide_is_zero(const fin_wide *w)
{
	return !w->ovf && mag_is_zero(w->mag);
}

/* Bring w down to exponent e (<= w->exp) without changing its value. */
static void scale_to(fin_wide *w, int32_t e)
{
	if (mag_is_zero(w->mag)) {
		w->exp = e;
		return;
	}
	if (e >= w->exp)
		return;
	int64_t k = (int64_t)w->exp - e;
	if (k > 80 || mag_mul_pow10(w->mag, (int32_t)k))
		w->ovf = 1;
	w->exp = e;
}

/* *acc += *x exactly (see wide.h). */
void fin_wide_add(fin_wide *acc, const fin_wide *x)
{
	if (x->ovf)
		acc->ovf = 1;
	if (acc->ovf || mag_is_zero(x->mag))
		return;
	if (mag_is_zero(acc->mag)) {
		*acc = *x;
		return;
	}
	fin_wide b = *x;
	int32_t e = acc->exp < b.exp ? acc->exp : b.exp;
	scale_to(acc, e);
	scale_to(&b, e);
	if (acc->ovf || b.ovf) {
		acc->ovf = 1;
		return;
	}
	if (acc->neg == b.neg) {
		if (mag_add(acc->mag, b.mag))
			acc->ovf = 1;
		return;
	}
	if (mag_cmp(acc->mag, b.mag) >= 0) {
		mag_sub(acc->mag, b.mag);
	} else {
		mag_sub(b.mag, acc->mag);
		memcpy(acc->mag, b.mag, sizeof b.mag);
		acc->neg = b.neg;
	}
	if (mag_is_zero(acc->mag))
		acc->neg = 0;
}

/* *w *= d exactly: the magnitude times the two 32-bit halves of |d|. */
void fin_wide_mul_dec(fin_wide *w, fin_decimal d)
{
	if (w->ovf)
		return;
	uint64_t m = d.sig < 0 ? (uint64_t)0 - (uint64_t)d.sig : (uint64_t)d.sig;
	uint32_t lo[N], hi[N];
	memcpy(lo, w->mag, sizeof lo);
	memcpy(hi, w->mag, sizeof hi);
	bool ovf = mag_mul_small(lo, (uint32_t)m, 0);
	/* hi part: (mag * (m >> 32)) << 32 */
	ovf |= mag_mul_small(hi, (uint32_t)(m >> 32), 0);
	if (hi[N - 1])
		ovf = true;
	memmove(hi + 1, hi, sizeof(uint32_t) * (N - 1));
	hi[0] = 0;
	ovf |= mag_add(lo, hi);
	int64_t e = (int64_t)w->exp + d.exp;
	if (ovf || e > 100000 || e < -100000) {
		w->ovf = 1;
		return;
	}
	memcpy(w->mag, lo, sizeof lo);
	w->exp = (int32_t)e;
	w->neg = (uint8_t)(mag_is_zero(w->mag) ? 0 : (w->neg ^ (d.sig < 0)));
}

/* *w /= 2 exactly (see wide.h). */
void fin_wide_half(fin_wide *w)
{
	if (w->ovf)
		return;
	if (mag_mul_small(w->mag, 5, 0))
		w->ovf = 1;
	w->exp--;
}

/* 10^k as a magnitude; true when it does not fit. */
static bool mag_pow10(uint32_t *m, int32_t k)
{
	mag_from_u64(m, 1);
	return k < 0 || mag_mul_pow10(m, k);
}

/* Round to a multiple of 10^exp, halves to even (see wide.h). */
void fin_wide_round(fin_wide *w, int32_t exp)
{
	if (w->ovf || w->exp >= exp)
		return;
	int64_t k = (int64_t)exp - w->exp;
	uint32_t d[N], q[N];
	if (k > 76 || mag_pow10(d, (int32_t)k)) {
		/* The divisor exceeds any magnitude: the value rounds to zero
		 * (it is below half a unit of 10^exp). */
		fin_wide_zero(w);
		w->exp = exp;
		return;
	}
	if (mag_div_round(w->mag, d, q)) {
		w->ovf = 1;
		return;
	}
	memcpy(w->mag, q, sizeof q);
	w->exp = exp;
	if (mag_is_zero(w->mag))
		w->neg = 0;
}

/* *w / d rounded to a multiple of 10^exp, halves to even (see wide.h). */
void fin_wide_div_round(fin_wide *w, fin_decimal d, int32_t exp)
{
	if (w->ovf)
		return;
	if (d.sig == 0) {
		w->ovf = 1;
		return;
	}
	uint64_t dm = d.sig < 0 ? (uint64_t)0 - (uint64_t)d.sig : (uint64_t)d.sig;
	uint32_t num[N], den[N], q[N];
	memcpy(num, w->mag, sizeof num);
	mag_from_u64(den, dm);
	/* w/d = (W/D) 10^(we-de); the result in units of 10^exp is
	 * W 10^(we-de-exp) / D. */
	int64_t k = (int64_t)w->exp - d.exp - exp;
	bool ovf = false;
	if (k > 0)
		ovf = k > 80 || mag_mul_pow10(num, (int32_t)k);
	else if (k < 0)
		ovf = -k > 80 || mag_mul_pow10(den, (int32_t)-k);
	if (ovf) {
		if (k < 0) {
			/* The divisor does not fit: the quotient is far below
			 * 10^exp and rounds to zero. */
			fin_wide_zero(w);
			w->exp = exp;
			return;
		}
		w->ovf = 1;
		return;
	}
	if (mag_div_round(num, den, q)) {
		w->ovf = 1;
		return;
	}
	memcpy(w->mag, q, sizeof q);
	w->exp = exp;
	w->neg = (uint8_t)(mag_is_zero(w->mag) ? 0 : (w->neg ^ (d.sig < 0)));
}

/* Strip trailing zeros into the exponent (see wide.h). */
void fin_wide_norm(fin_wide *w)
{
	if (w->ovf)
		return;
	if (mag_is_zero(w->mag)) {
		w->exp = 0;
		w->neg = 0;
		return;
	}
	/* An odd magnitude has no factor 10: the common case, cheaply. */
	if (w->mag[0] & 1u)
		return;
	for (;;) {
		uint32_t t[N];
		memcpy(t, w->mag, sizeof t);
		if (mag_div_small(t, 1000000000u) == 0 && w->exp <= INT32_MAX - 9) {
			memcpy(w->mag, t, sizeof t);
			w->exp += 9;
			continue;
		}
		break;
	}
	for (;;) {
		uint32_t t[N];
		memcpy(t, w->mag, sizeof t);
		if (mag_div_small(t, 10u) == 0 && w->exp < INT32_MAX) {
			memcpy(w->mag, t, sizeof t);
			w->exp++;
			continue;
		}
		break;
	}
}

/* Exact comparison (see wide.h). */
int fin_wide_cmp(const fin_wide *a, const fin_wide *b)
{
	if (a->ovf || b->ovf)
		return a->ovf == b->ovf ? 0 : (a->ovf ? 1 : -1);
	bool za = mag_is_zero(a->mag), zb = mag_is_zero(b->mag);
	if (za && zb)
		return 0;
	int sa = za ? 0 : (a->neg ? -1 : 1), sb = zb ? 0 : (b->neg ? -1 : 1);
	if (sa != sb)
		return sa < sb ? -1 : 1;
	/* Align the exponents (no need to normalise first: a magnitude that
	 * overflows while scaled up is the larger one). */
	if (a->exp == b->exp) {
		int c = mag_cmp(a->mag, b->mag);
		return sa < 0 ? -c : c;
	}
	fin_wide x = *a, y = *b;
	int32_t e = x.exp < y.exp ? x.exp : y.exp;
	scale_to(&x, e);
	scale_to(&y, e);
	int c;
	if (x.ovf || y.ovf)
		c = x.ovf && y.ovf ? 0 : (x.ovf ? 1 : -1); /* the one that overflowed is larger */
	else
		c = mag_cmp(x.mag, y.mag);
	return sa < 0 ? -c : c;
}

/* Plain decimal text (see wide.h). */
size_t fin_wide_format(const fin_wide *w, char *buf, size_t cap)
{
	if (w->ovf || cap == 0)
		return 0;
	fin_wide v = *w;
	fin_wide_norm(&v);
	/* Digits, least significant first, nine at a time; the top chunk
	 * without its leading zeros. 256 bits are at most 78 digits. */
	char digits[96];
	size_t nd = 0;
	uint32_t m[N];
	memcpy(m, v.mag, sizeof m);
	do {
		uint32_t chunk = mag_div_small(m, 1000000000u);
		bool top = mag_is_zero(m);
		for (int i = 0; i < 9 && (!top || chunk || i == 0); i++) {
			digits[nd++] = (char)('0' + chunk % 10);
			chunk /= 10;
		}
	} while (!mag_is_zero(m));
	size_t frac = v.exp < 0 ? (size_t)(-(int64_t)v.exp) : 0;
	size_t zeros = v.exp > 0 && !mag_is_zero(v.mag) ? (size_t)v.exp : 0;
	size_t need = v.neg + nd + zeros + frac + 3;
	if (need >= cap || need >= FIN_WIDE_MAXLEN)
		return 0;
	size_t o = 0;
	if (v.neg)
		buf[o++] = '-';
	if (frac == 0) {
		for (size_t i = nd; i-- > 0;)
			buf[o++] = digits[i];
		for (size_t i = 0; i < zeros; i++)
			buf[o++] = '0';
	} else if (nd <= frac) {
		buf[o++] = '0';
		buf[o++] = '.';
		for (size_t i = nd; i < frac; i++)
			buf[o++] = '0';
		for (size_t i = nd; i-- > 0;)
			buf[o++] = digits[i];
	} else {
		for (size_t i = nd; i-- > 0;) {
			buf[o++] = digits[i];
			if (i == frac)
				buf[o++] = '.';
		}
	}
	buf[o] = '\0';
	return o;
}

/* Parse decimal text with an optional exponent (see wide.h). */
int fin_wide_parse(const char *s, size_t len, fin_wide *out)
{
	fin_wide w;
	fin_wide_zero(&w);
	size_t i = 0;
	bool neg = false, any = false, dot = false;
	if (i < len && (s[i] == '-' || s[i] == '+')) {
		neg = s[i] == '-';
		i++;
	}
	int64_t exp = 0;
	for (; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (fin_is_digit(c)) {
			if (mag_mul_small(w.mag, 10, (uint32_t)(c - '0')))
				return FIN_EOVERFLOW;
			if (dot)
				exp--;
			any = true;
		} else if (c == '.' && !dot) {
			dot = true;
		} else {
			break;
		}
	}
	if (!any)
		return FIN_EPARSE;
	if (i < len && (s[i] == 'e' || s[i] == 'E')) {
		i++;
		bool eneg = false, edig = false;
		if (i < len && (s[i] == '-' || s[i] == '+')) {
			eneg = s[i] == '-';
			i++;
		}
		int64_t e = 0;
		for (; i < len && fin_is_digit((unsigned char)s[i]); i++) {
			if (e > 100000)
				return FIN_EOVERFLOW;
			e = e * 10 + (s[i] - '0');
			edig = true;
		}
		if (!edig)
			return FIN_EPARSE;
		exp += eneg ? -e : e;
	}
	if (i != len)
		return FIN_EPARSE;
	if (exp > 100000 || exp < -100000)
		return FIN_EOVERFLOW;
	w.exp = (int32_t)exp;
	w.neg = (uint8_t)(neg && !mag_is_zero(w.mag));
	fin_wide_norm(&w);
	*out = w;
	return FIN_OK;
}

/* The value as a fin_decimal when it fits (see wide.h). */
int fin_wide_to_dec(const fin_wide *w, fin_decimal *out)
{
	if (w->ovf)
		return FIN_EOVERFLOW;
	fin_wide v = *w;
	fin_wide_norm(&v);
	for (int i = 2; i < N; i++)
		if (v.mag[i])
			return FIN_EOVERFLOW;
	uint64_t m = ((uint64_t)v.mag[1] << 32) | v.mag[0];
	if (m > (uint64_t)INT64_MAX)
		return FIN_EOVERFLOW;
	out->sig = v.neg ? -(int64_t)m : (int64_t)m;
	out->exp = v.exp;
	return FIN_OK;
}
