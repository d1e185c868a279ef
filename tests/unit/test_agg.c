/*
 * test_agg.c — aggregation on synthetic records: events (same deal in
 * several reports, restatements, what must stay apart), exact totals and
 * medians, and the merge law: the summary of all records equals the
 * summary of the states of any split, byte for byte, in event and mention
 * counting, for splits in 2, 3 and 7 parts, shuffled, and states of states.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "finfig/agg.h"
#include "internal.h"

/* ---------------------------------------------------------------------- */
/* Helpers                                                                 */
/* ---------------------------------------------------------------------- */

/* The whole content of a temporary file, NUL-terminated (caller frees). */
static char *slurp(FILE *f)
{
	fflush(f);
	long n = ftell(f);
	rewind(f);
	char *s = malloc((size_t)n + 1);
	if (!s)
		return NULL;
	size_t got = fread(s, 1, (size_t)n, f);
	s[got] = '\0';
	return s;
}

/* Feed every line of text (NUL-terminated, '\n'-separated). Returns how
 * many lines were refused. */
static int feed_text(fin_agg *g, const char *text)
{
	int bad = 0;
	long no = 0;
	while (*text) {
		const char *nl = strchr(text, '\n');
		size_t n = nl ? (size_t)(nl - text) : strlen(text);
		fin_error err;
		if (fin_agg_line(g, text, n, "test", ++no, &err))
			bad++;
		text += n + (nl ? 1 : 0);
	}
	return bad;
}

static fin_agg_opts opts_by(const char *a, const char *b, int mentions)
{
	fin_agg_opts o;
	memset(&o, 0, sizeof o);
	if (a)
		fin_agg_parse_grouping(a, &o.groupings[o.n_groupings++]);
	if (b)
		fin_agg_parse_grouping(b, &o.groupings[o.n_groupings++]);
	o.by_given = 1;
	o.mentions = mentions;
	return o;
}

typedef enum { SUMMARY, STATE, EVENTS, CSV0 } what;

/* When set, aggregate() fails as soon as a line is refused (OOM test). */
static int strict_feed;

/* Aggregate the given texts (records or states) and return the output. */
static char *aggregate(const fin_agg_opts *o, const char *const *texts, int n, what w)
{
	fin_agg *g = NULL;
	fin_error err;
	if (fin_agg_new(&g, o, &err))
		return NULL;
	int bad = 0;
	for (int i = 0; i < n; i++)
		bad += feed_text(g, texts[i]);
	if (bad && strict_feed) {
		fin_agg_free(g);
		return NULL;
	}
	FILE *f = tmpfile();
	int rc = 0;
	if (w == STATE) {
		rc = fin_agg_write_state(g, f);
	} else {
		rc = fin_agg_finish(g, &err);
		if (!rc)
			rc = w == SUMMARY  ? fin_agg_write_json(g, f)
			     : w == EVENTS ? fin_agg_write_events_csv(g, f)
			                   : fin_agg_write_csv(g, 0, f);
	}
	char *s = rc ? NULL : slurp(f);
	fclose(f);
	fin_agg_free(g);
	return s;
}

/* One money record line. companies: "A;B" or "". */
static void rec(fin_buf *b, const char *id, const char *cur, const char *value, const char *usd,
                const char *companies, const char *date, const char *kind, const char *eq)
{
	char doc[64];
	snprintf(doc, sizeof doc, "%s", id);
	char *h = strchr(doc, '#');
	if (h)
		*h = '\0';
	fin_buf_printf(b,
	               "{\"type\":\"money\",\"doc\":\"%s\",\"id\":\"%s\",\"value\":%s,\"min\":null,"
	               "\"max\":null,\"currency\":\"%s\",\"equivalent_of\":",
	               doc, id, value, cur);
	if (eq)
		fin_buf_printf(b, "\"%s\"", eq);
	else
		fin_buf_puts(b, "null");
	fin_buf_printf(b, ",\"event\":null,\"value_usd\":%s,\"companies\":[", usd ? usd : "null");
	const char *p = companies;
	int k = 0;
	while (p && *p) {
		const char *e = strchr(p, ';');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		fin_buf_printf(b, "%s\"%.*s\"", k++ ? "," : "", (int)n, p);
		p = e ? e + 1 : NULL;
	}
	fin_buf_puts(b, "],\"date\":");
	if (date)
		fin_buf_printf(b, "\"%s\"", date);
	else
		fin_buf_puts(b, "null");
	fin_buf_puts(b, ",\"kind\":");
	if (kind)
		fin_buf_printf(b, "\"%s\"", kind);
	else
		fin_buf_puts(b, "null");
	fin_buf_puts(b, "}\n");
}

