#!/usr/bin/env bash
# Start to ready, and resident memory at rest: starts the packaged jar ROUNDS times (default 3) with the README's
# options (or STARTUP_JAVA_OPTS), polling /actuator/health/readiness every 50 ms from the moment the JVM is launched;
# then answers 100 predictions, waits 20 s, and reads the process's resident size (VmRSS).
# Usage: [ROUNDS=3] [STARTUP_JAVA_OPTS="-XX:+UseG1GC"] benchmarks/startup.sh   (not part of CI)
set -euo pipefail
cd "$(dirname "$0")/.."
port=18096
jar=${STARTUP_JAR:-target/tweet-sentiment.jar}
[ -f "$jar" ] || mvn -q -B -DskipTests package
opts=${STARTUP_JAVA_OPTS:--XX:+UseG1GC}
for round in $(seq 1 "${ROUNDS:-3}"); do
  start=$(date +%s%N)
  java --add-modules=jdk.incubator.vector $opts -jar "$jar" --server.port=$port >/tmp/startup-app.log 2>&1 &
  pid=$!
  until curl -fs "http://localhost:$port/actuator/health/readiness" >/dev/null 2>&1; do
    kill -0 $pid 2>/dev/null || { echo "the service exited; see /tmp/startup-app.log"; exit 1; }
    sleep 0.05
  done
  ready=$(( ($(date +%s%N) - start) / 1000000 ))
  for i in $(seq 1 100); do
    curl -fs -o /dev/null -H 'Content-Type: application/json' -d '{"text":"is it up yet? the servers were down all day"}' "http://localhost:$port/predict"
  done
  sleep 20
  rss=$(awk '/VmRSS/ {printf "%.0f", $2 / 1024}' /proc/$pid/status)
  echo "round $round ($opts): ready in $ready ms; resident at rest $rss MiB; $(grep -o 'Started TweetSentimentApplication in [0-9.]* seconds (process running for [0-9.]*)' /tmp/startup-app.log)"
  kill $pid; wait $pid 2>/dev/null || true
done
