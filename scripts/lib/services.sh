# shellcheck shell=bash
# Makes sure MariaDB and Redis answer on their local ports for the test suite.
# Services are found by port, never by process name. A service this file starts is left
# running after the tests (so the next run is fast); one it did not start is never touched.
# Source this file; it expects `set -euo pipefail` in the caller.

CPX_LOG_DIR=${CPX_LOG_DIR:-${TMPDIR:-/tmp}}
_cpx_apt_updated=0

cpx_log() { printf '==> %s\n' "$*"; }
cpx_warn() { printf 'WARNING: %s\n' "$*" >&2; }
cpx_die() {
  printf 'ERROR: %s\n' "$*" >&2
  exit 1
}

# Runs a command as root: directly when we are root, else through sudo if present.
cpx_as_root() {
  if ((EUID == 0)); then
    "$@"
  elif command -v sudo >/dev/null 2>&1; then
    sudo "$@"
  else
    cpx_die "need root to run: $* (run as root, install sudo, or start the service yourself)"
  fi
}

# True when something accepts TCP connections on host $1 port $2.
cpx_port_open() {
  # shellcheck disable=SC2016 # expanded by the inner bash on purpose
  timeout 3 bash -c 'exec 3<>"/dev/tcp/$0/$1"' "$1" "$2" 2>/dev/null
}

# Waits up to $3 seconds for host $1 port $2. Optional $4: pid that must stay alive.
cpx_wait_port() {
  local host=$1 port=$2 secs=$3 pid=${4:-} i
  for ((i = 0; i < secs; i++)); do
    cpx_port_open "$host" "$port" && return 0
    if [[ -n $pid ]] && ! kill -0 "$pid" 2>/dev/null; then
      return 1
    fi
    sleep 1
  done
  cpx_port_open "$host" "$port"
}

# True when command $1 exists (also looks in sbin dirs, which a non-root PATH may lack).
cpx_have() {
  command -v "$1" >/dev/null 2>&1 || [[ -x /usr/sbin/$1 || -x /usr/local/sbin/$1 ]]
}

# apt-get install, running `apt-get update` once per script run. Waits for a dpkg lock held
# by another apt run instead of failing at once. Returns non-zero when apt-get fails.
cpx_apt_install() {
  command -v apt-get >/dev/null 2>&1 || cpx_die "apt-get not found; install these yourself: $*"
  if ((_cpx_apt_updated == 0)); then
    cpx_log "apt-get update"
    cpx_as_root env DEBIAN_FRONTEND=noninteractive \
      apt-get -o DPkg::Lock::Timeout=300 update </dev/null || return 1
    _cpx_apt_updated=1
  fi
  cpx_log "apt-get install -y $*"
  cpx_as_root env DEBIAN_FRONTEND=noninteractive \
    apt-get -o DPkg::Lock::Timeout=300 install -y "$@" </dev/null || return 1
}

# ---------------------------------------------------------------------------------------------
# MariaDB
# ---------------------------------------------------------------------------------------------

