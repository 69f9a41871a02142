#!/usr/bin/env bash
# SQLLine on the OneStream JDBC driver.
#
#   samples/sqlline/sqlline.sh                         the demo (jdbc:onestream:demo), interactive
#   samples/sqlline/sqlline.sh -f my.properties         a server: url, password, ... in a file
#   samples/sqlline/sqlline.sh -u URL [-f FILE] [SQLLine options, such as -e "SELECT ..."]
#
# The properties file holds the connection properties (password=<PAT>, callBudget=..., and url=
# unless -u gives it); it keeps the PAT off the command line, where `ps` would show it. SQLLine and
# its libraries are fetched from Maven Central once, into samples/sqlline/target/lib; the driver's
# jar is built if it is missing.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
jar="$root/driver/target/onestream-jdbc-0.1.0-SNAPSHOT.jar"
lib="$here/target/lib"

url=""
props=""
args=()
while [ $# -gt 0 ]; do
  case "$1" in
    -u) url="$2"; shift 2 ;;
    -f) props="$2"; shift 2 ;;
    *) args+=("$1"); shift ;;
  esac
done

if [ ! -f "$jar" ]; then
  echo "Building the driver's jar..." >&2
  (cd "$root" && mvn -B -q -DskipTests package) >&2
fi
if [ ! -f "$lib/sqlline-1.12.0.jar" ]; then
  echo "Fetching SQLLine..." >&2
  mvn -B -q -f "$here/pom.xml" dependency:copy-dependencies -DoutputDirectory="$lib" >&2
fi

# SQLLine connects through a properties file of its own (url, driver, and every other key handed to
# the driver as a connection property), made private to this user and removed on exit.
conn="$(mktemp)"
chmod 600 "$conn"
trap 'rm -f "$conn"' EXIT
if [ -n "$props" ]; then
  cat "$props" >>"$conn"
  echo >>"$conn"
fi
if [ -n "$url" ]; then
  echo "url=$url" >>"$conn"
elif ! grep -q '^url=' "$conn"; then
  echo "url=jdbc:onestream:demo" >>"$conn"
fi
echo "driver=io.cubesql.onestream.jdbc.OneStreamDriver" >>"$conn"
grep -q '^user=' "$conn" || echo "user=" >>"$conn"
grep -q '^password=' "$conn" || echo "password=" >>"$conn"

# Without a terminal (a pipe, CI), SQLLine's width would be 0 and it would cut every row away.
width=()
[ -t 1 ] || width=(--maxWidth="${COLUMNS:-200}")

java -cp "$lib/*:$jar" sqlline.SqlLine --fastConnect=true --showWarnings=true "${width[@]}" \
  -e "!properties $conn" "${args[@]}"
