/* audit.c — see audit.h. */
#include "core/audit.h"

#include <stdarg.h>
#include <stdio.h>

#include "db/db.h"

int audit_record(req_t *r, const char *action, const char *entity, long long entity_id, const char *fmt, ...)
{
	char summary[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(summary, sizeof summary, fmt, ap);
	va_end(ap);
	char now[21];
	db_now(now);
	const account_t *u = r ? r->user : NULL;
	/* NULLIF: 0 stands for "no account" (the command line, a visitor). */
	return db_exec("INSERT INTO audit (at, actor_id, actor, action, entity, entity_id, summary, request_id) "
		       "VALUES (?, NULLIF(?, 0), ?, ?, ?, NULLIF(?, 0), ?, ?)",
		       "titttitt", now, u ? u->id : 0LL, u ? u->email : (r ? "visiteur" : "système"), action,
		       entity, entity_id, summary, r ? r->request_id : NULL);
}
