/* directory_search.c — see directory_search.h. */
#include "modules/directory_search.h"

#include <string.h>
#include <time.h>

#include "db/db.h"
#include "view/helpers.h"

#define LQ "\u00AB\u00A0"
#define RQ "\u00A0\u00BB"
#define FTS_TERMS_MAX 12
#define TAG_MAX_CHARS 50
#define TAGS_MAX 20

/* ---- search ---- */

/* 1 for the bytes that make up words: ASCII letters and digits, and every
 * byte of a multibyte UTF-8 character (letters with accents...). */
static int word_byte(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c >= 0x80;
}

const char *directory_fts_query(arena_t *a, const char *text)
{
	if (!text)
		return NULL;
	buf_t b;
	buf_init(&b, a, 64);
	int terms = 0;
	const unsigned char *p = (const unsigned char *)text;
	while (*p && terms < FTS_TERMS_MAX) {
		while (*p && !word_byte(*p))
			p++;
		const unsigned char *start = p;
		while (*p && word_byte(*p))
			p++;
		if (p == start)
			break;
		/* A word holds no quote (only letters and digits): "word"* is a
		 * plain FTS5 string followed by the prefix operator. */
		buf_printf(&b, "%s\"%.*s\"*", terms ? " " : "", (int)(p - start), (const char *)start);
		terms++;
	}
	return terms ? b.data : NULL;
}

/* ---- labels ---- */

static const char *const org_kinds[][2] = {
    {"developer", "Aménageur"},
    {"landlord", "Bailleur social"},
    {"association", "Association"},
    {"citizen_body", "Conseil citoyen ou de quartier"},
    {"institution", "Institution"},
    {"education", "Établissement scolaire"},
    {"residents_group", "Collectif d'habitants"},
    {"city_service", "Service de la Ville ou de la Métropole"},
    {"contractor", "Entreprise"},
    {"other", "Autre"},
};
const char *const org_kind_values[] = {"developer", "landlord",	       "association",  "citizen_body", "institution",
				       "education", "residents_group", "city_service", "contractor",   "other",
				       NULL};

static const char *const interaction_kinds[][2] = {
    {"meeting", "Réunion"}, {"call", "Appel"}, {"email", "Courriel"}, {"visit", "Visite"}, {"event", "Événement"},
};
const char *const interaction_kind_values[] = {"meeting", "call", "email", "visit", "event", NULL};

static const char *const consent_bases[][2] = {
    {"consent", "Consentement de la personne"},
    {"legitimate_interest", "Intérêt légitime"},
    {"public_task", "Mission d'intérêt public"},
    {"contract", "Contrat"},
};
const char *const consent_basis_values[] = {"consent", "legitimate_interest", "public_task", "contract", NULL};

#define NPAIRS(t) (sizeof(t) / sizeof((t)[0]))

static const char *pair_label(const char *const (*pairs)[2], size_t n, const char *key)
{
	for (size_t i = 0; key && i < n; i++)
		if (strcmp(pairs[i][0], key) == 0)
			return pairs[i][1];
	return key ? key : "";
}

const char *org_kind_label(const char *kind)
{
	return pair_label(org_kinds, NPAIRS(org_kinds), kind);
}

json_t *org_kind_options(const char *selected)
{
	return options_json(org_kinds, NPAIRS(org_kinds), selected);
}

const char *interaction_kind_label(const char *kind)
{
	return pair_label(interaction_kinds, NPAIRS(interaction_kinds), kind);
}

json_t *interaction_kind_options(const char *selected)
{
	return options_json(interaction_kinds, NPAIRS(interaction_kinds), selected);
}

const char *consent_basis_label(const char *basis)
{
	return pair_label(consent_bases, NPAIRS(consent_bases), basis);
}

json_t *consent_basis_options(const char *selected)
{
	return options_json(consent_bases, NPAIRS(consent_bases), selected);
}

/* ---- phone numbers and web addresses ---- */

const char *directory_phone_check(arena_t *a, const char *label, const char *raw, const char **out)
{
	char digits[32];
	size_t n = 0;
	int plus = 0;
	for (const char *p = raw; *p; p++) {
		if (*p >= '0' && *p <= '9') {
			if (n + 1 >= sizeof digits)
				goto bad;
			digits[n++] = *p;
		} else if (*p == '+' && n == 0 && !plus) {
			plus = 1;
		} else if (!strchr(" .-/()", *p)) {
			goto bad;
		}
	}
	digits[n] = '\0';
	const char *national = NULL; /* the 9 digits after 0 or +33 */
	if (!plus && n == 10 && digits[0] == '0' && digits[1] != '0')
		national = digits + 1;
	else if (plus && n == 11 && strncmp(digits, "33", 2) == 0 && digits[2] != '0')
		national = digits + 2;
	else if (plus && n == 12 && strncmp(digits, "330", 3) == 0 && digits[3] != '0') /* +33 (0)4 … */
		national = digits + 3;
	else if (!plus && n == 13 && strncmp(digits, "0033", 4) == 0 && digits[4] != '0')
		national = digits + 4;
	if (national) {
		*out = arena_printf(a, "0%c %.2s %.2s %.2s %.2s", national[0], national + 1, national + 3, national + 5,
				    national + 7);
		return NULL;
	}
	if (plus && n >= 6 && n <= 15 && digits[0] != '0' && strncmp(digits, "33", 2) != 0) {
		*out = arena_printf(a, "+%s", digits);
		return NULL;
	}
bad:
	return arena_printf(
	    a,
	    "Le champ " LQ "%s" RQ " doit être un numéro de téléphone : 10 chiffres commençant par 0 "
	    "(exemple : 04 67 12 34 56) ou un numéro international commençant par + (exemple : +33 4 67 12 34 56).",
	    label);
}

