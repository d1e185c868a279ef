/*
 * plot_cli.c — charts on disk: reading records or a summary into chart
 * data, writing the `.dat`/`.gp` files atomically, running gnuplot on them
 * and writing report.html. See plot_cli.h for the contracts.
 *
 * gnuplot runs without a shell: fork, then execv of the resolved
 * executable with a fixed argv (`gnuplot -e "fmt='png'" chart.gp`), in the
 * chart directory, stdin and stdout on /dev/null, stderr into a pipe, its
 * own process group, a CPU limit, and a wall-clock limit enforced here
 * (the group is killed). The scripts hold no article text outside quoted
 * data (include/finfig/plot.h says why that is safe).
 */
#include "plot_cli.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* ====================================================================== */
/* Reading the inputs                                                      */
/* ====================================================================== */

/* Read one line of f into line (without its newline). false at the end. */
static bool read_line(FILE *f, fin_buf *line)
{
	char chunk[65536];
	bool any = false;
	fin_buf_clear(line);
	while (fgets(chunk, sizeof chunk, f)) {
		size_t n = strlen(chunk);
		any = true;
		if (n && chunk[n - 1] == '\n') {
			fin_buf_append(line, chunk, n - 1);
			break;
		}
		fin_buf_append(line, chunk, n);
	}
	if (any && line->len && line->ptr[line->len - 1] == '\r')
		line->ptr[--line->len] = '\0';
	return any;
}

/* A summary written by `finfig aggregate` starts with this. */
static bool is_summary(const char *s, size_t n)
{
	static const char head[] = "{\"finfig\":\"summary\"";
	return n >= sizeof head - 1 && memcmp(s, head, sizeof head - 1) == 0;
}

/* Feed one stream. -1 on a fatal error. */
static int feed_stream(fin_plot_input *in, FILE *f, const char *name, long *bad)
{
	fin_buf line;
	fin_buf_init(&line, 0);
	long lineno = 0;
	int rc = 0;
	while (rc == 0 && read_line(f, &line)) {
		lineno++;
		if (line.failed) {
			fin_cli_diag(FIN_SEV_ERROR, name, lineno, "out of memory");
			rc = -1;
			break;
		}
		fin_error err;
		memset(&err, 0, sizeof err);
		int r;
		if (lineno == 1 && is_summary(line.ptr, line.len)) {
			/* The rest of the file belongs to the summary. */
			fin_buf whole;
			fin_buf_init(&whole, 0);
			fin_buf_append(&whole, line.ptr, line.len);
			fin_buf_putc(&whole, '\n');
			while (read_line(f, &line)) {
				fin_buf_append(&whole, line.ptr, line.len);
				fin_buf_putc(&whole, '\n');
			}
			r = whole.failed ? fin_error_set(&err, FIN_ENOMEM, name, 0, "out of memory")
			                 : fin_plot_input_summary(in, whole.ptr, whole.len, name, &err);
			fin_buf_free(&whole);
		} else {
			r = fin_plot_input_line(in, line.ptr ? line.ptr : "", line.len, name, lineno, &err);
		}
		if (r == FIN_OK)
			continue;
		(*bad)++;
		fin_cli_diag(r == FIN_EPARSE ? FIN_SEV_WARNING : FIN_SEV_ERROR, err.path, err.line, "%s",
		             err.message);
		if (r != FIN_EPARSE)
			rc = -1;
	}
	if (rc == 0 && ferror(f)) {
		fin_cli_diag(FIN_SEV_ERROR, name, 0, "read error: %s", strerror(errno));
		(*bad)++;
	}
	fin_buf_free(&line);
	return rc;
}

/* Feed every input (contract in plot_cli.h). */
int fin_cli_plot_feed(fin_plot_input *in, const char *const *inputs, int n, long *bad)
{
	for (int i = 0; i < n; i++) {
		if (strcmp(inputs[i], "-") == 0) {
			if (feed_stream(in, stdin, "-", bad) < 0)
				return -1;
			continue;
		}
		FILE *f = fopen(inputs[i], "rb");
		if (!f) {
			fin_cli_diag(FIN_SEV_ERROR, inputs[i], 0, "cannot open: %s", strerror(errno));
			(*bad)++;
			continue;
		}
		int rc = feed_stream(in, f, inputs[i], bad);
		fclose(f);
		if (rc < 0)
			return -1;
	}
	return 0;
}

