/* organizations.h — the partner organisations of the directory (staff
 * only): the model (create, update, delete, list with search and filters),
 * shared by the pages (/partenaires), the JSON API (/api/v1/organizations),
 * the exports and the CSV import. Every write runs in one transaction with
 * its audit entry. */
#ifndef QUARTIER_ORGANIZATIONS_H
#define QUARTIER_ORGANIZATIONS_H

#include <jansson.h>

#include "http/request.h"

typedef enum dir_status {
	DIR_OK = 0,
	DIR_NOT_FOUND,
	DIR_NAME_TAKEN,	  /* another organisation has this name */
	DIR_HAS_ACCOUNTS, /* partner accounts are attached: not deleted */
	DIR_IN_USE,	  /* other records refer to it: not deleted */
	DIR_DB_ERROR,
} dir_status_t;

/* French message of a status. Static string. */
const char *dir_status_message(dir_status_t st);

/* What a form or the API gives for an organisation (validated already).
 * Optional texts may be NULL. */
typedef struct org_input {
	const char *kind, *name, *address, *postal_code, *city, *website, *email, *phone, *notes;
	const char *const *tags;
	size_t ntags;
	const long long *projects; /* project ids */
	size_t nprojects;
} org_input_t;

/* Creates (id 0; *out_id receives the new id) or updates organisation id,
 * with its tags and projects. */
dir_status_t org_save(req_t *r, long long id, const org_input_t *in, long long *out_id);

/* Deletes an organisation (its memberships and interactions go with it);
 * refused while partner accounts are attached. */
dir_status_t org_delete(req_t *r, long long id);

/* The filters of a list, as the page's query string gives them. */
typedef struct org_filters {
	const char *fts;     /* FTS5 query (directory_fts_query) or NULL */
	const char *kind;    /* organisation kind or NULL */
	const char *project; /* project slug or NULL */
	const char *tag;     /* tag name or NULL */
	const char *sort;    /* "nom" (default), "type", "echange" */
} org_filters_t;

/* Reads q, type, projet, etiquette, tri from the query string. */
void org_filters_read(req_t *r, org_filters_t *f);

/* The organisations matching f, sorted, limit (-1: all) from offset; new
 * reference. *total (may be NULL) receives the count of all matches. One
 * query for the page, the API and the exports. */
json_t *org_list_query(req_t *r, const org_filters_t *f, long long limit, long long offset, long long *total);

/* One organisation with its tags, projects and contacts, or NULL. New reference. */
json_t *org_get(req_t *r, long long id);

/* The organisation's page with status, and the interaction form's errors
 * and input (both stolen, may be NULL) shown again. */
void organizations_render_show(req_t *r, int status, long long id, json_t *errors, json_t *input);

/* Route handlers: pages. */
void organizations_list(req_t *r);
void organizations_new_form(req_t *r);
void organizations_create(req_t *r);
void organizations_show(req_t *r);
void organizations_edit_form(req_t *r);
void organizations_update(req_t *r);
void organizations_delete(req_t *r);

/* Route handlers: JSON API. */
void organizations_api_list(req_t *r);
void organizations_api_create(req_t *r);
void organizations_api_get(req_t *r);
void organizations_api_update(req_t *r);
void organizations_api_delete(req_t *r);

#endif
