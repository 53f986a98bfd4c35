#!/usr/bin/env bash
# Overload: how fast a request past the inference queue is refused. Starts the packaged jar with a small queue
# (64 texts), floods POST /predict/batch (32 texts each, 64 connections) so the queue stays full, and meanwhile probes
# with single POST /predict requests on 4 connections; the probe's answers are counted by status, and its latency
# percentiles are those of mostly-503 answers (the share is printed: p99 of the probe bounds p99 of its 503s when
# they are 99% or more of it). Also prints the process's heap and resident memory before and after.
# Usage: ROUNDS=3 benchmarks/overload.sh [duration, default 20s]   (needs wrk; not part of CI)
set -euo pipefail
cd "$(dirname "$0")/.."
duration=${1:-20s}
port=18083
jar=target/tweet-sentiment.jar
[ -f "$jar" ] || mvn -q -B -DskipTests package
java ${OVERLOAD_JAVA_OPTS:--Xmx1g -XX:+UseZGC} -jar "$jar" --server.port=$port --sentiment.batching.queue-capacity=64 >/tmp/overload-app.log 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
for i in $(seq 1 120); do curl -fs "http://localhost:$port/actuator/health/readiness" >/dev/null 2>&1 && break; sleep 1; done
base="http://localhost:$port"
mem() {
  echo "heap used $(curl -fs "$base/actuator/prometheus" | grep '^jvm_memory_used_bytes{' | grep 'area="heap"' | awk '{s += $NF} END {printf "%.0f MiB", s / 2^20}'), resident $(awk '/VmRSS/ {printf "%.0f MiB", $2 / 1024}' /proc/$pid/status)"
}
MODE=probe wrk -t1 -c4 -d5s -s benchmarks/overload.lua "$base" >/dev/null   # warm-up
echo "before: $(mem)"
for round in $(seq 1 "${ROUNDS:-1}"); do
  MODE=flood wrk -t2 -c64 -d"$duration" -s benchmarks/overload.lua "$base" >/tmp/overload-flood.txt &
  flood=$!
  sleep 2
  MODE=probe wrk -t1 -c4 -d"$(( ${duration%s} - 4 ))s" -s benchmarks/overload.lua "$base" | grep '^RESULT' | sed "s/^/round $round probe: /"
  wait $flood
  grep '^RESULT' /tmp/overload-flood.txt | sed "s/^/round $round flood: /"
  echo "round $round after: $(mem)"
done