cpx_ensure_mariadb() {
  local host=127.0.0.1 port=3306 log pid mariadbd_bin
  if cpx_port_open "$host" "$port"; then
    cpx_log "MariaDB: something already listens on $host:$port, using it"
  else
    cpx_log "MariaDB: nothing on $host:$port"
    if ! cpx_have mariadbd; then
      cpx_apt_install mariadb-server || cpx_die "could not install mariadb-server"
      # The package's post-install script may already have started it.
    fi
    if cpx_port_open "$host" "$port"; then
      cpx_log "MariaDB: now listening on $host:$port"
    else
      mariadbd_bin=$(command -v mariadbd 2>/dev/null || echo /usr/sbin/mariadbd)
      if [[ ! -d /var/lib/mysql/mysql ]]; then
        cpx_log "MariaDB: initialising the data directory /var/lib/mysql"
        cpx_as_root mariadb-install-db --user=mysql </dev/null
      fi
      cpx_as_root mkdir -p /run/mysqld
      cpx_as_root chown mysql:mysql /run/mysqld
      log=$CPX_LOG_DIR/cpx-test-mariadb.log
      cpx_log "MariaDB: starting $mariadbd_bin (log: $log, pid file: /run/mysqld/cpx-test.pid)"
      # Left running after the tests on purpose; stop it with: kill "$(cat /run/mysqld/cpx-test.pid)"
      local -a cmd=("$mariadbd_bin" --user=mysql --pid-file=/run/mysqld/cpx-test.pid
        --bind-address=127.0.0.1 --port=3306)
      ((EUID == 0)) || cmd=(sudo "${cmd[@]}")
      if command -v setsid >/dev/null 2>&1; then cmd=(setsid "${cmd[@]}"); fi
      # Own session and no inherited stdin/stdout, so it outlives this script and never holds
      # the caller's output pipe open.
      "${cmd[@]}" </dev/null >>"$log" 2>&1 &
      pid=$!
      if ! cpx_wait_port "$host" "$port" 60 "$pid"; then
        tail -n 40 "$log" >&2 || true
        cpx_die "MariaDB did not come up on $host:$port within 60 s (log: $log)"
      fi
      cpx_log "MariaDB: up on $host:$port"
    fi
  fi
}

# Runs the mariadb client as an administrator with the remaining arguments.
# Tries root with an empty password over TCP first, then root over the unix socket
# (Debian's default: root signs in through unix_socket authentication).
_cpx_db_admin_mode=""
cpx_db_admin() {
  local client
  client=$(command -v mariadb 2>/dev/null || command -v mysql 2>/dev/null) ||
    cpx_die "no mariadb/mysql client found"
  if [[ -z $_cpx_db_admin_mode ]]; then
    if "$client" --protocol=TCP -h127.0.0.1 -P3306 -uroot --connect-timeout=5 \
      -e 'SELECT 1' >/dev/null 2>&1 </dev/null; then
      _cpx_db_admin_mode=tcp
    elif cpx_as_root "$client" -uroot --connect-timeout=5 -e 'SELECT 1' >/dev/null 2>&1 </dev/null; then
      _cpx_db_admin_mode=socket
    else
      cpx_die "cannot sign in to MariaDB as an administrator (tried root with an empty password over TCP 127.0.0.1:3306, then root over the unix socket)"
    fi
    cpx_log "MariaDB: administering as root over ${_cpx_db_admin_mode^^}" >&2
  fi
  if [[ $_cpx_db_admin_mode == tcp ]]; then
    "$client" --protocol=TCP -h127.0.0.1 -P3306 -uroot "$@"
  else
    cpx_as_root "$client" -uroot "$@"
  fi
}

# Creates the test user cpx_it (password cpx_it) with all rights on databases cpx_it*,
# drops leftovers cpx_it_* from earlier runs and recreates an empty cpx_it database.
cpx_prepare_test_db() {
  local client leftovers db
  if ! command -v mariadb >/dev/null 2>&1 && ! command -v mysql >/dev/null 2>&1; then
    cpx_apt_install mariadb-client || cpx_die "could not install mariadb-client"
  fi
  client=$(command -v mariadb 2>/dev/null || command -v mysql)
  cpx_db_admin -e 'SELECT 1' >/dev/null </dev/null # picks and reports the sign-in method

  leftovers=$(cpx_db_admin -N -B -e \
    "SELECT schema_name FROM information_schema.schemata WHERE schema_name LIKE 'cpx\\_it\\_%'" </dev/null)
  for db in $leftovers; do
    [[ $db =~ ^cpx_it_[A-Za-z0-9_]+$ ]] || continue
    cpx_log "MariaDB: dropping leftover database $db"
    cpx_db_admin -e "DROP DATABASE IF EXISTS \`$db\`" </dev/null
  done

  cpx_log "MariaDB: (re)creating user cpx_it and database cpx_it"
  cpx_db_admin <<'SQL'
CREATE USER IF NOT EXISTS 'cpx_it'@'localhost' IDENTIFIED BY 'cpx_it';
CREATE USER IF NOT EXISTS 'cpx_it'@'127.0.0.1' IDENTIFIED BY 'cpx_it';
ALTER USER 'cpx_it'@'localhost' IDENTIFIED BY 'cpx_it';
ALTER USER 'cpx_it'@'127.0.0.1' IDENTIFIED BY 'cpx_it';
GRANT ALL PRIVILEGES ON `cpx\_it%`.* TO 'cpx_it'@'localhost';
GRANT ALL PRIVILEGES ON `cpx\_it%`.* TO 'cpx_it'@'127.0.0.1';
FLUSH PRIVILEGES;
DROP DATABASE IF EXISTS cpx_it;
CREATE DATABASE cpx_it CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;
SQL

  # Prove that the tests' credentials work over TCP.
  if ! MYSQL_PWD=cpx_it "$client" --protocol=TCP -h127.0.0.1 -P3306 -ucpx_it --connect-timeout=5 \
    -e 'SELECT 1' cpx_it >/dev/null </dev/null; then
    cpx_die "user cpx_it cannot connect to database cpx_it on 127.0.0.1:3306"
  fi
}

