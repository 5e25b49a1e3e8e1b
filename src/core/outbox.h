/* outbox.h — e-mails to send (DESIGN.md §2). Writers enqueue inside their
 * own transaction, so that a mail exists exactly when what it tells
 * happened; a sender thread delivers the outbox through SMTP (libcurl) with
 * retries. Without --smtp-url, mail stays in the outbox, visible to
 * administrators at /admin/courriels. Nothing is lost if the process dies.
 *
 * The same thread runs the background tasks (jobs.h) when they are due,
 * SMTP or not; outbox_purge is one of them. */
#ifndef QUARTIER_OUTBOX_H
#define QUARTIER_OUTBOX_H

/* Attempts after which a mail is given up (« échec définitif »). */
#define OUTBOX_MAX_ATTEMPTS 8

/* Days a sent or given-up mail is kept. */
#define OUTBOX_KEEP_DAYS 30

/* Queues one plain-text UTF-8 e-mail to `to` (one address). entity and
 * entity_id say what it is about (may be NULL / 0). Returns 0 or an SQLite
 * error code. Call inside the writer's transaction. Wakes the sender of
 * this process (it looks again shortly, once the transaction is over). */
int outbox_enqueue(const char *to, const char *subject, const char *body, const char *entity, long long entity_id);

#include <time.h>

/* Starts the thread (serve only): delivery when --smtp-url is set (smtp://
 * or smtps://), and in any case tick(now) — the background tasks, which
 * answer the seconds until they are due again (may be NULL). 0, or -1 with
 * a French message logged (bad --smtp-url, --smtp-from). */
int outbox_start(long (*tick)(time_t now));

/* Keeps personal data no longer than needed (a job, hourly): erases the
 * reporter's e-mail and name of reports ended more than
 * --reporter-retention-days days ago, and deletes mails sent (or given up)
 * more than OUTBOX_KEEP_DAYS days ago. */
void outbox_purge(void);

/* Stops the thread (at shutdown): wakes it, aborts a delivery in progress
 * (the mail stays due, not counted as an attempt) and joins it. */
void outbox_stop(void);

/* Wakes the sender now (after a mail was made due). */
void outbox_wake(void);

/* 1 when --smtp-url is set (mail leaves), 0 when mail stays in the outbox. */
int outbox_smtp_configured(void);

/* The delay before attempt n+1 after n failed attempts (1 min, 5 min,
 * 15 min, 1 h, then 6 h), in seconds; 0 once OUTBOX_MAX_ATTEMPTS is
 * reached (no more attempts). */
long outbox_backoff_seconds(int attempts);

#endif
