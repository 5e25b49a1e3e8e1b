/* log.c — see log.h. Each line is written with one fputs so that lines from
 * several threads never interleave. */
#include "log.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static int g_quiet;

void log_set_quiet(int quiet)
{
	g_quiet = quiet;
}

/* Formats "TIME LEVEL message\n" into line[2048]; returns its length. */
__attribute__((format(printf, 3, 0))) static int format_line(char line[2048], const char *level, const char *fmt,
							     va_list ap)
{
	struct timespec ts;
	struct tm tm;
	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	int n = (int)strftime(line, 2048, "%Y-%m-%dT%H:%M:%SZ ", &tm);
	n += snprintf(line + n, 2048 - (size_t)n, "%s ", level);
	if (n < 2048)
		n += vsnprintf(line + n, 2048 - (size_t)n, fmt, ap);
	if (n >= 2048 - 1)
		n = 2048 - 2;
	line[n] = '\n';
	line[n + 1] = '\0';
	return n + 1;
}

__attribute__((format(printf, 2, 0))) static void vlog(const char *level, const char *fmt, va_list ap)
{
	char line[2048];
	format_line(line, level, fmt, ap);
	fputs(line, stderr);
}

void log_info(const char *fmt, ...)
{
	if (g_quiet)
		return;
	va_list ap;
	va_start(ap, fmt);
	vlog("info", fmt, ap);
	va_end(ap);
}

void log_error(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vlog("error", fmt, ap);
	va_end(ap);
}

/* ---- the buffered access log ---- */

#define ACCESS_BUF 16384

typedef struct access_buf {
	pthread_mutex_t mu;
	size_t len;
	struct access_buf *next;
	char data[ACCESS_BUF];
} access_buf_t;

static pthread_mutex_t g_bufs_mu = PTHREAD_MUTEX_INITIALIZER;
static access_buf_t *g_bufs; /* every thread's buffer */
static pthread_key_t g_buf_key;
static pthread_once_t g_buf_once = PTHREAD_ONCE_INIT;
static pthread_t g_flusher;
static atomic_int g_flushing; /* the flusher runs */
static pthread_cond_t g_stop_cond = PTHREAD_COND_INITIALIZER;

static void write_all(const char *s, size_t n)
{
	while (n) {
		ssize_t w = write(STDERR_FILENO, s, n);
		if (w <= 0)
			return;
		s += w;
		n -= (size_t)w;
	}
}

/* Writes out a buffer; its mutex is held. */
static void buf_flush(access_buf_t *b)
{
	write_all(b->data, b->len);
	b->len = 0;
}

/* A thread ends: its lines are written and its buffer freed. */
static void buf_release(void *p)
{
	access_buf_t *b = p;
	pthread_mutex_lock(&g_bufs_mu);
	for (access_buf_t **pp = &g_bufs; *pp; pp = &(*pp)->next)
		if (*pp == b) {
			*pp = b->next;
			break;
		}
	pthread_mutex_unlock(&g_bufs_mu);
	pthread_mutex_lock(&b->mu);
	buf_flush(b);
	pthread_mutex_unlock(&b->mu);
	pthread_mutex_destroy(&b->mu);
	free(b);
}

static void make_buf_key(void)
{
	pthread_key_create(&g_buf_key, buf_release);
}

static access_buf_t *thread_buf(void)
{
	pthread_once(&g_buf_once, make_buf_key);
	access_buf_t *b = pthread_getspecific(g_buf_key);
	if (b)
		return b;
	b = calloc(1, sizeof *b);
	if (!b)
		abort();
	pthread_mutex_init(&b->mu, NULL);
	pthread_mutex_lock(&g_bufs_mu);
	b->next = g_bufs;
	g_bufs = b;
	pthread_mutex_unlock(&g_bufs_mu);
	pthread_setspecific(g_buf_key, b);
	return b;
}

static void flush_all(void)
{
	for (access_buf_t *b = g_bufs; b; b = b->next) {
		pthread_mutex_lock(&b->mu);
		buf_flush(b);
		pthread_mutex_unlock(&b->mu);
	}
}

static void *flusher(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&g_bufs_mu);
	while (atomic_load(&g_flushing)) {
		struct timespec until;
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_nsec += 200 * 1000 * 1000;
		if (until.tv_nsec >= 1000000000) {
			until.tv_sec++;
			until.tv_nsec -= 1000000000;
		}
		pthread_cond_timedwait(&g_stop_cond, &g_bufs_mu, &until);
		flush_all();
	}
	pthread_mutex_unlock(&g_bufs_mu);
	return NULL;
}

void log_access_start(void)
{
	atomic_store(&g_flushing, 1);
	if (pthread_create(&g_flusher, NULL, flusher, NULL) != 0)
		atomic_store(&g_flushing, 0);
}

void log_access_stop(void)
{
	pthread_mutex_lock(&g_bufs_mu);
	int running = atomic_exchange(&g_flushing, 0);
	pthread_cond_signal(&g_stop_cond);
	pthread_mutex_unlock(&g_bufs_mu);
	if (running)
		pthread_join(g_flusher, NULL);
	pthread_mutex_lock(&g_bufs_mu);
	flush_all();
	pthread_mutex_unlock(&g_bufs_mu);
}

void log_access(const char *fmt, ...)
{
	if (g_quiet)
		return;
	char line[2048];
	va_list ap;
	va_start(ap, fmt);
	size_t n = (size_t)format_line(line, "info", fmt, ap);
	va_end(ap);
	if (!atomic_load(&g_flushing)) {
		write_all(line, n);
		return;
	}
	access_buf_t *b = thread_buf();
	pthread_mutex_lock(&b->mu);
	if (b->len + n > ACCESS_BUF)
		buf_flush(b);
	memcpy(b->data + b->len, line, n);
	b->len += n;
	pthread_mutex_unlock(&b->mu);
}
