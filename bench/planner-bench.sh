#!/usr/bin/env bash
# Planner speed: builds the reactor (nothing installed to ~/.m2), then runs dev.dagfuse.bench.PlannerBench,
# which prints Markdown tables (see bench/README.md). Arguments go to the harness, e.g. --runs 5 --sizes 10,50,200,1000.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p target
mvn -B -q -Dstyle.color=never -pl bench -am -DskipTests package dependency:build-classpath \
  -Dmdep.outputFile=target/bench-classpath.txt > target/bench-build.log || { cat target/bench-build.log; exit 1; }
exec java ${BENCH_JAVA_OPTS:-} -cp "bench/target/classes:$(cat bench/target/bench-classpath.txt)" dev.dagfuse.bench.PlannerBench "$@"
