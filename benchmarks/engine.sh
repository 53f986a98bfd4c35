#!/usr/bin/env bash
# JMH figures of the LSTM engine (forward pass, T=32, E=100, H=128, one ND4J thread).
# Usage: benchmarks/engine.sh [extra JMH options]   e.g. benchmarks/engine.sh -f 1 -wi 3 -i 5
#        BENCH=ArtifactBenchmark benchmarks/engine.sh -p artifact=DIR1,DIR2   trained artifacts side by side
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -B test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
export OMP_NUM_THREADS=1
exec java --add-modules=jdk.incubator.vector ${ENGINE_JAVA_OPTS:-} -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" org.openjdk.jmh.Main "${BENCH:-EngineBenchmark}" \
  -wi 3 -w 2s -i 5 -r 2s -f "${FORKS:-1}" "$@"
