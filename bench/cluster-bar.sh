#!/usr/bin/env bash
# The cluster bar of docs/cluster.md §4: builds the reactor (nothing installed to ~/.m2), then runs
# dev.dagfuse.bench.ClusterBar, which profiles chatbot and ml-pipeline here, plans them with plan-cluster and runs them
# together (`dagfuse run A B --rates …`) once per seed, printing Markdown tables. Arguments go to the harness, e.g.
# --rates 3/s,2/s --requests 120 --runs 3 [--committed-profiles]. About 10 minutes at the defaults (each run first calibrates for 30 s).
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p target
mvn -B -q -Dstyle.color=never -pl bench -am -DskipTests package dependency:build-classpath \
  -Dmdep.outputFile=target/bench-classpath.txt > target/bench-build.log || { cat target/bench-build.log; exit 1; }
./dagfuse --version >/dev/null
exec java ${BENCH_JAVA_OPTS:-} -cp "bench/target/classes:$(cat bench/target/bench-classpath.txt)" dev.dagfuse.bench.ClusterBar "$@"
