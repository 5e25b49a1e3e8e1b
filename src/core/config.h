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
	/* GUSP reports (issue 5) */
	const char *smtp_url;    /* --smtp-url, QUARTIER_SMTP_URL: smtp://host:25 or smtps://host:465; "" = mail stays in the outbox */
	const char *smtp_from;   /* --smtp-from, QUARTIER_SMTP_FROM: sender address */
	const char *smtp_user;   /* --smtp-user, QUARTIER_SMTP_USER */
	const char *smtp_password; /* QUARTIER_SMTP_PASSWORD (flag --smtp-password too; prefer the variable) */
	long long hotspot_radius; /* --hotspot-radius, QUARTIER_HOTSPOT_RADIUS: metres */
	long long hotspot_days;  /* --hotspot-days, QUARTIER_HOTSPOT_DAYS: period */
	long long hotspot_count; /* --hotspot-count, QUARTIER_HOTSPOT_COUNT: reports that make a point noir */
	long long photo_max_bytes; /* --photo-max-bytes, QUARTIER_PHOTO_MAX_BYTES: one photo */
	long long photos_max;    /* --photos-max, QUARTIER_PHOTOS_MAX: photos per report */
	long long intake_limit;  /* --intake-limit, QUARTIER_INTAKE_LIMIT: anonymous reports per address per hour */
	long long reporter_retention_days; /* --reporter-retention-days, QUARTIER_REPORTER_RETENTION_DAYS */
	/* registrations to meetings (issue 6) */
	long long registration_reminder_hours; /* --registration-reminder-hours, QUARTIER_REGISTRATION_REMINDER_HOURS: 0 = none */
	long long registration_retention_days; /* --registration-retention-days, QUARTIER_REGISTRATION_RETENTION_DAYS */
	long long contributor_retention_days; /* --contributor-retention-days, QUARTIER_CONTRIBUTOR_RETENTION_DAYS */
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
