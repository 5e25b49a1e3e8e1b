/* log.h — one line per event on stderr, with a UTC timestamp. Never log
 * passwords, tokens or personal data. */
#ifndef QUARTIER_LOG_H
#define QUARTIER_LOG_H

void log_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Silences log_info (the CLI's quiet commands); errors still print. */
void log_set_quiet(int quiet);

#endif
