/* demo.c — see demo.h. The places and bodies are real and public; the
 * people are invented, and so is everything --scale adds. */
#include "modules/demo.h"

#include <stdio.h>

#include "core/embedded.h"
#include "modules/reports_demo.h"
#include "modules/contributions_demo.h"
#include "core/log.h"
#include "core/password.h"
#include "db/db.h"
#include "modules/accounts.h"
#include "modules/directory_demo.h"

static const struct {
	const char *email, *name, *role, *organization;
} demo_accounts[] = {
	{"admin@demo.test", "Julien Roux", "admin", NULL},
	{"staff@demo.test", "Nadia Benali", "staff", NULL},
	{"partner@demo.test", "Sophie Martin", "partner", "ACM Habitat"},
	{"member@demo.test", "Karim Haddad", "member", NULL},
};

/* ---- --scale: invented records, the same set for each step ---- */

/* Each organisation kind of the schema, with the start of an invented name. */
static const char *const org_kinds[][2] = {
	{"association", "Association des jardins"},
	{"landlord", "Habitat social"},
	{"contractor", "Entreprise de travaux"},
	{"residents_group", "Amicale des locataires"},
	{"education", "École élémentaire"},
	{"developer", "Société d'aménagement"},
	{"institution", "Agence régionale"},
	{"citizen_body", "Conseil citoyen"},
	{"city_service", "Service municipal"},
	{"other", "Collectif"},
};
static const char *const places[] = {
	"des Micocouliers", "du Lavandin", "des Arbousiers", "de la Garrigue Haute",
	"des Oliviers Bleus", "du Ruisseau Sec", "des Cigales", "du Mas Imaginaire",
};
static const char *const first_names[] = {
	"Amina", "Bruno", "Chloé", "David", "Émilie", "Farid", "Gaëlle", "Hugo", "Inès", "Jérôme",
	"Leïla", "Mathieu", "Nora", "Olivier", "Pauline", "Rachid", "Sarah", "Thomas", "Yasmine", "Zoé",
};
static const char *const last_names[] = {
	"Arnaud", "Belkacem", "Carpentier", "Delmas", "Estève", "Fabre", "Garcia", "Hamdi", "Issartel",
	"Jourdan", "Lefebvre", "Meunier", "Nguyen", "Ortiz", "Perrin", "Quintana", "Rey", "Salhi",
	"Teyssier", "Vidal",
};
#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

enum { ORGS_PER_STEP = 5, STAFF_PER_STEP = 3, PARTNERS_PER_STEP = 5, MEMBERS_PER_STEP = 8 };
enum { OPERATIONS_PER_STEP = 4 };

typedef struct scale_counts {
	long long organizations, accounts, audit, operations;
} scale_counts_t;

/* An account that "logged in and out" once: its audit entries, as the login
 * page writes them, and its last login time. */
static int record_visit(long long id, const char *email, const char *now)
{
	static const char *const entries[][2] = {{"session.login", "connexion"}, {"session.logout", "déconnexion"}};
	for (size_t i = 0; i < NELEM(entries); i++)
		if (db_exec("INSERT INTO audit (at, actor_id, actor, action, entity, entity_id, summary) "
			    "VALUES (?, ?, ?, ?, 'account', ?, ?)",
			    "tittit", now, id, email, entries[i][0], id, entries[i][1]) != 0)
			return -1;
	return db_exec("UPDATE account SET last_login_at = ? WHERE id = ?", "ti", now, id) != 0 ? -1 : 0;
}

/* Invented operations added to Mosson at each step, so that the benchmark's
 * project page has a long timeline. */
static int scale_operations(int step, const char *now)
{
	static const char *const kinds[] = {"demolition", "rehabilitation", "new_housing", "public_space", "facility"};
	static const char *const phases[] = {"studies", "works", "delivered"};
	static const char *const statuses[] = {"planned", "in_progress", "done", "delayed"};
	for (int j = 0; j < OPERATIONS_PER_STEP; j++) {
		int k = step * OPERATIONS_PER_STEP + j;
		char title[160], start[24];
		snprintf(title, sizeof title, "Opération %s n° %d (fictive)", places[(size_t)k % NELEM(places)], k);
		snprintf(start, sizeof start, "%04d-%02d", 2015 + k % 16, 1 + k % 12);
		if (db_exec("INSERT INTO operation (project_id, sector_id, kind, title, summary, phase, status, start_date, "
			    "lat, lon, source, created_at, updated_at) SELECT p.id, (SELECT s.id FROM sector s WHERE "
			    "s.project_id = p.id ORDER BY s.position LIMIT 1 OFFSET ?), ?, ?, 'Opération inventée pour "
			    "les mesures de performance.', ?, ?, ?, 43.615 + ?, 3.820 + ?, 'Données fictives "
			    "(quartier demo --scale).', ?, ? FROM project p WHERE p.slug = 'mosson'",
			    "itttttddtt", (long long)(k % 4), kinds[(size_t)k % NELEM(kinds)], title,
			    phases[(size_t)k % NELEM(phases)], statuses[(size_t)k % NELEM(statuses)], start,
			    (double)(k % 17 - 8) / 2000.0, (double)(k % 13 - 6) / 1500.0, now, now) != 0)
			return -1;
	}
	return 0;
}

