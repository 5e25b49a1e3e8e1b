/* directory_demo.c — see directory_demo.h. Every person here is invented;
 * e-mails are @exemple.fr (a reserved-looking domain) and phone numbers are
 * in the range ARCEP keeps for fiction (06 39 98 xx xx). */
#include "modules/directory_demo.h"

#include <stdio.h>
#include <string.h>

#include "db/db.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* First names with their ASCII form for e-mail addresses. */
static const char *const firsts[][2] = {
    {"Amina", "amina"},	    {"Baptiste", "baptiste"},	{"Céline", "celine"},	    {"Djamel", "djamel"},
    {"Élodie", "elodie"},   {"Fatou", "fatou"},		{"Grégoire", "gregoire"},   {"Hélène", "helene"},
    {"Idriss", "idriss"},   {"Joëlle", "joelle"},	{"Kévin", "kevin"},	    {"Lina", "lina"},
    {"Mehdi", "mehdi"},	    {"Nathalie", "nathalie"},	{"Océane", "oceane"},	    {"Pascal", "pascal"},
    {"Rania", "rania"},	    {"Sébastien", "sebastien"}, {"Thi Lan", "thilan"},	    {"Ugo", "ugo"},
    {"Valérie", "valerie"}, {"Wassim", "wassim"},	{"Yolande", "yolande"},	    {"Zinedine", "zinedine"},
    {"Aïcha", "aicha"},	    {"Bernard", "bernard"},	{"Clémence", "clemence"},   {"Dylan", "dylan"},
    {"Estelle", "estelle"}, {"François", "francois"},	{"Géraldine", "geraldine"}, {"Hamid", "hamid"},
};
static const char *const lasts[][2] = {
    {"Aubert", "aubert"},     {"Benhamou", "benhamou"}, {"Castel", "castel"},	  {"Diallo", "diallo"},
    {"Esposito", "esposito"}, {"Fournier", "fournier"}, {"Guerrero", "guerrero"}, {"Hadjadj", "hadjadj"},
    {"Imbert", "imbert"},     {"Jacquet", "jacquet"},	{"Kaci", "kaci"},	  {"Lopez", "lopez"},
    {"Mercier", "mercier"},   {"N'Diaye", "ndiaye"},	{"Olivier", "olivier"},	  {"Pujol", "pujol"},
    {"Roussel", "roussel"},   {"Sanchez", "sanchez"},	{"Tran", "tran"},	  {"Vasseur", "vasseur"},
    {"Weber", "weber"},	      {"Zerrouki", "zerrouki"}, {"Bonnefoy", "bonnefoy"}, {"Cabrol", "cabrol"},
    {"Delorme", "delorme"},   {"Ferrand", "ferrand"},	{"Granier", "granier"},	  {"Marchetti", "marchetti"},
    {"Nguyen", "nguyen"},     {"Pagès", "pages"},	{"Rouvière", "rouviere"}, {"Salvador", "salvador"},
    {"Texier", "texier"},
};

/* A position in an organisation, by its kind. */
static const char *position_for(const char *kind, int k)
{
	static const char *const by_kind[][4] = {
	    {"developer", "chef de projet renouvellement urbain", "chargée d'opérations", "directeur de l'aménagement"},
	    {"landlord", "chargée de gestion locative", "responsable d'agence", "gardien d'immeuble"},
	    {"association", "présidente", "coordinateur", "trésorier"},
	    {"citizen_body", "membre", "co-animatrice", "membre du collège habitants"},
	    {"institution", "chargé de mission", "déléguée territoriale", "chef de service"},
	    {"education", "directrice d'école", "principal", "conseillère principale d'éducation"},
	    {"residents_group", "président", "secrétaire", "membre actif"},
	    {"city_service", "chef de service", "agent de développement local", "responsable de secteur"},
	    {"contractor", "conducteur de travaux", "chargée de concertation", "gérant"},
	    {"other", "gestionnaire", "assistante", "directeur"},
	};
	for (size_t i = 0; i < NELEM(by_kind); i++)
		if (kind && strcmp(by_kind[i][0], kind) == 0)
			return by_kind[i][1 + k % 3];
	return "contact";
}

