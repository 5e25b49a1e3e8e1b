/* csv_import.c — importing organisations and contacts from a CSV file.
 *
 * The upload is read (core/csv.h), checked line by line and kept in the
 * table import_batch (converted to UTF-8) for an hour; the preview lists
 * every line as accepted, rejected (with the column and the reason) or
 * duplicate (same e-mail, or same name — in the same organisation for a
 * contact — in the database or earlier in the file). The confirmation
 * names the batch by id; the kept file is validated again inside the
 * import's transaction: one rejected line and nothing is written. Duplicates
 * are reported and left out. One audit entry records the counts. */
#include "modules/csv_import.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/audit.h"
#include "core/csv.h"
#include "core/validate.h"
#include "db/db.h"
#include "http/session.h"
#include "view/helpers.h"

#define MAX_COLUMNS 16
#define MAX_LINES 5000

typedef enum { IMPORT_ORGS, IMPORT_CONTACTS } import_kind_t;

/* Column keys: the position of a column in its table. */
enum { O_NAME, O_KIND, O_ADDRESS, O_POSTAL, O_CITY, O_WEBSITE, O_EMAIL, O_PHONE, O_TAGS, O_PROJECTS, O_COUNT };
enum {
	C_FIRST, C_LAST, C_FUNCTION, C_EMAIL, C_PHONE, C_ORG, C_POSITION, C_TAGS, C_RESIDENT, C_BASIS,
	C_CONSENT_AT, C_COUNT
};

/* A column of the file: French header as shown, other accepted headers
 * (folded, '|'-separated), whether it must be there, and how a cell is read. */
typedef struct column {
	const char *header;
	const char *aliases;
	int required;
	field_spec_t spec; /* label = header, for the messages */
} column_t;

#define TXT(label, req, max) {"v", label, FIELD_TEXT, req, 0, max, NULL}

static const column_t org_columns[O_COUNT] = {
	{"nom", "nom|raison sociale|organisation", 1, TXT("nom", 1, 200)},
	{"type", "type|categorie|genre", 1, TXT("type", 1, 60)},
	{"adresse", "adresse", 0, TXT("adresse", 0, 300)},
	{"code postal", "code postal|cp", 0, TXT("code postal", 0, 10)},
	{"ville", "ville|commune", 0, TXT("ville", 0, 120)},
	{"site web", "site web|site|site internet|url", 0, TXT("site web", 0, 300)},
	{"courriel", "courriel|email|e mail|mel|adresse electronique", 0, {"v", "courriel", FIELD_EMAIL, 0, 0, 0, NULL}},
	{"téléphone", "telephone|tel", 0, TXT("téléphone", 0, 30)},
	{"étiquettes", "etiquettes|etiquette|tags", 0, TXT("étiquettes", 0, 500)},
	{"projets", "projets|projet", 0, TXT("projets", 0, 500)},
};

static const column_t contact_columns[C_COUNT] = {
	{"prénom", "prenom", 0, TXT("prénom", 0, 120)},
	{"nom", "nom|nom de famille", 1, TXT("nom", 1, 120)},
	{"fonction", "fonction", 0, TXT("fonction", 0, 200)},
	{"courriel", "courriel|email|e mail|mel|adresse electronique", 0, {"v", "courriel", FIELD_EMAIL, 0, 0, 0, NULL}},
	{"téléphone", "telephone|tel", 0, TXT("téléphone", 0, 30)},
	{"organisation", "organisation|structure", 0, TXT("organisation", 0, 200)},
	{"poste", "poste|role", 0, TXT("poste", 0, 200)},
	{"étiquettes", "etiquettes|etiquette|tags", 0, TXT("étiquettes", 0, 500)},
	{"habitant", "habitant|habitante|resident", 0, TXT("habitant", 0, 10)},
	{"base légale", "base legale", 0, TXT("base légale", 0, 60)},
	{"date du consentement", "date du consentement|date de consentement|consentement le", 0,
	 TXT("date du consentement", 0, 10)},
};

/* Organisation kinds (GLOSSARY.md): code, French label, other accepted words (folded). */
static const char *const kinds[][3] = {
	{"developer", "Aménageur, maître d'ouvrage", "amenageur|maitre d'ouvrage|concessionnaire|developer"},
	{"landlord", "Bailleur social", "bailleur social|bailleur|landlord"},
	{"association", "Association", "association"},
	{"citizen_body", "Conseil citoyen ou de quartier", "conseil citoyen|conseil de quartier|instance citoyenne|citizen body"},
	{"institution", "Institution", "institution|institution publique|etat|collectivite"},
	{"education", "Établissement scolaire", "etablissement scolaire|ecole|education|college|lycee"},
	{"residents_group", "Groupe d'habitants", "groupe d'habitants|amicale de locataires|amicale des locataires|residents group"},
	{"city_service", "Service de la ville", "service de la ville|service municipal|service metropolitain|city service"},
	{"contractor", "Entreprise", "entreprise|prestataire|contractor"},
	{"other", "Autre", "autre|other"},
};
#define KINDS_COUNT (sizeof kinds / sizeof kinds[0])