/* ---------------------------------------------------------------------- */
/* Events                                                                  */
/* ---------------------------------------------------------------------- */

static void test_events(void)
{
	fin_buf b;
	fin_buf_init(&b, 0);
	/* One deal: headline and body of article a, restated in sterling,
	 * reported again by b (value within 1 %) and c (9 days later, one
	 * company in common). */
	rec(&b, "a#m1", "USD", "38000000000", "38000000000", "OpenAI;Amazon", "2025-11-03", "deal", NULL);
	rec(&b, "a#m2", "USD", "38000000000", "38000000000", "OpenAI;Amazon", "2025-11-03", "deal", NULL);
	rec(&b, "a#m3", "GBP", "29000000000", "38102746025.489423", NULL, "2025-11-03", "deal", "a#m2");
	rec(&b, "b#m1", "USD", "38300000000", "38300000000", "Amazon", "2025-11-04", "deal", NULL);
	rec(&b, "c#m4", "USD", "37700000000", "37700000000", "OpenAI", "2025-11-12", "deal", NULL);
	/* Not the same deal: too far in time, another kind, 2 % apart, no
	 * company in common, another currency. */
	rec(&b, "d#m1", "USD", "38000000000", "38000000000", "OpenAI;Amazon", "2026-03-01", "deal", NULL);
	rec(&b, "e#m1", "USD", "38000000000", "38000000000", "Amazon", "2025-11-05", "revenue", NULL);
	rec(&b, "f#m1", "USD", "38800000000", "38800000000", "Amazon", "2025-11-05", "deal", NULL);
	rec(&b, "g#m1", "USD", "38000000000", "38000000000", "Oracle", "2025-11-05", "deal", NULL);
	rec(&b, "h#m1", "EUR", "38000000000", NULL, "Amazon", "2025-11-05", "deal", NULL);
	/* A record without companies is an event of its own. */
	rec(&b, "i#m1", "USD", "38000000000", "38000000000", "", "2025-11-03", "deal", NULL);
	fin_agg_opts o = opts_by("company", NULL, 0);
	fin_agg *g = NULL;
	fin_error err;
	CHECK(fin_agg_new(&g, &o, &err) == FIN_OK);
	CHECK_INT(feed_text(g, b.ptr), 0);
	CHECK(fin_agg_finish(g, &err) == FIN_OK);
	fin_agg_stats st;
	fin_agg_get_stats(g, &st);
	CHECK_INT(st.records, 11);
	CHECK_INT(st.events, 7);
	/* The event is named by its earliest, non-restating member. */
	CHECK_STR(fin_agg_event_of(g, "a#m3"), "a#m1");
	CHECK_STR(fin_agg_event_of(g, "b#m1"), "a#m1");
	CHECK_STR(fin_agg_event_of(g, "c#m4"), "a#m1");
	CHECK_STR(fin_agg_event_of(g, "d#m1"), "d#m1");
	CHECK_STR(fin_agg_event_of(g, "e#m1"), "e#m1");
	CHECK_STR(fin_agg_event_of(g, "f#m1"), "f#m1");
	CHECK_STR(fin_agg_event_of(g, "g#m1"), "g#m1");
	CHECK_STR(fin_agg_event_of(g, "h#m1"), "h#m1");
	CHECK_STR(fin_agg_event_of(g, "i#m1"), "i#m1");
	CHECK(fin_agg_event_of(g, "zz#m1") == NULL);
	/* Annotating records fills "event". */
	FILE *in = tmpfile(), *out = tmpfile();
	fputs("{\"type\":\"money\",\"doc\":\"b\",\"id\":\"b#m1\",\"equivalent_of\":null,\"event\":null,\"x\":"
	      "1}\n"
	      "{\"type\":\"company\",\"doc\":\"b\",\"id\":\"b#m1\",\"event\":null}\n",
	      in);
	rewind(in);
	CHECK(fin_agg_annotate_jsonl(g, in, out) == FIN_OK);
	char *ann = slurp(out);
	CHECK_STR(ann, "{\"type\":\"money\",\"doc\":\"b\",\"id\":\"b#m1\",\"equivalent_of\":null,"
	               "\"event\":\"a#m1\",\"x\":1}\n"
	               "{\"type\":\"company\",\"doc\":\"b\",\"id\":\"b#m1\",\"event\":null}\n");
	free(ann);
	fclose(in);
	fclose(out);
	/* And the CSV records. */
	in = tmpfile();
	out = tmpfile();
	fputs("id,doc,event,value\r\nc#m4,c,,1\r\n\"d#m1\",d,,\"2\"\r\n", in);
	rewind(in);
	CHECK(fin_agg_annotate_csv(g, in, out) == FIN_OK);
	ann = slurp(out);
	CHECK_STR(ann, "id,doc,event,value\r\nc#m4,c,a#m1,1\r\n\"d#m1\",d,d#m1,\"2\"\r\n");
	free(ann);
	fclose(in);
	fclose(out);
	fin_agg_free(g);

	/* Amazon: the joined deal once (5 mentions), then d, e, f, h. */
	const char *t[1] = {b.ptr};
	char *csv = aggregate(&o, t, 1, CSV0);
	CHECK(csv && strstr(csv, "\r\nAmazon,5,9,4,") != NULL);
	free(csv);
	/* Counting mentions instead: 7 records name Amazon. */
	fin_agg_opts om = opts_by("company", NULL, 1);
	csv = aggregate(&om, t, 1, CSV0);
	CHECK(csv && strstr(csv, "\r\nAmazon,7,7,6,") != NULL);
	free(csv);
	/* events.csv: one row per event, members listed. */
	char *ev = aggregate(&o, t, 1, EVENTS);
	CHECK(ev && strstr(ev, "a#m1,2025-11-03,USD,38000000000,,,38000000000,,,Amazon;OpenAI,deal,,5,3,"
	                       "a#m1;a#m2;b#m1;c#m4;a#m3\r\n") != NULL);
	free(ev);
	/* An unknown kind is compatible with any kind (and so can chain a deal
	 * and revenue of the same value: documented). */
	fin_buf b2;
	fin_buf_init(&b2, 0);
	rec(&b2, "p#m1", "USD", "5000000", "5000000", "Acme", "2025-01-10", "deal", NULL);
	rec(&b2, "q#m1", "USD", "5000000", "5000000", "Acme", "2025-01-11", NULL, NULL);
	rec(&b2, "r#m1", "USD", "5000000", "5000000", "Acme", "2025-01-12", "revenue", NULL);
	const char *t2[1] = {b2.ptr};
	ev = aggregate(&o, t2, 1, EVENTS);
	CHECK(ev && strstr(ev, "p#m1;q#m1;r#m1\r\n") != NULL);
	free(ev);
	fin_buf_free(&b2);
	/* A wider window joins d (four months later) too; a narrow one
	 * separates c (nine days later). */
	o.window_days = 200;
	ev = aggregate(&o, t, 1, EVENTS);
	CHECK(ev && strstr(ev, ";d#m1") != NULL);
	free(ev);
	o.window_days = 5;
	ev = aggregate(&o, t, 1, EVENTS);
	CHECK(ev && strstr(ev, "\r\nc#m4,") != NULL);
	free(ev);
	fin_buf_free(&b);
}

