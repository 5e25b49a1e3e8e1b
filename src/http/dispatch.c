/* dispatch.c — the dispatcher and the reply helpers of request.h.
 *
 * Order of the central checks, so that handlers only see requests that
 * passed: path and query decoding (400) -> static files -> route (404, 405)
 * -> API token (Authorization: Bearer; 401 if invalid) or session ->
 * capability (redirect to /connexion, or 403; 401 under /api/) -> body size
 * (413) and decoding (400, 415) -> CSRF on POST unless sent with an API
 * token (403) -> handler. Under /api/ every answer is JSON.
 */
#include "http/dispatch.h"

#include <microhttpd.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "app.h"
#include "core/config.h"
#include "core/docwriter.h"
#include "core/embedded.h"
#include "core/log.h"
#include "db/db.h"
#include "http/page_cache.h"
#include "http/router.h"
#include "http/session.h"

#define FLASH_COOKIE "quartier_message"

/* ---- request accessors ---- */

const char *req_param(const req_t *r, const char *name)
{
	for (int i = 0; i < r->n_params; i++)
		if (strcmp(r->param_names[i], name) == 0)
			return r->params[i];
	return NULL;
}

const char *req_header(const req_t *r, const char *name)
{
	return MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, name);
}

void reply_header(req_t *r, const char *name, const char *value)
{
	kv_add(r->arena, &r->reply_headers, name, value, strlen(value));
}

/* ---- replies ---- */

void reply_raw(req_t *r, int status, const char *content_type, const char *body, size_t len)
{
	r->status = status;
	r->reply_type = content_type;
	r->reply_body = body;
	r->reply_len = len;
	r->replied = 1;
}

void reply_json(req_t *r, int status, json_t *value)
{
	char *s = json_dumps(value, JSON_COMPACT | JSON_REAL_PRECISION(15));
	json_decref(value);
	if (!s)
		abort();
	char *copy = arena_strdup(r->arena, s);
	free(s);
	reply_raw(r, status, "application/json", copy, strlen(copy));
}

typedef struct status_text {
	int status;
	const char *code;
	const char *title;
	const char *message;
} status_text_t;

static const status_text_t status_texts[] = {
	{400, "bad_request", "Requête invalide", "La requête envoyée n'a pas pu être comprise."},
	{401, "unauthorized", "Connexion requise", "Connectez-vous pour accéder à cette page."},
	{403, "forbidden", "Accès refusé", "Vous n'avez pas le droit d'accéder à cette page."},
	{404, "not_found", "Page introuvable", "La page demandée n'existe pas ou a été déplacée."},
	{405, "method_not_allowed", "Méthode non autorisée", "Cette adresse n'accepte pas ce type de requête."},
	{409, "conflict", "Modification impossible", "Cette ressource ne peut plus être modifiée dans son état actuel."},
	{413, "payload_too_large", "Contenu trop volumineux",
	 "Les données envoyées dépassent la taille autorisée."},
	{415, "unsupported_media_type", "Format non pris en charge",
	 "Le format des données envoyées n'est pas pris en charge."},
	{422, "invalid_input", "Saisie à corriger", "Certains champs sont à corriger."},
	{429, "too_many_requests", "Trop de tentatives", "Trop de tentatives : réessayez plus tard."},
	{500, "internal_error", "Erreur interne",
	 "Une erreur inattendue est survenue. L'équipe technique peut la retrouver avec le numéro de requête."},
	{503, "unavailable", "Service indisponible", "Le service est momentanément indisponible."},
};

static const status_text_t *status_text(int status)
{
	for (size_t i = 0; i < sizeof status_texts / sizeof status_texts[0]; i++)
		if (status_texts[i].status == status)
			return &status_texts[i];
	return &status_texts[0];
}

/* Open311 routes, and paths under /open311/ that matched no route yet
 * (404, 405, a path that does not decode): 1 for JSON, 2 for XML (the path
 * ends in .xml), 0 for any other request. */