/* ====================================================================== */
/* Running gnuplot                                                         */
/* ====================================================================== */

bool fin_cli_gnuplot_find(const char *name, char *out, size_t cap)
{
	struct stat sb;
	if (!name)
		name = "gnuplot";
	if (strchr(name, '/')) {
		if (stat(name, &sb) != 0 || !S_ISREG(sb.st_mode) || access(name, X_OK) != 0)
			return false;
		return snprintf(out, cap, "%s", name) < (int)cap;
	}
	const char *path = getenv("PATH");
	if (!path)
		path = "/usr/local/bin:/usr/bin:/bin";
	for (const char *p = path;;) {
		const char *c = strchr(p, ':');
		size_t n = c ? (size_t)(c - p) : strlen(p);
		int w = n ? snprintf(out, cap, "%.*s/%s", (int)n, p, name) : snprintf(out, cap, "./%s", name);
		if (w > 0 && (size_t)w < cap && stat(out, &sb) == 0 && S_ISREG(sb.st_mode) &&
		    access(out, X_OK) == 0)
			return true;
		if (!c)
			break;
		p = c + 1;
	}
	return false;
}

/* Milliseconds of the monotonic clock. */
static long now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Write a constant message to fd 2 of the child (async-signal-safe). */
static void child_say(const char *m)
{
	if (write(2, m, strlen(m)) < 0)
		_exit(126);
}

#define STDERR_CAP 16384

