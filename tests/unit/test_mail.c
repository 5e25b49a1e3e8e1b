/* test_mail.c — unit tests for src/core/mail.c (RFC 2047 headers,
 * quoted-printable bodies, addresses, the whole message) and the outbox's
 * backoff schedule. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <sodium.h>
#include <string.h>

#include "core/mail.h"
#include "core/outbox.h"

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

/* Every line of s (CRLF-separated) is at most max characters long. */
static void assert_lines_at_most(const char *s, size_t max)
{
	const char *p = s;
	for (;;) {
		const char *e = strstr(p, "\r\n");
		size_t n = e ? (size_t)(e - p) : strlen(p);
		assert_true(n <= max);
		if (!e)
			break;
		p = e + 2;
	}
}

static void test_header_ascii_stays(void **state)
{
	assert_string_equal(mail_header_encode(*state, "[quartier] Signalement S-2026-00042"),
			    "[quartier] Signalement S-2026-00042");
}

static void test_header_utf8_encoded(void **state)
{
	const char *h = mail_header_encode(*state, "Signalement à traiter : dépôts sauvages");
	assert_non_null(strstr(h, "=?UTF-8?B?"));
	/* "Signalement à traiter : dépô" is 30 bytes: one word. */
	assert_string_equal(mail_header_encode(*state, "é"), "=?UTF-8?B?w6k=?=");
}

static void test_header_long_folded_without_splitting_characters(void **state)
{
	char text[400] = "";
	for (int i = 0; i < 60; i++)
		strcat(text, "é€");
	const char *h = mail_header_encode(*state, text);
	/* Each encoded word stands alone on its line, at most 75 characters,
	 * and decodes to whole characters; together they give the text back. */
	char all[400] = "";
	const char *p = h;
	while (p) {
		const char *e = strstr(p, "\r\n ");
		size_t n = e ? (size_t)(e - p) : strlen(p);
		assert_true(n <= 75);
		assert_memory_equal(p, "=?UTF-8?B?", 10);
		assert_memory_equal(p + n - 2, "?=", 2);
		unsigned char raw[64];
		size_t raw_len = 0;
		assert_int_equal(sodium_base642bin(raw, sizeof raw, p + 10, n - 12, NULL, &raw_len, NULL,
						   sodium_base64_VARIANT_ORIGINAL),
				 0);
		assert_true((raw[0] & 0xC0) != 0x80);
		strncat(all, (const char *)raw, raw_len);
		p = e ? e + 3 : NULL;
	}
	assert_string_equal(all, text);
}

static void test_header_injection_is_encoded(void **state)
{
	const char *h = mail_header_encode(*state, "Bonjour\r\nBcc: victime@exemple.fr");
	assert_null(strstr(h, "\r\nBcc"));
	assert_null(strchr(h, '\n') ? strstr(h, "\nB") : NULL);
	assert_memory_equal(h, "=?UTF-8?B?", 10);
	/* text that looks like an encoded word is encoded too */
	assert_memory_equal(mail_header_encode(*state, "=?UTF-8?B?abc?="), "=?UTF-8?B?", 10);
}

static void test_qp_basics(void **state)
{
	assert_string_equal(mail_qp_encode(*state, "a=b"), "a=3Db");
	assert_string_equal(mail_qp_encode(*state, "é"), "=C3=A9");
	assert_string_equal(mail_qp_encode(*state, "ligne\nsuite\r\nfin\r"), "ligne\r\nsuite\r\nfin\r\n");
	/* a space or tab before a line end is encoded */
	assert_string_equal(mail_qp_encode(*state, "fin \nsuite\t"), "fin=20\r\nsuite=09");
	assert_string_equal(mail_qp_encode(*state, "-- \n"), "--=20\r\n");
	assert_string_equal(mail_qp_encode(*state, ""), "");
	/* a line that starts with a dot stays (libcurl dot-stuffs on the wire) */
	assert_string_equal(mail_qp_encode(*state, ".\n"), ".\r\n");
}