static int open311_error_format(const req_t *r)
{
	if (r->route ? !(r->route->flags & ROUTE_OPEN311) : strncmp(r->raw_uri, "/open311/", 9) != 0)
		return 0;
	size_t len = strcspn(r->raw_uri, "?");
	return len >= 4 && memcmp(r->raw_uri + len - 4, ".xml", 4) == 0 ? 2 : 1;
}

/* GeoReport v2 errors: [{"code":N,"description":"…"}] or
 * <errors><error><code/><description/></error></errors>, one error for the
 * message and one per field in error ("champ : message"). Steals fields. */
static void reply_open311_error(req_t *r, int status, const char *message, json_t *fields, int xml)
{
	buf_t out;
	buf_init(&out, r->arena, 512);
	docw_t w;
	docw_init(&w, &out, xml);
	docw_list(&w, "errors", "error");
	docw_object(&w, NULL);
	docw_int(&w, "code", status);
	docw_text(&w, "description", message);
	docw_end(&w);
	const char *name;
	json_t *v;
	json_object_foreach(fields, name, v)
	{
		docw_object(&w, NULL);
		docw_int(&w, "code", status);
		docw_text(&w, "description", arena_printf(r->arena, "%s : %s", name, json_string_value(v)));
		docw_end(&w);
	}
	docw_end(&w);
	json_decref(fields);
	reply_raw(r, status, xml ? "text/xml; charset=utf-8" : "application/json; charset=utf-8", out.data, out.len);
}

void reply_error(req_t *r, int status, const char *message, json_t *fields)
{
	const status_text_t *st = status_text(status);
	if (!message)
		message = st->message;
	int open311 = open311_error_format(r);
	if (open311) {
		reply_open311_error(r, status, message, fields, open311 == 2);
		return;
	}
	if (r->want_json || !g_templates) {
		json_t *err = json_pack("{s:s, s:s}", "code", st->code, "message", message);
		if (fields)
			json_object_set_new(err, "fields", fields);
		json_object_set_new(err, "request_id", json_string(r->request_id));
		reply_json(r, status, json_pack("{s:o}", "error", err));
		return;
	}
	json_t *view = json_pack("{s:i, s:s, s:s, s:s}", "status", status, "title", st->title, "message", message,
				 "request_id", r->request_id);
	if (fields)
		json_object_set_new(view, "fields", fields);
	json_t *page = json_pack("{s:s}", "title", st->title);
	json_object_set_new(view, "page", page);
	int want_json = r->want_json;
	r->want_json = 0;
	render(r, status, "error", view);
	r->want_json = want_json;
}

void redirect(req_t *r, const char *location)
{
	reply_header(r, "Location", location);
	/* After a POST, 303 makes the browser follow with a GET. */
	int status = strcmp(r->method, "POST") == 0 ? 303 : 302;
	reply_raw(r, status, "text/plain; charset=utf-8", "", 0);
}

/* ---- flash messages: a one-time notice carried by a cookie ---- */

