#!/usr/bin/env bash
# bench/run.sh — `make bench`: quartier against nginx serving the same bytes.
#
# Builds the optimised ./quartier, fills a temporary database with
# `quartier demo --scale $BENCH_SCALE`, starts quartier and nginx (Debian's
# nginx-light, its own configuration in the temporary directory, serving a
# saved copy of the exact bytes of each page quartier answers, with the same
# Content-Type and the same other headers), then loads each server in turn
# with wrk on loopback, with the same settings. Writes bench/results/latest.md
# and bench/results/latest.json, and says whether each figure to reach is met.
#
# It is a measurement: it exits 0 whether the figures are met or not, unless
# BENCH_STRICT=1. A run that is not valid (a server answering something other
# than 2xx, socket errors or timeouts under load, nginx not serving the same
# bytes, a page that changes during the run, quartier logging an error or not
# exiting 0 at SIGTERM, a server that dies) exits 1 in any case. Other work on
# the machine skews the figures: the CPU idle before the run and the CPU used
# by other processes during the load are measured and reported.
#
# Settings (environment):
#   BENCH_SCALE=20       quartier demo --scale N (1..1000)
#   BENCH_SECONDS=10     length of each measured wrk run
#   BENCH_WARMUP=2       length of the warm-up run before each measured run
#   BENCH_ROUNDS=3       rounds per page, alternating quartier and nginx; the
#                        table shows the median of the rounds (the machine may
#                        be shared: one round can be unlucky)
#   BENCH_CONNECTIONS=32 wrk -c
#   BENCH_API_CONNECTIONS=8 wrk -c for the reports' endpoints (answers of up
#                        to 1.5 MB, asked by programs and the back office)
#   BENCH_BILAN_CONNECTIONS=1 wrk -c for the bilan de la concertation
#                        (bench/bilan.sh: one officer opening it; p99 < 1 s)
#   BENCH_WRK_THREADS=1  wrk -t
#   BENCH_THREADS=nproc  quartier serve --threads (nginx has worker_processes auto)
#   BENCH_PORT=18480     first port tried for quartier (nginx takes the next free one)
#   BENCH_STRICT=1       exit 2 when a figure to reach is missed
#   BENCH_KEEP=1         keep the temporary directory (database, logs, configs)
#   BENCH_SKIP_DEPS=1    do not run scripts/install-deps.sh bench
#
# Only the processes it starts are stopped, by their process ids.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

# Pages measured: "name|path". Each is fetched from quartier, saved, and
# served by nginx as a static file. The reports' endpoints (Open311 list,
# GeoJSON of a sector, staff list of overdue reports) are measured on
# quartier alone further down (ENDPOINTS), with a p99 target of 20 ms.
PAGES=(
	"home|/"
	"project|/projets/mosson"
)

SCALE=${BENCH_SCALE:-20}
SECONDS_RUN=${BENCH_SECONDS:-10}
WARMUP=${BENCH_WARMUP:-2}
ROUNDS=${BENCH_ROUNDS:-3}
CONNS=${BENCH_CONNECTIONS:-32}
API_CONNS=${BENCH_API_CONNECTIONS:-8}
WRK_THREADS=${BENCH_WRK_THREADS:-1}
NPROC=$(nproc)
THREADS=${BENCH_THREADS:-$NPROC}
PORT0=${BENCH_PORT:-18480}
STRICT=${BENCH_STRICT:-0}
KEEP=${BENCH_KEEP:-0}
# Figures to reach (the issue): ratio to nginx, p99 under load, peak RSS.
TARGET_RATIO=0.8
TARGET_P99_MS=10
TARGET_RSS_MB=64 # MiB, compared with VmHWM

for v in SCALE SECONDS_RUN WARMUP ROUNDS CONNS API_CONNS WRK_THREADS THREADS PORT0; do
	case ${!v} in '' | *[!0-9]*) echo "bench: $v must be a whole number (got '${!v}')" >&2; exit 1 ;; esac
done
[ "$ROUNDS" -ge 1 ] && [ "$SECONDS_RUN" -ge 1 ] && [ "$CONNS" -ge 1 ] && [ "$WRK_THREADS" -ge 1 ] && [ "$THREADS" -ge 1 ] ||
	{ echo "bench: BENCH_ROUNDS, BENCH_SECONDS, BENCH_CONNECTIONS, BENCH_WRK_THREADS and BENCH_THREADS must be at least 1" >&2; exit 1; }

say() { printf '== %s\n' "$*"; }
die() { printf 'bench: %s\n' "$*" >&2; exit 1; }

# ---- dependencies and build ----
if [ "${BENCH_SKIP_DEPS:-0}" != 1 ]; then
	say "dependencies (scripts/install-deps.sh bench)"
	./scripts/install-deps.sh bench
fi
# curl fetches the pages; it is not among the build packages.
if ! command -v curl >/dev/null 2>&1; then
	say "installing curl"
	SUDO=""
	[ "$(id -u)" -ne 0 ] && SUDO="sudo"
	$SUDO apt-get update -q >/dev/null
	DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends curl >/dev/null
fi
for tool in wrk nginx curl awk sqlite3; do
	command -v "$tool" >/dev/null 2>&1 || [ -x "/usr/sbin/$tool" ] || die "$tool is missing"
done
NGINX=$(command -v nginx || echo /usr/sbin/nginx)

say "build (make quartier: optimised, no sanitizers)"
${MAKE:-make} --no-print-directory quartier
BIN=$ROOT/quartier

# ---- temporary directory, and cleanup of what this script started ----
T=$(mktemp -d "${TMPDIR:-/tmp}/quartier-bench.XXXXXX")
QPID=""
NPID=""

# Stops one process this script started (signal $2, then KILL after 10 s);
# its exit status goes to STOPPED_RC.
STOPPED_RC=0
stop_pid() {
	local pid=$1 sig=$2 i
	STOPPED_RC=0
	[ -n "$pid" ] || return 0
	kill "-$sig" "$pid" 2>/dev/null || true
	for i in $(seq 100); do
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.1
	done
	if kill -0 "$pid" 2>/dev/null; then
		echo "bench: process $pid did not stop, sending KILL" >&2
		kill -KILL "$pid" 2>/dev/null || true
	fi
	wait "$pid" 2>/dev/null || STOPPED_RC=$?
}

