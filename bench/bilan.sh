# bench/bilan.sh — sourced by bench/run.sh: the bilan de la concertation
# (issue 6) of the project with the most contributions, over all of them
# (at least 100,000 at scale 20), measured on quartier alone with a staff
# session, against the issue's figure: rendered in under a second (p99).
#
# The bilan's row is written with sqlite3 (like a staff member creating it
# at /equipe/bilans/nouveau): project, and the period from its first to its
# last contribution. A draft: its figures are computed at each request
# (aggregate SQL over the covering index of migration 0013), never cached.
#
# Uses run.sh's T, QBASE, STAFF_COOKIE, ROUNDS, SECONDS_RUN, WRK_THREADS,
# PROBLEMS, measure, aggregate, drain_log, sqlq, die. Sets B_* for the
# results. BENCH_BILAN_CONNECTIONS (1): one officer opening the bilan; with
# more connections than CPUs p99 is the wait behind the others' renders.
BILAN_CONNS=${BENCH_BILAN_CONNECTIONS:-1}
TARGET_BILAN_P99_MS=1000

bench_bilan() {
	case $BILAN_CONNS in '' | *[!0-9]* | 0) die "BENCH_BILAN_CONNECTIONS must be at least 1 (got '$BILAN_CONNS')" ;; esac
	local project
	project=$(sqlq "SELECT project_id FROM contribution GROUP BY project_id ORDER BY count(*) DESC LIMIT 1")
	[ -n "$project" ] || die "no contribution in the database: no bilan to measure"
	B_CONTRIBUTIONS=$(sqlq "SELECT count(*) FROM contribution WHERE project_id = $project AND moderation <> 'rejected'")
	B_SLUG=$(sqlq "SELECT slug FROM project WHERE id = $project")
	if [ "$B_CONTRIBUTIONS" -lt 100000 ]; then
		echo "bench: warning: the bilan of $B_SLUG covers $B_CONTRIBUTIONS contributions (fewer than the 100,000 of the issue)" >&2
	fi
	B_ID=$(sqlite3 -cmd '.timeout 10000' "$T/bench.db" "INSERT INTO consultation_report (project_id, title, period_start,
		period_end, created_at, updated_at) SELECT project_id, 'Bilan du banc d''essai', min(received_on), max(received_on),
		strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), strftime('%Y-%m-%dT%H:%M:%SZ', 'now') FROM contribution WHERE project_id = $project
		RETURNING id;")
	B_PATH=/equipe/bilans/$B_ID
	local code
	code=$(curl -sS -o "$T/bilan.body" -w '%{http_code}' -H "Cookie: $STAFF_COOKIE" "$QBASE$B_PATH")
	[ "$code" = 200 ] || die "quartier answers $code on $B_PATH (200 expected): $(head -c 300 "$T/bilan.body")"
	B_BYTES=$(wc -c <"$T/bilan.body")
	grep -q '<svg class="chart"' "$T/bilan.body" || die "$B_PATH has no chart"
	echo "   $B_PATH: bilan of $B_SLUG over $B_CONTRIBUTIONS contributions, $B_BYTES bytes"
	say "bilan ($B_PATH): $ROUNDS rounds on quartier alone: wrk -t1 -c$BILAN_CONNS -d${SECONDS_RUN}s --timeout 10s --latency"
	local r
	for r in $(seq "$ROUNDS"); do
		MEASURE_CONNS=$BILAN_CONNS WRK_THREADS=1 measure "$QBASE$B_PATH" "$T/wrk-bilan-$r.txt" "$T/b-$r.parsed" --timeout 10s -H "Cookie: $STAFF_COOKIE"
		kill -0 "$QPID" 2>/dev/null || die "quartier died under load"
		drain_log
		printf '   round %d: %9.1f req/s, p99 %7.2f ms\n' "$r" "$(cut -d' ' -f1 "$T/b-$r.parsed")" "$(cut -d' ' -f3 "$T/b-$r.parsed")"
	done
	aggregate "$T"/b-*.parsed >"$T/b.parsed"
	read -r B_RPS B_P50 B_P99 _ _ B_NON B_ERR _ _ <"$T/b.parsed"
	[ "$B_NON" = 0 ] || PROBLEMS+=("quartier answered $B_NON non-2xx/3xx responses on $B_PATH")
	[ "$B_ERR" = 0 ] || PROBLEMS+=("quartier: $B_ERR socket errors on $B_PATH")
	code=$(curl -sS -o /dev/null -w '%{http_code}' -H "Cookie: $STAFF_COOKIE" "$QBASE$B_PATH")
	[ "$code" = 200 ] || PROBLEMS+=("quartier answers $code on $B_PATH after the load (200 expected)")
	B_OK=$(awk -v p="$B_P99" -v t="$TARGET_BILAN_P99_MS" 'BEGIN { print ((p < t) ? "true" : "false") }')
	printf '   median: %s req/s, p50 %s ms, p99 %s ms\n' "$B_RPS" "$B_P50" "$B_P99"
}
