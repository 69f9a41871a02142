#!/usr/bin/env bash
# SQL benchmark (figures only): starts the emulator (scale 1 unless SCALE is set) in its own JVM,
# then runs the first query of five fresh JVMs, and in one more JVM the warm per-query overhead of
# SQL over the raw client (distinct SQL text; a re-executed PreparedStatement) and bulk rows/s of a
# whole-cube SELECT against the raw client reading the same cells. Builds what is missing.
set -euo pipefail
cd "$(dirname "$0")/../.."

EMULATOR_JAR=emulator/target/onestream-emulator-0.1.0-SNAPSHOT.jar
if [[ ! -f "$EMULATOR_JAR" || ! -f calcite-adapter/target/bench.cp \
    || ! -d calcite-adapter/target/test-classes ]]; then
  mvn -B -q package dependency:build-classpath -DskipTests -Dspotless.check.skip=true \
    -pl emulator,client,calcite-adapter -Dmdep.includeScope=runtime \
    -Dmdep.outputFile=target/bench.cp
fi
CP="calcite-adapter/target/classes:calcite-adapter/target/test-classes:$(cat calcite-adapter/target/bench.cp)"

PAT=Bench000000000000000000000000000-111111111111111111111111111111111
LOG=calcite-adapter/target/bench-emulator.log
java -Xmx3g -jar "$EMULATOR_JAR" --port 0 --pat "$PAT" --scale "${SCALE:-1}" --page-size 50000 \
  >"$LOG" 2>&1 &
EMULATOR_PID=$!
trap 'kill "$EMULATOR_PID" 2>/dev/null || true; wait "$EMULATOR_PID" 2>/dev/null || true' EXIT
for _ in $(seq 1 600); do
  if grep -q 'Press Ctrl-C' "$LOG"; then break; fi
  if ! kill -0 "$EMULATOR_PID" 2>/dev/null; then echo "emulator failed; see $LOG" >&2; exit 1; fi
  sleep 0.5
done
BASE_URL=$(sed -n 's/^ *Base URL: *//p' "$LOG")
echo "emulator up at $BASE_URL (scale ${SCALE:-1}): $(head -1 "$LOG")"

for i in 1 2 3 4 5; do
  java -Dslf4j.internal.verbosity=ERROR -cp "$CP" io.cubesql.onestream.calcite.bench.FirstQuery "$BASE_URL" "$PAT"
done
java -Xmx1g -Dslf4j.internal.verbosity=ERROR -cp "$CP" io.cubesql.onestream.calcite.bench.SqlBenchmark "$BASE_URL" "$PAT"
