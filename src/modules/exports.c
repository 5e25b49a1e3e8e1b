/* exports.c — see exports.h. */
#include "modules/exports.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "core/log.h"
#include "modules/contacts.h"
#include "modules/directory_search.h"
#include "modules/organizations.h"
#include "view/helpers.h"

#define XLSX_TYPE "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

/* ---- cells ---- */

const char *export_neutralise(arena_t *a, const char *s)
{
	if (s && *s && strchr("=+-@\t\r", *s))
		return arena_printf(a, "'%s", s);
	return s ? s : "";
}

void export_csv_cell(buf_t *b, const char *s, char sep)
{
	s = export_neutralise(b->arena, s);
	int quote = strchr(s, sep) || strchr(s, '"') || strchr(s, '\r') || strchr(s, '\n');
	if (!quote) {
		buf_puts(b, s);
		return;
	}
	buf_putc(b, '"');
	for (; *s; s++) {
		if (*s == '"')
			buf_putc(b, '"');
		buf_putc(b, *s);
	}
	buf_putc(b, '"');
}

void export_vcard_text(buf_t *b, const char *s)
{
	for (; s && *s; s++) {
		switch (*s) {
		case '\\':
			buf_puts(b, "\\\\");
			break;
		case ',':
			buf_puts(b, "\\,");
			break;
		case ';':
			buf_puts(b, "\\;");
			break;
		case '\r':
			if (s[1] == '\n')
				s++;
			buf_puts(b, "\\n");
			break;
		case '\n':
			buf_puts(b, "\\n");
			break;
		default:
			buf_putc(b, *s);
		}
	}
}

void export_vcard_line(buf_t *b, const char *line)
{
	size_t n = strlen(line), used = 0, limit = 75;
	for (size_t i = 0; i < n;) {
		size_t len = 1;
		unsigned char c = (unsigned char)line[i];
		if (c >= 0xF0)
			len = 4;
		else if (c >= 0xE0)
			len = 3;
		else if (c >= 0xC0)
			len = 2;
		if (i + len > n)
			len = n - i;
		if (used + len > limit) {
			buf_puts(b, "\r\n ");
			used = 0;
			limit = 74; /* the leading space counts */
		}
		buf_append(b, line + i, len);
		used += len;
		i += len;
	}
	buf_puts(b, "\r\n");
}

/* ---- columns ---- */

static const export_column_t org_columns[] = {
    {"Nom", "name"},
    {"Type", "kind_label"},
    {"Adresse", "address"},
    {"Code postal", "postal_code"},
    {"Commune", "city"},
    {"Site web", "website"},
    {"Courriel", "email"},
    {"Téléphone", "phone"},
    {"Projets", "projects"},
    {"Étiquettes", "tags"},
    {"Dernier échange", "last_interaction"},
    {"Notes", "notes"},
};
static const export_column_t contact_columns[] = {
    {"Prénom", "first_name"},
    {"Nom", "last_name"},
    {"Fonction", "function"},
    {"Organisations", "organizations"},
    {"Courriel", "email"},
    {"Téléphone", "phone"},
    {"Habitant", "is_resident"},
    {"Étiquettes", "tags"},
    {"Dernier échange", "last_interaction"},
    {"Notes", "notes"},
};
#define NCOLS(t) (sizeof(t) / sizeof((t)[0]))

/* A row's value as text: strings as they are, integers in decimal, reals
 * with 6 decimals, booleans and the resident flag as oui/non, null as "".
 * Arena string. */
static const char *cell_text(arena_t *a, json_t *row, const char *key)
{
	json_t *v = json_object_get(row, key);
	if (strcmp(key, "is_resident") == 0)
		return json_is_true(v) || json_integer_value(v) ? "oui" : "non";
	if (json_is_boolean(v))
		return json_is_true(v) ? "oui" : "non";
	if (json_is_string(v))
		return json_string_value(v);
	if (json_is_integer(v))
		return arena_printf(a, "%lld", (long long)json_integer_value(v));
	if (json_is_real(v))
		return arena_printf(a, "%.6f", json_real_value(v));
	return "";
}

/* The list to export (every match of the page's filters). New reference. */
static json_t *export_rows(req_t *r, int contacts)
{
	if (contacts) {
		contact_filters_t f;
		contact_filters_read(r, &f);
		return contact_list_query(r, &f, -1, 0, NULL);
	}
	org_filters_t f;
	org_filters_read(r, &f);
	return org_list_query(r, &f, -1, 0, NULL);
}

/* The download headers for the file `filename`, never cached. */
static void attachment_named(req_t *r, const char *filename)
{
	reply_header(r, "Content-Disposition", arena_printf(r->arena, "attachment; filename=\"%s\"", filename));
	reply_header(r, "Cache-Control", "no-store");
}

