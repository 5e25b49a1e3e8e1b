/* test_validate.c — unit tests for src/core/validate.c: each field type,
 * accepted and refused values, French messages, and whole forms. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <string.h>

#include "core/validate.h"

#define LQ "\u00AB\u00A0" /* « and a non-breaking space */
#define RQ "\u00A0\u00BB"

static int arena_setup(void **state)
{
	*state = arena_new(0);
	return 0;
}

static int arena_teardown(void **state)
{
	arena_free(*state);
	return 0;
}

/* A spec of a type, labelled "Nom", with bounds. */
static field_spec_t spec_of(field_type_t type, int required, long long min, long long max)
{
	return (field_spec_t){.name = "f", .label = "Nom", .type = type, .required = required,
			      .min = min, .max = max};
}

/* Asserts that raw is accepted by spec; returns the value's text. */
static const char *accepted(arena_t *a, field_spec_t spec, const char *raw, field_value_t *v)
{
	const char *msg = validate_field(a, &spec, raw, v);
	if (msg)
		fail_msg("\"%s\" refused: %s", raw ? raw : "(null)", msg);
	assert_int_equal(v->present, 1);
	assert_string_equal(v->name, "f");
	return v->text;
}

/* Asserts that raw is refused by spec; returns the message. */
static const char *refused(arena_t *a, field_spec_t spec, const char *raw)
{
	field_value_t v;
	const char *msg = validate_field(a, &spec, raw, &v);
	if (!msg)
		fail_msg("\"%s\" accepted", raw ? raw : "(null)");
	assert_int_equal(v.present, 0);
	return msg;
}

/* A string of n copies of s, in the arena. */
static const char *repeat(arena_t *a, const char *s, size_t n)
{
	buf_t b;
	buf_init(&b, a, 0);
	for (size_t i = 0; i < n; i++)
		buf_puts(&b, s);
	return b.data;
}

/* ---------------------------------------------------------------- required */

static void test_required_message(void **state)
{
	arena_t *a = *state;
	const char *expect = "Le champ \u00AB\u00A0Nom\u00A0\u00BB est obligatoire.";
	field_type_t types[] = {FIELD_TEXT, FIELD_TEXTAREA, FIELD_EMAIL, FIELD_PASSWORD,
				FIELD_INT,  FIELD_ENUM,     FIELD_DATE,  FIELD_COORDS};
	for (size_t i = 0; i < sizeof types / sizeof *types; i++) {
		field_spec_t spec = spec_of(types[i], 1, 0, 0);
		assert_string_equal(refused(a, spec, NULL), expect);
		assert_string_equal(refused(a, spec, ""), expect);
		if (types[i] != FIELD_PASSWORD)
			assert_string_equal(refused(a, spec, "   "), expect);
	}
	assert_string_equal(refused(a, spec_of(FIELD_TEXTAREA, 1, 0, 0), " \r\n\t\n"), expect);
}

static void test_optional_empty(void **state)
{
	arena_t *a = *state;
	field_type_t types[] = {FIELD_TEXT, FIELD_TEXTAREA, FIELD_EMAIL, FIELD_PASSWORD,
				FIELD_INT,  FIELD_ENUM,     FIELD_DATE,  FIELD_COORDS};
	for (size_t i = 0; i < sizeof types / sizeof *types; i++) {
		field_spec_t spec = spec_of(types[i], 0, 0, 0);
		field_value_t v;
		assert_null(validate_field(a, &spec, NULL, &v));
		assert_int_equal(v.present, 0);
		assert_null(v.text);
		assert_null(validate_field(a, &spec, "", &v));
		assert_int_equal(v.present, 0);
	}
	field_spec_t spec = spec_of(FIELD_TEXT, 0, 0, 0);
	field_value_t v;
	assert_null(validate_field(a, &spec, "   ", &v));
	assert_int_equal(v.present, 0);
}

/* ------------------------------------------------------------------- text */