static const char *const bases[][3] = {
	{"consent", "Consentement", "consentement|consent"},
	{"legitimate_interest", "Intérêt légitime", "interet legitime|legitimate interest"},
	{"public_task", "Mission de service public", "mission de service public|mission d'interet public|public task"},
	{"contract", "Contrat", "contrat|contract"},
};

/* ------------------------------------------------------------------ folding */

/* ASCII letter for Latin-1 code points 0xC0..0xFF (after lower-casing). */
static const char latin1_base[] = "aaaaaaaceeeeiiiidnooooo ouuuuyty";

char *import_fold(arena_t *a, const char *s)
{
	buf_t b;
	buf_init(&b, a, strlen(s) + 1);
	int space = 1; /* drop leading spaces */
	for (const unsigned char *p = (const unsigned char *)s; *p;) {
		unsigned cp = *p++;
		if (cp >= 0xC0 && (*p & 0xC0) == 0x80) { /* decode a 2- or 3-byte sequence */
			int more = cp >= 0xE0 ? 2 : 1;
			cp &= more == 2 ? 0x0F : 0x1F;
			for (int k = 0; k < more && (*p & 0xC0) == 0x80; k++)
				cp = (cp << 6) | (*p++ & 0x3F);
		}
		char c;
		if (cp >= 'A' && cp <= 'Z')
			c = (char)(cp - 'A' + 'a');
		else if (cp >= 0xC0 && cp <= 0xFF)
			c = latin1_base[(cp & 0x1F)];
		else if (cp == 0x152 || cp == 0x153) {
			buf_puts(&b, "oe");
			space = 0;
			continue;
		} else if (cp == 0x2019 || cp == 0x2018)
			c = '\'';
		else if (cp == ' ' || cp == '_' || cp == '-' || cp == '.' || cp == '\t' || cp == 0xA0 || cp == 0x202F)
			c = ' ';
		else if (cp < 0x80)
			c = (char)cp;
		else
			continue;
		if (c == ' ') {
			if (!space)
				buf_putc(&b, ' ');
			space = 1;
			continue;
		}
		buf_putc(&b, c);
		space = 0;
	}
	if (b.len && b.data[b.len - 1] == ' ')
		b.len--;
	buf_putc(&b, '\0');
	return b.data;
}

/* 1 when folded word w is one of the '|'-separated folded words of list. */
static int word_in(const char *w, const char *list)
{
	size_t n = strlen(w);
	for (const char *p = list; p && *p;) {
		const char *bar = strchr(p, '|');
		size_t len = bar ? (size_t)(bar - p) : strlen(p);
		if (len == n && strncmp(p, w, n) == 0)
			return 1;
		p = bar ? bar + 1 : NULL;
	}
	return 0;
}

/* ------------------------------------------------------------ the whole file */

/* What an import is, once the header is understood. */
typedef struct plan {
	import_kind_t kind;
	const column_t *cols;
	size_t ncols;
	int map[MAX_COLUMNS * 4]; /* file column -> column index */
	size_t nfile;
	csv_t csv;
} plan_t;

static const char *kind_code(import_kind_t k)
{
	return k == IMPORT_ORGS ? "organizations" : "contacts";
}

/* Reads data and its header into p. NULL, or a French message about the file. */
static const char *plan_read(arena_t *a, import_kind_t kind, const char *data, size_t len, plan_t *p)
{
	memset(p, 0, sizeof *p);
	p->kind = kind;
	p->cols = kind == IMPORT_ORGS ? org_columns : contact_columns;
	p->ncols = kind == IMPORT_ORGS ? O_COUNT : C_COUNT;
	csv_status_t st = csv_parse(a, data, len, &p->csv);
	if (st != CSV_OK)
		return csv_status_message(a, st, p->csv.error_line);
	const csv_row_t *h = &p->csv.rows[0];
	if (h->n > sizeof p->map / sizeof p->map[0])
		return "La ligne d'en-tête a trop de colonnes.";
	if (p->csv.n - 1 > MAX_LINES)
		return arena_printf(a, "Le fichier a plus de %d lignes : découpez-le en plusieurs fichiers.", MAX_LINES);
	int seen[MAX_COLUMNS] = {0};
	p->nfile = h->n;
	for (size_t i = 0; i < h->n; i++) {
		const char *f = import_fold(a, h->cells[i]);
		p->map[i] = -1;
		if (!*f)
			return arena_printf(a, "La colonne %zu de la ligne d'en-tête n'a pas de nom.", i + 1);
		for (size_t c = 0; c < p->ncols; c++)
			if (word_in(f, p->cols[c].aliases))
				p->map[i] = (int)c;
		if (p->map[i] < 0)
			return arena_printf(a, "Colonne inconnue : « %s ». La première ligne doit donner les noms des colonnes "
					       "attendues (voir la liste ci-dessous).",
					    h->cells[i]);
		if (seen[p->map[i]]++)
			return arena_printf(a, "La colonne « %s » apparaît deux fois.", p->cols[p->map[i]].header);
	}
	for (size_t c = 0; c < p->ncols; c++)
		if (p->cols[c].required && !seen[c])
			return arena_printf(a, "Colonne obligatoire absente : « %s ». La première ligne doit être la ligne "
					       "d'en-tête.",
					    p->cols[c].header);
	if (p->csv.n < 2)
		return "Le fichier ne contient que la ligne d'en-tête : aucune ligne à importer.";
	return NULL;
}

