#!/usr/bin/env bash
# Starts the CPX portal on its embedded default (H2 file database under ./data; no MariaDB or
# Redis needed). The application prints its URL and the demo logins once it is up.
#
#   ./scripts/run.sh                  build, then start
#   SKIP_BUILD=1 ./scripts/run.sh     start the jar built last time
# Extra arguments go to the application, e.g. ./scripts/run.sh --server.port=9090
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

# shellcheck source=scripts/lib/java.sh
. scripts/lib/java.sh
cpx_pick_java_home

jar=marketplace-web/target/cpx.jar
if [[ ${SKIP_BUILD:-0} != 1 ]]; then
  echo "Building CPX..."
  # The settlement build embeds Debian's fonts-wqy-microhei in the PDF reports.
  . scripts/lib/services.sh
  cpx_ensure_pdf_font
  ./mvnw -B -q -DskipTests package
elif [[ ! -f $jar ]]; then
  echo "ERROR: $jar not found; run without SKIP_BUILD=1 to build it first." >&2
  exit 1
fi

# shellcheck disable=SC2046 # the collector's options are words
exec "$JAVA_HOME/bin/java" $(cpx_gc_opts) -jar "$jar" "$@"