static int add_contact(int n, long long org, const char *kind, const char *now, int resident)
{
	const char *const *f = firsts[(size_t)(n * 7) % NELEM(firsts)];
	const char *const *l = lasts[(size_t)(n * 5 + n / 7) % NELEM(lasts)];
	char email[128], phone[32];
	snprintf(email, sizeof email, "%s.%s%d@exemple.fr", f[1], l[1], n);
	snprintf(phone, sizeof phone, "06 39 98 %02d %02d", n / 100 % 100, n % 100);
	const char *function = resident ? "" : position_for(kind, n);
	if (db_exec("INSERT INTO contact (first_name, last_name, function, email, phone, notes, is_resident, "
		    "consent_basis, "
		    "consent_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
		    "ttttttittt"
		    "t",
		    f[0], l[0], function, email, n % 3 ? phone : NULL,
		    resident ? "Habitante ou habitant ; a demandé à recevoir les invitations aux ateliers." : "",
		    (long long)resident, resident ? "consent" : NULL, resident ? "2025-09-15" : NULL, now, now) != 0)
		return -1;
	long long id = db_last_id();
	if (org && db_exec("INSERT INTO membership (contact_id, organization_id, position) VALUES (?, ?, ?)", "iit", id,
			   org, function) != 0)
		return -1;
	static const char *const tags[] = {"concertation", "GUSP", "jeunesse", "Maison du Projet"};
	if (n % 4 == 0 && db_exec("INSERT INTO contact_tag (contact_id, tag_id) SELECT ?, id FROM tag WHERE name = ?",
				  "it", id, tags[(size_t)(n / 4) % NELEM(tags)]) != 0)
		return -1;
	return 0;
}

/* Some exchanges with the partners, over the last months. */
static int add_interactions(const char *now)
{
	static const char *const kinds[] = {"meeting", "call", "email", "visit", "event"};
	static const char *const notes[] = {
	    "Point d'étape sur le calendrier des travaux.",
	    "Préparation de l'atelier de concertation ; liste des invités à compléter.",
	    "Relance sur les dépôts sauvages au pied des immeubles.",
	    "Visite du chantier avec les habitants.",
	    "Échange sur la Lettre du Projet et sa diffusion.",
	};
	long long staff = db_int(0, "SELECT id FROM account WHERE email = 'staff@demo.test'", NULL);
	json_t *orgs = db_rows("SELECT id FROM organization ORDER BY id", NULL);
	size_t i;
	json_t *o;
	int rc = 0;
	json_array_foreach(orgs, i, o)
	{
		if (rc || i % 2)
			continue;
		long long org = json_integer_value(json_object_get(o, "id"));
		for (int k = 0; rc == 0 && k < 1 + (int)(i % 3); k++) {
			char date[11];
			snprintf(date, sizeof date, "2026-%02d-%02d", 1 + (int)((i + (size_t)k * 4) % 10),
				 3 + (int)((i * 7 + (size_t)k) % 25));
			long long contact = db_int(
			    0,
			    "SELECT contact_id FROM membership WHERE organization_id = ? ORDER BY contact_id LIMIT 1",
			    "i", org);
			rc = db_exec("INSERT INTO interaction (organization_id, contact_id, happened_on, kind, note, "
				     "author_id, created_at) "
				     "VALUES (?, NULLIF(?, 0), ?, ?, ?, NULLIF(?, 0), ?)",
				     "iitttit", org, k ? contact : 0LL, date, kinds[(i + (size_t)k) % NELEM(kinds)],
				     notes[(i + (size_t)k) % NELEM(notes)], staff, now);
		}
	}
	json_decref(orgs);
	return rc ? -1 : 0;
}

int directory_demo_load(void)
{
	char now[21];
	db_now(now);
	json_t *orgs = db_rows("SELECT id, kind FROM organization ORDER BY id", NULL);
	size_t norgs = json_array_size(orgs);
	int rc = 0, n = 0;
	/* About 140 members, spread over the organisations (3 to 4 each)... */
	for (int k = 0; rc == 0 && norgs && k < 140; k++, n++) {
		json_t *o = json_array_get(orgs, (size_t)k % norgs);
		rc = add_contact(n, json_integer_value(json_object_get(o, "id")),
				 json_string_value(json_object_get(o, "kind")), now, 0);
	}
	json_decref(orgs);
	/* ...and ten residents who agreed to be contacted, some in a residents' group. */
	long long massane = db_int(
	    0, "SELECT id FROM organization WHERE name = 'Association des habitants des Hauts de Massane'", NULL);
	for (int k = 0; rc == 0 && k < 10; k++, n++)
		rc = add_contact(n, k % 2 ? massane : 0, "residents_group", now, 1);
	if (rc == 0)
		rc = add_interactions(now);
	return rc;
}
