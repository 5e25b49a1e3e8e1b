/* outbox.c — see outbox.h. One thread per process: it claims due mails one
 * at a time (an UPDATE that moves next_attempt_at forward as a lease, so
 * that two instances sharing the database never send the same mail twice),
 * hands each to libcurl, and records the outcome. Logs name the outbox id
 * only, never an address; the SMTP password is never logged. */
#include "core/outbox.h"

#include <curl/curl.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/arena.h"
#include "core/audit.h"
#include "core/config.h"
#include "core/log.h"
#include "core/mail.h"
#include "db/db.h"

#define POLL_SECONDS 5	  /* looks for due mails this often */
#define BURST_MS 250	  /* after a wake-up: looks again this often ... */
#define BURST_TRIES 8	  /* ... this many times (the enqueuer's transaction may still be open) */
#define LEASE_SECONDS 600 /* a claimed mail is not due again for this long */

static pthread_t g_thread;
static int g_started;
static pthread_mutex_t g_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t g_cond;
static int g_kick;		/* under g_mu */
static atomic_int g_stopping;	/* read by libcurl's progress callback too */
static atomic_int g_running;	/* outbox_enqueue only signals a running thread */
static const char *g_from_addr; /* bare address of --smtp-from (static storage) */
static char g_from_buf[256];
static long (*g_tick)(time_t now); /* the background tasks (jobs.h), set by outbox_start */

