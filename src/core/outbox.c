/* outbox.c — see outbox.h. */
#include "core/outbox.h"

#include "db/db.h"

int outbox_enqueue(const char *to, const char *subject, const char *body, const char *entity, long long entity_id)
{
	char now[21];
	db_now(now);
	return db_exec("INSERT INTO outbox (to_addr, subject, body, entity, entity_id, created_at, next_attempt_at) "
		       "VALUES (?, ?, ?, ?, ?, ?, ?)",
		       "ttttitt", to, subject, body, entity, entity_id ? entity_id : 0, now, now);
}

/* The sender thread comes with the outbox administration page. */
int outbox_start(void)
{
	return 0;
}

void outbox_stop(void)
{
}