# ---------------------------------------------------------------------------------------------
# Redis
# ---------------------------------------------------------------------------------------------

cpx_ensure_redis() {
  local host=127.0.0.1 port=6379 log redis_bin
  if cpx_port_open "$host" "$port"; then
    cpx_log "Redis: something already listens on $host:$port, using it"
    return 0
  fi
  cpx_log "Redis: nothing on $host:$port"
  if ! cpx_have redis-server; then
    cpx_apt_install redis-server || cpx_die "could not install redis-server"
    # The package's post-install script may already have started it.
    if cpx_port_open "$host" "$port"; then
      cpx_log "Redis: now listening on $host:$port"
      return 0
    fi
  fi
  redis_bin=$(command -v redis-server 2>/dev/null || echo /usr/bin/redis-server)
  log=$CPX_LOG_DIR/cpx-test-redis.log
  cpx_log "Redis: starting $redis_bin (log: $log)"
  # Daemonizes itself and is left running after the tests on purpose (in-memory only).
  "$redis_bin" --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no \
    --logfile "$log" </dev/null >/dev/null
  if ! cpx_wait_port "$host" "$port" 30; then
    tail -n 40 "$log" >&2 || true
    cpx_die "Redis did not come up on $host:$port within 30 s (log: $log)"
  fi
  cpx_log "Redis: up on $host:$port"
}

# ---------------------------------------------------------------------------------------------
# Chromium (browser tests skip themselves when it is absent)
# ---------------------------------------------------------------------------------------------

cpx_ensure_chromium() {
  if [[ -x /usr/bin/chromium ]]; then
    cpx_log "Chromium: /usr/bin/chromium present"
    return 0
  fi
  cpx_log "Chromium: /usr/bin/chromium missing, installing"
  # A subshell, so that a failing install (cpx_die inside) only warns.
  if ! (cpx_apt_install chromium) || [[ ! -x /usr/bin/chromium ]]; then
    cpx_warn "could not install Chromium; browser tests will be skipped"
  fi
}

# ---------------------------------------------------------------------------------------------
# The PDF reports' font: the settlement build copies WenQuanYi Micro Hei from Debian's
# fonts-wqy-microhei into its jar (Chinese names in PDFs) and fails without it.
# ---------------------------------------------------------------------------------------------

cpx_ensure_pdf_font() {
  local font=/usr/share/fonts/truetype/wqy/wqy-microhei.ttc
  if [[ -f $font ]]; then
    cpx_log "PDF font: $font present"
    return 0
  fi
  cpx_log "PDF font: $font missing, installing fonts-wqy-microhei"
  cpx_apt_install fonts-wqy-microhei
  [[ -f $font ]] || cpx_die "fonts-wqy-microhei did not install $font"
}
