/* test_hotspots.c — unit tests for the distance that decides whether two
 * reports are near enough to make a point noir (src/modules/hotspots.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <math.h>

#include "modules/hotspots.h"

/* Asserts |got - want| <= tolerance. */
static void near(double got, double want, double tolerance)
{
	if (fabs(got - want) > tolerance)
		fail_msg("%.3f m instead of %.3f m (± %.3f)", got, want, tolerance);
}

static void test_same_point_is_zero(void **state)
{
	(void)state;
	near(hotspot_distance_m(43.615, 3.827, 43.615, 3.827), 0, 1e-9);
}

static void test_one_ten_thousandth_of_latitude(void **state)
{
	(void)state;
	/* 0.0001° of latitude is about 11.1 m anywhere. */
	near(hotspot_distance_m(43.6150, 3.8270, 43.6151, 3.8270), 11.12, 0.02);
}

static void test_longitude_shrinks_with_latitude(void **state)
{
	(void)state;
	/* At Montpellier (43.6°), 0.0001° of longitude is 11.12 × cos(43.6°) ≈ 8.05 m. */
	near(hotspot_distance_m(43.6150, 3.8270, 43.6150, 3.8271), 8.05, 0.02);
	near(hotspot_distance_m(0, 3.8270, 0, 3.8271), 11.12, 0.02);
}

static void test_symmetric_and_known_distance(void **state)
{
	(void)state;
	/* Mosson to Cévennes, about 2.2 km (haversine, mean radius 6,371,008.8 m). */
	double a = hotspot_distance_m(43.6160, 3.8200, 43.6075, 3.8450);
	double b = hotspot_distance_m(43.6075, 3.8450, 43.6160, 3.8200);
	near(a, b, 1e-9);
	near(a, 2223.6, 0.5);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_same_point_is_zero),
		cmocka_unit_test(test_one_ten_thousandth_of_latitude),
		cmocka_unit_test(test_longitude_shrinks_with_latitude),
		cmocka_unit_test(test_symmetric_and_known_distance),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