/* Step `step` (1 .. scale - 1) of the scaled data. */
static int scale_step(int step, const char *hash, scale_counts_t *n)
{
	char now[21];
	db_now(now);
	if (scale_operations(step, now) != 0)
		return -1;
	n->operations += OPERATIONS_PER_STEP;
	long long orgs[ORGS_PER_STEP];
	for (int j = 0; j < ORGS_PER_STEP; j++) {
		size_t k = ((size_t)step * ORGS_PER_STEP + (size_t)j) % NELEM(org_kinds);
		char name[160];
		snprintf(name, sizeof name, "%s %s n° %d (fictif)", org_kinds[k][1],
			 places[((size_t)step + (size_t)j * 3) % NELEM(places)], step);
		if (db_exec("INSERT INTO organization (kind, name, created_at, updated_at) VALUES (?, ?, ?, ?)", "tttt",
			    org_kinds[k][0], name, now, now) != 0)
			return -1;
		orgs[j] = db_last_id();
		n->organizations++;
	}
	static const struct {
		const char *role, *prefix;
		int count;
	} groups[] = {
		{"staff", "equipe", STAFF_PER_STEP},
		{"partner", "partenaire", PARTNERS_PER_STEP},
		{"member", "membre", MEMBERS_PER_STEP},
	};
	int k = 0; /* account number within the step */
	for (size_t g = 0; g < NELEM(groups); g++) {
		for (int i = 0; i < groups[g].count; i++, k++) {
			char email[96], name[96];
			snprintf(email, sizeof email, "%s.%d.%d@demo.test", groups[g].prefix, step, i + 1);
			snprintf(name, sizeof name, "%s %s", first_names[((size_t)step * 7 + (size_t)k * 3) % NELEM(first_names)],
				 last_names[((size_t)step * 5 + (size_t)k * 11) % NELEM(last_names)]);
			long long org = groups[g].role[0] == 'p' ? orgs[i % ORGS_PER_STEP] : 0;
			long long id;
			account_status_t st = account_create_hashed(NULL, email, name, groups[g].role, org, hash, &id);
			if (st != ACCOUNT_OK) {
				log_error("compte de démonstration %s : %s", email, account_status_message(st));
				return -1;
			}
			n->accounts++;
			n->audit++;
			/* Two accounts in three have been used; the last member of each step is disabled. */
			if (k % 3 != 2) {
				if (record_visit(id, email, now) != 0)
					return -1;
				n->audit += 2;
			}
			if (g == NELEM(groups) - 1 && i == groups[g].count - 1) {
				if (account_set_disabled(NULL, id, 1) != ACCOUNT_OK)
					return -1;
				n->audit++;
			}
		}
	}
	return 0;
}