/* ---------------------------------------------------------------------- */
/* Exact statistics                                                        */
/* ---------------------------------------------------------------------- */

static void test_stats(void)
{
	fin_buf b;
	fin_buf_init(&b, 0);
	/* Four USD amounts (even count: the median is the mean of the two
	 * middle ones, exactly), a yen amount without a rate, a range. */
	rec(&b, "a#m1", "USD", "0.1", "0.1", "", "2025-01-02", NULL, NULL);
	rec(&b, "b#m1", "USD", "0.2", "0.2", "", "2025-01-03", NULL, NULL);
	rec(&b, "c#m1", "USD", "12345678901234567", "12345678901234567", "", "2025-02-01", NULL, NULL);
	rec(&b, "d#m1", "USD", "0.3", "0.3", "", "2025-02-01", NULL, NULL);
	rec(&b, "e#m1", "JPY", "500", NULL, "", "2025-02-01", NULL, NULL);
	rec(&b, "f#m1", "JPY", "700", NULL, "", NULL, NULL, NULL);
	fin_buf_puts(
	    &b,
	    "{\"type\":\"money\",\"id\":\"g#m1\",\"value\":null,\"min\":10,\"max\":13,\"currency\":\"GBP\","
	    "\"min_usd\":12.5,\"max_usd\":16.25,\"companies\":[],\"date\":\"2025-02-09\"}\n");
	fin_agg_opts o = opts_by("month", "month,currency", 0);
	const char *t[1] = {b.ptr};
	char *s = aggregate(&o, t, 1, SUMMARY);
	CHECK(s != NULL);
	if (s) {
		/* Total: 5 USD values: 0.1 0.2 0.3 14.375 12345678901234567. */
		CHECK(strstr(s,
		             "\"total\":{\"count\":7,\"mentions\":7,\"usd\":{\"count\":5,"
		             "\"total\":12345678901234581.975,\"min\":0.1,\"max\":12345678901234567,"
		             "\"median\":0.3,\"max_event\":\"c#m1\"},\"no_rate\":1,\"no_date\":1,") != NULL);
		CHECK(strstr(s, "\"records\":7,\"counted\":7,\"usd\":{\"converted\":5,\"no_rate\":1,\"no_"
		                "date\":1}") != NULL);
		/* January: 0.1 and 0.2 -> median 0.15. */
		CHECK(strstr(s, "{\"month\":\"2025-01\",\"count\":2,\"mentions\":2,\"usd\":{\"count\":2,"
		                "\"total\":0.3,"
		                "\"min\":0.1,\"max\":0.2,\"median\":0.15,") != NULL);
		/* The yen without a date is in the month "none", listed last. */
		CHECK(strstr(s, "{\"month\":null,\"count\":1,") != NULL);
		CHECK(strstr(s, "\"JPY\":{\"count\":2,\"total\":1200,\"min\":500,\"max\":700,"
		                "\"median\":600}") != NULL);
		/* The range counts at its midpoint. */
		CHECK(strstr(
		          s,
		          "\"GBP\":{\"count\":1,\"total\":11.5,\"min\":11.5,\"max\":11.5,\"median\":11.5}") !=
		      NULL);
		/* Groups in key order: the crossed grouping by month, then currency. */
		const char *g1 = strstr(s, "{\"month\":\"2025-02\",\"currency\":\"GBP\"");
		const char *g2 = strstr(s, "{\"month\":\"2025-02\",\"currency\":\"JPY\"");
		const char *g3 = strstr(s, "{\"month\":\"2025-02\",\"currency\":\"USD\"");
		CHECK(g1 && g2 && g3 && g1 < g2 && g2 < g3);
		CHECK(strstr(s, "\"top\":[\n{\"event\":\"c#m1\"") != NULL);
	}
	/* Two runs give the same bytes. */
	char *s2 = aggregate(&o, t, 1, SUMMARY);
	CHECK(s && s2 && strcmp(s, s2) == 0);
	free(s);
	free(s2);
	/* CSV: plain numbers, ISO months, one header. */
	fin_agg_opts oc = opts_by("currency", NULL, 0);
	char *csv = aggregate(&oc, t, 1, CSV0);
	CHECK(csv && strncmp(csv,
	                     "currency,count,mentions,usd_count,usd_total,usd_min,usd_max,usd_median,"
	                     "usd_max_event,no_rate,no_date,currencies,total,min,max,median\r\n",
	                     129) == 0);
	CHECK(csv && strstr(csv, "\r\nJPY,2,2,0,0,,,,,1,1,JPY,1200,500,700,600\r\n") != NULL);
	free(csv);
	fin_buf_free(&b);
}

