#!/usr/bin/env bash
# /predict throughput with a shadow candidate scoring live texts, against no shadow, in one run.
# Usage: [ROUNDS=n] benchmarks/shadow.sh [duration, default 15s]   (needs wrk)
# Each round starts the packaged jar three times on port 18083 (a copy of the shipped models plus a second copy of
# the shipped model as the candidate, so the shadow costs what a real candidate of that shape costs): no shadow,
# a shadow at sample rate 0.1, and at 1.0; each gets a 5 s warm-up, then wrk -t2 -c16 on POST /predict. Prints
# req/s and p99 per setting and the shadow's own counts (texts scored, samples skipped while busy).
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
script=$(dirname "$0")/predict.lua
for round in $(seq 1 "$rounds"); do
  for setting in off 0.1 1.0; do
    rate=${setting/off/0.1}
    SENTIMENT_ADMIN_TOKEN=$token java --add-modules=jdk.incubator.vector -XX:+UseG1GC -jar "$jar" --server.port=$port \
      --sentiment.models-dir="$work/models" --sentiment.admin.state-dir="$work/state" --sentiment.shadow.sample-rate="$rate" \
      >"$work/app.log" 2>&1 &
    pid=$!
    for i in $(seq 1 120); do curl -fs "http://localhost:$port/actuator/health/readiness" >/dev/null 2>&1 && break; sleep 1; done
    if [ "$setting" != off ]; then
      curl -fs -X POST -H "Authorization: Bearer $token" "http://localhost:$port/admin/models/candidate-copy/shadow" >/dev/null
    fi
    wrk -t2 -c16 -d5s -s "$script" "http://localhost:$port/predict" >/dev/null
    out=$(wrk -t2 -c16 -d"$duration" --latency -s "$script" "http://localhost:$port/predict")
    rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
    p99=$(echo "$out" | awk '$1 == "99%" {print $2}')
    extra=""
    if [ "$setting" != off ]; then
      extra=$(curl -fs -H "Authorization: Bearer $token" "http://localhost:$port/admin/models/candidate-copy/shadow" \
        | python3 -c 'import json,sys; r=json.load(sys.stdin); print("shadow scored %d texts, skipped %d, agreement %s" % (r["texts"], r["dropped"], r["agreement"]))')
    fi
    echo "round $round, shadow $setting: $rps req/s, p99 $p99 $extra"
    kill $pid; wait $pid 2>/dev/null || true
    pid=""
  done
done
