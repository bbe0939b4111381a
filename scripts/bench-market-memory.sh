#!/usr/bin/env bash
# Measures the market at scale at rest: how long the application takes to start and rebuild its books, and how
# much heap it keeps, with 30,000 open instruments holding 100,000 resting orders.
#
# Builds the application and the benchmarks (-Pbench) and creates a fresh MariaDB database (as root over TCP), then:
#   1. starts the application jar in its production shape (prod profile, MariaDB, Redis, demo data) once, which
#      migrates the schema, loads the demo data and lists the calendar's hourly instruments; waits until it is ready
#      and idle, reads its heap after a full GC (the empty-market baseline) and stops it;
#   2. writes the market over JDBC (dev.cpx.benchmarks.market.RestingMarketFixtures): hourly instruments
#      <CLASS>.<REGION>.<YYYY-MM-DD>T<HH> (gate 1 h before delivery) for every class and region, hour after hour,
#      until 30,000 instruments are open (the calendar's open hourly ones included, some 27,000); 100,000 resting LIMIT GTC orders
#      (status NEW) spread round-robin over them, 60% bids from ACME and NOVA with their holds (a FUNDING entry per
#      buyer, a HOLD entry per bid, balances updated by the lines), 40% asks from each region's seller with enough
#      registered nodes behind them; bids never cross asks. It checks the result (ledger sums 0, each account's
#      balance = its lines, HELD = the open bids' holds, no ask beyond capacity, no crossed book) and stops if not;
#   3. starts the application again and reports:
#      - ready: from launching the JVM to the first 200 from /actuator/health/readiness (polled every 0.2 s);
#      - rebuild: the market's rebuild as the log says it. The line is "Market partition N rebuilt: X resting
#        orders in Y books" per sequencer today, or a line starting "Market core rebuilt"; the wait ends when the
#        lines account for every open order in the database (or at the "Market core rebuilt" line). If the line
#        states a duration ("in 850 ms", "2.1 s") that is the figure; otherwise (today) it is the time from the
#        "Tomcat started" line (the web server starts in the lifecycle phase just before the sequencers) to the
#        last rebuilt line, and rebuilt_after_s is from launching the JVM to that line;
#      - heap: once the process has been idle for 3 s (under 5% of a core; the rebuild's market-data updates go
#        out after it), `jcmd <pid> GC.run`, then the used and committed heap from `jcmd <pid> GC.heap_info`, and
#        the largest classes from `jcmd <pid> GC.class_histogram`; market_heap_mb is used minus the baseline.
# Prints one RESULT line and keeps the logs, the fixtures' output and the jcmd output under
# benchmarks/target/bench-market-memory/. Everything runs on this machine, against 127.0.0.1 only.
#
# Needs MariaDB on 127.0.0.1:3306 (root with an empty password over TCP, or set BENCH_DB_USER/BENCH_DB_PASSWORD
# to a user who may create the database), Redis on 127.0.0.1:6379 (./scripts/test.sh starts both) and jcmd in the
# JDK. The rebuild publishes every book to Redis (channel cpx:market:<symbol>), as any start of the application does.
#
#   ./scripts/bench-market-memory.sh            build, then measure
#   ./scripts/bench-market-memory.sh -o         extra arguments go to Maven (here: offline)
#   SKIP_BUILD=1 ./scripts/bench-market-memory.sh
# Settings (environment): BENCH_DB (cpx_bench_market), BENCH_PORT (18092), BENCH_INSTRUMENTS (30000),
# BENCH_RESTING_ORDERS (100000), BENCH_APP_OPTS (JVM options of the application, none: default heap ergonomics),
# CPX_MARKET_SEQUENCERS (the application's, default 4).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

# shellcheck source=scripts/lib/java.sh
. scripts/lib/java.sh
cpx_pick_java_home

db=${BENCH_DB:-cpx_bench_market}
port=${BENCH_PORT:-18092}
db_user=${BENCH_DB_USER:-root}
db_password=${BENCH_DB_PASSWORD:-}
instruments=${BENCH_INSTRUMENTS:-30000}
resting_orders=${BENCH_RESTING_ORDERS:-100000}
app_opts=${BENCH_APP_OPTS:-}
out=benchmarks/target/bench-market-memory
base_url=http://127.0.0.1:$port

