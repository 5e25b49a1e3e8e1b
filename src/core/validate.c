/* validate.c — see validate.h. Declared input: raw strings in, typed values
 * or French messages out.
 *
 * Messages name the field by its label between French guillemets with
 * non-breaking spaces: « Courriel ». Lengths count characters (UTF-8 code
 * points), never bytes.
 */
#include "validate.h"

#include <string.h>

#define LQ "\u00AB\u00A0" /* « and a non-breaking space */
#define RQ "\u00A0\u00BB" /* a non-breaking space and » */

#define TEXT_MAX_DEFAULT 200
#define TEXTAREA_MAX_DEFAULT 20000
#define PASSWORD_MIN_DEFAULT 12
#define PASSWORD_MAX_DEFAULT 1024
#define EMAIL_MAX 254
#define INT_DIGITS_MAX 18

/* ------------------------------------------------------------------ helpers */

/* Number of characters (code points) of the valid UTF-8 string s. */
static size_t utf8_chars(const char *s)
{
	size_t n = 0;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if ((*p & 0xC0) != 0x80)
			n++;
	return n;
}

/* "1 caractère", "12 caractères": arena string. */
static const char *chars_phrase(arena_t *a, long long n)
{
	return arena_printf(a, "%lld caractère%s", n, n > 1 ? "s" : "");
}

/* Narrows [*b, *e) to drop leading and trailing characters found in set. */
static void trim_set(const char **b, const char **e, const char *set)
{
	while (*b < *e && strchr(set, **b))
		(*b)++;
	while (*e > *b && strchr(set, (*e)[-1]))
		(*e)--;
}

/* The characters that trimming removes for a field type ("" for passwords). */
static const char *trim_chars(field_type_t type)
{
	switch (type) {
	case FIELD_PASSWORD:
		return "";
	case FIELD_TEXTAREA:
		return " \t\r\n";
	default:
		return " ";
	}
}

/* Copy of raw without the characters trimming removes; arena string. */
static char *trim_copy(arena_t *a, const char *raw, field_type_t type)
{
	const char *b = raw, *e = raw + strlen(raw), *set = trim_chars(type);
	if (*set)
		trim_set(&b, &e, set);
	return arena_strndup(a, b, (size_t)(e - b));
}

/* Rewrites CRLF and lone CR as LF, in place (a browser sends CRLF, but
 * counts a line break as one character for maxlength). */
static void newlines_normalise(char *s)
{
	char *w = s;
	for (const char *r = s; *r; r++) {
		if (*r == '\r') {
			*w++ = '\n';
			if (r[1] == '\n')
				r++;
		} else {
			*w++ = *r;
		}
	}
	*w = '\0';
}

/* Kind of control character at s: 0 none, 1 line break, 2 other (C0 other
 * than line breaks, DEL, C1 U+0080-U+009F). Sets *len to the bytes it takes. */
static int control_at(const unsigned char *s, size_t *len)
{
	*len = 1;
	if (*s == '\n' || *s == '\r')
		return 1;
	if (*s < 0x20 || *s == 0x7F)
		return 2;
	if (*s == 0xC2 && s[1] >= 0x80 && s[1] <= 0x9F) {
		*len = 2;
		return 2;
	}
	return 0;
}

/* ------------------------------------------------------------- text types */

/* Checks the characters of a text value: no control characters, except tab
 * and line breaks when multiline. NULL or a French message. */
static const char *check_controls(arena_t *a, const field_spec_t *spec, const char *s,
				  int multiline)
{
	const unsigned char *p = (const unsigned char *)s;
	while (*p) {
		size_t len;
		int kind = control_at(p, &len);
		if (kind == 1 && !multiline)
			return arena_printf(a, "Le champ " LQ "%s" RQ " ne doit tenir que sur une ligne.",
					    spec->label);
		if (kind == 2 && !(multiline && *p == '\t'))
			return arena_printf(a,
					    "Le champ " LQ "%s" RQ
					    " contient un caractère de contrôle interdit.",
					    spec->label);
		p += len;
	}
	return NULL;
}

/* Checks that s has between min and max characters. NULL or a message. */
static const char *check_length(arena_t *a, const field_spec_t *spec, const char *s,
				long long min, long long max)
{
	long long n = (long long)utf8_chars(s);
	if (n < min)
		return arena_printf(a, "Le champ " LQ "%s" RQ " doit contenir au moins %s.",
				    spec->label, chars_phrase(a, min));
	if (n > max)
		return arena_printf(a,
				    "Le champ " LQ "%s" RQ
				    " ne doit pas dépasser %s (il en contient %lld).",
				    spec->label, chars_phrase(a, max), n);
	return NULL;
}

