/*
 * check.h — a tiny test harness: CHECK() records failures and goes on;
 * check_done() prints "N passed, N failed" and returns the exit status.
 */
#ifndef FIN_CHECK_H
#define FIN_CHECK_H

#include <stdio.h>
#include <string.h>

static int check_passed, check_failed;

#define CHECK(cond)                                                                   \
	do {                                                                          \
		if (cond) {                                                           \
			check_passed++;                                               \
		} else {                                                              \
			check_failed++;                                               \
			fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond); \
		}                                                                     \
	} while (0)

#define CHECK_STR(a, b)                                                               \
	do {                                                                          \
		const char *ca_ = (a), *cb_ = (b);                                    \
		if (ca_ && cb_ && strcmp(ca_, cb_) == 0) {                            \
			check_passed++;                                               \
		} else {                                                              \
			check_failed++;                                               \
			fprintf(stderr, "%s:%d: CHECK_STR failed: %s == \"%s\", expected \"%s\"\n", \
				__FILE__, __LINE__, #a, ca_ ? ca_ : "(null)", cb_ ? cb_ : "(null)"); \
		}                                                                     \
	} while (0)

#define CHECK_INT(a, b)                                                               \
	do {                                                                          \
		long long ca_ = (long long)(a), cb_ = (long long)(b);                 \
		if (ca_ == cb_) {                                                     \
			check_passed++;                                               \
		} else {                                                              \
			check_failed++;                                               \
			fprintf(stderr, "%s:%d: CHECK_INT failed: %s == %lld, expected %lld\n", \
				__FILE__, __LINE__, #a, ca_, cb_);                    \
		}                                                                     \
	} while (0)

static inline int check_done(void)
{
	printf("%d passed, %d failed\n", check_passed, check_failed);
	return check_failed ? 1 : 0;
}

#endif
