#!/usr/bin/env bash
# Speed of the Monte Carlo model: builds the reactor (nothing installed to ~/.m2), then runs dev.dagfuse.bench.ModelBench.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p target
mvn -B -q -Dstyle.color=never -pl bench -am -DskipTests package dependency:build-classpath \
  -Dmdep.outputFile=target/bench-classpath.txt > target/bench-build.log || { cat target/bench-build.log; exit 1; }
exec java ${BENCH_JAVA_OPTS:-} -cp "bench/target/classes:$(cat bench/target/bench-classpath.txt)" dev.dagfuse.bench.ModelBench "$@"
