#!/usr/bin/env bash
# Measures the order path end to end: HTTP, API-key authentication, the market core and the journal writer's MariaDB commit.
#
# Builds the application and the benchmarks (-Pbench), creates a fresh MariaDB database (as root over TCP),
# starts the application jar in its production shape (prod profile, MariaDB, Redis, demo data), waits for it,
# then runs dev.cpx.benchmarks.load.OrderLoad twice on the same database:
#   (a) as fast as it goes: 64 concurrent clients, 40,000 orders after 60,000 warm-up orders;
#   (b) paced at 500 orders/s for 30 s (15,000 orders) after 10,000 warm-up orders.
# The warm-up is long because the JIT is slow to settle on the whole HTTP-to-journal path: after 2,000 orders its
# compiler threads still took a third of the application's CPU through the measured phase (0.6 of 1.8 ms per order),
# after 60,000 about a twentieth. The paced phase comes second, on the warm application; its own warm-up warms the
# load generator's JVM. Each phase also prints the application's JIT CPU per order (jit_ms_per_order).
# The load signs with the four demo organizations' keys but stands for a venue's many participants, so the
# application runs with per-organization limits above what four organizations would need at 2,000+ orders/s
# (BENCH_ORG_ORDERS_PER_SECOND, BENCH_ORG_OPEN_ORDERS_PER_BOOK); the defaults (1,000/s, 1,000 per book) would refuse
# the demo buyer's share of the load, not measure the order path.
# Around each measured phase (after its warm-up, when nothing is in flight, and when it ends) the script reads
# MariaDB's global status counters over the mysql client and prints, per acknowledged order (a 2xx answer counted
# by OrderLoad): statements in total and by kind (select, insert, update, delete, commit, rollback, set, other),
# commits, deadlocks and row lock waits (scripts/lib/bench-db-counters.sh).
# THE COUNTERS ARE SERVER-WIDE: every other client of the same MariaDB server (another build's tests, another
# instance of the application) is counted as if the benchmark had caused it. Run on a server nobody else uses;
# the report names the other clients it saw connected.
# Stops the application and prints the results. The load runs on this machine, against 127.0.0.1 only.
#
# Needs MariaDB on 127.0.0.1:3306 (root with an empty password over TCP, or set BENCH_DB_USER/BENCH_DB_PASSWORD
# to a user who may create the database) and Redis on 127.0.0.1:6379; ./scripts/test.sh starts both.
#
#   ./scripts/bench-orders.sh            build, then measure
#   ./scripts/bench-orders.sh -o         extra arguments go to Maven (here: offline)
#   SKIP_BUILD=1 ./scripts/bench-orders.sh
# Settings (environment): BENCH_DB (cpx_bench), BENCH_PORT (18090), BENCH_MAX_ORDERS (40000),
# BENCH_MAX_CONCURRENCY (64), BENCH_RATE (500), BENCH_PACED_SECONDS (30), BENCH_WARMUP (60000),
# BENCH_PACED_WARMUP (10000), BENCH_ORG_ORDERS_PER_SECOND (20000), BENCH_ORG_OPEN_ORDERS_PER_BOOK (100000).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

# shellcheck source=scripts/lib/java.sh
. scripts/lib/java.sh
cpx_pick_java_home

db=${BENCH_DB:-cpx_bench}
port=${BENCH_PORT:-18090}
db_user=${BENCH_DB_USER:-root}
db_password=${BENCH_DB_PASSWORD:-}
max_orders=${BENCH_MAX_ORDERS:-40000}
max_concurrency=${BENCH_MAX_CONCURRENCY:-64}
rate=${BENCH_RATE:-500}
paced_seconds=${BENCH_PACED_SECONDS:-30}
warmup=${BENCH_WARMUP:-60000}
paced_warmup=${BENCH_PACED_WARMUP:-10000}
org_orders_per_second=${BENCH_ORG_ORDERS_PER_SECOND:-20000}
org_open_orders_per_book=${BENCH_ORG_OPEN_ORDERS_PER_BOOK:-100000}
out=benchmarks/target/bench-orders
base_url=http://127.0.0.1:$port

# shellcheck source=scripts/lib/bench-build.sh
. scripts/lib/bench-build.sh
cpx_bench_build "$@"

# shellcheck source=scripts/lib/bench-app.sh
. scripts/lib/bench-app.sh
# shellcheck source=scripts/lib/bench-db-counters.sh
. scripts/lib/bench-db-counters.sh
# shellcheck source=scripts/lib/bench-cpu.sh
. scripts/lib/bench-cpu.sh
cpx_bench_fresh_database
# BENCH_APP_OPTS: extra JVM options for the application (for a comparison run), split on spaces.
# shellcheck disable=SC2086
cpx_bench_start_app -Dcpx.market.orders-per-second-per-organization="$org_orders_per_second" \
  -Dcpx.market.max-open-orders-per-organization-per-book="$org_open_orders_per_book" ${BENCH_APP_OPTS:-}

