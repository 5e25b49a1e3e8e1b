/* app.h — what the running application holds for its whole life: the
 * template set, the secret key, the site's identity. Built at start-up,
 * read-only afterwards. */
#ifndef QUARTIER_APP_H
#define QUARTIER_APP_H

#include <jansson.h>

#include "view/template.h"

extern tmpl_set_t *g_templates;
extern unsigned char g_secret[32]; /* HMAC key for CSRF tokens; from the database */
extern json_t *g_site;             /* {"authority": ..., "version": ...} */

/* Loads templates, the secret key and the site's identity. 0 or -1. */
int app_init(void);
void app_free(void);

/* 1 if listen is a valid "ADDR:PORT" or "[ADDR6]:PORT". */
int server_listen_valid(const char *listen);

/* Serves until SIGTERM/SIGINT; returns the process exit code. */
int server_run(void);

#endif
