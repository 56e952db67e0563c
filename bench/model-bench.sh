#!/usr/bin/env bash
# Speed of the Monte Carlo model: builds dag-model + optimizer, then runs bench/ModelBench.java.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -o -Dstyle.color=never -pl dag-model,optimizer -am install -DskipTests >/dev/null 2>&1 || \
  mvn -B -q -Dstyle.color=never -pl dag-model,optimizer -am install -DskipTests
CP=$(mvn -B -q -o -pl optimizer dependency:build-classpath -Dmdep.outputFile=/dev/stdout 2>/dev/null)
java -cp "optimizer/target/classes:dag-model/target/classes:$CP" bench/ModelBench.java
