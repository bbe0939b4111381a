# shellcheck shell=bash
# Picks a JDK 21+ for the build and exports JAVA_HOME (and puts its bin/ first on PATH).
#
# Order: the current JAVA_HOME if it is Java 21+ (or, when JAVA_HOME is unset, the `java` on
# PATH if it is 21+); otherwise the first of /usr/lib/jvm/temurin-25*, /usr/lib/jvm/*-21*,
# /usr/lib/jvm/*-2[2-9]* that holds a Java 21+ JDK. Fails with a clear message if none.
# Source this file, then call cpx_pick_java_home.

# Prints the major version of the given java binary (8 for "1.8.0_x", 21 for "21.0.3", ...).
cpx_java_major() {
  local out major
  out=$("$1" -version 2>&1) || return 1
  [[ $out =~ version\ \"([0-9]+)(\.([0-9]+))? ]] || return 1
  major=${BASH_REMATCH[1]}
  if [[ $major == 1 && -n ${BASH_REMATCH[3]} ]]; then
    major=${BASH_REMATCH[3]}
  fi
  printf '%s\n' "$major"
}

cpx_pick_java_home() {
  local min=21 major="" home="" cand java_bin

  if [[ -n ${JAVA_HOME:-} ]]; then
    if [[ -x $JAVA_HOME/bin/java ]]; then
      major=$(cpx_java_major "$JAVA_HOME/bin/java" || echo 0)
      if ((major >= min)); then
        home=$JAVA_HOME
      else
        echo "JAVA_HOME=$JAVA_HOME is Java ${major:-?}; CPX needs Java $min+, looking for another JDK." >&2
      fi
    else
      echo "JAVA_HOME=$JAVA_HOME has no bin/java; looking for a Java $min+ JDK." >&2
    fi
  elif java_bin=$(command -v java 2>/dev/null); then
    major=$(cpx_java_major "$java_bin" || echo 0)
    if ((major >= min)); then
      home=$(dirname "$(dirname "$(readlink -f "$java_bin")")")
    fi
  fi

  if [[ -z $home ]]; then
    for cand in /usr/lib/jvm/temurin-25* /usr/lib/jvm/*-21* /usr/lib/jvm/*-2[2-9]*; do
      [[ -x $cand/bin/java ]] || continue
      major=$(cpx_java_major "$cand/bin/java" || echo 0)
      if ((major >= min)); then
        home=$cand
        break
      fi
    done
  fi

  if [[ -z $home ]]; then
    {
      echo "ERROR: no Java $min+ found."
      echo "  Checked JAVA_HOME (${JAVA_HOME:-unset}), java on PATH, /usr/lib/jvm/temurin-25*,"
      echo "  /usr/lib/jvm/*-21*, /usr/lib/jvm/*-2[2-9]*."
      echo "  Install a JDK 21 or newer, or point JAVA_HOME at one."
    } >&2
    return 1
  fi

  JAVA_HOME=$home
  PATH="$JAVA_HOME/bin:$PATH"
  export JAVA_HOME PATH
  echo "Using Java $major: JAVA_HOME=$JAVA_HOME" >&2
}

# The collector the application runs with: ZGC, whose pauses stay under a millisecond, so the order path's p99
# does not wait for young collections (docs/benchmarks.md: p99 at 500 orders/s fell from 34-265 ms with G1 to
# 13-23 ms). Java 21 needs -XX:+ZGenerational for its generational mode, which later versions have by default.
# CPX_GC_OPTS overrides it (for a comparison run, e.g. CPX_GC_OPTS=-XX:+UseG1GC).
cpx_gc_opts() {
  if [[ -n ${CPX_GC_OPTS:-} ]]; then
    echo "$CPX_GC_OPTS"
    return
  fi
  local major
  major=$("$JAVA_HOME/bin/java" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n1)
  if [[ ${major:-0} -lt 23 ]]; then
    echo "-XX:+UseZGC -XX:+ZGenerational"
  else
    echo "-XX:+UseZGC"
  fi
}