/* FIELD_TEXT and FIELD_TEXTAREA: s is trimmed and not empty. */
static const char *validate_text(arena_t *a, const field_spec_t *spec, char *s,
				 field_value_t *out)
{
	int multiline = spec->type == FIELD_TEXTAREA;
	const char *msg = check_controls(a, spec, s, multiline);
	if (msg)
		return msg;
	if (multiline)
		newlines_normalise(s);
	long long max = spec->max ? spec->max
				  : (multiline ? TEXTAREA_MAX_DEFAULT : TEXT_MAX_DEFAULT);
	msg = check_length(a, spec, s, spec->min, max);
	if (msg)
		return msg;
	out->text = s;
	return NULL;
}

/* FIELD_PASSWORD: s is taken as typed and not empty. */
static const char *validate_password(arena_t *a, const field_spec_t *spec, char *s,
				     field_value_t *out)
{
	long long min = spec->min ? spec->min : PASSWORD_MIN_DEFAULT;
	long long max = spec->max ? spec->max : PASSWORD_MAX_DEFAULT;
	const char *msg = check_length(a, spec, s, min, max);
	if (msg)
		return msg;
	out->text = s;
	return NULL;
}

/* ------------------------------------------------------------------ e-mail */

/* 1 if c may appear in the local part of an address (dots checked apart). */
static int email_local_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       (c && strchr(".!#$%&'*+/=?^_`{|}~-", c));
}

/* 1 if s[0..n) is a valid local part: 1-64 allowed characters, no dot at
 * either end, no two dots in a row. */
static int email_local_ok(const char *s, size_t n)
{
	if (n == 0 || n > 64 || s[0] == '.' || s[n - 1] == '.')
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!email_local_char(s[i]) || (s[i] == '.' && s[i + 1] == '.'))
			return 0;
	return 1;
}

/* 1 if s[0..n) is a domain label: 1-63 letters, digits, '-', no '-' at
 * either end; a top-level label must be 2+ letters only. */
static int email_label_ok(const char *s, size_t n, int top)
{
	if (n == 0 || n > 63 || s[0] == '-' || s[n - 1] == '-')
		return 0;
	if (top && n < 2)
		return 0;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		int letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
		int other = (c >= '0' && c <= '9') || c == '-';
		if (!letter && (top || !other))
			return 0;
	}
	return 1;
}

/* 1 if s is a domain with at least two labels, all valid. */
static int email_domain_ok(const char *s)
{
	const char *dot = strchr(s, '.');
	if (!dot)
		return 0;
	for (;;) {
		size_t n = strcspn(s, ".");
		int top = s[n] == '\0';
		if (!email_label_ok(s, n, top))
			return 0;
		if (top)
			return 1;
		s += n + 1;
	}
}

/* 1 if s is local@domain as described in validate.h. */
static int email_ok(const char *s)
{
	const char *at = strchr(s, '@');
	if (!at || strlen(s) > EMAIL_MAX)
		return 0;
	return email_local_ok(s, (size_t)(at - s)) && email_domain_ok(at + 1);
}