/* <base>-<today>.<ext>, the name of a list's download. Arena string. */
static const char *dated_name(req_t *r, const char *base, const char *ext)
{
	char today[11];
	directory_today(today);
	return arena_printf(r->arena, "%s-%s.%s", base, today, ext);
}

/* The download headers for <base>-<today>.<ext>. */
static void attachment(req_t *r, const char *base, const char *ext)
{
	attachment_named(r, dated_name(r, base, ext));
}

/* ---- CSV ---- */

void export_csv_download(req_t *r, const char *filename, const export_column_t *cols, size_t ncols, json_t *rows)
{
	const char *sep_q = kv_get(&r->query, "sep");
	char sep = sep_q && strcmp(sep_q, ";") == 0 ? ';' : ',';
	buf_t b;
	buf_init(&b, r->arena, 8192);
	buf_puts(&b, "\xEF\xBB\xBF"); /* BOM: spreadsheets then read UTF-8 */
	for (size_t c = 0; c < ncols; c++) {
		if (c)
			buf_putc(&b, sep);
		export_csv_cell(&b, cols[c].title, sep);
	}
	buf_puts(&b, "\r\n");
	size_t i;
	json_t *row;
	json_array_foreach(rows, i, row)
	{
		for (size_t c = 0; c < ncols; c++) {
			if (c)
				buf_putc(&b, sep);
			export_csv_cell(&b, cell_text(r->arena, row, cols[c].key), sep);
		}
		buf_puts(&b, "\r\n");
	}
	json_decref(rows);
	attachment_named(r, filename);
	reply_raw(r, 200, "text/csv; charset=utf-8", b.data, b.len);
}

void export_csv_reply(req_t *r, const char *base, const export_column_t *cols, size_t ncols, json_t *rows)
{
	export_csv_download(r, dated_name(r, base, "csv"), cols, ncols, rows);
}

static void export_csv(req_t *r, int contacts)
{
	export_csv_reply(r, contacts ? "contacts" : "partenaires", contacts ? contact_columns : org_columns,
			 contacts ? NCOLS(contact_columns) : NCOLS(org_columns), export_rows(r, contacts));
}

void organizations_export_csv(req_t *r)
{
	export_csv(r, 0);
}

void contacts_export_csv(req_t *r)
{
	export_csv(r, 1);
}

/* ---- XLSX ---- */

/* Reads a whole file into the arena; NULL on failure. */
static char *read_file(arena_t *a, const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	if (!fp)
		return NULL;
	struct stat st;
	char *data = NULL;
	if (fstat(fileno(fp), &st) == 0 && st.st_size > 0) {
		data = arena_alloc(a, (size_t)st.st_size);
		if (fread(data, 1, (size_t)st.st_size, fp) != (size_t)st.st_size)
			data = NULL;
		*len = (size_t)st.st_size;
	}
	fclose(fp);
	return data;
}

/* Writes the workbook of rows to path. 0 or -1. */
static int write_xlsx(req_t *r, const char *path, const char *sheet, const export_column_t *cols, size_t ncols, json_t *rows)
{
	lxw_workbook *wb = workbook_new(path);
	if (!wb)
		return -1;
	lxw_worksheet *ws = workbook_add_worksheet(wb, sheet);
	lxw_format *bold = workbook_add_format(wb);
	format_set_bold(bold);
	for (size_t c = 0; c < ncols; c++) {
		worksheet_write_string(ws, 0, (lxw_col_t)c, cols[c].title, bold);
		worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, 24, NULL);
	}
	size_t i;
	json_t *row;
	json_array_foreach(rows, i, row)
	{
		for (size_t c = 0; c < ncols; c++) {
			const char *v = export_neutralise(r->arena, cell_text(r->arena, row, cols[c].key));
			if (*v)
				worksheet_write_string(ws, (lxw_row_t)(i + 1), (lxw_col_t)c, v, NULL);
		}
	}
	worksheet_freeze_panes(ws, 1, 0);
	return workbook_close(wb) == LXW_NO_ERROR ? 0 : -1;
}