/* ---------------------------------------------------------------------- */
/* The merge law                                                           */
/* ---------------------------------------------------------------------- */

static uint32_t rng_state;

static uint32_t rnd(uint32_t n)
{
	rng_state = rng_state * 1664525u + 1013904223u;
	return (rng_state >> 8) % n;
}

/* n synthetic records, built to collide: few companies, few values, close
 * dates, restatements, ranges, repeated ids, records without a rate. */
static char **make_records(int n)
{
	static const char *companies[] = {"Acme", "Globex", "Initech", "Umbrella", "Hooli"};
	static const char *kinds[] = {"deal", "revenue", "profit", NULL, "other"};
	static const char *curs[] = {"USD", "USD", "GBP", "EUR", "JPY"};
	char **v = calloc((size_t)n, sizeof *v);
	for (int i = 0; i < n; i++) {
		fin_buf b;
		fin_buf_init(&b, 0);
		char id[32], eq[32], date[16], companies_s[64] = "";
		int doc = i / 3;
		snprintf(id, sizeof id, "d%03d#m%d", doc, i % 3 + 1);
		if (rnd(40) == 0)
			snprintf(id, sizeof id, "d%03d#m1", doc); /* a repeated id */
		snprintf(date, sizeof date, "2025-%02u-%02u", 1 + rnd(3), 1 + rnd(28));
		int nc = (int)rnd(3);
		size_t used = 0;
		for (int k = 0; k < nc; k++)
			used += (size_t)snprintf(companies_s + used, sizeof companies_s - used, "%s%s",
			                         k ? ";" : "", companies[rnd(5)]);
		const char *cur = curs[rnd(5)];
		char value[32], usd[40];
		unsigned base = 100 + rnd(5) * 100;
		snprintf(value, sizeof value, "%u.%u", base + rnd(3), rnd(10));
		snprintf(usd, sizeof usd, "%u.%06u", base + rnd(3), rnd(1000000));
		bool restate = i % 3 && rnd(4) == 0;
		snprintf(eq, sizeof eq, "d%03d#m%d", doc, i % 3);
		if (rnd(10) == 0) {
			fin_buf_printf(
			    &b,
			    "{\"type\":\"money\",\"doc\":\"d%03d\",\"id\":\"%s\",\"value\":null,"
			    "\"min\":%u,\"max\":%u,\"currency\":\"%s\",\"min_usd\":%u.5,\"max_usd\":%u.25,"
			    "\"companies\":[\"%s\"],\"date\":\"%s\",\"kind\":null}\n",
			    doc, id, base, base + 7, cur, base, base + 9, companies[rnd(5)], date);
		} else {
			rec(&b, id, cur, value, strcmp(cur, "JPY") == 0 ? NULL : usd, companies_s,
			    rnd(15) ? date : NULL, kinds[rnd(5)], restate ? eq : NULL);
		}
		v[i] = b.ptr;
	}
	return v;
}

