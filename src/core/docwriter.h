/* docwriter.h — one writer for documents served both as JSON and as XML.
 *
 * Open311 GeoReport v2 defines its answers in XML and maps them to JSON by
 * the "Spark convention": a list is a JSON array, or an XML element holding
 * one child element per item (<services><service>…</service></services>);
 * an object is a JSON object or an XML element; a field is a JSON member or
 * an XML child element. Handlers describe the document once and get either
 * form, written straight into a buf_t (no intermediate tree, so that a list
 * of a thousand requests costs one pass).
 *
 * Every text goes through docw_escape_xml() or docw_escape_json(), the only
 * two escaping functions; nothing else writes text into the document.
 */
#ifndef QUARTIER_DOCWRITER_H
#define QUARTIER_DOCWRITER_H

#include "core/arena.h"

#define DOCW_MAX_DEPTH 16

typedef struct docw {
	buf_t *out;
	int xml;				 /* 1: XML, 0: JSON */
	int depth;				 /* 0 at the root */
	unsigned char in_list[DOCW_MAX_DEPTH];	 /* this level is a list (else an object) */
	unsigned char has_items[DOCW_MAX_DEPTH]; /* JSON: something was written at this level */
	const char *item[DOCW_MAX_DEPTH];	 /* XML: element name of a list's items */
	const char *elem[DOCW_MAX_DEPTH];	 /* XML: element to close at docw_end */
} docw_t;

/* Starts a document into out (the caller's buffer); XML starts with the
 * declaration <?xml version="1.0" encoding="utf-8"?>. */
void docw_init(docw_t *w, buf_t *out, int xml);

/* Opens a list named `name` (a member of the enclosing object, or the XML
 * root element) whose items are XML elements named `item`. Inside a list,
 * the name is the enclosing list's item name and `name` is ignored. */
void docw_list(docw_t *w, const char *name, const char *item);

/* Opens an object named `name` (same naming rules as docw_list). */
void docw_object(docw_t *w, const char *name);

/* Closes the innermost list or object. */
void docw_end(docw_t *w);

/* A text field; NULL gives JSON null and an empty XML element. */
void docw_text(docw_t *w, const char *name, const char *value);

/* A number or boolean written as it is in JSON (unquoted): the caller gives
 * a valid JSON literal ("12", "-3.5", "true"); NULL gives null. */
void docw_literal(docw_t *w, const char *name, const char *literal);

void docw_int(docw_t *w, const char *name, long long value);
void docw_bool(docw_t *w, const char *name, int value);
/* A real with 15 significant digits (the precision of the JSON API). */
void docw_real(docw_t *w, const char *name, double value);

/* Appends s (n bytes of UTF-8) escaped for XML text and attribute values:
 * & < > " ' as entities; characters XML 1.0 forbids (controls other than
 * tab, line feed and carriage return; U+FFFE, U+FFFF) and bytes that are
 * not UTF-8 are dropped. */
void docw_escape_xml(buf_t *out, const char *s, size_t n);

/* Appends s (n bytes) as the inside of a JSON string: " and \ escaped,
 * control characters as \n, \r, \t or \u00XX; U+2028 and U+2029 as \u
 * escapes too (so the text is also valid JavaScript). */
void docw_escape_json(buf_t *out, const char *s, size_t n);

#endif
