/* test_image.c — unit tests for src/core/image.c: sniffing, dimensions and
 * metadata stripping of JPEG, PNG and WebP, on the real tiny images of
 * tests/fixtures/ (built by tests/fixtures/make-images.mjs), and refusal of
 * fake, truncated and broken files. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/image.h"

typedef struct fixture {
	unsigned char *p;
	size_t n;
} fixture_t;

/* Reads tests/fixtures/<name> (run from the repository's root). */
static fixture_t load(const char *name)
{
	char path[256];
	snprintf(path, sizeof path, strncmp(name, "crash-", 6) == 0 ? "fuzz/corpus/fuzz_image/%s" : "tests/fixtures/%s",
		 name);
	FILE *f = fopen(path, "rb");
	if (!f)
		fail_msg("cannot open %s", path);
	fixture_t fx = {malloc(1 << 16), 0};
	fx.n = fread(fx.p, 1, 1 << 16, f);
	fclose(f);
	return fx;
}

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

/* 1 if needle occurs in p[0..n). */
static int contains(const unsigned char *p, size_t n, const void *needle, size_t nl)
{
	for (size_t i = 0; i + nl <= n; i++)
		if (memcmp(p + i, needle, nl) == 0)
			return 1;
	return 0;
}
#define HAS(img, s) contains((img).data, (img).len, s, sizeof(s) - 1)

/* Cleans fx, asserting acceptance; returns the result. */
static image_t accept(arena_t *a, fixture_t fx)
{
	image_t img;
	const char *msg = image_clean(a, fx.p, fx.n, &img);
	if (msg)
		fail_msg("refused: %s", msg);
	return img;
}

static void test_sniff(void **state)
{
	(void)state;
	assert_int_equal(image_sniff((const unsigned char *)"\xFF\xD8\xFF\xE0", 4), IMAGE_JPEG);
	assert_int_equal(image_sniff((const unsigned char *)"\x89PNG\r\n\x1A\n", 8), IMAGE_PNG);
	assert_int_equal(image_sniff((const unsigned char *)"RIFF\0\0\0\0WEBP", 12), IMAGE_WEBP);
	assert_int_equal(image_sniff((const unsigned char *)"RIFF\0\0\0\0WAVE", 12), IMAGE_NONE);
	assert_int_equal(image_sniff((const unsigned char *)"GIF89a", 6), IMAGE_NONE);
	assert_int_equal(image_sniff((const unsigned char *)"\xFF\xD8", 2), IMAGE_NONE);
	assert_string_equal(image_mime(IMAGE_WEBP), "image/webp");
	assert_null(image_mime(IMAGE_NONE));
}

/* A JPEG without metadata comes out byte for byte. */
static void test_jpeg_plain_unchanged(void **state)
{
	fixture_t fx = load("plain.jpg");
	image_t img = accept(*state, fx);
	assert_int_equal(img.type, IMAGE_JPEG);
	assert_string_equal(img.mime, "image/jpeg");
	assert_int_equal(img.width, 1);
	assert_int_equal(img.height, 1);
	assert_int_equal(img.orientation, 0);
	assert_int_equal(img.len, fx.n);
	assert_memory_equal(img.data, fx.p, fx.n);
	free(fx.p);
}

/* Exif with GPS, XMP and a comment go; Orientation stays, in a minimal Exif
 * segment; the image data and JFIF stay. */
