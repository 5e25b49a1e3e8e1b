/* demo.c — see demo.h. The places and bodies are real and public; the
 * people are invented. */
#include "modules/demo.h"

#include <stdio.h>

#include "core/embedded.h"
#include "core/log.h"
#include "db/db.h"
#include "modules/accounts.h"

static const struct {
	const char *email, *name, *role, *organization;
} demo_accounts[] = {
	{"admin@demo.test", "Julien Roux", "admin", NULL},
	{"staff@demo.test", "Nadia Benali", "staff", NULL},
	{"partner@demo.test", "Sophie Martin", "partner", "ACM Habitat"},
	{"member@demo.test", "Karim Haddad", "member", NULL},
};

int demo_load(void)
{
	if (db_int(0, "SELECT (SELECT count(*) FROM account) + (SELECT count(*) FROM project)", NULL) > 0) {
		log_error("la base n'est pas vide : les données de démonstration ne se chargent que dans une base neuve");
		return -1;
	}
	const embedded_file_t *sql = embedded_find(embedded_demo, embedded_demo_count, "demo.sql");
	if (!sql || db_begin() != 0)
		return -1;
	if (db_exec_script((const char *)sql->data) != 0)
		goto fail;
	for (size_t i = 0; i < sizeof demo_accounts / sizeof demo_accounts[0]; i++) {
		long long org = demo_accounts[i].organization
					? db_int(0, "SELECT id FROM organization WHERE name = ?", "t",
						 demo_accounts[i].organization)
					: 0;
		long long id;
		account_status_t st = account_create(NULL, demo_accounts[i].email, demo_accounts[i].name,
						     demo_accounts[i].role, org, DEMO_PASSWORD, &id);
		if (st != ACCOUNT_OK) {
			log_error("compte de démonstration %s : %s", demo_accounts[i].email, account_status_message(st));
			goto fail;
		}
	}
	if (db_commit() != 0)
		goto fail;
	printf("données de démonstration chargées ; comptes (mot de passe « %s ») :\n", DEMO_PASSWORD);
	for (size_t i = 0; i < sizeof demo_accounts / sizeof demo_accounts[0]; i++)
		printf("  %-20s %s\n", demo_accounts[i].email, demo_accounts[i].role);
	return 0;
fail:
	db_rollback();
	return -1;
}
