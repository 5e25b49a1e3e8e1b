/* config.c — see config.h. */
#include "core/config.h"

#include <stdlib.h>
#include <string.h>

config_t g_config;

static const char *env_or(const char *name, const char *dflt)
{
	const char *v = getenv(name);
	return v && *v ? v : dflt;
}

void config_defaults(void)
{
	g_config.db = env_or("QUARTIER_DB", "var/quartier.db");
	g_config.listen = env_or("QUARTIER_LISTEN", "127.0.0.1:8080");
	g_config.base_url = env_or("QUARTIER_BASE_URL", "http://127.0.0.1:8080");
	g_config.threads = atoi(env_or("QUARTIER_THREADS", "0"));
	g_config.max_body = (size_t)strtoull(env_or("QUARTIER_MAX_BODY", "10485760"), NULL, 10);
	g_config.max_connections = atoi(env_or("QUARTIER_MAX_CONNECTIONS", "1024"));
	g_config.timeout = atoi(env_or("QUARTIER_TIMEOUT", "30"));
	g_config.trust_proxy = atoi(env_or("QUARTIER_TRUST_PROXY", "0"));
	g_config.templates_dir = env_or("QUARTIER_TEMPLATES_DIR", NULL);
}
