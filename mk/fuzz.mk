# mk/fuzz.mk — libFuzzer harnesses (fuzz/*.c) for the parsers, the router and
# the template engine, built with clang under ASan + UBSan.
#   make fuzz                     each harness for FUZZ_SECONDS (60) on its corpus
#   make fuzz FUZZ_SECONDS=600    longer
#   make fuzz FUZZ_TARGETS=fuzz_template    only some harnesses
#   make fuzz-regression          every committed seed through its harness, then a
#                                 few seconds of fuzzing each (part of make test)
# Seeds live in fuzz/corpus/<harness>/ and stay seeds: what a run discovers
# goes to build/fuzz/corpus-<harness>/, crashes to build/fuzz/crashes/.

FUZZ_CC      ?= clang
FUZZ_SECONDS ?= 60
FUZZ_HARNESS  = $(sort $(patsubst fuzz/%.c,%,$(wildcard fuzz/fuzz_*.c)))
FUZZ_TARGETS ?= $(FUZZ_HARNESS)
FUZZ_SAN      = -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
FUZZ_CFLAGS   = $(WARN) $(LIBS_CFLAGS) -Isrc -Ibuild/gen -O1 -g $(FUZZ_SAN)
FUZZ_FLAGS    = -timeout=10 -rss_limit_mb=2048 -print_final_stats=1

# Every object of the app but main.c (the command line) and server.c (the
# network loop, only called from main.c), so that the route harness sees the
# real table with its real handlers.
FUZZ_SRC = $(filter-out src/main.c src/http/server.c,$(SRC)) $(GEN)
FUZZ_OBJ = $(patsubst %.c,build/fuzz/obj/%.o,$(FUZZ_SRC))

$(FUZZ_OBJ): build/fuzz/obj/%.o: %.c | $(GEN) build/gen/version.h
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -MMD -MP -c -o $@ $<

$(FUZZ_HARNESS:%=build/fuzz/%): build/fuzz/%: fuzz/%.c $(FUZZ_OBJ)
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer -MMD -MP -o $@ $< $(FUZZ_OBJ) $(LDLIBS_ALL)

-include $(FUZZ_OBJ:.o=.d) $(FUZZ_HARNESS:%=build/fuzz/%.d)

fuzz-build: $(FUZZ_TARGETS:%=build/fuzz/%)

# Each harness in turn, FUZZ_SECONDS each, with its dictionary when there is
# one; a harness that fails does not stop the others.
fuzz: fuzz-build
	@mkdir -p build/fuzz/crashes
	@failed=""; for h in $(FUZZ_TARGETS); do \
		mkdir -p build/fuzz/corpus-$$h; \
		dict=""; [ -f fuzz/$$h.dict ] && dict="-dict=fuzz/$$h.dict"; \
		echo "== $$h: $(FUZZ_SECONDS) s (log: build/fuzz/$$h.log)"; \
		if build/fuzz/$$h $(FUZZ_FLAGS) $$dict -max_total_time=$(FUZZ_SECONDS) \
			-artifact_prefix=build/fuzz/crashes/$$h- \
			build/fuzz/corpus-$$h fuzz/corpus/$$h >build/fuzz/$$h.log 2>&1; then \
			grep -E '^(stat::(number_of_executed_units|average_exec_per_sec|new_units_added)|#[0-9]+[[:space:]]+DONE)' \
				build/fuzz/$$h.log; \
		else \
			grep -E 'invariant failed|ERROR|SUMMARY|Test unit written' build/fuzz/$$h.log; \
			failed="$$failed $$h"; \
		fi; \
	done; \
	if [ -n "$$failed" ]; then echo "fuzz: failures in$$failed (inputs in build/fuzz/crashes/)"; exit 1; fi

# make test: every committed seed (crash-* regression inputs included) runs
# through its harness, then each harness fuzzes for a few seconds more. New
# inputs go to a scratch directory, so fuzz/corpus/ stays as committed.
FUZZ_REGRESSION_SECONDS ?= 3
fuzz-regression: $(FUZZ_HARNESS:%=build/fuzz/%)
	@mkdir -p build/fuzz/crashes
	@set -e; for h in $(FUZZ_HARNESS); do \
		n=$$(ls fuzz/corpus/$$h | wc -l); \
		dict=""; [ -f fuzz/$$h.dict ] && dict="-dict=fuzz/$$h.dict"; \
		tmp=$$(mktemp -d build/fuzz/scratch-$$h.XXXXXX); \
		if ! build/fuzz/$$h $$dict -timeout=10 -max_total_time=$(FUZZ_REGRESSION_SECONDS) \
			-artifact_prefix=build/fuzz/crashes/$$h- $$tmp fuzz/corpus/$$h \
			>build/fuzz/$$h-regression.log 2>&1; then \
			rm -rf $$tmp; tail -n 40 build/fuzz/$$h-regression.log; \
			echo "fuzz regression: $$h failed (input in build/fuzz/crashes/)"; exit 1; \
		fi; \
		rm -rf $$tmp; \
		echo "fuzz regression: $$h, $$n seeds and $(FUZZ_REGRESSION_SECONDS) s of fuzzing: ok"; \
	done

.PHONY: fuzz fuzz-build fuzz-regression