/* ISO 8601 UTC of t, in buf[21]. */
static void iso_utc(time_t t, char buf[21])
{
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(buf, 21, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

int outbox_enqueue(const char *to, const char *subject, const char *body, const char *entity, long long entity_id)
{
	char now[21];
	db_now(now);
	int rc = db_exec("INSERT INTO outbox (to_addr, subject, body, entity, entity_id, created_at, next_attempt_at) "
			 "VALUES (?, ?, ?, ?, ?, ?, ?)",
			 "ttttitt", to, subject, body, entity, entity_id ? entity_id : 0, now, now);
	if (rc == 0)
		outbox_wake();
	return rc;
}

void outbox_wake(void)
{
	if (!atomic_load(&g_running))
		return;
	pthread_mutex_lock(&g_mu);
	g_kick = 1;
	pthread_cond_signal(&g_cond);
	pthread_mutex_unlock(&g_mu);
}

int outbox_smtp_configured(void)
{
	return g_config.smtp_url && *g_config.smtp_url;
}

long outbox_backoff_seconds(int attempts)
{
	static const long delays[] = {60, 300, 900, 3600, 21600};
	if (attempts >= OUTBOX_MAX_ATTEMPTS)
		return 0;
	if (attempts < 1)
		attempts = 1;
	size_t i = (size_t)attempts - 1;
	return delays[i < sizeof delays / sizeof delays[0] ? i : sizeof delays / sizeof delays[0] - 1];
}

/* ---- retention ---- */

/* Erases what is no longer needed, in one transaction with one audit entry
 * (counts only) when anything changed. */
void outbox_purge(void)
{
	time_t now = time(NULL);
	char reports_before[21], mails_before[21];
	iso_utc(now - (time_t)g_config.reporter_retention_days * 86400, reports_before);
	iso_utc(now - (time_t)OUTBOX_KEEP_DAYS * 86400, mails_before);
	/* Freed pages are zeroed: erased addresses do not linger in the file. */
	db_exec("PRAGMA secure_delete = ON", NULL);
	if (db_begin() != 0)
		return;
	int ok = db_exec("UPDATE report SET reporter_email = NULL, reporter_name = NULL, notify = 0 "
			 "WHERE ((closed_at IS NOT NULL AND closed_at < ?1) "
			 /* resolved and never closed: ended as far as the reporter is concerned */
			 "OR (status = 'resolved' AND resolved_at < ?1)) "
			 "AND (reporter_email IS NOT NULL OR reporter_name IS NOT NULL OR notify <> 0)",
			 "t", reports_before) == 0;
	int reports = ok ? db_changes() : 0;
	ok = ok && db_exec("DELETE FROM outbox WHERE (sent_at IS NOT NULL AND sent_at < ?) "
			   "OR (sent_at IS NULL AND attempts >= ? AND created_at < ?)",
			   "tit", mails_before, (long long)OUTBOX_MAX_ATTEMPTS, mails_before) == 0;
	int mails = ok ? db_changes() : 0;
	if (ok && (reports || mails))
		ok = audit_record(NULL, "retention.purge", "outbox", 0,
				  "coordonnées du déclarant effacées sur %d signalement(s) terminé(s) depuis plus de "
				  "%lld jours ; %d courriel(s) de plus de %d jours supprimé(s)",
				  reports, g_config.reporter_retention_days, mails, OUTBOX_KEEP_DAYS) == 0;
	if (ok && db_commit() == 0) {
		if (reports || mails)
			log_info("conservation : %d signalement(s) anonymisé(s), %d courriel(s) supprimé(s)", reports,
				 mails);
		return;
	}
	db_rollback();
	log_error("conservation : la purge a échoué, nouvel essai dans une heure");
}

/* ---- delivery ---- */

typedef struct mail_row {
	long long id;
	const char *to, *subject, *body, *created_at;
} mail_row_t;

/* Claims the next due mail: 1 with *m filled (arena strings), 0 when none
 * is due. The UPDATE only succeeds if nobody moved next_attempt_at since
 * we read it; another instance's claim makes us look again. */
static int outbox_claim(arena_t *a, mail_row_t *m)
{
	for (int tries = 0; tries < 20; tries++) {
		char now[21], lease[21];
		time_t t = time(NULL);
		iso_utc(t, now);
		iso_utc(t + LEASE_SECONDS, lease);
		json_t *row = db_row("SELECT id, to_addr, subject, body, created_at, next_attempt_at FROM outbox "
				     "WHERE sent_at IS NULL AND attempts < ? AND next_attempt_at <= ? "
				     "ORDER BY next_attempt_at, id LIMIT 1",
				     "it", (long long)OUTBOX_MAX_ATTEMPTS, now);
		if (!row)
			return 0;
		m->id = json_integer_value(json_object_get(row, "id"));
		const char *due = json_string_value(json_object_get(row, "next_attempt_at"));
		int won = db_exec("UPDATE outbox SET next_attempt_at = ? WHERE id = ? AND sent_at IS NULL "
				  "AND next_attempt_at = ?",
				  "tit", lease, m->id, due) == 0 &&
			  db_changes() == 1;
		if (won) {
			m->to = arena_strdup(a, json_string_value(json_object_get(row, "to_addr")));
			m->subject = arena_strdup(a, json_string_value(json_object_get(row, "subject")));
			m->body = arena_strdup(a, json_string_value(json_object_get(row, "body")));
			m->created_at = arena_strdup(a, json_string_value(json_object_get(row, "created_at")));
		}
		json_decref(row);
		if (won)
			return 1;
	}
	return 0;
}

typedef struct upload {
	const char *data;
	size_t len, pos;
} upload_t;

static size_t read_message(char *out, size_t size, size_t nitems, void *userp)
{
	upload_t *u = userp;
	size_t n = size * nitems;
	if (n > u->len - u->pos)
		n = u->len - u->pos;
	memcpy(out, u->data + u->pos, n);
	u->pos += n;
	return n;
}

/* libcurl asks this often during a transfer: a non-zero answer aborts it. */
static int on_progress(void *p, curl_off_t dt, curl_off_t dn, curl_off_t ut, curl_off_t un)
{
	(void)p, (void)dt, (void)dn, (void)ut, (void)un;
	return atomic_load(&g_stopping);
}

/* The message of mail m, ready for SMTP. Arena string. */
static char *outbox_message(arena_t *a, const mail_row_t *m)
{
	const char *at = strchr(g_from_addr, '@');
	char digits[21];
	size_t k = 0;
	for (const char *p = m->created_at; *p && k < sizeof digits - 1; p++)
		if (*p >= '0' && *p <= '9')
			digits[k++] = *p;
	digits[k] = '\0';
	mail_message_t msg = {
	    .from = g_config.smtp_from,
	    .to = m->to,
	    .subject = m->subject,
	    .body = m->body,
	    .message_id = arena_printf(a, "<quartier.%s.%lld%s>", digits, m->id, at ? at : "@localhost"),
	    .date = time(NULL),
	};
	return mail_build(a, &msg);
}

/* Sends one message through libcurl. Returns CURLE_OK or the error, with
 * the server's last reply code in *smtp_code. */
static CURLcode outbox_send(arena_t *a, const mail_row_t *m, long *smtp_code)
{
	*smtp_code = 0;
	CURL *c = curl_easy_init();
	if (!c)
		return CURLE_FAILED_INIT;
	upload_t u = {.data = outbox_message(a, m)};
	u.len = strlen(u.data);
	struct curl_slist *rcpt = curl_slist_append(NULL, arena_printf(a, "<%s>", m->to));
	curl_easy_setopt(c, CURLOPT_URL, g_config.smtp_url);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_MAIL_FROM, arena_printf(a, "<%s>", g_from_addr));
	curl_easy_setopt(c, CURLOPT_MAIL_RCPT, rcpt);
	curl_easy_setopt(c, CURLOPT_READFUNCTION, read_message);
	curl_easy_setopt(c, CURLOPT_READDATA, &u);
	curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 15L);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, 120L);
	curl_easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
	curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, on_progress);
	if (g_config.smtp_user && *g_config.smtp_user) {
		curl_easy_setopt(c, CURLOPT_USERNAME, g_config.smtp_user);
		curl_easy_setopt(c, CURLOPT_PASSWORD, g_config.smtp_password ? g_config.smtp_password : "");
		/* never send credentials in clear: STARTTLS is required on smtp:// */
		curl_easy_setopt(c, CURLOPT_USE_SSL, (long)CURLUSESSL_ALL);
	} else {
		curl_easy_setopt(c, CURLOPT_USE_SSL, (long)CURLUSESSL_TRY);
	}
	CURLcode rc = curl_easy_perform(c);
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, smtp_code);
	curl_slist_free_all(rcpt);
	curl_easy_cleanup(c);
	return rc;
}

