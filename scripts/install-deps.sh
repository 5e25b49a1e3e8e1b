#!/bin/sh
# Installs the Debian packages quartier needs to build, run and test.
# Idempotent: asks apt only for what is missing. Runs as root (or via sudo).
set -eu
PKGS="build-essential pkg-config libmicrohttpd-dev libjansson-dev libsodium-dev \
libsqlite3-dev libmd4c-dev libmd4c-html0-dev libcmocka-dev nodejs sqlite3 tzdata git"
missing=""
for p in $PKGS; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
# node may come from outside Debian (e.g. a preinstalled toolchain): accept it if present.
if command -v node >/dev/null 2>&1; then missing=$(echo "$missing" | sed 's/ nodejs//'); fi
[ -z "$missing" ] && exit 0
echo "install-deps: installing$missing"
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q >/dev/null
$SUDO apt-get install -y -q --no-install-recommends $missing >/dev/null
