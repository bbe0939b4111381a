# shellcheck shell=bash
# shellcheck disable=SC2154 # the variables below come from the script that sources this file
# Shared by the benchmark scripts: a fresh MariaDB database and the application jar in its production shape
# (prod profile, MariaDB, Redis, demo data) on a local port, stopped again when the script exits.
# Expects: db, db_user, db_password, port, out, app_jar, base_url; sets jdbc_url, app_pid, app_started_ms and
# app_ready_ms.

jdbc_url="jdbc:mysql://127.0.0.1:3306/$db?connectionTimeZone=UTC&forceConnectionTimeZoneToSession=true&rewriteBatchedStatements=true"
app_pid=""
app_started_ms=""
app_ready_ms=""

# The mariadb (or mysql) client as the benchmark's database user over TCP, with the remaining arguments.
cpx_bench_sql() {
  local client
  client=$(command -v mariadb 2>/dev/null || command -v mysql 2>/dev/null) ||
    { echo "ERROR: no mariadb/mysql client found" >&2; exit 1; }
  MYSQL_PWD=$db_password "$client" --protocol=TCP -h127.0.0.1 -P3306 -u"$db_user" "$@"
}

cpx_bench_fresh_database() {
  echo "==> Fresh database $db on 127.0.0.1:3306"
  cpx_bench_sql -e "DROP DATABASE IF EXISTS \`$db\`; CREATE DATABASE \`$db\` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin"
}

cpx_bench_stop_app() {
  if [[ -n $app_pid ]] && kill -0 "$app_pid" 2>/dev/null; then
    echo "==> Stopping the application (pid $app_pid)"
    kill "$app_pid"
    for _ in $(seq 1 30); do
      kill -0 "$app_pid" 2>/dev/null || break
      sleep 1
    done
    kill -0 "$app_pid" 2>/dev/null && kill -9 "$app_pid"
  fi
  app_pid=""
}

# Starts the jar with the given extra JVM options and waits (at most 180 s) until it is ready, polling every 0.2 s.
# Sets app_started_ms just before the launch and app_ready_ms at the first ready answer (epoch milliseconds).
# The log goes to $app_log if the caller set it, else to $out/app.log.
cpx_bench_start_app() {
  local log=${app_log:-$out/app.log} i
  trap cpx_bench_stop_app EXIT
  echo "==> Starting $app_jar on port $port (log: $log)"
  app_started_ms=$(date +%s%3N)
  # The production shape's collector (cpx_gc_opts); its options are words.
  # shellcheck disable=SC2046
  SPRING_PROFILES_ACTIVE=prod CPX_DB_URL="$jdbc_url" CPX_DB_USER=$db_user CPX_DB_PASSWORD=$db_password \
    CPX_DB_PRODUCT=MariaDB CPX_DB_MAJOR_VERSION=10 CPX_DB_MINOR_VERSION=11 \
    CPX_REDIS_HOST=127.0.0.1 CPX_REDIS_PORT=6379 CPX_DEMO=true CPX_SECURE_COOKIES=false PORT=$port \
    "$JAVA_HOME/bin/java" $(cpx_gc_opts) "$@" -jar "$app_jar" >"$log" 2>&1 &
  app_pid=$!
  for ((i = 0; i < 900; i++)); do
    if curl -sf "$base_url/actuator/health/readiness" >/dev/null 2>&1; then
      app_ready_ms=$(date +%s%3N)
      return 0
    fi
    kill -0 "$app_pid" 2>/dev/null || break
    sleep 0.2
  done
  echo "ERROR: the application did not become ready; see $log" >&2
  exit 1
}