/* ------------------------------------------------------------ line by line */

typedef enum { LINE_OK, LINE_REJECTED, LINE_DUPLICATE } line_status_t;

/* One line of the file, checked. */
typedef struct line {
	size_t number;
	line_status_t status;
	json_t *errors;                /* [{column, message}] */
	const char *values[MAX_COLUMNS]; /* cleaned, NULL when empty */
	const char *label;             /* what the line is, for the preview */
	long long org_id;              /* contact: the organisation found */
	const char *kind;              /* organisation: its kind code */
	int resident;
} line_t;

static void line_error(line_t *l, const char *column, const char *message)
{
	l->status = LINE_REJECTED;
	json_array_append_new(l->errors, json_pack("{s:s, s:s}", "column", column, "message", message));
}

/* 1 when a phone number looks like one: digits, spaces, + . - ( ), 6 to 20 digits. */
static int phone_ok(const char *s)
{
	int digits = 0;
	for (const char *p = s; *p; p++) {
		if (*p >= '0' && *p <= '9')
			digits++;
		else if (!strchr(" +.-()", *p))
			return 0;
	}
	return digits >= 6 && digits <= 20;
}

/* Code of folded value among table rows {code, label, words}; NULL if none. */
static const char *code_of(arena_t *a, const char *value, const char *const (*table)[3], size_t n)
{
	const char *f = import_fold(a, value);
	for (size_t i = 0; i < n; i++)
		if (word_in(f, table[i][2]) || strcmp(f, import_fold(a, table[i][1])) == 0 || strcmp(f, table[i][0]) == 0)
			return table[i][0];
	return NULL;
}

/* Calls fn on each item of a list cell (separated by ',', ';' or '|'),
 * trimmed and not empty; stops at the first non-zero return. */
static int each_item(arena_t *a, const char *list, int (*fn)(arena_t *, const char *, void *), void *ctx)
{
	for (const char *p = list; p && *p;) {
		size_t len = strcspn(p, ",;|");
		const char *s = p, *e = p + len;
		while (s < e && (*s == ' ' || *s == '\t'))
			s++;
		while (e > s && (e[-1] == ' ' || e[-1] == '\t'))
			e--;
		if (e > s) {
			int rc = fn(a, arena_strndup(a, s, (size_t)(e - s)), ctx);
			if (rc)
				return rc;
		}
		p = p[len] ? p + len + 1 : NULL;
	}
	return 0;
}

static long long project_id(const char *name)
{
	return db_int(0, "SELECT id FROM project WHERE slug = ?1 COLLATE NOCASE OR name = ?1 COLLATE NOCASE", "t", name);
}

static int check_project(arena_t *a, const char *name, void *ctx)
{
	if (project_id(name))
		return 0;
	*(const char **)ctx = arena_printf(a, "Projet inconnu : « %s » (donnez son nom ou son identifiant, par exemple mosson).", name);
	return 1;
}

static int check_tag(arena_t *a, const char *name, void *ctx)
{
	if (strlen(name) <= 60)
		return 0;
	*(const char **)ctx = arena_printf(a, "L'étiquette « %.20s… » dépasse 60 caractères.", name);
	return 1;
}

/* Reads the cells of row into l->values through each column's validator. */
static void line_cells(arena_t *a, const plan_t *p, const csv_row_t *row, line_t *l)
{
	if (row->n != p->nfile)
		line_error(l, "ligne", arena_printf(a, "La ligne a %zu colonnes au lieu de %zu (vérifiez les guillemets et les "
						     "séparateurs).",
						  row->n, p->nfile));
	for (size_t c = 0; c < p->ncols; c++) {
		const char *raw = "";
		for (size_t i = 0; i < row->n && i < p->nfile; i++)
			if (p->map[i] == (int)c)
				raw = row->cells[i];
		field_value_t v;
		const char *msg = validate_field(a, &p->cols[c].spec, raw, &v);
		if (msg)
			line_error(l, p->cols[c].header, msg);
		else
			l->values[c] = v.present ? v.text : NULL;
	}
}

