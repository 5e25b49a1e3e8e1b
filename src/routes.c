/* routes.c — every URL quartier serves, in one table.
 *
 * The dispatcher (http/dispatch.c) enforces, before any handler runs: the
 * method (405 otherwise), the capability (anonymous visitors are sent to
 * /connexion, logged-in users without the right get 403), body limits and
 * encodings, and the CSRF token of every POST. A test walks this table with
 * every role (tests/http/routes.test.mjs): keep it the single source. */
#include "http/router.h"
#include "modules/accounts.h"
#include "modules/audit_log.h"
#include "modules/home.h"
#include "modules/contacts.h"
#include "modules/exports.h"
#include "modules/interactions.h"
#include "modules/organizations.h"
#include "modules/login.h"
#include "modules/operations.h"
#include "modules/projects.h"
#include "modules/public.h"
#include "modules/sectors.h"
#include "modules/self.h"
#include "modules/openapi.h"
#include "modules/tokens.h"
#include "modules/csv_import.h"
#include "modules/privacy.h"
#include "modules/report_intake.h"
#include "modules/uploads.h"
#include "modules/reports_backoffice.h"
#include "modules/open311.h"
#include "modules/report_categories.h"
#include "modules/hotspots.h"
#include "modules/walks.h"
#include "modules/outbox_admin.h"
#include "modules/meetings.h"
#include "modules/registrations.h"
#include "modules/contributions.h"
#include "modules/bodies.h"
#include "modules/bilan.h"

