/* main.c — the command line: serve, migrate, demo, user, token, backup, maintain, routes,
 * version, help. Every flag also comes from an environment variable. */
#include <errno.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "app.h"
#include "version.h"
#include "core/config.h"
#include "core/log.h"
#include "core/outbox.h"
#include "core/password.h"
#include "db/db.h"
#include "http/dispatch.h"
#include "http/router.h"
#include "http/session.h"
#include "jobs.h"
#include "modules/accounts.h"
#include "modules/demo.h"
#include "modules/tokens.h"

static const char usage[] =
	"quartier — information, concertation et GUSP des projets de renouvellement urbain\n"
	"\n"
	"usage : quartier COMMANDE [options]\n"
	"\n"
	"commandes :\n"
	"  serve                    sert l'application (applique d'abord les migrations)\n"
	"  migrate                  crée ou met à jour le schéma de la base\n"
	"  demo [--scale N]         charge les données de démonstration (base vide seulement) ;\n"
	"                           N de 1 à 1000 (1) : N-1 fois un jeu de données inventées en plus\n"
	"                           (organisations, comptes, journal), pour les mesures\n"
	"  user add EMAIL --role ROLE --name NOM [--organization ID]\n"
	"                           crée un compte ; mot de passe lu sur l'entrée standard\n"
	"  user passwd EMAIL        change le mot de passe (lu sur l'entrée standard)\n"
	"  user disable EMAIL       désactive un compte (ses sessions sont fermées)\n"
	"  user enable EMAIL        réactive un compte\n"
	"  user list                liste les comptes\n"
	"  token create EMAIL --name NOM\n"
	"                           crée un jeton d'accès à l'API pour ce compte et l'écrit\n"
	"                           (seul) sur la sortie standard : il ne sera plus affiché\n"
	"  token list EMAIL         liste les jetons d'un compte (jamais leur valeur)\n"
	"  token revoke ID          révoque un jeton\n"
	"  backup FICHIER           copie cohérente de la base, même pendant le service\n"
	"  maintain                 exécute une fois les tâches de fond (rappels, conservation) ;\n"
	"                           « serve » les exécute lui-même, à leur rythme\n"
	"  routes                   la table des routes, en JSON\n"
	"  version                  la version\n"
	"  help                     cette aide\n"
	"\n"
	"options (et variables d'environnement) :\n"
	"  --db FICHIER             QUARTIER_DB               (var/quartier.db)\n"
	"  --listen ADRESSE:PORT    QUARTIER_LISTEN           (127.0.0.1:8080)\n"
	"  --base-url URL           QUARTIER_BASE_URL         (http://127.0.0.1:8080)\n"
	"  --threads N              QUARTIER_THREADS          (nombre de processeurs)\n"
	"  --max-body OCTETS        QUARTIER_MAX_BODY         (10485760)\n"
	"  --max-connections N      QUARTIER_MAX_CONNECTIONS  (1024)\n"
	"  --timeout SECONDES       QUARTIER_TIMEOUT          (30)\n"
	"  --trust-proxy            QUARTIER_TRUST_PROXY=1    (adresse client prise dans X-Forwarded-For)\n"
	"  --templates-dir DOSSIER  QUARTIER_TEMPLATES_DIR    (gabarits lus sur disque, pour le développement)\n"
	"  --smtp-url URL           QUARTIER_SMTP_URL         (smtp://hôte:25 ou smtps://hôte:465 ; aucun :\n"
	"                                                      les courriels restent dans la file)\n"
	"  --smtp-from ADRESSE      QUARTIER_SMTP_FROM        (quartier@localhost)\n"
	"  --smtp-user NOM          QUARTIER_SMTP_USER\n"
	"  --smtp-password MOT      QUARTIER_SMTP_PASSWORD    (préférez la variable)\n"
	"  --reporter-retention-days N  QUARTIER_REPORTER_RETENTION_DAYS  (90) jours avant d'effacer\n"
	"                           l'adresse du déclarant d'un signalement terminé\n"
	"  --registration-reminder-hours N  QUARTIER_REGISTRATION_REMINDER_HOURS  (48) heures avant une\n"
	"                           réunion pour le courriel de rappel aux inscrits ; 0 : aucun rappel\n"
	"  --registration-retention-days N  QUARTIER_REGISTRATION_RETENTION_DAYS  (30) jours après une\n"
	"                           réunion avant d'effacer les coordonnées des inscrits\n"
	"  --contributor-retention-days N  QUARTIER_CONTRIBUTOR_RETENTION_DAYS  (365) jours après la\n"
	"                           réponse avant d'effacer les coordonnées de l'auteur d'une contribution\n"
	"\n"
	"rôles : admin, staff, partner (avec --organization), member\n";