/* Organisation checks beyond the cells' types. */
static void check_org(arena_t *a, line_t *l)
{
	const char **v = l->values;
	l->label = v[O_NAME];
	if (v[O_KIND] && !(l->kind = code_of(a, v[O_KIND], kinds, KINDS_COUNT)))
		line_error(l, "type", arena_printf(a, "Type inconnu : « %s » (par exemple : Association, Bailleur social, "
						      "Institution, Établissement scolaire, Autre).",
						   v[O_KIND]));
	if (v[O_PHONE] && !phone_ok(v[O_PHONE]))
		line_error(l, "téléphone", "Numéro de téléphone invalide (exemple : 04 67 00 00 00).");
	if (v[O_WEBSITE]) {
		if (strncmp(v[O_WEBSITE], "http://", 7) != 0 && strncmp(v[O_WEBSITE], "https://", 8) != 0)
			v[O_WEBSITE] = arena_printf(a, "https://%s", v[O_WEBSITE]);
		if (strchr(v[O_WEBSITE], ' ') || !strchr(v[O_WEBSITE] + 8, '.'))
			line_error(l, "site web", "Adresse de site invalide (exemple : https://www.exemple.fr).");
	}
	const char *msg = NULL;
	if (v[O_PROJECTS] && each_item(a, v[O_PROJECTS], check_project, &msg))
		line_error(l, "projets", msg);
	if (v[O_TAGS] && each_item(a, v[O_TAGS], check_tag, &msg))
		line_error(l, "étiquettes", msg);
}

/* "JJ/MM/AAAA" becomes "AAAA-MM-JJ"; anything else is left as is. */
static const char *date_iso(arena_t *a, const char *s)
{
	if (strlen(s) == 10 && s[2] == '/' && s[5] == '/')
		return arena_printf(a, "%.4s-%.2s-%.2s", s + 6, s + 3, s);
	return s;
}

typedef struct known known_t;
static long long known_org(const known_t *k, const char *folded);

/* Contact checks beyond the cells' types; organisations found by folded name. */
static void check_contact(arena_t *a, line_t *l, const known_t *k)
{
	const char **v = l->values;
	l->label = v[C_FIRST] ? arena_printf(a, "%s %s", v[C_FIRST], v[C_LAST] ? v[C_LAST] : "") : v[C_LAST];
	if (v[C_PHONE] && !phone_ok(v[C_PHONE]))
		line_error(l, "téléphone", "Numéro de téléphone invalide (exemple : 06 12 34 56 78).");
	if (v[C_ORG] && !(l->org_id = known_org(k, import_fold(a, v[C_ORG]))))
		line_error(l, "organisation", arena_printf(a, "Organisation inconnue : « %s » (importez ou créez-la d'abord).", v[C_ORG]));
	if (v[C_POSITION] && !v[C_ORG])
		line_error(l, "poste", "Un poste demande une organisation.");
	const char *res = v[C_RESIDENT] ? import_fold(a, v[C_RESIDENT]) : "";
	if (word_in(res, "oui|o|1|x|vrai|yes"))
		l->resident = 1;
	else if (!word_in(res, "|non|n|0|faux|no"))
		line_error(l, "habitant", "Répondez « oui » ou « non ».");
	if (v[C_BASIS] && !(v[C_BASIS] = code_of(a, v[C_BASIS], bases, 4)))
		line_error(l, "base légale", "Base légale inconnue : consentement, intérêt légitime, mission de service "
					     "public ou contrat.");
	if (v[C_CONSENT_AT]) {
		field_spec_t spec = {"v", "date du consentement", FIELD_DATE, 0, 0, 0, NULL};
		field_value_t out;
		const char *msg = validate_field(a, &spec, date_iso(a, v[C_CONSENT_AT]), &out);
		if (msg)
			line_error(l, "date du consentement", msg);
		else
			v[C_CONSENT_AT] = out.text;
	}
	if (l->resident && !v[C_BASIS])
		line_error(l, "base légale", "Un habitant doit avoir une base légale (par exemple : consentement).");
	if (l->resident && !v[C_CONSENT_AT])
		line_error(l, "date du consentement", "Un habitant doit avoir la date de son consentement (AAAA-MM-JJ).");
	const char *msg = NULL;
	if (v[C_TAGS] && each_item(a, v[C_TAGS], check_tag, &msg))
		line_error(l, "étiquettes", msg);
}

