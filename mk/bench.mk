# mk/bench.mk — `make bench`: quartier against nginx serving the same bytes,
# loaded with wrk (not part of `make test`). Installs wrk and nginx-light,
# builds the optimised ./quartier, writes bench/results/latest.{md,json}.
# Settings: BENCH_SCALE, BENCH_SECONDS, BENCH_WARMUP, BENCH_ROUNDS,
# BENCH_CONNECTIONS, BENCH_THREADS, BENCH_STRICT=1 (see bench/run.sh).
bench:
	@MAKE="$(MAKE)" bash ./bench/run.sh

.PHONY: bench
