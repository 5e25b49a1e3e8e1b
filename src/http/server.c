/* server.c — libmicrohttpd glue: per-request state, body accumulation with
 * limits, the dispatcher's central checks, response headers, the access
 * log, and graceful shutdown.
 *
 * libmicrohttpd calls the access handler several times per request: first
 * with the headers, then with body pieces, then once more with no data. We
 * answer on that last call, never the first: a response queued on the first
 * call makes libmicrohttpd close a kept-alive connection.
 */
#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <sodium.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "app.h"
#include "version.h"
#include "core/config.h"
#include "core/log.h"
#include "db/db.h"
#include "http/dispatch.h"
#include "http/page_cache.h"
#include "http/router.h"

static atomic_int g_in_flight; /* requests received and not yet completed */
static atomic_uint_fast64_t g_request_seq; /* request ids: random start, then +1 */

static double now_monotonic(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Called by libmicrohttpd as soon as the request line is read: creates the
 * request and its arena. Its return value becomes the request's state. */
static void *on_request_start(void *cls, const char *uri, struct MHD_Connection *conn)
{
	(void)cls;
	arena_t *a = arena_new(16384);
	req_t *r = arena_calloc(a, 1, sizeof *r);
	r->arena = a;
	r->conn = conn;
	r->raw_uri = arena_strdup(a, uri);
	r->started = now_monotonic();
	/* Ids need to be unique, not secret: a counter from a random start
	 * costs no system call per request. */
	snprintf(r->request_id, sizeof r->request_id, "%016llx",
		 (unsigned long long)atomic_fetch_add(&g_request_seq, 1));
	atomic_fetch_add(&g_in_flight, 1);
	/* Remember it on the connection: if libmicrohttpd drops the request
	 * before our handler sees it (headers too large...), no completion
	 * callback comes, and on_connection frees it. */
	const union MHD_ConnectionInfo *ci = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
	if (ci && ci->socket_context)
		*(req_t **)ci->socket_context = r;
	return r;
}

static void request_release(req_t *r)
{
	arena_free(r->arena);
	atomic_fetch_sub(&g_in_flight, 1);
}

/* Connection opened or closed: the per-connection context holds the request
 * in progress, if any. */
static void on_connection(void *cls, struct MHD_Connection *conn, void **socket_context,
			  enum MHD_ConnectionNotificationCode code)
{
	(void)cls;
	(void)conn;
	if (code == MHD_CONNECTION_NOTIFY_STARTED) {
		*socket_context = calloc(1, sizeof(req_t *));
		return;
	}
	req_t **pending = *socket_context;
	if (pending && *pending)
		request_release(*pending);
	free(pending);
	*socket_context = NULL;
}

/* Keeps the request path as received: the dispatcher decodes it strictly
 * itself (malformed %XX is a 400, not something to guess around). */
static size_t keep_escaped(void *cls, struct MHD_Connection *c, char *s)
{
	(void)cls;
	(void)c;
	return strlen(s);
}

static const char *client_address(req_t *r)
{
	const union MHD_ConnectionInfo *ci =
		MHD_get_connection_info(r->conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	char buf[INET6_ADDRSTRLEN] = "?";
	if (ci && ci->client_addr) {
		const struct sockaddr *sa = ci->client_addr;
		if (sa->sa_family == AF_INET)
			inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr, buf, sizeof buf);
		else if (sa->sa_family == AF_INET6)
			inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)sa)->sin6_addr, buf, sizeof buf);
	}
	if (g_config.trust_proxy) {
		/* The proxy appends the address it saw: take the last one. */
		const char *xff = req_header(r, "X-Forwarded-For");
		if (xff && *xff) {
			const char *last = strrchr(xff, ',');
			last = last ? last + 1 : xff;
			while (*last == ' ')
				last++;
			if (*last && strlen(last) < 64)
				return arena_strdup(r->arena, last);
		}
	}
	return arena_strdup(r->arena, buf);
}