void flash_set(req_t *r, const char *message)
{
	size_t n = strlen(message);
	size_t cap = sodium_base64_ENCODED_LEN(n, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	char *enc = arena_alloc(r->arena, cap);
	sodium_bin2base64(enc, cap, (const unsigned char *)message, n, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	reply_header(r, "Set-Cookie",
		     arena_printf(r->arena, FLASH_COOKIE "=%s; Path=/; HttpOnly; SameSite=Lax%s", enc,
				  g_config.secure_cookies ? "; Secure" : ""));
}

/* Reads and clears the flash message, or NULL. */
static const char *flash_take(req_t *r)
{
	const char *enc = kv_get(&r->cookies, FLASH_COOKIE);
	if (!enc)
		return NULL;
	reply_header(r, "Set-Cookie", FLASH_COOKIE "=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax");
	size_t n = strlen(enc);
	unsigned char *dec = arena_alloc(r->arena, n + 1);
	size_t len = 0;
	if (sodium_base642bin(dec, n, enc, n, NULL, &len, NULL, sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 ||
	    len > 500 || !utf8_valid((const char *)dec, len) || memchr(dec, 0, len))
		return NULL;
	dec[len] = '\0';
	return (const char *)dec;
}

/* ---- rendering ---- */

static json_t *me_json(const account_t *u)
{
	if (!u)
		return json_null();
	return json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:o, s:b, s:b}", "id", (json_int_t)u->id, "name", u->name,
			 "email", u->email, "role", u->role, "role_label", role_label(u->role), "home_url",
			 role_home(u->role), "organization_name",
			 u->organization_name ? json_string(u->organization_name) : json_null(), "is_admin",
			 (u->role_bit & ROLE_ADMIN) != 0, "is_staff", (u->role_bit & CAP_STAFF) != 0);
}

void render(req_t *r, int status, const char *name, json_t *view)
{
	if (r->want_json && !(r->route && (r->route->flags & ROUTE_NO_JSON))) {
		reply_json(r, status, view);
		return;
	}
	json_object_set_new(view, "me", me_json(r->user));
	json_object_set(view, "site", g_site);
	if (r->user && !json_object_get(view, "csrf"))
		json_object_set_new(view, "csrf", json_string(csrf_token(r)));
	const char *flash = flash_take(r);
	if (flash)
		json_object_set_new(view, "flash", json_string(flash));
	json_t *page = json_object_get(view, "page");
	if (!page) {
		page = json_object();
		json_object_set_new(view, "page", page);
	}
	json_object_set_new(page, "path", json_string(r->path ? r->path : "/"));

	buf_t out;
	buf_init(&out, r->arena, 16384);
	const char *tname = name;
	int rc = tmpl_render(g_templates, tname, view, &out);
	json_decref(view);
	if (rc != 0) {
		log_error("gabarit %s introuvable ou invalide", tname);
		if (status != 500) {
			reply_error(r, 500, NULL, NULL);
			return;
		}
		reply_raw(r, 500, "text/plain; charset=utf-8", "Erreur interne", 14);
		return;
	}
	reply_raw(r, status, "text/html; charset=utf-8", out.data, out.len);
}

/* ---- static files, built into the binary ---- */

static char (*static_etags)[24];

void static_init(void)
{
	static_etags = calloc(embedded_static_count + 1, sizeof *static_etags);
	for (size_t i = 0; i < embedded_static_count; i++) {
		unsigned char h[8];
		char hex[17];
		crypto_generichash(h, sizeof h, embedded_static[i].data, embedded_static[i].len, NULL, 0);
		sodium_bin2hex(hex, sizeof hex, h, sizeof h);
		snprintf(static_etags[i], sizeof static_etags[i], "\"%s\"", hex);
	}
}

static const char *mime_type(const char *name)
{
	static const char *const types[][2] = {
		{".css", "text/css; charset=utf-8"}, {".js", "text/javascript; charset=utf-8"},
		{".svg", "image/svg+xml"},            {".png", "image/png"},
		{".ico", "image/x-icon"},             {".woff2", "font/woff2"},
	};
	const char *dot = strrchr(name, '.');
	for (size_t i = 0; dot && i < sizeof types / sizeof types[0]; i++)
		if (strcmp(dot, types[i][0]) == 0)
			return types[i][1];
	return "application/octet-stream";
}

static void serve_static(req_t *r, const char *name)
{
	if (strcmp(r->method, "GET") != 0 && strcmp(r->method, "HEAD") != 0) {
		reply_header(r, "Allow", "GET, HEAD");
		reply_error(r, 405, NULL, NULL);
		return;
	}
	const embedded_file_t *f = strchr(name, '/') ? NULL : embedded_find(embedded_static, embedded_static_count, name);
	if (!f) {
		reply_error(r, 404, NULL, NULL);
		return;
	}
	const char *etag = static_etags[f - embedded_static];
	reply_header(r, "ETag", etag);
	reply_header(r, "Cache-Control", "public, max-age=3600");
	const char *inm = req_header(r, "If-None-Match");
	if (inm && strstr(inm, etag)) {
		reply_raw(r, 304, NULL, "", 0);
		return;
	}
	reply_raw(r, 200, mime_type(name), (const char *)f->data, f->len);
}

/* ---- body decoding ---- */

/* Turns a JSON object body into form pairs (scalars only). */
static parse_status_t parse_json_body(req_t *r)
{
	json_error_t err;
	json_t *obj = json_loadb(r->body.data, r->body.len, JSON_REJECT_DUPLICATES, &err);
	if (!obj || !json_is_object(obj)) {
		json_decref(obj);
		return PARSE_MALFORMED;
	}
	const char *key;
	json_t *v;
	parse_status_t st = PARSE_OK;
	json_object_foreach(obj, key, v)
	{
		char num[64];
		const char *s = NULL;
		size_t len = 0;
		if (json_is_string(v)) {
			s = json_string_value(v);
			len = json_string_length(v);
		} else if (json_is_integer(v)) {
			len = (size_t)snprintf(num, sizeof num, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
			s = num;
		} else if (json_is_true(v) || json_is_false(v)) {
			s = json_is_true(v) ? "1" : "0";
			len = 1;
		} else if (json_is_null(v)) {
			continue;
		} else {
			st = PARSE_MALFORMED;
			break;
		}
		kv_add(r->arena, &r->form, key, s, len);
	}
	json_decref(obj);
	return st;
}

/* Decodes the body by its Content-Type. Returns an HTTP status, 0 when fine. */
static int decode_body(req_t *r)
{
	if (r->body_too_large)
		return 413;
	if (r->body.len == 0)
		return 0;
	const char *ct = r->content_type ? r->content_type : "";
	parse_status_t st;
	if (media_type_is(ct, "application/x-www-form-urlencoded"))
		st = parse_urlencoded(r->arena, r->body.data, r->body.len, &r->form);
	else if (media_type_is(ct, "multipart/form-data"))
		st = parse_multipart(r->arena, ct, r->body.data, r->body.len, &r->form);
	else if (media_type_is(ct, "application/json"))
		st = parse_json_body(r);
	else
		return 415;
	return st == PARSE_OK ? 0 : 400;
}

/* ---- the dispatcher ---- */

static int decode_target(req_t *r)
{
	const char *q = strchr(r->raw_uri, '?');
	size_t path_len = q ? (size_t)(q - r->raw_uri) : strlen(r->raw_uri);
	char *path;
	size_t len;
	parse_status_t st = percent_decode(r->arena, r->raw_uri, path_len, 0, &path, &len);
	if (st != PARSE_OK)
		return st;
	r->path = path;
	if (q)
		return parse_urlencoded(r->arena, q + 1, strlen(q + 1), &r->query);
	return PARSE_OK;
}

static void deny(req_t *r)
{
	if (r->user) {
		reply_error(r, 403, NULL, NULL);
		return;
	}
	if (r->want_json || strcmp(r->method, "GET") != 0) {
		reply_error(r, 401, NULL, NULL);
		return;
	}
	/* Come back here, query string included, after logging in; suite is
	 * checked again on use. raw_uri is still percent-encoded: encode it
	 * once more as one query value. */
	char *enc = arena_alloc(r->arena, strlen(r->raw_uri) * 3 + 1);
	char *o = enc;
	for (const unsigned char *p = (const unsigned char *)r->raw_uri; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		    strchr("/-_.~", *p))
			*o++ = (char)*p;
		else
			o += sprintf(o, "%%%02X", *p);
	}
	*o = '\0';
	redirect(r, arena_printf(r->arena, "/connexion?suite=%s", enc));
}

/* The API token of "Authorization: Bearer <token>", or NULL without one. */
static const char *bearer_token(req_t *r)
{
	const char *h = req_header(r, "Authorization");
	if (!h || strncasecmp(h, "Bearer", 6) != 0 || (h[6] != ' ' && h[6] != '\0'))
		return NULL;
	h += 6; /* "Bearer" alone is a token attempt too: an empty, invalid one */
	while (*h == ' ')
		h++;
	return h;
}

/* Finds who is asking: an API token when one is sent (an invalid one is
 * refused with 401 JSON, cookies are not tried), else the session cookie.
 * Returns 0, or -1 after answering. */
static int authenticate(req_t *r)
{
	const char *token = bearer_token(r);
	if (token) {
		if (session_load_bearer(r, token) == 0)
			return 0;
		r->want_json = 1;
		reply_header(r, "WWW-Authenticate", "Bearer realm=\"quartier\", error=\"invalid_token\"");
		reply_error(r, 401, "Jeton d'accès invalide, révoqué ou d'un compte désactivé.", NULL);
		return -1;
	}
	if (kv_get(&r->cookies, SESSION_COOKIE))
		session_load(r);
	return 0;
}

void dispatch(req_t *r)
{
	r->want_json = accept_prefers_json(req_header(r, "Accept"));
	/* The JSON API answers JSON whatever Accept says, errors included. */
	if (strncmp(r->raw_uri, "/api/", 5) == 0)
		r->want_json = 1;
	parse_status_t st = decode_target(r);
	if (st != PARSE_OK) {
		r->path = "/";
		reply_error(r, 400, parse_status_message(st), NULL);
		return;
	}
	const char *cookie = req_header(r, "Cookie");
	if (cookie)
		parse_cookies(r->arena, cookie, &r->cookies);
	if (strncmp(r->path, "/static/", 8) == 0) {
		serve_static(r, r->path + 8);
		return;
	}

	char allow[64];
	const route_t *rt = NULL;
	route_match_t m = router_match(routes, routes_count, r->method, r->path, r, &rt, allow, sizeof allow);
	if (m == MATCH_BAD_METHOD) {
		reply_header(r, "Allow", allow);
		reply_error(r, 405, NULL, NULL);
		return;
	}
	if (m == MATCH_NOT_FOUND) {
		if (r->body_too_large)
			reply_error(r, 413, NULL, NULL);
		else
			reply_error(r, 404, NULL, NULL);
		return;
	}
	r->route = rt;
	if (rt->flags & ROUTE_API)
		r->want_json = 1;
	/* Open311 uses no session and no bearer token: a POST carries its api_key. */
	if (!(rt->flags & ROUTE_OPEN311) && authenticate(r) != 0)
		return;
	unsigned role = r->user ? r->user->role_bit : ROLE_ANON;
	if (!(rt->cap & role)) {
		deny(r);
		return;
	}
	page_cache_prepare(r);
	if (page_cache_serve(r))
		return;
	if (strcmp(r->method, "POST") == 0) {
		int status = decode_body(r);
		if (status == 413) {
			/* The limit in the largest unit that states it exactly:
			 * 1000 bytes is not "0 Mo". */
			size_t n = (size_t)g_config.max_body;
			const char *unit = "octets";
			if (n && n % (1024 * 1024) == 0) {
				n /= 1024 * 1024;
				unit = "Mo";
			} else if (n && n % 1024 == 0) {
				n /= 1024;
				unit = "Ko";
			}
			char msg[160];
			snprintf(msg, sizeof msg, "Les données envoyées dépassent la taille autorisée (%zu %s).", n, unit);
			reply_error(r, 413, msg, NULL);
			return;
		}
		if (status) {
			reply_error(r, status, NULL, NULL);
			return;
		}
		if (!(rt->flags & ROUTE_NO_CSRF) && !r->via_token && !csrf_valid(r)) {
			reply_error(r, 403,
				    "Jeton de sécurité manquant ou expiré. Rechargez la page, puis recommencez.", NULL);
			return;
		}
	}
	rt->handler(r);
	if (!r->replied) {
		log_error("le gestionnaire de %s %s n'a pas répondu", rt->method, rt->pattern);
		reply_error(r, 500, NULL, NULL);
	}
	db_rollback(); /* a handler that failed mid-transaction leaves nothing half-written */
}
