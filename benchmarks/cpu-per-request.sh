#!/usr/bin/env bash
# Server CPU time per request of POST /predict and of the trivial endpoint at concurrency 64: less sensitive to
# a noisy machine than requests per second, since only the server's own CPU time is counted.
# Usage: benchmarks/cpu-per-request.sh [extra app arguments, e.g. --sentiment.batching.threads=1]   (needs wrk)
# Starts the packaged jar on port 18094, warms both endpoints up (50 s: the JIT needs it on 2 cores), then twice:
# wrk for 8 s on each, reading utime+stime of the process from /proc before and after.
set -euo pipefail
cd "$(dirname "$0")/.."
port=18094
jar=target/tweet-sentiment.jar
[ -f "$jar" ] || mvn -q -B -DskipTests package
java --add-modules=jdk.incubator.vector -XX:+UseG1GC ${JAVA_OPTS:-} -jar "$jar" --server.port=$port "$@" >/tmp/cpu-bench-app.log 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
for i in $(seq 1 120); do curl -fs "http://localhost:$port/actuator/health/readiness" >/dev/null 2>&1 && break; sleep 1; done
lua=$(dirname "$0")/predict.lua
predict="http://localhost:$port/predict"
trivial="http://localhost:$port/actuator/health/liveness"
wrk -t2 -c64 -d30s -s "$lua" "$predict" >/dev/null
wrk -t2 -c64 -d20s "$trivial" >/dev/null
ticks() { awk '{print $14 + $15}' /proc/$pid/stat; }
hz=$(getconf CLK_TCK)
for round in 1 2; do
  for endpoint in predict trivial; do
    before=$(ticks)
    if [ $endpoint = predict ]; then out=$(wrk -t2 -c64 -d8s -s "$lua" "$predict"); else out=$(wrk -t2 -c64 -d8s "$trivial"); fi
    after=$(ticks)
    n=$(echo "$out" | awk '/requests in/ {print $1}')
    rps=$(echo "$out" | awk '/Requests\/sec/ {print int($2)}')
    echo "round $round $endpoint: $rps req/s, $(( (after - before) * 1000000 / hz / n )) us server CPU per request"
  done
done
curl -s "http://localhost:$port/actuator/prometheus" | grep -E '^sentiment_batch_size_(sum|count)'