static void test_qp_soft_breaks(void **state)
{
	char text[1200];
	memset(text, 'x', sizeof text - 1);
	text[sizeof text - 1] = '\0';
	text[500] = (char)0xC3; /* an é in the middle */
	text[501] = (char)0xA9;
	const char *qp = mail_qp_encode(*state, text);
	assert_lines_at_most(qp, 76);
	/* soft breaks removed, the text is whole again */
	char *joined = arena_strdup(*state, qp);
	char *w = joined;
	for (const char *p = qp; *p; p++) {
		if (p[0] == '=' && p[1] == '\r' && p[2] == '\n') {
			p += 2;
			continue;
		}
		*w++ = *p;
	}
	*w = '\0';
	assert_int_equal(strlen(joined), sizeof text - 1 - 2 + 6);
	assert_non_null(strstr(joined, "x=C3=A9x"));
}

static void test_addresses(void **state)
{
	assert_string_equal(mail_address(*state, "Quartier <ne-pas-repondre@quartier.test>"),
			    "ne-pas-repondre@quartier.test");
	assert_string_equal(mail_address(*state, "  a@b.fr "), "a@b.fr");
	assert_null(mail_address(*state, "Nom <a@b.fr"));
	assert_null(mail_address(*state, "a@b.fr\r\nRCPT TO:<x@y.z>"));
	assert_null(mail_address(*state, ""));
	assert_true(mail_address_ok("partner@demo.test"));
	assert_false(mail_address_ok("a b@c.d"));
	assert_false(mail_address_ok("a@b@c"));
	assert_false(mail_address_ok("@b.c"));
	assert_false(mail_address_ok("a@"));
	assert_false(mail_address_ok("a@b.c>"));
}

static void test_date(void **state)
{
	assert_string_equal(mail_date(*state, 1795960800), "Sun, 29 Nov 2026 14:00:00 +0000");
}

static void test_whole_message(void **state)
{
	mail_message_t m = {
	    .from = "Métropole <ne-pas-repondre@quartier.test>",
	    .to = "habitant@exemple.fr",
	    .subject = "Votre signalement est enregistré",
	    .body = "Bonjour,\n\nMerci.\n",
	    .message_id = "<quartier.1@quartier.test>",
	    .date = 1795960800,
	};
	const char *s = mail_build(*state, &m);
	assert_non_null(strstr(s, "From: =?UTF-8?B?"));
	assert_non_null(strstr(s, "?= <ne-pas-repondre@quartier.test>\r\n"));
	assert_non_null(strstr(s, "\r\nTo: habitant@exemple.fr\r\n"));
	assert_non_null(strstr(s, "\r\nDate: Sun, 29 Nov 2026 14:00:00 +0000\r\n"));
	assert_non_null(strstr(s, "\r\nMessage-ID: <quartier.1@quartier.test>\r\n"));
	assert_non_null(strstr(s, "\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n"
				  "Content-Transfer-Encoding: quoted-printable\r\n"));
	assert_non_null(strstr(s, "\r\n\r\nBonjour,\r\n\r\nMerci.\r\n"));
	assert_null(strstr(s, "\n\n"));
	assert_lines_at_most(s, 78);
}

static void test_backoff(void **state)
{
	(void)state;
	assert_int_equal(outbox_backoff_seconds(1), 60);
	assert_int_equal(outbox_backoff_seconds(2), 300);
	assert_int_equal(outbox_backoff_seconds(3), 900);
	assert_int_equal(outbox_backoff_seconds(4), 3600);
	assert_int_equal(outbox_backoff_seconds(5), 21600);
	assert_int_equal(outbox_backoff_seconds(7), 21600);
	assert_int_equal(outbox_backoff_seconds(OUTBOX_MAX_ATTEMPTS), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_header_ascii_stays, arena_setup, arena_teardown),
	    cmocka_unit_test_setup_teardown(test_header_utf8_encoded, arena_setup, arena_teardown),
	    cmocka_unit_test_setup_teardown(test_header_long_folded_without_splitting_characters, arena_setup,
					    arena_teardown),
	    cmocka_unit_test_setup_teardown(test_header_injection_is_encoded, arena_setup, arena_teardown),
	    cmocka_unit_test_setup_teardown(test_qp_basics, arena_setup, arena_teardown),
	    cmocka_unit_test_setup_teardown(test_qp_soft_breaks, arena_setup, arena_teardown),
	    cmocka_unit_test_setup_teardown(test_addresses, arena_setup, arena_teardown),
	    cmocka_unit_test_setup_teardown(test_date, arena_setup, arena_teardown),
	    cmocka_unit_test_setup_teardown(test_whole_message, arena_setup, arena_teardown),
	    cmocka_unit_test(test_backoff),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
