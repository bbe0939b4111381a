#!/usr/bin/env bash
# Measures the settlement side: usage ingestion through the API, and a settlement period's run and close at scale.
#
# Builds the application and the benchmarks (-Pbench), creates a fresh MariaDB database (as root over TCP),
# starts the application jar in its production shape (prod profile, MariaDB, Redis, demo data) with a GC log,
# waits for it, then runs on the same database (jstat samples the application's heap during the second):
#   (1) dev.cpx.benchmarks.settlement.UsageIngestBench: 1,500 purchases of one delivery day (4 nodes x 8 GPUs,
#       each a block of 24 one-hour contracts, written over JDBC), then 216,000 usage records (one per node-hour:
#       every hour from the provider, every other contract's hour from the buyer) POSTed to /api/v1/usage in
#       batches of 1,000 by 4 clients, after 20 warm-up batches; then 20 batches sent again, which must all come
#       back as duplicates;
#   (2) dev.cpx.benchmarks.settlement.SettlementRunBench: 10,000 day-long purchases (2 nodes x 8 GPUs, the next
#       day), each a block of 24 one-hour contracts (240,000 contracts, 240,000 contract-hours), and 1,000,000
#       usage records written over JDBC, then POST /api/v1/settlement/periods for that day and POST .../close, both
#       timed, with the heap seen in the GC log meanwhile and the ledger's sums checked.
# Stops the application and prints both results. Everything runs on this machine, against 127.0.0.1 only.
#
# Needs MariaDB on 127.0.0.1:3306 (root with an empty password over TCP, or set BENCH_DB_USER/BENCH_DB_PASSWORD
# to a user who may create the database) and Redis on 127.0.0.1:6379; ./scripts/test.sh starts both.
#
#   ./scripts/bench-settlement.sh            build, then measure
#   ./scripts/bench-settlement.sh -o         extra arguments go to Maven (here: offline)
#   SKIP_BUILD=1 ./scripts/bench-settlement.sh
# Settings (environment): BENCH_DB (cpx_bench_settlement), BENCH_PORT (18091), BENCH_INGEST_CONTRACTS (1500 purchases),
# BENCH_INGEST_CLIENTS (4), BENCH_SETTLE_CONTRACTS (10000 purchases), BENCH_APP_OPTS (JVM options of the application, none).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

# shellcheck source=scripts/lib/java.sh
. scripts/lib/java.sh
cpx_pick_java_home

db=${BENCH_DB:-cpx_bench_settlement}
port=${BENCH_PORT:-18091}
db_user=${BENCH_DB_USER:-root}
db_password=${BENCH_DB_PASSWORD:-}
ingest_contracts=${BENCH_INGEST_CONTRACTS:-1500}
ingest_clients=${BENCH_INGEST_CLIENTS:-4}
settle_contracts=${BENCH_SETTLE_CONTRACTS:-10000}
app_opts=${BENCH_APP_OPTS:-}
out=benchmarks/target/bench-settlement
base_url=http://127.0.0.1:$port

# shellcheck source=scripts/lib/bench-build.sh
. scripts/lib/bench-build.sh
cpx_bench_build "$@"

# The benchmarks write their fixtures over JDBC with the driver the application ships.
cpx_bench_driver
classpath="$bench_jar:$driver"

# shellcheck source=scripts/lib/bench-app.sh
. scripts/lib/bench-app.sh
cpx_bench_fresh_database
# shellcheck disable=SC2086 # BENCH_APP_OPTS is a list of JVM options
cpx_bench_start_app $app_opts "-Xlog:gc:file=$out/gc.log:utctime"

bench() {
  "$JAVA_HOME/bin/java" -cp "$classpath" "$@"
}

echo "==> (1) usage ingestion: $ingest_contracts purchases of 24 one-hour contracts, batches of 1,000, $ingest_clients clients"
bench dev.cpx.benchmarks.settlement.UsageIngestBench "$base_url" "$jdbc_url" "$db_user" "$db_password" \
  "$ingest_contracts" "$ingest_clients" 20 2 | tee "$out/ingest.txt"
echo "==> (2) settlement run: $settle_contracts purchases of 24 one-hour contracts, 100 usage records each"
# The application's heap, four times a second, each jstat line prefixed with the wall clock (epoch seconds).
"$JAVA_HOME/bin/jstat" -gc "$app_pid" 250 2>/dev/null > >(while IFS= read -r line; do
  printf '%s %s\n' "$(date +%s.%N)" "$line"
done >"$out/heap.txt") &
sampler_pid=$!
bench dev.cpx.benchmarks.settlement.SettlementRunBench "$base_url" "$jdbc_url" "$db_user" "$db_password" \
  "$settle_contracts" "$out/gc.log" 3 "$out/heap.txt" | tee "$out/settle.txt"
kill "$sampler_pid" 2>/dev/null || true

cpx_bench_stop_app
echo "==> Results (details in $out/)"
grep -h '^RESULT' "$out/ingest.txt" "$out/settle.txt"
