#!/usr/bin/env bash
# Summarises a JFR recording of a benchmark JVM (bench/run.sh with JFR=DIR): the top frames by
# execution samples, self (the frame running) and total (the frame anywhere on the stack), with
# line numbers dropped. Usage: bench/jfr-top.sh FILE.jfr [N] [THREAD-REGEX]
set -euo pipefail
FILE=$1
N=${2:-15}
THREAD=${3:-.}
jfr print --events jdk.ExecutionSample --stack-depth 64 "$FILE" | awk -v n="$N" -v thread="$THREAD" '
  /sampledThread = / { keep = ($0 ~ thread) }
  /stackTrace = \[/ { instack = 1; depth = 0; delete seen; next }
  instack && /^[[:space:]]*\]/ { instack = 0; if (keep) samples++; next }
  instack && keep {
    f = $0; sub(/^[[:space:]]+/, "", f); sub(/[[:space:]]+line:.*/, "", f)
    if (f == "...") next
    if (depth++ == 0) self[f]++
    if (!(f in seen)) { seen[f] = 1; total[f]++ }
  }
  END {
    printf "%d samples\n-- self (top of stack)\n", samples
    for (f in self) printf "%6d %5.1f%%  %s\n", self[f], 100 * self[f] / samples, f | "sort -rn | head -" n
    close("sort -rn | head -" n)
    printf "-- total (anywhere on the stack)\n"
    for (f in total) printf "%6d %5.1f%%  %s\n", total[f], 100 * total[f] / samples, f | "sort -rn | head -" n
    close("sort -rn | head -" n)
  }'