/* What the database already holds, folded: keys "e:<e-mail>" and
 * "n:<name>" (organisations) or "n:<organisation id>:<first>|<last>"
 * (contacts; organisation 0 for none), and organisation names -> ids. */
struct known {
	json_t *keys;
	json_t *org_ids;
};

static void known_load(arena_t *a, import_kind_t kind, known_t *k)
{
	k->keys = json_object();
	k->org_ids = json_object();
	json_t *orgs = db_rows("SELECT id, name, lower(email) AS email FROM organization", NULL);
	size_t i;
	json_t *o;
	json_array_foreach(orgs, i, o)
	{
		const char *f = import_fold(a, json_string_value(json_object_get(o, "name")));
		json_object_set(k->org_ids, f, json_object_get(o, "id"));
		if (kind != IMPORT_ORGS)
			continue;
		json_object_set_new(k->keys, arena_printf(a, "n:%s", f), json_true());
		if (json_string_value(json_object_get(o, "email")))
			json_object_set_new(k->keys, arena_printf(a, "e:%s", json_string_value(json_object_get(o, "email"))), json_true());
	}
	json_decref(orgs);
	if (kind != IMPORT_CONTACTS)
		return;
	json_t *people = db_rows("SELECT lower(c.email) AS email, c.first_name, c.last_name, COALESCE(m.organization_id, 0) AS org "
				 "FROM contact c LEFT JOIN membership m ON m.contact_id = c.id",
				 NULL);
	json_array_foreach(people, i, o)
	{
		json_object_set_new(k->keys, arena_printf(a, "n:%lld:%s|%s", (long long)json_integer_value(json_object_get(o, "org")),
							  import_fold(a, json_string_value(json_object_get(o, "first_name"))),
							  import_fold(a, json_string_value(json_object_get(o, "last_name")))),
				    json_true());
		if (json_string_value(json_object_get(o, "email")))
			json_object_set_new(k->keys, arena_printf(a, "e:%s", json_string_value(json_object_get(o, "email"))), json_true());
	}
	json_decref(people);
}

static long long known_org(const known_t *k, const char *folded)
{
	return (long long)json_integer_value(json_object_get(k->org_ids, folded));
}

static void known_free(known_t *k)
{
	json_decref(k->keys);
	json_decref(k->org_ids);
}

/* Marks l as a duplicate of something already known, if it is: in the
 * database (k->keys), or in `seen` (keys of the lines accepted before it). */
static void check_duplicate(arena_t *a, const plan_t *p, line_t *l, const known_t *k, json_t *seen)
{
	const char **v = l->values;
	const char *email = p->kind == IMPORT_ORGS ? v[O_EMAIL] : v[C_EMAIL];
	const char *ekey = email ? arena_printf(a, "e:%s", email) : NULL;
	const char *nkey, *why_name;
	if (p->kind == IMPORT_ORGS) {
		nkey = arena_printf(a, "n:%s", import_fold(a, v[O_NAME]));
		why_name = "Doublon : une organisation porte déjà ce nom.";
	} else {
		nkey = arena_printf(a, "n:%lld:%s|%s", l->org_id, import_fold(a, v[C_FIRST] ? v[C_FIRST] : ""),
				    import_fold(a, v[C_LAST]));
		why_name = l->org_id ? "Doublon : une personne de ce nom existe déjà dans cette organisation."
				     : "Doublon : une personne de ce nom existe déjà (sans organisation).";
	}
	int in_db_email = ekey && json_object_get(k->keys, ekey);
	int in_db_name = json_object_get(k->keys, nkey) != NULL;
	if (in_db_email || (ekey && json_object_get(seen, ekey))) {
		l->status = LINE_DUPLICATE;
		json_array_append_new(l->errors, json_pack("{s:s, s:s}", "column", "courriel", "message",
							   in_db_email ? "Doublon : cette adresse électronique est déjà enregistrée."
								       : "Doublon : cette adresse électronique figure plus haut dans le fichier."));
	} else if (in_db_name || json_object_get(seen, nkey)) {
		l->status = LINE_DUPLICATE;
		json_array_append_new(l->errors, json_pack("{s:s, s:s}", "column", "nom", "message",
							   in_db_name ? why_name : "Doublon : la même ligne figure plus haut dans le fichier."));
	}
	if (l->status == LINE_OK) {
		if (ekey)
			json_object_set_new(seen, ekey, json_true());
		json_object_set_new(seen, nkey, json_true());
	}
}

/* Checks every line of the plan; lines[] gets p->csv.n - 1 entries whose
 * errors arrays the caller frees (lines_free). */
