/*
 * engine.c — read articles, extract on N worker threads, write records in
 * input order. Memory is bounded by the slots in flight (2 x jobs + 2
 * articles), not by the batch.
 */
#include "cli.h"
#include "finfig/fx.h"

#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

void fin_regex_thread_cleanup(void);

void fin_cli_diag(fin_severity sev, const char *path, long line, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	const char *kind = sev == FIN_SEV_ERROR ? "error" : "warning";
	if (path && *path && line > 0)
		fprintf(stderr, "finfig: %s: %s:%ld: %s\n", kind, path, line, msg);
	else if (path && *path)
		fprintf(stderr, "finfig: %s: %s: %s\n", kind, path, msg);
	else
		fprintf(stderr, "finfig: %s: %s\n", kind, msg);
}

/* ---------------------------------------------------------------------- */
/* Slots                                                                  */
/* ---------------------------------------------------------------------- */

typedef enum { SLOT_FREE, SLOT_FILLING, SLOT_READY, SLOT_BUSY, SLOT_DONE } slot_state;

/* Articles travel in batches so that threads meet once per batch, not once
 * per (often tiny) article. */
#define BATCH_ARTICLES 64
#define BATCH_BYTES (256u * 1024u)

/* One article of a batch; strings are offsets into the slot's store. */
typedef struct item {
	size_t id, source, title, body; /* offsets of NUL-terminated copies */
	size_t title_len, body_len;
	long line;
	fin_ymd published;
	unsigned flags;
	long overflows;                 /* amounts skipped (too large) */
	int err;                        /* extraction failed: out of memory */
} item;

typedef struct slot {
	slot_state state;
	unsigned long seq;
	item items[BATCH_ARTICLES];
	size_t n_items;
	fin_buf store;      /* the batch's article strings */
	fin_buf out[4];     /* one buffer per sink */
	long amounts, companies, dates;
	long no_rate, no_date; /* amounts without a USD value, by reason */
} slot;

typedef struct engine {
	const fin_engine_opts *o;
	fin_extractor *x;
	fin_sink *sinks;
	int n_sinks;
	fin_engine_stats *st;
	slot *slots;
	size_t n_slots;
	unsigned long next_seq;   /* next batch number to fill */
	unsigned long next_write; /* next batch number to write */
	unsigned long next_take;  /* next batch number a worker takes */
	pthread_mutex_t mu;
	pthread_cond_t cv_ready;  /* a slot became READY (or stop) */
	pthread_cond_t cv_done;   /* a slot became DONE */
	int stop;
	int input_errors;
	double t0;
	double last_progress;
	bool progress;
} engine;

