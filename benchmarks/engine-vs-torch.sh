#!/usr/bin/env bash
# The engine against PyTorch on one shape (T=32, E=100, H=128, V=20000, mean pooling, no wide path), one thread
# each, batch 1 and 64, in one run: JMH's EngineBenchmark, then benchmarks/torch_lstm.py, ROUNDS times in turn (so both
# see the same machine), then the shipped model at batch 1 and 64 (ArtifactBenchmark). Prints every round and the
# ratios (PyTorch time / engine time: above 1, the engine is faster).
# With TRAIN_ROUNDS=n (and the dataset at ../shared/data/twitter_training.csv): also n rounds of one training epoch,
# the trainer's LSTM (E=64, H=64, no n-gram path, no teacher, one thread) against benchmarks/torch_epoch.py (the same
# shape written the usual PyTorch way), on the same 34,356 training rows; with BEFORE_JAR=<jar> that jar's epoch too.
# Usage: ROUNDS=3 benchmarks/engine-vs-torch.sh; ROUNDS=0 TRAIN_ROUNDS=3 for the epochs alone (installs Debian's python3-torch and OpenBLAS if missing, see torch-deps.sh; not part of CI)
# ENGINE_JAVA_OPTS="-Dtweet-sentiment.engine.vector=false": the engine's plain loops instead of its SIMD kernels.
set -euo pipefail
cd "$(dirname "$0")/.."
benchmarks/torch-deps.sh python3-torch
mvn -q -B test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1
out=$(mktemp -d)
jmh() {  # benchmark, csv file, JMH options...
  local bench=$1 csv=$2
  shift 2
  java --add-modules=jdk.incubator.vector ${ENGINE_JAVA_OPTS:-} -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" \
    org.openjdk.jmh.Main "$bench" -f 1 -wi 3 -w 2s -i 5 -r 2s -rf csv -rff "$csv" "$@" >"$csv.log" 2>&1
}
rounds=${ROUNDS:-3}
if [ "$rounds" -gt 0 ]; then  # ROUNDS=0: the training rounds alone
for round in $(seq 1 "$rounds"); do
  jmh EngineBenchmark "$out/engine-$round.csv" -p model=anchor -p wideBuckets=0 -p batch=1,64
  /usr/bin/python3 benchmarks/torch_lstm.py 1 64 >"$out/torch-$round.csv"
  echo "round $round done" >&2
done
jmh ArtifactBenchmark "$out/shipped.csv" -p batch=1,64
/usr/bin/python3 - "$out" "$rounds" <<'PY'
import csv, sys
out, rounds = sys.argv[1], int(sys.argv[2])
def jmh(path):
    return {int(r["Param: batch"]): (float(r["Score"]), float(r["Score Error (99.9%)"])) for r in csv.DictReader(open(path))}
print("| round | engine batch 1 | PyTorch batch 1 | ratio | engine batch 64 (per text) | PyTorch batch 64 (per text) | ratio |")
print("|---|---|---|---|---|---|---|")
ratios = {1: [], 64: []}
for k in range(1, rounds + 1):
    e = jmh("%s/engine-%d.csv" % (out, k))
    t = {int(l.split(",")[1]): float(l.split(",")[2]) for l in open("%s/torch-%d.csv" % (out, k))}
    for b in (1, 64):
        ratios[b].append(t[b] / e[b][0])
    print("| %d | %.0f ± %.0f µs | %.0f µs | %.2f | %.0f ± %.0f µs (%.1f) | %.0f µs (%.1f) | %.2f |" % (
        k, e[1][0], e[1][1], t[1], ratios[1][-1], e[64][0], e[64][1], e[64][0] / 64, t[64], t[64] / 64, ratios[64][-1]))
for b in (1, 64):
    print("batch %d: PyTorch / engine %.2f-%.2f over %d rounds" % (b, min(ratios[b]), max(ratios[b]), rounds))
s = jmh(out + "/shipped.csv")
print("shipped model: batch 1 %.1f ± %.1f µs per text; batch 64 %.1f µs per text (%.0f ± %.0f µs per forward)" % (
    s[1][0], s[1][1], s[64][0] / 64, s[64][0], s[64][1]))
PY
echo "JMH output: $out"
fi
data=../shared/data/twitter_training.csv
epoch() {  # jar: one epoch of the trainer's LSTM, as "<n>s/epoch"
  java --add-modules=jdk.incubator.vector -Xmx4g -jar "$1" train --data "$data" --out "$out/epoch" \
      --teacher none --epochs 1 --wide-epochs 0 --pretrain-epochs 0 --refit=false --lstm-members 1 --ngram-buckets 0 \
      --ngram-order 0 --char-ngram-max 0 --threads 1 2>&1 >/dev/null | grep -oE '[0-9]+(m[0-9]+)?s/epoch' | tail -1
  rm -rf "$out/epoch"
}
for round in $(seq 1 "${TRAIN_ROUNDS:-0}"); do
  [ -f target/tweet-sentiment.jar ] || mvn -q -B -DskipTests package
  ours=$(epoch target/tweet-sentiment.jar)
  before=${BEFORE_JAR:+, before (${BEFORE_JAR}) $(epoch "$BEFORE_JAR")}
  theirs=$(/usr/bin/python3 benchmarks/torch_epoch.py "$data" | cut -d, -f3)
  echo "training round $round: one epoch, ours $ours$before, PyTorch ${theirs}s/epoch"
done
