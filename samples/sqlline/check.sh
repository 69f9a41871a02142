#!/usr/bin/env bash
# CI check of the SQLLine launcher: a query on the demo, then a server (the emulator's jar) reached
# with a properties file that carries the PAT and a call budget, as a user would.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
emulator="$root/emulator/target/onestream-emulator-0.1.0-SNAPSHOT.jar"
[ -f "$emulator" ] || (cd "$root" && mvn -B -q -DskipTests package)

out=$(bash "$here/sqlline.sh" -e "SELECT Account, Actual, Budget FROM cubeviews.ActualVsBudget WHERE Entity = 'Houston' AND \"Time\" = '2024M3';" 2>&1)
echo "$out" | grep -E '^\||rows? selected'
grep -Eq '^\| Net Income +\| 13848\.01 +\| 11961\.39 +\|$' <<<"$out" \
  || { echo "SQLLine on the demo printed no Net Income row"; exit 1; }
grep -q '^14 rows selected' <<<"$out" || { echo "SQLLine on the demo did not select 14 rows"; exit 1; }

port=8098
pat=Demo0000000000000000000000000000-111111111111111111111111111111111
props="$(mktemp)"
java -jar "$emulator" --port "$port" --pat "$pat" >/dev/null 2>&1 &
emulator_pid=$!
trap 'kill "$emulator_pid" 2>/dev/null || true; rm -f "$props"' EXIT
for _ in $(seq 1 100); do
  curl -s -o /dev/null "http://127.0.0.1:$port/" && break
  sleep 0.2
done
printf 'url=jdbc:onestream://127.0.0.1:%s/GolfStream?ssl=false\npassword=%s\ncallBudget=2\nmembersPerRequest=1\n' \
  "$port" "$pat" >"$props"
out=$(bash "$here/sqlline.sh" -f "$props" -e "SELECT COUNT(*) AS N FROM cubes.GolfStream WHERE Entity IN ('Houston', 'Montreal');" 2>&1)
echo "$out" | grep -E '^\||rows? selected'
grep -Eq '^\| [0-9]+ +\|$' <<<"$out" || { echo "SQLLine with a properties file read no count"; exit 1; }
out=$(bash "$here/sqlline.sh" -f "$props" -e "SELECT COUNT(*) AS N FROM cubes.GolfStream WHERE Entity IN ('Houston', 'Montreal', 'Frankfurt');" 2>&1 || true)
grep -q 'state=54000' <<<"$out" \
  || { echo "callBudget=2 from the properties file did not refuse three calls"; exit 1; }
if grep -q "$pat" <<<"$out"; then echo "The PAT was printed"; exit 1; fi
echo "SQLLine check: demo query, properties file (PAT, callBudget) OK"