static void test_text_trim_and_accept(void **state)
{
	arena_t *a = *state;
	field_value_t v;
	assert_string_equal(accepted(a, spec_of(FIELD_TEXT, 1, 0, 0), "  Banc cassé  ", &v),
			    "Banc cassé");
	assert_string_equal(accepted(a, spec_of(FIELD_TEXT, 1, 0, 0), "a", &v), "a");
}

static void test_text_counts_characters(void **state)
{
	arena_t *a = *state;
	field_value_t v;
	/* "Élève" is 5 characters in 7 bytes. */
	assert_string_equal(accepted(a, spec_of(FIELD_TEXT, 1, 5, 5), "Élève", &v), "Élève");
	assert_string_equal(refused(a, spec_of(FIELD_TEXT, 1, 6, 10), "Élève"),
			    "Le champ " LQ "Nom" RQ " doit contenir au moins 6 caractères.");
	assert_string_equal(refused(a, spec_of(FIELD_TEXT, 1, 1, 4), "Élève"),
			    "Le champ " LQ "Nom" RQ " ne doit pas dépasser 4 caractères "
			    "(il en contient 5).");
	assert_string_equal(refused(a, spec_of(FIELD_TEXT, 1, 1, 1), "ab"),
			    "Le champ " LQ "Nom" RQ " ne doit pas dépasser 1 caractère "
			    "(il en contient 2).");
	accepted(a, spec_of(FIELD_TEXT, 1, 0, 3), "😀😀😀", &v); /* 12 bytes */
	/* Trimmed spaces do not count. */
	accepted(a, spec_of(FIELD_TEXT, 1, 0, 3), "  abc  ", &v);
}

static void test_text_default_max(void **state)
{
	arena_t *a = *state;
	field_value_t v;
	accepted(a, spec_of(FIELD_TEXT, 1, 0, 0), repeat(a, "é", 200), &v);
	const char *msg = refused(a, spec_of(FIELD_TEXT, 1, 0, 0), repeat(a, "é", 201));
	assert_non_null(strstr(msg, "200 caractères"));
}

static void test_text_single_line(void **state)
{
	arena_t *a = *state;
	const char *one_line = "Le champ " LQ "Nom" RQ " ne doit tenir que sur une ligne.";
	assert_string_equal(refused(a, spec_of(FIELD_TEXT, 1, 0, 0), "a\nb"), one_line);
	assert_string_equal(refused(a, spec_of(FIELD_TEXT, 1, 0, 0), "a\r\nb"), one_line);
	assert_string_equal(refused(a, spec_of(FIELD_TEXT, 1, 0, 0), "a\rb"), one_line);
	assert_string_equal(refused(a, spec_of(FIELD_TEXT, 0, 0, 0), "ab\n"), one_line);
	const char *control = "Le champ " LQ "Nom" RQ " contient un caractère de contrôle interdit.";
	assert_string_equal(refused(a, spec_of(FIELD_TEXT, 1, 0, 0), "a\tb"), control);
	assert_string_equal(refused(a, spec_of(FIELD_TEXT, 1, 0, 0), "a\x01" "b"), control);
	assert_string_equal(refused(a, spec_of(FIELD_TEXT, 1, 0, 0), "a\x7F"), control);
	assert_string_equal(refused(a, spec_of(FIELD_TEXT, 1, 0, 0), "a\xC2\x85"), control); /* NEL */
}

static void test_text_invalid_utf8(void **state)
{
	arena_t *a = *state;
	const char *msg = "Le champ " LQ "Nom" RQ " contient du texte invalide.";
	assert_string_equal(refused(a, spec_of(FIELD_TEXT, 1, 0, 0), "caf\xE9"), msg);
	assert_string_equal(refused(a, spec_of(FIELD_TEXTAREA, 0, 0, 0), "\xC0\xAF"), msg);
	assert_string_equal(refused(a, spec_of(FIELD_PASSWORD, 0, 0, 0), "motdepasse\xED\xA0\x80xx"),
			    msg);
}

