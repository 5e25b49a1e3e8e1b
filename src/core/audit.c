/* audit.c — see audit.h. */
#include "core/audit.h"

#include <stdarg.h>
#include <stdio.h>

#include <string.h>

#include "db/db.h"
#include "view/helpers.h"

int audit_record(req_t *r, const char *action, const char *entity, long long entity_id, const char *fmt, ...)
{
	char summary[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(summary, sizeof summary, fmt, ap);
	va_end(ap);
	char now[21];
	db_now(now);
	const account_t *u = r ? r->user : NULL;
	/* NULLIF: 0 stands for "no account" (the command line, a visitor). */
	return db_exec("INSERT INTO audit (at, actor_id, actor, action, entity, entity_id, summary, request_id) "
		       "VALUES (?, NULLIF(?, 0), ?, ?, ?, NULLIF(?, 0), ?, ?)",
		       "titttitt", now, u ? u->id : 0LL, u ? u->email : (r ? "visiteur" : "système"), action,
		       entity, entity_id, summary, r ? r->request_id : NULL);
}

static const char *const action_labels[][2] = {
	{"account.create", "Création de compte"},
	{"account.update", "Modification de compte"},
	{"account.password", "Changement de mot de passe"},
	{"account.disable", "Désactivation de compte"},
	{"account.enable", "Réactivation de compte"},
	{"session.login", "Connexion"},
	{"session.logout", "Déconnexion"},
	{"organization.create", "Création d'organisation"},
	{"organization.update", "Modification d'organisation"},
	{"organization.delete", "Suppression d'organisation"},
	{"contact.create", "Création de contact"},
	{"contact.update", "Modification de contact"},
	{"contact.delete", "Suppression de contact"},
	{"interaction.create", "Échange noté"},
	{"project.create", "Création de projet"},
	{"project.update", "Modification de projet"},
	{"project.delete", "Suppression de projet"},
	{"sector.create", "Création de secteur"},
	{"sector.update", "Modification de secteur"},
	{"sector.delete", "Suppression de secteur"},
	{"operation.create", "Création d'opération"},
	{"operation.update", "Modification d'opération"},
	{"operation.delete", "Suppression d'opération"},
	{"import.organizations", "Import d'organisations (CSV)"},
	{"import.contacts", "Import de contacts (CSV)"},
	{"contact.erase", "Effacement d'une personne (RGPD)"},
	{"token.create", "Création de jeton d'API"},
	{"token.revoke", "Révocation de jeton d'API"},
	{"report.create", "Nouveau signalement"},
	{"report.update", "Modification de signalement"},
	{"report.status", "Changement d'état de signalement"},
	{"report.route", "Transmission de signalement"},
	{"report.comment", "Commentaire sur un signalement"},
	{"report.photo", "Modération de photo"},
	{"report.bulk", "Changement d'état groupé"},
	{"category.create", "Création de catégorie de signalement"},
	{"category.update", "Modification de catégorie de signalement"},
	{"category.delete", "Suppression de catégorie de signalement"},
	{"routing.update", "Modification de l'aiguillage des signalements"},
	{"walk.create", "Création de diagnostic en marchant"},
	{"walk.update", "Modification de diagnostic en marchant"},
	{"walk.delete", "Suppression de diagnostic en marchant"},
	{"meeting.create", "Création de réunion"},
	{"meeting.update", "Modification de réunion"},
	{"meeting.cancel", "Annulation de réunion"},
	{"meeting.delete", "Suppression de réunion"},
	{"meeting.agenda_add", "Ajout d'un point à l'ordre du jour"},
	{"meeting.agenda_remove", "Retrait d'un point de l'ordre du jour"},
	{"hotspot.update", "Suivi d'un point noir"},
	{"outbox.retry", "Nouvel essai d'envoi de courriel"},
	{"retention.purge", "Effacement des données personnelles échues"},
	{"contribution.create", "Enregistrement de contribution"},
	{"contribution.moderate", "Modération de contribution"},
	{"contribution.answer", "Réponse à une contribution"},
	{"contribution.attach", "Pièce jointe ajoutée à une contribution"},
	{"contribution.detach", "Pièce jointe d'une contribution supprimée"},
	{"theme.create", "Création de thème de la concertation"},
	{"theme.update", "Modification de thème de la concertation"},
	{"body.create", "Création d'instance"},
	{"body.update", "Modification d'instance"},
	{"body.delete", "Suppression d'instance"},
	{"body.deactivate", "Instance rendue inactive"},
	{"body.member_add", "Ajout d'un membre d'instance"},
	{"body.member_update", "Modification d'un membre d'instance"},
	{"body.member_end", "Fin de mandat d'un membre d'instance"},
	{"body.member_remove", "Retrait d'un membre d'instance"},
	{"session.convene", "Convocation d'une séance"},
	{"session.reconvene", "Nouvel envoi de la convocation d'une séance"},
	{"session.attendance", "Émargement d'une séance"},
	{"registration.create", "Inscription à une réunion"},
	{"registration.cancel", "Annulation d'une inscription"},
	{"registration.promote", "Place libérée attribuée (liste d'attente)"},
	{"registration.remind", "Rappels d'inscription envoyés"},
	{"registration.export", "Export des inscrits d'une réunion"},
	{"retention.registrations", "Effacement des coordonnées d'inscrits échues"},
	{"attendance.save", "Présences d'une réunion enregistrées"},
	{"attendance.tick", "Présence cochée"},
	{"minutes.save", "Compte rendu enregistré"},
	{"minutes.publish", "Compte rendu publié"},
	{"minutes.unpublish", "Compte rendu retiré de la page publique"},
	{"decision.create", "Ajout d'une décision"},
	{"decision.update", "Modification d'une décision"},
	{"decision.followup", "Suite donnée à une décision"},
	{"consultation_report.create", "Création de bilan de la concertation"},
	{"consultation_report.update", "Modification de bilan de la concertation"},
	{"consultation_report.sign", "Signature des conclusions d'un bilan"},
	{"consultation_report.adopt", "Adoption de bilan de la concertation"},
	{"consultation_report.delete", "Suppression de bilan de la concertation"},
};

static const char *const entity_labels[][3] = {
	/* entity, French name, URL prefix of its page (or NULL) */
	{"account", "compte", "/admin/comptes/"},
	{"organization", "organisation", "/partenaires/"},
	{"contact", "contact", "/contacts/"},
	{"project", "projet", NULL},
	{"sector", "secteur", NULL},
	{"operation", "opération", "/equipe/operations/"},
	{"api_token", "jeton d'API", NULL},
	{"report", "signalement", "/gestion/signalements/"},
	{"report_category", "catégorie de signalement", "/admin/categories/"},
	{"walk", "diagnostic en marchant", "/equipe/diagnostics/"},
	{"meeting", "réunion", "/equipe/reunions/"},
	{"hotspot", "point noir", NULL},
	{"outbox", "courriel", NULL},
	{"contribution", "contribution", "/equipe/contributions/"},
	{"theme", "thème de la concertation", NULL},
	{"body", "instance", "/equipe/instances/"},
	{"consultation_report", "bilan de la concertation", "/equipe/bilans/"},
};

static const char *label_of(const char *const (*table)[2], size_t n, const char *key)
{
	for (size_t i = 0; key && i < n; i++)
		if (strcmp(table[i][0], key) == 0)
			return table[i][1];
	return key ? key : "";
}

const char *audit_action_label(const char *action)
{
	return label_of(action_labels, sizeof action_labels / sizeof action_labels[0], action);
}

const char *audit_entity_label(const char *entity)
{
	for (size_t k = 0; entity && k < sizeof entity_labels / sizeof entity_labels[0]; k++)
		if (strcmp(entity_labels[k][0], entity) == 0)
			return entity_labels[k][1];
	return entity ? entity : "";
}

void audit_rows_decorate(req_t *r, json_t *rows)
{
	size_t i;
	json_t *row;
	rows_add_time_fr(r, rows, "at");
	json_array_foreach(rows, i, row)
	{
		const char *action = json_string_value(json_object_get(row, "action"));
		const char *entity = json_string_value(json_object_get(row, "entity"));
		json_int_t id = json_integer_value(json_object_get(row, "entity_id"));
		json_object_set_new(row, "action_label", json_string(audit_action_label(action)));
		for (size_t k = 0; entity && k < sizeof entity_labels / sizeof entity_labels[0]; k++) {
			if (strcmp(entity_labels[k][0], entity) != 0)
				continue;
			json_object_set_new(row, "entity_label", json_string(entity_labels[k][1]));
			if (entity_labels[k][2] && id > 0)
				json_object_set_new(row, "entity_url",
						    json_string(arena_printf(r->arena, "%s%lld", entity_labels[k][2], (long long)id)));
		}
		if (!json_object_get(row, "entity_label"))
			json_object_set_new(row, "entity_label", json_string(entity ? entity : ""));
	}
}
