# quartier — build, run, test.
#   make          optimised ./quartier
#   make run      install what is missing, build, create var/quartier.db (demo data), serve :8080
#   make test     install what is missing, build with ASan+UBSan, run unit and HTTP tests

.SUFFIXES:

CC      ?= cc
PKGS     = libmicrohttpd jansson libsodium sqlite3 md4c-html xlsxwriter libcurl
WARN     = -std=c17 -D_GNU_SOURCE -Wall -Wextra -Wformat=2 -Wshadow -Wvla -Werror
OPT      = -O2 -g -DNDEBUG
SAN      = -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all

SRC      = $(wildcard src/core/*.c src/http/*.c src/db/*.c src/view/*.c src/modules/*.c) src/routes.c src/jobs.c src/app.c
GEN      = build/gen/embedded.c
TEMPLATES= $(sort $(wildcard templates/*.html))
STATIC   = $(sort $(wildcard static/*.css static/*.js static/*.svg static/*.ico))
# Leaflet (npm, pinned in package-lock.json) is copied into static/vendor/
# (git-ignored) at build time and embedded like our own files.
VENDOR   = static/vendor/leaflet.js static/vendor/leaflet.css
STATIC  += $(VENDOR)
MIGRATIONS=$(sort $(wildcard migrations/*.sql))
DEMO_SQL = $(sort $(wildcard demo/*.sql))
UNIT     = $(patsubst tests/unit/%.c,build/asan/tests/%,$(wildcard tests/unit/test_*.c))

LIBS_CFLAGS != pkg-config --cflags $(PKGS) 2>/dev/null || true
LIBS_LDLIBS != pkg-config --libs $(PKGS) 2>/dev/null || true
CFLAGS_ALL = $(WARN) $(LIBS_CFLAGS) -Isrc -Ibuild/gen
LDLIBS_ALL = $(LIBS_LDLIBS) -lpthread -lm

OBJ_OPT  = $(patsubst %.c,build/opt/%.o,$(SRC) $(GEN))
OBJ_SAN  = $(patsubst %.c,build/asan/%.o,$(SRC) $(GEN))

all: quartier

deps:
	@./scripts/install-deps.sh

deps-test:
	@./scripts/install-deps.sh test

quartier: $(OBJ_OPT) build/opt/src/main.o
	$(CC) $(OPT) -o $@ $^ $(LDLIBS_ALL)

build/asan/quartier: $(OBJ_SAN) build/asan/src/main.o
	$(CC) $(SAN) -o $@ $^ $(LDLIBS_ALL)

# Header dependencies come from the compiler (-MMD); the generated files
# must exist before the first compilation.
build/opt/%.o: %.c | $(GEN) build/gen/version.h
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_ALL) $(OPT) -MMD -MP -c -o $@ $<

build/asan/%.o: %.c | $(GEN) build/gen/version.h
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_ALL) $(SAN) -MMD -MP -c -o $@ $<

-include $(OBJ_OPT:.o=.d) $(OBJ_SAN:.o=.d) build/opt/src/main.d build/asan/src/main.d

# The version (git describe) in a header rewritten only when it changes, so
# that only the files that show it are rebuilt.
build/gen/version.h: FORCE
	@mkdir -p $(@D)
	@v=$$(git describe --always --dirty 2>/dev/null || echo dev); \
	printf '#define QUARTIER_VERSION "%s"\n' "$$v" > $@.tmp; \
	if cmp -s $@ $@.tmp; then rm $@.tmp; else mv $@.tmp $@; fi

FORCE:

build/embed: tools/embed.c
	@mkdir -p $(@D)
	$(CC) -std=c17 -O1 -Wall -Wextra -Werror -o $@ tools/embed.c

# Templates, static files and migrations go into the binary.
$(GEN): build/embed $(TEMPLATES) $(STATIC) $(MIGRATIONS) $(DEMO_SQL)
	@mkdir -p $(@D)
	build/embed $@ templates $(TEMPLATES) -- static $(STATIC) -- migrations $(MIGRATIONS) -- demo $(DEMO_SQL)

static/vendor/%: node_modules/leaflet/dist/%
	@mkdir -p $(@D)
	cp $< $@

# Only when missing (one npm ci, even with -j): scripts/install-deps.sh keeps
# node_modules in step with the lock file.
node_modules/leaflet/dist/leaflet.css: node_modules/leaflet/dist/leaflet.js
node_modules/leaflet/dist/leaflet.js:
	npm ci --no-audit --no-fund --loglevel=error

build/asan/tests/%: tests/unit/%.c $(OBJ_SAN)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_ALL) $(SAN) -o $@ $< $(OBJ_SAN) $(LDLIBS_ALL) -lcmocka

run: deps quartier
	@mkdir -p var
	@if [ ! -f var/quartier.db ]; then ./quartier migrate --db var/quartier.db && ./quartier demo --db var/quartier.db; fi
	./quartier serve --db var/quartier.db --listen 127.0.0.1:8080

unit: build/asan/quartier $(UNIT)
	@set -e; for t in $(UNIT); do echo "== $$t"; $$t; done

http-test: build/asan/quartier
	QUARTIER_BIN=$(CURDIR)/build/asan/quartier node --test tests/http/

# Every test, under AddressSanitizer + UndefinedBehaviorSanitizer.
test: deps-test
	@$(MAKE) --no-print-directory build/asan/quartier $(UNIT)
	@$(MAKE) --no-print-directory unit
	@$(MAKE) --no-print-directory fuzz-regression
	@$(MAKE) --no-print-directory http-test
	@$(MAKE) --no-print-directory browser-test

clean:
	rm -rf build quartier

# Quality machinery, one file each: browser tests, fuzzing, benchmarks, coverage.
include mk/browser.mk mk/fuzz.mk mk/bench.mk mk/coverage.mk

.PHONY: all deps deps-test run unit http-test test clean FORCE
