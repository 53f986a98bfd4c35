#!/usr/bin/env bash
# The two tiers of /predict side by side in one run: the fast LSTM engine and the accurate tier (the teacher).
# Usage: benchmarks/tiers.sh TEACHER_ARTIFACT [duration, default 10s]   (needs wrk; make the artifact with
#        java -jar target/tweet-sentiment.jar publish-teacher --data twitter_training.csv --out DIR)
# Starts the packaged jar on port 18082 with the shipped model and the accurate tier (1 ONNX thread per request, at
# most 2 requests at once), warms both tiers up, then runs wrk on each tier at concurrency 1 and 2.
set -euo pipefail
cd "$(dirname "$0")/.."
teacher=${1:?usage: benchmarks/tiers.sh TEACHER_ARTIFACT [duration]}
duration=${2:-10s}
port=18082
jar=target/tweet-sentiment.jar
[ -f "$jar" ] || mvn -q -B -DskipTests package
java --add-modules=jdk.incubator.vector -XX:+UseG1GC -jar "$jar" --server.port=$port --sentiment.accurate.model="$teacher" >/tmp/bench-tiers.log 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
for i in $(seq 1 120); do curl -fs "http://localhost:$port/actuator/health/readiness" >/dev/null 2>&1 && break; sleep 1; done
script=$(dirname "$0")/predict.lua
wrk -t1 -c2 -d5s -s "$script" "http://localhost:$port/predict" >/dev/null
TIER=accurate wrk -t1 -c2 -d5s -s "$script" "http://localhost:$port/predict" >/dev/null
for c in 1 2; do
  for tier in fast accurate; do
    echo "== concurrency $c, tier $tier"
    TIER=$tier wrk -t1 -c$c -d"$duration" --latency -s "$script" "http://localhost:$port/predict" \
      | grep -E "Requests/sec|50%|99%|Non-2xx|Socket errors"
  done
done