typedef struct cli {
	const char *args[8]; /* positional arguments after the command */
	int nargs;
	const char *role, *name;
	long long organization;
	long long scale; /* demo --scale: 1 .. DEMO_SCALE_MAX, 0 when not given */
} cli_t;

static int fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int fail(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("quartier : ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	return 1;
}

static int parse_id(const char *flag, const char *v, long long *out)
{
	char *end;
	errno = 0;
	long long n = strtoll(v, &end, 10);
	if (errno || *end || end == v || n < 1)
		return fail("valeur invalide pour %s : %s", flag, v);
	*out = n;
	return 0;
}

/* Reads flags and positional arguments. Returns 0, or 2 on a usage error. */
static int parse_args(int argc, char **argv, cli_t *cli)
{
	for (int i = 2; i < argc; i++) {
		const char *a = argv[i];
		const char *v = i + 1 < argc ? argv[i + 1] : NULL;
		if (strncmp(a, "--", 2) != 0) {
			if (cli->nargs >= 8) {
				fail("trop d'arguments");
				return 2;
			}
			cli->args[cli->nargs++] = a;
			continue;
		}
		char err[256];
		int takes_value = 0;
		int rc = config_apply_flag(a, v, &takes_value, err, sizeof err);
		if (rc < 0) {
			fail("%s", err);
			return 2;
		}
		if (rc == 0) { /* not a setting: the flags of user add and demo */
			if (!v || (strcmp(a, "--role") != 0 && strcmp(a, "--name") != 0 &&
				   strcmp(a, "--organization") != 0 && strcmp(a, "--scale") != 0)) {
				fail(v ? "option inconnue : %s (voir « quartier help »)" : "l'option %s attend une valeur", a);
				return 2;
			}
			takes_value = 1;
			if (strcmp(a, "--role") == 0)
				cli->role = v;
			else if (strcmp(a, "--name") == 0)
				cli->name = v;
			else if (strcmp(a, "--scale") == 0) {
				char *end;
				errno = 0;
				cli->scale = strtoll(v, &end, 10);
				if (errno || *end || end == v || cli->scale < 1 || cli->scale > DEMO_SCALE_MAX) {
					fail("valeur invalide pour --scale : %s (un entier de 1 à %d)", v, DEMO_SCALE_MAX);
					return 2;
				}
			} else if (parse_id(a, v, &cli->organization))
				return 2;
		}
		i += takes_value;
	}
	return 0;
}

/* Opens the database; only migrate, demo and serve may create it. 0 or 1. */
static int open_db(int create)
{
	if (!create && access(g_config.db, F_OK) != 0)
		return fail("la base %s n'existe pas : créez-la avec « quartier migrate --db %s »", g_config.db,
			    g_config.db);
	db_set_path(g_config.db);
	if (!db_conn())
		return fail("impossible d'ouvrir la base %s", g_config.db);
	return 0;
}

static int require_schema(void)
{
	if (db_schema_version() != db_latest_version())
		return fail("la base %s n'est pas à jour : lancez « quartier migrate --db %s »", g_config.db, g_config.db);
	return 0;
}

/* Reads a password: without echo on a terminal, else the first line of stdin. */
static int read_password(const char *prompt, char *out, size_t cap)
{
	int tty = isatty(STDIN_FILENO);
	struct termios old, quiet;
	if (tty) {
		fputs(prompt, stderr);
		tcgetattr(STDIN_FILENO, &old);
		quiet = old;
		quiet.c_lflag &= ~(tcflag_t)ECHO;
		tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
	}
	char *got = fgets(out, (int)cap, stdin);
	if (tty) {
		tcsetattr(STDIN_FILENO, TCSANOW, &old);
		fputc('\n', stderr);
	}
	if (!got)
		return fail("mot de passe attendu sur l'entrée standard");
	out[strcspn(out, "\r\n")] = '\0';
	size_t chars = 0;
	for (const unsigned char *p = (const unsigned char *)out; *p; p++)
		chars += (*p & 0xC0) != 0x80;
	if (chars < PASSWORD_MIN_CHARS)
		return fail("mot de passe trop court : %d caractères au moins", PASSWORD_MIN_CHARS);
	return 0;
}

/* Prints s left-aligned in width characters (not bytes: « rôle »). */
static void print_cell(const char *s, int width)
{
	int chars = 0;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		chars += (*p & 0xC0) != 0x80;
	printf("%s%*s ", s, chars < width ? width - chars : 0, "");
}

static int cmd_user_list(void)
{
	json_t *rows = db_rows("SELECT a.id, a.email, a.name, a.role, COALESCE(o.name, '') AS org, "
			       "a.disabled_at IS NOT NULL AS disabled FROM account a "
			       "LEFT JOIN organization o ON o.id = a.organization_id ORDER BY a.email",
			       NULL);
	size_t i;
	json_t *row;
	print_cell("id", 5);
	print_cell("courriel", 32);
	print_cell("rôle", 8);
	print_cell("état", 10);
	puts("nom (organisation)");
	json_array_foreach(rows, i, row)
	{
		const char *org = json_string_value(json_object_get(row, "org"));
		char id[24];
		snprintf(id, sizeof id, "%lld", (long long)json_integer_value(json_object_get(row, "id")));
		print_cell(id, 5);
		print_cell(json_string_value(json_object_get(row, "email")), 32);
		print_cell(json_string_value(json_object_get(row, "role")), 8);
		print_cell(json_integer_value(json_object_get(row, "disabled")) ? "désactivé" : "actif", 10);
		printf("%s%s%s%s\n", json_string_value(json_object_get(row, "name")), *org ? " (" : "", org,
		       *org ? ")" : "");
	}
	json_decref(rows);
	return 0;
}

static int cmd_user(cli_t *cli)
{
	const char *sub = cli->nargs > 0 ? cli->args[0] : NULL;
	if (!sub)
		return fail("user attend add, passwd, disable, enable ou list");
	static const char *const subs[] = {"add", "passwd", "disable", "enable", "list"};
	size_t k = 0;
	while (k < sizeof subs / sizeof subs[0] && strcmp(sub, subs[k]) != 0)
		k++;
	if (k == sizeof subs / sizeof subs[0])
		return fail("sous-commande inconnue : user %s", sub);
	if (open_db(0) || require_schema())
		return 1;
	if (strcmp(sub, "list") == 0)
		return cmd_user_list();
	const char *email = cli->nargs > 1 ? cli->args[1] : NULL;
	if (!email)
		return fail("user %s attend une adresse électronique", sub);
	char pw[1100];
	account_status_t st;
	if (strcmp(sub, "add") == 0) {
		if (!cli->role || !role_bit(cli->role))
			return fail("--role attendu : admin, staff, partner ou member");
		if (read_password("Mot de passe : ", pw, sizeof pw))
			return 1;
		long long id = 0;
		st = account_create(NULL, email, cli->name ? cli->name : email, cli->role, cli->organization, pw, &id);
		sodium_memzero(pw, sizeof pw);
		if (st != ACCOUNT_OK)
			return fail("%s", account_status_message(st));
		printf("compte %lld créé : %s (%s)\n", id, email, cli->role);
		return 0;
	}
	long long id = account_find(email);
	if (!id)
		return fail("aucun compte pour %s", email);
	if (strcmp(sub, "passwd") == 0) {
		if (read_password("Nouveau mot de passe : ", pw, sizeof pw))
			return 1;
		st = account_set_password(NULL, id, pw);
		sodium_memzero(pw, sizeof pw);
	} else {
		st = account_set_disabled(NULL, id, strcmp(sub, "disable") == 0);
	}
	if (st != ACCOUNT_OK)
		return fail("%s", account_status_message(st));
	printf("fait : %s %s\n", sub, email);
	return 0;
}

/* token create EMAIL --name NAME: prints the token alone on stdout. */
static int cmd_token_create(long long account_id, const char *name)
{
	if (!name)
		return fail("token create attend --name NOM (1 à %d caractères)", TOKEN_NAME_MAX);
	arena_t *a = arena_new(1024);
	const char *token = NULL;
	long long id = 0;
	token_status_t st = token_create(NULL, a, account_id, name, &token, &id);
	if (st == TOKEN_OK)
		printf("%s\n", token);
	arena_free(a);
	return st == TOKEN_OK ? 0 : fail("%s", token_status_message(st));
}

/* token list EMAIL: one line per token, times in UTC. */
static int cmd_token_list(long long account_id)
{
	json_t *rows = token_list(account_id);
	size_t i;
	json_t *row;
	print_cell("id", 5);
	print_cell("créé le (UTC)", 21);
	print_cell("dernier usage (UTC)", 21);
	print_cell("révoqué le (UTC)", 21);
	puts("nom");
	json_array_foreach(rows, i, row)
	{
		char id[24];
		snprintf(id, sizeof id, "%lld", (long long)json_integer_value(json_object_get(row, "id")));
		const char *used = json_string_value(json_object_get(row, "last_used_at"));
		const char *revoked = json_string_value(json_object_get(row, "revoked_at"));
		print_cell(id, 5);
		print_cell(json_string_value(json_object_get(row, "created_at")), 21);
		print_cell(used ? used : "jamais", 21);
		print_cell(revoked ? revoked : "actif", 21);
		puts(json_string_value(json_object_get(row, "name")));
	}
	json_decref(rows);
	return 0;
}

static int cmd_token(cli_t *cli)
{
	const char *sub = cli->nargs > 0 ? cli->args[0] : NULL;
	if (!sub || (strcmp(sub, "create") != 0 && strcmp(sub, "list") != 0 && strcmp(sub, "revoke") != 0))
		return sub ? fail("sous-commande inconnue : token %s", sub) : fail("token attend create, list ou revoke");
	const char *arg = cli->nargs > 1 ? cli->args[1] : NULL;
	if (!arg && strcmp(sub, "revoke") == 0)
		return fail("token revoke attend le numéro du jeton");
	if (!arg)
		return fail("token %s attend une adresse électronique", sub);
	long long id = 0;
	if (strcmp(sub, "revoke") == 0 && parse_id("token revoke", arg, &id))
		return 1;
	if (open_db(0) || require_schema())
		return 1;
	if (strcmp(sub, "revoke") == 0) {
		token_status_t st = token_revoke(NULL, 0, id);
		if (st != TOKEN_OK)
			return fail("%s", st == TOKEN_NOT_FOUND ? "aucun jeton ne porte ce numéro" : token_status_message(st));
		printf("jeton %lld révoqué\n", id);
		return 0;
	}
	long long account = account_find(arg);
	if (!account)
		return fail("aucun compte pour %s", arg);
	return strcmp(sub, "create") == 0 ? cmd_token_create(account, cli->name) : cmd_token_list(account);
}

/* Online backup: copies the database page by page, letting writers in
 * between steps, into a new file. */
static int cmd_backup(cli_t *cli)
{
	if (cli->nargs < 1)
		return fail("backup attend le fichier de destination");
	const char *dest = cli->args[0];
	if (access(dest, F_OK) == 0)
		return fail("%s existe déjà : choisissez un nouveau fichier", dest);
	/* open_db(0): opening must not create an empty source and back it up
	 * as if all were well. */
	if (open_db(0))
		return 1;
	sqlite3 *out;
	if (sqlite3_open(dest, &out) != SQLITE_OK) {
		sqlite3_close(out);
		return fail("impossible de créer %s", dest);
	}
	sqlite3_backup *b = sqlite3_backup_init(out, "main", db_conn(), "main");
	int rc = SQLITE_OK;
	if (b) {
		while ((rc = sqlite3_backup_step(b, 256)) == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
			sqlite3_sleep(10);
		sqlite3_backup_finish(b);
	}
	int ok = b && rc == SQLITE_DONE;
	if (!ok)
		fail("sauvegarde échouée : %s", sqlite3_errmsg(out));
	sqlite3_close(out);
	if (!ok) {
		unlink(dest);
		return 1;
	}
	printf("sauvegarde écrite : %s\n", dest);
	return 0;
}

static int cmd_routes(void)
{
	static const char *const role_names[] = {"anonymous", "member", "partner", "staff", "admin"};
	json_t *arr = json_array();
	for (size_t i = 0; i < routes_count; i++) {
		json_t *roles = json_array();
		for (unsigned b = 0; b < 5; b++)
			if (routes[i].cap & (1u << b))
				json_array_append_new(roles, json_string(role_names[b]));
		json_array_append_new(arr, json_pack("{s:s, s:s, s:o, s:b, s:b, s:s}", "method", routes[i].method,
						     "pattern", routes[i].pattern, "roles", roles, "json",
						     !(routes[i].flags & ROUTE_NO_JSON), "api", (routes[i].flags & ROUTE_API) != 0,
						     "name", routes[i].name));
	}
	json_dumpf(arr, stdout, JSON_INDENT(1));
	putchar('\n');
	json_decref(arr);
	return 0;
}

static int cmd_serve(void)
{
	if (!server_listen_valid(g_config.listen))
		return fail("adresse d'écoute invalide : %s (attendu ADRESSE:PORT, par exemple 127.0.0.1:8080)",
			    g_config.listen);
	if (open_db(1) || db_migrate() != 0)
		return 1;
	if (app_init() != 0)
		return 1;
	static_init();
	if (outbox_start(jobs_run_due) != 0) {
		app_free();
		return 1;
	}
	int rc = server_run();
	outbox_stop();
	app_free();
	return rc;
}

static int run(const char *cmd, cli_t *cli)
{
	if (strcmp(cmd, "serve") == 0)
		return cmd_serve();
	if (strcmp(cmd, "migrate") == 0) {
		if (open_db(1) || db_migrate() != 0)
			return 1;
		printf("schéma à jour (version %d) : %s\n", db_schema_version(), g_config.db);
		return 0;
	}
	if (strcmp(cmd, "demo") == 0) {
		if (open_db(1) || db_migrate() != 0)
			return 1;
		return demo_load(cli->scale ? (int)cli->scale : 1) == 0 ? 0 : 1;
	}
	if (strcmp(cmd, "user") == 0)
		return cmd_user(cli);
	if (strcmp(cmd, "token") == 0)
		return cmd_token(cli);
	if (strcmp(cmd, "backup") == 0)
		return cmd_backup(cli);
	if (strcmp(cmd, "routes") == 0)
		return cmd_routes();
	if (strcmp(cmd, "maintain") == 0) {
		if (open_db(1) || db_migrate() != 0 || app_init() != 0)
			return 1;
		int rc = jobs_run_all();
		app_free();
		return rc;
	}
	if (strcmp(cmd, "version") == 0) {
		printf("quartier %s (SQLite %s, schéma %d)\n", QUARTIER_VERSION, sqlite3_libversion(),
		       db_latest_version());
		return 0;
	}
	if (strcmp(cmd, "help") == 0 || strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0) {
		fputs(usage, stdout);
		return 0;
	}
	fail("commande inconnue : %s (voir « quartier help »)", cmd);
	return 2;
}

int main(int argc, char **argv)
{
	/* No global memory statistics: they take a global mutex on every
	 * allocation SQLite makes, from every worker thread. */
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
	if (sodium_init() < 0)
		return fail("libsodium n'a pas pu démarrer");
	setenv("TZ", "Europe/Paris", 1);
	tzset();
	char err[256];
	if (config_load(err, sizeof err) != 0) {
		fail("%s", err);
		return 2;
	}
	if (argc < 2) {
		fputs(usage, stderr);
		return 2;
	}
	cli_t cli = {0};
	int rc = parse_args(argc, argv, &cli);
	if (rc == 0)
		rc = run(argv[1], &cli);
	db_close_thread();
	return rc;
}
