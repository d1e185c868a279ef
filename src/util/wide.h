/*
 * wide.h — exact decimals wide enough for sums and currency conversion.
 *
 * A fin_wide is ±mag × 10^exp with a magnitude of FIN_WIDE_LIMBS 32-bit
 * limbs (256 bits, about 77 decimal digits). Addition and multiplication
 * are exact; the only rounding is the one asked for (fin_wide_round,
 * fin_wide_div_round), always half to even. An operation whose result does
 * not fit sets the sticky `ovf` flag instead of wrapping: check it once at
 * the end. Values are plain structs (no allocation); copy them freely.
 * Internal to libfinfig.
 */
#ifndef FIN_WIDE_H
#define FIN_WIDE_H

#include "finfig.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define FIN_WIDE_LIMBS 8
/* Longest text fin_wide_format() writes, with the NUL. */
#define FIN_WIDE_MAXLEN 192

typedef struct fin_wide {
	uint32_t mag[FIN_WIDE_LIMBS]; /* magnitude, least significant limb first */
	int32_t exp;                  /* value = ±mag × 10^exp */
	uint8_t neg;                  /* 1 for a negative value (never set on zero) */
	uint8_t ovf;                  /* sticky: some operation did not fit */
} fin_wide;

/* Zero (exponent 0, no overflow). */
void fin_wide_zero(fin_wide *w);
/* The exact value of d. */
fin_wide fin_wide_from_dec(fin_decimal d);
/* true for the value zero (any exponent). */
bool fin_wide_is_zero(const fin_wide *w);
/* *acc += *x exactly (exponents aligned down). Overflow sets acc->ovf; an
 * operand's ovf is carried into acc. */
void fin_wide_add(fin_wide *acc, const fin_wide *x);
/* *w *= d exactly. */
void fin_wide_mul_dec(fin_wide *w, fin_decimal d);
/* *w /= 2 exactly (× 5, one place down). */
void fin_wide_half(fin_wide *w);
/* Round *w to a multiple of 10^exp, halves to even (no-op when it already
 * is one). */
void fin_wide_round(fin_wide *w, int32_t exp);
/* *w = *w / d rounded to a multiple of 10^exp, halves to even. d == 0 sets
 * ovf. */
void fin_wide_div_round(fin_wide *w, fin_decimal d, int32_t exp);
/* Strip trailing zeros into the exponent (the canonical form; zero becomes
 * exponent 0 and not negative). */
void fin_wide_norm(fin_wide *w);
/* -1, 0, 1 as a < b, a == b, a > b, exactly. Values with ovf compare as
 * larger than any other, equal among themselves. */
int fin_wide_cmp(const fin_wide *a, const fin_wide *b);
/* Write as a person writes it, no exponent: "1130000000", "0.125". Returns
 * the length (without NUL), or 0 when it does not fit cap (or ovf is set). */
size_t fin_wide_format(const fin_wide *w, char *buf, size_t cap);
/* Parse "123", "-1.5", "0.125", "1e9", "2.5E-3" (ASCII, '.' as point). 0 on
 * success, FIN_EPARSE or FIN_EOVERFLOW. */
int fin_wide_parse(const char *s, size_t len, fin_wide *out);
/* The value as a fin_decimal; FIN_EOVERFLOW when the significand (after
 * stripping trailing zeros) does not fit 64 bits. */
int fin_wide_to_dec(const fin_wide *w, fin_decimal *out);

#endif /* FIN_WIDE_H */