static line_t *lines_check(arena_t *a, const plan_t *p)
{
	size_t n = p->csv.n - 1;
	line_t *lines = arena_calloc(a, n, sizeof *lines);
	json_t *seen = json_object();
	known_t k;
	known_load(a, p->kind, &k);
	for (size_t i = 0; i < n; i++) {
		line_t *l = &lines[i];
		l->number = p->csv.rows[i + 1].line;
		l->errors = json_array();
		line_cells(a, p, &p->csv.rows[i + 1], l);
		if (l->status != LINE_OK)
			continue;
		if (p->kind == IMPORT_ORGS)
			check_org(a, l);
		else
			check_contact(a, l, &k);
		if (l->status == LINE_OK)
			check_duplicate(a, p, l, &k, seen);
	}
	known_free(&k);
	json_decref(seen);
	return lines;
}

static void lines_free(line_t *lines, size_t n)
{
	for (size_t i = 0; i < n; i++)
		json_decref(lines[i].errors);
}

/* -------------------------------------------------------------- writing */

static long long tag_id(const char *name)
{
	if (db_exec("INSERT OR IGNORE INTO tag (name) VALUES (?)", "t", name) != 0)
		return 0;
	return db_int(0, "SELECT id FROM tag WHERE name = ?", "t", name);
}

static int add_org_tag(arena_t *a, const char *name, void *ctx)
{
	(void)a;
	long long t = tag_id(name);
	return !t || db_exec("INSERT OR IGNORE INTO organization_tag (organization_id, tag_id) VALUES (?, ?)", "ii",
			     *(long long *)ctx, t) != 0;
}

static int add_contact_tag(arena_t *a, const char *name, void *ctx)
{
	(void)a;
	long long t = tag_id(name);
	return !t || db_exec("INSERT OR IGNORE INTO contact_tag (contact_id, tag_id) VALUES (?, ?)", "ii",
			     *(long long *)ctx, t) != 0;
}

static int add_org_project(arena_t *a, const char *name, void *ctx)
{
	(void)a;
	long long pid = project_id(name);
	return !pid || db_exec("INSERT OR IGNORE INTO organization_project (organization_id, project_id) VALUES (?, ?)",
			       "ii", *(long long *)ctx, pid) != 0;
}

/* Inserts one checked organisation with its tags and projects. 0 or an error. */
static int insert_org(arena_t *a, const line_t *l, const char *now)
{
	const char *const *v = l->values;
	if (db_exec("INSERT INTO organization (kind, name, website, address, postal_code, city, email, phone, created_at, "
		    "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
		    "tttttttttt", l->kind, v[O_NAME], v[O_WEBSITE], v[O_ADDRESS] ? v[O_ADDRESS] : "",
		    v[O_POSTAL] ? v[O_POSTAL] : "", v[O_CITY] ? v[O_CITY] : "", v[O_EMAIL], v[O_PHONE], now, now) != 0)
		return -1;
	long long id = db_last_id();
	if (v[O_TAGS] && each_item(a, v[O_TAGS], add_org_tag, &id))
		return -1;
	if (v[O_PROJECTS] && each_item(a, v[O_PROJECTS], add_org_project, &id))
		return -1;
	return 0;
}

/* Inserts one checked contact with its membership and tags. 0 or an error. */
static int insert_contact(arena_t *a, const line_t *l, const char *now)
{
	const char *const *v = l->values;
	if (db_exec("INSERT INTO contact (first_name, last_name, function, email, phone, is_resident, consent_basis, "
		    "consent_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
		    "tttttittt" "t", v[C_FIRST] ? v[C_FIRST] : "", v[C_LAST], v[C_FUNCTION] ? v[C_FUNCTION] : "", v[C_EMAIL],
		    v[C_PHONE], (long long)l->resident, v[C_BASIS], v[C_CONSENT_AT], now, now) != 0)
		return -1;
	long long id = db_last_id();
	if (l->org_id && db_exec("INSERT INTO membership (contact_id, organization_id, position) VALUES (?, ?, ?)", "iit", id,
				 l->org_id, v[C_POSITION] ? v[C_POSITION] : "") != 0)
		return -1;
	if (v[C_TAGS] && each_item(a, v[C_TAGS], add_contact_tag, &id))
		return -1;
	return 0;
}

/* ---------------------------------------------------------------- pages */

static const char *kind_label(import_kind_t k)
{
	return k == IMPORT_ORGS ? "organisations" : "contacts";
}

/* The column lists and kinds shown on the form and the preview. */
static json_t *docs_json(void)
{
	json_t *orgs = json_array(), *contacts = json_array(), *k = json_array();
	for (size_t c = 0; c < O_COUNT; c++)
		json_array_append_new(orgs, json_pack("{s:s, s:b}", "header", org_columns[c].header, "required", org_columns[c].required));
	for (size_t c = 0; c < C_COUNT; c++)
		json_array_append_new(contacts, json_pack("{s:s, s:b}", "header", contact_columns[c].header, "required",
							  contact_columns[c].required));
	for (size_t i = 0; i < KINDS_COUNT; i++)
		json_array_append_new(k, json_pack("{s:s, s:s}", "code", kinds[i][0], "label", kinds[i][1]));
	return json_pack("{s:o, s:o, s:o}", "organization_columns", orgs, "contact_columns", contacts, "kinds", k);
}

