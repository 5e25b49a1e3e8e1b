/* password.h — Argon2id password hashing (libsodium).
 * Parameters follow OWASP's guidance for Argon2id (19 MiB, 2 passes): slow
 * for an attacker with the database, quick enough for a login. */
#ifndef QUARTIER_PASSWORD_H
#define QUARTIER_PASSWORD_H

#include <sodium.h>

#define PASSWORD_MIN_CHARS 12
#define PASSWORD_HASH_LEN crypto_pwhash_STRBYTES

/* Hashes pw into out (NUL-terminated encoded string). 0, or -1 when out of memory. */
int password_hash(const char *pw, char out[PASSWORD_HASH_LEN]);

/* 1 if pw matches the encoded hash. */
int password_verify(const char *hash, const char *pw);

/* Spends the time of a verification, for logins of unknown accounts: the
 * answer time must not tell whether an account exists. */
void password_spend_time(const char *pw);

#endif
