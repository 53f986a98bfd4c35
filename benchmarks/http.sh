#!/usr/bin/env bash
# HTTP throughput and latency of /predict against a trivial endpoint of the same app and against the peer
# (../shared/bench/peer_fastapi_torch.py: FastAPI + PyTorch, one uvicorn worker), in one run.
# Usage: [ROUNDS=n] benchmarks/http.sh [duration, default 20s]   (needs wrk: apt-get install wrk)
# ROUNDS (default 1) repeats each concurrency's runs, /predict, trivial, peer, to show the machine's noise.
# Starts the packaged jar on port 18081 with the shipped model and the peer on 18095 (Debian's python3-torch,
# python3-fastapi, python3-uvicorn and OpenBLAS, installed if missing by torch-deps.sh; PEER=0 leaves it out),
# warms both up, then for concurrency 1, 16, 64 runs wrk on POST /predict, GET /actuator/health/liveness (the
# trivial endpoint), the peer's POST /predict and the peer's GET /health (its trivial endpoint), and prints them
# with the ratio of ours to the peer's. HTTP_JAVA_OPTS: the service's JVM options (default -XX:+UseG1GC, as the
# README's command).
set -euo pipefail
cd "$(dirname "$0")/.."
duration=${1:-20s}
port=18081
jar=target/tweet-sentiment.jar
[ -f "$jar" ] || mvn -q -B -DskipTests package
java --add-modules=jdk.incubator.vector ${HTTP_JAVA_OPTS:--XX:+UseG1GC} -jar "$jar" --server.port=$port >/tmp/bench-app.log 2>&1 &
pid=$!
peer_port=18095
peer=${PEER:-1}
if [ "$peer" = 1 ]; then
  benchmarks/torch-deps.sh python3-torch python3-fastapi python3-uvicorn
  OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 /usr/bin/python3 ../shared/bench/peer_fastapi_torch.py $peer_port >/tmp/bench-peer.log 2>&1 &
  peer_pid=$!
fi
trap 'kill $pid ${peer_pid:-} 2>/dev/null || true' EXIT
for i in $(seq 1 120); do curl -fs "http://localhost:$port/actuator/health/readiness" >/dev/null 2>&1 && break; sleep 1; done
[ "$peer" = 1 ] && for i in $(seq 1 60); do curl -fs "http://localhost:$peer_port/health" >/dev/null 2>&1 && break; sleep 1; done
script=$(dirname "$0")/predict.lua
wrk -t2 -c16 -d10s -s "$script" "http://localhost:$port/predict" >/dev/null   # warm-up (JIT, buffers)
[ "$peer" = 1 ] && wrk -t2 -c16 -d5s -s "$script" "http://localhost:$peer_port/predict" >/dev/null
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
    if [ "$peer" = 1 ]; then
      echo "== concurrency $c, round $round: the peer's POST /predict"
      q=$(wrk -t$threads -c$c -d"$duration" --latency -s "$script" "http://localhost:$peer_port/predict")
      echo "$q" | grep -E "Requests/sec|50%|99%|Non-2xx|Socket errors"
      rq=$(echo "$q" | awk '/Requests\/sec/ {print int($2)}')
      echo "ours / peer at concurrency $c, round $round: $(awk -v a="$rp" -v b="$rq" 'BEGIN {printf "%.2f", a / b}')"
      echo "== concurrency $c, round $round: the peer's GET /health (its trivial endpoint)"
      wrk -t$threads -c$c -d"$duration" --latency "http://localhost:$peer_port/health" | grep -E "Requests/sec|50%|99%|Non-2xx|Socket errors"
    fi
  done
done
