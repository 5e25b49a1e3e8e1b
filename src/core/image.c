/* image.c — see image.h. Each format is walked by its container structure
 * (JPEG segments, PNG chunks, RIFF chunks); what is kept is copied as it
 * is, what carries metadata (or could: unknown PNG ancillary chunks,
 * unknown RIFF chunks) is left out. */
#include "core/image.h"

#include <stdint.h>
#include <string.h>

#define MSG_UNKNOWN "Ce fichier n'est pas une photo au format JPEG, PNG ou WebP."
#define MSG_BROKEN "Cette image est incomplète ou endommagée : elle ne peut pas être lue."
#define MSG_SIZE "Cette image n'a pas de dimensions valides."

/* The output being written: at most the input's size plus a few bytes
 * (the minimal Exif segment may be longer than a tiny original one). */
typedef struct out {
	unsigned char *p;
	size_t len, cap;
} out_t;

/* Appends s[0..n) to o; 0, or -1 when it would not fit. */
static int out_put(out_t *o, const void *s, size_t n)
{
	if (n > o->cap - o->len)
		return -1;
	memcpy(o->p + o->len, s, n);
	o->len += n;
	return 0;
}

/* Big- and little-endian readers and writer of the containers' integers. */
static unsigned be16(const unsigned char *p)
{
	return (unsigned)p[0] << 8 | p[1];
}

static uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static unsigned le16(const unsigned char *p)
{
	return (unsigned)p[1] << 8 | p[0];
}

static uint32_t le24(const unsigned char *p)
{
	return (uint32_t)p[2] << 16 | (uint32_t)p[1] << 8 | p[0];
}

static uint32_t le32(const unsigned char *p)
{
	return (uint32_t)p[3] << 24 | le24(p);
}

static void put_le32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)v;
	p[1] = (unsigned char)(v >> 8);
	p[2] = (unsigned char)(v >> 16);
	p[3] = (unsigned char)(v >> 24);
}