static void test_textarea(void **state)
{
	arena_t *a = *state;
	field_value_t v;
	field_spec_t spec = spec_of(FIELD_TEXTAREA, 1, 0, 0);
	assert_string_equal(accepted(a, spec, "\r\n  ligne 1\r\nligne 2\r\n\tfin\t\r\n", &v),
			    "ligne 1\nligne 2\n\tfin");
	assert_string_equal(accepted(a, spec, "a\rb", &v), "a\nb");
	/* A line break counts as one character, as in the browser. */
	accepted(a, spec_of(FIELD_TEXTAREA, 1, 3, 3), "a\r\nb", &v);
	assert_non_null(strstr(refused(a, spec, "a\x01"), "caractère de contrôle"));
	assert_non_null(strstr(refused(a, spec, "a\x1B[31m"), "caractère de contrôle"));
	accepted(a, spec, repeat(a, "x", 20000), &v);
	assert_non_null(strstr(refused(a, spec, repeat(a, "x", 20001)), "20000 caractères"));
}

/* ----------------------------------------------------------------- e-mail */

static void test_email_accept(void **state)
{
	arena_t *a = *state;
	field_value_t v;
	field_spec_t spec = spec_of(FIELD_EMAIL, 1, 0, 0);
	assert_string_equal(accepted(a, spec, "  Marie.Dupont@Exemple.FR ", &v),
			    "marie.dupont@exemple.fr");
	assert_string_equal(accepted(a, spec, "a@b.co", &v), "a@b.co");
	assert_string_equal(accepted(a, spec, "x+tag_1!#$%&'*/=?^`{|}~-@sous-domaine.mairie.paris",
				     &v),
			    "x+tag_1!#$%&'*/=?^`{|}~-@sous-domaine.mairie.paris");
	assert_string_equal(accepted(a, spec, "a@a1.b-c.org", &v), "a@a1.b-c.org");
}

static void test_email_reject(void **state)
{
	arena_t *a = *state;
	field_spec_t spec = spec_of(FIELD_EMAIL, 1, 0, 0);
	const char *msg = "Adresse électronique invalide (exemple : nom@domaine.fr).";
	const char *bad[] = {
		"nom",           "nom@",           "@domaine.fr",   "nom@domaine",
		"nom@domaine.f", "nom@domaine.f2", "nom@-a.fr",     "nom@a-.fr",
		"nom@a..fr",     "nom@.a.fr",      "nom@a.fr.",     ".nom@a.fr",
		"nom.@a.fr",     "n..om@a.fr",     "n om@a.fr",     "nom@a b.fr",
		"a@b@c.fr",      "nom@a_b.fr",     "élève@a.fr",    "nom@exémple.fr",
		"(nom)@a.fr",    "nom@[1.2.3.4]",  "nom@a.fr\n",    "\"n\"@a.fr",
	};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
		assert_string_equal(refused(a, spec, bad[i]), msg);
}

static void test_email_lengths(void **state)
{
	arena_t *a = *state;
	field_value_t v;
	field_spec_t spec = spec_of(FIELD_EMAIL, 1, 0, 0);
	/* Local part: 64 fine, 65 not. */
	accepted(a, spec, arena_printf(a, "%s@a.fr", repeat(a, "x", 64)), &v);
	refused(a, spec, arena_printf(a, "%s@a.fr", repeat(a, "x", 65)));
	/* Label: 63 fine, 64 not. */
	accepted(a, spec, arena_printf(a, "x@%s.fr", repeat(a, "d", 63)), &v);
	refused(a, spec, arena_printf(a, "x@%s.fr", repeat(a, "d", 64)));
	/* Whole address: 254 bytes fine, 255 not: "x@", three 63-byte labels, a TLD. */
	const char *l63 = repeat(a, "d", 63);
	const char *addr254 = arena_printf(a, "x@%s.%s.%s.%s", l63, l63, l63, repeat(a, "d", 60));
	assert_int_equal(strlen(addr254), 254);
	accepted(a, spec, addr254, &v);
	const char *addr255 = arena_printf(a, "x@%s.%s.%s.%s", l63, l63, l63, repeat(a, "d", 61));
	refused(a, spec, addr255);
}

/* --------------------------------------------------------------- password */

