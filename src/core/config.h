/* config.h — settings from the command line and the environment. Each
 * setting is one line of a table in config.c: its flag --name, its
 * environment variable QUARTIER_NAME, its kind and bounds. The flag wins
 * over the variable; a bad value in either is an error, never ignored. */
#ifndef QUARTIER_CONFIG_H
#define QUARTIER_CONFIG_H

#include <stddef.h>

typedef struct config {
	const char *db;          /* --db, QUARTIER_DB */
	const char *listen;      /* --listen, QUARTIER_LISTEN: "127.0.0.1:8080" */
	const char *base_url;    /* --base-url, QUARTIER_BASE_URL */
	long long threads;       /* --threads, QUARTIER_THREADS (0: number of CPUs) */
	long long max_body;      /* --max-body, QUARTIER_MAX_BODY (bytes) */
	long long max_connections; /* --max-connections, QUARTIER_MAX_CONNECTIONS */
	long long timeout;       /* --timeout, QUARTIER_TIMEOUT: idle seconds before a connection is closed */
	long long trust_proxy;   /* --trust-proxy, QUARTIER_TRUST_PROXY: client address from X-Forwarded-For */
	const char *templates_dir; /* --templates-dir, QUARTIER_TEMPLATES_DIR: templates read from disk */
	const char *tiles_url;   /* --tiles-url, QUARTIER_TILES_URL: map tiles ({z}/{x}/{y}), "" = none */
	long long review_months; /* --review-months, QUARTIER_REVIEW_MONTHS: contacts without interaction to review */
	int secure_cookies;      /* derived: base URL is https */
} config_t;

extern config_t g_config;

/* Fills g_config with defaults, then the environment. Returns 0, or -1 with
 * a French message in err for a bad value. */
int config_load(char *err, size_t errlen);

/* Applies one command-line flag ("--threads") with its value (NULL for a
 * switch). Returns 1 when applied, 0 when the flag is not a setting, -1 with
 * a French message in err for a bad or missing value. *takes_value tells
 * whether the flag consumed value. */
int config_apply_flag(const char *flag, const char *value, int *takes_value, char *err, size_t errlen);

#endif
