/* app.c — start-up state: templates, secret key, site identity. */
#include "app.h"
#include "version.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/config.h"
#include "core/embedded.h"
#include "core/log.h"
#include "db/db.h"

tmpl_set_t *g_templates;
unsigned char g_secret[32];
json_t *g_site;

/* Reads a whole file into a malloc'd buffer; NULL on error. */
static char *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	fseek(f, 0, SEEK_SET);
	char *s = n >= 0 ? malloc((size_t)n + 1) : NULL;
	if (s && fread(s, 1, (size_t)n, f) != (size_t)n) {
		free(s);
		s = NULL;
	}
	fclose(f);
	if (s) {
		s[n] = '\0';
		*len = (size_t)n;
	}
	return s;
}

/* Template "home.html" is known as "home". With --templates-dir, the file on
 * disk replaces the embedded copy (for designing without rebuilding). */
static int load_templates(void)
{
	g_templates = tmpl_set_new();
	for (size_t i = 0; i < embedded_templates_count; i++) {
		const embedded_file_t *f = &embedded_templates[i];
		char name[128], err[256];
		snprintf(name, sizeof name, "%.*s", (int)(strlen(f->name) - 5), f->name);
		const char *src = (const char *)f->data;
		size_t len = f->len;
		char *disk = NULL;
		if (g_config.templates_dir) {
			char path[1024];
			snprintf(path, sizeof path, "%s/%s", g_config.templates_dir, f->name);
			disk = read_file(path, &len);
			if (disk)
				src = disk;
			else
				len = f->len;
		}
		int rc = tmpl_set_add(g_templates, name, src, len, err, sizeof err);
		free(disk);
		if (rc != 0) {
			log_error("gabarit %s : %s", f->name, err);
			return -1;
		}
	}
	return 0;
}

/* The secret key is made once per database, so that every instance sharing
 * the database accepts the same CSRF tokens. */
static int load_secret(void)
{
	unsigned char fresh[32];
	char hex[65];
	randombytes_buf(fresh, sizeof fresh);
	sodium_bin2hex(hex, sizeof hex, fresh, sizeof fresh);
	db_exec("INSERT OR IGNORE INTO setting (key, value) VALUES ('secret_key', ?)", "t", hex);
	json_t *row = db_row("SELECT value FROM setting WHERE key = 'secret_key'", NULL);
	const char *v = json_string_value(json_object_get(row, "value"));
	int rc = v && sodium_hex2bin(g_secret, sizeof g_secret, v, strlen(v), NULL, NULL, NULL) == 0 ? 0 : -1;
	json_decref(row);
	if (rc)
		log_error("clé secrète illisible dans la base");
	return rc;
}

static void load_site(void)
{
	json_t *auth = db_row("SELECT name, short_name, website FROM authority ORDER BY id LIMIT 1", NULL);
	if (!auth)
		auth = json_pack("{s:s, s:s}", "name", "quartier", "short_name", "quartier");
	g_site = json_pack("{s:o, s:s}", "authority", auth, "version", QUARTIER_VERSION);
}

int app_init(void)
{
	if (load_templates() != 0 || load_secret() != 0)
		return -1;
	load_site();
	g_config.secure_cookies = strncmp(g_config.base_url, "https://", 8) == 0;
	return 0;
}

void app_free(void)
{
	tmpl_set_free(g_templates);
	g_templates = NULL;
	json_decref(g_site);
	g_site = NULL;
}
