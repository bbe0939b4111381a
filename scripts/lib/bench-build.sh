# shellcheck shell=bash
# shellcheck disable=SC2154 # db and out come from the script that sources this file
# The start every benchmark script shares: the jars it runs, a check of BENCH_DB, the build (skipped with
# SKIP_BUILD=1; the script's arguments go to Maven, e.g. -o for offline), and a clean output folder.
# Sets app_jar and bench_jar.

app_jar=marketplace-web/target/cpx.jar
bench_jar=benchmarks/target/benchmarks.jar

# Checks the database name, builds unless SKIP_BUILD=1, checks the jars, empties $out (and $out/lib).
cpx_bench_build() {
  [[ $db =~ ^[a-z][a-z0-9_]{0,40}$ ]] || { echo "ERROR: BENCH_DB must be a plain database name" >&2; exit 1; }
  if [[ ${SKIP_BUILD:-0} != 1 ]]; then
    echo "==> Building the application and the benchmarks"
    # The settlement build embeds Debian's fonts-wqy-microhei in the PDF reports.
    # shellcheck source=scripts/lib/services.sh
    . scripts/lib/services.sh
    cpx_ensure_pdf_font
    ./mvnw -B -q -Pbench -DskipTests package "$@"
  fi
  local jar
  for jar in "$app_jar" "$bench_jar"; do
    [[ -f $jar ]] || { echo "ERROR: $jar not found; run without SKIP_BUILD=1" >&2; exit 1; }
  done
  rm -rf "$out"
  mkdir -p "$out/lib"
}

# The JDBC driver the application ships, unpacked into $out/lib, for fixtures that write over JDBC; sets driver.
cpx_bench_driver() {
  unzip -q -o -j "$app_jar" 'BOOT-INF/lib/mysql-connector-j-*.jar' -d "$out/lib"
  driver=$(ls "$out"/lib/mysql-connector-j-*.jar | head -1)
}
