#!/usr/bin/env bash
# /predict throughput with a shadow candidate scoring live texts, against no shadow, in one run.
# Usage: [ROUNDS=n] [WARMUP=20s] benchmarks/shadow.sh [duration, default 15s]   (needs wrk)
# Each round starts the packaged jar once on port 18083 (a copy of the shipped models plus a second copy of the
# shipped model as the candidate, so the shadow costs what a real candidate of that shape costs), warms it up, then
# measures wrk -t2 -c16 on POST /predict with no shadow, a shadow at sample rate 0.1 and one at 1.0, switched through
# the admin API in the same JVM (so the settings share one JIT state), in an order that rotates from round to round.
# Prints req/s and p99 per setting and the shadow's own counts (texts scored, samples skipped while busy).
set -euo pipefail
cd "$(dirname "$0")/.."
duration=${1:-15s}
rounds=${ROUNDS:-2}
port=18083
jar=target/tweet-sentiment.jar
[ -f "$jar" ] || mvn -q -B -DskipTests package
work=$(mktemp -d)
pid=""
trap '[ -n "$pid" ] && kill $pid 2>/dev/null; rm -rf "$work"' EXIT
cp -r model-artifacts "$work/models"
active=$(cat model-artifacts/ACTIVE)
cp -r "model-artifacts/$active" "$work/models/candidate-copy"
token="bench-$(date +%s%N)"
auth="Authorization: Bearer $token"
shadow="http://localhost:$port/admin/models/candidate-copy/shadow"
script=$(dirname "$0")/predict.lua
orders=("off 0.1 1.0" "0.1 1.0 off" "1.0 off 0.1")
for round in $(seq 1 "$rounds"); do
  SENTIMENT_ADMIN_TOKEN=$token java --add-modules=jdk.incubator.vector -XX:+UseG1GC -jar "$jar" --server.port=$port \
    --sentiment.models-dir="$work/models" --sentiment.admin.state-dir="$work/state" >"$work/app.log" 2>&1 &
  pid=$!
  for i in $(seq 1 120); do curl -fs "http://localhost:$port/actuator/health/readiness" >/dev/null 2>&1 && break; sleep 1; done
  wrk -t2 -c16 -d"${WARMUP:-20s}" -s "$script" "http://localhost:$port/predict" >/dev/null
  for setting in ${orders[$(( (round - 1) % 3 ))]}; do
    curl -fs -X DELETE -H "$auth" "$shadow" >/dev/null 2>&1 || true
    [ "$setting" != off ] && curl -fs -X POST -H "$auth" "$shadow?sampleRate=$setting" >/dev/null
    out=$(wrk -t2 -c16 -d"$duration" --latency -s "$script" "http://localhost:$port/predict")
    rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
    p99=$(echo "$out" | awk '$1 == "99%" {print $2}')
    extra=""
    if [ "$setting" != off ]; then
      extra=$(curl -fs -H "$auth" "$shadow" | python3 -c \
        'import json,sys; r=json.load(sys.stdin); print("shadow scored %d texts, skipped %d, agreement %s" % (r["texts"], r["dropped"], r["agreement"]))')
    fi
    echo "round $round, shadow $setting: $rps req/s, p99 $p99 $extra"
  done
  kill $pid; wait $pid 2>/dev/null || true
  pid=""
done