/* Run gnuplot on one script (contract in plot_cli.h). */
int fin_cli_gnuplot_run(const char *exe, const char *dir, const char *script, const char *fmt, int timeout_s,
                        fin_buf *err)
{
	fin_buf_clear(err);
	if (timeout_s <= 0)
		timeout_s = FIN_CLI_GNUPLOT_TIMEOUT;
	char fmtarg[32];
	snprintf(fmtarg, sizeof fmtarg, "fmt='%s'", strcmp(fmt, "svg") == 0 ? "svg" : "png");
	char *const argv[] = {(char *)exe, (char *)"-e", fmtarg, (char *)script, NULL};
	int pfd[2];
	if (pipe(pfd) != 0) {
		fin_buf_printf(err, "cannot run %s: %s", exe, strerror(errno));
		return -1;
	}
	fcntl(pfd[0], F_SETFD, FD_CLOEXEC);
	fcntl(pfd[1], F_SETFD, FD_CLOEXEC);
	int nul = open("/dev/null", O_RDWR | O_CLOEXEC);
	fflush(NULL);
	pid_t pid = fork();
	if (pid < 0) {
		fin_buf_printf(err, "cannot run %s: %s", exe, strerror(errno));
		close(pfd[0]);
		close(pfd[1]);
		if (nul >= 0)
			close(nul);
		return -1;
	}
	if (pid == 0) {
		/* Child: only async-signal-safe calls until execv. */
		setpgid(0, 0);
		if (nul < 0 || dup2(nul, 0) < 0 || dup2(nul, 1) < 0 || dup2(pfd[1], 2) < 0)
			_exit(126);
		if (chdir(dir) != 0) {
			child_say("cannot enter the chart directory\n");
			_exit(126);
		}
		/* finfig ignores SIGPIPE; an ignored signal survives exec. */
		signal(SIGPIPE, SIG_DFL);
		struct rlimit rl;
		rl.rlim_cur = (rlim_t)timeout_s + 1;
		rl.rlim_max = (rlim_t)timeout_s + 2;
		setrlimit(RLIMIT_CPU, &rl);
		execv(exe, argv);
		child_say("cannot execute gnuplot\n");
		_exit(127);
	}
	setpgid(pid, pid); /* also here: no race with the kill below */
	close(pfd[1]);
	if (nul >= 0)
		close(nul);

	fin_buf text;
	fin_buf_init(&text, 0);
	long deadline = now_ms() + (long)timeout_s * 1000;
	bool timed_out = false;
	char chunk[4096];
	for (;;) {
		long left = deadline - now_ms();
		if (left <= 0) {
			timed_out = true;
			break;
		}
		struct pollfd p = {pfd[0], POLLIN, 0};
		int r = poll(&p, 1, left > INT_MAX ? INT_MAX : (int)left);
		if (r < 0 && errno != EINTR)
			break;
		if (r <= 0)
			continue;
		ssize_t n = read(pfd[0], chunk, sizeof chunk);
		if (n < 0 && (errno == EINTR || errno == EAGAIN))
			continue;
		if (n <= 0)
			break;
		if (text.len < STDERR_CAP)
			fin_buf_append(&text, chunk,
			               (size_t)n < STDERR_CAP - text.len ? (size_t)n : STDERR_CAP - text.len);
	}
	close(pfd[0]);
	/* stderr closed (or the time is up): wait for the exit, killing the
	 * group once the deadline passes; after a kill the wait blocks. */
	int status = 0;
	for (;;) {
		if (!timed_out && now_ms() >= deadline)
			timed_out = true;
		if (timed_out) {
			kill(-pid, SIGKILL);
			kill(pid, SIGKILL);
		}
		pid_t w = waitpid(pid, &status, timed_out ? 0 : WNOHANG);
		if (w == pid || (w < 0 && errno != EINTR))
			break;
		if (w == 0) {
			struct timespec ts = {0, 10 * 1000000};
			nanosleep(&ts, NULL);
		}
	}
	if (timed_out) {
		kill(-pid, SIGKILL); /* anything gnuplot left behind in its group */
		fin_buf_printf(err, "killed after %d s (the time limit)", timeout_s);
	} else if (WIFSIGNALED(status)) {
		fin_buf_printf(err, "killed by signal %d%s", WTERMSIG(status),
		               WTERMSIG(status) == SIGXCPU ? " (the CPU time limit)" : "");
	} else if (WIFEXITED(status) && WEXITSTATUS(status) != 0) {
		fin_buf_printf(err, "exit status %d", WEXITSTATUS(status));
	}
	bool failed = err->len > 0;
	/* Keep gnuplot's own words (warnings too, on success). */
	size_t tl = text.len;
	while (tl && (text.ptr[tl - 1] == '\n' || text.ptr[tl - 1] == '\r'))
		tl--;
	if (tl) {
		if (err->len)
			fin_buf_puts(err, ": ");
		fin_buf_append(err, text.ptr, tl);
	}
	fin_buf_free(&text);
	return failed ? -1 : 0;
}

/* ====================================================================== */
/* Writing the charts                                                      */
/* ====================================================================== */

/* mkdir -p for dir. 0 or -1 (errno set). */
static int make_dirs(const char *dir)
{
	char p[4096];
	size_t n = strlen(dir);
	if (n == 0 || n >= sizeof p) {
		errno = ENAMETOOLONG;
		return -1;
	}
	memcpy(p, dir, n + 1);
	for (size_t i = 1; i <= n; i++) {
		if (p[i] != '/' && p[i] != '\0')
			continue;
		char c = p[i];
		p[i] = '\0';
		if (mkdir(p, 0777) != 0 && errno != EEXIST)
			return -1;
		p[i] = c;
	}
	struct stat sb;
	if (stat(dir, &sb) != 0 || !S_ISDIR(sb.st_mode)) {
		errno = ENOTDIR;
		return -1;
	}
	return 0;
}

/* Write b into path atomically. 0 or -1 (reported). */
static int write_file(const char *path, const fin_buf *b)
{
	char tmp[4200];
	FILE *f = fin_cli_open_out(path, tmp, sizeof tmp);
	if (!f) {
		fin_cli_diag(FIN_SEV_ERROR, path, 0, "cannot write: %s", strerror(errno));
		return -1;
	}
	if (b->len)
		fwrite(b->ptr, 1, b->len, f);
	if (fin_cli_commit(f, tmp, path) != 0) {
		fin_cli_diag(FIN_SEV_ERROR, path, 0, "cannot write: %s", strerror(errno));
		return -1;
	}
	return 0;
}

