#!/usr/bin/env bash
# Overload: how fast a request past the inference queue is refused. Starts the packaged jar with a small queue
# (64 texts), floods POST /predict/batch (32 texts each, 64 connections) so the queue stays full, and meanwhile probes
# with single POST /predict requests on 4 connections; the probe's answers are counted by status, and the 503s'
# latency percentiles are printed apart from the 2xx answers' (s503_..., s2xx_...; wrk's own p50/p99 mix the two).
# Also prints the process's heap and resident memory before and after.
# FLOOD_DELAY_MS=n: each flood connection waits n ms after an answer before its next request (a paced flood; by
# default 0, connections that send again at once); FLOOD_CONNECTIONS (default 64).
# Usage: ROUNDS=3 benchmarks/overload.sh [duration, default 20s]   (needs wrk; not part of CI)
# OVERLOAD_PIN=1: the service on core 0, wrk on core 1 (so the load generator does not take the service's core).
# OVERLOAD_JAR (another jar), OVERLOAD_JAVA_OPTS (default -Xmx1g -XX:+UseG1GC), OVERLOAD_ARGS (more --settings).
set -euo pipefail
cd "$(dirname "$0")/.."
duration=${1:-20s}
port=18083
jar=${OVERLOAD_JAR:-target/tweet-sentiment.jar}
[ -f "$jar" ] || mvn -q -B -DskipTests package
${OVERLOAD_PIN:+taskset -c 0} java --add-modules=jdk.incubator.vector ${OVERLOAD_JAVA_OPTS:--Xmx1g -XX:+UseG1GC} -jar "$jar" --server.port=$port --sentiment.batching.queue-capacity=64 ${OVERLOAD_ARGS:-} >/tmp/overload-app.log 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
for i in $(seq 1 120); do
  kill -0 $pid 2>/dev/null || { echo "the service exited (is port $port taken?); see /tmp/overload-app.log"; exit 1; }
  curl -fs "http://localhost:$port/actuator/health/readiness" >/dev/null 2>&1 && break; sleep 1
done
base="http://localhost:$port"
mem() {
  echo "heap used $(curl -fs "$base/actuator/prometheus" | grep '^jvm_memory_used_bytes{' | grep 'area="heap"' | awk '{s += $NF} END {printf "%.0f MiB", s / 2^20}'), resident $(awk '/VmRSS/ {printf "%.0f MiB", $2 / 1024}' /proc/$pid/status)"
}
# the load, each for the duration given (with OVERLOAD_PIN on core 1); the probe has one connection per wrk thread,
# which its by-status timing needs
flood() {
  ${OVERLOAD_PIN:+taskset -c 1} env MODE=flood FLOOD_DELAY_MS=${FLOOD_DELAY_MS:-0} \
    wrk -t2 -c${FLOOD_CONNECTIONS:-64} -d"$1" -s benchmarks/overload.lua "$base"
}
probe() {
  ${OVERLOAD_PIN:+taskset -c 1} env MODE=probe wrk -t4 -c4 -d"$1" -s benchmarks/overload.lua "$base"
}
# warm-up, so the JIT has compiled the refusal and the batch paths before round 1
flood 10s >/dev/null &
warm=$!
probe 10s >/dev/null
wait $warm
if [ -n "${OVERLOAD_NICE:-}" ]; then   # experiment: the inference threads at a lower CPU priority
  for task in /proc/$pid/task/*; do grep -q '^inference-' "$task/comm" && renice -n "$OVERLOAD_NICE" -p "${task##*/}" >/dev/null; done
fi
echo "before: $(mem)"
# The service's own timer (histogram buckets) of 503 answers to POST /predict: from the HTTP observation filter to
# the answer, so without the time a request waits for a thread or a core before it reaches the service.
refusals() {
  curl -fs "$base/actuator/prometheus" | grep '^http_server_requests_seconds_bucket{' | grep 'status="503"' | grep 'uri="/predict"' \
    | sed -E 's/.*le="([^"]+)".* ([0-9.eE+]+)$/\1 \2/' || true   # none yet
}
# p50 and p99 of the answers counted since the snapshot in file $1 (upper bounds of their buckets), in ms
server_percentiles() {
  awk -v before="$1" 'BEGIN { while ((getline line < before) > 0) { split(line, f, " "); b[f[1]] = f[2] } }
    { n[NR] = $1; c[NR] = $2 - b[$1]; total = c[NR] }
    END { for (i = 1; i <= NR; i++) { if (!p50 && c[i] >= 0.5 * total) p50 = n[i]; if (!p99 && c[i] >= 0.99 * total) p99 = n[i] }
      printf "%d answers, p50 <= %.2f ms, p99 <= %.2f ms", total, p50 * 1000, p99 * 1000 }'
}
for round in $(seq 1 "${ROUNDS:-1}"); do
  refusals >/tmp/overload-buckets.txt
  flood "$duration" >/tmp/overload-flood.txt &
  flood=$!
  sleep 2
  probe "$(( ${duration%s} - 4 ))s" | grep '^RESULT' | sed "s/^/round $round probe: /"
  wait $flood
  grep '^RESULT' /tmp/overload-flood.txt | sed "s/^/round $round flood: /"
  echo "round $round server-side, 503s of /predict: $(refusals | server_percentiles /tmp/overload-buckets.txt)"
  echo "round $round after: $(mem)"
done
