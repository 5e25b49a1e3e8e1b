/* page_cache.c — see page_cache.h.
 *
 * One table for all threads, behind a read-write lock. Responses are queued
 * while the read lock is held: an entry replaced by another thread is
 * destroyed under the write lock, so a response is never freed between
 * being found and being queued (libmicrohttpd counts its own references
 * from then on). */
#include "http/page_cache.h"

#include <microhttpd.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "db/db.h"
#include "http/router.h"
#include "http/session.h"

#define CACHE_SLOTS 512 /* power of two; when full, everything is dropped */

typedef struct entry {
	char *key; /* malloc'd; NULL for a free slot */
	long long generation;
	unsigned char marker[DB_MARKER_LEN]; /* the database's commit marker it was checked against */
	int has_marker;
	struct MHD_Response *resp;
	size_t len; /* body bytes, for the access log */
} entry_t;

static entry_t g_slots[CACHE_SLOTS];
static size_t g_count;
static pthread_rwlock_t g_lock = PTHREAD_RWLOCK_INITIALIZER;

static size_t hash(const char *s)
{
	size_t h = 1469598103934665603u; /* FNV-1a */
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211u;
	return h;
}

/* The slot holding key, or the free slot where it would go. Lock held. */
static entry_t *slot_for(const char *key)
{
	size_t h = hash(key);
	for (size_t i = 0; i < CACHE_SLOTS; i++) {
		entry_t *e = &g_slots[(h + i) & (CACHE_SLOTS - 1)];
		if (!e->key || strcmp(e->key, key) == 0)
			return e;
	}
	return NULL; /* full; cannot happen while g_count < CACHE_SLOTS */
}

static void clear_locked(void)
{
	for (size_t i = 0; i < CACHE_SLOTS; i++) {
		if (!g_slots[i].key)
			continue;
		MHD_destroy_response(g_slots[i].resp);
		free(g_slots[i].key);
		g_slots[i].key = NULL;
	}
	g_count = 0;
}

void page_cache_prepare(req_t *r)
{
	if (!r->route || !(r->route->flags & ROUTE_PUBLIC_CACHE) || r->user)
		return;
	if (strcmp(r->method, "GET") != 0 && strcmp(r->method, "HEAD") != 0)
		return;
	/* A session cookie (even an expired one) or a pending message makes the
	 * page personal. The visitor's CSRF cookie does not change these pages. */
	if (kv_get(&r->cookies, SESSION_COOKIE) || kv_get(&r->cookies, "quartier_message"))
		return;
	/* The marker first: whatever is read or rendered afterwards is at
	 * least as new as it. */
	r->cache_has_marker = db_commit_marker(r->cache_marker);
	r->cache_generation = -1;
	r->cache_key = arena_printf(r->arena, "%c%s", r->want_json ? 'j' : 'h', r->raw_uri);
}

/* Queues e's response for r. Read lock held. */
static void serve_entry(req_t *r, entry_t *e)
{
	r->cache_result = MHD_queue_response(r->conn, MHD_HTTP_OK, e->resp);
	r->reply_len = e->len;
	r->cache_served = 1;
	r->status = 200;
}

/* Fast path: nothing was committed anywhere since the entry was last found
 * current (same commit marker): serve it without asking the database. */
static int serve_unchanged(req_t *r)
{
	if (!r->cache_has_marker)
		return 0;
	pthread_rwlock_rdlock(&g_lock);
	entry_t *e = slot_for(r->cache_key);
	int hit = e && e->key && e->has_marker && memcmp(e->marker, r->cache_marker, DB_MARKER_LEN) == 0;
	if (hit)
		serve_entry(r, e);
	pthread_rwlock_unlock(&g_lock);
	return hit;
}

/* The entry is still current: remember the marker it was checked under. */
static void remember_marker(req_t *r)
{
	if (!r->cache_has_marker)
		return;
	pthread_rwlock_wrlock(&g_lock);
	entry_t *e = slot_for(r->cache_key);
	if (e && e->key && e->generation == r->cache_generation) {
		memcpy(e->marker, r->cache_marker, DB_MARKER_LEN);
		e->has_marker = 1;
	}
	pthread_rwlock_unlock(&g_lock);
}

int page_cache_serve(req_t *r)
{
	if (!r->cache_key)
		return 0;
	if (serve_unchanged(r))
		return 1;
	/* Something was committed: does the data pages show differ? */
	r->cache_generation = db_int(-1, "SELECT n FROM cache_generation WHERE id = 1", NULL);
	if (r->cache_generation < 0) {
		r->cache_key = NULL;
		return 0;
	}
	pthread_rwlock_rdlock(&g_lock);
	entry_t *e = slot_for(r->cache_key);
	int hit = e && e->key && e->generation == r->cache_generation;
	if (hit)
		serve_entry(r, e);
	pthread_rwlock_unlock(&g_lock);
	if (hit)
		remember_marker(r);
	return hit;
}

void page_cache_store(req_t *r, void *resp)
{
	pthread_rwlock_wrlock(&g_lock);
	entry_t *e = slot_for(r->cache_key);
	if (e && e->key) {
		/* Another thread may have stored a newer page meanwhile: keep the
		 * newer generation. */
		if (e->generation > r->cache_generation) {
			pthread_rwlock_unlock(&g_lock);
			MHD_destroy_response(resp);
			return;
		}
		MHD_destroy_response(e->resp);
	} else {
		if (g_count + 1 >= CACHE_SLOTS / 2) { /* keep probes short: drop all */
			clear_locked();
			e = slot_for(r->cache_key);
		}
		e->key = strdup(r->cache_key);
		if (!e->key)
			abort();
		g_count++;
	}
	e->generation = r->cache_generation;
	memcpy(e->marker, r->cache_marker, DB_MARKER_LEN);
	e->has_marker = r->cache_has_marker;
	e->resp = resp;
	e->len = r->reply_len;
	pthread_rwlock_unlock(&g_lock);
}

size_t page_cache_size(void)
{
	pthread_rwlock_rdlock(&g_lock);
	size_t n = g_count;
	pthread_rwlock_unlock(&g_lock);
	return n;
}

void page_cache_clear(void)
{
	pthread_rwlock_wrlock(&g_lock);
	clear_locked();
	pthread_rwlock_unlock(&g_lock);
}
