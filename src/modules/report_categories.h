/* report_categories.h — administration of report categories (strand,
 * default handler, deadline), of their routing by sector and of their extra
 * questions (Open311 attributes). Administrators only (CAP_ADMIN). */
#ifndef QUARTIER_REPORT_CATEGORIES_H
#define QUARTIER_REPORT_CATEGORIES_H

#include "http/request.h"

/* GET /admin/categories: categories by strand with their default handler,
 * deadline, number of reports and whether active. */
void categories_list(req_t *r);

/* GET /admin/categories/nouvelle: the empty form. */
void categories_new_form(req_t *r);

/* POST /admin/categories: create (302 to its page; JSON 201). */
void categories_create(req_t *r);

/* GET /admin/categories/{category_id}: edit form, routing by sector, extra
 * questions. */
void categories_show(req_t *r);

/* POST /admin/categories/{category_id}: update (the code is immutable once
 * reports use it). */
void categories_update(req_t *r);

/* POST /admin/categories/{category_id}/supprimer (confirm=1): deletes a
 * category no report uses, else deactivates it and says so. */
void categories_delete(req_t *r);

/* POST /admin/categories/{category_id}/aiguillage: the handler of each
 * sector sent as sector_<id> (an organisation id, or "" for the category's
 * default); sectors not sent are left as they are. One transaction,
 * audited routing.update. */
void categories_routing_update(req_t *r);

/* POST /admin/categories/{category_id}/questions: adds an extra question. */
void categories_question_create(req_t *r);

/* POST /admin/categories/{category_id}/questions/{attribute_id}: edits one. */
void categories_question_update(req_t *r);

/* POST /admin/categories/{category_id}/questions/{attribute_id}/supprimer
 * (confirm=1): deletes one. */
void categories_question_delete(req_t *r);

#endif
