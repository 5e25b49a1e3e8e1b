/* audit.h — the audit log: who did what, when, on which record. Every write
 * of the application records one entry, in the same transaction. */
#ifndef QUARTIER_AUDIT_H
#define QUARTIER_AUDIT_H

#include "http/request.h"

/* Records an entry. r may be NULL (command line: the actor is "système").
 * The summary must hold no secret (no password, no token). Returns 0 or an
 * SQLite error code. */
int audit_record(req_t *r, const char *action, const char *entity, long long entity_id, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

/* French label of an action ("account.create" -> "Création de compte") and
 * of an entity ("account" -> "compte"); the key itself when unknown. */
const char *audit_action_label(const char *action);
const char *audit_entity_label(const char *entity);

/* Adds to each audit row (columns at, action, entity, entity_id) what the
 * pages show: at_fr (Paris time), action_label and entity_label in French,
 * and entity_url when the record has a page. */
void audit_rows_decorate(req_t *r, json_t *rows);

#endif
