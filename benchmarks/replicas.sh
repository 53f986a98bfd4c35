#!/usr/bin/env bash
# Three replicas of the packaged jar on one model root and state directory (ports 18091-18093), under steady wrk load
# on all three, while a version is activated through the first one N times (default 10), alternating between the
# shipped model and a byte-identical copy of it under another name (same size, so the same load and warm-up cost).
#   1. time from the activate call until all three replicas answer with the new version (polled every ~20 ms),
#      median and max, and the failed requests of the load during those activations;
#   2. p99 of /predict in 10 s with an activation at 5 s, against the 10 s before it (three repeats).
# Usage: benchmarks/replicas.sh [activations] [poll interval, default 2s]   (needs wrk and curl)
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-10}
poll=${2:-2s}
jar=target/tweet-sentiment.jar
[ -f "$jar" ] || mvn -q -B -DskipTests package
work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
cp -r model-artifacts "$work/models"
v1=$(tr -d '\n' < model-artifacts/ACTIVE)
v2="$v1-copy"
cp -r "$work/models/$v1" "$work/models/$v2"
export SENTIMENT_ADMIN_TOKEN="bench-$(date +%s%N)"
ports=(18091 18092 18093)
for port in "${ports[@]}"; do
  java --add-modules=jdk.incubator.vector -Xmx1g -XX:+UseG1GC -jar "$jar" --server.port="$port" --sentiment.models-dir="$work/models" \
    --sentiment.admin.state-dir="$work/state" --sentiment.admin.jobs.runner=external \
    --sentiment.models.poll-interval="$poll" >"$work/replica-$port.log" 2>&1 &
  pids+=($!)
done
for port in "${ports[@]}"; do
  for _ in $(seq 1 180); do curl -fs "http://localhost:$port/actuator/health/readiness" >/dev/null 2>&1 && break; sleep 1; done
done
script=benchmarks/predict.lua
for port in "${ports[@]}"; do wrk -t1 -c2 -d5s -s "$script" "http://localhost:$port/predict" >/dev/null & done
wait_wrk() { for p in "$@"; do wait "$p"; done; }
sleep 6

version_of() { curl -fs -X POST -H 'Content-Type: application/json' -d '{"text":"x"}' "http://localhost:$1/predict" \
  | sed -E 's/.*"modelVersion":"([^"]*)".*/\1/'; }
activate() { curl -fs -o /dev/null -X POST -H "Authorization: Bearer $SENTIMENT_ADMIN_TOKEN" \
  "http://localhost:${ports[0]}/admin/models/$1/activate"; }
summary() { grep -E "Requests/sec|99%|Non-2xx|Socket errors" "$1" | sed 's/^/    /'; grep -q -E "Non-2xx|Socket errors" "$1" || echo "    failed requests: 0"; }

echo "== 1. $n activations under load on all three replicas (poll interval $poll)"
duration=$(( n * 5 + 6 ))
wrks=()
for port in "${ports[@]}"; do
  wrk -t1 -c2 -d"${duration}s" --latency -s "$script" "http://localhost:$port/predict" >"$work/load-$port.txt" 2>&1 &
  wrks+=($!)
done
sleep 2
times=()
for i in $(seq 1 "$n"); do
  target=$([ $((i % 2)) -eq 1 ] && echo "$v2" || echo "$v1")
  t0=$(date +%s%N)
  activate "$target"
  while :; do
    done_all=1
    for port in "${ports[@]}"; do [ "$(version_of "$port")" = "$target" ] || { done_all=0; break; }; done
    [ $done_all -eq 1 ] && break
    sleep 0.02
  done
  ms=$(( ($(date +%s%N) - t0) / 1000000 ))
  times+=("$ms")
  echo "  activation $i ($target): all three serve it after $ms ms"
  sleep 2
done
wait_wrk "${wrks[@]}"
sorted=$(printf '%s\n' "${times[@]}" | sort -n)
echo "  all three serve the new version after: median $(echo "$sorted" | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}') ms, max $(echo "$sorted" | tail -1) ms, min $(echo "$sorted" | head -1) ms"
for port in "${ports[@]}"; do echo "  load on $port:"; summary "$work/load-$port.txt"; done
echo "  each replica's own load + verify and warm-up times (from its log), in ms:"
for port in "${ports[@]}"; do
  echo "    $port: $(grep -h "loaded and verified in" "$work/replica-$port.log" | tail -n "$n" \
    | sed -E 's/.* in ([0-9]+) ms, warmed up on [0-9]+ texts in ([0-9]+) ms/\1+\2/' | tr '\n' ' ')"
done

echo "== 2. p99 of /predict: 10 s before an activation, then 10 s with one at 5 s"
for r in 1 2 3; do
  target=$([ $((r % 2)) -eq 1 ] && echo "$v2" || echo "$v1")
  [ "$(version_of "${ports[0]}")" = "$target" ] && target=$([ "$target" = "$v1" ] && echo "$v2" || echo "$v1")
  wrks=()
  for port in "${ports[@]}"; do
    wrk -t1 -c2 -d10s --latency -s "$script" "http://localhost:$port/predict" >"$work/before-$r-$port.txt" 2>&1 & wrks+=($!)
  done
  wait_wrk "${wrks[@]}"
  wrks=()
  for port in "${ports[@]}"; do
    wrk -t1 -c2 -d10s --latency -s "$script" "http://localhost:$port/predict" >"$work/around-$r-$port.txt" 2>&1 & wrks+=($!)
  done
  sleep 5
  activate "$target"
  wait_wrk "${wrks[@]}"
  for port in "${ports[@]}"; do
    b=$(grep -E "^ +99%" "$work/before-$r-$port.txt" | awk '{print $2}')
    a=$(grep -E "^ +99%" "$work/around-$r-$port.txt" | awk '{print $2}')
    errs=$(grep -hE "Non-2xx|Socket errors" "$work/before-$r-$port.txt" "$work/around-$r-$port.txt" | tr '\n' ' ' || true)
    echo "  repeat $r, replica $port: p99 before $b, around the activation $a ${errs:+ ($errs)}"
  done
done