cleanup() {
	local rc=$?
	trap - EXIT INT TERM
	# nginx's workers are its master's children: the master stops them.
	local workers=""
	[ -n "$NPID" ] && workers=$(children_of "$NPID")
	stop_pid "$QPID" TERM
	stop_pid "$NPID" QUIT
	for w in $workers; do
		# Only a worker still running under the master we started (its parent is
		# gone now, so check the command line as well).
		if [ -r "/proc/$w/cmdline" ] && tr '\0' ' ' <"/proc/$w/cmdline" | grep -q '^nginx: worker'; then
			kill -KILL "$w" 2>/dev/null || true
		fi
	done
	if [ "$KEEP" = 1 ]; then
		echo "bench: temporary files kept in $T"
	else
		rm -rf "$T"
	fi
	exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# The process ids whose parent is $1 (no procps needed).
children_of() {
	local f stat
	for f in /proc/[0-9]*/stat; do
		stat=$(cat "$f" 2>/dev/null) || continue
		stat=${stat##*) } # after the command name, which may hold spaces
		set -- "$1" $stat
		[ "$3" = "$1" ] && { f=${f#/proc/}; echo "${f%/stat}"; }
	done
	return 0
}

# A free port on 127.0.0.1 from $1 up (nothing answers a connection).
free_port() {
	local p=$1
	while (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; do
		p=$((p + 1))
	done
	echo "$p"
}

# Waits until $1 answers 200 while process $2 ($3, log $4) lives.
wait_up() {
	local url=$1 pid=$2 what=$3 log=$4 i
	for i in $(seq 150); do
		if ! kill -0 "$pid" 2>/dev/null; then
			tail -20 "$log" >&2
			die "$what exited at start-up"
		fi
		[ "$(curl -s -o /dev/null -w '%{http_code}' "$url" || true)" = 200 ] && return 0
		sleep 0.1
	done
	tail -20 "$log" >&2
	die "$what does not answer on $url"
}

# Percentage of CPU time idle over 2 s: other work on the machine skews the
# figures (see also OTHERS_PCT, during the load).
cpu_idle() {
	local a b
	a=$(awk '$1 == "cpu" { print $5 + $6, $2 + $3 + $4 + $5 + $6 + $7 + $8 + $9 }' /proc/stat)
	sleep 2
	b=$(awk '$1 == "cpu" { print $5 + $6, $2 + $3 + $4 + $5 + $6 + $7 + $8 + $9 }' /proc/stat)
	echo "$a $b" | awk '{ d = $4 - $2; printf "%.0f", (d > 0 ? 100 * ($3 - $1) / d : 100) }'
}
LOADAVG_START=$(cut -d' ' -f1-3 /proc/loadavg)
IDLE_START=$(cpu_idle)
echo "   CPU idle before the run: $IDLE_START % (load average $LOADAVG_START)"

# ---- quartier ----
say "database: quartier demo --scale $SCALE"
"$BIN" demo --scale "$SCALE" --db "$T/bench.db" >"$T/demo.out" 2>&1 || { cat "$T/demo.out" >&2; die "quartier demo failed"; }
grep '^échelle' "$T/demo.out" || true

QPORT=$(free_port "$PORT0")
say "quartier serve --listen 127.0.0.1:$QPORT --threads $THREADS"
# The access log (one line per request, stderr) goes to a file: quartier has
# no switch to turn it off; nginx's is off. Opened for appending, so that it
# can be emptied between runs (see drain_log) and stays small.
: >"$T/quartier.log"
"$BIN" serve --db "$T/bench.db" --listen "127.0.0.1:$QPORT" --threads "$THREADS" \
	--base-url "http://127.0.0.1:$QPORT" >>"$T/quartier.log" 2>&1 &
QPID=$!
wait_up "http://127.0.0.1:$QPORT/healthz" "$QPID" quartier "$T/quartier.log"

# ---- the exact bytes of each page ----
mkdir -p "$T/www"
NPAGES=${#PAGES[@]}
declare -a P_NAME P_PATH P_BYTES P_TYPE
for i in $(seq 0 $((NPAGES - 1))); do
	P_NAME[i]=${PAGES[i]%%|*}
	P_PATH[i]=${PAGES[i]#*|}
	url="http://127.0.0.1:$QPORT${P_PATH[i]}"
	code=$(curl -sS -D "$T/www/p$i.headers" -o "$T/www/p$i.body" -w '%{http_code}' "$url")
	[ "$code" = 200 ] || die "quartier answers $code on ${P_PATH[i]}"
	# The page must be the same bytes each time, or nginx would not serve "the same page".
	curl -sS -o "$T/p$i.again" "$url"
	cmp -s "$T/www/p$i.body" "$T/p$i.again" || echo "bench: warning: ${P_PATH[i]} differs from one request to the next" >&2
	P_BYTES[i]=$(wc -c <"$T/www/p$i.body")
	P_TYPE[i]=$(tr -d '\r' <"$T/www/p$i.headers" | awk -F': ' 'tolower($1) == "content-type" { print $2; exit }')
	[ -n "${P_TYPE[i]}" ] || die "no Content-Type on ${P_PATH[i]}"
	if grep -qi '^set-cookie:' "$T/www/p$i.headers"; then
		echo "bench: note: quartier sets a cookie on ${P_PATH[i]} (not copied to nginx)" >&2
	fi
	echo "   ${P_PATH[i]}: ${P_BYTES[i]} bytes, ${P_TYPE[i]}"
done
# The project page is measured with its timeline: demo --scale adds 4 operations per step.
ops=$(grep -c '<li class="operation"' "$T/www/p1.body" || true)
[ "${P_PATH[1]}" != /projets/mosson ] || [ "$ops" -ge $((4 * (SCALE - 1))) ] ||
	die "/projets/mosson lists $ops operations; expected at least $((4 * (SCALE - 1))) at scale $SCALE"
echo "   /projets/mosson: timeline of $ops operations"

# ---- nginx, serving those files with the same headers ----
NPORT=$(free_port $((QPORT + 1)))
{
	cat <<EOF
# Written by bench/run.sh for one run.
worker_processes auto;
daemon off;
pid $T/nginx.pid;
error_log $T/nginx-error.log warn;
events {
	worker_connections 1024;
}
http {
	access_log off;
	server_tokens off;
	sendfile on;
	tcp_nopush on;
	keepalive_timeout 65;
	keepalive_requests 100000;
	etag off;
	client_body_temp_path $T/nginx-tmp/body;
	proxy_temp_path $T/nginx-tmp/proxy;
	fastcgi_temp_path $T/nginx-tmp/fastcgi;
	uwsgi_temp_path $T/nginx-tmp/uwsgi;
	scgi_temp_path $T/nginx-tmp/scgi;
	server {
		listen 127.0.0.1:$NPORT;
		root $T/www;
		location = /healthz { return 200 "ok\n"; }
EOF
	for i in $(seq 0 $((NPAGES - 1))); do
		printf '\t\tlocation = %s {\n' "${P_PATH[i]}"
		printf '\t\t\ttypes { }\n\t\t\tdefault_type "%s";\n' "${P_TYPE[i]}"
		# quartier's other headers, except those of the connection and the body length.
		tr -d '\r' <"$T/www/p$i.headers" | awk -F': ' '
			NR > 1 && NF >= 2 {
				name = tolower($1)
				if (name ~ /^(date|content-length|content-type|connection|keep-alive|transfer-encoding|server|set-cookie)$/) next
				value = substr($0, length($1) + 3)
				if (value ~ /[$"\\]/) { printf "bench: header %s not copied to nginx\n", $1 > "/dev/stderr"; next }
				printf "\t\t\tadd_header %s \"%s\" always;\n", $1, value
			}'
		printf '\t\t\trewrite ^ /p%d.body break;\n\t\t}\n' "$i"
	done
	printf '\t\tlocation / { return 404; }\n\t}\n}\n'
} >"$T/nginx.conf"
mkdir -p "$T/nginx-tmp"
# nginx's workers run as an unprivileged user: they must be able to read www.
chmod 711 "$T"
chmod 755 "$T/www"
chmod 644 "$T"/www/*
say "nginx (worker_processes auto, access_log off) on 127.0.0.1:$NPORT"
"$NGINX" -t -q -p "$T" -e "$T/nginx-error.log" -c "$T/nginx.conf" || die "nginx refuses the configuration $T/nginx.conf"
"$NGINX" -p "$T" -e "$T/nginx-error.log" -c "$T/nginx.conf" &
NPID=$!
wait_up "http://127.0.0.1:$NPORT/healthz" "$NPID" nginx "$T/nginx-error.log"

PROBLEMS=()
for i in $(seq 0 $((NPAGES - 1))); do
	code=$(curl -sS -D "$T/n$i.headers" -o "$T/n$i.body" -w '%{http_code}' "http://127.0.0.1:$NPORT${P_PATH[i]}")
	[ "$code" = 200 ] || die "nginx answers $code on ${P_PATH[i]}"
	cmp "$T/www/p$i.body" "$T/n$i.body" || die "nginx does not serve the same bytes as quartier on ${P_PATH[i]}"
	ntype=$(tr -d '\r' <"$T/n$i.headers" | awk -F': ' 'tolower($1) == "content-type" { print $2; exit }')
	[ "$ntype" = "${P_TYPE[i]}" ] || die "nginx's Content-Type on ${P_PATH[i]} is '$ntype', quartier's '${P_TYPE[i]}'"
	echo "   ${P_PATH[i]}: nginx serves the same ${P_BYTES[i]} bytes (cmp), Content-Type $ntype"
done

# ---- load ----
# CPU time (clock ticks) of processes, and of the whole machine (busy, total:
# interrupts left out, the loopback traffic's belong to the benchmark).
proc_ticks() {
	local pid stat sum=0
	for pid in "$@"; do
		stat=$(cat "/proc/$pid/stat" 2>/dev/null) || continue
		stat=${stat##*) }
		# shellcheck disable=SC2086 # split on purpose
		set -- $stat
		sum=$((sum + ${12} + ${13}))
	done
	echo "$sum"
}
machine_ticks() { awk '$1 == "cpu" { print $2 + $3 + $4, $2 + $3 + $4 + $5 + $6 + $7 + $8 + $9 }' /proc/stat; }
HZ=$(getconf CLK_TCK)
: >"$T/wrk-cpu"
read -r M0_BUSY M0_TOTAL < <(machine_ticks)
# shellcheck disable=SC2046 # one argument per process id
P0=$(proc_ticks "$QPID" "$NPID" $(children_of "$NPID"))
# Runs wrk (warm-up, then measured run with its output in $2); writes to $3
# "rps p50_ms p99_ms requests bytes_read non2xx errors", where errors =
# connect + read + write + timeout.
# Arguments after the third are given to wrk (e.g. -H "Cookie: …").
measure() {
	local url=$1 out=$2 parsed=$3
	shift 3
	local TIMEFORMAT='%3U %3S' # wrk's own CPU time, for OTHERS_PCT
	if [ "$WARMUP" -gt 0 ]; then
		{ time wrk -t"$WRK_THREADS" -c"${MEASURE_CONNS:-$CONNS}" -d"${WARMUP}s" "$@" "$url" >"$out.warmup" 2>&1; } 2>>"$T/wrk-cpu" ||
			die "wrk failed on $url: $(cat "$out.warmup")"
	fi
	{ time wrk -t"$WRK_THREADS" -c"${MEASURE_CONNS:-$CONNS}" -d"${SECONDS_RUN}s" --latency "$@" "$url" >"$out" 2>&1; } 2>>"$T/wrk-cpu" ||
		die "wrk failed on $url: $(cat "$out")"
	grep -q '^Requests/sec:' "$out" || die "no result from wrk on $url: $(cat "$out")"
	awk '
		function ms(v,   n, u) {
			n = v + 0; u = v; sub(/^[0-9.]+/, "", u)
			if (u == "us") return n / 1000
			if (u == "ms") return n
			if (u == "s") return n * 1000
			if (u == "m") return n * 60000
			if (u == "h") return n * 3600000
			return -1
		}
		function bytes(v,   n, u) {
			n = v + 0; u = v; sub(/^[0-9.]+/, "", u)
			if (u == "B") return n
			if (u == "KB") return n * 1024
			if (u == "MB") return n * 1048576
			if (u == "GB") return n * 1073741824
			return -1
		}
		$1 == "50%" { p50 = ms($2) }
		$1 == "99%" { p99 = ms($2) }
		/requests in/ { req = $1; rd = bytes($5) }
		/^Requests\/sec:/ { rps = $2 }
		/Non-2xx or 3xx responses:/ { non2xx = $NF }
		/Socket errors:/ { gsub(/,/, ""); err = $4 + $6 + $8 + $10 }
		END { printf "%s %.3f %.3f %d %.0f %d %d\n", rps, p50, p99, req, rd, non2xx + 0, err + 0 }
	' "$out" >"$parsed"
}

# Counts the statuses and other messages of quartier's log into
# $T/quartier.counts, then empties the log (quartier appends: O_APPEND).
: >"$T/quartier.counts"
drain_log() {
	awk '$3 == "access" { print "status", $7; next } { $1 = ""; print "other", $0 }' "$T/quartier.log" |
		sort | uniq -c >>"$T/quartier.counts"
	: >"$T/quartier.log"
}

# Medians over the rounds of the parsed lines in the files given; prints
# "rps p50 p99 requests bytes_read non2xx errors rps_min rps_max" (requests,
# bytes, non-2xx and errors are summed).
aggregate() {
	cat "$@" | awk '
		function median(col,   i, j, v, a, m) {
			for (i = 1; i <= n; i++) a[i] = x[i, col] + 0
			for (i = 2; i <= n; i++) { v = a[i]; for (j = i - 1; j >= 1 && a[j] > v; j--) a[j + 1] = a[j]; a[j + 1] = v }
			m = int((n + 1) / 2)
			return (n % 2) ? a[m] : (a[m] + a[m + 1]) / 2
		}
		{ n++; for (c = 1; c <= 7; c++) x[n, c] = $c; req += $4; rd += $5; non += $6; err += $7
		  if (n == 1 || $1 < lo) lo = $1; if (n == 1 || $1 > hi) hi = $1 }
		END { printf "%.2f %.3f %.3f %d %.0f %d %d %.2f %.2f\n", median(1), median(2), median(3), req, rd, non, err, lo, hi }'
}

declare -a Q_RPS Q_P50 Q_P99 Q_REQ Q_AVG Q_NON Q_ERR Q_LO Q_HI N_RPS N_P50 N_P99 N_REQ N_AVG N_NON N_ERR N_LO N_HI RATIO
for i in $(seq 0 $((NPAGES - 1))); do
	say "${P_NAME[i]} (${P_PATH[i]}): $ROUNDS × (quartier, then nginx): wrk -t$WRK_THREADS -c$CONNS -d${SECONDS_RUN}s --latency, after ${WARMUP} s of warm-up"
	for r in $(seq "$ROUNDS"); do
		measure "http://127.0.0.1:$QPORT${P_PATH[i]}" "$T/wrk-quartier-$i-$r.txt" "$T/q$i-$r.parsed"
		kill -0 "$QPID" 2>/dev/null || die "quartier died under load"
		drain_log
		measure "http://127.0.0.1:$NPORT${P_PATH[i]}" "$T/wrk-nginx-$i-$r.txt" "$T/n$i-$r.parsed"
		kill -0 "$NPID" 2>/dev/null || die "nginx died under load"
		printf '   round %d: quartier %9.0f req/s, p99 %7.2f ms; nginx %9.0f req/s, p99 %7.2f ms\n' "$r" \
			"$(cut -d' ' -f1 "$T/q$i-$r.parsed")" "$(cut -d' ' -f3 "$T/q$i-$r.parsed")" \
			"$(cut -d' ' -f1 "$T/n$i-$r.parsed")" "$(cut -d' ' -f3 "$T/n$i-$r.parsed")"
	done
	aggregate "$T/q$i"-*.parsed >"$T/q$i.parsed"
	aggregate "$T/n$i"-*.parsed >"$T/n$i.parsed"
	read -r "Q_RPS[i]" "Q_P50[i]" "Q_P99[i]" "Q_REQ[i]" qread "Q_NON[i]" "Q_ERR[i]" "Q_LO[i]" "Q_HI[i]" <"$T/q$i.parsed"
	read -r "N_RPS[i]" "N_P50[i]" "N_P99[i]" "N_REQ[i]" nread "N_NON[i]" "N_ERR[i]" "N_LO[i]" "N_HI[i]" <"$T/n$i.parsed"
	Q_AVG[i]=$(awk -v b="$qread" -v n="${Q_REQ[i]}" 'BEGIN { printf "%.0f", (n ? b / n : 0) }')
	N_AVG[i]=$(awk -v b="$nread" -v n="${N_REQ[i]}" 'BEGIN { printf "%.0f", (n ? b / n : 0) }')
	RATIO[i]=$(awk -v q="${Q_RPS[i]}" -v n="${N_RPS[i]}" 'BEGIN { printf "%.2f", (n > 0 ? q / n : 0) }')
	printf '   median: quartier %s req/s, p50 %s ms, p99 %s ms; nginx %s req/s, p50 %s ms, p99 %s ms; ratio %s\n' \
		"${Q_RPS[i]}" "${Q_P50[i]}" "${Q_P99[i]}" "${N_RPS[i]}" "${N_P50[i]}" "${N_P99[i]}" "${RATIO[i]}"
	for s in Q N; do
		srv=quartier
		[ "$s" = N ] && srv=nginx
		non="${s}_NON[$i]" err="${s}_ERR[$i]" avg="${s}_AVG[$i]"
		[ "${!non}" = 0 ] || PROBLEMS+=("$srv answered ${!non} non-2xx/3xx responses on ${P_PATH[i]}")
		[ "${!err}" = 0 ] || PROBLEMS+=("$srv: ${!err} socket errors (connect/read/write/timeout) on ${P_PATH[i]}: $(grep -h 'Socket errors' "$T/wrk-$srv-$i"-*.txt | sed 's/^ *//' | tr '\n' ';')")
		# Each response (headers and body) must weigh at least the page.
		[ "${!avg}" -ge "${P_BYTES[i]}" ] || PROBLEMS+=("$srv: responses of ~${!avg} bytes on ${P_PATH[i]}, smaller than the ${P_BYTES[i]}-byte page")
	done
done

# ---- endpoints of the reports (issue 5), on quartier alone ----
# Measured at scale 20 (at least 1,000,000 reports), not compared with nginx:
# the Open311 list of a frequent service code over 90 days, the GeoJSON of a
# sector over a month, and the staff list of overdue reports (logged in).
# Parameters come from the database itself; each endpoint must answer 200
# (before and after the load) or the run is not valid.
sqlq() { sqlite3 -readonly "$T/bench.db" "$1"; }
N_REPORTS=$(sqlq "SELECT count(*) FROM report")
echo "   reports in the database: $N_REPORTS"
[ "$SCALE" -lt 20 ] || [ "$N_REPORTS" -ge 1000000 ] || die "only $N_REPORTS reports at scale $SCALE (at least 1,000,000 expected)"
A_CODE=$(sqlq "SELECT c.code FROM report r JOIN report_category c ON c.id = r.category_id GROUP BY c.id ORDER BY count(*) DESC LIMIT 1")
A_END=$(sqlq "SELECT max(created_at) FROM report")
A_START=$(sqlq "SELECT strftime('%Y-%m-%dT%H:%M:%SZ', max(created_at), '-90 days') FROM report")
A_SLUG=$(sqlq "SELECT s.slug FROM report r JOIN sector s ON s.id = r.sector_id GROUP BY s.id ORDER BY count(*) DESC LIMIT 1")
A_DU=$(sqlq "SELECT date(max(created_at), 'start of month', '-1 month') FROM report")
A_AU=$(sqlq "SELECT date(max(created_at), 'start of month', '-1 day') FROM report")
A_OVERDUE=$(sqlq "SELECT count(*) FROM report WHERE status IN ('new', 'routed', 'acknowledged', 'scheduled', 'in_progress') AND due_at < strftime('%Y-%m-%dT%H:%M:%SZ', 'now')")
echo "   service_code $A_CODE ($A_START .. $A_END); sector $A_SLUG ($A_DU .. $A_AU); $A_OVERDUE overdue reports"
# A staff session: log in with curl, keep the cookies for wrk.
JAR=$T/staff.cookies
QBASE=http://127.0.0.1:$QPORT
login_csrf=$(curl -sS -c "$JAR" -b "$JAR" "$QBASE/connexion" | grep -o 'name="csrf" value="[^"]*"' | head -1 | sed 's/.*value="//; s/"$//')
[ -n "$login_csrf" ] || die "no CSRF token on /connexion"
code=$(curl -sS -o /dev/null -w '%{http_code}' -c "$JAR" -b "$JAR" --data-urlencode "csrf=$login_csrf" \
	--data-urlencode "email=staff@demo.test" --data-urlencode "password=quartier-demo" "$QBASE/connexion")
[ "$code" = 303 ] || die "staff login answers $code (303 expected)"
STAFF_COOKIE=$(awk -F'\t' 'NF >= 7 && ($0 !~ /^#/ || $0 ~ /^#HttpOnly_/) { printf "%s%s=%s", (n++ ? "; " : ""), $6, $7 }' "$JAR")
[ -n "$STAFF_COOKIE" ] || die "no session cookie after the staff login"
# "name|path|cookie (0 or 1)"
ENDPOINTS=(
	"open311|/open311/v2/requests.json?service_code=$A_CODE&start_date=$A_START&end_date=$A_END|0"
	"geojson|/signalements.geojson?secteur=$A_SLUG&du=$A_DU&au=$A_AU|0"
	"overdue|/gestion/signalements?retard=1|1"
)
TARGET_API_P99_MS=20
NAPI=${#ENDPOINTS[@]}
declare -a E_NAME E_PATH E_AUTH E_BYTES E_RPS E_P50 E_P99 E_NON E_ERR E_OK
# Fetches an endpoint; prints its status, writes its body to $2.
fetch_endpoint() {
	local i=$1 body=$2
	if [ "${E_AUTH[i]}" = 1 ]; then
		curl -sS -o "$body" -w '%{http_code}' -H "Cookie: $STAFF_COOKIE" "$QBASE${E_PATH[i]}"
	else
		curl -sS -o "$body" -w '%{http_code}' "$QBASE${E_PATH[i]}"
	fi
}
for i in $(seq 0 $((NAPI - 1))); do
	IFS='|' read -r "E_NAME[i]" "E_PATH[i]" "E_AUTH[i]" <<<"${ENDPOINTS[i]}"
	code=$(fetch_endpoint "$i" "$T/e$i.body")
	[ "$code" = 200 ] || die "quartier answers $code on ${E_PATH[i]} (200 expected): $(head -c 300 "$T/e$i.body")"
	E_BYTES[i]=$(wc -c <"$T/e$i.body")
	echo "   ${E_PATH[i]}: ${E_BYTES[i]} bytes"
done
for i in $(seq 0 $((NAPI - 1))); do
	say "${E_NAME[i]} (${E_PATH[i]}): $ROUNDS rounds on quartier alone: wrk -t$WRK_THREADS -c$API_CONNS -d${SECONDS_RUN}s --latency"
	extra=()
	[ "${E_AUTH[i]}" = 1 ] && extra=(-H "Cookie: $STAFF_COOKIE")
	for r in $(seq "$ROUNDS"); do
		MEASURE_CONNS=$API_CONNS measure "$QBASE${E_PATH[i]}" "$T/wrk-endpoint-$i-$r.txt" "$T/e$i-$r.parsed" "${extra[@]}"
		kill -0 "$QPID" 2>/dev/null || die "quartier died under load"
		drain_log
		printf '   round %d: %9.0f req/s, p99 %7.2f ms\n' "$r" "$(cut -d' ' -f1 "$T/e$i-$r.parsed")" "$(cut -d' ' -f3 "$T/e$i-$r.parsed")"
	done
	aggregate "$T/e$i"-*.parsed >"$T/e$i.parsed"
	read -r "E_RPS[i]" "E_P50[i]" "E_P99[i]" _ _ "E_NON[i]" "E_ERR[i]" _ _ <"$T/e$i.parsed"
	[ "${E_NON[i]}" = 0 ] || PROBLEMS+=("quartier answered ${E_NON[i]} non-2xx/3xx responses on ${E_PATH[i]}")
	[ "${E_ERR[i]}" = 0 ] || PROBLEMS+=("quartier: ${E_ERR[i]} socket errors on ${E_PATH[i]}")
	code=$(fetch_endpoint "$i" "$T/e$i.after")
	[ "$code" = 200 ] || PROBLEMS+=("quartier answers $code on ${E_PATH[i]} after the load (200 expected)")
	E_OK[i]=$(awk -v p="${E_P99[i]}" -v t="$TARGET_API_P99_MS" 'BEGIN { print ((p < t) ? "true" : "false") }')
	printf '   median: %s req/s, p50 %s ms, p99 %s ms\n' "${E_RPS[i]}" "${E_P50[i]}" "${E_P99[i]}"
done

# ---- the bilan de la concertation (issue 6), on quartier alone: bench/bilan.sh ----
# shellcheck source=bench/bilan.sh
. "$ROOT/bench/bilan.sh"
bench_bilan

# The share of the machine that other processes used during the load: busy
# time, less that of quartier, nginx and wrk.
read -r M1_BUSY M1_TOTAL < <(machine_ticks)
# shellcheck disable=SC2046 # one argument per process id
P1=$(proc_ticks "$QPID" "$NPID" $(children_of "$NPID"))
OTHERS_PCT=$(awk -v hz="$HZ" -v b="$((M1_BUSY - M0_BUSY))" -v t="$((M1_TOTAL - M0_TOTAL))" -v p="$((P1 - P0))" '
	{ w += ($1 + $2) * hz }
	END { o = b - p - w; if (o < 0) o = 0; printf "%.0f", (t > 0 ? 100 * o / t : 0) }' "$T/wrk-cpu")
echo "   CPU used by other processes during the load: $OTHERS_PCT % of the machine"

# Peak resident memory, read before the servers stop.
RSS_KB=$(awk '/^VmHWM:/ { print $2 }' "/proc/$QPID/status")
NGINX_RSS_KB=0
NCHILDREN=$(children_of "$NPID")
for pid in "$NPID" $NCHILDREN; do
	kb=$(awk '/^VmHWM:/ { print $2 }' "/proc/$pid/status" 2>/dev/null || echo 0)
	NGINX_RSS_KB=$((NGINX_RSS_KB + ${kb:-0}))
done
NWORKERS=$(echo "$NCHILDREN" | wc -w)
# The page must not have changed under load (nginx served the first copy).
for i in $(seq 0 $((NPAGES - 1))); do
	curl -sS -o "$T/p$i.after" "http://127.0.0.1:$QPORT${P_PATH[i]}"
	cmp -s "$T/www/p$i.body" "$T/p$i.after" || PROBLEMS+=("quartier's ${P_PATH[i]} changed during the run")
done
drain_log
# What quartier's log says: the statuses it sent, and any other message.
Q_STATUSES=$(awk '$2 == "status" { n[$3] += $1 } END { for (s in n) printf "%s%s×%d", (k++ ? ", " : ""), s, n[s] }' "$T/quartier.counts")
Q_ERRORS=$(awk '$2 == "other" && $3 != "info" { $2 = ""; print }' "$T/quartier.counts")
if [ -n "$Q_ERRORS" ]; then
	echo "bench: quartier logged errors (count, message):" >&2
	echo "$Q_ERRORS" | head -20 >&2
	PROBLEMS+=("quartier logged errors: $(echo "$Q_ERRORS" | head -3 | tr '\n' ';')")
fi

stop_pid "$QPID" TERM
QEXIT=$STOPPED_RC
[ "$QEXIT" = 0 ] || PROBLEMS+=("quartier exited with status $QEXIT at SIGTERM")
QPID=""
stop_pid "$NPID" QUIT
NPID=""
LOADAVG_END=$(cut -d' ' -f1-3 /proc/loadavg)
# Busy: other processes took a quarter of the CPUs before the run, or a tenth during the load.
BUSY=$(awk -v a="$IDLE_START" -v o="$OTHERS_PCT" 'BEGIN { print ((a < 75 || o > 10) ? "yes" : "no") }')
if [ "$BUSY" = yes ]; then
	echo "bench: warning: the machine was busy (CPU idle $IDLE_START % before the run; other processes used $OTHERS_PCT % of it during the load): the figures are skewed" >&2
fi

# ---- the figures to reach ----
RSS_MB=$(awk -v k="$RSS_KB" 'BEGIN { printf "%.1f", k / 1024 }')
NGINX_RSS_MB=$(awk -v k="$NGINX_RSS_KB" 'BEGIN { printf "%.1f", k / 1024 }')
MISSED=()
declare -a OK_RATIO OK_P99
for i in $(seq 0 $((NPAGES - 1))); do
	OK_RATIO[i]=$(awk -v q="${Q_RPS[i]}" -v n="${N_RPS[i]}" -v t="$TARGET_RATIO" 'BEGIN { print ((q >= t * n) ? "true" : "false") }')
	OK_P99[i]=$(awk -v p="${Q_P99[i]}" -v t="$TARGET_P99_MS" 'BEGIN { print ((p < t) ? "true" : "false") }')
	[ "${OK_RATIO[i]}" = true ] || MISSED+=("${P_NAME[i]}: quartier/nginx ${RATIO[i]} < $TARGET_RATIO")
	[ "${OK_P99[i]}" = true ] || MISSED+=("${P_NAME[i]}: quartier p99 ${Q_P99[i]} ms ≥ $TARGET_P99_MS ms")
done
for i in $(seq 0 $((NAPI - 1))); do
	[ "${E_OK[i]}" = true ] || MISSED+=("${E_NAME[i]}: quartier p99 ${E_P99[i]} ms ≥ $TARGET_API_P99_MS ms")
done
[ "$B_OK" = true ] || MISSED+=("bilan: quartier p99 $B_P99 ms ≥ $TARGET_BILAN_P99_MS ms")
OK_RSS=$(awk -v k="$RSS_KB" -v t="$TARGET_RSS_MB" 'BEGIN { print ((k < t * 1024) ? "true" : "false") }')
[ "$OK_RSS" = true ] || MISSED+=("quartier peak RSS $RSS_MB MiB ≥ $TARGET_RSS_MB MiB")
VALID=true
[ ${#PROBLEMS[@]} -eq 0 ] || VALID=false

# ---- the machine ----
DATE=$(date -u +%Y-%m-%dT%H:%M:%SZ)
CPU=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)
[ -n "$CPU" ] || CPU=$(uname -m)
KERNEL=$(uname -sr)
OS=$(. /etc/os-release 2>/dev/null && echo "${PRETTY_NAME:-}")
MEM_MB=$(awk '/^MemTotal:/ { printf "%d", $2 / 1024 }' /proc/meminfo)
V_QUARTIER=$("$BIN" version)
V_NGINX=$("$NGINX" -v 2>&1 | sed 's/^nginx version: //')
V_WRK=$( (wrk -v 2>&1 || true) | awk 'NR == 1 { print $1, $2 }')
yn() { [ "$1" = true ] && echo "yes" || echo "**no**"; }

# ---- bench/results/latest.md ----
mkdir -p bench/results
MD=bench/results/latest.md
{
	echo "# quartier benchmark — $DATE"
	echo
	echo "Same page bytes from quartier and from nginx (static file, same Content-Type and headers),"
	echo "loopback, one server after the other: \`wrk -t$WRK_THREADS -c$CONNS -d${SECONDS_RUN}s --latency\` after ${WARMUP} s of warm-up,"
	echo "$ROUNDS rounds per page alternating quartier and nginx; each figure is the median of the rounds."
	echo
	echo "| page | bytes | quartier req/s | nginx req/s | quartier / nginx | quartier p50 | quartier p99 | nginx p50 | nginx p99 |"
	echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|"
	for i in $(seq 0 $((NPAGES - 1))); do
		printf '| %s `%s` | %s | %.0f | %.0f | %s | %.2f ms | %.2f ms | %.2f ms | %.2f ms |\n' \
			"${P_NAME[i]}" "${P_PATH[i]}" "${P_BYTES[i]}" "${Q_RPS[i]}" "${N_RPS[i]}" "${RATIO[i]}" \
			"${Q_P50[i]}" "${Q_P99[i]}" "${N_P50[i]}" "${N_P99[i]}"
	done
	echo
	for i in $(seq 0 $((NPAGES - 1))); do
		printf -- '- %s: req/s over the rounds, quartier %.0f–%.0f, nginx %.0f–%.0f; %s + %s requests, ~%s + ~%s bytes per response with headers (quartier + nginx).\n' \
			"${P_NAME[i]}" "${Q_LO[i]}" "${Q_HI[i]}" "${N_LO[i]}" "${N_HI[i]}" "${Q_REQ[i]}" "${N_REQ[i]}" "${Q_AVG[i]}" "${N_AVG[i]}"
	done
	echo
	echo "Endpoints of the reports, on quartier alone (not compared with nginx), $N_REPORTS reports: \`wrk -t$WRK_THREADS -c$API_CONNS -d${SECONDS_RUN}s --latency\`"
	echo "after ${WARMUP} s of warm-up, $ROUNDS rounds, medians. $API_CONNS connections (\`BENCH_API_CONNECTIONS\`): these answers weigh up to 1.5 MB and are"
	echo "asked by programs and the back office; with 32 connections on 2 CPUs their p99 is the queue of 32 such copies."
	echo
	echo "| endpoint | bytes | quartier req/s | p50 | p99 | p99 < $TARGET_API_P99_MS ms |"
	echo "|---|---:|---:|---:|---:|---|"
	for i in $(seq 0 $((NAPI - 1))); do
		printf '| %s `%s` | %s | %.0f | %.2f ms | %.2f ms | %s |\n' "${E_NAME[i]}" "${E_PATH[i]}" "${E_BYTES[i]}" \
			"${E_RPS[i]}" "${E_P50[i]}" "${E_P99[i]}" "$(yn "${E_OK[i]}")"
	done
	echo
	echo "The overdue list is asked with a staff session cookie (logged in with curl first); $A_OVERDUE reports were overdue."
	echo
	echo "The bilan de la concertation of $B_SLUG over its $B_CONTRIBUTIONS contributions (a draft, computed at each request), with a staff session:"
	echo "\`wrk -t1 -c$BILAN_CONNS -d${SECONDS_RUN}s --latency\` (\`BENCH_BILAN_CONNECTIONS\`), $ROUNDS rounds, medians."
	echo
	echo "| page | bytes | req/s | p50 | p99 | p99 < $TARGET_BILAN_P99_MS ms |"
	echo "|---|---:|---:|---:|---:|---|"
	printf '| bilan `%s` | %s | %.1f | %.2f ms | %.2f ms | %s |\n' "$B_PATH" "$B_BYTES" "$B_RPS" "$B_P50" "$B_P99" "$(yn "$B_OK")"
	echo
	echo "Peak RSS (VmHWM): quartier **$RSS_MB MiB**; nginx $NGINX_RSS_MB MiB (master and $NWORKERS workers, summed)."
	echo
	echo "Figures to reach:"
	echo
	for i in $(seq 0 $((NPAGES - 1))); do
		echo "- ${P_NAME[i]}: quartier ≥ $TARGET_RATIO × nginx req/s — $(yn "${OK_RATIO[i]}") (${RATIO[i]}); p99 < $TARGET_P99_MS ms — $(yn "${OK_P99[i]}") ($(printf '%.2f' "${Q_P99[i]}") ms)"
	done
	echo "- peak RSS < $TARGET_RSS_MB MiB — $(yn "$OK_RSS") ($RSS_MB MiB)"
	echo
	if [ "$VALID" = true ]; then
		echo "Run valid: every response 2xx, no socket error or timeout, nginx served the same bytes (\`cmp\`)."
	else
		echo "**Run NOT valid:**"
		for p in "${PROBLEMS[@]}"; do echo "- $p"; done
	fi
	echo
	if [ "$BUSY" = yes ]; then
		echo "**The machine was busy** (CPU idle $IDLE_START % before the run; other processes used $OTHERS_PCT % of it during the load): they competed with the servers and wrk."
		echo
	fi
	echo "Machine: $NPROC CPUs, $CPU, $MEM_MB MiB RAM, $KERNEL, $OS; CPU idle $IDLE_START % before the run, $OTHERS_PCT % used by other processes during the load (load average ${LOADAVG_START} before, ${LOADAVG_END} after)."
	echo "Versions: $V_QUARTIER; nginx $V_NGINX (nginx-light, \`worker_processes auto\`, \`access_log off\`, \`keepalive_requests 100000\`, sendfile); $V_WRK."
	echo "Settings: \`quartier demo --scale $SCALE\`; \`quartier serve --threads $THREADS\` (access log to a file); wrk $WRK_THREADS thread, $CONNS connections, ${SECONDS_RUN} s, warm-up ${WARMUP} s, $ROUNDS rounds."
	echo "Statuses in quartier's access log: ${Q_STATUSES:-none}."
} >"$MD.tmp"
mv "$MD.tmp" "$MD"

# ---- bench/results/latest.json ----
js() { printf '"%s"' "$(printf '%s' "$1" | sed 's/\\/\\\\/g; s/"/\\"/g' | tr -d '\000-\037')"; }
JS=bench/results/latest.json
{
	printf '{\n  "date": %s,\n' "$(js "$DATE")"
	printf '  "valid": %s,\n' "$VALID"
	printf '  "problems": ['
	for k in "${!PROBLEMS[@]}"; do printf '%s%s' "$([ "$k" -gt 0 ] && echo ', ')" "$(js "${PROBLEMS[k]}")"; done
	printf '],\n'
	printf '  "machine": {"nproc": %s, "cpu": %s, "mem_mb": %s, "kernel": %s, "os": %s, "loadavg_before": %s, "loadavg_after": %s, "cpu_idle_before_pct": %s, "others_cpu_during_load_pct": %s, "busy": %s},\n' \
		"$NPROC" "$(js "$CPU")" "$MEM_MB" "$(js "$KERNEL")" "$(js "$OS")" "$(js "$LOADAVG_START")" "$(js "$LOADAVG_END")" "$IDLE_START" "$OTHERS_PCT" "$([ "$BUSY" = yes ] && echo true || echo false)"
	printf '  "versions": {"quartier": %s, "nginx": %s, "wrk": %s},\n' "$(js "$V_QUARTIER")" "$(js "$V_NGINX")" "$(js "$V_WRK")"
	printf '  "settings": {"scale": %s, "quartier_threads": %s, "nginx_worker_processes": "auto", "nginx_workers": %s, "wrk_threads": %s, "connections": %s, "endpoint_connections": %s, "seconds": %s, "warmup_seconds": %s, "rounds": %s},\n' \
		"$SCALE" "$THREADS" "$NWORKERS" "$WRK_THREADS" "$CONNS" "$API_CONNS" "$SECONDS_RUN" "$WARMUP" "$ROUNDS"
	printf '  "pages": [\n'
	for i in $(seq 0 $((NPAGES - 1))); do
		printf '    {"name": %s, "path": %s, "bytes": %s, "content_type": %s, "ratio": %s,\n' \
			"$(js "${P_NAME[i]}")" "$(js "${P_PATH[i]}")" "${P_BYTES[i]}" "$(js "${P_TYPE[i]}")" "${RATIO[i]}"
		printf '     "quartier": {"requests_per_s": %s, "requests_per_s_min": %s, "requests_per_s_max": %s, "p50_ms": %s, "p99_ms": %s, "requests": %s, "bytes_per_response": %s, "non_2xx_3xx": %s, "socket_errors": %s},\n' \
			"${Q_RPS[i]}" "${Q_LO[i]}" "${Q_HI[i]}" "${Q_P50[i]}" "${Q_P99[i]}" "${Q_REQ[i]}" "${Q_AVG[i]}" "${Q_NON[i]}" "${Q_ERR[i]}"
		printf '     "nginx": {"requests_per_s": %s, "requests_per_s_min": %s, "requests_per_s_max": %s, "p50_ms": %s, "p99_ms": %s, "requests": %s, "bytes_per_response": %s, "non_2xx_3xx": %s, "socket_errors": %s},\n' \
			"${N_RPS[i]}" "${N_LO[i]}" "${N_HI[i]}" "${N_P50[i]}" "${N_P99[i]}" "${N_REQ[i]}" "${N_AVG[i]}" "${N_NON[i]}" "${N_ERR[i]}"
		printf '     "targets_met": {"ratio": %s, "p99": %s}}%s\n' "${OK_RATIO[i]}" "${OK_P99[i]}" "$([ "$i" -lt $((NPAGES - 1)) ] && echo ,)"
	done
	printf '  ],\n'
	printf '  "reports": %s,\n  "endpoints": [\n' "$N_REPORTS"
	for i in $(seq 0 $((NAPI - 1))); do
		printf '    {"name": %s, "path": %s, "bytes": %s, "requests_per_s": %s, "p50_ms": %s, "p99_ms": %s, "non_2xx_3xx": %s, "socket_errors": %s, "p99_target_ms": %s, "p99_met": %s}%s\n' \
			"$(js "${E_NAME[i]}")" "$(js "${E_PATH[i]}")" "${E_BYTES[i]}" "${E_RPS[i]}" "${E_P50[i]}" "${E_P99[i]}" \
			"${E_NON[i]}" "${E_ERR[i]}" "$TARGET_API_P99_MS" "${E_OK[i]}" "$([ "$i" -lt $((NAPI - 1)) ] && echo ,)"
	done
	printf '  ],\n'
	printf '  "bilan": {"path": %s, "project": %s, "contributions": %s, "bytes": %s, "connections": %s, "requests_per_s": %s, "p50_ms": %s, "p99_ms": %s, "non_2xx_3xx": %s, "socket_errors": %s, "p99_target_ms": %s, "p99_met": %s},\n' \
		"$(js "$B_PATH")" "$(js "$B_SLUG")" "$B_CONTRIBUTIONS" "$B_BYTES" "$BILAN_CONNS" "$B_RPS" "$B_P50" "$B_P99" "$B_NON" "$B_ERR" "$TARGET_BILAN_P99_MS" "$B_OK"
	printf '  "quartier_peak_rss_kb": %s,\n  "nginx_peak_rss_kb": %s,\n' "$RSS_KB" "$NGINX_RSS_KB"
	printf '  "targets": {"ratio_min": %s, "p99_max_ms": %s, "rss_max_mib": %s, "rss_met": %s, "all_met": %s}\n}\n' \
		"$TARGET_RATIO" "$TARGET_P99_MS" "$TARGET_RSS_MB" "$OK_RSS" "$([ ${#MISSED[@]} -eq 0 ] && echo true || echo false)"
} >"$JS.tmp"
mv "$JS.tmp" "$JS"

# ---- verdict ----
echo
cat "$MD"
echo
if [ ${#PROBLEMS[@]} -gt 0 ]; then
	say "RUN NOT VALID:"
	for p in "${PROBLEMS[@]}"; do echo "   - $p"; done
	exit 1
fi
if [ ${#MISSED[@]} -eq 0 ]; then
	say "every figure to reach is met"
else
	say "figures to reach MISSED:"
	for m in "${MISSED[@]}"; do echo "   - $m"; done
	if [ "$STRICT" = 1 ]; then
		exit 2
	fi
	echo "   (a measurement: exit 0; BENCH_STRICT=1 makes a miss fail)"
fi
