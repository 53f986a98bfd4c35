#!/usr/bin/env bash
# Soak: MINUTES (default 30) of mixed traffic against the packaged jar on the shipped model, recording per minute the
# requests, p50/p99/max latency, 4xx and 5xx answers, heap in use, ND4J's off-heap bytes and the process's resident
# memory. Beside the traffic: an examples POST every second and an activation every 3 minutes (the shipped version
# and the golden test version in turn). At the end: every example acknowledged with 201 must be stored.
# Usage: benchmarks/soak.sh [minutes]   (needs wrk; draws its chart with python3-matplotlib, installed if missing)
# SOAK_JAVA_OPTS overrides the JVM options (default -Xmx1g -XX:+UseG1GC -XX:+ExitOnOutOfMemoryError: G1, because with
# ZGC on JDK 17 the resident size counts the multi-mapped heap up to three times and cannot show a native leak).
# SOAK_NMT=1 adds the JVM's native memory tracking: a baseline after the warm-up and, at the end, what each JVM area
# gained since (beside ND4J's off-heap and the resident size, to see what the rest is). SOAK_CHART: where the chart goes.
# Writes benchmarks/results/soak-<date>.csv (and -nmt.txt) and docs/soak.png; not part of CI.
set -euo pipefail
cd "$(dirname "$0")/.."
minutes=${1:-30}
port=18082
token=soak-token-0123456789abcdef
jar=target/tweet-sentiment.jar
[ -f "$jar" ] || mvn -q -B -DskipTests package
work=$(mktemp -d)
mkdir -p "$work/models" benchmarks/results
cp -r model-artifacts/. "$work/models/"
cp -r src/test/resources/golden/golden-v1 "$work/models/"
shipped=$(cat model-artifacts/ACTIVE)
out=benchmarks/results/soak-$(date -u +%Y%m%d-%H%M).csv
SENTIMENT_ADMIN_TOKEN=$token java --add-modules=jdk.incubator.vector ${SOAK_JAVA_OPTS:--Xmx1g -XX:+UseG1GC -XX:+ExitOnOutOfMemoryError} ${SOAK_NMT:+-XX:NativeMemoryTracking=summary} -jar "$jar" --server.port=$port --sentiment.models-dir="$work/models" \
  --sentiment.admin.state-dir="$work/state" >"$work/app.log" 2>&1 &
pid=$!
trap 'kill $(jobs -p) 2>/dev/null || true' EXIT
for i in $(seq 1 120); do curl -fs "http://localhost:$port/actuator/health/readiness" >/dev/null 2>&1 && break; sleep 1; done
base="http://localhost:$port"

# an examples POST every second; the acknowledged ones are counted
( i=0; while true; do i=$((i+1))
    curl -s -o /dev/null -w '%{http_code}\n' -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
      -d "[{\"text\":\"soak example $i, so good\",\"label\":\"Positive\"}]" "$base/admin/examples" >>"$work/examples.codes" || true
    sleep 1; done ) &
poster=$!
# an activation every 3 minutes, alternating two versions
( n=0; while true; do sleep 180; n=$((n+1)); v=$([ $((n % 2)) -eq 1 ] && echo golden-v1 || echo "$shipped")
    code=$(curl -s -o /dev/null -w '%{http_code}' -X POST -H "Authorization: Bearer $token" "$base/admin/models/$v/activate" || true)
    echo "$(date -u +%H:%M:%S) activate $v: $code" >>"$work/activations.log"; done ) &
activator=$!

metric() {  # sum of a Prometheus metric's samples whose line matches $2
  curl -fs "$base/actuator/prometheus" | grep -E "^$1" | grep -E "${2:-.}" | awk '{s += $NF} END {printf "%.0f", s}'
}
echo "minute,requests,p50_ms,p99_ms,max_ms,c4,c5,socket_errors,heap_bytes,offheap_bytes,physical_bytes,rss_kb" >"$out"
SOAK_TOKEN=$token wrk -t2 -c16 -d20s -s benchmarks/soak.lua "$base" >/dev/null   # warm-up
nmt=${out%.csv}-nmt.txt
[ -z "${SOAK_NMT:-}" ] || { jcmd $pid VM.native_memory baseline >/dev/null
  echo "after the warm-up: resident $(awk '/VmRSS/ {printf "%.0f MiB", $2 / 1024}' /proc/$pid/status), ND4J off-heap $(metric 'sentiment_memory_offheap_bytes' | awk '{printf "%.0f MiB", $1 / 2^20}')" >"$nmt"; }
