/*
 * test_currency_conformance.c — Recognizers-Text's English CurrencyModel.json
 * (../shared/peer-specs/recognizers-text) run through finfig, strictly: a case
 * passes when every expected amount is found with the same value and a
 * currency compatible with the spec's unit, and nothing else is found.
 * Results without a value (a bare "dollar") are not amounts and are not
 * expected. Minor units (Cent, Pence...) are compared in major units.
 * Prints the pass rate; fails when it drops below the rate recorded in
 * tests/conformance/RATES (so progress only goes one way). Skips without
 * ../shared.
 */
#include <jansson.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "check.h"
#include "finfig.h"

typedef struct unitmap {
	const char *unit;
	const char *codes; /* space-separated ISO codes; "*" any */
	int minor;         /* value given in minor units (1/100) */
} unitmap;

static const unitmap units[] = {
	{"Dollar", "USD CAD AUD NZD HKD SGD TWD JMD ZWD MXN BRL", 0},
	{"United States dollar", "USD", 0},
	{"Canadian dollar", "CAD", 0},
	{"Australian dollar", "AUD", 0},
	{"Hong Kong dollar", "HKD", 0},
	{"New Zealand dollar", "NZD", 0},
	{"Pound", "GBP EGP LBP SYP IEP CYP", 0},
	{"British pound", "GBP", 0},
	{"Pence", "GBP", 1},
	{"Penny", "GBP", 1},
	{"Cent", "USD CAD AUD EUR NZD HKD SGD", 1},
	{"Euro", "EUR", 0},
	{"Franc", "CHF FRF BEF LUF XOF", 0},
	{"Swiss franc", "CHF", 0},
	{"Peseta", "ESP", 0},
	{"Finnish markka", "FIM", 0},
	{"Netherlands guilder", "NLG", 0},
	{"Japanese yen", "JPY", 0},
	{"Chinese yuan", "CNY", 0},
	{"Rupee", "INR PKR LKR NPR MUR", 0},
	{"Sri Lankan rupee", "LKR", 0},
	{"Bitcoin", "BTC", 0},
	{"Satoshi", "BTC", 2},
	{"Costa Rican colón", "CRC", 0},
	{"Georgian lari", "GEL", 0},
	{"Lao kip", "LAK", 0},
	{"Turkish lira", "TRY", 0},
	{"Mexican peso", "MXN", 0},
	{"Sen", "MYR IDR", 1},
	{NULL, NULL, 0},
};

static bool code_ok(const char *unit, const char *iso, const char *got, int *minor)
{
	*minor = 0;
	if (iso && *iso) {
		for (const unitmap *u = units; u->unit; u++)
			if (strcmp(u->unit, unit) == 0)
				*minor = u->minor;
		return strcmp(iso, got) == 0;
	}
	for (const unitmap *u = units; u->unit; u++) {
		if (strcmp(u->unit, unit) == 0) {
			*minor = u->minor;
			return strstr(u->codes, got) != NULL;
		}
	}
	return true; /* unknown unit name: any currency */
}

static double rate_floor(const char *name)
{
	char path[1024];
	snprintf(path, sizeof path, "%s/conformance/RATES", FIN_TEST_DIR);
	FILE *f = fopen(path, "r");
	if (!f)
		return 0;
	char line[256];
	double r = 0;
	while (fgets(line, sizeof line, f)) {
		size_t n = strlen(name);
		if (strncmp(line, name, n) == 0 && line[n] == ' ') {
			/* "CurrencyModel 0.9500": parse by hand, locale-free. */
			const char *p = line + n + 1;
			double v = 0, scale = 1;
			int after = 0;
			for (; *p && *p != '\n'; p++) {
				if (*p == '.') {
					after = 1;
				} else if (*p >= '0' && *p <= '9') {
					if (after) {
						scale /= 10;
						v += (*p - '0') * scale;
					} else {
						v = v * 10 + (*p - '0');
					}
				}
			}
			r = v;
		}
	}
	fclose(f);
	return r;
}