static void test_password(void **state)
{
	arena_t *a = *state;
	field_value_t v;
	field_spec_t spec = spec_of(FIELD_PASSWORD, 1, 0, 0);
	/* Not trimmed: the spaces are part of it. */
	assert_string_equal(accepted(a, spec, "  douze chars ", &v), "  douze chars ");
	/* Length in characters: 12 'é' are 24 bytes, 11 'é' are 22 bytes but too short. */
	accepted(a, spec, repeat(a, "é", 12), &v);
	assert_string_equal(refused(a, spec, repeat(a, "é", 11)),
			    "Le champ " LQ "Nom" RQ " doit contenir au moins 12 caractères.");
	accepted(a, spec, repeat(a, "p", 1024), &v);
	refused(a, spec, repeat(a, "p", 1025));
	/* Explicit bounds. */
	accepted(a, spec_of(FIELD_PASSWORD, 1, 4, 8), "abcd", &v);
	refused(a, spec_of(FIELD_PASSWORD, 1, 4, 8), "abc");
	refused(a, spec_of(FIELD_PASSWORD, 1, 4, 8), "abcdefghi");
	/* Spaces only is a (weak) password, not an empty field. */
	accepted(a, spec, repeat(a, " ", 12), &v);
}

/* ---------------------------------------------------------------- integer */

static void test_int_accept(void **state)
{
	arena_t *a = *state;
	field_value_t v;
	field_spec_t spec = spec_of(FIELD_INT, 1, 0, 0);
	accepted(a, spec, "42", &v);
	assert_int_equal(v.integer, 42);
	accepted(a, spec, "-7", &v);
	assert_int_equal(v.integer, -7);
	accepted(a, spec, "0", &v);
	assert_int_equal(v.integer, 0);
	accepted(a, spec, "007", &v);
	assert_int_equal(v.integer, 7);
	accepted(a, spec, " 12 ", &v);
	assert_int_equal(v.integer, 12);
	accepted(a, spec, "999999999999999999", &v);
	assert_true(v.integer == 999999999999999999LL);
	accepted(a, spec, "-999999999999999999", &v);
	assert_true(v.integer == -999999999999999999LL);
}

static void test_int_reject(void **state)
{
	arena_t *a = *state;
	field_spec_t spec = spec_of(FIELD_INT, 1, 0, 0);
	const char *msg = "Le champ " LQ "Nom" RQ " doit être un nombre entier.";
	const char *bad[] = {"+1", "1e3", "1 2", "12a", "-", "--1", "1.5", "0x10", "1,5",
			     "١٢", "1000000000000000000", "- 1", "1-"};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
		assert_string_equal(refused(a, spec, bad[i]), msg);
}

static void test_int_range(void **state)
{
	arena_t *a = *state;
	field_value_t v;
	field_spec_t spec = spec_of(FIELD_INT, 1, 1, 10);
	accepted(a, spec, "1", &v);
	accepted(a, spec, "10", &v);
	const char *msg = "Le champ " LQ "Nom" RQ " doit être compris entre 1 et 10.";
	assert_string_equal(refused(a, spec, "0"), msg);
	assert_string_equal(refused(a, spec, "11"), msg);
	assert_string_equal(refused(a, spec, "-5"), msg);
	field_spec_t neg = spec_of(FIELD_INT, 1, -10, -1);
	accepted(a, neg, "-10", &v);
	assert_string_equal(refused(a, neg, "0"),
			    "Le champ " LQ "Nom" RQ " doit être compris entre -10 et -1.");
	/* 0,0: no range. */
	accepted(a, spec_of(FIELD_INT, 1, 0, 0), "-123456789", &v);
}

/* ------------------------------------------------------------------- enum */

static void test_enum(void **state)
{
	arena_t *a = *state;
	static const char *const choices[] = {"ouvert", "en_cours", "clos", NULL};
	field_spec_t spec = spec_of(FIELD_ENUM, 1, 0, 0);
	spec.choices = choices;
	field_value_t v;
	assert_string_equal(accepted(a, spec, "en_cours", &v), "en_cours");
	assert_string_equal(accepted(a, spec, " clos ", &v), "clos");
	const char *msg = "Valeur non autorisée pour le champ " LQ "Nom" RQ ".";
	assert_string_equal(refused(a, spec, "Clos"), msg);
	assert_string_equal(refused(a, spec, "ferme"), msg);
	assert_string_equal(refused(a, spec, "clos2"), msg);
	spec.choices = NULL;
	assert_string_equal(refused(a, spec, "clos"), msg);
}