/* The records from..to joined into one text. */
static char *join(char **v, const int *order, int from, int to)
{
	fin_buf b;
	fin_buf_init(&b, 0);
	fin_buf_puts(&b, "");
	for (int i = from; i < to; i++)
		fin_buf_puts(&b, v[order[i]]);
	return b.ptr;
}

static void merge_law(const fin_agg_opts *o, char **v, int n)
{
	int *order = malloc(sizeof(int) * (size_t)n);
	for (int i = 0; i < n; i++)
		order[i] = i;
	char *all = join(v, order, 0, n);
	const char *t[1] = {all};
	char *want = aggregate(o, t, 1, SUMMARY);
	CHECK(want != NULL && strlen(want) > 100);
	int splits[] = {2, 3, 7};
	for (int si = 0; si < 3; si++) {
		int k = splits[si];
		for (int shuffle = 0; shuffle < 2; shuffle++) {
			if (shuffle)
				for (int i = n - 1; i > 0; i--) {
					int j = (int)rnd((uint32_t)i + 1), x = order[i];
					order[i] = order[j];
					order[j] = x;
				}
			char *states[7];
			for (int p = 0; p < k; p++) {
				/* Uneven parts: cut points drawn at random. */
				int from = p * n / k, to = (p + 1) * n / k;
				char *part = join(v, order, from, to);
				const char *pt[1] = {part};
				states[p] = aggregate(o, pt, 1, STATE);
				CHECK(states[p] != NULL);
				free(part);
			}
			/* The states merged in reverse order. */
			const char *st[7];
			for (int p = 0; p < k; p++)
				st[p] = states[k - 1 - p] ? states[k - 1 - p] : "";
			char *got = aggregate(o, st, k, SUMMARY);
			CHECK(got && want && strcmp(got, want) == 0);
			if (got && want && strcmp(got, want) != 0)
				fprintf(stderr, "merge law fails for a split in %d (shuffle %d, %s)\n", k,
				        shuffle, o->mentions ? "mentions" : "events");
			free(got);
			/* States of states: merge the first two into one state. */
			if (k >= 3) {
				char *s01 = aggregate(o, st, 2, STATE);
				const char *mix[7];
				mix[0] = s01 ? s01 : "";
				for (int p = 2; p < k; p++)
					mix[p - 1] = st[p];
				got = aggregate(o, mix, k - 1, SUMMARY);
				CHECK(got && want && strcmp(got, want) == 0);
				free(got);
				free(s01);
			}
			/* A state mixed with raw records of the other part. */
			char *rest = join(v, order, n / k, n);
			const char *mix2[2] = {states[0] ? states[0] : "", rest};
			got = aggregate(o, mix2, 2, SUMMARY);
			CHECK(got && want && strcmp(got, want) == 0);
			free(got);
			free(rest);
			for (int p = 0; p < k; p++)
				free(states[p]);
		}
	}
	free(want);
	free(all);
	free(order);
}