/* Records the outcome of one attempt of mail id. */
static void outbox_record(long long id, CURLcode rc, long smtp_code)
{
	char now[21];
	time_t t = time(NULL);
	iso_utc(t, now);
	if (rc == CURLE_OK) {
		db_exec("UPDATE outbox SET sent_at = ?, attempts = attempts + 1, last_error = NULL WHERE id = ?", "ti",
			now, id);
		log_info("courriel %lld envoyé", id);
		return;
	}
	if (rc == CURLE_ABORTED_BY_CALLBACK && atomic_load(&g_stopping)) {
		/* stopped by the shutdown: still due, not an attempt */
		db_exec("UPDATE outbox SET next_attempt_at = ? WHERE id = ? AND sent_at IS NULL", "ti", now, id);
		return;
	}
	int attempts = (int)db_int(0, "SELECT attempts FROM outbox WHERE id = ?", "i", id) + 1;
	long delay = outbox_backoff_seconds(attempts);
	char next[21];
	iso_utc(t + (delay ? delay : 0), next);
	char err[200];
	if (smtp_code)
		snprintf(err, sizeof err, "%s (réponse SMTP %ld)", curl_easy_strerror(rc), smtp_code);
	else
		snprintf(err, sizeof err, "%s", curl_easy_strerror(rc));
	db_exec("UPDATE outbox SET attempts = ?, last_error = ?, next_attempt_at = ? WHERE id = ?", "itti",
		(long long)attempts, err, next, id);
	if (delay)
		log_error("courriel %lld : essai %d échoué (%s), nouvel essai dans %ld s", id, attempts, err, delay);
	else
		log_error("courriel %lld : essai %d échoué (%s), échec définitif", id, attempts, err);
}

/* A refused address never reaches the server: it counts as a final failure. */
static void outbox_refuse(long long id)
{
	db_exec("UPDATE outbox SET attempts = ?, last_error = ? WHERE id = ?", "iti", (long long)OUTBOX_MAX_ATTEMPTS,
		"adresse du destinataire invalide", id);
	log_error("courriel %lld : adresse du destinataire invalide, échec définitif", id);
}

/* Delivers due mails one at a time until none is due or we are stopping. */
static void outbox_deliver_due(void)
{
	while (!atomic_load(&g_stopping)) {
		arena_t *a = arena_new(0);
		mail_row_t m;
		int got = outbox_claim(a, &m);
		if (got && !mail_address_ok(m.to)) {
			outbox_refuse(m.id);
		} else if (got) {
			long code;
			CURLcode rc = outbox_send(a, &m, &code);
			outbox_record(m.id, rc, code);
		}
		arena_free(a);
		if (!got)
			return;
	}
}