# shellcheck source=scripts/lib/bench-build.sh
. scripts/lib/bench-build.sh
cpx_bench_build "$@"
[[ -x $JAVA_HOME/bin/jcmd ]] || { echo "ERROR: no jcmd in $JAVA_HOME/bin" >&2; exit 1; }

# The fixtures write over JDBC with the driver the application ships.
cpx_bench_driver

# shellcheck source=scripts/lib/bench-app.sh
. scripts/lib/bench-app.sh

# Epoch milliseconds of a log line's leading ISO-8601 time stamp.
log_time_ms() {
  date -d "${1%% *}" +%s%3N
}

open_orders() {
  cpx_bench_sql -N -B -e "SELECT COUNT(*) FROM market_order WHERE status IN ('NEW', 'PARTIALLY_FILLED')" "$db"
}

# Waits (at most 600 s) until the rebuilt lines of log $1 account for $2 open orders, or a "Market core rebuilt"
# line appears; sets rebuilt_line (the last line that counted) and rebuilt_orders (the orders the lines name).
wait_rebuilt() {
  local log=$1 expected=$2 state i
  for ((i = 0; i < 3000; i++)); do
    # Prints "done <orders>" or "waiting <orders>", then the last line that counted. Only the first line of each
    # partition counts: a partition rebuilds again after a failed batch.
    state=$(awk -v expected="$expected" '
      / Market core rebuilt/ || /: Market partition [0-9]+ rebuilt: / {
        n = split(substr($0, index($0, ": Market ") + 2), word, " ")
        count = 0
        for (w = 2; w <= n; w++) if (word[w] == "resting") count = word[w - 1] + 0
        if (word[2] == "core") { print "done", count; print; found = 1; exit }
        if (!(word[3] in seen)) { seen[word[3]] = 1; sum += count; lines++; last = $0 }
      }
      END { if (!found) { print (lines > 0 && sum >= expected ? "done" : "waiting"), sum + 0; print last } }' "$log")
    if [[ $state == done* ]]; then
      rebuilt_orders=${state%%$'\n'*}
      rebuilt_orders=${rebuilt_orders#done }
      rebuilt_line=${state#*$'\n'}
      return 0
    fi
    kill -0 "$app_pid" 2>/dev/null || { echo "ERROR: the application stopped; see $log" >&2; exit 1; }
    sleep 0.2
  done
  echo "ERROR: the market did not report its rebuild within 600 s; see $log" >&2
  exit 1
}

# The rebuild's duration in ms: stated in the line if it states one, else from the "Tomcat started" line of log
# $1 to the line. Sets rebuild_ms and rebuild_source.
rebuild_duration() {
  local log=$1 stated marker
  stated=$(sed -n -E 's/.*rebuilt.*[^0-9.]([0-9]+(\.[0-9]+)?) ?(ms|s)([^A-Za-z].*)?$/\1 \3/p' <<<"$rebuilt_line")
  if [[ -n $stated ]]; then
    rebuild_ms=$(awk -v v="${stated% *}" -v unit="${stated#* }" 'BEGIN { printf "%d", unit == "s" ? v * 1000 : v }')
    rebuild_source=log
    return 0
  fi
  marker=$(grep -m1 -E '(Tomcat|Jetty|Netty) started on port' "$log") ||
    { echo "ERROR: no web server start line in $log" >&2; exit 1; }
  rebuild_ms=$(($(log_time_ms "$rebuilt_line") - $(log_time_ms "$marker")))
  rebuild_source=timestamps
}

# Waits until the application has used under 5% of a core for 3 s in a row (at most 300 s); sets quiet_after_s.
wait_idle() {
  local ticks_per_s prev now quiet=0 i
  ticks_per_s=$(getconf CLK_TCK)
  prev=$(awk '{ print $14 + $15 }' "/proc/$app_pid/stat")
  for ((i = 1; i <= 300; i++)); do
    sleep 1
    now=$(awk '{ print $14 + $15 }' "/proc/$app_pid/stat")
    if ((now - prev <= ticks_per_s / 20)); then quiet=$((quiet + 1)); else quiet=0; fi
    prev=$now
    if ((quiet >= 3)); then
      quiet_after_s=$i
      return 0
    fi
  done
  echo "WARNING: the application never stayed idle for 3 s within 300 s; measuring anyway" >&2
  quiet_after_s=$i
}

# The first "<word> <number><K|M|G>" of a jcmd GC.heap_info output, in MB.
heap_figure() {
  awk -v word="$1" '{
    for (i = 1; i < NF; i++) {
      if ($i ~ ("^(" word ")$") && $(i + 1) ~ /^[0-9]+[KMG],?$/) {
        v = $(i + 1); sub(/,$/, "", v); unit = substr(v, length(v)); n = substr(v, 1, length(v) - 1) + 0
        printf "%.1f", n * (unit == "K" ? 1 / 1024 : unit == "G" ? 1024 : 1); exit
      }
    }
  }' "$2"
}

# Full GC, then the heap (MB) used and committed; the jcmd output goes to $out/heap-$1.txt and the class
# histogram to $out/histogram-$1.txt. Sets heap_used_mb and heap_committed_mb.
measure_heap() {
  local name=$1
  "$JAVA_HOME/bin/jcmd" "$app_pid" GC.run >/dev/null
  "$JAVA_HOME/bin/jcmd" "$app_pid" GC.heap_info >"$out/heap-$name.txt"
  # G1 prints "used 123456K ... committed 234567K", ZGC "used 122M, capacity 1164M": both read as MB.
  heap_used_mb=$(heap_figure used "$out/heap-$name.txt")
  heap_committed_mb=$(heap_figure 'committed|capacity' "$out/heap-$name.txt")
  [[ -n $heap_used_mb ]] || { echo "ERROR: no heap figure in $out/heap-$name.txt" >&2; exit 1; }
  "$JAVA_HOME/bin/jcmd" "$app_pid" GC.class_histogram 2>/dev/null | head -40 >"$out/histogram-$name.txt" || true
}

cpx_bench_fresh_database

echo "==> (1) First start: schema, demo data and calendar; empty-market baseline"
app_log=$out/app-first.log
# shellcheck disable=SC2086 # BENCH_APP_OPTS is a list of JVM options
cpx_bench_start_app $app_opts
wait_rebuilt "$app_log" 0
wait_idle
measure_heap empty
empty_heap_mb=$heap_used_mb
echo "empty market: heap used after a full GC ${empty_heap_mb} MB (committed ${heap_committed_mb} MB)"
cpx_bench_stop_app

echo "==> (2) Fixtures: $instruments open instruments, $resting_orders resting orders (JDBC)"
"$JAVA_HOME/bin/java" -cp "$bench_jar:$driver" dev.cpx.benchmarks.market.RestingMarketFixtures \
  "$jdbc_url" "$db_user" "$db_password" "$instruments" "$resting_orders" | tee "$out/fixtures.txt"
expected=$(open_orders)
open_instruments=$(sed -n 's/^FIXTURES instruments_open=\([0-9]*\) .*/\1/p' "$out/fixtures.txt")

echo "==> (3) Start with the market: $expected open orders in the database"
app_log=$out/app.log
# shellcheck disable=SC2086 # BENCH_APP_OPTS is a list of JVM options
cpx_bench_start_app $app_opts
ready_ms=$((app_ready_ms - app_started_ms))
wait_rebuilt "$app_log" "$expected"
rebuild_duration "$app_log"
rebuilt_after_ms=$(($(log_time_ms "$rebuilt_line") - app_started_ms))
echo "ready after $ready_ms ms; rebuilt: $rebuilt_line"
wait_idle
measure_heap market
cpx_bench_stop_app

echo "==> Result (details in $out/)"
[[ $rebuilt_orders == "$expected" ]] ||
  echo "WARNING: the rebuilt lines name $rebuilt_orders resting orders, the database holds $expected open orders" >&2
awk -v instruments="${open_instruments:?no FIXTURES line}" -v orders="$expected" -v rebuilt="$rebuilt_orders" -v ready="$ready_ms" \
  -v after="$rebuilt_after_ms" -v rebuild="$rebuild_ms" -v source="$rebuild_source" -v used="$heap_used_mb" \
  -v committed="$heap_committed_mb" -v empty="$empty_heap_mb" -v quiet="$quiet_after_s" 'BEGIN {
    printf "RESULT market-memory instruments=%d resting_orders=%d rebuilt_orders=%d ready_s=%.1f " \
      "rebuilt_after_s=%.1f rebuild_s=%.2f rebuild_source=%s heap_used_mb=%.1f heap_committed_mb=%.1f " \
      "heap_used_empty_mb=%.1f market_heap_mb=%.1f idle_after_s=%d\n", instruments, orders, rebuilt, ready / 1000,
      after / 1000, rebuild / 1000, source, used, committed, empty, used - empty, quiet
  }' | tee "$out/result.txt"
