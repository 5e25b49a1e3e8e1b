/* directory_search.h — what the partner directory's pages share: search
 * (FTS5 queries built safely from what the user typed), organisation kinds
 * with their French labels, tags, and the checks on phone numbers and web
 * addresses. Used by organizations.c, contacts.c, interactions.c, exports.c. */
#ifndef QUARTIER_DIRECTORY_SEARCH_H
#define QUARTIER_DIRECTORY_SEARCH_H

#include <jansson.h>

#include "core/validate.h"
#include "http/request.h"

/* An FTS5 query for text typed by a user: each word becomes a quoted prefix
 * term, "word"*, all of them required. Punctuation separates words; at most
 * 12 words. NULL when text holds no word. Arena string. */
const char *directory_fts_query(arena_t *a, const char *text);

/* The organisation kinds (GLOSSARY.md): NULL-terminated values, and the
 * French label of one (the value itself when unknown). */
extern const char *const org_kind_values[];
const char *org_kind_label(const char *kind);
/* [{value, label, selected}] for a <select>. New reference. */
json_t *org_kind_options(const char *selected);

/* Interaction kinds and their labels. */
extern const char *const interaction_kind_values[];
const char *interaction_kind_label(const char *kind);
json_t *interaction_kind_options(const char *selected);

/* Legal bases for keeping a resident's details. */
extern const char *const consent_basis_values[];
const char *consent_basis_label(const char *basis);
json_t *consent_basis_options(const char *selected);

/* A French phone number ("04 67 12 34 56", "04.67.12.34.56", "+33 4 67 12
 * 34 56", "0033 4…") or another international one (+ and 6 to 15 digits).
 * Returns NULL with *out set to the normalised form ("04 67 12 34 56" for
 * French numbers, "+<digits>" otherwise; arena string), or a French message. */
const char *directory_phone_check(arena_t *a, const char *label, const char *raw, const char **out);

/* A phone number as a tel: URI ("tel:+33467123456"). Arena string. */
const char *directory_phone_uri(arena_t *a, const char *phone);

/* An http:// or https:// address with a host, no spaces; NULL or a French message. */
const char *directory_url_check(arena_t *a, const char *label, const char *raw);

/* Splits comma-separated tags: trimmed, empty ones dropped, duplicates
 * (any case) dropped. Fills names (arena array) and *n. NULL or a French
 * message (a tag longer than 50 characters, more than 20 tags). */
const char *directory_tags_parse(arena_t *a, const char *raw, const char ***names, size_t *n);

/* Replaces the tags of a record: table is "organization_tag" or
 * "contact_tag"; creates the tags that do not exist yet. 0 or an SQLite code. */
int directory_tags_set(int contact, long long id, const char *const *names, size_t n);

/* Every tag in use, sorted, as [{value, label, selected}]. New reference. */
json_t *directory_tag_options(const char *selected);

/* The projects as [{id, slug, name, selected}], selected from a set of ids. */
json_t *directory_project_options(const long long *ids, size_t n);

/* Every value of the form field name (repeated fields, and commas inside a
 * value split it too), trimmed, non-empty; arena array in *out. */
size_t directory_form_list(arena_t *a, const kv_list_t *form, const char *name, const char ***out);

/* For an API update: adds to the request's form every key of record that
 * the body left out (strings as they are, integers in decimal, booleans as
 * 1/0, arrays of {name} or {slug} objects as comma-separated text), so that
 * a partial update keeps the other fields. Keys in skip (NULL-terminated)
 * are left alone. */
void directory_form_merge(req_t *r, json_t *record, const char *const *keys);

/* Today's date in Europe/Paris, YYYY-MM-DD, in buf[11]. */
void directory_today(char buf[11]);

/* "14/03/2026" from "2026-03-14"; arena string, "" for NULL. */
const char *directory_date_fr(arena_t *a, const char *iso_date);

/* Validates a form, then the extra checks given (phone and url fields by
 * name: NULL to skip). Normalised phone replaces the field's text. Returns
 * the number of fields in error. */
int directory_form_validate(req_t *r, const field_spec_t *specs, size_t n, form_t *f, const char *phone_field,
			    const char *url_field);

/* The query string of the current list's filters (q, type, projet, etiquette,
 * tri, organisation), for export links: "?q=…&type=…" or "". Arena string. */
const char *directory_filters_query(req_t *r);

#endif