static double now_s(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* The article of item it, pointing into the slot's store. */
static fin_article item_article(const slot *s, const item *it)
{
	fin_article a;
	memset(&a, 0, sizeof a);
	const char *base = s->store.ptr;
	a.id = base + it->id;
	a.source = base + it->source;
	a.title = base + it->title;
	a.title_len = it->title_len;
	a.body = base + it->body;
	a.body_len = it->body_len;
	a.line = it->line;
	a.published = it->published;
	a.flags = it->flags;
	return a;
}

/* Extract one article into the slot's output buffers. */
static void process_one(engine *e, fin_doc *doc, slot *s, item *it)
{
	fin_result r;
	fin_error err;
	fin_article a = item_article(s, it);
	if (fin_extract(e->x, doc, &a, &r, &err)) {
		it->err = 1;
		return;
	}
	/* Count what is written: companies and dates are computed for
	 * linking even when only amounts are written. */
	s->amounts += (long)r.n_money;
	for (size_t m = 0; m < r.n_money; m++) {
		if (r.money[m].usd_status == FIN_USD_NO_RATE)
			s->no_rate++;
		else if (r.money[m].usd_status == FIN_USD_NO_DATE)
			s->no_date++;
	}
	if (e->o->types & FIN_TYPE_COMPANY)
		s->companies += (long)r.n_companies;
	if (e->o->types & FIN_TYPE_DATE)
		s->dates += (long)r.n_dates;
	it->overflows = r.overflows;
	for (int k = 0; k < e->n_sinks; k++) {
		/* JSON arrays: every record is written with its leading comma;
		 * the writer drops the very first one (workers run out of order). */
		int first = 0;
		fin_out_records(&s->out[k], e->sinks[k].format, &a, &r, e->o->types, &first);
	}
}

static void process(engine *e, fin_doc *doc, slot *s)
{
	for (int k = 0; k < e->n_sinks; k++)
		fin_buf_clear(&s->out[k]);
	s->amounts = s->companies = s->dates = 0;
	s->no_rate = s->no_date = 0;
	for (size_t i = 0; i < s->n_items; i++) {
		if (doc)
			process_one(e, doc, s, &s->items[i]);
		else
			s->items[i].err = 1;
	}
}

/* Report, count and write one processed slot; then free it. */
static void write_slot(engine *e, slot *s)
{
	bool out_failed = false;
	for (int k = 0; k < e->n_sinks; k++)
		if (s->out[k].failed)
			out_failed = true;
	for (size_t i = 0; i < s->n_items; i++) {
		item *it = &s->items[i];
		fin_article a = item_article(s, it);
		if (it->err || out_failed) {
			fin_cli_diag(FIN_SEV_ERROR, a.source, a.line, "%s: out of memory; article skipped", a.id);
			e->st->src.articles_skipped++;
			e->st->skipped_nomem++;
			e->input_errors++;
		}
		if (it->overflows)
			fin_cli_diag(FIN_SEV_WARNING, a.source, a.line, "%s: %ld amount(s) skipped: value too large or too precise to hold exactly",
				     a.id, it->overflows);
		e->st->overflows += it->overflows;
	}
	e->st->amounts += s->amounts;
	e->st->no_rate += s->no_rate;
	e->st->no_date += s->no_date;
	e->st->companies += s->companies;
	e->st->dates += s->dates;
	for (int k = 0; k < e->n_sinks && !out_failed; k++) {
		if (!s->out[k].len || e->st->broken_pipe)
			continue;
		const char *p = s->out[k].ptr;
		size_t n = s->out[k].len;
		if (e->sinks[k].format == FIN_OUT_JSON && e->sinks[k].first && n >= 2) {
			p += 2;
			n -= 2;
		}
		e->sinks[k].first = 0;
		if (fwrite(p, 1, n, e->sinks[k].f) != n) {
			if (errno == EPIPE) {
				e->st->broken_pipe = 1;
			} else if (!e->st->output_failed) {
				fin_cli_diag(FIN_SEV_ERROR, e->sinks[k].path, 0, "write failed: %s", strerror(errno));
				e->st->output_failed = 1;
			}
		}
	}
	s->n_items = 0;
	fin_buf_clear(&s->store);
	s->state = SLOT_FREE;
}

static void progress(engine *e, bool final)
{
	if (!e->progress)
		return;
	double t = now_s();
	if (!final && t - e->last_progress < 0.5)
		return;
	e->last_progress = t;
	double secs = t - e->t0;
	double mb = (double)e->st->src.bytes / 1e6;
	fprintf(stderr, "\rfinfig: %ld articles, %.1f MB, %.1f MB/s%s", e->st->src.articles, mb,
		secs > 0 ? mb / secs : 0.0, final ? "\n" : "");
}

/* Write every finished slot in order. Called by the main thread only, with
 * the lock held; the lock is dropped around the writes so workers never
 * wait for output. A DONE slot is touched by no worker, so writing it
 * unlocked is safe; only the main thread reads the FREE state. */
static void drain(engine *e)
{
	for (;;) {
		slot *s = &e->slots[e->next_write % e->n_slots];
		if (e->next_write >= e->next_seq || s->state != SLOT_DONE || s->seq != e->next_write)
			break;
		pthread_mutex_unlock(&e->mu);
		write_slot(e, s);
		pthread_mutex_lock(&e->mu);
		e->next_write++;
	}
	progress(e, false);
}

static void *worker(void *arg)
{
	engine *e = arg;
	fin_doc *doc = NULL;
	if (fin_doc_new(&doc))
		doc = NULL;
	pthread_mutex_lock(&e->mu);
	for (;;) {
		while (!e->stop && !(e->next_take < e->next_seq))
			pthread_cond_wait(&e->cv_ready, &e->mu);
		if (e->next_take >= e->next_seq && e->stop)
			break;
		slot *s = &e->slots[e->next_take % e->n_slots];
		e->next_take++;
		s->state = SLOT_BUSY;
		pthread_mutex_unlock(&e->mu);
		process(e, doc, s);
		pthread_mutex_lock(&e->mu);
		s->state = SLOT_DONE;
		pthread_cond_broadcast(&e->cv_done);
	}
	pthread_mutex_unlock(&e->mu);
	fin_doc_free(doc);
	fin_regex_thread_cleanup();
	return NULL;
}

/* Append a NUL-terminated copy of s[0..n) to b; its offset in *off. */
static void store_str(fin_buf *b, const char *str, size_t n, size_t *off)
{
	*off = b->len;
	if (str && n)
		fin_buf_append(b, str, n);
	fin_buf_putc(b, '\0');
}

/* Copy the borrowed article a into item it of slot s (the strings go to the
 * slot's store; s->store.failed tells of an allocation failure). */
static void fill_item(slot *s, item *it, const fin_article *a)
{
	memset(it, 0, sizeof *it);
	store_str(&s->store, a->id, a->id ? strlen(a->id) : 0, &it->id);
	store_str(&s->store, a->source, a->source ? strlen(a->source) : 0, &it->source);
	store_str(&s->store, a->title, a->title_len, &it->title);
	store_str(&s->store, a->body, a->body_len, &it->body);
	it->title_len = a->title ? a->title_len : 0;
	it->body_len = a->body ? a->body_len : 0;
	it->line = a->line;
	it->published = a->published;
	it->flags = a->flags;
}

/* Hand the filling slot to the workers. Lock held. */
static void submit(engine *e)
{
	slot *s = &e->slots[e->next_seq % e->n_slots];
	if (s->state != SLOT_FILLING || s->n_items == 0)
		return;
	s->seq = e->next_seq++;
	s->state = SLOT_READY;
	pthread_cond_signal(&e->cv_ready);
}

/* --strict: true (and noted) once an input error was reported, so that
 * no article after the first error is processed. */
static bool strict_stop(engine *e)
{
	if (!e->o->strict || !e->input_errors)
		return false;
	e->st->stopped = 1;
	return true;
}

/* Refuse article a (the reader then stops): the pipe is closed, or --strict
 * and an error came before it. Such an article is not counted as read. */
static bool refuse(engine *e)
{
	if (!e->st->broken_pipe && !strict_stop(e))
		return false;
	e->st->not_taken++;
	return true;
}

static int on_article(void *ud, const fin_article *a)
{
	engine *e = ud;
	if (refuse(e))
		return 1;
	pthread_mutex_lock(&e->mu);
	slot *s = &e->slots[e->next_seq % e->n_slots];
	/* Wait for the slot to be written out. */
	while (s->state != SLOT_FREE && s->state != SLOT_FILLING) {
		drain(e);
		if (s->state != SLOT_FREE && s->state != SLOT_FILLING)
			pthread_cond_wait(&e->cv_done, &e->mu);
	}
	s->state = SLOT_FILLING;
	pthread_mutex_unlock(&e->mu);
	/* Copy the borrowed article (no lock needed: the slot is ours). */
	fill_item(s, &s->items[s->n_items++], a);
	if (s->store.failed) {
		/* Out of memory while copying: name the article, drop the batch's
		 * store state and go on with the next one. */
		s->n_items--;
		fin_cli_diag(FIN_SEV_ERROR, a->source, a->line, "%s: out of memory; article skipped", a->id);
		e->st->src.articles_skipped++;
		e->st->skipped_nomem++;
		e->input_errors++;
		if (s->n_items == 0)
			fin_buf_clear(&s->store);
		else
			s->store.failed = 0;
	}
	pthread_mutex_lock(&e->mu);
	if (s->n_items >= BATCH_ARTICLES || s->store.len >= BATCH_BYTES)
		submit(e);
	drain(e);
	pthread_mutex_unlock(&e->mu);
	return strict_stop(e) ? 1 : 0;
}

static void on_diag(void *ud, fin_severity sev, const char *path, long line, const char *message)
{
	engine *e = ud;
	if (sev == FIN_SEV_ERROR)
		e->input_errors++;
	fin_cli_diag(sev, path, line, "%s", message);
}

/* Single-thread variant: process each article as it comes (a batch of one). */
typedef struct inline_ctx {
	engine *e;
	fin_doc *doc;
} inline_ctx;

static int on_article_inline(void *ud, const fin_article *a)
{
	inline_ctx *ic = ud;
	engine *e = ic->e;
	if (refuse(e))
		return 1;
	slot *s = &e->slots[0];
	s->n_items = 1;
	fill_item(s, &s->items[0], a);
	if (s->store.failed) {
		fin_cli_diag(FIN_SEV_ERROR, a->source, a->line, "%s: out of memory; article skipped", a->id);
		e->st->src.articles_skipped++;
		e->st->skipped_nomem++;
		e->input_errors++;
		s->n_items = 0;
		fin_buf_clear(&s->store);
	} else {
		process(e, ic->doc, s);
		write_slot(e, s);
	}
	progress(e, false);
	return strict_stop(e) ? 1 : 0;
}

static void on_diag_inline(void *ud, fin_severity sev, const char *path, long line, const char *message)
{
	inline_ctx *ic = ud;
	on_diag(ic->e, sev, path, line, message);
}

/* The last line on stderr: what was read, processed and skipped (by
 * reason: malformed, over the size limit, out of memory), what was found,
 * how many files failed; and whether --strict stopped the run. Every
 * article read is either processed or skipped, and every skipped article
 * and failed file was named in an error before. */
static void summary(const fin_engine_stats *st)
{
	long skipped = st->src.articles_skipped, processed = st->src.articles - st->not_taken;
	long too_big = st->src.articles_too_big, nomem = st->skipped_nomem;
	long malformed = skipped - too_big - nomem;
	char why[160] = "";
	if (skipped) {
		size_t n = 0;
		const char *sep = " (";
		if (malformed > 0) {
			n += (size_t)snprintf(why + n, sizeof why - n, "%s%ld malformed", sep, malformed);
			sep = ", ";
		}
		if (too_big > 0 && n < sizeof why) {
			n += (size_t)snprintf(why + n, sizeof why - n, "%s%ld over the size limit", sep, too_big);
			sep = ", ";
		}
		if (nomem > 0 && n < sizeof why)
			n += (size_t)snprintf(why + n, sizeof why - n, "%s%ld out of memory", sep, nomem);
		if (n < sizeof why)
			snprintf(why + n, sizeof why - n, ")");
	}
	if (st->stopped)
		fprintf(stderr, "finfig: stopped at the first error (--strict)\n");
	fprintf(stderr,
		"finfig: %ld articles read, %ld processed, %ld skipped%s; %ld amounts, %ld companies, "
		"%ld dates; %ld of %ld files failed\n",
		processed + skipped, processed, skipped, why, st->amounts, st->companies,
		st->dates, st->src.files_failed, st->src.files);
	/* value_usd is null for these; say why (no guess is made). */
	if (st->no_rate || st->no_date)
		fprintf(stderr, "finfig: %ld amounts without a USD value (%ld no rate for the month, %ld no date)\n",
			st->no_rate + st->no_date, st->no_rate, st->no_date);
}

int fin_engine_run(const char *const *inputs, int n_inputs, const fin_engine_opts *o,
		   fin_sink *sinks, int n_sinks, fin_engine_stats *st)
{
	memset(st, 0, sizeof *st);
	engine e;
	memset(&e, 0, sizeof e);
	e.o = o;
	e.sinks = sinks;
	e.n_sinks = n_sinks;
	e.st = st;
	e.t0 = now_s();
	e.progress = isatty(2) && !o->quiet;
	fin_error err;
	memset(&err, 0, sizeof err);
	if (fin_extractor_new(&e.x, &o->extract, &err)) {
		fin_cli_diag(FIN_SEV_ERROR, err.path, err.line, "%s", err.message);
		/* a bad config is the command line's fault: nothing was read */
		return err.code == FIN_ECONFIG ? FIN_EXIT_USAGE : FIN_EXIT_INPUT;
	}
	int jobs = o->jobs < 1 ? 1 : o->jobs;
	e.n_slots = jobs > 1 ? (size_t)jobs * 3 + 1 : 1;
	e.slots = fin_calloc(e.n_slots, sizeof(slot));
	if (!e.slots) {
		fin_extractor_free(e.x);
		fin_cli_diag(FIN_SEV_ERROR, "", 0, "out of memory");
		return FIN_EXIT_INPUT;
	}
	for (size_t i = 0; i < e.n_slots; i++) {
		for (int k = 0; k < 4; k++)
			fin_buf_init(&e.slots[i].out[k], 0);
		fin_buf_init(&e.slots[i].store, 0);
	}
	for (int k = 0; k < n_sinks; k++) {
		fin_buf b;
		fin_buf_init(&b, 0);
		fin_out_begin(&b, sinks[k].format);
		if (b.len && fwrite(b.ptr, 1, b.len, sinks[k].f) != b.len && errno == EPIPE)
			st->broken_pipe = 1;
		fin_buf_free(&b);
		sinks[k].first = 1;
	}
	pthread_t *threads = NULL;
	int started = 0;
	inline_ctx ic = {&e, NULL};
	fin_source_cb cb;
	if (jobs > 1) {
		pthread_mutex_init(&e.mu, NULL);
		pthread_cond_init(&e.cv_ready, NULL);
		pthread_cond_init(&e.cv_done, NULL);
		threads = fin_calloc((size_t)jobs, sizeof(pthread_t));
		for (int t = 0; threads && t < jobs; t++)
			if (pthread_create(&threads[t], NULL, worker, &e) == 0)
				started++;
		cb = (fin_source_cb){on_article, on_diag, &e};
	} else {
		if (fin_doc_new(&ic.doc)) {
			fin_cli_diag(FIN_SEV_ERROR, "", 0, "out of memory");
			return FIN_EXIT_INPUT;
		}
		cb = (fin_source_cb){on_article_inline, on_diag_inline, &ic};
	}
	if (jobs > 1 && !started) {
		fin_cli_diag(FIN_SEV_ERROR, "", 0, "cannot start worker threads");
		return FIN_EXIT_INPUT;
	}
	for (int i = 0; i < n_inputs && !st->broken_pipe; i++) {
		int rc;
		long files_before = st->src.files, failed_before = st->src.files_failed;
		if (strcmp(inputs[i], "-") == 0)
			rc = fin_source_read_stream(stdin, "-", &o->source, &cb, &st->src);
		else
			rc = fin_source_read_path(inputs[i], &o->source, &cb, &st->src);
		/* A path that could not even be opened is still one input file. */
		if (st->src.files == files_before && st->src.files_failed > failed_before)
			st->src.files += st->src.files_failed - failed_before;
		if (rc < 0 && rc != FIN_ESTOP) {
			/* The reader reported why through on_diag; count it. */
			if (!e.input_errors)
				fin_cli_diag(FIN_SEV_ERROR, inputs[i], 0, "%s", fin_strerror(rc));
			e.input_errors++;
		}
		if (strict_stop(&e))
			break;
	}
	if (jobs > 1) {
		pthread_mutex_lock(&e.mu);
		submit(&e); /* the last, partly filled batch */
		e.stop = 1;
		pthread_cond_broadcast(&e.cv_ready);
		while (e.next_write < e.next_seq) {
			drain(&e);
			if (e.next_write < e.next_seq)
				pthread_cond_wait(&e.cv_done, &e.mu);
		}
		pthread_mutex_unlock(&e.mu);
		for (int t = 0; t < started; t++)
			pthread_join(threads[t], NULL);
		fin_free(threads);
		pthread_mutex_destroy(&e.mu);
		pthread_cond_destroy(&e.cv_ready);
		pthread_cond_destroy(&e.cv_done);
	}
	for (int k = 0; k < n_sinks && !st->broken_pipe; k++) {
		fin_buf b;
		fin_buf_init(&b, 0);
		fin_out_end(&b, sinks[k].format, sinks[k].first);
		if (b.len && fwrite(b.ptr, 1, b.len, sinks[k].f) != b.len && errno == EPIPE)
			st->broken_pipe = 1;
		fin_buf_free(&b);
		if (!st->broken_pipe && fflush(sinks[k].f) != 0) {
			if (errno == EPIPE) {
				st->broken_pipe = 1;
			} else {
				fin_cli_diag(FIN_SEV_ERROR, sinks[k].path, 0, "write failed: %s", strerror(errno));
				st->output_failed = 1;
			}
		}
	}
	progress(&e, true);
	for (size_t i = 0; i < e.n_slots; i++) {
		for (int k = 0; k < 4; k++)
			fin_buf_free(&e.slots[i].out[k]);
		fin_buf_free(&e.slots[i].store);
	}
	fin_free(e.slots);
	fin_doc_free(ic.doc);
	fin_extractor_free(e.x);
	fin_regex_thread_cleanup();
	if (st->broken_pipe)
		return FIN_EXIT_OK;
	if (!o->quiet)
		summary(st);
	if (st->output_failed)
		return FIN_EXIT_INPUT;
	return (e.input_errors || st->src.files_failed || st->src.articles_skipped) ? FIN_EXIT_INPUT : FIN_EXIT_OK;
}
