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
#include "modules/login.h"
#include "modules/public.h"
#include "modules/self.h"

const route_t routes[] = {
	/* public */
	{"GET", "/", public_home, CAP_PUBLIC, ROUTE_PUBLIC_CACHE, "accueil"},
	{"GET", "/projets/{slug}", public_project, CAP_PUBLIC, ROUTE_PUBLIC_CACHE, "page d'un projet"},
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
