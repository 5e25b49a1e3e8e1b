/* db.h — the database, behind one small interface (SQLite today).
 *
 * Each thread gets its own connection, opened on first use with the pragmas
 * of DESIGN.md §2 (WAL, foreign keys, busy timeout, synchronous=FULL) and
 * closed when the thread exits. Statements are prepared once per connection
 * and cached, keyed by the address of their SQL text: pass string literals.
 * Only prepared statements with bound parameters are used: no SQL is ever
 * built from input.
 *
 * Bind types, in the `types` string of the variadic calls:
 *   't' const char * (NULL binds NULL)   'i' long long   'd' double
 *   'n' (no argument) NULL
 */
#ifndef QUARTIER_DB_H
#define QUARTIER_DB_H

#include <jansson.h>
#include <sqlite3.h>

/* Sets the database file for every connection opened afterwards. The string
 * must outlive the process's use of the database. */
void db_set_path(const char *path);
const char *db_path(void);

/* This thread's connection (opened on first use), or NULL with an error logged. */
sqlite3 *db_conn(void);

/* Closes this thread's connection now (the main thread calls it before exit). */
void db_close_thread(void);

/* Statement cache slots per connection; a power of two. Every SQL text of
 * the program gets one slot for the life of the connection (about 330 texts
 * today): 4096 keeps probing short and leaves room to grow. A full cache
 * aborts, so tests/unit/test_sql_cache.c checks that the db_* call sites of
 * src/ stay under half of it. */
#define DB_STMT_CACHE_SIZE 4096

/* A cached statement of this thread, reset and with fresh bindings. Aborts on
 * SQL that does not compile: that is a programming error. Do not nest two
 * uses of the same SQL text. */
sqlite3_stmt *db_query(const char *sql, const char *types, ...);

/* Runs a statement to completion. Returns 0, or the SQLite error code
 * (e.g. SQLITE_CONSTRAINT) with the error logged unless it is a constraint. */
int db_exec(const char *sql, const char *types, ...);

/* Every row as an array of objects (column name -> value); new reference. */
json_t *db_rows(const char *sql, const char *types, ...);

/* The first row as an object, or NULL when there is none; new reference. */
json_t *db_row(const char *sql, const char *types, ...);

/* First column of the first row as an integer (dflt when no row). */
long long db_int(long long dflt, const char *sql, const char *types, ...);

long long db_last_id(void);
int db_changes(void);

/* Transactions: BEGIN IMMEDIATE / COMMIT / ROLLBACK. Return 0 or an error code. */
int db_begin(void);
int db_commit(void);
void db_rollback(void);

/* 1 inside an explicit transaction. */
int db_in_transaction(void);

/* Runs a script of several statements (migrations, demo data); 0 or -1 with
 * the message logged. */
int db_exec_script(const char *sql);

/* Applies the embedded migrations newer than PRAGMA user_version, each in its
 * own transaction. Returns 0, or -1 with a message on stderr. */
int db_migrate(void);

/* The schema version (PRAGMA user_version) and the newest embedded one. */
int db_schema_version(void);
int db_latest_version(void);

/* A LIKE pattern matching text that contains s, with %, _ and \ in s taken
 * literally: use it as `col LIKE ? ESCAPE '\'`. Arena string. */
#include "core/arena.h"
char *db_like_contains(arena_t *a, const char *s);

/* A fingerprint of the last commit to the database by any connection of
 * any process: the WAL-index header that SQLite keeps in the shared-memory
 * file beside the database (format documented at sqlite.org/walformat.html),
 * read without a lock or a system call. Every commit changes it. Returns 1
 * and fills out, or 0 when it cannot be read reliably right now (no WAL
 * index yet, a writer updating it): then ask the database. */
#define DB_MARKER_LEN 48
int db_commit_marker(unsigned char out[DB_MARKER_LEN]);

/* The current time as UTC ISO 8601 ("2026-11-29T14:05:00Z") in buf[21]. */
void db_now(char buf[21]);

#endif