/* ------------------------------------------------------------------- date */

static void test_date_accept(void **state)
{
	arena_t *a = *state;
	field_value_t v;
	field_spec_t spec = spec_of(FIELD_DATE, 1, 0, 0);
	const char *good[] = {"2026-01-01", "2026-12-31", "2024-02-29", "2000-02-29",
			      "2026-04-30", "1999-01-31", "0001-01-01", "9999-12-31"};
	for (size_t i = 0; i < sizeof good / sizeof *good; i++)
		assert_string_equal(accepted(a, spec, good[i], &v), good[i]);
}

static void test_date_reject(void **state)
{
	arena_t *a = *state;
	field_spec_t spec = spec_of(FIELD_DATE, 1, 0, 0);
	const char *impossible = "Le champ " LQ "Nom" RQ " contient une date qui n'existe pas.";
	const char *no_date[] = {"2026-02-30", "2023-02-29", "1900-02-29", "2100-02-29",
				 "2026-13-01", "2026-00-10", "2026-04-31", "2026-01-00",
				 "2026-01-32", "0000-01-01"};
	for (size_t i = 0; i < sizeof no_date / sizeof *no_date; i++)
		assert_string_equal(refused(a, spec, no_date[i]), impossible);
	const char *format = "Le champ " LQ "Nom" RQ
			     " doit être une date au format AAAA-MM-JJ (exemple : 2026-03-14).";
	const char *bad[] = {"2026-1-01",  "2026/01/01", "20260101",    "01-01-2026", "2026-01-01x",
			     "2026-01-1",  "aaaa-bb-cc", "2026-01-01T00:00", "+026-01-01", "2026-0a-01"};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
		assert_string_equal(refused(a, spec, bad[i]), format);
}

/* ------------------------------------------------------------------- bool */

static void test_bool(void **state)
{
	arena_t *a = *state;
	field_spec_t spec = spec_of(FIELD_BOOL, 1, 0, 0);
	field_value_t v;
	const char *falsy[] = {NULL, "", "0", "off", "false"};
	for (size_t i = 0; i < sizeof falsy / sizeof *falsy; i++) {
		assert_null(validate_field(a, &spec, falsy[i], &v));
		assert_int_equal(v.integer, 0);
		assert_int_equal(v.present, 1);
	}
	const char *truthy[] = {"1", "on", "true", "oui"};
	for (size_t i = 0; i < sizeof truthy / sizeof *truthy; i++) {
		assert_null(validate_field(a, &spec, truthy[i], &v));
		assert_int_equal(v.integer, 1);
	}
}

/* ----------------------------------------------------------------- coords */

static void test_coords_accept(void **state)
{
	arena_t *a = *state;
	field_value_t v;
	field_spec_t spec = spec_of(FIELD_COORDS, 1, 0, 0);
	accepted(a, spec, "48.8566,2.3522", &v);
	assert_true(v.lat > 48.85659 && v.lat < 48.85661);
	assert_true(v.lon > 2.35219 && v.lon < 2.35221);
	accepted(a, spec, " -33.8688 , 151.2093 ", &v);
	assert_true(v.lat < -33.8687 && v.lat > -33.8689);
	assert_true(v.lon > 151.2092 && v.lon < 151.2094);
	accepted(a, spec, "90,-180", &v);
	assert_true(v.lat == 90.0 && v.lon == -180.0);
	accepted(a, spec, "-90.0,180.000000000000", &v);
	assert_true(v.lat == -90.0 && v.lon == 180.0);
	accepted(a, spec, "0,0", &v);
	/* a double printed with 17 significant digits by a program */
	accepted(a, spec, "43.615100000000005,3.8175000000000003", &v);
	assert_true(v.lat > 43.61509 && v.lat < 43.61511);
	assert_true(v.lon > 3.81749 && v.lon < 3.81751);
}

