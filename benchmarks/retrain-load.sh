#!/usr/bin/env bash
# p99 latency of /predict at concurrency 16 without and with a retraining job running, in one run, and the time
# of that retraining job (the default recipe on the given dataset).
# Usage: benchmarks/retrain-load.sh [dataset CSV, default ../shared/data/twitter_training.csv] [duration, default 30s]
# Needs wrk (apt-get install wrk). Works on a copy of model-artifacts/ in a temporary directory.
set -euo pipefail
cd "$(dirname "$0")/.."
data=$(realpath "${1:-../shared/data/twitter_training.csv}")
duration=${2:-30s}
port=18082
jar=target/tweet-sentiment.jar
[ -f "$jar" ] || mvn -q -B -DskipTests package
work=$(mktemp -d)
cp -r model-artifacts "$work/models"
export SENTIMENT_ADMIN_TOKEN="bench-$RANDOM$RANDOM"
auth="Authorization: Bearer $SENTIMENT_ADMIN_TOKEN"
java --add-modules=jdk.incubator.vector -XX:+UseG1GC -jar "$jar" --server.port=$port --sentiment.models-dir="$work/models" --sentiment.admin.state-dir="$work/state" \
  --sentiment.admin.base-dataset="$data" >"$work/app.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true; wait $pid 2>/dev/null || true; rm -rf "$work"' EXIT
for i in $(seq 1 120); do curl -fs "http://localhost:$port/actuator/health/readiness" >/dev/null 2>&1 && break; sleep 1; done
script=$(dirname "$0")/predict.lua
wrk -t2 -c16 -d10s -s "$script" "http://localhost:$port/predict" >/dev/null   # warm-up
echo "== concurrency 16, POST /predict, no retraining"
wrk -t2 -c16 -d"$duration" --latency -s "$script" "http://localhost:$port/predict" | grep -E "Requests/sec|50%|99%|Non-2xx|Socket errors"

job=$(curl -fs -H "$auth" -H 'Content-Type: application/json' -d '{}' "http://localhost:$port/admin/retrain")
id=$(echo "$job" | sed -E 's/.*"id":([0-9]+).*/\1/')
echo "== retraining job $id started; waiting until it trains"
until curl -fs -H "$auth" "http://localhost:$port/admin/jobs/$id" | grep -q '"phase":"wide","epoch"'; do sleep 2; done
echo "== concurrency 16, POST /predict, while job $id trains"
wrk -t2 -c16 -d"$duration" --latency -s "$script" "http://localhost:$port/predict" | grep -E "Requests/sec|50%|99%|Non-2xx|Socket errors"

echo "== waiting for job $id to end"
result=$(curl -fs -H "$auth" "http://localhost:$port/admin/jobs/$id?wait=10m")
until echo "$result" | grep -qE '"state":"(succeeded|rejected|failed|cancelled)"'; do
  result=$(curl -fs -H "$auth" "http://localhost:$port/admin/jobs/$id?wait=10m")
done
echo "$result" | python3 -c '
import json, sys, datetime
j = json.load(sys.stdin)
t = lambda s: datetime.datetime.fromisoformat(s.replace("Z", "+00:00"))
print("state", j["state"], "| job time %.0f s" % (t(j["finished"]) - t(j["started"])).total_seconds())
print("gate", json.dumps(j.get("gate")))
print("message", j.get("message"))'
