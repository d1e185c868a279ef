/*
 * decimal.c — exact decimals (int64 significand, power-of-ten exponent).
 * Every operation checks for overflow instead of wrapping.
 */
#include "util.h"

#include <string.h>

fin_decimal fin_decimal_norm(fin_decimal d)
{
	if (d.sig == 0) {
		d.exp = 0;
		return d;
	}
	while (d.sig % 10 == 0 && d.exp < INT32_MAX) {
		d.sig /= 10;
		d.exp++;
	}
	return d;
}

/* *v *= 10^k exactly, or FIN_EOVERFLOW. */
static int mul_pow10(int64_t *v, int32_t k)
{
	while (k-- > 0) {
		if (__builtin_mul_overflow(*v, (int64_t)10, v))
			return FIN_EOVERFLOW;
	}
	return FIN_OK;
}

int fin_decimal_mul(fin_decimal a, fin_decimal b, fin_decimal *out)
{
	a = fin_decimal_norm(a);
	b = fin_decimal_norm(b);
	fin_decimal r;
	if (__builtin_mul_overflow(a.sig, b.sig, &r.sig))
		return FIN_EOVERFLOW;
	int64_t e = (int64_t)a.exp + b.exp;
	if (e > 1000 || e < -1000)
		return FIN_EOVERFLOW;
	r.exp = (int32_t)e;
	*out = fin_decimal_norm(r);
	return FIN_OK;
}

int fin_decimal_add(fin_decimal a, fin_decimal b, fin_decimal *out)
{
	a = fin_decimal_norm(a);
	b = fin_decimal_norm(b);
	if (a.sig == 0) {
		*out = b;
		return FIN_OK;
	}
	if (b.sig == 0) {
		*out = a;
		return FIN_OK;
	}
	/* Bring the operand with the larger exponent down to the smaller one. */
	if (a.exp > b.exp) {
		fin_decimal t = a;
		a = b;
		b = t;
	}
	int64_t diff = (int64_t)b.exp - a.exp;
	if (diff > 40)
		return FIN_EOVERFLOW;
	if (mul_pow10(&b.sig, (int32_t)diff))
		return FIN_EOVERFLOW;
	fin_decimal r = {0, a.exp};
	if (__builtin_add_overflow(a.sig, b.sig, &r.sig))
		return FIN_EOVERFLOW;
	*out = fin_decimal_norm(r);
	return FIN_OK;
}

int fin_decimal_cmp(fin_decimal a, fin_decimal b)
{
	a = fin_decimal_norm(a);
	b = fin_decimal_norm(b);
	if ((a.sig < 0) != (b.sig < 0))
		return a.sig < 0 ? -1 : 1;
	if (a.sig == 0 || b.sig == 0)
		return a.sig == b.sig ? 0 : (a.sig == 0 ? (b.sig > 0 ? -1 : 1) : (a.sig > 0 ? 1 : -1));
	/* Same sign, both non-zero: align if possible, else compare magnitudes
	 * through the digit counts. */
	fin_decimal x = a, y = b;
	if (x.exp > y.exp) {
		int64_t v = x.sig;
		if (mul_pow10(&v, x.exp - y.exp) == FIN_OK) {
			return v < y.sig ? -1 : v > y.sig ? 1 : 0;
		}
		return a.sig > 0 ? 1 : -1; /* |a| overflows the scale of b: bigger */
	} else if (y.exp > x.exp) {
		int64_t v = y.sig;
		if (mul_pow10(&v, y.exp - x.exp) == FIN_OK) {
			return x.sig < v ? -1 : x.sig > v ? 1 : 0;
		}
		return a.sig > 0 ? -1 : 1;
	}
	return x.sig < y.sig ? -1 : x.sig > y.sig ? 1 : 0;
}

/* The room the plain form of a normalised d needs (sign, digits, point,
 * zeros; a bound with the NUL), with its nd digits. */
static size_t plain_need(fin_decimal d, size_t nd)
{
	return (d.sig < 0) + nd + 3 + (size_t)(d.exp < 0 ? -(int64_t)d.exp : d.exp);
}

static size_t n_digits(uint64_t mag)
{
	size_t nd = 1;
	while (mag >= 10) {
		mag /= 10;
		nd++;
	}
	return nd;
}

static uint64_t magnitude(int64_t sig) { return sig < 0 ? (uint64_t)0 - (uint64_t)sig : (uint64_t)sig; }

bool fin_decimal_printable(fin_decimal d)
{
	d = fin_decimal_norm(d);
	return plain_need(d, n_digits(magnitude(d.sig))) < FIN_DECIMAL_MAXLEN;
}

size_t fin_decimal_format(fin_decimal d, char *buf, size_t cap)
{
	d = fin_decimal_norm(d);
	char digits[24];
	size_t nd = 0;
	uint64_t mag = magnitude(d.sig);
	do {
		digits[nd++] = (char)('0' + mag % 10);
		mag /= 10;
	} while (mag);
	/* digits[] is reversed. */
	size_t need = plain_need(d, nd);
	if (need >= cap || need >= FIN_DECIMAL_MAXLEN)
		return 0;
	size_t o = 0;
	if (d.sig < 0)
		buf[o++] = '-';
	if (d.exp >= 0) {
		for (size_t i = nd; i-- > 0;)
			buf[o++] = digits[i];
		if (d.sig != 0)
			for (int32_t i = 0; i < d.exp; i++)
				buf[o++] = '0';
	} else {
		size_t frac = (size_t)(-(int64_t)d.exp);
		if (nd <= frac) {
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
	}
	buf[o] = '\0';
	return o;
}

int fin_decimal_parse(const char *s, size_t len, fin_decimal *out)
{
	size_t i = 0;
	int neg = 0;
	if (i < len && (s[i] == '-' || s[i] == '+')) {
		neg = s[i] == '-';
		i++;
	}
	int64_t sig = 0;
	int32_t exp = 0;
	int any = 0, dot = 0;
	for (; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (fin_is_digit(c)) {
			if (__builtin_mul_overflow(sig, (int64_t)10, &sig) ||
			    __builtin_add_overflow(sig, (int64_t)(c - '0'), &sig))
				return FIN_EOVERFLOW;
			if (dot)
				exp--;
			any = 1;
		} else if (c == '.' && !dot) {
			dot = 1;
		} else {
			break;
		}
	}
	if (!any)
		return FIN_EPARSE;
	if (i < len && (s[i] == 'e' || s[i] == 'E')) {
		i++;
		int eneg = 0;
		if (i < len && (s[i] == '-' || s[i] == '+')) {
			eneg = s[i] == '-';
			i++;
		}
		int32_t e = 0;
		int edig = 0;
		for (; i < len && fin_is_digit((unsigned char)s[i]); i++) {
			if (e > 10000)
				return FIN_EOVERFLOW;
			e = e * 10 + (s[i] - '0');
			edig = 1;
		}
		if (!edig)
			return FIN_EPARSE;
		exp += eneg ? -e : e;
	}
	if (i != len)
		return FIN_EPARSE;
	fin_decimal d = {neg ? -sig : sig, exp};
	*out = fin_decimal_norm(d);
	return FIN_OK;
}
