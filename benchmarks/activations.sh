#!/usr/bin/env bash
# Memory across activations: starts the packaged jar (G1, -Xmx1g) on a copy of the shipped model plus the golden
# test model, activates them in turn N times (default 32) with a full GC after each, and prints the resident size
# every 8 activations. A model that stays reachable after it is replaced shows as steady growth.
# Usage: [JAR=path] benchmarks/activations.sh [N]   (not part of CI)
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-32}
jar=${JAR:-target/tweet-sentiment.jar}
[ -f "$jar" ] || mvn -q -B -DskipTests package
port=18091
token=activations-token-0123456789
work=$(mktemp -d)
mkdir -p "$work/models"
cp -r model-artifacts/. "$work/models/"
cp -r src/test/resources/golden/golden-v1 "$work/models/"
shipped=$(cat model-artifacts/ACTIVE)
SENTIMENT_ADMIN_TOKEN=$token java --add-modules=jdk.incubator.vector -Xmx1g -XX:+UseG1GC -jar "$jar" --server.port=$port --sentiment.models-dir="$work/models" \
  --sentiment.admin.state-dir="$work/state" >"$work/app.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
for i in $(seq 1 120); do curl -fs "http://localhost:$port/actuator/health/readiness" >/dev/null 2>&1 && break; sleep 1; done
rss() { awk '/VmRSS/ {printf "%d MiB", $2 / 1024}' /proc/$pid/status; }
echo "start: resident $(rss)"
for i in $(seq 1 "$n"); do
  v=$([ $((i % 2)) -eq 1 ] && echo golden-v1 || echo "$shipped")
  curl -fs -o /dev/null -X POST -H "Authorization: Bearer $token" "http://localhost:$port/admin/models/$v/activate"
  jcmd $pid GC.run >/dev/null
  sleep 1
  [ $((i % 8)) -eq 0 ] && echo "after $i activations: resident $(rss)"
done
