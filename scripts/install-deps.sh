#!/bin/sh
# Installs what quartier needs, from Debian packages (and npm for Leaflet and the
# test tools), asking apt only for what is missing. Runs as root (or via sudo).
#   install-deps.sh            build and run
#   install-deps.sh test       + test tools (Chromium, clang's libFuzzer, npm packages)
#   install-deps.sh bench      + wrk and nginx
#   install-deps.sh coverage   + gcovr
set -eu
cd "$(dirname "$0")/.."
PKGS="build-essential pkg-config libmicrohttpd-dev libjansson-dev libsodium-dev \
libsqlite3-dev libmd4c-dev libmd4c-html0-dev libxlsxwriter-dev libcurl4-openssl-dev sqlite3 tzdata git nodejs npm"
case "${1:-}" in
test) PKGS="$PKGS libcmocka-dev chromium clang libclang-rt-14-dev libxml2-utils" ;;
bench) PKGS="$PKGS wrk nginx-light curl" ;;
coverage) PKGS="$PKGS libcmocka-dev chromium clang libclang-rt-14-dev gcovr libxml2-utils" ;;
esac
missing=""
for p in $PKGS; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
# Node.js and npm may come from outside Debian: accept them if present.
command -v node >/dev/null 2>&1 && missing=$(echo "$missing" | sed 's/ nodejs\b//')
command -v npm >/dev/null 2>&1 && missing=$(echo "$missing" | sed 's/ npm\b//')
if [ -n "$(echo "$missing" | tr -d ' ')" ]; then
	echo "install-deps: installing$missing"
	SUDO=""
	[ "$(id -u)" -ne 0 ] && SUDO="sudo"
	export DEBIAN_FRONTEND=noninteractive
	$SUDO apt-get update -q >/dev/null
	$SUDO apt-get install -y -q --no-install-recommends $missing >/dev/null
fi
# npm packages, pinned by package-lock.json: Leaflet (embedded in the binary
# at build time, so every mode needs it) and the test tools (playwright-core,
# axe-core). Installed when node_modules is missing or out of step.
if [ -f package-lock.json ] && ! npm ls --silent >/dev/null 2>&1; then
	echo "install-deps: npm ci"
	npm ci --no-audit --no-fund --loglevel=error
fi
