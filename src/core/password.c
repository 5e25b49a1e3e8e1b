/* password.c — see password.h. */
#include "core/password.h"

#include <string.h>

#define OPSLIMIT 2
#define MEMLIMIT (19u * 1024 * 1024)

int password_hash(const char *pw, char out[PASSWORD_HASH_LEN])
{
	return crypto_pwhash_str_alg(out, pw, strlen(pw), OPSLIMIT, MEMLIMIT, crypto_pwhash_ALG_ARGON2ID13);
}

int password_verify(const char *hash, const char *pw)
{
	return hash && crypto_pwhash_str_verify(hash, pw, strlen(pw)) == 0;
}

void password_spend_time(const char *pw)
{
	char dummy[PASSWORD_HASH_LEN];
	password_hash(pw, dummy);
}