/* The upload form, with a French message about the file when error is set. */
static void render_form(req_t *r, int status, const char *error, const char *kind)
{
	json_t *view = json_pack("{s:{s:s}, s:o, s:s, s:b, s:b}", "page", "title", "Importer un fichier CSV", "docs",
				 docs_json(), "csrf", csrf_token(r), "kind_orgs", !kind || strcmp(kind, "contacts") != 0,
				 "kind_contacts", kind && strcmp(kind, "contacts") == 0);
	if (error) {
		json_object_set_new(view, "error", json_string(error));
		json_object_set_new(view, "errors", json_pack("{s:s}", "fichier", error));
	}
	render(r, status, "import", view);
}

void import_form(req_t *r)
{
	render_form(r, 200, NULL, NULL);
}

/* The preview view of checked lines (counts, each line, batch to confirm). */
static json_t *preview_json(const plan_t *p, line_t *lines, long long batch_id)
{
	size_t n = p->csv.n - 1, ok = 0, bad = 0, dup = 0;
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++) {
		line_t *l = &lines[i];
		ok += l->status == LINE_OK;
		bad += l->status == LINE_REJECTED;
		dup += l->status == LINE_DUPLICATE;
		json_array_append_new(arr, json_pack("{s:I, s:s, s:b, s:b, s:b, s:s, s:O}", "line", (json_int_t)l->number,
						     "status", l->status == LINE_OK ? "accepted" : l->status == LINE_DUPLICATE ? "duplicate" : "rejected",
						     "accepted", l->status == LINE_OK, "rejected", l->status == LINE_REJECTED,
						     "duplicate", l->status == LINE_DUPLICATE, "label", l->label ? l->label : "",
						     "errors", l->errors));
	}
	return json_pack("{s:s, s:s, s:s, s:s, s:I, s:o, s:{s:I, s:I, s:I, s:I}, s:b}", "kind", kind_code(p->kind),
			 "kind_label", kind_label(p->kind), "encoding", p->csv.encoding, "separator",
			 p->csv.separator == ';' ? "point-virgule" : "virgule", "batch_id", (json_int_t)batch_id, "lines", arr,
			 "counts", "total", (json_int_t)n, "accepted", (json_int_t)ok, "rejected", (json_int_t)bad,
			 "duplicates", (json_int_t)dup, "can_import", bad == 0 && ok > 0);
}

static int parse_kind(const char *s, import_kind_t *k)
{
	if (s && strcmp(s, "organizations") == 0)
		*k = IMPORT_ORGS;
	else if (s && strcmp(s, "contacts") == 0)
		*k = IMPORT_CONTACTS;
	else
		return -1;
	return 0;
}

/* Keeps the file for the confirmation; drops batches older than an hour. */
static long long batch_store(req_t *r, import_kind_t kind, const char *text)
{
	char now[21];
	db_now(now);
	if (db_begin() != 0)
		return 0;
	long long id = 0;
	if (db_exec("DELETE FROM import_batch WHERE created_at < strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '-1 hour')", NULL) == 0 &&
	    db_exec("INSERT INTO import_batch (account_id, kind, content, created_at) VALUES (?, ?, ?, ?)", "itt" "t",
		    r->user->id, kind_code(kind), text, now) == 0)
		id = db_last_id();
	if (!id || db_commit() != 0) {
		db_rollback();
		return 0;
	}
	return id;
}

void import_preview(req_t *r)
{
	const char *kind_s = kv_get(&r->form, "kind");
	import_kind_t kind;
	if (parse_kind(kind_s, &kind) != 0) {
		render_form(r, 422, "Choisissez ce que contient le fichier : organisations ou contacts.", kind_s);
		return;
	}
	const kv_t *file = kv_find(&r->form, "fichier");
	if (!file || !file->filename || file->value_len == 0) {
		render_form(r, 422, "Choisissez un fichier CSV non vide.", kind_s);
		return;
	}
	plan_t p;
	const char *err = plan_read(r->arena, kind, file->value, file->value_len, &p);
	if (err) {
		render_form(r, 422, err, kind_s);
		return;
	}
	/* The file is kept as its UTF-8 text, so that lines keep their numbers. */
	const char *text, *enc;
	size_t tlen;
	csv_to_utf8(r->arena, file->value, file->value_len, &text, &tlen, &enc);
	line_t *lines = lines_check(r->arena, &p);
	long long id = batch_store(r, kind, text);
	if (!id) {
		lines_free(lines, p.csv.n - 1);
		reply_error(r, 500, "Le fichier n'a pas pu être conservé ; rien n'a été importé.", NULL);
		return;
	}
	json_t *view = preview_json(&p, lines, id);
	lines_free(lines, p.csv.n - 1);
	json_object_set_new(view, "page", json_pack("{s:s}", "title", "Aperçu de l'import"));
	json_object_set_new(view, "filename", json_string(file->filename));
	json_object_set_new(view, "csrf", json_string(csrf_token(r)));
	render(r, 200, "import_preview", view);
}