/* Read a whole file (at most limit bytes) into a fin_malloc'd buffer. 0 or
 * -1 (errno set; EFBIG over the limit). */
static int slurp(const char *path, size_t limit, char **out, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return -1;
	fin_buf b;
	fin_buf_init(&b, limit);
	char chunk[65536];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		if (fin_buf_append(&b, chunk, n))
			break;
	int bad = ferror(f) || b.failed;
	fclose(f);
	if (bad) {
		errno = b.failed == FIN_ETOOBIG ? EFBIG : b.failed ? ENOMEM : EIO;
		fin_buf_free(&b);
		return -1;
	}
	*out = b.ptr;
	*len = b.len;
	return 0;
}

/* One chart on disk. */
typedef struct chart_file {
	fin_plot_chart chart;
	const char *company;
	char stem[FIN_PLOT_STEM_MAX];
	bool written;     /* .dat and .gp are on disk */
	bool rendered[2]; /* png, svg */
	char *svg;        /* the SVG text for the report (fin_malloc'd) */
	size_t svg_len;
	const char *missing; /* why there is no SVG */
} chart_file;

/* The first line of gnuplot's message, for a one-line diagnostic; the
 * rest follows on its own lines. */
static void report_gnuplot(fin_severity sev, const char *path, const char *what, const fin_buf *e)
{
	fin_cli_diag(sev, path, 0, "gnuplot %s: %s", what, e->ptr ? e->ptr : "");
}

