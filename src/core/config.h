/* config.h — settings from the command line and the environment. Each flag
 * --name has an environment variable QUARTIER_NAME; the flag wins. */
#ifndef QUARTIER_CONFIG_H
#define QUARTIER_CONFIG_H

#include <stddef.h>

typedef struct config {
	const char *db;          /* --db, QUARTIER_DB */
	const char *listen;      /* --listen, QUARTIER_LISTEN: "127.0.0.1:8080" */
	const char *base_url;    /* --base-url, QUARTIER_BASE_URL */
	int threads;             /* --threads, QUARTIER_THREADS (0: number of CPUs) */
	size_t max_body;         /* --max-body, QUARTIER_MAX_BODY (bytes) */
	int max_connections;     /* --max-connections, QUARTIER_MAX_CONNECTIONS */
	int timeout;             /* --timeout, QUARTIER_TIMEOUT: idle seconds before a connection is closed */
	int trust_proxy;         /* --trust-proxy, QUARTIER_TRUST_PROXY: take the client address from X-Forwarded-For */
	const char *templates_dir; /* --templates-dir, QUARTIER_TEMPLATES_DIR: read templates from disk (development) */
	int secure_cookies;      /* derived: base URL is https */
} config_t;

extern config_t g_config;

/* Fills g_config with defaults, then the environment. */
void config_defaults(void);

#endif