static void test_merge_law(void)
{
	rng_state = 12345;
	int n = 600;
	char **v = make_records(n);
	fin_agg_opts o = opts_by("company", "month,currency", 0);
	o.top = 5;
	merge_law(&o, v, n);
	fin_agg_opts om = opts_by("company,kind", "currency", 1);
	om.top = 5;
	merge_law(&om, v, n);
	/* The joining actually joins in this data (else the test proves little). */
	const char *all_lines[1];
	int *order = malloc(sizeof(int) * (size_t)n);
	for (int i = 0; i < n; i++)
		order[i] = i;
	char *all = join(v, order, 0, n);
	all_lines[0] = all;
	fin_agg *g = NULL;
	fin_error err;
	fin_agg_new(&g, &o, &err);
	feed_text(g, all);
	fin_agg_finish(g, &err);
	fin_agg_stats st;
	fin_agg_get_stats(g, &st);
	CHECK(st.events < st.records * 9 / 10);
	CHECK(st.events > st.records / 10);
	fin_agg_free(g);
	(void)all_lines;
	free(all);
	free(order);
	for (int i = 0; i < n; i++)
		fin_free(v[i]);
	free(v);
}

/* ---------------------------------------------------------------------- */
/* Bad input                                                               */
/* ---------------------------------------------------------------------- */

