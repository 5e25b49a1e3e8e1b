# mk/browser.mk — browser tests: playwright-core drives Debian's Chromium
# through four journeys (visitor, staff, administrator, keyboard only);
# axe-core checks every visited page against WCAG 2.1 A and AA; screenshots
# at 1280 and 375 px go to tests/browser/screenshots/ (git-ignored).
# Never skipped: a missing or broken Chromium fails `make test` with a message.

CHROMIUM ?= /usr/bin/chromium
CHROMIUM_FLAGS = --headless --no-sandbox --disable-gpu --no-first-run \
	--disable-background-networking --disable-component-update --disable-sync --disable-quic

browser-test: build/asan/quartier
	@if [ ! -x "$(CHROMIUM)" ]; then \
		echo "browser-test: ÉCHEC — Chromium est introuvable ($(CHROMIUM)). Installez le paquet Debian « chromium » : sudo scripts/install-deps.sh test" >&2; \
		exit 1; \
	fi
	@if [ ! -d node_modules/playwright-core ] || [ ! -d node_modules/axe-core ]; then \
		echo "browser-test: ÉCHEC — playwright-core ou axe-core manquent (node_modules). Lancez : npm ci (ou sudo scripts/install-deps.sh test)" >&2; \
		exit 1; \
	fi
	@profile=$$(mktemp -d); \
	if ! timeout 60 "$(CHROMIUM)" $(CHROMIUM_FLAGS) --user-data-dir="$$profile" --dump-dom about:blank >/dev/null 2>"$$profile.log"; then \
		echo "browser-test: ÉCHEC — Chromium ($(CHROMIUM)) ne démarre pas :" >&2; tail -n 20 "$$profile.log" >&2; \
		rm -rf "$$profile" "$$profile.log"; exit 1; \
	fi; \
	rm -rf "$$profile" "$$profile.log"
	QUARTIER_BIN=$(CURDIR)/build/asan/quartier QUARTIER_CHROMIUM=$(CHROMIUM) node --test tests/browser/

.PHONY: browser-test
