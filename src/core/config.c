/* config.c — see config.h. */
#include "core/config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

config_t g_config;

typedef enum { OPT_TEXT, OPT_INT, OPT_SWITCH } opt_kind_t;

typedef struct option {
	const char *flag, *env;
	opt_kind_t kind;
	long long min, max; /* OPT_INT bounds */
	void *target;       /* const char ** or long long * */
	const char *dflt;
} option_t;

static const option_t options[] = {
	{"--db", "QUARTIER_DB", OPT_TEXT, 0, 0, &g_config.db, "var/quartier.db"},
	{"--listen", "QUARTIER_LISTEN", OPT_TEXT, 0, 0, &g_config.listen, "127.0.0.1:8080"},
	{"--base-url", "QUARTIER_BASE_URL", OPT_TEXT, 0, 0, &g_config.base_url, "http://127.0.0.1:8080"},
	{"--threads", "QUARTIER_THREADS", OPT_INT, 0, 256, &g_config.threads, "0"},
	{"--max-body", "QUARTIER_MAX_BODY", OPT_INT, 1, 1LL << 32, &g_config.max_body, "10485760"},
	{"--max-connections", "QUARTIER_MAX_CONNECTIONS", OPT_INT, 1, 100000, &g_config.max_connections, "1024"},
	{"--timeout", "QUARTIER_TIMEOUT", OPT_INT, 1, 3600, &g_config.timeout, "30"},
	{"--trust-proxy", "QUARTIER_TRUST_PROXY", OPT_SWITCH, 0, 1, &g_config.trust_proxy, "0"},
	{"--templates-dir", "QUARTIER_TEMPLATES_DIR", OPT_TEXT, 0, 0, &g_config.templates_dir, NULL},
	{"--tiles-url", "QUARTIER_TILES_URL", OPT_TEXT, 0, 0, &g_config.tiles_url, ""},
	{"--review-months", "QUARTIER_REVIEW_MONTHS", OPT_INT, 1, 600, &g_config.review_months, "24"},
	{"--smtp-url", "QUARTIER_SMTP_URL", OPT_TEXT, 0, 0, &g_config.smtp_url, ""},
	{"--smtp-from", "QUARTIER_SMTP_FROM", OPT_TEXT, 0, 0, &g_config.smtp_from, "quartier@localhost"},
	{"--smtp-user", "QUARTIER_SMTP_USER", OPT_TEXT, 0, 0, &g_config.smtp_user, ""},
	{"--smtp-password", "QUARTIER_SMTP_PASSWORD", OPT_TEXT, 0, 0, &g_config.smtp_password, ""},
	{"--hotspot-radius", "QUARTIER_HOTSPOT_RADIUS", OPT_INT, 5, 5000, &g_config.hotspot_radius, "50"},
	{"--hotspot-days", "QUARTIER_HOTSPOT_DAYS", OPT_INT, 1, 3650, &g_config.hotspot_days, "90"},
	{"--hotspot-count", "QUARTIER_HOTSPOT_COUNT", OPT_INT, 2, 1000, &g_config.hotspot_count, "3"},
	{"--photo-max-bytes", "QUARTIER_PHOTO_MAX_BYTES", OPT_INT, 10000, 1LL << 30, &g_config.photo_max_bytes, "5242880"},
	{"--photos-max", "QUARTIER_PHOTOS_MAX", OPT_INT, 0, 10, &g_config.photos_max, "3"},
	{"--intake-limit", "QUARTIER_INTAKE_LIMIT", OPT_INT, 1, 100000, &g_config.intake_limit, "10"},
	{"--reporter-retention-days", "QUARTIER_REPORTER_RETENTION_DAYS", OPT_INT, 1, 3650, &g_config.reporter_retention_days, "90"},
	{"--registration-reminder-hours", "QUARTIER_REGISTRATION_REMINDER_HOURS", OPT_INT, 0, 720, &g_config.registration_reminder_hours, "48"},
	{"--registration-retention-days", "QUARTIER_REGISTRATION_RETENTION_DAYS", OPT_INT, 1, 3650, &g_config.registration_retention_days, "30"},
	{"--contributor-retention-days", "QUARTIER_CONTRIBUTOR_RETENTION_DAYS", OPT_INT, 1, 3650, &g_config.contributor_retention_days, "365"},
};

/* Sets an option from text; 0 or -1 with a message naming `source`. */
static int option_set(const option_t *o, const char *value, const char *source, char *err, size_t errlen)
{
	if (o->kind == OPT_TEXT) {
		*(const char **)o->target = value;
		return 0;
	}
	char *end;
	errno = 0;
	long long n = strtoll(value, &end, 10);
	if (errno || end == value || *end || n < o->min || n > o->max) {
		snprintf(err, errlen, "valeur invalide pour %s : %s (nombre entier de %lld à %lld attendu)", source,
			 value, o->min, o->max);
		return -1;
	}
	*(long long *)o->target = n;
	return 0;
}

int config_load(char *err, size_t errlen)
{
	memset(&g_config, 0, sizeof g_config);
	for (size_t i = 0; i < sizeof options / sizeof options[0]; i++) {
		const option_t *o = &options[i];
		if (o->dflt && option_set(o, o->dflt, o->flag, err, errlen) != 0)
			return -1;
		const char *v = getenv(o->env);
		if (v && *v && option_set(o, v, o->env, err, errlen) != 0)
			return -1;
	}
	return 0;
}

int config_apply_flag(const char *flag, const char *value, int *takes_value, char *err, size_t errlen)
{
	for (size_t i = 0; i < sizeof options / sizeof options[0]; i++) {
		const option_t *o = &options[i];
		if (strcmp(o->flag, flag) != 0)
			continue;
		*takes_value = o->kind != OPT_SWITCH;
		if (o->kind == OPT_SWITCH) {
			*(long long *)o->target = 1;
			return 1;
		}
		if (!value) {
			snprintf(err, errlen, "l'option %s attend une valeur", flag);
			return -1;
		}
		return option_set(o, value, flag, err, errlen) == 0 ? 1 : -1;
	}
	*takes_value = 0;
	return 0;
}