/* Waits until woken, stopped, or ms milliseconds passed. 1 when woken by
 * outbox_wake(). */
static int outbox_wait(long ms)
{
	struct timespec until;
	clock_gettime(CLOCK_MONOTONIC, &until);
	until.tv_sec += ms / 1000;
	until.tv_nsec += (ms % 1000) * 1000000L;
	if (until.tv_nsec >= 1000000000L) {
		until.tv_sec++;
		until.tv_nsec -= 1000000000L;
	}
	pthread_mutex_lock(&g_mu);
	while (!g_kick && !atomic_load(&g_stopping))
		if (pthread_cond_timedwait(&g_cond, &g_mu, &until) != 0)
			break;
	int kicked = g_kick;
	g_kick = 0;
	pthread_mutex_unlock(&g_mu);
	return kicked;
}

static void *outbox_thread(void *arg)
{
	(void)arg;
	long (*tick)(time_t) = g_tick;
	int smtp = outbox_smtp_configured();
	time_t next_tick = 0;
	int burst = 0;
	while (!atomic_load(&g_stopping)) {
		time_t now = time(NULL);
		if (tick && now >= next_tick)
			next_tick = now + tick(now);
		else if (!tick)
			next_tick = now + 3600;
		if (smtp)
			outbox_deliver_due();
		long wait_ms = smtp ? (burst > 0 ? BURST_MS : POLL_SECONDS * 1000L)
				    : (long)(next_tick - time(NULL)) * 1000L;
		if (burst > 0)
			burst--;
		if (outbox_wait(wait_ms > 0 ? wait_ms : 1) && smtp)
			burst = BURST_TRIES;
	}
	db_close_thread();
	return NULL;
}

/* Checks the settings the sender needs; 0 or -1 with a message logged. */
static int outbox_check_settings(void)
{
	if (!outbox_smtp_configured())
		return 0;
	const char *u = g_config.smtp_url;
	if (strncmp(u, "smtp://", 7) != 0 && strncmp(u, "smtps://", 8) != 0) {
		log_error("--smtp-url doit commencer par smtp:// ou smtps://");
		return -1;
	}
	arena_t *a = arena_new(0);
	const char *addr = mail_address(a, g_config.smtp_from);
	if (addr)
		snprintf(g_from_buf, sizeof g_from_buf, "%s", addr);
	arena_free(a);
	if (!addr) {
		log_error("--smtp-from n'est pas une adresse électronique valable");
		return -1;
	}
	g_from_addr = g_from_buf;
	return 0;
}

int outbox_start(long (*tick)(time_t now))
{
	if (g_started || outbox_check_settings() != 0)
		return g_started ? 0 : -1;
	if (outbox_smtp_configured() && curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
		log_error("libcurl n'a pas pu démarrer");
		return -1;
	}
	pthread_condattr_t ca;
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&g_cond, &ca);
	pthread_condattr_destroy(&ca);
	atomic_store(&g_stopping, 0);
	g_tick = tick;
	/* The thread must not take SIGTERM or SIGINT: the server waits for them. */
	sigset_t all, old;
	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, &old);
	int rc = pthread_create(&g_thread, NULL, outbox_thread, NULL);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (rc != 0) {
		log_error("impossible de démarrer l'envoi des courriels");
		return -1;
	}
	g_started = 1;
	atomic_store(&g_running, 1);
	if (outbox_smtp_configured())
		log_info("envoi des courriels par SMTP activé");
	else
		log_info("pas de serveur SMTP (--smtp-url) : les courriels restent dans la file, visibles sur "
			 "/admin/courriels");
	return 0;
}

void outbox_stop(void)
{
	if (!g_started)
		return;
	atomic_store(&g_running, 0);
	pthread_mutex_lock(&g_mu);
	atomic_store(&g_stopping, 1);
	pthread_cond_signal(&g_cond);
	pthread_mutex_unlock(&g_mu);
	pthread_join(g_thread, NULL);
	pthread_cond_destroy(&g_cond);
	if (outbox_smtp_configured())
		curl_global_cleanup();
	g_started = 0;
}
