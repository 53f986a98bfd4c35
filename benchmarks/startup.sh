#!/usr/bin/env bash
# Start to ready, and resident memory at rest. Starts the service ROUNDS times (default 3) in each layout of LAYOUTS,
# taking the layouts in turn within a round, polling /actuator/health/readiness every 50 ms from the moment the JVM
# is launched; then times 100 predictions one after the other (curl's total time: the first, the next nine, the
# median), waits 20 s, and reads the process's resident size (VmRSS); and the CPU time it had used when it was ready.
#   readme    the README's command: target/app (the jar unpacked, with the class data archive the build made) and
#             Spring's AOT-generated context
#   fat-jar   java -jar target/tweet-sentiment.jar, as before the layout existed
#   before    java -jar $BEFORE_JAR: another build, say the previous commit's, to compare in the same run
# LOAD_WINDOWS=n (default 0) then, instead of the 100 predictions and the resident size, puts the service under
# load the moment it is ready (wrk, 16 connections, POST /predict) for n windows of 5 s each and prints each
# window's requests per second: how soon a replica that starts under load serves at full speed (the JIT compiles
# the serving path during those seconds).
# Usage: [ROUNDS=3] [LAYOUTS="readme fat-jar"] [STARTUP_JAVA_OPTS="-XX:+UseG1GC"] [STARTUP_ARGS="--sentiment...=..."]
#        [LOAD_WINDOWS=6] benchmarks/startup.sh   (not part of CI; LOAD_WINDOWS needs wrk)
set -euo pipefail
cd "$(dirname "$0")/.."
port=18096
[ -f target/app/tweet-sentiment.jsa ] || mvn -q -B -DskipTests package
opts=${STARTUP_JAVA_OPTS:--XX:+UseG1GC}
layout_args() {
  case "$1" in
    readme) echo "-XX:SharedArchiveFile=target/app/tweet-sentiment.jsa -Dspring.aot.enabled=true -jar target/app/tweet-sentiment.jar" ;;
    fat-jar) echo "-jar target/tweet-sentiment.jar" ;;
    before) echo "-jar ${BEFORE_JAR:?set BEFORE_JAR to the jar of another build}" ;;
    *) echo "unknown layout $1" >&2; exit 2 ;;
  esac
}
time_predictions() {  # curl's total time of 100 predictions, one after the other, one per line
  for i in $(seq 1 100); do
    curl -fs -o /dev/null -w '%{time_total}\n' -H 'Content-Type: application/json' \
      -d "{\"text\":\"is it up yet? the servers were down all day, try $i\"}" "http://localhost:$port/predict"
  done
}
for round in $(seq 1 "${ROUNDS:-3}"); do
  for layout in ${LAYOUTS:-readme fat-jar}; do
    start=$(date +%s%N)
    # shellcheck disable=SC2046
    java --add-modules=jdk.incubator.vector $opts $(layout_args "$layout") --server.port=$port ${STARTUP_ARGS:-} >/tmp/startup-app.log 2>&1 &
    pid=$!
    until curl -fs "http://localhost:$port/actuator/health/readiness" >/dev/null 2>&1; do
      kill -0 $pid 2>/dev/null || { echo "the service exited; see /tmp/startup-app.log"; exit 1; }
      sleep 0.05
    done
    ready=$(( ($(date +%s%N) - start) / 1000000 ))
    cpu=$(awk -v hz="$(getconf CLK_TCK)" '{printf "%.1f", ($14 + $15) / hz}' /proc/$pid/stat)
    if [ "${LOAD_WINDOWS:-0}" -gt 0 ]; then
      windows=""
      for w in $(seq 1 "$LOAD_WINDOWS"); do
        windows="$windows $(wrk -t2 -c16 -d5s -s benchmarks/predict.lua "http://localhost:$port/predict" |
          awk '/Requests\/sec/ {printf "%.0f", $2}')"
      done
      echo "round $round, $layout ($opts): ready in $ready ms (CPU $cpu s by then); requests/s in each 5 s under load" \
        "from then on:$windows"
      kill $pid; wait $pid 2>/dev/null || true
      continue
    fi
    times=$(time_predictions)
    first=$(echo "$times" | head -1 | awk '{printf "%.0f", $1 * 1000}')
    next=$(echo "$times" | sed -n 2,10p | sort -n | awk '{a[NR] = $1} END {printf "%.0f-%.0f", a[1] * 1000, a[NR] * 1000}')
    median=$(echo "$times" | sort -n | awk '{a[NR] = $1} END {printf "%.1f", a[int((NR + 1) / 2)] * 1000}')
    sleep 20
    rss=$(awk '/VmRSS/ {printf "%.0f", $2 / 1024}' /proc/$pid/status)
    echo "round $round, $layout ($opts): ready in $ready ms (CPU $cpu s by then); first prediction $first ms, next 9 $next ms," \
      "median of 100 $median ms; resident at rest $rss MiB"
    kill $pid; wait $pid 2>/dev/null || true
  done
done