static void test_coords_reject(void **state)
{
	arena_t *a = *state;
	field_spec_t spec = spec_of(FIELD_COORDS, 1, 0, 0);
	const char *format = "Le champ " LQ "Nom" RQ " doit contenir des coordonnées " LQ
			     "latitude,longitude" RQ " en degrés décimaux (exemple : 48.8566,2.3522).";
	const char *bad[] = {"abc",     "48.85",   "48,2,3",  "1e2,3",   "nan,1",  ".5,1",
			     "48.,2",   "48 .5,2", ",2",      "48,",     "+48,2",  "1000,2",
			     "48;2",    "0x1,2",   "48.5.1,2", "inf,inf",
			     "1.000000000000000000001,2"};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
		assert_string_equal(refused(a, spec, bad[i]), format);
	const char *range = "Le champ " LQ "Nom" RQ " : la latitude doit être comprise entre -90 "
			    "et 90, la longitude entre -180 et 180.";
	assert_string_equal(refused(a, spec, "90.0001,0"), range);
	assert_string_equal(refused(a, spec, "-91,0"), range);
	assert_string_equal(refused(a, spec, "0,180.5"), range);
	assert_string_equal(refused(a, spec, "0,-181"), range);
}

/* ------------------------------------------------------------------ forms */

/* Appends name=value to an input list. */
static void add(arena_t *a, kv_list_t *l, const char *name, const char *value)
{
	kv_add(a, l, name, value, strlen(value));
}

static const char *const kinds[] = {"voirie", "proprete", NULL};

static const field_spec_t signup[] = {
	{.name = "nom", .label = "Nom", .type = FIELD_TEXT, .required = 1, .max = 80},
	{.name = "courriel", .label = "Courriel", .type = FIELD_EMAIL, .required = 1},
	{.name = "mdp", .label = "Mot de passe", .type = FIELD_PASSWORD, .required = 1},
	{.name = "age", .label = "Âge", .type = FIELD_INT, .min = 0, .max = 150},
	{.name = "type", .label = "Type", .type = FIELD_ENUM, .required = 1, .choices = kinds},
	{.name = "lettre", .label = "Lettre d'information", .type = FIELD_BOOL},
	{.name = "note", .label = "Note", .type = FIELD_TEXTAREA},
};
#define SIGNUP_COUNT (sizeof signup / sizeof *signup)

static void test_form_valid(void **state)
{
	arena_t *a = *state;
	kv_list_t in = {0};
	add(a, &in, "nom", " Élève ");
	add(a, &in, "courriel", "Eleve@Exemple.FR");
	add(a, &in, "mdp", "un mot de passe long");
	add(a, &in, "age", "17");
	add(a, &in, "type", "voirie");
	add(a, &in, "lettre", "on");
	form_t form;
	assert_int_equal(form_validate(a, signup, SIGNUP_COUNT, &in, &form), 0);
	assert_int_equal(json_object_size(form.errors), 0);
	assert_ptr_equal(form.specs, signup);
	assert_int_equal(form.count, SIGNUP_COUNT);
	assert_string_equal(form_text(&form, "nom"), "Élève");
	assert_string_equal(form_text(&form, "courriel"), "eleve@exemple.fr");
	assert_string_equal(form_text(&form, "mdp"), "un mot de passe long");
	assert_int_equal(form_int(&form, "age"), 17);
	assert_int_equal(form_int(&form, "lettre"), 1);
	assert_string_equal(form_text(&form, "type"), "voirie");
	/* Optional and empty: absent. */
	assert_null(form_value(&form, "note"));
	assert_null(form_text(&form, "note"));
	assert_int_equal(form.values[6].present, 0);
	assert_null(form_value(&form, "inconnu"));
	assert_int_equal(form_int(&form, "inconnu"), 0);
	const field_value_t *age = form_value(&form, "age");
	assert_non_null(age);
	assert_ptr_equal(age, &form.values[3]);
	/* Input for refilling: raw values, no password. */
	assert_string_equal(json_string_value(json_object_get(form.input, "nom")), " Élève ");
	assert_string_equal(json_string_value(json_object_get(form.input, "courriel")),
			    "Eleve@Exemple.FR");
	assert_null(json_object_get(form.input, "mdp"));
	assert_null(json_object_get(form.input, "note"));
	json_decref(form.errors);
	json_decref(form.input);
}

