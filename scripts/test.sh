#!/usr/bin/env bash
# Runs the whole CPX test suite: ./mvnw -B verify (Surefire runs *Tests, Failsafe runs *IT).
#
# Before Maven it makes sure that, on this machine:
#   - MariaDB answers on 127.0.0.1:3306 and Redis on 127.0.0.1:6379 (installed with apt-get and
#     started when nothing listens on the port; services are found by port, never by name),
#   - a test user cpx_it/cpx_it owns an empty database cpx_it (plus any cpx_it_* it creates),
#   - Debian's Chromium is at /usr/bin/chromium for the browser tests (best effort),
#   - Debian's fonts-wqy-microhei is installed: the settlement build embeds it in the PDF reports.
# Services this script starts are left running afterwards, so the next run starts fast;
# services it did not start are never stopped or restarted.
#
# Extra arguments go to Maven, e.g. ./scripts/test.sh -pl settlement -am
# Safe to run again and again.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
start_seconds=$SECONDS

# shellcheck source=scripts/lib/java.sh
. scripts/lib/java.sh
# shellcheck source=scripts/lib/services.sh
. scripts/lib/services.sh

cpx_pick_java_home
"$JAVA_HOME/bin/java" -version 2>&1 | sed 's/^/    /'

cpx_ensure_mariadb
cpx_ensure_redis
cpx_prepare_test_db
cpx_ensure_chromium
cpx_ensure_pdf_font

export CPX_IT_DB_HOST=127.0.0.1
export CPX_IT_DB_PORT=3306
export CPX_IT_DB_NAME=cpx_it
export CPX_IT_DB_USER=cpx_it
export CPX_IT_DB_PASSWORD=cpx_it
export CPX_IT_REDIS_HOST=127.0.0.1
export CPX_IT_REDIS_PORT=6379
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1

cpx_log "./mvnw -B verify $*"
set +e
./mvnw -B verify "$@"
rc=$?
set -e

elapsed=$((SECONDS - start_seconds))
printf '==> Tests %s (Maven exit code %d) in %dm%02ds\n' \
  "$([[ $rc -eq 0 ]] && echo passed || echo FAILED)" "$rc" $((elapsed / 60)) $((elapsed % 60))
exit "$rc"