for m in $(seq 1 "$minutes"); do
  r=$(SOAK_TOKEN=$token wrk -t2 -c16 -d60s -s benchmarks/soak.lua "$base" | grep '^RESULT')
  get() { echo "$r" | tr ' ' '\n' | awk -F= -v k="$1" '$1 == k {print $2}'; }
  heap=$(metric 'jvm_memory_used_bytes' 'area="heap"')
  off=$(metric 'sentiment_memory_offheap_bytes')
  phys=$(metric 'sentiment_memory_physical_bytes')
  rss=$(awk '/VmRSS/ {print $2}' /proc/$pid/status)
  line="$m,$(get requests),$(get p50_ms),$(get p99_ms),$(get max_ms),$(get c4),$(get c5),$(get errors),$heap,$off,$phys,$rss"
  echo "$line" | tee -a "$out"
done
kill $poster $activator 2>/dev/null || true
[ -z "${SOAK_NMT:-}" ] || { echo "at the end: resident $(awk '/VmRSS/ {printf "%.0f MiB", $2 / 1024}' /proc/$pid/status), ND4J off-heap $(metric 'sentiment_memory_offheap_bytes' | awk '{printf "%.0f MiB", $1 / 2^20}')" >>"$nmt"
  jcmd $pid VM.native_memory summary.diff scale=MB >>"$nmt"; echo "native memory: $nmt"; }
sleep 2
acked=$(grep -c '^201$' "$work/examples.codes" || true)
stored=$(curl -fs -H "Authorization: Bearer $token" "$base/admin/examples?limit=0" | python3 -c 'import json,sys; print(json.load(sys.stdin)["total"])')
echo "examples: $acked acknowledged with 201, $stored stored; other answers: $(grep -vc '^201$' "$work/examples.codes" || true)"
echo "activations:"; cat "$work/activations.log" 2>/dev/null || true
echo "5xx in the service log: $(grep -c ' ERROR ' "$work/app.log" || true) error lines"
echo "results: $out"

/usr/bin/python3 -c 'import matplotlib' 2>/dev/null || { sudo -n true 2>/dev/null && S=sudo || S=; $S apt-get install -y -q python3-matplotlib >/dev/null; }
/usr/bin/python3 - "$out" "${SOAK_CHART:-docs/soak.png}" <<'PY'
import csv, sys
import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt
rows = list(csv.DictReader(open(sys.argv[1])))
m = [int(r["minute"]) for r in rows]
fig, (a, b) = plt.subplots(2, 1, figsize=(8, 6), sharex=True)
a.plot(m, [float(r["p99_ms"]) for r in rows], marker="o", label="p99")
a.plot(m, [float(r["p50_ms"]) for r in rows], marker=".", label="p50")
a.set_ylabel("latency (ms)"); a.set_ylim(bottom=0); a.legend(); a.grid(alpha=.3)
a.set_title("Soak: %d minutes of mixed traffic, %d 5xx" % (len(rows), sum(int(r["c5"]) for r in rows)))
mb = lambda k: [int(r[k]) / 2**20 for r in rows]
b.plot(m, mb("heap_bytes"), label="heap in use")
b.plot(m, mb("offheap_bytes"), label="ND4J off-heap")
b.plot(m, [int(r["rss_kb"]) / 1024 for r in rows], label="resident (RSS)")
b.set_ylabel("MiB"); b.set_xlabel("minute"); b.set_ylim(bottom=0); b.legend(); b.grid(alpha=.3)
fig.tight_layout(); fig.savefig(sys.argv[2], dpi=100)
print("chart:", sys.argv[2])
PY