static const unsigned char png_signature[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

image_type_t image_sniff(const unsigned char *p, size_t n)
{
	if (n >= 3 && p[0] == 0xFF && p[1] == 0xD8 && p[2] == 0xFF)
		return IMAGE_JPEG;
	if (n >= 8 && memcmp(p, png_signature, 8) == 0)
		return IMAGE_PNG;
	if (n >= 12 && memcmp(p, "RIFF", 4) == 0 && memcmp(p + 8, "WEBP", 4) == 0)
		return IMAGE_WEBP;
	return IMAGE_NONE;
}

const char *image_mime(image_type_t t)
{
	switch (t) {
	case IMAGE_JPEG:
		return "image/jpeg";
	case IMAGE_PNG:
		return "image/png";
	case IMAGE_WEBP:
		return "image/webp";
	default:
		return NULL;
	}
}

/* ---- JPEG ---- */

/* The Orientation (1..8) of an APP1 Exif payload seg[0..n), or 0. */
static int exif_orientation(const unsigned char *seg, size_t n)
{
	if (n < 6 + 8 || memcmp(seg, "Exif\0\0", 6) != 0)
		return 0;
	const unsigned char *t = seg + 6;
	size_t tn = n - 6;
	int le;
	if (memcmp(t, "II*\0", 4) == 0)
		le = 1;
	else if (memcmp(t, "MM\0*", 4) == 0)
		le = 0;
	else
		return 0;
	uint32_t off = le ? le32(t + 4) : be32(t + 4);
	if (off < 8 || off > tn - 2)
		return 0;
	unsigned count = le ? le16(t + off) : be16(t + off);
	for (unsigned k = 0; k < count; k++) {
		size_t e = (size_t)off + 2 + (size_t)k * 12;
		if (e + 12 > tn)
			break;
		unsigned tag = le ? le16(t + e) : be16(t + e);
		unsigned type = le ? le16(t + e + 2) : be16(t + e + 2);
		uint32_t cnt = le ? le32(t + e + 4) : be32(t + e + 4);
		if (tag != 0x0112)
			continue;
		unsigned v = le ? le16(t + e + 8) : be16(t + e + 8);
		return type == 3 && cnt >= 1 && v >= 1 && v <= 8 ? (int)v : 0;
	}
	return 0;
}

/* Writes the minimal Exif APP1 holding only Orientation v (big-endian TIFF). */
static int jpeg_put_orientation(out_t *o, int v)
{
	const unsigned char seg[36] = {
	    0xFF, 0xE1,
	    0x00, 34,
	    'E',  'x',
	    'i',  'f',
	    0,	  0, /* marker, length, "Exif\0\0" */
	    'M',  'M',
	    0x00, 0x2A,
	    0x00, 0x00,
	    0x00, 0x08, /* TIFF header, IFD0 at 8 */
	    0x00, 0x01, /* one entry */
	    0x01, 0x12,
	    0x00, 0x03,
	    0x00, 0x00,
	    0x00, 0x01, /* Orientation, SHORT, 1 */
	    0x00, (unsigned char)v,
	    0x00, 0x00,
	    0x00, 0x00,
	    0x00, 0x00, /* value; no next IFD */
	};
	return out_put(o, seg, sizeof seg);
}

/* 1 for the SOFn markers (frame headers), which give the dimensions. */
static int jpeg_is_sof(unsigned m)
{
	return m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC;
}

/* 1 if the segment with marker m and payload seg[0..n) is kept. */
static int jpeg_keep(unsigned m, const unsigned char *seg, size_t n)
{
	if (m == 0xFE)
		return 0; /* COM */
	if (m == 0xE2)
		return n >= 12 && memcmp(seg, "ICC_PROFILE\0", 12) == 0;
	return !(m >= 0xE1 && m <= 0xEF);
}

/* Copies the entropy-coded data that follows a SOS header at p[i..): up to
 * the next marker (0xFF followed by neither 0x00 nor RSTn). Returns the
 * index of that marker, or 0 when the data is truncated. */
static size_t jpeg_copy_scan(out_t *o, const unsigned char *p, size_t n, size_t i)
{
	size_t j = i;
	while (j + 1 < n) {
		if (p[j] == 0xFF && p[j + 1] != 0x00 && !(p[j + 1] >= 0xD0 && p[j + 1] <= 0xD7))
			break;
		j++;
	}
	if (j + 1 >= n)
		return 0;
	return out_put(o, p + i, j - i) == 0 ? j : 0;
}

/* Walks a JPEG's segments (see image.h): fills img, writes what is kept to
 * o. NULL, or the French message of the refusal. */
static const char *jpeg_clean(const unsigned char *p, size_t n, out_t *o, image_t *img)
{
	size_t i = 2;
	int sof = 0, sos = 0, exif_seen = 0;
	out_put(o, p, 2);
	for (;;) {
		if (i >= n || p[i] != 0xFF)
			return MSG_BROKEN;
		while (i < n && p[i] == 0xFF)
			i++;
		if (i >= n)
			return MSG_BROKEN;
		unsigned m = p[i++];
		if (m == 0xD9) {
			if (!sof || !sos)
				return MSG_BROKEN;
			out_put(o, "\xFF\xD9", 2);
			return NULL;
		}
		if (m == 0x00 || m == 0x01 || m == 0xD8 || (m >= 0xD0 && m <= 0xD7) || i + 2 > n)
			return MSG_BROKEN;
		size_t len = be16(p + i);
		if (len < 2 || len > n - i)
			return MSG_BROKEN;
		const unsigned char *seg = p + i + 2;
		size_t seglen = len - 2;
		if (jpeg_is_sof(m)) {
			if (sof || seglen < 6)
				return MSG_BROKEN;
			img->height = be16(seg + 1);
			img->width = be16(seg + 3);
			if (!img->width || !img->height)
				return MSG_SIZE;
			sof = 1;
		}
		if (m == 0xE1 && !exif_seen && seglen >= 6 && memcmp(seg, "Exif\0\0", 6) == 0) {
			exif_seen = 1;
			img->orientation = exif_orientation(seg, seglen);
			if (img->orientation && jpeg_put_orientation(o, img->orientation) != 0)
				return MSG_BROKEN;
		}
		if (jpeg_keep(m, seg, seglen) && out_put(o, p + i - 2, len + 2) != 0)
			return MSG_BROKEN;
		i += len;
		if (m == 0xDA) {
			if (!sof)
				return MSG_BROKEN;
			sos = 1;
			i = jpeg_copy_scan(o, p, n, i);
			if (!i)
				return MSG_BROKEN;
		}
	}
}

/* ---- PNG ---- */

/* The CRC-32 of a PNG chunk (type and data), with table from png_crc_table. */
static uint32_t png_crc(const uint32_t table[256], const unsigned char *p, size_t n)
{
	uint32_t c = 0xFFFFFFFFu;
	for (size_t i = 0; i < n; i++)
		c = table[(c ^ p[i]) & 0xFF] ^ (c >> 8);
	return c ^ 0xFFFFFFFFu;
}

/* The CRC-32 table (polynomial 0xEDB88320), built on the caller's stack. */
static void png_crc_table(uint32_t table[256])
{
	for (uint32_t k = 0; k < 256; k++) {
		uint32_t c = k;
		for (int b = 0; b < 8; b++)
			c = c & 1 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
		table[k] = c;
	}
}

/* 1 if `type` is one of the NULL-terminated four-character codes. */
static int fourcc_in(const unsigned char *type, const char *const *codes)
{
	for (; *codes; codes++)
		if (memcmp(type, *codes, 4) == 0)
			return 1;
	return 0;
}

/* The chunks kept: the critical ones, and the ancillary ones that describe
 * how to show the pixels (colour, transparency, density, animation). The
 * metadata ones (eXIf, tEXt, zTXt, iTXt, tIME) and any ancillary chunk not
 * listed — which could carry anything — are left out. */
static const char *const png_critical[] = {"IHDR", "PLTE", "IDAT", "IEND", NULL};
static const char *const png_kept[] = {"tRNS", "gAMA", "cHRM", "sRGB", "iCCP", "sBIT", "bKGD", "hIST", "pHYs",
				       "sPLT", "acTL", "fcTL", "fdAT", "cICP", "mDCv", "cLLi", NULL};

/* 1 if a chunk type is four ASCII letters. */
static int png_type_valid(const unsigned char *t)
{
	for (int k = 0; k < 4; k++)
		if (!((t[k] >= 'A' && t[k] <= 'Z') || (t[k] >= 'a' && t[k] <= 'z')))
			return 0;
	return 1;
}

/* Walks a PNG's chunks (see image.h), checking lengths and CRCs. NULL, or
 * the French message of the refusal. */
static const char *png_clean(const unsigned char *p, size_t n, out_t *o, image_t *img)
{
	uint32_t table[256];
	png_crc_table(table);
	size_t i = 8;
	int idat = 0;
	out_put(o, p, 8);
	for (;;) {
		if (n - i < 12)
			return MSG_BROKEN;
		uint32_t len = be32(p + i);
		const unsigned char *type = p + i + 4;
		if (len > 0x7FFFFFFFu || len > n - i - 12 || !png_type_valid(type))
			return MSG_BROKEN;
		if (png_crc(table, type, (size_t)len + 4) != be32(type + 4 + len))
			return MSG_BROKEN;
		int first = i == 8;
		if (first != (memcmp(type, "IHDR", 4) == 0))
			return MSG_BROKEN;
		if (first) {
			if (len != 13)
				return MSG_BROKEN;
			img->width = be32(type + 4);
			img->height = be32(type + 8);
			if (!img->width || !img->height || img->width > 0x7FFFFFFFu || img->height > 0x7FFFFFFFu)
				return MSG_SIZE;
		}
		if (memcmp(type, "IDAT", 4) == 0)
			idat = 1;
		int critical = type[0] >= 'A' && type[0] <= 'Z';
		if (critical && !fourcc_in(type, png_critical))
			return MSG_BROKEN; /* no decoder could show it */
		if (critical || fourcc_in(type, png_kept))
			out_put(o, p + i, (size_t)len + 12);
		i += (size_t)len + 12;
		if (memcmp(type, "IEND", 4) == 0)
			return idat ? NULL : MSG_BROKEN;
	}
}

/* ---- WebP ---- */

/* Reads the dimensions from the first chunk (VP8, VP8L or VP8X). 0, or -1. */
static int webp_dimensions(const unsigned char *fourcc, const unsigned char *d, uint32_t sz, image_t *img)
{
	if (memcmp(fourcc, "VP8 ", 4) == 0) {
		if (sz < 10 || (d[0] & 1) || d[3] != 0x9D || d[4] != 0x01 || d[5] != 0x2A)
			return -1;
		img->width = le16(d + 6) & 0x3FFF;
		img->height = le16(d + 8) & 0x3FFF;
	} else if (memcmp(fourcc, "VP8L", 4) == 0) {
		if (sz < 5 || d[0] != 0x2F)
			return -1;
		uint32_t bits = le32(d + 1);
		img->width = (bits & 0x3FFF) + 1;
		img->height = ((bits >> 14) & 0x3FFF) + 1;
	} else if (memcmp(fourcc, "VP8X", 4) == 0) {
		if (sz < 10)
			return -1;
		img->width = le24(d + 4) + 1;
		img->height = le24(d + 7) + 1;
	} else {
		return -1;
	}
	return 0;
}

/* Walks a WebP's RIFF chunks (see image.h), then fixes the VP8X flags and
 * the RIFF size of the output. NULL, or the French message of the refusal. */
static const char *webp_clean(const unsigned char *p, size_t n, out_t *o, image_t *img)
{
	uint32_t riff = le32(p + 4);
	if (riff < 4 || riff > n - 8)
		return MSG_BROKEN;
	size_t end = (size_t)riff + 8, i = 12, vp8x_flags = 0;
	int image_data = 0;
	out_put(o, p, 12);
	while (i < end) {
		if (end - i < 8)
			return MSG_BROKEN;
		const unsigned char *fourcc = p + i, *d = p + i + 8;
		uint32_t sz = le32(p + i + 4);
		size_t padded = (size_t)sz + (sz & 1);
		if (padded > end - i - 8)
			return MSG_BROKEN;
		if (i == 12) {
			if (webp_dimensions(fourcc, d, sz, img) != 0)
				return MSG_BROKEN;
			if (!img->width || !img->height)
				return MSG_SIZE;
			if (memcmp(fourcc, "VP8X", 4) == 0)
				vp8x_flags = o->len + 8;
		}
		if (memcmp(fourcc, "VP8 ", 4) == 0 || memcmp(fourcc, "VP8L", 4) == 0 || memcmp(fourcc, "ANMF", 4) == 0)
			image_data = 1;
		/* kept: the first chunk, and the image, alpha, animation and
		 * colour profile chunks; EXIF, XMP and unknown chunks go */
		static const char *const kept[] = {"VP8 ", "VP8L", "ALPH", "ANIM", "ANMF", "ICCP", NULL};
		if (i == 12 || fourcc_in(fourcc, kept))
			out_put(o, p + i, padded + 8);
		i += padded + 8;
	}
	if (!image_data)
		return MSG_BROKEN;
	if (vp8x_flags)
		o->p[vp8x_flags] &= (unsigned char)~(0x08 | 0x04); /* EXIF, XMP */
	put_le32(o->p + 4, (uint32_t)(o->len - 8));
	return NULL;
}

const char *image_clean(arena_t *a, const unsigned char *p, size_t n, image_t *out)
{
	memset(out, 0, sizeof *out);
	image_type_t t = p ? image_sniff(p, n) : IMAGE_NONE;
	if (t == IMAGE_NONE)
		return MSG_UNKNOWN;
	image_t img = {.type = t, .mime = image_mime(t)};
	out_t o = {.p = arena_alloc(a, n + 64), .len = 0, .cap = n + 64};
	const char *err = t == IMAGE_JPEG  ? jpeg_clean(p, n, &o, &img)
			  : t == IMAGE_PNG ? png_clean(p, n, &o, &img)
					   : webp_clean(p, n, &o, &img);
	if (err)
		return err;
	img.data = o.p;
	img.len = o.len;
	*out = img;
	return NULL;
}