const char *directory_phone_uri(arena_t *a, const char *phone)
{
	buf_t b;
	buf_init(&b, a, 24);
	buf_puts(&b, "tel:");
	int french = phone[0] == '0';
	if (french)
		buf_puts(&b, "+33");
	for (const char *p = phone + (french ? 1 : 0); *p; p++)
		if ((*p >= '0' && *p <= '9') || *p == '+')
			buf_putc(&b, *p);
	return b.data;
}

const char *directory_url_check(arena_t *a, const char *label, const char *raw)
{
	const char *host = NULL;
	if (strncmp(raw, "https://", 8) == 0)
		host = raw + 8;
	else if (strncmp(raw, "http://", 7) == 0)
		host = raw + 7;
	int ok = host && *host && *host != '/' && *host != '.' && strlen(raw) <= 300;
	for (const unsigned char *p = (const unsigned char *)raw; ok && *p; p++)
		if (*p <= 0x20 || *p == 0x7F || *p == '"' || *p == '<' || *p == '>' || *p == '\\')
			ok = 0;
	if (ok)
		return NULL;
	return arena_printf(a,
			    "Le champ " LQ "%s" RQ " doit être une adresse web commençant par http:// ou https:// "
			    "(exemple : https://www.exemple.fr), sans espace, de 300 caractères au plus.",
			    label);
}

/* ---- tags ---- */

static size_t utf8_len(const char *s)
{
	size_t n = 0;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		n += (*p & 0xC0) != 0x80;
	return n;
}

const char *directory_tags_parse(arena_t *a, const char *raw, const char ***names, size_t *n)
{
	*n = 0;
	*names = arena_calloc(a, TAGS_MAX + 1, sizeof **names);
	if (!raw)
		return NULL;
	const char *p = raw;
	while (*p) {
		const char *comma = strchr(p, ',');
		const char *end = comma ? comma : p + strlen(p);
		const char *b = p, *e = end;
		while (b < e && strchr(" \t\r\n", *b))
			b++;
		while (e > b && strchr(" \t\r\n", e[-1]))
			e--;
		p = comma ? comma + 1 : end;
		if (b == e)
			continue;
		char *tag = arena_strndup(a, b, (size_t)(e - b));
		if (utf8_len(tag) > TAG_MAX_CHARS)
			return arena_printf(a, "Une étiquette ne doit pas dépasser %d caractères.", TAG_MAX_CHARS);
		for (const unsigned char *c = (const unsigned char *)tag; *c; c++)
			if (*c < 0x20 || *c == 0x7F)
				return arena_strdup(a, "Une étiquette contient un caractère de contrôle interdit.");
		int dup = 0;
		for (size_t i = 0; i < *n; i++)
			dup |= strcasecmp((*names)[i], tag) == 0;
		if (dup)
			continue;
		if (*n >= TAGS_MAX)
			return arena_printf(a, "Vingt étiquettes au plus (%d), séparées par des virgules.", TAGS_MAX);
		(*names)[(*n)++] = tag;
	}
	return NULL;
}

int directory_tags_set(int contact, long long id, const char *const *names, size_t n)
{
	int rc = contact ? db_exec("DELETE FROM contact_tag WHERE contact_id = ?", "i", id)
			 : db_exec("DELETE FROM organization_tag WHERE organization_id = ?", "i", id);
	for (size_t i = 0; rc == 0 && i < n; i++) {
		rc = db_exec("INSERT INTO tag (name) SELECT ? WHERE NOT EXISTS (SELECT 1 FROM tag WHERE name = ?1)",
			     "t", names[i]);
		long long tag = db_int(0, "SELECT id FROM tag WHERE name = ?", "t", names[i]);
		if (rc == 0)
			rc = contact
				 ? db_exec("INSERT OR IGNORE INTO contact_tag (contact_id, tag_id) VALUES (?, ?)", "ii",
					   id, tag)
				 : db_exec(
				       "INSERT OR IGNORE INTO organization_tag (organization_id, tag_id) VALUES (?, ?)",
				       "ii", id, tag);
	}
	return rc;
}

json_t *directory_tag_options(const char *selected)
{
	json_t *rows = db_rows("SELECT name AS value, name AS label FROM tag WHERE id IN (SELECT tag_id FROM "
			       "organization_tag UNION SELECT tag_id FROM contact_tag) ORDER BY name COLLATE NOCASE",
			       NULL);
	size_t i;
	json_t *row;
	json_array_foreach(rows, i, row)
	{
		const char *v = json_string_value(json_object_get(row, "value"));
		json_object_set_new(row, "selected", json_boolean(selected && v && strcasecmp(v, selected) == 0));
	}
	return rows;
}

