/* csv.c — see csv.h. */
#include "core/csv.h"

#include <string.h>

#include "http/parse.h"

/* Unicode code points of Windows-1252 bytes 0x80..0x9F; 0 = undefined. */
static const unsigned short cp1252_high[32] = {
	0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
	0x2039, 0x0152, 0,      0x017D, 0,      0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
	0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178,
};

/* Appends code point cp (< 0x10000) as UTF-8. */
static void put_utf8(buf_t *b, unsigned cp)
{
	if (cp < 0x80) {
		buf_putc(b, (char)cp);
	} else if (cp < 0x800) {
		buf_putc(b, (char)(0xC0 | (cp >> 6)));
		buf_putc(b, (char)(0x80 | (cp & 0x3F)));
	} else {
		buf_putc(b, (char)(0xE0 | (cp >> 12)));
		buf_putc(b, (char)(0x80 | ((cp >> 6) & 0x3F)));
		buf_putc(b, (char)(0x80 | (cp & 0x3F)));
	}
}

csv_status_t csv_to_utf8(arena_t *a, const char *data, size_t len, const char **out, size_t *out_len,
			 const char **encoding)
{
	if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) {
		data += 3;
		len -= 3;
	}
	if (memchr(data, '\0', len))
		return CSV_BAD_ENCODING;
	if (utf8_valid(data, len)) {
		*out = arena_strndup(a, data, len);
		*out_len = len;
		*encoding = "UTF-8";
		return CSV_OK;
	}
	buf_t b;
	buf_init(&b, a, len + len / 2 + 16);
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)data[i];
		if (c < 0x80) {
			buf_putc(&b, (char)c);
		} else if (c < 0xA0) {
			if (!cp1252_high[c - 0x80])
				return CSV_BAD_ENCODING;
			put_utf8(&b, cp1252_high[c - 0x80]);
		} else {
			put_utf8(&b, c); /* Latin-1 range: same code point */
		}
	}
	buf_putc(&b, '\0');
	*out = b.data;
	*out_len = b.len - 1;
	*encoding = "Windows-1252";
	return CSV_OK;
}

char csv_detect_separator(const char *text, size_t len)
{
	size_t commas = 0, semis = 0;
	int quoted = 0;
	for (size_t i = 0; i < len; i++) {
		char c = text[i];
		if (c == '"')
			quoted = !quoted;
		else if (!quoted && (c == '\n' || c == '\r'))
			break;
		else if (!quoted && c == ',')
			commas++;
		else if (!quoted && c == ';')
			semis++;
	}
	return semis > commas ? ';' : ',';
}

/* Splitting state: the text, where we are, the physical line. */
typedef struct scan {
	const char *s;
	size_t len, i, line;
	char sep;
} scan_t;

/* Reads one field at sc->i into the arena; sets *end_of_record when the
 * field ended a record (line break or end of text). */
static csv_status_t read_field(arena_t *a, scan_t *sc, const char **field, int *end_of_record)
{
	buf_t b;
	buf_init(&b, a, 32);
	*end_of_record = 0;
	if (sc->i < sc->len && sc->s[sc->i] == '"') {
		size_t start_line = sc->line;
		sc->i++;
		for (;;) {
			if (sc->i >= sc->len) {
				sc->line = start_line;
				return CSV_UNCLOSED_QUOTE;
			}
			char c = sc->s[sc->i++];
			if (c == '"') {
				if (sc->i < sc->len && sc->s[sc->i] == '"') {
					buf_putc(&b, '"');
					sc->i++;
					continue;
				}
				break;
			}
			if (c == '\n')
				sc->line++;
			buf_putc(&b, c);
		}
		if (sc->i < sc->len && sc->s[sc->i] != sc->sep && sc->s[sc->i] != '\n' && sc->s[sc->i] != '\r')
			return CSV_BAD_QUOTE;
	} else {
		while (sc->i < sc->len && sc->s[sc->i] != sc->sep && sc->s[sc->i] != '\n' && sc->s[sc->i] != '\r')
			buf_putc(&b, sc->s[sc->i++]);
	}
	buf_putc(&b, '\0');
	*field = b.data;
	if (sc->i >= sc->len) {
		*end_of_record = 1;
	} else if (sc->s[sc->i] == sc->sep) {
		sc->i++;
	} else { /* \r\n, \n or a lone \r */
		if (sc->s[sc->i] == '\r' && sc->i + 1 < sc->len && sc->s[sc->i + 1] == '\n')
			sc->i++;
		sc->i++;
		sc->line++;
		*end_of_record = 1;
	}
	return CSV_OK;
}

/* 1 when a record is a blank line (one empty cell). */
static int row_blank(const csv_row_t *row)
{
	return row->n == 1 && row->cells[0][0] == '\0';
}

/* Appends row to out->rows, growing the array in the arena. */
static void push_row(arena_t *a, csv_t *out, size_t *cap, csv_row_t row)
{
	if (out->n == *cap) {
		size_t ncap = *cap ? *cap * 2 : 16;
		csv_row_t *rows = arena_alloc(a, ncap * sizeof *rows);
		if (out->n)
			memcpy(rows, out->rows, out->n * sizeof *rows);
		out->rows = rows;
		*cap = ncap;
	}
	out->rows[out->n++] = row;
}

csv_status_t csv_parse(arena_t *a, const char *data, size_t len, csv_t *out)
{
	memset(out, 0, sizeof *out);
	const char *text;
	size_t tlen;
	csv_status_t st = csv_to_utf8(a, data, len, &text, &tlen, &out->encoding);
	if (st != CSV_OK)
		return st;
	out->separator = csv_detect_separator(text, tlen);
	scan_t sc = {text, tlen, 0, 1, out->separator};
	size_t cap = 0;
	while (sc.i < sc.len) {
		csv_row_t row = {NULL, 0, sc.line};
		size_t ccap = 0;
		int end = 0;
		while (!end) {
			const char *field;
			st = read_field(a, &sc, &field, &end);
			if (st != CSV_OK) {
				out->error_line = sc.line;
				return st;
			}
			if (row.n == ccap) {
				ccap = ccap ? ccap * 2 : 8;
				const char **cells = arena_alloc(a, ccap * sizeof *cells);
				if (row.n)
					memcpy(cells, row.cells, row.n * sizeof *cells);
				row.cells = cells;
			}
			row.cells[row.n++] = field;
		}
		if (!row_blank(&row))
			push_row(a, out, &cap, row);
	}
	return out->n ? CSV_OK : CSV_EMPTY;
}

const char *csv_status_message(arena_t *a, csv_status_t st, size_t line)
{
	switch (st) {
	case CSV_OK:
		return "Fichier lu.";
	case CSV_EMPTY:
		return "Le fichier est vide : il doit commencer par une ligne d'en-tête.";
	case CSV_BAD_ENCODING:
		return "Encodage du fichier inconnu : enregistrez-le en UTF-8 ou en Windows-1252 (« CSV » d'un tableur).";
	case CSV_UNCLOSED_QUOTE:
		return arena_printf(a, "Ligne %zu : un guillemet ouvert n'est jamais fermé.", line);
	case CSV_BAD_QUOTE:
		return arena_printf(a, "Ligne %zu : du texte suit un guillemet fermant ; doublez les guillemets à "
				       "l'intérieur d'un champ (\"\").",
				    line);
	}
	return "Fichier illisible.";
}
