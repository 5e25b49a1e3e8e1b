/* page_cache.h — ready responses for anonymous public pages.
 *
 * A route flagged ROUTE_PUBLIC_CACHE shows the same bytes to every visitor
 * who is not logged in. The first such request renders the page; the
 * libmicrohttpd response it produced is kept, and later requests for the
 * same URL queue that very response again, without touching the handler,
 * the templates or the database beyond one read of the cache generation.
 *
 * Staleness: each entry remembers the generation (migrations/0002) under
 * which it was rendered, read BEFORE rendering; an entry whose generation
 * is not the current one is never served. A write to public data bumps the
 * generation in the same transaction, so the next request renders afresh.
 */
#ifndef QUARTIER_PAGE_CACHE_H
#define QUARTIER_PAGE_CACHE_H

#include "http/request.h"

/* Decides whether r may be served from or stored in the cache (anonymous GET
 * or HEAD on a cacheable route, no cookie that changes the page); if so,
 * sets r->cache_key and r->cache_generation. */
void page_cache_prepare(req_t *r);

/* Queues the cached response for r when there is a current one; returns 1
 * (r->cache_served is set and r->cache_result holds libmicrohttpd's answer),
 * or 0 when the page must be rendered. */
int page_cache_serve(req_t *r);

/* Keeps resp (a response built with a copy of its body) for r's key. The
 * cache takes over the caller's reference; the caller must have queued resp
 * already. */
void page_cache_store(req_t *r, void *resp);

/* Number of entries (for tests and /healthz-like diagnostics). */
size_t page_cache_size(void);

/* Releases every entry (at shutdown). */
void page_cache_clear(void);

#endif