static const char *const security_headers[][2] = {
	{"Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
				    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"},
	{"X-Content-Type-Options", "nosniff"},
	{"Referrer-Policy", "same-origin"},
	{"X-Frame-Options", "DENY"},
};

/* 1 if the reply may be kept for other anonymous visitors. */
static int reply_cacheable(const req_t *r)
{
	if (!r->cache_key || r->status != 200)
		return 0;
	for (const kv_t *h = r->reply_headers.head; h; h = h->next)
		if (strcasecmp(h->name, "Set-Cookie") == 0)
			return 0;
	return 1;
}

/* A response for the page cache. Its body goes into an anonymous in-memory
 * file, so that libmicrohttpd sends it with sendfile(), as nginx sends a
 * static file, instead of copying it from our memory at every request (a
 * long timeline page is tens of kilobytes). Falls back to a copy in memory. */
static struct MHD_Response *cached_body_response(const req_t *r)
{
	int fd = r->reply_len >= 4096 ? memfd_create("quartier-page", MFD_CLOEXEC) : -1;
	if (fd >= 0) {
		size_t done = 0;
		while (done < r->reply_len) {
			ssize_t n = write(fd, r->reply_body + done, r->reply_len - done);
			if (n <= 0)
				break;
			done += (size_t)n;
		}
		struct MHD_Response *resp = done == r->reply_len ? MHD_create_response_from_fd64(done, fd) : NULL;
		if (resp)
			return resp; /* libmicrohttpd closes fd with the response */
		close(fd);
	}
	return MHD_create_response_from_buffer(r->reply_len, (void *)r->reply_body, MHD_RESPMEM_MUST_COPY);
}

/* Builds and queues the libmicrohttpd response for the reply in r. The body
 * belongs to the arena, which lives until the request completes, unless the
 * response goes to the page cache, which needs its own copy. */
static enum MHD_Result queue_reply(req_t *r)
{
	if (r->cache_served)
		return (enum MHD_Result)r->cache_result;
	if (!r->replied)
		reply_error(r, 500, NULL, NULL);
	int cacheable = reply_cacheable(r);
	struct MHD_Response *resp = cacheable ? cached_body_response(r)
					      : MHD_create_response_from_buffer(r->reply_len, (void *)r->reply_body,
										MHD_RESPMEM_PERSISTENT);
	if (!resp)
		return MHD_NO;
	if (r->reply_type)
		MHD_add_response_header(resp, "Content-Type", r->reply_type);
	for (size_t i = 0; i < sizeof security_headers / sizeof security_headers[0]; i++)
		MHD_add_response_header(resp, security_headers[i][0], security_headers[i][1]);
	int has_cache_control = 0;
	for (const kv_t *h = r->reply_headers.head; h; h = h->next) {
		MHD_add_response_header(resp, h->name, h->value);
		if (strcasecmp(h->name, "Cache-Control") == 0)
			has_cache_control = 1;
	}
	if (!has_cache_control)
		MHD_add_response_header(resp, "Cache-Control", "no-store");
	if (r->status == 413 || r->status == 400)
		MHD_add_response_header(resp, "Connection", "close");
	enum MHD_Result ret = MHD_queue_response(r->conn, (unsigned)r->status, resp);
	if (cacheable && ret == MHD_YES)
		page_cache_store(r, resp); /* the cache takes our reference */
	else
		MHD_destroy_response(resp);
	return ret;
}

static enum MHD_Result on_access(void *cls, struct MHD_Connection *conn, const char *url,
				 const char *method, const char *version, const char *upload_data,
				 size_t *upload_data_size, void **state)
{
	(void)cls;
	(void)url;
	(void)version;
	req_t *r = *state;
	if (!r)
		return MHD_NO;
	if (!r->method) { /* first call: headers are in */
		r->method = arena_strdup(r->arena, method);
		r->conn = conn;
		r->client_ip = client_address(r);
		buf_init(&r->body, r->arena, 256);
		r->content_type = req_header(r, "Content-Type");
		const char *cl = req_header(r, "Content-Length");
		if (cl) {
			r->content_length = (size_t)strtoull(cl, NULL, 10);
			if (r->content_length > (size_t)g_config.max_body) {
				/* Answer now rather than read what we would refuse. */
				r->body_too_large = 1;
				dispatch(r);
				return queue_reply(r);
			}
		}
		return MHD_YES;
	}
	if (*upload_data_size) { /* a piece of the body */
		if (!r->body_too_large && r->body.len + *upload_data_size <= (size_t)g_config.max_body)
			buf_append(&r->body, upload_data, *upload_data_size);
		else
			r->body_too_large = 1;
		*upload_data_size = 0;
		return MHD_YES;
	}
	dispatch(r);
	return queue_reply(r);
}

/* The path as the access log shows it, into out[size]: without the query
 * string, and with the secret segment of a private link (the follow-up
 * token of /suivi/{token}) replaced by « … ». */
static void access_path(const char *uri, char *out, size_t size)
{
	static const char secret_prefix[] = "/suivi/";
	size_t n = strcspn(uri, "?");
	size_t p = sizeof secret_prefix - 1;
	if (n > p && strncmp(uri, secret_prefix, p) == 0) {
		size_t token = strcspn(uri + p, "/?");
		snprintf(out, size, "%s…%.*s", secret_prefix, (int)(n - p - token), uri + p + token);
		return;
	}
	snprintf(out, size, "%.*s", (int)n, uri);
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **state,
			 enum MHD_RequestTerminationCode toe)
{
	(void)cls;
	req_t *r = *state;
	if (!r)
		return;
	if (r->method) {
		/* One access-log line. The path only: query strings may carry tokens. */
		char path[512];
		access_path(r->raw_uri, path, sizeof path);
		double ms = (now_monotonic() - r->started) * 1000.0;
		log_access("access %s %s %s %d %zu %.1fms user=%lld%s%s", r->request_id, r->method, path, r->status,
			 r->reply_len, ms, r->user ? r->user->id : 0, r->cache_served ? " cache" : "",
			 toe == MHD_REQUEST_TERMINATED_COMPLETED_OK ? "" : " interrupted");
	}
	const union MHD_ConnectionInfo *ci = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
	if (ci && ci->socket_context && *(req_t **)ci->socket_context == r)
		*(req_t **)ci->socket_context = NULL;
	request_release(r);
	*state = NULL;
}

/* Parses "ADDR:PORT" or "[ADDR6]:PORT" into a socket address. */
static int parse_listen(const char *listen, struct sockaddr_storage *ss, socklen_t *len)
{
	char host[128];
	const char *colon = strrchr(listen, ':');
	if (!colon || (size_t)(colon - listen) >= sizeof host)
		return -1;
	memcpy(host, listen, (size_t)(colon - listen));
	host[colon - listen] = '\0';
	char *end;
	long port = strtol(colon + 1, &end, 10);
	if (*end || port < 0 || port > 65535)
		return -1;
	memset(ss, 0, sizeof *ss);
	if (host[0] == '[') {
		size_t hl = strlen(host);
		if (hl < 2 || host[hl - 1] != ']')
			return -1;
		host[hl - 1] = '\0';
		struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)ss;
		s6->sin6_family = AF_INET6;
		s6->sin6_port = htons((uint16_t)port);
		if (inet_pton(AF_INET6, host + 1, &s6->sin6_addr) != 1)
			return -1;
		*len = sizeof *s6;
		return 0;
	}
	struct sockaddr_in *s4 = (struct sockaddr_in *)ss;
	s4->sin_family = AF_INET;
	s4->sin_port = htons((uint16_t)port);
	if (inet_pton(AF_INET, host[0] ? host : "0.0.0.0", &s4->sin_addr) != 1)
		return -1;
	*len = sizeof *s4;
	return 0;
}

