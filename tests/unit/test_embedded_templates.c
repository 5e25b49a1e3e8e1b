/* test_embedded_templates.c — every template built into the binary compiles
 * under the engine's escaping rules, and every partial it names exists. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "core/embedded.h"
#include "view/template.h"

static void test_all_templates_compile(void **state)
{
	(void)state;
	tmpl_set_t *set = tmpl_set_new();
	assert_true(embedded_templates_count >= 10);
	for (size_t i = 0; i < embedded_templates_count; i++) {
		const embedded_file_t *f = &embedded_templates[i];
		char name[128], err[256] = "";
		snprintf(name, sizeof name, "%.*s", (int)(strlen(f->name) - 5), f->name);
		int rc = tmpl_set_add(set, name, (const char *)f->data, f->len, err, sizeof err);
		if (rc != 0)
			fail_msg("%s: %s", f->name, err);
	}
	/* Each page renders with an empty view: partials all resolve. */
	for (size_t i = 0; i < embedded_templates_count; i++) {
		const embedded_file_t *f = &embedded_templates[i];
		char name[128];
		snprintf(name, sizeof name, "%.*s", (int)(strlen(f->name) - 5), f->name);
		arena_t *a = arena_new(0);
		buf_t out;
		buf_init(&out, a, 1024);
		json_t *view = json_object();
		if (tmpl_render(set, name, view, &out) != 0)
			fail_msg("%s does not render", f->name);
		json_decref(view);
		arena_free(a);
	}
	tmpl_set_free(set);
}

int main(void)
{
	const struct CMUnitTest tests[] = {cmocka_unit_test(test_all_templates_compile)};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