int main(int argc, char **argv)
{
	const char *shared = getenv("FINFIG_SHARED");
	char path[1024];
	snprintf(path, sizeof path, "%s/peer-specs/recognizers-text/CurrencyModel.json", shared ? shared : "../shared");
	struct stat sb;
	if (stat(path, &sb) != 0) {
		printf("skipped: %s not found\n", path);
		return 0;
	}
	bool verbose = argc > 1 && strcmp(argv[1], "-v") == 0;
	json_error_t jerr;
	json_t *root = json_load_file(path, 0, &jerr);
	CHECK(root && json_is_array(root));
	if (!root)
		return check_done();
	fin_extractor *x;
	fin_doc *doc;
	fin_error err;
	CHECK(fin_extractor_new(&x, NULL, &err) == 0);
	CHECK(fin_doc_new(&doc) == 0);
	size_t total = json_array_size(root), pass = 0;
	for (size_t i = 0; i < total; i++) {
		json_t *c = json_array_get(root, i);
		const char *input = json_string_value(json_object_get(c, "Input"));
		json_t *results = json_object_get(c, "Results");
		fin_article a;
		memset(&a, 0, sizeof a);
		a.id = "case";
		a.source = "CurrencyModel.json";
		a.title = "";
		a.body = input;
		a.body_len = strlen(input);
		fin_result r;
		if (fin_extract(x, doc, &a, &r, &err) != 0) {
			CHECK(0);
			continue;
		}
		bool ok = true;
		size_t expected = 0;
		bool *used = calloc(r.n_money + 1, 1);
		for (size_t k = 0; k < json_array_size(results); k++) {
			json_t *res = json_object_get(json_array_get(results, k), "Resolution");
			const char *val = json_string_value(json_object_get(res, "value"));
			const char *unit = json_string_value(json_object_get(res, "unit"));
			const char *iso = json_string_value(json_object_get(res, "isoCurrency"));
			if (!val)
				continue; /* "dollar" alone: not an amount */
			expected++;
			fin_decimal want;
			if (fin_decimal_parse(val, strlen(val), &want)) {
				ok = false;
				continue;
			}
			bool found = false;
			for (size_t m = 0; m < r.n_money && !found; m++) {
				if (used[m] || r.money[m].is_range)
					continue;
				int minor;
				if (!code_ok(unit ? unit : "", iso, r.money[m].currency, &minor))
					continue;
				fin_decimal w = want;
				if (minor == 1)
					fin_decimal_mul(want, (fin_decimal){1, -2}, &w);
				else if (minor == 2)
					fin_decimal_mul(want, (fin_decimal){1, -8}, &w);
				if (fin_decimal_cmp(w, r.money[m].value) == 0) {
					used[m] = true;
					found = true;
				}
			}
			if (!found)
				ok = false;
		}
		if (r.n_money != expected)
			ok = false;
		free(used);
		if (ok)
			pass++;
		else if (verbose) {
			printf("FAIL: %s\n  got:", input);
			for (size_t m = 0; m < r.n_money; m++) {
				char v[FIN_DECIMAL_MAXLEN];
				fin_decimal_format(r.money[m].is_range ? r.money[m].min : r.money[m].value, v, sizeof v);
				printf(" [%.*s = %s %s]", (int)(r.money[m].end - r.money[m].start), input + r.money[m].start, v,
				       r.money[m].currency);
			}
			printf("\n");
		}
	}
	double rate = total ? (double)pass / (double)total : 0;
	printf("CurrencyModel strict: %zu/%zu (%.1f%%)\n", pass, total, rate * 100);
	/* RATES holds percentages with one decimal, e.g. "CurrencyModel 96.1". */
	double pct = (double)(long)(rate * 1000 + 0.5) / 10.0;
	double floor = rate_floor("CurrencyModel");
	if (pct + 1e-9 < floor)
		printf("rate %.1f%% is below the recorded %.1f%%\n", pct, floor);
	CHECK(pct + 1e-9 >= floor);
	fin_doc_free(doc);
	fin_extractor_free(x);
	json_decref(root);
	return check_done();
}
