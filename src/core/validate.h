/* validate.h — declared input. Each form or API input is a table of fields
 * with their validators; validation turns raw strings into typed values, or
 * into one French message per field in error. Handlers read only the typed
 * values (kcgi's way, DESIGN.md §2).
 */
#ifndef QUARTIER_VALIDATE_H
#define QUARTIER_VALIDATE_H

#include <jansson.h>

#include "../http/parse.h"
#include "arena.h"

typedef enum field_type {
	FIELD_TEXT,     /* one line; trimmed; length in characters within [min,max] */
	FIELD_TEXTAREA, /* several lines (CRLF, CR become \n); trimmed; length within [min,max] */
	FIELD_EMAIL,    /* trimmed, lowercased, local@domain.tld, at most 254 bytes */
	FIELD_PASSWORD, /* not trimmed; length in characters within [min,max] (min 12 if 0) */
	FIELD_INT,      /* optional sign and digits only; value within [min,max] */
	FIELD_ENUM,     /* one of choices */
	FIELD_DATE,     /* YYYY-MM-DD, a real calendar date */
	FIELD_BOOL,     /* checkbox: absent, "", "0", "off", "false" false; anything else true */
	FIELD_COORDS,   /* "lat,lon" in decimal degrees, lat in [-90,90], lon in [-180,180] */
} field_type_t;

typedef struct field_spec {
	const char *name;  /* form/JSON field name */
	const char *label; /* French label, used in messages: Le champ « Courriel » est obligatoire. */
	field_type_t type;
	int required;
	long long min, max; /* lengths for text types, range for FIELD_INT; 0,0 = defaults */
	const char *const *choices; /* FIELD_ENUM: NULL-terminated list of allowed values */
} field_spec_t;

/* A validated value. For text types `text` is the cleaned string; for INT,
 * `integer`; for BOOL, `integer` is 0/1; for COORDS, lat/lon; `present` is 0
 * when an optional field was left empty. */
typedef struct field_value {
	const char *name;
	const char *text;
	long long integer;
	double lat, lon;
	int present;
} field_value_t;

typedef struct form {
	const field_spec_t *specs;
	size_t count;
	field_value_t *values; /* one per spec, same order */
	json_t *errors;        /* object: field name -> French message; owned by the form */
	json_t *input;         /* object: field name -> raw value as typed (not passwords), to refill a form */
} form_t;

/* Validates one raw value (NULL = absent) against spec. Returns NULL when the
 * value is valid (filling *out; out->text is an arena string, "1"/"0" for
 * BOOL), or a French message (arena string). Default limits when min,max are
 * 0,0: TEXT at most 200 characters, TEXTAREA 20000, PASSWORD 12 to 1024. */
const char *validate_field(arena_t *a, const field_spec_t *spec, const char *raw, field_value_t *out);

/* Validates every field of specs against input. Returns the number of fields
 * in error. The caller owns form->errors and form->input (json_decref them, or
 * hand them to a view model that takes the references). */
int form_validate(arena_t *a, const field_spec_t *specs, size_t count, const kv_list_t *input,
		  form_t *form);

/* Typed value of a validated field by name; NULL / 0 when absent (unknown
 * name, optional field left empty, or field in error). Strings belong to the
 * arena given to form_validate. */
const char *form_text(const form_t *form, const char *name);
long long form_int(const form_t *form, const char *name);
const field_value_t *form_value(const form_t *form, const char *name);

/* Adds or replaces an error on a field (for checks that need the database,
 * e.g. "this e-mail is already used"). */
void form_set_error(form_t *form, const char *name, const char *message);

#endif