static void test_jpeg_gps_stripped_orientation_kept(void **state)
{
	fixture_t fx = load("gps.jpg"), plain = load("plain.jpg");
	image_t img = accept(*state, fx);
	assert_int_equal(img.width, 1);
	assert_int_equal(img.orientation, 6);
	assert_false(HAS(img, "QUARTIER-SECRET"));
	assert_false(HAS(img, "http://ns.adobe.com"));
	assert_false(HAS(img, "\x25\x88")); /* GPSInfo tag, little-endian as in the original */
	assert_false(HAS(img, "\x88\x25"));
	static const unsigned char lat[] = {43, 0, 0, 0, 1, 0, 0, 0, 36, 0, 0, 0};
	assert_false(contains(img.data, img.len, lat, sizeof lat));
	static const unsigned char exif[] = {0xFF, 0xE1, 0x00, 34, 'E', 'x', 'i', 'f', 0,    0,	   'M', 'M',
					     0,	   0x2A, 0,    0,  0,	8,   0,	  1,   0x01, 0x12, 0,	3,
					     0,	   0,	 0,    1,  0,	6,   0,	  0,   0,    0,	   0,	0};
	assert_true(contains(img.data, img.len, exif, sizeof exif));
	assert_true(HAS(img, "JFIF"));
	/* what is left: SOI, JFIF, the minimal Exif, then the plain image */
	assert_int_equal(img.len, 2 + 18 + sizeof exif + plain.n - 2);
	assert_memory_equal(img.data + img.len - (plain.n - 2), plain.p + 2, plain.n - 2);
	/* cleaning again changes nothing */
	image_t again;
	assert_null(image_clean(*state, img.data, img.len, &again));
	assert_int_equal(again.len, img.len);
	assert_memory_equal(again.data, img.data, img.len);
	assert_int_equal(again.orientation, 6);
	free(fx.p);
	free(plain.p);
}

/* Builds plain.jpg with one segment (marker m, payload) after SOI. */
static fixture_t jpeg_with(unsigned m, const void *payload, size_t n)
{
	fixture_t plain = load("plain.jpg"), fx = {malloc(plain.n + n + 4), 0};
	memcpy(fx.p, plain.p, 2);
	unsigned char head[4] = {0xFF, (unsigned char)m, (unsigned char)((n + 2) >> 8), (unsigned char)(n + 2)};
	memcpy(fx.p + 2, head, 4);
	memcpy(fx.p + 6, payload, n);
	memcpy(fx.p + 6 + n, plain.p + 2, plain.n - 2);
	fx.n = plain.n + n + 4;
	free(plain.p);
	return fx;
}

static void test_jpeg_icc_kept_others_dropped(void **state)
{
	static const char icc[] = "ICC_PROFILE\0\x01\x01profile-bytes";
	fixture_t fx = jpeg_with(0xE2, icc, sizeof icc - 1);
	image_t img = accept(*state, fx);
	assert_int_equal(img.len, fx.n);
	free(fx.p);
	static const char other[] = "MPF\0QUARTIER-SECRET";
	fx = jpeg_with(0xE2, other, sizeof other - 1);
	img = accept(*state, fx);
	assert_false(HAS(img, "QUARTIER-SECRET"));
	free(fx.p);
	fx = jpeg_with(0xED, "Photoshop 3.0\0QUARTIER-SECRET", 29); /* APP13 IPTC */
	img = accept(*state, fx);
	assert_false(HAS(img, "QUARTIER-SECRET"));
	free(fx.p);
}

/* A big-endian Exif with Orientation 3 and nothing else is re-emitted. */
static void test_jpeg_big_endian_orientation(void **state)
{
	static const unsigned char exif[] = {'E',  'x',	 'i', 'f', 0, 0, 'M', 'M', 0, 0x2A, 0, 0, 0, 8, 0, 1,
					     0x01, 0x12, 0,   3,   0, 0, 0,   1,   0, 3,    0, 0, 0, 0, 0, 0};
	fixture_t fx = jpeg_with(0xE1, exif, sizeof exif);
	image_t img = accept(*state, fx);
	assert_int_equal(img.orientation, 3);
	free(fx.p);
	/* without an Orientation, no Exif at all */
	unsigned char none[sizeof exif];
	memcpy(none, exif, sizeof exif);
	none[17] = 0x10; /* tag 0x0110 (Model) */
	fx = jpeg_with(0xE1, none, sizeof none);
	img = accept(*state, fx);
	assert_int_equal(img.orientation, 0);
	assert_false(HAS(img, "Exif"));
	free(fx.p);
}

static void test_png_text_stripped(void **state)
{
	fixture_t fx = load("text.png"), plain = load("plain.png");
	image_t img = accept(*state, fx);
	assert_int_equal(img.type, IMAGE_PNG);
	assert_int_equal(img.width, 1);
	assert_int_equal(img.height, 1);
	assert_false(HAS(img, "tEXt"));
	assert_false(HAS(img, "tIME"));
	assert_false(HAS(img, "eXIf"));
	assert_false(HAS(img, "QUARTIER-SECRET"));
	assert_int_equal(img.len, plain.n);
	assert_memory_equal(img.data, plain.p, plain.n);
	free(fx.p);
	free(plain.p);
}

