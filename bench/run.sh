#!/usr/bin/env bash
# The benchmarks (issue 7), figures only: starts one emulator in its own JVM, runs the driver's
# shaded jar against it beside the raw client and a bare OkHttp + Jackson loop, and prints one table.
#   QUICK=1          CI-sized: fewer repetitions and statements, two first-query JVMs of each kind
#   SCALE=N          emulator scale (default 3: 2.4 M cells; the 1 M cut needs 3)
#   FIRST_RUNS=N     fresh JVMs per first-query variant (default 5, QUICK 2)
#   PARTS=a,b        parts of the warm JVM (bulk,overhead,fanout,pushdown,cache)
#   FANOUT_SCALE=N   scale of a second, small emulator that the fan-out runs on again (default 1):
#                    at scale 3 each call costs the server more CPU than the 50 ms latency
#   JFR=DIR          record every benchmark JVM with JFR into DIR (for the profiles of BENCHMARKS.md)
# It fails only if a read fails or two paths disagree on the rows; never on timing.
set -euo pipefail
cd "$(dirname "$0")/.."

QUICK=${QUICK:-0}
SCALE=${SCALE:-3}
FIRST_RUNS=${FIRST_RUNS:-$([[ "$QUICK" == 1 ]] && echo 2 || echo 5)}
DRIVER_JAR=driver/target/onestream-jdbc-0.1.0-SNAPSHOT.jar
EMULATOR_JAR=emulator/target/onestream-emulator-0.1.0-SNAPSHOT.jar
BENCH_JAR=bench/target/onestream-bench-0.1.0-SNAPSHOT.jar
if [[ ! -f "$DRIVER_JAR" || ! -f "$EMULATOR_JAR" || ! -f "$BENCH_JAR" \
    || ! -f bench/target/bench.cp ]]; then
  # One reactor build, so that the bench resolves the driver from it (never `install`).
  mvn -B -q package dependency:build-classpath -DskipTests -Dspotless.check.skip=true \
    -pl bench -am -Dmdep.includeScope=runtime \
    -Dmdep.outputFile=target/bench.cp
fi
# Jars only (class-data sharing refuses directories): the bench, the driver's shaded jar as BI
# tools load it (the client's public classes are in it), and OkHttp + Jackson for the bare loop.
THIRD_PARTY=$(tr ':' '\n' <bench/target/bench.cp | grep -v '/target/' | paste -sd: -)
CP="$BENCH_JAR:$DRIVER_JAR:$THIRD_PARTY"
OUT=bench/target/run
rm -rf "$OUT" && mkdir -p "$OUT"
RESULTS=$OUT/results.tsv
: >"$RESULTS"

echo "machine: $(nproc) cores, $(free -g | awk '/^Mem:/ {print $2}') GiB memory;" \
  "$(java -version 2>&1 | sed -n 1p); $(uname -sr)"

PAT=Bench000000000000000000000000000-111111111111111111111111111111111
LOG=$OUT/emulator.log
PIDS=()
trap 'for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done' EXIT
# Starts an emulator: LOG SCALE HEAP; sets EMULATOR_URL once it serves.
start_emulator() {
  java "-Xmx$3" -jar "$EMULATOR_JAR" --port 0 --pat "$PAT" --scale "$2" --page-size 50000 \
    >"$1" 2>&1 &
  PIDS+=($!)
  for _ in $(seq 1 600); do
    if grep -q 'Press Ctrl-C' "$1"; then break; fi
    if ! kill -0 "$!" 2>/dev/null; then echo "emulator failed; see $1" >&2; exit 1; fi
    sleep 0.5
  done
  EMULATOR_URL=$(sed -n 's/^ *Base URL: *//p' "$1")
}
start_emulator "$LOG" "$SCALE" 3g
BASE_URL=$EMULATOR_URL
echo "emulator at $BASE_URL, scale $SCALE, page size 50000: $(head -1 "$LOG")"

# One JVM of the benchmarks: java OPTIONS... -- PART ARGS...; notes the load average before it.
run() {
  local opts=() name
  while [[ "$1" != -- ]]; do opts+=("$1"); shift; done
  shift
  name=$(echo "$*" | tr ' ' '-')
  local load
  load=$(cut -d' ' -f1 /proc/loadavg)
  printf 'sample\tmachine\tload average (1 min) before %s\t%s\t\t\n' "${name%%-*}" "$load" \
    >>"$RESULTS"
  echo "== $* (load $load)"
  if [[ -n "${JFR:-}" ]]; then
    mkdir -p "$JFR"
    opts+=("-XX:StartFlightRecording=filename=$JFR/$name.jfr,settings=profile")
  fi
  java "${opts[@]}" -Dbench.url="${URL:-$BASE_URL}" -Dbench.scale="${URL_SCALE:-$SCALE}" -Dbench.pat="$PAT" -Dbench.quick="$([[ "$QUICK" == 1 ]] \
    && echo true || echo false)" -Dbench.results="$RESULTS" -Dbench.parts="${PARTS:-bulk,overhead,fanout,pushdown,cache}" \
    -cp "$CP" io.cubesql.onestream.bench.BenchMain "$@"
}

run -Xmx1g -- warm
run -Xmx1g -Dcalcite.bindable.cache.maxSize=0 -- overhead
start_emulator "$OUT/emulator-small.log" "${FANOUT_SCALE:-1}" 1g
URL=$EMULATOR_URL URL_SCALE=${FANOUT_SCALE:-1} run -Xmx1g -- fanout
run -Xmx128m -- heap
# Class-data sharing: one run writes the archive of the classes a first query loads.
JSA=$OUT/first-query.jsa
run -XX:ArchiveClassesAtExit="$JSA" -Xlog:cds=off -Xlog:cds+dynamic=off -- first archive
for _ in $(seq 1 "$FIRST_RUNS"); do
  run -- first "no app CDS"
  run -XX:SharedArchiveFile="$JSA" -- first "app CDS archive"
done

echo
java -cp "$BENCH_JAR" io.cubesql.onestream.bench.BenchMain table "$RESULTS"
