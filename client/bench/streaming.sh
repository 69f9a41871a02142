#!/usr/bin/env bash
# Streaming benchmark: starts the emulator at --scale 3 (2.4 M cells) in its own JVM, then reads
# every cell through OneStreamClient.dataCells and through a bare OkHttp + Jackson loop in a client
# JVM capped at -Xmx128m, and prints rows/s, their ratio and the peak heap. Builds what is missing.
set -euo pipefail
cd "$(dirname "$0")/../.."

EMULATOR_JAR=emulator/target/onestream-emulator-0.1.0-SNAPSHOT.jar
BENCH_CLASS=client/target/test-classes/io/cubesql/onestream/client/bench/StreamingBenchmark.class
if [[ ! -f "$EMULATOR_JAR" || ! -f "$BENCH_CLASS" ]]; then
  # package, never install: ~/.m2 is shared.
  mvn -B -o -q package -DskipTests -Dspotless.check.skip=true -pl emulator,client
fi
if [[ ! -f client/target/bench.cp ]]; then
  mvn -B -o -q dependency:build-classpath -pl emulator,client \
    -Dmdep.includeScope=runtime -Dmdep.outputFile=target/bench.cp
fi
CP="client/target/classes:client/target/test-classes:$(cat client/target/bench.cp)"

FREE_PORT='import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
PORT=${PORT:-$(python3 -c "$FREE_PORT")}
# A benchmark-only PAT for a loopback emulator: 66 letters and digits with one dash.
PAT=Bench000000000000000000000000000-111111111111111111111111111111111
LOG=client/target/bench-emulator.log
java -Xmx3g -jar "$EMULATOR_JAR" --port "$PORT" --pat "$PAT" --scale 3 --page-size 50000 \
  >"$LOG" 2>&1 &
EMULATOR_PID=$!
trap 'kill "$EMULATOR_PID" 2>/dev/null || true; wait "$EMULATOR_PID" 2>/dev/null || true' EXIT

for _ in $(seq 1 600); do
  if curl -s -o /dev/null "http://127.0.0.1:$PORT/"; then break; fi
  if ! kill -0 "$EMULATOR_PID" 2>/dev/null; then echo "emulator failed; see $LOG" >&2; exit 1; fi
  sleep 0.5
done
echo "emulator up on port $PORT (scale 3, page size 50000)"

java -Xmx128m -cp "$CP" io.cubesql.onestream.client.bench.StreamingBenchmark \
  "http://127.0.0.1:$PORT" "$PAT"