/* FIELD_EMAIL: s is trimmed and not empty; lowercased in place. */
static const char *validate_email(arena_t *a, const field_spec_t *spec, char *s,
				  field_value_t *out)
{
	(void)spec;
	if (!email_ok(s))
		return arena_strdup(a, "Adresse électronique invalide (exemple : nom@domaine.fr).");
	for (char *p = s; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	out->text = s;
	return NULL;
}

/* ----------------------------------------------------------------- numbers */

/* Parses an optional '-' and 1-18 digits, nothing else. 0 on success. */
static int int_parse(const char *s, long long *out)
{
	int neg = *s == '-';
	const char *p = s + neg;
	size_t n = strlen(p);
	if (n == 0 || n > INT_DIGITS_MAX)
		return -1;
	long long v = 0;
	for (size_t i = 0; i < n; i++) {
		if (p[i] < '0' || p[i] > '9')
			return -1;
		v = v * 10 + (p[i] - '0');
	}
	*out = neg ? -v : v;
	return 0;
}

/* FIELD_INT: s is trimmed and not empty. */
static const char *validate_int(arena_t *a, const field_spec_t *spec, char *s,
				field_value_t *out)
{
	long long v;
	if (int_parse(s, &v) < 0)
		return arena_printf(a, "Le champ " LQ "%s" RQ " doit être un nombre entier.",
				    spec->label);
	int ranged = spec->min != 0 || spec->max != 0;
	if (ranged && (v < spec->min || v > spec->max))
		return arena_printf(a, "Le champ " LQ "%s" RQ " doit être compris entre %lld et %lld.",
				    spec->label, spec->min, spec->max);
	out->integer = v;
	out->text = s;
	return NULL;
}

/* Parses a decimal number: optional '-', 1-3 digits, optionally '.' and 1-15
 * digits, nothing else in s[0..n). 0 on success. Locale-independent. */
static int decimal_parse(const char *s, size_t n, double *out)
{
	size_t i = 0, int_digits = 0;
	int neg = n > 0 && s[0] == '-';
	long long mantissa = 0;
	double scale = 1;
	i += (size_t)neg;
	for (; i < n && s[i] >= '0' && s[i] <= '9'; i++, int_digits++)
		mantissa = mantissa * 10 + (s[i] - '0');
	if (int_digits == 0 || int_digits > 3)
		return -1;
	if (i < n && s[i] == '.') {
		size_t frac_digits = 0;
		/* Digits beyond the 15th (below a nanometre) are read and dropped:
		 * programs print doubles with 17 significant digits. */
		for (i++; i < n && s[i] >= '0' && s[i] <= '9'; i++, frac_digits++) {
			if (frac_digits >= 15)
				continue;
			mantissa = mantissa * 10 + (s[i] - '0');
			scale *= 10;
		}
		if (frac_digits == 0 || frac_digits > 20)
			return -1;
	}
	if (i != n)
		return -1;
	*out = (neg ? -1.0 : 1.0) * ((double)mantissa / scale);
	return 0;
}

/* Parses "lat,lon" (spaces allowed around each number). 0 on success. */
static int coords_parse(const char *s, double *lat, double *lon)
{
	const char *comma = strchr(s, ',');
	if (!comma)
		return -1;
	const char *b1 = s, *e1 = comma, *b2 = comma + 1, *e2 = comma + 1 + strlen(comma + 1);
	trim_set(&b1, &e1, " ");
	trim_set(&b2, &e2, " ");
	if (decimal_parse(b1, (size_t)(e1 - b1), lat) < 0)
		return -1;
	return decimal_parse(b2, (size_t)(e2 - b2), lon);
}

/* FIELD_COORDS: s is trimmed and not empty. */
static const char *validate_coords(arena_t *a, const field_spec_t *spec, char *s,
				   field_value_t *out)
{
	double lat, lon;
	if (coords_parse(s, &lat, &lon) < 0)
		return arena_printf(a,
				    "Le champ " LQ "%s" RQ " doit contenir des coordonnées "
				    LQ "latitude,longitude" RQ " en degrés décimaux "
				    "(exemple : 48.8566,2.3522).",
				    spec->label);
	if (lat < -90 || lat > 90 || lon < -180 || lon > 180)
		return arena_printf(a,
				    "Le champ " LQ "%s" RQ " : la latitude doit être comprise "
				    "entre -90 et 90, la longitude entre -180 et 180.",
				    spec->label);
	out->lat = lat;
	out->lon = lon;
	out->text = s;
	return NULL;
}

/* ------------------------------------------------------------ enum, date */

/* FIELD_ENUM: s is trimmed and not empty. */
static const char *validate_enum(arena_t *a, const field_spec_t *spec, char *s,
				 field_value_t *out)
{
	for (const char *const *c = spec->choices; c && *c; c++) {
		if (strcmp(*c, s) == 0) {
			out->text = s;
			return NULL;
		}
	}
	return arena_printf(a, "Valeur non autorisée pour le champ " LQ "%s" RQ ".", spec->label);
}

/* Days in a month of the proleptic Gregorian calendar. */
static int month_days(int year, int month)
{
	static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
	return month == 2 && leap ? 29 : days[month - 1];
}

/* Reads n digits of s as a number, or -1 if one is not a digit. */
static int digits_value(const char *s, int n)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

/* FIELD_DATE: s is trimmed and not empty. */
static const char *validate_date(arena_t *a, const field_spec_t *spec, char *s,
				 field_value_t *out)
{
	int y = -1, m = -1, d = -1;
	if (strlen(s) == 10 && s[4] == '-' && s[7] == '-') {
		y = digits_value(s, 4);
		m = digits_value(s + 5, 2);
		d = digits_value(s + 8, 2);
	}
	if (y < 0 || m < 0 || d < 0)
		return arena_printf(a,
				    "Le champ " LQ "%s" RQ
				    " doit être une date au format AAAA-MM-JJ (exemple : 2026-03-14).",
				    spec->label);
	if (y < 1 || m < 1 || m > 12 || d < 1 || d > month_days(y, m))
		return arena_printf(a, "Le champ " LQ "%s" RQ " contient une date qui n'existe pas.",
				    spec->label);
	out->text = s;
	return NULL;
}

/* ---------------------------------------------------------------- booleans */

/* FIELD_BOOL: never fails; absent, "", "0", "off", "false" are false,
 * anything else ("1", "on", "true", a checkbox's value) true. */
static void validate_bool(const char *raw, field_value_t *out)
{
	static const char *const falsy[] = {"", "0", "off", "false"};
	out->integer = raw != NULL;
	for (size_t i = 0; raw && i < sizeof falsy / sizeof *falsy; i++)
		if (strcmp(raw, falsy[i]) == 0)
			out->integer = 0;
	out->text = out->integer ? "1" : "0";
	out->present = 1;
}

/* ------------------------------------------------------------------ fields */

typedef const char *(*validator_fn)(arena_t *a, const field_spec_t *spec, char *s,
				    field_value_t *out);

/* The validator of a field type (not FIELD_BOOL). */
static validator_fn validator_for(field_type_t type)
{
	switch (type) {
	case FIELD_TEXT:
	case FIELD_TEXTAREA:
		return validate_text;
	case FIELD_EMAIL:
		return validate_email;
	case FIELD_PASSWORD:
		return validate_password;
	case FIELD_INT:
		return validate_int;
	case FIELD_ENUM:
		return validate_enum;
	case FIELD_DATE:
		return validate_date;
	case FIELD_COORDS:
		return validate_coords;
	case FIELD_BOOL:
		break;
	}
	return NULL;
}

const char *validate_field(arena_t *a, const field_spec_t *spec, const char *raw,
			   field_value_t *out)
{
	*out = (field_value_t){.name = spec->name};
	if (spec->type == FIELD_BOOL) {
		validate_bool(raw, out);
		return NULL;
	}
	if (raw && !utf8_valid(raw, strlen(raw)))
		return arena_printf(a, "Le champ " LQ "%s" RQ " contient du texte invalide.",
				    spec->label);
	char *s = raw ? trim_copy(a, raw, spec->type) : NULL;
	int blank = spec->type != FIELD_PASSWORD && s && s[strspn(s, " \t\r\n")] == '\0';
	int empty = !s || !*s || blank;
	if (empty) {
		if (spec->required)
			return arena_printf(a, "Le champ " LQ "%s" RQ " est obligatoire.", spec->label);
		return NULL; /* optional and left empty: present = 0 */
	}
	validator_fn fn = validator_for(spec->type);
	const char *msg = fn ? fn(a, spec, s, out) : arena_strdup(a, "Type de champ inconnu.");
	if (msg) {
		out->text = NULL;
		return msg;
	}
	out->present = 1;
	return NULL;
}

/* ------------------------------------------------------------------- forms */

int form_validate(arena_t *a, const field_spec_t *specs, size_t count, const kv_list_t *input,
		  form_t *form)
{
	form->specs = specs;
	form->count = count;
	form->values = arena_calloc(a, count ? count : 1, sizeof *form->values);
	form->errors = json_object();
	form->input = json_object();
	int errors = 0;
	for (size_t i = 0; i < count; i++) {
		const field_spec_t *spec = &specs[i];
		const char *raw = kv_get(input, spec->name);
		if (raw && spec->type != FIELD_PASSWORD)
			json_object_set_new(form->input, spec->name, json_string(raw));
		const char *msg = validate_field(a, spec, raw, &form->values[i]);
		if (msg) {
			json_object_set_new(form->errors, spec->name, json_string(msg));
			errors++;
		}
	}
	return errors;
}

const field_value_t *form_value(const form_t *form, const char *name)
{
	if (!form || !form->values || !name)
		return NULL;
	for (size_t i = 0; i < form->count; i++) {
		const field_value_t *v = &form->values[i];
		if (v->name && strcmp(v->name, name) == 0)
			return v->present ? v : NULL;
	}
	return NULL;
}

const char *form_text(const form_t *form, const char *name)
{
	const field_value_t *v = form_value(form, name);
	return v ? v->text : NULL;
}

long long form_int(const form_t *form, const char *name)
{
	const field_value_t *v = form_value(form, name);
	return v ? v->integer : 0;
}

void form_set_error(form_t *form, const char *name, const char *message)
{
	if (!form->errors)
		form->errors = json_object();
	json_object_set_new(form->errors, name, json_string(message));
}