static void test_form_errors(void **state)
{
	arena_t *a = *state;
	kv_list_t in = {0};
	add(a, &in, "courriel", "pas-une-adresse");
	add(a, &in, "mdp", "court");
	add(a, &in, "age", "200");
	add(a, &in, "type", "autre");
	form_t form;
	assert_int_equal(form_validate(a, signup, SIGNUP_COUNT, &in, &form), 5);
	assert_int_equal(json_object_size(form.errors), 5);
	assert_string_equal(json_string_value(json_object_get(form.errors, "nom")),
			    "Le champ " LQ "Nom" RQ " est obligatoire.");
	assert_string_equal(json_string_value(json_object_get(form.errors, "courriel")),
			    "Adresse électronique invalide (exemple : nom@domaine.fr).");
	assert_string_equal(json_string_value(json_object_get(form.errors, "mdp")),
			    "Le champ " LQ "Mot de passe" RQ " doit contenir au moins 12 caractères.");
	assert_string_equal(json_string_value(json_object_get(form.errors, "age")),
			    "Le champ " LQ "Âge" RQ " doit être compris entre 0 et 150.");
	assert_string_equal(json_string_value(json_object_get(form.errors, "type")),
			    "Valeur non autorisée pour le champ " LQ "Type" RQ ".");
	assert_null(form_text(&form, "courriel"));
	assert_int_equal(form_int(&form, "age"), 0);
	assert_int_equal(form_int(&form, "lettre"), 0);
	assert_string_equal(json_string_value(json_object_get(form.input, "age")), "200");
	assert_null(json_object_get(form.input, "mdp"));

	/* form_set_error: replaces, or adds. */
	form_set_error(&form, "courriel", "Cette adresse est déjà utilisée.");
	form_set_error(&form, "lettre", "Autre erreur.");
	assert_int_equal(json_object_size(form.errors), 6);
	assert_string_equal(json_string_value(json_object_get(form.errors, "courriel")),
			    "Cette adresse est déjà utilisée.");
	assert_string_equal(json_string_value(json_object_get(form.errors, "lettre")),
			    "Autre erreur.");
	json_decref(form.errors);
	json_decref(form.input);
}

static void test_form_no_input(void **state)
{
	arena_t *a = *state;
	static const field_spec_t specs[] = {
		{.name = "q", .label = "Recherche", .type = FIELD_TEXT},
		{.name = "page", .label = "Page", .type = FIELD_INT, .min = 1, .max = 1000},
	};
	form_t form;
	assert_int_equal(form_validate(a, specs, 2, NULL, &form), 0);
	assert_null(form_text(&form, "q"));
	assert_int_equal(form_int(&form, "page"), 0);
	assert_int_equal(json_object_size(form.input), 0);
	json_decref(form.errors);
	json_decref(form.input);
}

#define T(f) cmocka_unit_test_setup_teardown(f, arena_setup, arena_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_required_message),
		T(test_optional_empty),
		T(test_text_trim_and_accept),
		T(test_text_counts_characters),
		T(test_text_default_max),
		T(test_text_single_line),
		T(test_text_invalid_utf8),
		T(test_textarea),
		T(test_email_accept),
		T(test_email_reject),
		T(test_email_lengths),
		T(test_password),
		T(test_int_accept),
		T(test_int_reject),
		T(test_int_range),
		T(test_enum),
		T(test_date_accept),
		T(test_date_reject),
		T(test_bool),
		T(test_coords_accept),
		T(test_coords_reject),
		T(test_form_valid),
		T(test_form_errors),
		T(test_form_no_input),
	};
	return cmocka_run_group_tests_name("validate", tests, NULL, NULL);
}
