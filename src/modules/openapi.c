/* openapi.c — see openapi.h. What the route table does not say (bodies,
 * item fields) is described generically; what it says (paths, methods, path
 * parameters, who may call, the common answers of http/api.h) exactly. */
#include "modules/openapi.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "core/config.h"
#include "version.h"

#define REF(name) json_pack("{s:s}", "$ref", name)

/* The error answer of reply_error(). New reference. */
static json_t *error_schema(void)
{
	return json_pack("{s:s, s:[s], s:{s:{s:s, s:[s, s], s:{s:{s:s}, s:{s:s}, s:{s:s, s:{s:s}}, s:{s:s}}}}}",
			 "type", "object", "required", "error", "properties", "error", "type", "object", "required",
			 "code", "message", "properties", "code", "type", "string", "message", "type", "string",
			 "fields", "type", "object", "additionalProperties", "type", "string", "request_id", "type",
			 "string");
}

/* The list envelope of api_list_reply(). New reference. */
static json_t *list_schema(void)
{
	return json_pack("{s:s, s:[s, s, s, s], s:{s:{s:s, s:{s:s}}, s:{s:s, s:i}, s:{s:s, s:i}, s:{s:s, s:i, s:i}}}",
			 "type", "object", "required", "items", "total", "page", "per_page", "properties", "items",
			 "type", "array", "items", "$ref", "#/components/schemas/Object", "total", "type", "integer",
			 "minimum", 0, "page", "type", "integer", "minimum", 1, "per_page", "type", "integer",
			 "minimum", 1, "maximum", 100);
}

/* A response with a JSON body of schema (stolen). New reference. */
static json_t *json_response(const char *description, json_t *schema)
{
	return json_pack("{s:s, s:{s:{s:o}}}", "description", description, "content", "application/json", "schema",
			 schema);
}

/* Security scheme, schemas, shared answers and parameters. New reference. */
static json_t *components(void)
{
	json_t *errors = json_object();
	static const char *const err[][2] = {
		{"BadRequest", "Requête invalide (paramètre mal formé)"},
		{"Unauthorized", "Jeton absent, invalide ou révoqué"},
		{"Forbidden", "Le rôle du compte ne permet pas cette action"},
		{"NotFound", "Introuvable"},
		{"InvalidInput", "Saisie à corriger : fields associe chaque champ à un message en français"},
	};
	for (size_t i = 0; i < sizeof err / sizeof err[0]; i++)
		json_object_set_new(errors, err[i][0], json_response(err[i][1], REF("#/components/schemas/Error")));
	json_t *params = json_pack(
		"{s:{s:s, s:s, s:s, s:{s:s, s:i, s:i}}, s:{s:s, s:s, s:s, s:{s:s, s:i, s:i, s:i}}}", "page", "name",
		"page", "in", "query", "description", "page demandée, à partir de 1", "schema", "type", "integer",
		"minimum", 1, "default", 1, "per_page", "name", "per_page", "in", "query", "description",
		"éléments par page", "schema", "type", "integer", "minimum", 1, "maximum", 100, "default", 25);
	return json_pack("{s:{s:{s:s, s:s, s:s, s:s}}, s:{s:o, s:o, s:{s:s, s:b}}, s:o, s:o}", "securitySchemes",
			 "bearerAuth", "type", "http", "scheme", "bearer", "bearerFormat", "qrt_…", "description",
			 "Jeton personnel créé sur /compte ou avec « quartier token create »", "schemas", "Error",
			 error_schema(), "List", list_schema(), "Object", "type", "object", "additionalProperties", 1,
			 "responses", errors, "parameters", params);
}

/* operationId, written into buf: the method and the path after /api/v1,
 * {x} as by_x, other characters as "_" ("get_projects_by_slug"). */
static void operation_id(const route_t *rt, char *buf, size_t cap)
{
	size_t n = 0;
	for (const char *m = rt->method; *m && n + 1 < cap; m++)
		buf[n++] = (char)tolower((unsigned char)*m);
	for (const char *p = rt->pattern + strlen(OPENAPI_PREFIX) - 1; *p && n + 4 < cap; p++) {
		if (*p == '}')
			continue;
		if (*p == '{') {
			memcpy(buf + n, "by_", 3);
			n += 3;
		} else if (isalnum((unsigned char)*p)) {
			buf[n++] = *p;
		} else if (n && buf[n - 1] != '_') {
			buf[n++] = '_';
		}
	}
	while (n && buf[n - 1] == '_')
		n--;
	buf[n] = '\0';
}

/* The {x} segments of a pattern as path parameters. New reference. */
static json_t *path_parameters(const char *pattern)
{
	json_t *params = json_array();
	for (const char *p = strchr(pattern, '{'); p; p = strchr(p + 1, '{')) {
		const char *close = strchr(p, '}');
		if (!close)
			break;
		char name[64];
		snprintf(name, sizeof name, "%.*s", (int)(close - p - 1), p + 1);
		size_t len = strlen(name);
		int numeric = strcmp(name, "id") == 0 || (len > 3 && strcmp(name + len - 3, "_id") == 0);
		json_array_append_new(params, json_pack("{s:s, s:s, s:b, s:{s:s}}", "name", name, "in", "path",
							"required", 1, "schema", "type",
							numeric ? "integer" : "string"));
	}
	return params;
}

/* 1 for a GET of a collection: its last segment is a word, not {x}. */
static int is_list(const route_t *rt)
{
	const char *last = strrchr(rt->pattern, '/');
	return strcmp(rt->method, "GET") == 0 && last && last[1] && last[1] != '{' && !strchr(last, '.');
}