json_t *directory_project_options(const long long *ids, size_t n)
{
	json_t *rows = db_rows("SELECT id, slug, name FROM project ORDER BY position, name", NULL);
	size_t i;
	json_t *row;
	json_array_foreach(rows, i, row)
	{
		long long id = json_integer_value(json_object_get(row, "id"));
		int sel = 0;
		for (size_t k = 0; k < n; k++)
			sel |= ids[k] == id;
		json_object_set_new(row, "selected", json_boolean(sel));
	}
	return rows;
}

size_t directory_form_list(arena_t *a, const kv_list_t *form, const char *name, const char ***out)
{
	size_t cap = 8, n = 0;
	const char **list = arena_calloc(a, cap, sizeof *list);
	for (const kv_t *kv = form->head; kv; kv = kv->next) {
		if (strcmp(kv->name, name) != 0)
			continue;
		const char **parts;
		size_t k;
		if (directory_tags_parse(a, kv->value, &parts, &k) != NULL)
			k = 0;
		for (size_t i = 0; i < k; i++) {
			if (n + 1 >= cap) {
				const char **bigger = arena_calloc(a, cap * 2, sizeof *bigger);
				memcpy(bigger, list, n * sizeof *list);
				list = bigger;
				cap *= 2;
			}
			list[n++] = parts[i];
		}
	}
	*out = list;
	return n;
}

/* ---- dates ---- */

void directory_today(char buf[11])
{
	time_t t = time(NULL);
	struct tm tm;
	localtime_r(&t, &tm);
	strftime(buf, 11, "%Y-%m-%d", &tm);
}

const char *directory_date_fr(arena_t *a, const char *d)
{
	if (!d || strlen(d) < 10)
		return "";
	return arena_printf(a, "%.2s/%.2s/%.4s", d + 8, d + 5, d);
}

/* ---- forms ---- */

/* The value slot of a field, for in-place normalisation. */
static field_value_t *value_of(form_t *f, const char *name)
{
	for (size_t i = 0; i < f->count; i++)
		if (f->values[i].name && strcmp(f->values[i].name, name) == 0)
			return &f->values[i];
	return NULL;
}

int directory_form_validate(req_t *r, const field_spec_t *specs, size_t n, form_t *f, const char *phone_field,
			    const char *url_field)
{
	int errors = form_validate(r->arena, specs, n, &r->form, f);
	field_value_t *v = phone_field ? value_of(f, phone_field) : NULL;
	if (v && v->present) {
		const char *norm;
		const char *msg = directory_phone_check(r->arena, "Téléphone", v->text, &norm);
		if (msg) {
			form_set_error(f, phone_field, msg);
			v->present = 0;
			errors++;
		} else {
			v->text = norm;
		}
	}
	v = url_field ? value_of(f, url_field) : NULL;
	if (v && v->present) {
		const char *msg = directory_url_check(r->arena, "Site web", v->text);
		if (msg) {
			form_set_error(f, url_field, msg);
			v->present = 0;
			errors++;
		}
	}
	return errors;
}

const char *directory_filters_query(req_t *r)
{
	static const char *const keys[] = {"q", "type", "projet", "etiquette", "tri", "organisation"};
	buf_t b;
	buf_init(&b, r->arena, 64);
	for (size_t i = 0; i < NPAIRS(keys); i++) {
		const char *v = kv_get(&r->query, keys[i]);
		if (!v || !*v)
			continue;
		buf_printf(&b, "%c%s=", b.len ? '&' : '?', keys[i]);
		for (const unsigned char *s = (const unsigned char *)v; *s; s++) {
			if ((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') ||
			    strchr("-_.~", *s))
				buf_putc(&b, (char)*s);
			else
				buf_printf(&b, "%%%02X", *s);
		}
	}
	return b.len ? b.data : "";
}

void directory_form_merge(req_t *r, json_t *record, const char *const *keys)
{
	for (size_t i = 0; keys[i]; i++) {
		if (kv_get(&r->form, keys[i]))
			continue;
		json_t *v = json_object_get(record, keys[i]);
		const char *text = NULL;
		if (json_is_string(v)) {
			text = json_string_value(v);
		} else if (json_is_integer(v)) {
			text = arena_printf(r->arena, "%lld", (long long)json_integer_value(v));
		} else if (json_is_boolean(v)) {
			text = json_is_true(v) ? "1" : "0";
		} else if (json_is_array(v)) {
			buf_t b;
			buf_init(&b, r->arena, 64);
			size_t k;
			json_t *item;
			json_array_foreach(v, k, item)
			{
				json_t *name = json_object_get(item, "slug");
				if (!name)
					name = json_object_get(item, "name");
				buf_printf(&b, "%s%s", k ? ", " : "",
					   json_string_value(name) ? json_string_value(name) : "");
			}
			text = b.data;
		}
		if (text)
			kv_add(r->arena, &r->form, keys[i], text, strlen(text));
	}
}
