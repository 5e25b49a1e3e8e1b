/* log.h — one line per event on stderr, with a UTC timestamp. Never log
 * passwords, tokens or personal data. */
#ifndef QUARTIER_LOG_H
#define QUARTIER_LOG_H

void log_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* One access-log line (no newline in fmt). While the access-log flusher
 * runs (log_access_start), lines are kept in a buffer per thread and
 * written out every 200 ms or when the buffer fills — one write for many
 * requests, as nginx's `access_log ... buffer= flush=`; otherwise at once. */
void log_access(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_access_start(void);
/* Writes out every buffered line and stops the flusher. */
void log_access_stop(void);

/* Silences log_info (the CLI's quiet commands); errors still print. */
void log_set_quiet(int quiet);

#endif
