#!/usr/bin/env bash
# Starts the CPX portal on its embedded default (H2 file database under ./data; no MariaDB or
# Redis needed). The application prints its URL and the demo logins once it is up.
#
#   ./scripts/run.sh                  build, then start
#   SKIP_BUILD=1 ./scripts/run.sh     start the jar built last time
#   ./scripts/run.sh --reset-demo     delete the embedded data folder (after asking), then build and start:
#                                     a fresh demo market; add --yes to skip the question
# The data folder is ./data, or CPX_DATA_DIR. Other arguments go to the application, e.g.
# ./scripts/run.sh --server.port=9090
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

reset=0
assume_yes=0
app_args=()
for arg in "$@"; do
  case $arg in
    --reset-demo) reset=1 ;;
    --yes) assume_yes=1 ;;
    *) app_args+=("$arg") ;;
  esac
done

data_dir=${CPX_DATA_DIR:-./data}

# Deletes the embedded database (never a server database: that is not in a folder here).
reset_demo() {
  if [[ ! -d $data_dir ]]; then
    echo "No data folder at $data_dir: the demo starts fresh anyway."
    return
  fi
  # A running copy holds the database file open: deleting it under that copy would lose its last writes.
  local database
  database=$(realpath -- "$data_dir")/cpx.mv.db
  local holders=""
  if [[ -e $database ]]; then
    # Not piped into grep -q: with pipefail, find cut off early would count as no holder at all.
    holders=$(find /proc/[0-9]*/fd -maxdepth 1 -lname "$database" 2>/dev/null || true)
  fi
  if [[ -n $holders ]]; then
    echo "CPX is running with this data folder ($data_dir): stop it first, then reset." >&2
    exit 1
  fi
  if ((assume_yes == 0)); then
    if [[ ! -t 0 ]]; then
      echo "ERROR: --reset-demo deletes $data_dir; confirm with --yes when not run from a terminal." >&2
      exit 1
    fi
    read -r -p "Delete $data_dir (every order, contract and setting of this demo) and start fresh? [y/N] " answer
    [[ $answer == [yY] || $answer == [yY][eE][sS] ]] || { echo "Nothing deleted."; exit 1; }
  fi
  rm -rf -- "$data_dir"
  echo "Deleted $data_dir; the demo data is loaded again on start."
}

# shellcheck source=scripts/lib/java.sh
. scripts/lib/java.sh
cpx_pick_java_home

if ((reset == 1)); then
  reset_demo
fi

jar=marketplace-web/target/cpx.jar
if [[ ${SKIP_BUILD:-0} != 1 ]]; then
  # The settlement build embeds Debian's fonts-wqy-microhei in the PDF reports.
  . scripts/lib/services.sh
  cpx_ensure_pdf_font
  mkdir -p target
  log=target/run-build.log
  echo "Building CPX (a first build takes a few minutes; the full log goes to $log)..."
  # One line per module as Maven starts it; the full output (warnings of Maven's own libraries included) stays in
  # the log, shown when the build fails.
  ./mvnw -B -ntp -DskipTests package >"$log" 2>&1 </dev/null &
  build=$!
  shown=0
  show_progress() {
    local line
    local -a started
    mapfile -t started < <(grep -E '^\[INFO\] Building .* \[[0-9]+/[0-9]+\]$' "$log" || true)
    while ((shown < ${#started[@]})); do
      line=${started[shown]}
      if [[ $line =~ ^\[INFO\]\ Building\ (.+)\ ([^ ]+)\ +\[([0-9]+/[0-9]+)\]$ ]]; then
        printf '  [%s] %s\n' "${BASH_REMATCH[3]}" "${BASH_REMATCH[1]}"
      fi
      shown=$((shown + 1))
    done
  }
  while kill -0 "$build" 2>/dev/null; do
    show_progress
    sleep 1
  done
  show_progress
  if ! wait "$build"; then
    echo "ERROR: the build failed (the whole log: $log):" >&2
    grep -E '^\[ERROR\]' "$log" | head -40 >&2 || tail -40 "$log" >&2
    exit 1
  fi
  echo "  built $jar"
elif [[ ! -f $jar ]]; then
  echo "ERROR: $jar not found; run without SKIP_BUILD=1 to build it first." >&2
  exit 1
fi

echo "Starting CPX (data in $data_dir)..."
# shellcheck disable=SC2046 # the collector's options are words
exec "$JAVA_HOME/bin/java" $(cpx_gc_opts) -jar "$jar" "${app_args[@]}"
