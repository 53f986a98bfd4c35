#!/usr/bin/env bash
# HTTP throughput and latency of /predict against a trivial endpoint of the same app, in one run.
# Usage: [ROUNDS=n] benchmarks/http.sh [duration, default 20s]   (needs wrk: apt-get install wrk)
# ROUNDS (default 1) repeats each concurrency's pair of runs, /predict then trivial, to show the machine's noise.
# Starts the packaged jar on port 18081 with the shipped model, warms it up, then for concurrency 1, 16, 64
# runs wrk on POST /predict and on GET /actuator/health/liveness (the trivial endpoint) and prints both.
set -euo pipefail
cd "$(dirname "$0")/.."
duration=${1:-20s}
port=18081
jar=target/tweet-sentiment.jar
[ -f "$jar" ] || mvn -q -B -DskipTests package
java --add-modules=jdk.incubator.vector -XX:+UseZGC -jar "$jar" --server.port=$port >/tmp/bench-app.log 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
for i in $(seq 1 120); do curl -fs "http://localhost:$port/actuator/health/readiness" >/dev/null 2>&1 && break; sleep 1; done
script=$(dirname "$0")/predict.lua
wrk -t2 -c16 -d10s -s "$script" "http://localhost:$port/predict" >/dev/null   # warm-up (JIT, buffers)
rounds=${ROUNDS:-1}
for c in 1 16 64; do
  threads=$(( c < 2 ? 1 : 2 ))
  for round in $(seq 1 "$rounds"); do
    echo "== concurrency $c, round $round: POST /predict"
    p=$(wrk -t$threads -c$c -d"$duration" --latency -s "$script" "http://localhost:$port/predict")
    echo "$p" | grep -E "Requests/sec|50%|99%|Non-2xx|Socket errors"
    echo "== concurrency $c, round $round: GET /actuator/health/liveness (trivial)"
    t=$(wrk -t$threads -c$c -d"$duration" --latency "http://localhost:$port/actuator/health/liveness")
    echo "$t" | grep -E "Requests/sec|50%|99%|Non-2xx|Socket errors"
    rp=$(echo "$p" | awk '/Requests\/sec/ {print int($2)}')
    rt=$(echo "$t" | awk '/Requests\/sec/ {print int($2)}')
    echo "ratio at concurrency $c, round $round: $(( 100 * rp / rt )) %"
  done
done