static void test_errors(void)
{
	fin_agg_opts o = opts_by("company", NULL, 0);
	fin_agg *g = NULL;
	fin_error err;
	CHECK(fin_agg_new(&g, &o, &err) == FIN_OK);
	const char *bad[] = {
	    "{\"type\":\"money\",\"value\":1}",                                          /* no currency */
	    "{\"type\":\"money\",\"currency\":\"USD\",\"value\":123456789012345678901}", /* too wide */
	    "{\"type\":\"money\",\"currency\":\"USD\"}",                                 /* no value */
	    "not json",
	    "{\"a\":1",
	    "[1,2]"};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		memset(&err, 0, sizeof err);
		CHECK_INT(fin_agg_line(g, bad[i], strlen(bad[i]), "in.jsonl", (long)i + 1, &err), FIN_EPARSE);
		CHECK_INT(err.line, (long)i + 1);
	}
	/* Skipped quietly: other record types, blank lines, array punctuation. */
	const char *ok[] = {"{\"type\":\"company\",\"doc\":\"x\",\"name\":\"Acme\"}",
	                    "",
	                    "  ",
	                    "[",
	                    "]",
	                    "{\"type\":\"money\",\"id\":\"x#m1\",\"currency\":\"USD\",\"value\":2},"};
	for (size_t i = 0; i < sizeof ok / sizeof *ok; i++)
		CHECK_INT(fin_agg_line(g, ok[i], strlen(ok[i]), "in.jsonl", 1, &err), FIN_OK);
	fin_agg_stats st;
	fin_agg_get_stats(g, &st);
	CHECK_INT(st.invalid, 6);
	CHECK_INT(st.ignored, 1);
	CHECK_INT(st.records, 1);
	/* A mention-counting state cannot be read when counting events. */
	const char *hdr = "{\"type\":\"finfig-state\",\"version\":1,\"counting\":\"mentions\",\"groupings\":["
	                  "[\"company\"]]}";
	CHECK_INT(fin_agg_line(g, hdr, strlen(hdr), "s", 1, &err), FIN_EINVAL);
	const char *grp = "{\"type\":\"finfig-group\",\"grouping\":0,\"key\":[],\"count\":1}";
	CHECK_INT(fin_agg_line(g, grp, strlen(grp), "s", 2, &err), FIN_EPARSE);
	fin_agg_free(g);
	/* Nor one made with other groupings. */
	fin_agg_opts om = opts_by("month", NULL, 1);
	CHECK(fin_agg_new(&g, &om, &err) == FIN_OK);
	CHECK_INT(fin_agg_line(g, hdr, strlen(hdr), "s", 1, &err), FIN_EINVAL);
	fin_agg_free(g);
	/* Without --by, a state's groupings are taken. */
	fin_agg_opts none;
	memset(&none, 0, sizeof none);
	none.mentions = 1;
	CHECK(fin_agg_new(&g, &none, &err) == FIN_OK);
	CHECK_INT(fin_agg_line(g, hdr, strlen(hdr), "s", 1, &err), FIN_OK);
	fin_agg_free(g);
	fin_agg_grouping gp;
	CHECK(fin_agg_parse_grouping("company,month", &gp) == FIN_OK);
	CHECK_INT(gp.n, 2);
	CHECK(fin_agg_parse_grouping("company,company", &gp) == FIN_EINVAL);
	CHECK(fin_agg_parse_grouping("country", &gp) == FIN_EINVAL);
	CHECK(fin_agg_parse_grouping("", &gp) == FIN_EINVAL);
}

/* Many identical amounts of one company (dividends, per-share prices):
 * joined by day within the window, and exact copies without a date all
 * together, without comparing every pair (this took seconds before). */