# One phase: OrderLoad with the given arguments, its output shown and kept in $out/<name>.txt. OrderLoad waits
# after its warm-up until it reads a line; the counters are read then and again when it has finished.
phase() {
  local name=$1 line pid in_fd to_fd acknowledged db_pid app_cpu_ms jit_cpu_ms db_cpu_ms load_cpu_ms wall_ms
  shift
  : >"$out/$name.txt"
  coproc load_proc { "$JAVA_HOME/bin/java" -cp "$bench_jar" dev.cpx.benchmarks.load.OrderLoad "$base_url" "$@" \
    --await-start 2>&1; }
  pid=$load_proc_PID
  # Copies of the coprocess's pipes: bash closes its own as soon as the process ends.
  exec {in_fd}<&"${load_proc[0]}" {to_fd}>&"${load_proc[1]}"
  while IFS= read -r line <&"$in_fd"; do
    printf '%s\n' "$line" | tee -a "$out/$name.txt"
    if [[ $line == READY* ]]; then
      cpx_bench_db_counters "$out/$name.before"
      db_pid=$(cpx_bench_pid_on_port 3306)
      app_cpu_ms=$(cpx_bench_cpu_ms "$app_pid")
      jit_cpu_ms=$(cpx_bench_jit_cpu_ms "$app_pid")
      db_cpu_ms=$(cpx_bench_cpu_ms "${db_pid:-0}")
      wall_ms=$(date +%s%3N)
      if [[ -n ${BENCH_JFR_SECONDS:-} && $name == max ]]; then
        "$JAVA_HOME/bin/jcmd" "$app_pid" JFR.start duration="${BENCH_JFR_SECONDS}s" settings=profile \
          filename="$PWD/$out/max.jfr" >/dev/null
      fi
      echo go >&"$to_fd"
    fi
  done
  cpx_bench_db_counters "$out/$name.after"
  app_cpu_ms=$(($(cpx_bench_cpu_ms "$app_pid") - app_cpu_ms))
  jit_cpu_ms=$(($(cpx_bench_jit_cpu_ms "$app_pid") - jit_cpu_ms))
  db_cpu_ms=$(($(cpx_bench_cpu_ms "${db_pid:-0}") - db_cpu_ms))
  wall_ms=$(($(date +%s%3N) - wall_ms))
  exec {in_fd}<&- {to_fd}>&-
  wait "$pid" || { echo "ERROR: OrderLoad failed in phase $name; see $out/$name.txt" >&2; exit 1; }
  [[ -f $out/$name.before ]] || { echo "ERROR: OrderLoad never said READY in phase $name" >&2; exit 1; }
  acknowledged=$(sed -n 's/^RESULT orders .* acknowledged=\([0-9]*\) .*/\1/p' "$out/$name.txt")
  load_cpu_ms=$(sed -n 's/^RESULT orders .* load_cpu_ms=\([0-9]*\) .*/\1/p' "$out/$name.txt")
  cpx_bench_db_report "$name" "$out/$name.before" "$out/$name.after" "${acknowledged:?no RESULT line}" |
    tee -a "$out/$name.txt"
  # CPU per acknowledged order and the share of a core each process used over the measured phase; jit is the
  # application's compiler threads, part of app.
  awk -v phase="$name" -v acked="$acknowledged" -v app="$app_cpu_ms" -v jit="$jit_cpu_ms" -v db="$db_cpu_ms" -v loadgen="$load_cpu_ms" -v wall="$wall_ms" \
    -v cores="$(nproc)" 'BEGIN {
      printf "RESULT cpu mode=%s app_ms_per_order=%.3f jit_ms_per_order=%.3f db_ms_per_order=%.3f load_ms_per_order=%.3f app_cores=%.2f db_cores=%.2f load_cores=%.2f cores=%d\n",
        phase, app / acked, jit / acked, db / acked, loadgen / acked, app / wall, db / wall, loadgen / wall, cores }' | tee -a "$out/$name.txt"
}

rm -f "$out"/*.before "$out"/*.after
echo "==> (a) max throughput: $max_orders orders, $max_concurrency clients"
phase max "$max_orders" "$max_concurrency" 0 "$warmup" 600
echo "==> (b) paced: $rate orders/s for $paced_seconds s"
phase paced $((rate * paced_seconds)) "$max_concurrency" "$rate" "$paced_warmup" $((paced_seconds * 4))

cpx_bench_stop_app
echo "==> Results (details in $out/)"
grep -h '^RESULT' "$out/max.txt" "$out/paced.txt"
