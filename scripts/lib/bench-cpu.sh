# shellcheck shell=bash
# CPU time used by a process, read from /proc: what a phase cost in CPU per order is steadier on a shared machine
# than its orders per second, and it tells which process the cores went to (application, database, load).

# Prints the user + system CPU time of process $1 in milliseconds (0 when the process is gone).
cpx_bench_cpu_ms() {
  local pid=$1 fields ticks
  [[ -r /proc/$pid/stat ]] || { echo 0; return; }
  # Fields 14 and 15 (utime, stime) counted after the command name, which may itself hold spaces.
  fields=$(sed 's/^.*) //' "/proc/$pid/stat")
  ticks=$(awk '{ print $12 + $13 }' <<<"$fields")
  echo $((ticks * 1000 / $(getconf CLK_TCK)))
}

# The pid of the process listening on local TCP port $1, or nothing.
cpx_bench_pid_on_port() {
  ss -Hltnp "sport = :$1" 2>/dev/null | sed -n 's/.*pid=\([0-9]*\).*/\1/p' | head -n1
}

# Prints the CPU time of process $1's JIT compiler threads in milliseconds: while it is more than a small part of
# the phase, the phase measured a JVM still compiling its hot paths, not its steady state.
cpx_bench_jit_cpu_ms() {
  local pid=$1 task ticks=0 fields
  for task in /proc/"$pid"/task/*; do
    [[ $(cat "$task/comm" 2>/dev/null) == C[12]\ CompilerThre* ]] || continue
    fields=$(sed 's/^.*) //' "$task/stat" 2>/dev/null) || continue
    ticks=$((ticks + $(awk '{ print $12 + $13 }' <<<"$fields")))
  done
  echo $((ticks * 1000 / $(getconf CLK_TCK)))
}