/* Write, render and report (contract in plot_cli.h). */
int fin_cli_plot_write(const fin_plot_data *d, const fin_cli_plot_opts *o)
{
	if (make_dirs(o->dir) != 0) {
		fin_cli_diag(FIN_SEV_ERROR, o->dir, 0, "cannot create directory: %s", strerror(errno));
		return FIN_EXIT_INPUT;
	}
	static const fin_plot_chart order[] = {FIN_PLOT_MONTHS, FIN_PLOT_COMPANIES, FIN_PLOT_SIZES,
	                                       FIN_PLOT_CURRENCIES};
	size_t n_charts = 4 + (size_t)(o->n_companies > 0 ? o->n_companies : 0);
	chart_file *cf = fin_calloc(n_charts, sizeof *cf);
	if (!cf) {
		fin_cli_diag(FIN_SEV_ERROR, o->dir, 0, "out of memory");
		return FIN_EXIT_INPUT;
	}
	int rc = FIN_EXIT_OK;
	fin_buf dat, gp, e;
	fin_buf_init(&dat, 0);
	fin_buf_init(&gp, 0);
	fin_buf_init(&e, 0);
	char path[4200];
	for (size_t i = 0; i < n_charts; i++) {
		cf[i].chart = i < 4 ? order[i] : FIN_PLOT_COMPANY;
		cf[i].company = i < 4 ? NULL : o->companies[i - 4];
		fin_plot_stem(cf[i].chart, cf[i].company, cf[i].stem);
		/* Two --company names with the same slug share one chart. */
		bool dup = false;
		for (size_t k = 4; k < i && !dup; k++)
			dup = strcmp(cf[k].stem, cf[i].stem) == 0;
		if (dup)
			continue;
		fin_error err;
		memset(&err, 0, sizeof err);
		if (fin_plot_write(d, cf[i].chart, cf[i].company, &o->plot, &dat, &gp, &err) != FIN_OK) {
			fin_cli_diag(FIN_SEV_ERROR, err.path[0] ? err.path : o->dir, err.line, "%s",
			             err.message);
			rc = FIN_EXIT_INPUT;
			continue;
		}
		snprintf(path, sizeof path, "%s/%s.dat", o->dir, cf[i].stem);
		if (write_file(path, &dat) != 0) {
			rc = FIN_EXIT_INPUT;
			continue;
		}
		snprintf(path, sizeof path, "%s/%s.gp", o->dir, cf[i].stem);
		if (write_file(path, &gp) != 0) {
			rc = FIN_EXIT_INPUT;
			continue;
		}
		cf[i].written = true;
		cf[i].missing = "Not rendered.";
	}

	unsigned formats = o->formats | (o->report ? FIN_CLI_SVG : 0);
	char exe[4096];
	bool have = false;
	if (formats) {
		const char *want = o->gnuplot ? o->gnuplot : getenv("FINFIG_GNUPLOT");
		have = fin_cli_gnuplot_find(want && *want ? want : NULL, exe, sizeof exe);
		if (!have) {
			/* Not a failure of the job: the data and scripts are
			 * there, and this says how to draw them. */
			fprintf(stderr,
			        "finfig: gnuplot not found%s%s: the chart data and scripts are in %s, "
			        "but no images were drawn. Install gnuplot (Debian: apt install "
			        "gnuplot-nox) or give --gnuplot PATH, then render them with: "
			        "cd %s && for f in *.gp; do gnuplot \"$f\"; done\n",
			        want && *want ? " at " : "", want && *want ? want : " on PATH", o->dir,
			        o->dir);
			for (size_t i = 0; i < n_charts; i++)
				cf[i].missing = "Not rendered: gnuplot was not found. The data and the "
				                "gnuplot script of this chart are in the plots directory.";
		}
	}
	long images = 0;
	for (size_t i = 0; have && i < n_charts; i++) {
		if (!cf[i].written)
			continue;
		char script[FIN_PLOT_STEM_MAX + 4];
		snprintf(script, sizeof script, "%s.gp", cf[i].stem);
		snprintf(path, sizeof path, "%s/%s", o->dir, script);
		for (int k = 0; k < 2; k++) {
			unsigned bit = k ? FIN_CLI_SVG : FIN_CLI_PNG;
			if (!(formats & bit))
				continue;
			const char *fmt = k ? "svg" : "png";
			char img[4200];
			snprintf(img, sizeof img, "%s/%s.%s", o->dir, cf[i].stem, fmt);
			if (fin_cli_gnuplot_run(exe, o->dir, script, fmt, o->timeout_s, &e) != 0) {
				report_gnuplot(FIN_SEV_ERROR, path, "failed", &e);
				remove(img); /* no half-drawn image */
				cf[i].missing = "Not rendered: gnuplot failed on this chart (see the "
				                "messages of finfig).";
				rc = FIN_EXIT_INPUT;
				continue;
			}
			if (e.len && !o->quiet)
				report_gnuplot(FIN_SEV_WARNING, path, "said", &e);
			struct stat sb;
			if (stat(img, &sb) != 0 || sb.st_size == 0) {
				fin_cli_diag(FIN_SEV_ERROR, img, 0, "gnuplot wrote no image");
				rc = FIN_EXIT_INPUT;
				continue;
			}
			cf[i].rendered[k] = true;
			images++;
			if (k == 1 && o->report) {
				if (slurp(img, 64u << 20, &cf[i].svg, &cf[i].svg_len) != 0) {
					fin_cli_diag(FIN_SEV_ERROR, img, 0, "cannot read: %s",
					             strerror(errno));
					cf[i].missing = "Not rendered: the SVG could not be read.";
					rc = FIN_EXIT_INPUT;
				}
			}
		}
	}

	if (o->report) {
		fin_plot_figure *figs = fin_calloc(n_charts, sizeof *figs);
		size_t nf = 0;
		if (!figs) {
			fin_cli_diag(FIN_SEV_ERROR, o->report, 0, "out of memory");
			rc = FIN_EXIT_INPUT;
		}
		for (size_t i = 0; figs && i < n_charts; i++) {
			if (!cf[i].written)
				continue;
			figs[nf].chart = cf[i].chart;
			figs[nf].stem = cf[i].stem;
			figs[nf].svg = cf[i].svg;
			figs[nf].svg_len = cf[i].svg_len;
			figs[nf].missing = cf[i].missing;
			if (cf[i].chart == FIN_PLOT_COMPANY)
				figs[nf].title = cf[i].company;
			nf++;
		}
		fin_buf html;
		fin_buf_init(&html, 0);
		fin_plot_report_opts ro;
		memset(&ro, 0, sizeof ro);
		ro.inputs = o->report_inputs;
		ro.plots_dir = o->dir;
		const char *slash = strrchr(o->report, '/');
		size_t rl = slash ? (size_t)(slash - o->report) : 0;
		/* Captions name the plots directory relative to the report when
		 * it lies next to it (OUTDIR/plots beside OUTDIR/report.html). */
		if (slash && strncmp(o->dir, o->report, rl) == 0 && o->dir[rl] == '/')
			ro.plots_dir = o->dir + rl + 1;
		if (figs && fin_plot_report(&html, d, figs, nf, &ro) != FIN_OK) {
			fin_cli_diag(FIN_SEV_ERROR, o->report, 0, "cannot build the report: %s",
			             fin_strerror(html.failed ? html.failed : FIN_ENOMEM));
			rc = FIN_EXIT_INPUT;
		} else if (figs && write_file(o->report, &html) != 0) {
			rc = FIN_EXIT_INPUT;
		}
		fin_buf_free(&html);
		fin_free(figs);
	}
	if (!o->quiet) {
		size_t written = 0;
		for (size_t i = 0; i < n_charts; i++)
			written += cf[i].written;
		fprintf(stderr, "finfig: plot: %zu charts (data and gnuplot scripts) in %s, %ld images%s%s\n",
		        written, o->dir, images, o->report ? "; wrote " : "", o->report ? o->report : "");
	}
	for (size_t i = 0; i < n_charts; i++)
		fin_free(cf[i].svg);
	fin_free(cf);
	fin_buf_free(&dat);
	fin_buf_free(&gp);
	fin_buf_free(&e);
	return rc;
}

