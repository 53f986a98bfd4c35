#!/usr/bin/env bash
# /predict with and without "explain": true, in one JVM: wrk -t2 -c16 on POST /predict, alternating.
# Usage: [ROUNDS=n] benchmarks/explain.sh [duration, default 15s]   (needs wrk)
# Starts the packaged jar on port 18084 with the shipped model, warms both kinds of request up (60 s plain, 30 s
# explained: the JIT keeps improving for about a minute on two cores), then measures plain, explained, plain, ...
# The engine's own cost of an explanation is ExplainBenchmark (BENCH=ExplainBenchmark benchmarks/engine.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
duration=${1:-15s}
port=18084
jar=target/tweet-sentiment.jar
[ -f "$jar" ] || mvn -q -B -DskipTests package
java --add-modules=jdk.incubator.vector -XX:+UseG1GC -jar "$jar" --server.port=$port >/tmp/bench-explain.log 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
for i in $(seq 1 120); do curl -fs "http://localhost:$port/actuator/health/readiness" >/dev/null 2>&1 && break; sleep 1; done
script=$(dirname "$0")/predict.lua
wrk -t2 -c16 -d60s -s "$script" "http://localhost:$port/predict" >/dev/null
EXPLAIN=1 wrk -t2 -c16 -d30s -s "$script" "http://localhost:$port/predict" >/dev/null
for round in $(seq 1 "${ROUNDS:-2}"); do
  for explain in 0 1; do
    out=$(EXPLAIN=$explain wrk -t2 -c16 -d"$duration" --latency -s "$script" "http://localhost:$port/predict")
    echo "round $round, explain=$explain: $(echo "$out" | awk '/Requests\/sec/ {print $2}') req/s," \
      "p50 $(echo "$out" | awk '$1 == "50%" {print $2}'), p99 $(echo "$out" | awk '$1 == "99%" {print $2}')" \
      "$(echo "$out" | grep -E 'Non-2xx|Socket errors' || true)"
  done
done