int demo_load(int scale)
{
	if (scale < 1 || scale > DEMO_SCALE_MAX) {
		log_error("échelle invalide : %d (de 1 à %d)", scale, DEMO_SCALE_MAX);
		return -1;
	}
	if (db_int(0, "SELECT (SELECT count(*) FROM account) + (SELECT count(*) FROM project)", NULL) > 0) {
		log_error("la base n'est pas vide : les données de démonstration ne se chargent que dans une base neuve");
		return -1;
	}
	const embedded_file_t *sql = embedded_find(embedded_demo, embedded_demo_count, "demo.sql");
	/* Argon2id is slow on purpose: one hash of the demo password for every account. */
	char hash[PASSWORD_HASH_LEN];
	if (!sql || password_hash(DEMO_PASSWORD, hash) != 0 || db_begin() != 0)
		return -1;
	if (db_exec_script((const char *)sql->data) != 0)
		goto fail;
	/* The sectors' outlines and the projects' operations (owners looked up by name). */
	const embedded_file_t *ops = embedded_find(embedded_demo, embedded_demo_count, "projects.sql");
	if (!ops || db_exec_script((const char *)ops->data) != 0)
		goto fail;
	for (size_t i = 0; i < NELEM(demo_accounts); i++) {
		long long org = demo_accounts[i].organization
					? db_int(0, "SELECT id FROM organization WHERE name = ?", "t",
						 demo_accounts[i].organization)
					: 0;
		long long id;
		account_status_t st = account_create_hashed(NULL, demo_accounts[i].email, demo_accounts[i].name,
							    demo_accounts[i].role, org, hash, &id);
		if (st != ACCOUNT_OK) {
			log_error("compte de démonstration %s : %s", demo_accounts[i].email, account_status_message(st));
			goto fail;
		}
	}
	/* The partner directory's people and exchanges (after the accounts: staff write the exchanges). */
	if (directory_demo_load() != 0)
		goto fail;
	/* GUSP reports: categories, routing, reports (and many more with --scale). */
	if (reports_demo_load(scale) != 0)
		goto fail;
	/* The concertation, in this order (each file may use the ones before):
	 * meetings of both projects (past and upcoming, one cancelled, one
	 * private); themes and contributions (after the accounts: staff
	 * entered them); registrations, attendance and minutes (after meetings);
	 * bodies (instances) with members, sessions, attendance and decisions
	 * (after meetings); a draft bilan (after contributions). A new file of
	 * the concertation goes in this list. */
	static const char *const concertation[] = {"meetings.sql", "registrations.sql", "contributions.sql", "bodies.sql",
						   "bilan.sql"};
	for (size_t i = 0; i < NELEM(concertation); i++) {
		const embedded_file_t *f = embedded_find(embedded_demo, embedded_demo_count, concertation[i]);
		if (!f || db_exec_script((const char *)f->data) != 0)
			goto fail;
	}
	scale_counts_t n = {0, 0, 0, 0};
	for (int step = 1; step < scale; step++)
		if (scale_step(step, hash, &n) != 0)
			goto fail;
	/* Meetings and contributions of every step, in one bulk load. */
	if (contributions_demo_load(scale) != 0)
		goto fail;
	if (db_commit() != 0)
		goto fail;
	printf("données de démonstration chargées ; comptes (mot de passe « %s ») :\n", DEMO_PASSWORD);
	for (size_t i = 0; i < NELEM(demo_accounts); i++)
		printf("  %-20s %s\n", demo_accounts[i].email, demo_accounts[i].role);
	if (scale > 1)
		printf("échelle %d : %lld organisations, %lld comptes (même mot de passe) et %lld entrées du journal "
		       "inventés en plus ; %lld opérations fictives dans le projet Mosson ; %lld signalements\n",
		       scale, n.organizations, n.accounts, n.audit, n.operations, reports_demo_count());
	if (scale > 1)
		printf("concertation : %lld réunions et %lld contributions fictives en plus\n", contributions_demo_meetings(),
		       contributions_demo_count());
	else
		printf("%lld signalements de démonstration\n", reports_demo_count());
	return 0;
fail:
	db_rollback();
	return -1;
}

/* ---- bulk loading (scale generators) ---- */

json_t *demo_bulk_set_aside(const char *const *triggers, size_t ntriggers, const char *const *tables, size_t ntables)
{
	json_t *saved = json_array();
	for (size_t i = 0; i < ntriggers; i++) {
		json_t *row = db_row("SELECT name, sql, 'TRIGGER' AS type FROM sqlite_schema WHERE type = 'trigger' "
				     "AND name = ?",
				     "t", triggers[i]);
		if (row)
			json_array_append_new(saved, row);
	}
	for (size_t i = 0; i < ntables; i++) {
		json_t *rows = db_rows("SELECT name, sql, 'INDEX' AS type FROM sqlite_schema WHERE type = 'index' AND "
				       "tbl_name = ? AND sql IS NOT NULL",
				       "t", tables[i]);
		json_array_extend(saved, rows);
		json_decref(rows);
	}
	size_t i;
	json_t *o;
	json_array_foreach(saved, i, o)
	{
		char drop[160];
		snprintf(drop, sizeof drop, "DROP %s \"%s\";", json_string_value(json_object_get(o, "type")),
			 json_string_value(json_object_get(o, "name")));
		if (db_exec_script(drop) != 0) {
			json_decref(saved);
			return NULL;
		}
	}
	return saved;
}

int demo_bulk_restore(json_t *saved)
{
	size_t i;
	json_t *o;
	json_array_foreach(saved, i, o)
	{
		if (db_exec_script(json_string_value(json_object_get(o, "sql"))) != 0)
			return -1;
	}
	return 0;
}