/* ====================================================================== */
/* finfig run: the chart step                                              */
/* ====================================================================== */

/* finfig run's chart step (contract in plot_cli.h). */
int fin_cli_run_plot(const char *outdir, const char *jsonl, long articles, const char *const *inputs,
                     int n_inputs, bool quiet)
{
	fin_plot_input *in = NULL;
	fin_error err;
	memset(&err, 0, sizeof err);
	if (fin_plot_input_new(&in, NULL, &err) != FIN_OK) {
		fin_cli_diag(FIN_SEV_ERROR, "", 0, "%s", err.message);
		return FIN_EXIT_INPUT;
	}
	long bad = 0;
	const char *src[1] = {jsonl};
	fin_plot_data d;
	int rc = FIN_EXIT_OK;
	if (fin_cli_plot_feed(in, src, 1, &bad) < 0) {
		rc = FIN_EXIT_INPUT;
	} else if (fin_plot_input_finish(in, &d, &err) != FIN_OK) {
		fin_cli_diag(FIN_SEV_ERROR, err.path, err.line, "%s", err.message);
		rc = FIN_EXIT_INPUT;
	} else {
		d.articles = articles;
		char dir[4096], report[4096];
		snprintf(dir, sizeof dir, "%s/plots", outdir);
		snprintf(report, sizeof report, "%s/report.html", outdir);
		fin_cli_plot_opts o;
		memset(&o, 0, sizeof o);
		o.dir = dir;
		o.formats = FIN_CLI_PNG | FIN_CLI_SVG;
		o.report = report;
		o.quiet = quiet;
		fin_buf what;
		fin_buf_init(&what, 8192);
		for (int i = 0; i < n_inputs; i++) {
			if (i)
				fin_buf_puts(&what, ", ");
			fin_buf_puts(&what, inputs[i]);
		}
		o.report_inputs = what.failed ? NULL : what.ptr;
		rc = fin_cli_plot_write(&d, &o);
		fin_buf_free(&what);
	}
	fin_plot_input_free(in);
	return rc || bad ? FIN_EXIT_INPUT : FIN_EXIT_OK;
}
