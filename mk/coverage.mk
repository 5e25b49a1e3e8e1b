# mk/coverage.mk — `make coverage`: line coverage of src/ by the unit, HTTP and
# browser tests. Installs gcovr, builds the app and the unit tests with
# --coverage -O0 (no sanitizers) into build/cov/, clears old counters, runs the
# tests against build/cov/quartier, prints the coverage of src/ overall and per
# file, and writes it to build/cov/coverage.txt.
# Servers stopped by SIGTERM exit normally and write their counters; those the
# crash test kills with SIGKILL lose theirs. A failing test fails the target,
# after the report.

# Atomic counters: the server counts from several threads at once, and racing
# plain counters can go negative, which gcovr refuses.
COV_FLAGS = --coverage -fprofile-update=atomic -O0 -g
COV_OBJ   = $(patsubst %.c,build/cov/%.o,$(SRC) $(GEN))
COV_UNIT  = $(patsubst tests/unit/%.c,build/cov/tests/%,$(wildcard tests/unit/test_*.c))
COV_CHROMIUM = $(if $(CHROMIUM),$(CHROMIUM),/usr/bin/chromium)
# gcovr 5.2: sources relative to the repository root, counters searched in
# build/cov/ (gcov runs there and finds the sources through the working
# directory recorded in each .gcno), only src/ reported.
COV_GCOVR = gcovr --root . --object-directory build/cov --filter 'src/'

build/cov/quartier: $(COV_OBJ) build/cov/src/main.o
	$(CC) $(COV_FLAGS) -o $@ $^ $(LDLIBS_ALL)

build/cov/%.o: %.c | $(GEN) build/gen/version.h
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_ALL) $(COV_FLAGS) -MMD -MP -c -o $@ $<

build/cov/tests/%: tests/unit/%.c $(COV_OBJ)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_ALL) $(COV_FLAGS) -o $@ $< $(COV_OBJ) $(LDLIBS_ALL) -lcmocka

-include $(COV_OBJ:.o=.d) build/cov/src/main.d

# Dependencies first, in a separate make: pkg-config must be there before the
# flags of the build are computed (as `make test` does).
coverage:
	@./scripts/install-deps.sh coverage
	@$(MAKE) --no-print-directory build/cov/quartier $(COV_UNIT)
	@$(MAKE) --no-print-directory coverage-run

coverage-run:
	@find build/cov -name '*.gcda' -delete
	@fail=0; \
	for t in $(COV_UNIT); do echo "== $$t"; $$t || fail=1; done; \
	QUARTIER_BIN=$(CURDIR)/build/cov/quartier node --test tests/http/ || fail=1; \
	if ls tests/browser/*.test.mjs >/dev/null 2>&1; then \
		QUARTIER_BIN=$(CURDIR)/build/cov/quartier QUARTIER_CHROMIUM=$(COV_CHROMIUM) node --test tests/browser/ || fail=1; \
	else echo "coverage: no browser tests (tests/browser/*.test.mjs)"; fi; \
	$(COV_GCOVR) --txt build/cov/coverage.txt --print-summary >build/cov/summary.txt || exit 1; \
	echo; echo "== line coverage of src/ (build/cov/coverage.txt)"; \
	cat build/cov/coverage.txt; cat build/cov/summary.txt >>build/cov/coverage.txt; \
	grep '^lines:' build/cov/summary.txt; \
	if [ $$fail -ne 0 ]; then echo "coverage: some tests failed (see above)"; exit 1; fi

.PHONY: coverage coverage-run
