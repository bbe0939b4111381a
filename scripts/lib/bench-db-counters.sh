# shellcheck shell=bash
# shellcheck disable=SC2154 # db comes from the script that sources this file
# What the database did during a load phase, from MariaDB's global status counters read before and after it:
# statements by kind, commits, rollbacks, deadlocks and row lock waits, per acknowledged order.
#
# The counters are server-wide: they count every client of the server, not only the application on $db. Measure
# on a server (or at least at a time) nobody else uses; each snapshot lists the other clients it saw, and the
# report repeats them. The readings themselves add 4 statements to a phase (measured with nothing between them:
# 1 select, 3 others), 0.0002 per order in a 20,000-order phase.
# Source after scripts/lib/bench-app.sh (uses cpx_bench_sql).

# The status variables read. Innodb_deadlocks is MariaDB's; where it is missing (MySQL) the snapshot keeps the time
# of the latest detected deadlock from SHOW ENGINE INNODB STATUS instead, which tells "none" from "at least one".
cpx_bench_counter_names="'Questions','Com_select','Com_insert','Com_insert_select','Com_update','Com_update_multi',
  'Com_delete','Com_delete_multi','Com_commit','Com_rollback','Com_set_option','Innodb_deadlocks',
  'Innodb_row_lock_waits','Innodb_row_lock_time'"

# Writes a snapshot to file $1: "<name> <value>" per counter, then "client <user>@<db> <command>" per other client.
cpx_bench_db_counters() {
  local file=$1 latest
  cpx_bench_sql -N -B -e "SHOW GLOBAL STATUS WHERE Variable_name IN ($cpx_bench_counter_names)" |
    awk -F'\t' '{ print $1, $2 }' >"$file"
  if ! grep -q '^Innodb_deadlocks ' "$file"; then
    latest=$(cpx_bench_sql -N -B -r -e 'SHOW ENGINE INNODB STATUS' |
      sed -n '/^LATEST DETECTED DEADLOCK/{n;n;p;q}' | awk '{ print $1 "T" $2 }')
    echo "latest_deadlock ${latest:-none}" >>"$file"
  fi
  # Everyone connected but this reading and the application's own connections to $db.
  cpx_bench_sql -N -B -e "SELECT CONCAT(USER, '@', COALESCE(DB, '-')), COMMAND FROM information_schema.PROCESSLIST
    WHERE ID <> CONNECTION_ID() AND COALESCE(DB, '') <> '$db' AND COMMAND <> 'Daemon'" |
    awk -F'\t' '{ print "client", $1, $2 }' >>"$file"
}

# Prints what happened between snapshots $2 and $3 for $4 acknowledged orders of phase $1, then one line
# "RESULT db mode=$1 key=value ..." for scripts.
cpx_bench_db_report() {
  local phase=$1 before=$2 after=$3 acknowledged=$4
  awk -v phase="$phase" -v acked="$acknowledged" '
    FNR == NR && $1 != "client" { b[$1] = $2; next }
    $1 == "client" { clients[$2 " (" $3 ")"]++; next }
    { a[$1] = $2 }
    function d(name) { return (name in a && name in b) ? a[name] - b[name] : 0 }
    function per(n) { return acked > 0 ? sprintf("%.2f", n / acked) : "n/a" }
    function row(label, n) { printf "  %-44s %10d  %8s per order\n", label, n, per(n) }
    END {
      total = d("Questions"); sel = d("Com_select"); ins = d("Com_insert"); insel = d("Com_insert_select")
      upd = d("Com_update") + d("Com_update_multi"); del = d("Com_delete") + d("Com_delete_multi")
      com = d("Com_commit"); rb = d("Com_rollback"); set = d("Com_set_option")
      other = total - sel - ins - insel - upd - del - com - rb - set
      if ("Innodb_deadlocks" in a && "Innodb_deadlocks" in b) {
        deadlocks = d("Innodb_deadlocks")
      } else {
        deadlocks = a["latest_deadlock"] == b["latest_deadlock"] ? 0 : "1+"
      }
      printf "Database work in phase %s (MariaDB global status, server-wide), %d acknowledged orders:\n", phase, acked
      row("statements (Questions)", total)
      row("  select", sel)
      row("  insert ... values", ins)
      row("  insert ... select", insel)
      row("  update", upd)
      row("  delete", del)
      row("  commit", com)
      row("  rollback", rb)
      row("  set (autocommit, isolation, read-only...)", set)
      row("  other (show, ping, ...)", other)
      printf "  %-44s %10s\n", "deadlocks (Innodb_deadlocks)", deadlocks
      printf "  %-44s %10d\n", "row lock waits (Innodb_row_lock_waits)", d("Innodb_row_lock_waits")
      printf "  %-44s %10d\n", "time waited for row locks, ms", d("Innodb_row_lock_time")
      n = 0
      for (c in clients) { list = list (n++ ? ", " : "") c }
      if (n > 0) {
        printf "  WARNING: other clients were connected to the server and are counted too: %s\n", list
      }
      printf "RESULT db mode=%s acknowledged=%d statements=%d statements_per_order=%s select_per_order=%s " \
        "insert_per_order=%s update_per_order=%s delete_per_order=%s commits_per_order=%s rollbacks=%d " \
        "deadlocks=%s row_lock_waits=%d row_lock_time_ms=%d other_clients=%d\n", phase, acked, total, per(total),
        per(sel), per(ins + insel), per(upd), per(del), per(com), rb, deadlocks, d("Innodb_row_lock_waits"),
        d("Innodb_row_lock_time"), n
    }' "$before" "$after"
}