void export_xlsx_reply(req_t *r, const char *base, const char *sheet, const export_column_t *cols, size_t ncols,
		       json_t *rows)
{
	const char *dir = getenv("TMPDIR");
	char path[512];
	snprintf(path, sizeof path, "%s/quartier-export-XXXXXX", dir && *dir && strlen(dir) < 400 ? dir : "/tmp");
	int fd = mkstemp(path);
	if (fd < 0) {
		json_decref(rows);
		reply_error(r, 500, "L'export n'a pas pu être préparé.", NULL);
		return;
	}
	close(fd);
	int rc = write_xlsx(r, path, sheet, cols, ncols, rows);
	json_decref(rows);
	size_t len = 0;
	char *data = rc == 0 ? read_file(r->arena, path, &len) : NULL;
	unlink(path);
	if (!data) {
		log_error("export XLSX : écriture du classeur impossible");
		reply_error(r, 500, "L'export n'a pas pu être préparé.", NULL);
		return;
	}
	attachment(r, base, "xlsx");
	reply_raw(r, 200, XLSX_TYPE, data, len);
}

static void export_xlsx(req_t *r, int contacts)
{
	export_xlsx_reply(r, contacts ? "contacts" : "partenaires", contacts ? "Contacts" : "Partenaires",
			  contacts ? contact_columns : org_columns, contacts ? NCOLS(contact_columns) : NCOLS(org_columns),
			  export_rows(r, contacts));
}

void organizations_export_xlsx(req_t *r)
{
	export_xlsx(r, 0);
}

void contacts_export_xlsx(req_t *r)
{
	export_xlsx(r, 1);
}

/* ---- vCard ---- */

/* Appends "NAME:" and the escaped value as one folded line. */
static void vcard_prop(req_t *r, buf_t *out, const char *name, const char *value)
{
	if (!value || !*value)
		return;
	buf_t line;
	buf_init(&line, r->arena, 128);
	buf_printf(&line, "%s:", name);
	export_vcard_text(&line, value);
	export_vcard_line(out, line.data);
}

/* Appends one contact's vCard (a list row or contact_get object). */
static void vcard_of(req_t *r, buf_t *out, json_t *c, json_t *orgs)
{
	const char *first = json_string_value(json_object_get(c, "first_name"));
	const char *last = json_string_value(json_object_get(c, "last_name"));
	export_vcard_line(out, "BEGIN:VCARD");
	export_vcard_line(out, "VERSION:4.0");
	vcard_prop(r, out, "FN", json_string_value(json_object_get(c, "name")));
	buf_t n;
	buf_init(&n, r->arena, 64);
	buf_puts(&n, "N:");
	export_vcard_text(&n, last);
	buf_putc(&n, ';');
	export_vcard_text(&n, first);
	buf_puts(&n, ";;;");
	export_vcard_line(out, n.data);
	size_t i;
	json_t *o;
	json_array_foreach(orgs, i, o)
	{
		vcard_prop(r, out, "ORG", json_string_value(json_object_get(o, "name")));
	}
	vcard_prop(r, out, "TITLE", json_string_value(json_object_get(c, "function")));
	vcard_prop(r, out, "EMAIL", json_string_value(json_object_get(c, "email")));
	const char *phone = json_string_value(json_object_get(c, "phone"));
	if (phone && *phone)
		export_vcard_line(out,
				  arena_printf(r->arena, "TEL;VALUE=uri:%s", directory_phone_uri(r->arena, phone)));
	vcard_prop(r, out, "NOTE", json_string_value(json_object_get(c, "notes")));
	export_vcard_line(out, arena_printf(r->arena, "UID:urn:quartier:contact:%lld",
					    (long long)json_integer_value(json_object_get(c, "id"))));
	export_vcard_line(out, "END:VCARD");
}

void contacts_export_vcards(req_t *r)
{
	json_t *rows = export_rows(r, 1);
	buf_t b;
	buf_init(&b, r->arena, 8192);
	size_t i;
	json_t *row;
	json_array_foreach(rows, i, row)
	{
		json_t *c = contact_get(r, json_integer_value(json_object_get(row, "id")));
		vcard_of(r, &b, c, json_object_get(c, "organizations"));
		json_decref(c);
	}
	json_decref(rows);
	attachment(r, "contacts", "vcf");
	reply_raw(r, 200, "text/vcard; charset=utf-8", b.data, b.len);
}

void contacts_export_vcard(req_t *r)
{
	long long id = param_id(r, "id");
	json_t *c = id ? contact_get(r, id) : NULL;
	if (!c) {
		reply_error(r, 404, "Ce contact n'existe pas.", NULL);
		return;
	}
	buf_t b;
	buf_init(&b, r->arena, 1024);
	vcard_of(r, &b, c, json_object_get(c, "organizations"));
	json_decref(c);
	reply_header(r, "Content-Disposition", arena_printf(r->arena, "attachment; filename=\"contact-%lld.vcf\"", id));
	reply_header(r, "Cache-Control", "no-store");
	reply_raw(r, 200, "text/vcard; charset=utf-8", b.data, b.len);
}