const route_t routes[] = {
	/* public */
	{"GET", "/", public_home, CAP_PUBLIC, ROUTE_PUBLIC_CACHE, "accueil"},
	{"GET", "/projets/{slug}", project_page, CAP_PUBLIC, ROUTE_PUBLIC_CACHE, "page d'un projet"},
	{"GET", "/projets/{slug}/secteurs.geojson", project_sectors_geojson, CAP_PUBLIC,
	 ROUTE_PUBLIC_CACHE | ROUTE_NO_JSON, "secteurs d'un projet (GeoJSON)"},
	{"GET", "/projets/{slug}/operations.geojson", project_operations_geojson, CAP_PUBLIC,
	 ROUTE_PUBLIC_CACHE | ROUTE_NO_JSON, "opérations d'un projet (GeoJSON)"},
	{"GET", "/healthz", health_check, CAP_PUBLIC, 0, "état du service"},
	/* sessions */
	{"GET", "/connexion", login_form, CAP_PUBLIC, 0, "formulaire de connexion"},
	{"POST", "/connexion", login_submit, CAP_PUBLIC, 0, "connexion"},
	{"POST", "/deconnexion", logout_submit, CAP_PUBLIC, 0, "déconnexion"},
	/* each role's home */
	{"GET", "/espace", home_dispatch, CAP_USER, 0, "vers l'accueil de son rôle"},
	{"GET", "/admin", home_admin, CAP_ADMIN, 0, "accueil administrateur"},
	{"GET", "/equipe", home_staff, CAP_STAFF, 0, "accueil de l'équipe projet"},
	{"GET", "/partenaire", home_partner, CAP_PARTNER, 0, "accueil partenaire"},
	{"GET", "/membre", home_member, CAP_MEMBER, 0, "accueil des membres d'instance"},
	/* one's own account */
	{"GET", "/compte", self_page, CAP_USER, 0, "mon compte"},
	{"POST", "/compte/mot-de-passe", self_change_password, CAP_USER, 0, "changer son mot de passe"},
	{"POST", "/compte/jetons", tokens_create, CAP_USER, 0, "créer un jeton d'accès à l'API"},
	{"POST", "/compte/jetons/{token_id}/revoquer", tokens_revoke, CAP_USER, 0, "révoquer un de ses jetons d'accès"},
	/* JSON API */
	{"GET", "/api/v1/openapi.json", openapi_page, CAP_PUBLIC, ROUTE_API, "description OpenAPI de l'API"},
	/* partner network: CSV import and personal data (before the {id} routes
	 * of the directory, so that these literal paths win) */
	{"GET", "/partenaires/import", import_form, CAP_STAFF, 0, "importer un fichier CSV"},
	{"POST", "/partenaires/import", import_preview, CAP_STAFF, 0, "aperçu d'un import CSV"},
	{"POST", "/partenaires/import/{batch_id}/confirmer", import_confirm, CAP_STAFF, 0, "confirmer un import CSV"},
	{"GET", "/contacts/a-revoir", privacy_review, CAP_STAFF, 0, "contacts à revoir (RGPD)"},
	{"GET", "/contacts/{contact_id}/donnees", privacy_page, CAP_STAFF, 0, "données personnelles d'un contact"},
	{"GET", "/contacts/{contact_id}/export.json", privacy_export, CAP_STAFF, ROUTE_NO_JSON,
	 "exporter les données d'un contact"},
	{"GET", "/contacts/{contact_id}/effacer", privacy_erase_form, CAP_STAFF, 0, "confirmer l'effacement d'un contact"},
	{"POST", "/contacts/{contact_id}/effacer", privacy_erase, CAP_STAFF, 0, "effacer un contact (RGPD)"},
	{"GET", "/api/v1/projects", api_projects_list, CAP_PUBLIC, ROUTE_API, "liste des projets"},
	{"POST", "/api/v1/projects", api_projects_create, CAP_STAFF, ROUTE_API, "créer un projet"},
	{"GET", "/api/v1/projects/{slug}", api_project_get, CAP_PUBLIC, ROUTE_API, "un projet"},
	{"POST", "/api/v1/projects/{slug}", api_project_update, CAP_STAFF, ROUTE_API, "modifier un projet"},
	{"POST", "/api/v1/projects/{slug}/supprimer", api_project_delete, CAP_STAFF, ROUTE_API, "supprimer un projet"},
	{"GET", "/api/v1/projects/{slug}/operations", api_operations_list, CAP_PUBLIC, ROUTE_API,
	 "opérations d'un projet"},
	{"POST", "/api/v1/projects/{slug}/operations", api_operations_create, CAP_STAFF, ROUTE_API,
	 "créer une opération"},
	{"GET", "/api/v1/operations/{op}", api_operation_get, CAP_PUBLIC, ROUTE_API, "une opération"},
	{"POST", "/api/v1/operations/{op}", api_operation_update, CAP_STAFF, ROUTE_API, "modifier une opération"},
	{"POST", "/api/v1/operations/{op}/supprimer", api_operation_delete, CAP_STAFF, ROUTE_API,
	 "supprimer une opération"},
	/* projects, sectors and operations (project team) */
	{"GET", "/equipe/projets", projects_staff_list, CAP_STAFF, 0, "projets (équipe)"},
	{"POST", "/equipe/projets", projects_create, CAP_STAFF, 0, "créer un projet"},
	{"GET", "/equipe/projets/nouveau", projects_new_form, CAP_STAFF, 0, "formulaire de création de projet"},
	{"GET", "/equipe/projets/{slug}", projects_edit_form, CAP_STAFF, 0, "modifier un projet (formulaire)"},
	{"POST", "/equipe/projets/{slug}", projects_update, CAP_STAFF, 0, "modifier un projet"},
	{"POST", "/equipe/projets/{slug}/supprimer", projects_delete, CAP_STAFF, 0, "supprimer un projet"},
	{"POST", "/equipe/projets/{slug}/secteurs", sectors_create, CAP_STAFF, 0, "créer un secteur"},
	{"GET", "/equipe/projets/{slug}/secteurs/nouveau", sectors_new_form, CAP_STAFF, 0,
	 "formulaire de création de secteur"},
	{"GET", "/equipe/projets/{slug}/secteurs/{sector}", sectors_edit_form, CAP_STAFF, 0,
	 "modifier un secteur (formulaire)"},
	{"POST", "/equipe/projets/{slug}/secteurs/{sector}", sectors_update, CAP_STAFF, 0, "modifier un secteur"},
	{"POST", "/equipe/projets/{slug}/secteurs/{sector}/supprimer", sectors_delete, CAP_STAFF, 0,
	 "supprimer un secteur"},
	{"POST", "/equipe/projets/{slug}/operations", operations_create, CAP_STAFF, 0, "créer une opération"},
	{"GET", "/equipe/projets/{slug}/operations/nouvelle", operations_new_form, CAP_STAFF, 0,
	 "formulaire de création d'opération"},
	{"GET", "/equipe/operations/{op}", operations_edit_form, CAP_STAFF, 0, "modifier une opération (formulaire)"},
	{"POST", "/equipe/operations/{op}", operations_update, CAP_STAFF, 0, "modifier une opération"},
	{"POST", "/equipe/operations/{op}/supprimer", operations_delete, CAP_STAFF, 0, "supprimer une opération"},
	/* the partner directory (staff only); the literal paths come before {id} */
	{"GET", "/partenaires", organizations_list, CAP_STAFF, 0, "annuaire des organisations partenaires"},
	{"POST", "/partenaires", organizations_create, CAP_STAFF, 0, "créer une organisation"},
	{"GET", "/partenaires/nouveau", organizations_new_form, CAP_STAFF, 0, "formulaire de création d'organisation"},
	{"GET", "/partenaires/export.csv", organizations_export_csv, CAP_STAFF, ROUTE_NO_JSON,
	 "export CSV des organisations filtrées"},
	{"GET", "/partenaires/export.xlsx", organizations_export_xlsx, CAP_STAFF, ROUTE_NO_JSON,
	 "export XLSX des organisations filtrées"},
	{"GET", "/partenaires/{id}", organizations_show, CAP_STAFF, 0, "fiche d'une organisation"},
	{"POST", "/partenaires/{id}", organizations_update, CAP_STAFF, 0, "modifier une organisation"},
	{"GET", "/partenaires/{id}/modifier", organizations_edit_form, CAP_STAFF, 0,
	 "formulaire de modification d'organisation"},
	{"POST", "/partenaires/{id}/supprimer", organizations_delete, CAP_STAFF, 0,
	 "supprimer une organisation (avec confirmation)"},
	{"POST", "/partenaires/{id}/echanges", organizations_log_interaction, CAP_STAFF, 0,
	 "noter un échange avec une organisation"},
	{"GET", "/contacts", contacts_list, CAP_STAFF, 0, "annuaire des contacts"},
	{"POST", "/contacts", contacts_create, CAP_STAFF, 0, "créer un contact"},
	{"GET", "/contacts.vcf", contacts_export_vcards, CAP_STAFF, ROUTE_NO_JSON, "export vCard des contacts filtrés"},
	{"GET", "/contacts/nouveau", contacts_new_form, CAP_STAFF, 0, "formulaire de création de contact"},
	{"GET", "/contacts/export.csv", contacts_export_csv, CAP_STAFF, ROUTE_NO_JSON, "export CSV des contacts filtrés"},
	{"GET", "/contacts/export.xlsx", contacts_export_xlsx, CAP_STAFF, ROUTE_NO_JSON,
	 "export XLSX des contacts filtrés"},
	{"GET", "/contacts/{id}", contacts_show, CAP_STAFF, 0, "fiche d'un contact"},
	{"POST", "/contacts/{id}", contacts_update, CAP_STAFF, 0, "modifier un contact"},
	{"GET", "/contacts/{id}/modifier", contacts_edit_form, CAP_STAFF, 0, "formulaire de modification de contact"},
	{"GET", "/contacts/{id}/vcard.vcf", contacts_export_vcard, CAP_STAFF, ROUTE_NO_JSON, "vCard d'un contact"},
	{"POST", "/contacts/{id}/supprimer", contacts_delete, CAP_STAFF, 0, "supprimer un contact (avec confirmation)"},
	{"POST", "/contacts/{id}/echanges", contacts_log_interaction, CAP_STAFF, 0, "noter un échange avec un contact"},
	{"GET", "/api/v1/organizations", organizations_api_list, CAP_STAFF, ROUTE_API, "API : organisations"},
	{"POST", "/api/v1/organizations", organizations_api_create, CAP_STAFF, ROUTE_API, "API : créer une organisation"},
	{"GET", "/api/v1/organizations/{id}", organizations_api_get, CAP_STAFF, ROUTE_API, "API : une organisation"},
	{"POST", "/api/v1/organizations/{id}", organizations_api_update, CAP_STAFF, ROUTE_API,
	 "API : modifier une organisation"},
	{"POST", "/api/v1/organizations/{id}/supprimer", organizations_api_delete, CAP_STAFF, ROUTE_API,
	 "API : supprimer une organisation (confirm=1)"},
	{"GET", "/api/v1/contacts", contacts_api_list, CAP_STAFF, ROUTE_API, "API : contacts"},
	{"POST", "/api/v1/contacts", contacts_api_create, CAP_STAFF, ROUTE_API, "API : créer un contact"},
	{"GET", "/api/v1/contacts/{id}", contacts_api_get, CAP_STAFF, ROUTE_API, "API : un contact"},
	{"POST", "/api/v1/contacts/{id}", contacts_api_update, CAP_STAFF, ROUTE_API, "API : modifier un contact"},
	{"POST", "/api/v1/contacts/{id}/supprimer", contacts_api_delete, CAP_STAFF, ROUTE_API,
	 "API : supprimer un contact (confirm=1)"},
	/* GUSP problem reports (issue 5): one fragment per feature, still one table.
	 * Order matters where literal paths must come before {param} ones. */
#include "routes/intake.inc"
#include "routes/backoffice.inc"
#include "routes/open311.inc"
#include "routes/report_admin.inc"
#include "routes/walks.inc"
#include "routes/outbox.inc"
#include "routes/meetings.inc"
#include "routes/registrations.inc"
#include "routes/contributions.inc"
#include "routes/bodies.inc"
#include "routes/bilan.inc"
	/* administration */
	{"GET", "/admin/comptes", accounts_list, CAP_ADMIN, 0, "liste des comptes"},
	{"POST", "/admin/comptes", accounts_create, CAP_ADMIN, 0, "créer un compte"},
	{"GET", "/admin/comptes/nouveau", accounts_new_form, CAP_ADMIN, 0, "formulaire de création de compte"},
	{"GET", "/admin/comptes/{id}", accounts_show, CAP_ADMIN, 0, "fiche d'un compte"},
	{"POST", "/admin/comptes/{id}", accounts_update, CAP_ADMIN, 0, "modifier un compte"},
	{"POST", "/admin/comptes/{id}/mot-de-passe", accounts_reset_password, CAP_ADMIN, 0,
	 "réinitialiser un mot de passe"},
	{"POST", "/admin/comptes/{id}/desactiver", accounts_disable, CAP_ADMIN, 0, "désactiver un compte"},
	{"POST", "/admin/comptes/{id}/reactiver", accounts_enable, CAP_ADMIN, 0, "réactiver un compte"},
	{"GET", "/admin/journal", audit_log_page, CAP_ADMIN, 0, "journal d'audit"},
};

const size_t routes_count = sizeof routes / sizeof routes[0];
