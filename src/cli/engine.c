/*
 * engine.c — read articles, extract on N worker threads, write records in
 * input order. Memory is bounded by the slots in flight (2 x jobs + 2
 * articles), not by the batch.
 */
#include "cli.h"

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

typedef enum { SLOT_FREE, SLOT_READY, SLOT_BUSY, SLOT_DONE } slot_state;

typedef struct slot {
	slot_state state;
	unsigned long seq;
	fin_article a;      /* owned copies of the strings below */
	char *id, *source, *title, *body;
	fin_buf out[4];     /* one buffer per sink */
	long amounts, companies, dates, overflows;
	int err;            /* extraction failed (out of memory) */
} slot;

typedef struct engine {
	const fin_engine_opts *o;
	fin_extractor *x;
	fin_sink *sinks;
	int n_sinks;
	fin_engine_stats *st;
	slot *slots;
	size_t n_slots;
	unsigned long next_seq;   /* next article number to fill */
	unsigned long next_write; /* next article number to write */
	unsigned long next_take;  /* next article number a worker takes */
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

/* Extract one slot's article into its output buffers. */
static void process(engine *e, fin_doc *doc, slot *s)
{
	fin_result r;
	fin_error err;
	for (int k = 0; k < e->n_sinks; k++)
		fin_buf_clear(&s->out[k]);
	if (fin_extract(e->x, doc, &s->a, &r, &err)) {
		s->err = 1;
		return;
	}
	s->amounts = (long)r.n_money;
	s->companies = (long)r.n_companies;
	s->dates = (long)r.n_dates;
	s->overflows = r.overflows;
	for (int k = 0; k < e->n_sinks; k++) {
		/* JSON arrays: every record is written with its leading comma;
		 * the writer drops the very first one (workers run out of order). */
		int first = 0;
		fin_out_records(&s->out[k], e->sinks[k].format, &s->a, &r, e->o->types, &first);
		if (s->out[k].failed)
			s->err = 1;
	}
}

static void write_slot(engine *e, slot *s)
{
	if (s->err) {
		fin_cli_diag(FIN_SEV_ERROR, s->a.source, s->a.line, "%s: out of memory; article skipped", s->a.id);
		e->st->src.articles_skipped++;
		e->input_errors++;
	}
	if (s->overflows)
		fin_cli_diag(FIN_SEV_WARNING, s->a.source, s->a.line, "%s: %ld amount(s) skipped: value too large",
			     s->a.id, s->overflows);
	e->st->amounts += s->amounts;
	e->st->companies += s->companies;
	e->st->dates += s->dates;
	e->st->overflows += s->overflows;
	for (int k = 0; k < e->n_sinks && !s->err; k++) {
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
	fin_free(s->id);
	fin_free(s->source);
	fin_free(s->title);
	fin_free(s->body);
	s->id = s->source = s->title = s->body = NULL;
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

/* Write every finished slot in order. Caller holds the lock (if threaded). */
static void drain(engine *e)
{
	for (;;) {
		slot *s = &e->slots[e->next_write % e->n_slots];
		if (e->next_write >= e->next_seq || s->state != SLOT_DONE || s->seq != e->next_write)
			break;
		write_slot(e, s);
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
		if (doc)
			process(e, doc, s);
		else
			s->err = 1;
		pthread_mutex_lock(&e->mu);
		s->state = SLOT_DONE;
		pthread_cond_broadcast(&e->cv_done);
	}
	pthread_mutex_unlock(&e->mu);
	fin_doc_free(doc);
	fin_regex_thread_cleanup();
	return NULL;
}

static char *dup0(const char *s, size_t n)
{
	return fin_strndup(s ? s : "", s ? n : 0);
}

static int on_article(void *ud, const fin_article *a)
{
	engine *e = ud;
	if (e->st->broken_pipe)
		return 1;
	bool threaded = e->o->jobs > 1;
	if (threaded)
		pthread_mutex_lock(&e->mu);
	slot *s = &e->slots[e->next_seq % e->n_slots];
	/* Wait for the slot to be written out. */
	while (s->state != SLOT_FREE) {
		if (threaded) {
			drain(e);
			if (s->state != SLOT_FREE)
				pthread_cond_wait(&e->cv_done, &e->mu);
		} else {
			drain(e);
		}
	}
	if (threaded)
		pthread_mutex_unlock(&e->mu);
	/* Copy the borrowed article (outside the lock). */
	s->id = dup0(a->id, a->id ? strlen(a->id) : 0);
	s->source = dup0(a->source, a->source ? strlen(a->source) : 0);
	s->title = dup0(a->title, a->title_len);
	s->body = dup0(a->body, a->body_len);
	s->err = 0;
	s->amounts = s->companies = s->dates = s->overflows = 0;
	s->a = *a;
	s->a.id = s->id;
	s->a.source = s->source;
	s->a.title = s->title;
	s->a.body = s->body;
	s->a.meta = NULL;
	s->a.n_meta = 0;
	if (!s->id || !s->source || !s->title || !s->body)
		s->err = 1;
	if (threaded)
		pthread_mutex_lock(&e->mu);
	s->seq = e->next_seq++;
	s->state = SLOT_READY;
	if (threaded) {
		pthread_cond_signal(&e->cv_ready);
		drain(e);
		pthread_mutex_unlock(&e->mu);
	} else {
		static fin_doc *inline_doc; /* not used: see fin_engine_run */
		(void)inline_doc;
	}
	return 0;
}

static void on_diag(void *ud, fin_severity sev, const char *path, long line, const char *message)
{
	engine *e = ud;
	if (sev == FIN_SEV_ERROR)
		e->input_errors++;
	fin_cli_diag(sev, path, line, "%s", message);
}

/* Single-thread variant: process each article as it comes. */
typedef struct inline_ctx {
	engine *e;
	fin_doc *doc;
} inline_ctx;

static int on_article_inline(void *ud, const fin_article *a)
{
	inline_ctx *ic = ud;
	engine *e = ic->e;
	if (e->st->broken_pipe)
		return 1;
	slot *s = &e->slots[0];
	s->a = *a;
	s->err = 0;
	s->amounts = s->companies = s->dates = s->overflows = 0;
	process(e, ic->doc, s);
	/* write_slot frees the owned copies; here nothing is owned. */
	s->id = s->source = s->title = s->body = NULL;
	write_slot(e, s);
	progress(e, false);
	if (e->o->strict && e->input_errors)
		return 1;
	return 0;
}

static void on_diag_inline(void *ud, fin_severity sev, const char *path, long line, const char *message)
{
	inline_ctx *ic = ud;
	on_diag(ic->e, sev, path, line, message);
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
		return FIN_EXIT_INPUT;
	}
	int jobs = o->jobs < 1 ? 1 : o->jobs;
	e.n_slots = jobs > 1 ? (size_t)jobs * 4 + 2 : 1;
	e.slots = fin_calloc(e.n_slots, sizeof(slot));
	if (!e.slots) {
		fin_extractor_free(e.x);
		fin_cli_diag(FIN_SEV_ERROR, "", 0, "out of memory");
		return FIN_EXIT_INPUT;
	}
	for (size_t i = 0; i < e.n_slots; i++)
		for (int k = 0; k < 4; k++)
			fin_buf_init(&e.slots[i].out[k], 0);
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
		if (o->strict && e.input_errors)
			break;
	}
	if (jobs > 1) {
		pthread_mutex_lock(&e.mu);
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
	for (size_t i = 0; i < e.n_slots; i++)
		for (int k = 0; k < 4; k++)
			fin_buf_free(&e.slots[i].out[k]);
	fin_free(e.slots);
	fin_doc_free(ic.doc);
	fin_extractor_free(e.x);
	fin_regex_thread_cleanup();
	if (st->broken_pipe)
		return FIN_EXIT_OK;
	if (!o->quiet)
		fprintf(stderr,
			"finfig: %ld articles read, %ld processed, %ld skipped; %ld amounts, %ld companies, "
			"%ld dates; %ld of %ld files failed\n",
			st->src.articles + st->src.articles_skipped, st->src.articles, st->src.articles_skipped,
			st->amounts, st->companies, st->dates, st->src.files_failed, st->src.files);
	if (st->output_failed)
		return FIN_EXIT_INPUT;
	return (e.input_errors || st->src.files_failed || st->src.articles_skipped) ? FIN_EXIT_INPUT : FIN_EXIT_OK;
}
