/* contacts.h — the people of the partner directory (staff only): members of
 * organisations (several possible, each with a position) and residents who
 * agreed to be contacted (legal basis and date of consent required). The
 * model is shared by the pages (/contacts), the JSON API (/api/v1/contacts),
 * the exports and the CSV import. Audit summaries hold ids and field names,
 * never personal data. */
#ifndef QUARTIER_CONTACTS_H
#define QUARTIER_CONTACTS_H

#include <jansson.h>

#include "http/request.h"
#include "modules/organizations.h"

#define CONTACT_MEMBERSHIPS_MAX 5

typedef struct contact_membership {
	long long organization_id;
	const char *position;
} contact_membership_t;

/* A validated contact. Optional texts may be NULL. */
typedef struct contact_input {
	const char *first_name, *last_name, *function, *email, *phone, *notes;
	int is_resident;
	const char *consent_basis, *consent_at;
	const char *const *tags;
	size_t ntags;
	const contact_membership_t *memberships;
	size_t nmemberships;
} contact_input_t;

/* Creates (id 0; *out_id receives the id) or updates a contact with its tags
 * and memberships. */
dir_status_t contact_save(req_t *r, long long id, const contact_input_t *in, long long *out_id);

/* Deletes a contact (memberships and tags go; interactions keep no link). */
dir_status_t contact_delete(req_t *r, long long id);

typedef struct contact_filters {
	const char *fts;	/* FTS5 query or NULL */
	const char *kind;	/* kind of one of their organisations */
	const char *project;	/* project slug of one of their organisations */
	const char *tag;	/* their tag, or a tag of one of their organisations */
	long long organization; /* member of this organisation (0: any) */
	const char *sort;	/* "nom" (default), "organisation", "echange" */
} contact_filters_t;

/* Reads q, type, projet, etiquette, organisation, tri from the query string. */
void contact_filters_read(req_t *r, contact_filters_t *f);

/* The contacts matching f; limit -1 for all. New reference; *total may be NULL. */
json_t *contact_list_query(req_t *r, const contact_filters_t *f, long long limit, long long offset, long long *total);

/* One contact with tags and memberships, or NULL. New reference. */
json_t *contact_get(req_t *r, long long id);

/* The contact's page with the interaction form's errors and input (stolen, may be NULL). */
void contacts_render_show(req_t *r, int status, long long id, json_t *errors, json_t *input);

/* Route handlers: pages. */
void contacts_list(req_t *r);
void contacts_new_form(req_t *r);
void contacts_create(req_t *r);
void contacts_show(req_t *r);
void contacts_edit_form(req_t *r);
void contacts_update(req_t *r);
void contacts_delete(req_t *r);

/* Route handlers: JSON API. */
void contacts_api_list(req_t *r);
void contacts_api_create(req_t *r);
void contacts_api_get(req_t *r);
void contacts_api_update(req_t *r);
void contacts_api_delete(req_t *r);

#endif
