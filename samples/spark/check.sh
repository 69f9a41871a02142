#!/usr/bin/env bash
# Spark sample check: builds the driver's shaded jar (unless it is up to date), builds the sample,
# then runs the job twice with Spark 3.5 on local[2] against the emulator in the same JVM:
#   1. mvn exec:exec: a plain java command, the driver's jar on the class path after Spark's;
#   2. SparkSubmit --jars: as spark-submit runs it, the driver's jar in Spark's own class loader.
# With --spark4, a third run: mvn -Pspark4 exec:exec (Spark 4.0, Scala 2.13).
# Each run prints its table and exits non-zero when a check fails (see README.md beside this file).
# Needs Java 17+ and Maven; Spark comes from Maven Central (215 MB of jars for 3.5, 268 MB for 4.0,
# the first time).
set -euo pipefail

spark4=false
for arg in "$@"; do
  case "$arg" in
    --spark4) spark4=true ;;
    *) echo "usage: check.sh [--spark4]" >&2; exit 64 ;;
  esac
done

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cd "$root"

version=0.1.0-SNAPSHOT
driver_jar="$root/driver/target/onestream-jdbc-$version.jar"
sample_jar="$here/target/onestream-spark-sample-$version.jar"
main_class=io.cubesql.samples.spark.SparkJdbcSample
master='local[2]'
page_size=1000
export SPARK_LOCAL_IP=127.0.0.1

if ! java -version 2>&1 | grep -Eq 'version "(1[7-9]|[2-9][0-9])'; then
  echo "check.sh: Java 17 or later is needed" >&2
  exit 1
fi
command -v mvn >/dev/null || { echo "check.sh: Maven is needed" >&2; exit 1; }

seconds() { date +%s; }
started=$(seconds)

# 1. The driver's jar (which also holds the emulator): built unless newer than every source.
if [ ! -f "$driver_jar" ] \
    || [ -n "$(find pom.xml client emulator calcite-adapter driver \
                 \( -path '*/target' -prune \) -o -type f -newer "$driver_jar" -print -quit)" ]; then
  echo "== Building the driver's jar (mvn -DskipTests package at the repository root)"
  mvn -B -q -DskipTests package
else
  echo "== Driver's jar up to date: $driver_jar"
fi
built=$(seconds)

# 2. The sample, and the class path of Spark (without the driver) for the SparkSubmit run.
echo "== Building the sample (Spark from Maven Central on the first run)"
mvn -B -q -f "$here/pom.xml" clean package dependency:build-classpath \
  -Dmdep.outputFile="$here/target/spark-classpath.txt" -DexcludeArtifactIds=onestream-jdbc
sample_built=$(seconds)

# 3. mvn exec:exec: java @spark-jvm.args -classpath <sample, Spark, driver jar> SparkJdbcSample
echo
echo "== Run 1: java -classpath ... (mvn -f samples/spark/pom.xml exec:exec)"
mvn -B -q -f "$here/pom.xml" exec:exec -Dsample.master="$master" -Dsample.pageSize="$page_size"
run1=$(seconds)

# 4. SparkSubmit, the class bin/spark-submit launches: the driver's jar goes through --jars.
echo
echo "== Run 2: SparkSubmit --master $master --jars onestream-jdbc-$version.jar"
java @"$here/spark-jvm.args" \
  -Dlog4j2.configurationFile="$here/src/main/resources/log4j2.properties" \
  -cp "$(cat "$here/target/spark-classpath.txt")" \
  org.apache.spark.deploy.SparkSubmit \
  --master "$master" --jars "$driver_jar" --class "$main_class" \
  "$sample_jar" "$master" "$page_size"
run2=$(seconds)

run3=$run2
if $spark4; then
  echo
  echo "== Run 3: Spark 4.0 (mvn -f samples/spark/pom.xml -Pspark4 clean package exec:exec)"
  mvn -B -q -f "$here/pom.xml" -Pspark4 clean package exec:exec \
    -Dsample.master="$master" -Dsample.pageSize="$page_size"
  run3=$(seconds)
  # Leave target/ as a plain build would (Spark 3.5).
  mvn -B -q -f "$here/pom.xml" clean package
fi

times="driver build $((built - started)), sample build $((sample_built - built))"
times+=", run 1 $((run1 - sample_built)), run 2 $((run2 - run1))"
if $spark4; then times+=", run 3 (Spark 4) $((run3 - run2))"; fi
echo
echo "== Spark sample: passed. Seconds: $times, total $(($(seconds) - started))"
