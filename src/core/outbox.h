/* outbox.h — e-mails to send (DESIGN.md §2). Writers enqueue inside their
 * own transaction, so that a mail exists exactly when what it tells
 * happened; a sender thread delivers the outbox through SMTP (libcurl) with
 * retries. Without --smtp-url, mail stays in the outbox, visible to
 * administrators at /admin/courriels. Nothing is lost if the process dies. */
#ifndef QUARTIER_OUTBOX_H
#define QUARTIER_OUTBOX_H

/* Queues one plain-text UTF-8 e-mail to `to` (one address). entity and
 * entity_id say what it is about (may be NULL / 0). Returns 0 or an SQLite
 * error code. Call inside the writer's transaction. */
int outbox_enqueue(const char *to, const char *subject, const char *body, const char *entity, long long entity_id);

/* Starts the sender thread when --smtp-url is set (serve only). 0 or -1. */
int outbox_start(void);

/* Stops the sender thread (at shutdown), waiting for a delivery in progress. */
void outbox_stop(void);

#endif