static void test_many_same(void)
{
	fin_buf b;
	fin_buf_init(&b, 0);
	for (int i = 0; i < 6000; i++) {
		char id[32], date[16];
		snprintf(id, sizeof id, "x%d#m1", i);
		/* one every 45 days from 1980: never two within 30 days */
		int day = i * 45;
		snprintf(date, sizeof date, "%04d-%02d-%02d", 1980 + day / 360, 1 + day % 360 / 30,
		         1 + day % 30 % 28);
		rec(&b, id, "USD", "0.1", "0.1", "Acme", date, "dividend", NULL);
		snprintf(id, sizeof id, "y%d#m1", i);
		rec(&b, id, "USD", "0.1", "0.1", "Acme", NULL, "dividend", NULL);
	}
	fin_agg_opts o = opts_by("company", NULL, 0);
	fin_agg *g = NULL;
	fin_error err;
	CHECK(fin_agg_new(&g, &o, &err) == FIN_OK);
	CHECK_INT(feed_text(g, b.ptr), 0);
	CHECK(fin_agg_finish(g, &err) == FIN_OK);
	fin_agg_stats st;
	fin_agg_get_stats(g, &st);
	/* 6000 dated ones stay apart (45 days), the undated ones are one. */
	CHECK_INT(st.events, 6001);
	CHECK_STR(fin_agg_event_of(g, "y5999#m1"), "y0#m1");
	fin_agg_free(g);
	/* With a 60-day window the dated ones chain into one event. */
	o.window_days = 60;
	CHECK(fin_agg_new(&g, &o, &err) == FIN_OK);
	feed_text(g, b.ptr);
	CHECK(fin_agg_finish(g, &err) == FIN_OK);
	fin_agg_get_stats(g, &st);
	CHECK_INT(st.events, 2);
	fin_agg_free(g);
	fin_buf_free(&b);
}

/* Every allocation of a whole aggregation failing in turn: no crash, no
 * leak (under ASan), an error or the right answer. */
static void test_oom(void)
{
	fin_buf b;
	fin_buf_init(&b, 0);
	rec(&b, "a#m1", "USD", "38000000000", "38000000000", "OpenAI;Amazon", "2025-11-03", "deal", NULL);
	rec(&b, "a#m2", "GBP", "29000000000", "38102746025.489423", "OpenAI;Amazon", "2025-11-03", "deal",
	    "a#m1");
	rec(&b, "b#m1", "USD", "38100000000", "38100000000", "Amazon", "2025-11-04", "deal", NULL);
	rec(&b, "c#m1", "JPY", "500", NULL, "", NULL, NULL, NULL);
	fin_buf_puts(&b, "{\"type\":\"finfig-state\",\"version\":1,\"counting\":\"events\"}\n");
	const char *t[1] = {b.ptr};
	fin_agg_opts opts[2] = {opts_by("company", "month,currency", 0), opts_by("kind", NULL, 1)};
	for (int m = 0; m < 2; m++) {
		char *want = aggregate(&opts[m], t, 1, SUMMARY);
		char *want_state = aggregate(&opts[m], t, 1, STATE);
		CHECK(want && want_state);
		int ok_runs = 0, failed_runs = 0;
		strict_feed = 1;
		for (long n = 1; n < 600; n++) {
			fin_alloc_fail_after(n);
			char *got = aggregate(&opts[m], t, 1, n % 2 ? SUMMARY : STATE);
			fin_alloc_fail_after(0);
			if (got) {
				/* A run that reports no failure gives the right bytes. */
				CHECK_STR(got, n % 2 ? want : want_state);
				ok_runs++;
			} else {
				failed_runs++;
			}
			free(got);
		}
		strict_feed = 0;
		CHECK(ok_runs > 0);
		CHECK(failed_runs > 0);
		free(want);
		free(want_state);
	}
	fin_buf_free(&b);
}

int main(void)
{
	test_events();
	test_stats();
	test_merge_law();
	test_errors();
	test_many_same();
	test_oom();
	return check_done();
}