/* Writes every accepted line; 0, or -1 when something failed. */
static int write_lines(arena_t *a, const plan_t *p, const line_t *lines, size_t *created)
{
	char now[21];
	db_now(now);
	*created = 0;
	for (size_t i = 0; i < p->csv.n - 1; i++) {
		if (lines[i].status != LINE_OK)
			continue;
		if ((p->kind == IMPORT_ORGS ? insert_org(a, &lines[i], now) : insert_contact(a, &lines[i], now)) != 0)
			return -1;
		(*created)++;
	}
	return 0;
}

/* The kept file of batch id if it belongs to the user and is less than an
 * hour old (arena text, *kind set), or NULL. */
static const char *batch_load(req_t *r, long long id, import_kind_t *kind)
{
	json_t *batch = id ? db_row("SELECT kind, content FROM import_batch WHERE id = ? AND account_id = ? AND created_at >= "
				    "strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '-1 hour')",
				    "ii", id, r->user->id)
			   : NULL;
	if (!batch)
		return NULL;
	*kind = IMPORT_ORGS;
	parse_kind(json_string_value(json_object_get(batch, "kind")), kind);
	const char *text = arena_strdup(r->arena, json_string_value(json_object_get(batch, "content")));
	json_decref(batch);
	return text;
}

/* Checks the kept file again and writes it, all in one transaction that
 * the caller opened and closes. *view gets the preview view (new
 * reference). 0 when written, 1 when a line is rejected, -1 on a failure. */
static int import_run(req_t *r, const plan_t *p, long long id, json_t **view, size_t *created)
{
	line_t *lines = lines_check(r->arena, p);
	*view = preview_json(p, lines, id);
	json_t *counts = json_object_get(*view, "counts");
	int rc = 0;
	if (!json_is_true(json_object_get(*view, "can_import")))
		rc = 1;
	else if (write_lines(r->arena, p, lines, created) != 0 ||
		 audit_record(r, p->kind == IMPORT_ORGS ? "import.organizations" : "import.contacts",
			      p->kind == IMPORT_ORGS ? "organization" : "contact", 0,
			      "%zu ligne(s) importée(s), %lld doublon(s) ignoré(s), fichier de %zu ligne(s)", *created,
			      (long long)json_integer_value(json_object_get(counts, "duplicates")), p->csv.n - 1) != 0 ||
		 db_exec("DELETE FROM import_batch WHERE id = ?", "i", id) != 0)
		rc = -1;
	lines_free(lines, p->csv.n - 1);
	return rc;
}

void import_confirm(req_t *r)
{
	long long id = param_id(r, "batch_id");
	import_kind_t kind;
	const char *text = batch_load(r, id, &kind);
	if (!text) {
		reply_error(r, 404, "Cet import n'existe plus (il expire au bout d'une heure) : déposez à nouveau le fichier.", NULL);
		return;
	}
	if (db_begin() != 0) {
		reply_error(r, 500, "L'import a échoué ; rien n'a été importé.", NULL);
		return;
	}
	/* Checked again inside the transaction: the directory may have changed. */
	plan_t p;
	const char *err = plan_read(r->arena, kind, text, strlen(text), &p);
	if (err) {
		db_rollback();
		reply_error(r, 422, err, NULL);
		return;
	}
	json_t *view = NULL;
	size_t created = 0;
	int rc = import_run(r, &p, id, &view, &created);
	if (rc == 0 && db_commit() != 0)
		rc = -1;
	if (rc != 0)
		db_rollback();
	if (rc < 0) {
		json_decref(view);
		reply_error(r, 500, "L'import a échoué ; rien n'a été importé.", NULL);
		return;
	}
	if (rc > 0) {
		json_object_set_new(view, "page", json_pack("{s:s}", "title", "Aperçu de l'import"));
		json_object_set_new(view, "refused", json_true());
		render(r, 422, "import_preview", view);
		return;
	}
	json_object_set_new(view, "page", json_pack("{s:s}", "title", "Import terminé"));
	json_object_set_new(view, "created", json_integer((json_int_t)created));
	json_object_set_new(view, "is_orgs", json_boolean(kind == IMPORT_ORGS));
	render(r, 200, "import_done", view);
}
