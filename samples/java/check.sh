#!/usr/bin/env bash
# CI check of the Java samples: plain JDBC and a HikariCP pool, on the shaded jar as a user has it.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
jar="$root/driver/target/onestream-jdbc-0.1.0-SNAPSHOT.jar"
[ -f "$jar" ] || (cd "$root" && mvn -B -q -DskipTests package)
mvn -B -q -f "$here/pom.xml" compile dependency:copy-dependencies \
  -DoutputDirectory="$here/target/lib" -DincludeScope=runtime
cp="$here/target/classes:$here/target/lib/*:$jar"

out=$(java -cp "$cp" sample.PlainJdbc 2>/dev/null)
echo "$out" | sed -n '1,3p;$p'
grep -Eq '^Net Income +13848\.01 +11961\.39 +1886\.62$' <<<"$out" \
  || { echo "PlainJdbc printed no Net Income row"; exit 1; }
grep -q '^(14 rows)$' <<<"$out" || { echo "PlainJdbc did not print 14 rows"; exit 1; }

# The pool sample exits 1 itself when a failed statement cost a connection.
java -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$cp" sample.HikariSample
echo "Java samples check: plain JDBC and HikariCP OK"
