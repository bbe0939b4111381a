#!/usr/bin/env bash
# Measures quotes and block orders through the API over a market of 30,000 open instruments.
#
# Builds the application and the benchmarks (-Pbench) and creates a fresh MariaDB database (as root over TCP), then:
#   1. starts the application jar in its production shape once (schema, demo data, the calendar's instruments), stops;
#   2. writes the market over JDBC with dev.cpx.benchmarks.market.RestingMarketFixtures, as
#      scripts/bench-market-memory.sh does: hourly instruments for every class and region until 30,000 are open,
#      100,000 resting orders (bids at 0.50-0.59 from ACME and NOVA, asks at 0.61-0.70 from each region's seller);
#   3. starts the application again, waits for the market's rebuild, and runs dev.cpx.benchmarks.load.QuoteLoad:
#      (a) quotes: BENCH_QUOTES (2,000) random shapes over every class and region, 1 or 2 GPUs for 1-4 hours,
#          1-24 start hours among the hourly instruments (up to 2,016 candidates each), from BENCH_QUOTE_CLIENTS (4)
#          clients in a closed loop after BENCH_WARMUP (3,000) quotes; latency percentiles; then half as many from
#          one client (a quote's own latency, no queueing behind other clients on the 2 cores). The warm-up is long
#          enough for the JIT to settle: after 300 quotes it was still compiling, and the 4-client p99 was 77-89 ms
#          instead of 46-47;
#      (b) block orders: BENCH_BLOCKS (2,000) BUY blocks of 1 GPU for 1-2 hours at a limit of 0.70 from
#          BENCH_BLOCK_CLIENTS (16) clients; acknowledged blocks per second and latency (422 for a thin book).
# Prints RESULT lines and keeps the logs under benchmarks/target/bench-quotes/. Only 127.0.0.1 is contacted.
#
# Needs MariaDB on 127.0.0.1:3306 (root with an empty password over TCP, or BENCH_DB_USER/BENCH_DB_PASSWORD) and
# Redis on 127.0.0.1:6379; ./scripts/test.sh starts both.
#
#   ./scripts/bench-quotes.sh -o          build (offline), then measure
#   SKIP_BUILD=1 ./scripts/bench-quotes.sh
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

# shellcheck source=scripts/lib/java.sh
. scripts/lib/java.sh
cpx_pick_java_home

db=${BENCH_DB:-cpx_bench_quotes}
port=${BENCH_PORT:-18094}
db_user=${BENCH_DB_USER:-root}
db_password=${BENCH_DB_PASSWORD:-}
instruments=${BENCH_INSTRUMENTS:-30000}
resting_orders=${BENCH_RESTING_ORDERS:-100000}
quotes=${BENCH_QUOTES:-2000}
quote_clients=${BENCH_QUOTE_CLIENTS:-4}
blocks=${BENCH_BLOCKS:-2000}
block_clients=${BENCH_BLOCK_CLIENTS:-16}
warmup=${BENCH_WARMUP:-3000}
out=benchmarks/target/bench-quotes
base_url=http://127.0.0.1:$port

# shellcheck source=scripts/lib/bench-build.sh
. scripts/lib/bench-build.sh
cpx_bench_build "$@"
cpx_bench_driver

# shellcheck source=scripts/lib/bench-app.sh
. scripts/lib/bench-app.sh

cpx_bench_fresh_database
echo "==> (1) First start: schema, demo data and calendar"
app_log=$out/app-first.log
# BENCH_APP_OPTS: extra JVM options for the application, split on spaces.
# shellcheck disable=SC2086
cpx_bench_start_app ${BENCH_APP_OPTS:-}
cpx_bench_stop_app

echo "==> (2) Fixtures: $instruments open instruments, $resting_orders resting orders (JDBC)"
"$JAVA_HOME/bin/java" -cp "$bench_jar:$driver" dev.cpx.benchmarks.market.RestingMarketFixtures \
  "$jdbc_url" "$db_user" "$db_password" "$instruments" "$resting_orders" | tee "$out/fixtures.txt"
# The hours every class and region has an hourly instrument for, without a gap (symbols end in T<HH>): the fixture
# lists its instruments after a gap beyond the calendar's, and a block order must name consecutive hours its pair has.
read -r first_hour last_hour < <(cpx_bench_sql -N -B -e "SELECT DATE_FORMAT(MAX(p.first_hour), '%Y-%m-%dT%H:00:00Z'),
  DATE_FORMAT(MIN(r.run_end), '%Y-%m-%dT%H:00:00Z') FROM (SELECT compute_class_code, region_code,
  MIN(delivery_start) first_hour FROM instrument WHERE symbol LIKE '%T__' GROUP BY compute_class_code, region_code) p
  JOIN (SELECT i.compute_class_code, i.region_code, MIN(i.delivery_start) run_end FROM instrument i
  WHERE i.symbol LIKE '%T__' AND NOT EXISTS (SELECT 1 FROM instrument j WHERE j.compute_class_code = i.compute_class_code
  AND j.region_code = i.region_code AND j.symbol LIKE '%T__' AND j.delivery_start = i.delivery_start + INTERVAL 1 HOUR)
  GROUP BY i.compute_class_code, i.region_code) r
  ON r.compute_class_code = p.compute_class_code AND r.region_code = p.region_code" "$db")
echo "hourly instruments of every class and region from $first_hour to $last_hour"

echo "==> (3) Start with the market, then quotes and block orders"
app_log=$out/app.log
# shellcheck disable=SC2086
cpx_bench_start_app ${BENCH_APP_OPTS:-}
for ((i = 0; i < 3000; i++)); do
  grep -q "Market core rebuilt\|Market partition [0-9]* rebuilt" "$app_log" && break
  sleep 0.2
done
grep "Market core rebuilt\|Market partition [0-9]* rebuilt" "$app_log" | tail -1
"$JAVA_HOME/bin/java" -cp "$bench_jar" dev.cpx.benchmarks.load.QuoteLoad "$base_url" "$first_hour" "$last_hour" \
  "$quotes" "$quote_clients" "$blocks" "$block_clients" "$warmup" | tee "$out/load.txt"
cpx_bench_stop_app

echo "==> Results (details in $out/)"
grep -h '^RESULT' "$out/load.txt"
