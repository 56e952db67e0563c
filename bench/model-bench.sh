#!/usr/bin/env bash
# Speed of the Monte Carlo model: builds dag-model + optimizer in the reactor (nothing installed to ~/.m2),
# then runs bench/ModelBench.java as a single-file program.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -o -Dstyle.color=never -pl dag-model,optimizer -am -DskipTests package dependency:build-classpath \
  -Dmdep.outputFile=target/bench-classpath.txt >/dev/null
java -cp "optimizer/target/classes:dag-model/target/classes:$(cat optimizer/target/bench-classpath.txt)" bench/ModelBench.java