/* Adds the success answer of a route to responses (which it returns), by
 * the conventions of http/api.h: 204 for a delete (DELETE, or POST
 * .../supprimer), 200 for an update (PUT, PATCH, or POST on .../{x}), 201
 * for another POST (a create), 200 for a GET (a list envelope for a
 * collection). */
static json_t *success_responses(const route_t *rt, json_t *responses)
{
	const char *m = rt->method;
	const char *last = strrchr(rt->pattern, '/');
	int deletes = strcmp(m, "DELETE") == 0 || (strcmp(m, "POST") == 0 && strcmp(last, "/supprimer") == 0);
	int updates = strcmp(m, "PUT") == 0 || strcmp(m, "PATCH") == 0 || (strcmp(m, "POST") == 0 && last[1] == '{');
	if (deletes)
		json_object_set_new(responses, "204", json_pack("{s:s}", "description", "Supprimé"));
	else if (updates)
		json_object_set_new(responses, "200", json_response("Modifié", REF("#/components/schemas/Object")));
	else if (strcmp(m, "POST") == 0)
		json_object_set_new(responses, "201",
				    json_response("Créé (en-tête Location)", REF("#/components/schemas/Object")));
	else if (is_list(rt))
		json_object_set_new(responses, "200", json_response("Une page de la liste", REF("#/components/schemas/List")));
	else
		json_object_set_new(responses, "200", json_response("OK", REF("#/components/schemas/Object")));
	return responses;
}

/* The operation object of one route. New reference. */
static json_t *operation(const route_t *rt)
{
	static const char *const errs[][2] = {
		{"400", "BadRequest"}, {"401", "Unauthorized"}, {"403", "Forbidden"},
		{"404", "NotFound"},   {"422", "InvalidInput"},
	};
	char opid[160];
	operation_id(rt, opid, sizeof opid);
	json_t *responses = success_responses(rt, json_object());
	for (size_t i = 0; i < sizeof errs / sizeof errs[0]; i++) {
		char ref[64];
		snprintf(ref, sizeof ref, "#/components/responses/%s", errs[i][1]);
		json_object_set_new(responses, errs[i][0], REF(ref));
	}
	static const char *const role_names[] = {"anonymous", "member", "partner", "staff", "admin"};
	json_t *roles = json_array();
	for (unsigned b = 0; b < 5; b++)
		if (rt->cap & (1u << b))
			json_array_append_new(roles, json_string(role_names[b]));
	json_t *op = json_pack("{s:s, s:s, s:o, s:o, s:o}", "summary", rt->name, "operationId", opid, "responses",
			       responses, "x-roles", roles, "security",
			       (rt->cap & ROLE_ANON) ? json_array() : json_pack("[{s:[]}]", "bearerAuth"));
	json_t *params = path_parameters(rt->pattern);
	if (is_list(rt)) {
		json_array_append_new(params, REF("#/components/parameters/page"));
		json_array_append_new(params, REF("#/components/parameters/per_page"));
	}
	if (json_array_size(params))
		json_object_set_new(op, "parameters", params);
	else
		json_decref(params);
	const char *last = strrchr(rt->pattern, '/');
	int body = strcmp(rt->method, "PUT") == 0 || strcmp(rt->method, "PATCH") == 0 ||
		   (strcmp(rt->method, "POST") == 0 && strcmp(last, "/supprimer") != 0);
	if (body)
		json_object_set_new(op, "requestBody",
				    json_pack("{s:b, s:{s:{s:o}, s:{s:o}}}", "required", 1, "content", "application/json",
					      "schema", REF("#/components/schemas/Object"),
					      "application/x-www-form-urlencoded", "schema",
					      REF("#/components/schemas/Object")));
	return op;
}

json_t *openapi_document(const route_t *table, size_t n, const char *base_url)
{
	json_t *paths = json_object();
	for (size_t i = 0; i < n; i++) {
		const route_t *rt = &table[i];
		if (strncmp(rt->pattern, OPENAPI_PREFIX, strlen(OPENAPI_PREFIX)) != 0)
			continue;
		json_t *item = json_object_get(paths, rt->pattern);
		if (!item) {
			item = json_object();
			json_object_set_new(paths, rt->pattern, item);
		}
		char method[16];
		size_t k = 0;
		for (; rt->method[k] && k + 1 < sizeof method; k++)
			method[k] = (char)tolower((unsigned char)rt->method[k]);
		method[k] = '\0';
		json_object_set_new(item, method, operation(rt));
	}
	return json_pack("{s:s, s:{s:s, s:s, s:s}, s:[{s:s}], s:[{s:[]}], s:o, s:o}", "openapi", "3.1.0", "info",
			 "title", "quartier API", "version", QUARTIER_VERSION, "description",
			 "API JSON de quartier. Authentification : « Authorization: Bearer <jeton> » (jeton personnel, "
			 "créé sur /compte) ; une requête avec jeton n'a pas besoin de jeton CSRF. Listes : ?page= et "
			 "?per_page= (1 à 100, 25 par défaut), réponse {items, total, page, per_page}. Erreurs : "
			 "{\"error\": {\"code\", \"message\", \"fields\"}}.",
			 "servers", "url", base_url ? base_url : "", "security", "bearerAuth", "paths", paths,
			 "components", components());
}

void openapi_page(req_t *r)
{
	reply_json(r, 200, openapi_document(routes, routes_count, g_config.base_url));
}
