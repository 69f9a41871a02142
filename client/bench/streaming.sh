#!/usr/bin/env bash
# Streaming benchmark: starts the emulator at --scale 3 (2.4 M cells) in its own JVM, then reads
# every cell through OneStreamClient.dataCells and through a bare OkHttp + Jackson loop in a client
# JVM capped at -Xmx128m, and prints rows/s, their ratio and the peak heap. Builds what is missing.
set -euo pipefail
cd "$(dirname "$0")/../.."

EMULATOR_JAR=emulator/target/onestream-emulator-0.1.0-SNAPSHOT.jar
if [[ ! -f "$EMULATOR_JAR" || ! -f client/target/bench.cp ]]; then
  # One reactor build, so that the client resolves the emulator from it (never `install`).
  mvn -B -q package dependency:build-classpath -DskipTests -Dspotless.check.skip=true \
    -pl emulator,client -Dmdep.includeScope=runtime -Dmdep.outputFile=target/bench.cp
fi
CP="client/target/classes:client/target/test-classes:$(cat client/target/bench.cp)"

# A benchmark-only PAT for a loopback emulator: 66 letters and digits with one dash.
PAT=Bench000000000000000000000000000-111111111111111111111111111111111
LOG=client/target/bench-emulator.log
java -Xmx3g -jar "$EMULATOR_JAR" --port 0 --pat "$PAT" --scale 3 --page-size 50000 \
  >"$LOG" 2>&1 &
EMULATOR_PID=$!
trap 'kill "$EMULATOR_PID" 2>/dev/null || true; wait "$EMULATOR_PID" 2>/dev/null || true' EXIT

# The emulator prints its base URL once GolfStream is built.
for _ in $(seq 1 600); do
  if grep -q 'Press Ctrl-C' "$LOG"; then break; fi
  if ! kill -0 "$EMULATOR_PID" 2>/dev/null; then echo "emulator failed; see $LOG" >&2; exit 1; fi
  sleep 0.5
done
BASE_URL=$(sed -n 's/^ *Base URL: *//p' "$LOG")
echo "emulator up at $BASE_URL (scale 3, page size 50000): $(head -1 "$LOG")"

java -Xmx128m -cp "$CP" io.cubesql.onestream.client.bench.StreamingBenchmark \
  "$BASE_URL" "$PAT"
