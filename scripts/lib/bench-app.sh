# shellcheck shell=bash
# shellcheck disable=SC2154 # the variables below come from the script that sources this file
# Shared by the benchmark scripts: a fresh MariaDB database and the application jar in its production shape
# (prod profile, MariaDB, Redis, demo data) on a local port, stopped again when the script exits.
# Expects: db, db_user, db_password, port, out, app_jar, base_url; sets jdbc_url and app_pid.

jdbc_url="jdbc:mysql://127.0.0.1:3306/$db?connectionTimeZone=UTC&forceConnectionTimeZoneToSession=true&rewriteBatchedStatements=true"
app_pid=""

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

# Starts the jar with the given extra JVM options and waits (at most 180 s) until it is ready.
cpx_bench_start_app() {
  trap cpx_bench_stop_app EXIT
  echo "==> Starting $app_jar on port $port (log: $out/app.log)"
  SPRING_PROFILES_ACTIVE=prod CPX_DB_URL="$jdbc_url" CPX_DB_USER=$db_user CPX_DB_PASSWORD=$db_password \
    CPX_DB_PRODUCT=MariaDB CPX_DB_MAJOR_VERSION=10 CPX_DB_MINOR_VERSION=11 \
    CPX_REDIS_HOST=127.0.0.1 CPX_REDIS_PORT=6379 CPX_DEMO=true CPX_SECURE_COOKIES=false PORT=$port \
    "$JAVA_HOME/bin/java" "$@" -jar "$app_jar" >"$out/app.log" 2>&1 &
  app_pid=$!
  for _ in $(seq 1 180); do
    curl -sf "$base_url/actuator/health/readiness" >/dev/null 2>&1 && return 0
    kill -0 "$app_pid" 2>/dev/null || break
    sleep 1
  done
  echo "ERROR: the application did not become ready; see $out/app.log" >&2
  exit 1
}
