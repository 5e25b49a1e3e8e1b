/* fuzz_image.c — libFuzzer harness for image_clean (core/image.c): photo
 * type sniffing, dimensions, and metadata stripping of JPEG, PNG and WebP.
 *
 * Invariants checked when an input is accepted, beyond "no crash":
 * - the output sniffs as the same type, with the matching MIME type, and
 *   non-zero dimensions;
 * - the output holds no metadata, by a walk written here independently of
 *   image.c: JPEG has no COM, no APP3..APP15, an APP2 only for ICC_PROFILE,
 *   an APP1 only as the minimal Exif with the Orientation kept (exactly
 *   36 bytes); PNG has no eXIf, tEXt, zTXt, iTXt or tIME chunk; WebP has no
 *   EXIF or XMP chunk, one VP8X at most (first) with the flags for them
 *   clear, and its RIFF size
 *   is the output's length minus 8;
 * - cleaning the output again accepts it and changes nothing (same bytes,
 *   same dimensions and orientation).
 * A refused input leaves the result zeroed, with a message.
 */
#include "core/arena.h"
#include "core/image.h"
#include "fuzz_common.h"

static unsigned be16(const unsigned char *p)
{
	return (unsigned)p[0] << 8 | p[1];
}

static uint32_t rd32(const unsigned char *p, int le)
{
	return le ? (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24
		  : (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* 1 if a JPEG's segments carry no metadata (see above). */
static int jpeg_clean_ok(const unsigned char *p, size_t n)
{
	size_t i = 2;
	while (i + 1 < n) {
		if (p[i] != 0xFF)
			return 0;
		unsigned m = p[i + 1];
		i += 2;
		if (m == 0xFF) {
			i--;
			continue;
		}
		if (m == 0xD9)
			return 1;
		if (i + 2 > n)
			return 0;
		size_t len = be16(p + i);
		if (len < 2 || i + len > n)
			return 0;
		const unsigned char *seg = p + i + 2;
		size_t sl = len - 2;
		if (m == 0xFE || (m >= 0xE3 && m <= 0xEF))
			return 0;
		if (m == 0xE2 && (sl < 12 || memcmp(seg, "ICC_PROFILE\0", 12) != 0))
			return 0;
		if (m == 0xE1 &&
		    (sl != 32 || memcmp(seg, "Exif\0\0MM\0\x2A\0\0\0\x08\0\x01\x01\x12\0\x03\0\0\0\x01\0", 25) != 0))
			return 0;
		i += len;
		if (m == 0xDA) { /* entropy-coded data up to the next marker */
			while (i + 1 < n && !(p[i] == 0xFF && p[i + 1] != 0 && !(p[i + 1] >= 0xD0 && p[i + 1] <= 0xD7)))
				i++;
		}
	}
	return 0;
}

static int png_clean_ok(const unsigned char *p, size_t n)
{
	static const char *const bad[] = {"eXIf", "tEXt", "zTXt", "iTXt", "tIME"};
	for (size_t i = 8; i + 12 <= n;) {
		uint32_t len = rd32(p + i, 0);
		for (size_t k = 0; k < 5; k++)
			if (memcmp(p + i + 4, bad[k], 4) == 0)
				return 0;
		if (memcmp(p + i + 4, "IEND", 4) == 0)
			return i + 12 == n;
		if (len > n - i - 12)
			return 0;
		i += (size_t)len + 12;
	}
	return 0;
}

static int webp_clean_ok(const unsigned char *p, size_t n)
{
	if (rd32(p + 4, 1) != n - 8)
		return 0;
	for (size_t i = 12; i < n;) {
		if (n - i < 8)
			return 0;
		uint32_t sz = rd32(p + i + 4, 1);
		if (memcmp(p + i, "EXIF", 4) == 0 || memcmp(p + i, "XMP ", 4) == 0)
			return 0;
		if (memcmp(p + i, "VP8X", 4) == 0 && (i != 12 || (sz >= 1 && (p[i + 8] & 0x0C))))
			return 0;
		size_t step = (size_t)sz + (sz & 1) + 8;
		if (step > n - i)
			return 0;
		i += step;
	}
	return 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	arena_t *a = arena_new(0);
	image_t img;
	const char *msg = image_clean(a, data, size, &img);
	if (msg) {
		CHECK(img.type == IMAGE_NONE && img.data == NULL && img.len == 0);
		arena_free(a);
		return 0;
	}
	CHECK(img.type != IMAGE_NONE && img.data && img.len > 0);
	CHECK(image_sniff(img.data, img.len) == img.type);
	CHECK(img.mime && strcmp(img.mime, image_mime(img.type)) == 0);
	CHECK(img.width > 0 && img.height > 0);
	CHECK(image_sniff(data, size) == img.type);
	if (img.type == IMAGE_JPEG)
		CHECK(jpeg_clean_ok(img.data, img.len));
	else if (img.type == IMAGE_PNG)
		CHECK(png_clean_ok(img.data, img.len));
	else
		CHECK(webp_clean_ok(img.data, img.len));
	image_t again;
	CHECK(image_clean(a, img.data, img.len, &again) == NULL);
	CHECK(again.len == img.len && memcmp(again.data, img.data, img.len) == 0);
	CHECK(again.width == img.width && again.height == img.height && again.orientation == img.orientation);
	arena_free(a);
	return 0;
}