static void test_png_bad_crc_refused(void **state)
{
	fixture_t fx = load("plain.png");
	image_t img;
	fx.p[8 + 8 + 5] ^= 1; /* a byte of IHDR's data */
	const char *msg = image_clean(*state, fx.p, fx.n, &img);
	assert_non_null(msg);
	assert_non_null(strstr(msg, "endommagée"));
	assert_null(img.data);
	free(fx.p);
}

static void test_webp_exif_stripped(void **state)
{
	fixture_t fx = load("exif.webp");
	image_t img = accept(*state, fx);
	assert_int_equal(img.type, IMAGE_WEBP);
	assert_int_equal(img.width, 1);
	assert_int_equal(img.height, 1);
	assert_false(HAS(img, "EXIF"));
	assert_false(HAS(img, "XMP "));
	assert_false(HAS(img, "QUARTIER-SECRET"));
	assert_memory_equal(img.data + 12, "VP8X", 4);
	assert_int_equal(img.data[20] & 0x0C, 0); /* flags cleared */
	uint32_t riff = (uint32_t)img.data[4] | (uint32_t)img.data[5] << 8 | (uint32_t)img.data[6] << 16 |
			(uint32_t)img.data[7] << 24;
	assert_int_equal(riff, img.len - 8);
	assert_int_equal(img.len, 12 + 18 + 22);
	free(fx.p);
	fx = load("plain.webp");
	img = accept(*state, fx);
	assert_int_equal(img.len, fx.n);
	free(fx.p);
}

/* Every proper prefix of every fixture is refused, with a French message. */
static void test_truncated_refused(void **state)
{
	static const char *const names[] = {"plain.jpg", "gps.jpg", "plain.png", "text.png", "plain.webp", "exif.webp"};
	for (size_t k = 0; k < sizeof names / sizeof names[0]; k++) {
		fixture_t fx = load(names[k]);
		for (size_t n = 0; n < fx.n; n++) {
			image_t img;
			const char *msg = image_clean(*state, fx.p, n, &img);
			if (!msg)
				fail_msg("%s cut at %zu bytes was accepted", names[k], n);
			assert_int_equal(img.type, IMAGE_NONE);
		}
		free(fx.p);
	}
}

static void test_fake_refused(void **state)
{
	fixture_t fx = load("fake.jpg");
	image_t img;
	const char *msg = image_clean(*state, fx.p, fx.n, &img);
	assert_non_null(msg);
	assert_non_null(strstr(msg, "JPEG, PNG ou WebP"));
	assert_non_null(image_clean(*state, NULL, 0, &img));
	/* a JPEG header with no frame, a PNG without IDAT, a WebP with no image */
	assert_non_null(image_clean(*state, (const unsigned char *)"\xFF\xD8\xFF\xD9", 4, &img));
	fixture_t png = load("plain.png");
	/* IHDR (8 + 25) then IEND directly */
	unsigned char noidat[8 + 25 + 12];
	memcpy(noidat, png.p, 33);
	memcpy(noidat + 33, png.p + png.n - 12, 12);
	assert_non_null(image_clean(*state, noidat, sizeof noidat, &img));
	free(png.p);
	static const unsigned char webp[] = "RIFF\x12\0\0\0WEBPVP8X\x0a\0\0\0\0\0\0\0\0\0\0\0\0\0";
	assert_non_null(image_clean(*state, webp, sizeof webp - 1, &img));
	free(fx.p);
}

static void test_zero_size_refused(void **state)
{
	fixture_t fx = load("plain.jpg");
	/* SOF0 is after SOI (2) and DQT (4 + 65): height at +5, width at +7 */
	size_t sof = 2 + 4 + 65;
	assert_int_equal(fx.p[sof + 1], 0xC0);
	fx.p[sof + 8] = 0; /* width low byte: 1 -> 0 */
	image_t img;
	const char *msg = image_clean(*state, fx.p, fx.n, &img);
	assert_non_null(msg);
	assert_non_null(strstr(msg, "dimensions"));
	free(fx.p);
}