int server_listen_valid(const char *listen)
{
	struct sockaddr_storage ss;
	socklen_t len;
	return parse_listen(listen, &ss, &len) == 0;
}

__attribute__((format(printf, 2, 0))) static void on_mhd_error(void *cls, const char *fmt, va_list ap)
{
	(void)cls;
	char msg[512];
	vsnprintf(msg, sizeof msg, fmt, ap);
	size_t n = strlen(msg);
	while (n && msg[n - 1] == '\n')
		msg[--n] = '\0';
	log_error("microhttpd : %s", msg);
}

int server_run(void)
{
	struct sockaddr_storage ss;
	socklen_t sslen;
	if (parse_listen(g_config.listen, &ss, &sslen) != 0) {
		log_error("adresse d'écoute invalide : %s (attendu ADRESSE:PORT)", g_config.listen);
		return 2;
	}
	uint64_t seq_start;
	randombytes_buf(&seq_start, sizeof seq_start);
	atomic_store(&g_request_seq, seq_start);
	int threads = g_config.threads > 0 ? (int)g_config.threads : (int)sysconf(_SC_NPROCESSORS_ONLN);
	if (threads < 1)
		threads = 1;

	/* SIGTERM and SIGINT are taken by sigwait below; workers inherit the mask. */
	sigset_t stop;
	sigemptyset(&stop);
	sigaddset(&stop, SIGTERM);
	sigaddset(&stop, SIGINT);
	pthread_sigmask(SIG_BLOCK, &stop, NULL);
	signal(SIGPIPE, SIG_IGN);

	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ITC | MHD_USE_ERROR_LOG;
	if (ss.ss_family == AF_INET6)
		flags |= MHD_USE_IPv6;
	/* The logger first: libmicrohttpd complains, on its own stderr, of any
	 * option that comes before it. */
	struct MHD_Daemon *d = MHD_start_daemon(
		flags, 0, NULL, NULL, on_access, NULL, MHD_OPTION_EXTERNAL_LOGGER, on_mhd_error, NULL,
		MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss, MHD_OPTION_THREAD_POOL_SIZE, (unsigned)threads,
		MHD_OPTION_URI_LOG_CALLBACK, on_request_start, NULL,
		MHD_OPTION_NOTIFY_COMPLETED, on_completed, NULL,
		MHD_OPTION_NOTIFY_CONNECTION, on_connection, NULL, MHD_OPTION_UNESCAPE_CALLBACK, keep_escaped, NULL,
		MHD_OPTION_CONNECTION_LIMIT, (unsigned)g_config.max_connections, MHD_OPTION_CONNECTION_TIMEOUT,
		(unsigned)g_config.timeout, MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(64 * 1024),
		MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned)0, MHD_OPTION_LISTEN_BACKLOG_SIZE, (unsigned)511,
		MHD_OPTION_END);
	if (!d) {
		log_error("impossible d'écouter sur %s (adresse déjà utilisée ?)", g_config.listen);
		return 1;
	}
	const union MHD_DaemonInfo *di = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
	log_access_start();
	log_info("quartier %s à l'écoute sur %s (port %u), %d fils, base %s", QUARTIER_VERSION, g_config.listen,
		 di ? di->port : 0, threads, db_path());

	int sig = 0;
	sigwait(&stop, &sig);
	log_info("signal %d reçu : arrêt, les requêtes en cours se terminent", sig);
	MHD_socket listener = MHD_quiesce_daemon(d);
	if (listener != MHD_INVALID_SOCKET)
		close(listener);
	/* Let in-flight requests finish (at most the connection timeout). */
	for (int waited = 0; atomic_load(&g_in_flight) > 0 && waited < g_config.timeout * 100; waited++)
		usleep(10000);
	MHD_stop_daemon(d);
	log_access_stop();
	page_cache_clear();
	log_info("arrêté");
	return 0;
}
