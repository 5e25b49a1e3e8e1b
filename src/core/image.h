/* image.h — photos as bytes: the type sniffed from the content (JPEG, PNG,
 * WebP; never the file name or the Content-Type), the dimensions read from
 * the headers (SOFn, IHDR, VP8 / VP8L / VP8X), and metadata stripped by
 * walking the container, without decoding a pixel:
 *   JPEG drops APP1..APP15 (but an APP2 ICC_PROFILE) and COM; when the Exif
 *        held an Orientation tag, a minimal Exif APP1 with only that tag is
 *        written in its place, so that phone photos stay upright;
 *   PNG  drops eXIf, tEXt, zTXt, iTXt and tIME, and any ancillary chunk it
 *        does not know (an unknown critical chunk is refused);
 *   WebP drops EXIF, XMP and unknown chunks, clears the VP8X flags, fixes the RIFF
 *        size.
 * Anything else, or anything structurally broken (truncated, lengths out of
 * bounds, bad PNG CRC, no image data), is refused with a French message.
 * No HTTP, no database: unit-tested and fuzzed on its own. */
#ifndef QUARTIER_IMAGE_H
#define QUARTIER_IMAGE_H

#include <stddef.h>

#include "core/arena.h"

typedef enum image_type {
	IMAGE_NONE = 0,
	IMAGE_JPEG,
	IMAGE_PNG,
	IMAGE_WEBP,
} image_type_t;

typedef struct image {
	image_type_t type;
	const char *mime; /* "image/jpeg", "image/png", "image/webp" (static) */
	unsigned width, height;
	int orientation;     /* JPEG Exif Orientation kept (1..8), 0 when none */
	unsigned char *data; /* the cleaned bytes, in the arena */
	size_t len;
} image_t;

/* The type announced by the first bytes (magic numbers only), or IMAGE_NONE. */
image_type_t image_sniff(const unsigned char *p, size_t n);

/* The MIME type of a type, or NULL for IMAGE_NONE. Static string. */
const char *image_mime(image_type_t t);

/* Checks p[0..n) and writes a copy without metadata into the arena a.
 * Returns NULL and fills *out, or a French message (static string) saying
 * why the file is refused, leaving *out zeroed. */
const char *image_clean(arena_t *a, const unsigned char *p, size_t n, image_t *out);

#endif