/* fuzz/corpus/fuzz_image/crash-webp-second-vp8x: a second VP8X chunk (and
 * any unknown chunk) could carry anything; only known chunks stay. */
static void test_webp_unknown_chunks_dropped(void **state)
{
	fixture_t fx = load("crash-webp-second-vp8x");
	image_t img = accept(*state, fx);
	assert_false(HAS(img, "QUARTIER-SECRET"));
	size_t vp8x = 0;
	for (size_t i = 0; i + 4 <= img.len; i++)
		vp8x += memcmp(img.data + i, "VP8X", 4) == 0;
	assert_int_equal(vp8x, 1);
	free(fx.p);
}

/* An unknown ancillary PNG chunk goes; an unknown critical one is refused. */
static void test_png_unknown_chunks(void **state)
{
	fixture_t plain = load("plain.png");
	/* insert a chunk after IHDR (8 + 25): "quIt" (ancillary), then "QUIT" (critical) */
	static const unsigned char anc[] = {0,	 0,   0,   6,	'q', 'u',  'I',	 't',  'S',
					    'E', 'C', 'R', 'E', 'T', 0x5d, 0x26, 0x6d, 0x43};
	unsigned char buf[256];
	memcpy(buf, plain.p, 33);
	memcpy(buf + 33, anc, sizeof anc);
	memcpy(buf + 33 + sizeof anc, plain.p + 33, plain.n - 33);
	size_t n = plain.n + sizeof anc;
	/* fix the CRC for whatever the bytes are: computed here */
	uint32_t c = 0xFFFFFFFFu;
	for (size_t i = 33 + 4; i < 33 + 14; i++) {
		c ^= buf[i];
		for (int b = 0; b < 8; b++)
			c = c & 1 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
	}
	c ^= 0xFFFFFFFFu;
	buf[33 + 14] = (unsigned char)(c >> 24), buf[33 + 15] = (unsigned char)(c >> 16);
	buf[33 + 16] = (unsigned char)(c >> 8), buf[33 + 17] = (unsigned char)c;
	image_t img;
	assert_null(image_clean(*state, buf, n, &img));
	assert_int_equal(img.len, plain.n);
	assert_false(HAS(img, "SECRET"));
	buf[33 + 4] = 'Q'; /* critical now: CRC must be recomputed */
	c = 0xFFFFFFFFu;
	for (size_t i = 33 + 4; i < 33 + 14; i++) {
		c ^= buf[i];
		for (int b = 0; b < 8; b++)
			c = c & 1 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
	}
	c ^= 0xFFFFFFFFu;
	buf[33 + 14] = (unsigned char)(c >> 24), buf[33 + 15] = (unsigned char)(c >> 16);
	buf[33 + 16] = (unsigned char)(c >> 8), buf[33 + 17] = (unsigned char)c;
	assert_non_null(image_clean(*state, buf, n, &img));
	free(plain.p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_sniff),
	    cmocka_unit_test_setup_teardown(test_jpeg_plain_unchanged, arena_setup, arena_teardown),
	    cmocka_unit_test_setup_teardown(test_jpeg_gps_stripped_orientation_kept, arena_setup, arena_teardown),
	    cmocka_unit_test_setup_teardown(test_jpeg_icc_kept_others_dropped, arena_setup, arena_teardown),
	    cmocka_unit_test_setup_teardown(test_jpeg_big_endian_orientation, arena_setup, arena_teardown),
	    cmocka_unit_test_setup_teardown(test_png_text_stripped, arena_setup, arena_teardown),
	    cmocka_unit_test_setup_teardown(test_png_bad_crc_refused, arena_setup, arena_teardown),
	    cmocka_unit_test_setup_teardown(test_webp_exif_stripped, arena_setup, arena_teardown),
	    cmocka_unit_test_setup_teardown(test_truncated_refused, arena_setup, arena_teardown),
	    cmocka_unit_test_setup_teardown(test_fake_refused, arena_setup, arena_teardown),
	    cmocka_unit_test_setup_teardown(test_zero_size_refused, arena_setup, arena_teardown),
	    cmocka_unit_test_setup_teardown(test_webp_unknown_chunks_dropped, arena_setup, arena_teardown),
	    cmocka_unit_test_setup_teardown(test_png_unknown_chunks, arena_setup, arena_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
