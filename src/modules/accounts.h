/* accounts.h — accounts (people who log in): the operations shared by the
 * administration pages and the command line. Each runs in a transaction
 * with its audit entry. r may be NULL (command line). */
#ifndef QUARTIER_ACCOUNTS_H
#define QUARTIER_ACCOUNTS_H

#include "http/request.h"

typedef enum account_status {
	ACCOUNT_OK = 0,
	ACCOUNT_EMAIL_TAKEN, /* another account has this e-mail */
	ACCOUNT_NEEDS_ORG,   /* a partner must belong to an organisation */
	ACCOUNT_BAD_ORG,     /* no such organisation */
	ACCOUNT_BAD_ROLE,
	ACCOUNT_NOT_FOUND,
	ACCOUNT_SELF,        /* an administrator may not disable themself or change their own role */
	ACCOUNT_DB_ERROR,
} account_status_t;

/* French message for a status. Static string. */
const char *account_status_message(account_status_t st);

/* Creates an account; *id receives its id. The password is hashed here. */
account_status_t account_create(req_t *r, const char *email, const char *name, const char *role,
				long long organization_id, const char *password, long long *id);

/* The same with a password already hashed by password_hash() (demo data:
 * one Argon2id hash shared by many accounts, since hashing is slow). */
account_status_t account_create_hashed(req_t *r, const char *email, const char *name, const char *role,
				       long long organization_id, const char *hash, long long *id);

/* Changes name, role and organisation (0: none). */
account_status_t account_update(req_t *r, long long id, const char *name, const char *role,
				long long organization_id);

/* Replaces the password and ends the account's sessions. */
account_status_t account_set_password(req_t *r, long long id, const char *password);

/* Disables (ending its sessions) or enables an account. */
account_status_t account_set_disabled(req_t *r, long long id, int disabled);

/* Id of the account with this e-mail (any case), or 0. */
long long account_find(const char *email);

/* Route handlers (administration). */
void accounts_list(req_t *r);
void accounts_new_form(req_t *r);
void accounts_create(req_t *r);
void accounts_show(req_t *r);
void accounts_update(req_t *r);
void accounts_reset_password(req_t *r);
void accounts_disable(req_t *r);
void accounts_enable(req_t *r);

#endif
