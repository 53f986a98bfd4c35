#!/usr/bin/env bash
# Start to ready of the image, run as docker-compose.yml runs it (read-only root filesystem, tmpfs /tmp, a fresh
# volume on /data): builds the app-prebuilt image from target/tweet-sentiment.jar, then starts it ROUNDS times (default
# 3), polling /actuator/health/readiness through the published port every 50 ms from `docker run`; prints the time and
# any class data sharing warning the JVM logged (none means the archive recorded at build time was used).
# Needs a Docker engine (bash .ci/docker-setup starts one here and prints the runtime base image to use).
# CONTEXT=<dir>: build from another checkout with its own target/tweet-sentiment.jar (say, a previous commit's worktree),
# to compare in the same run; JAVA_OPTS_EXTRA is appended to the image's JAVA_OPTS (-Xshare:on: fail if the archive
# cannot be used).
# Usage: [ROUNDS=3] [RUNTIME_IMAGE=tweet-sentiment/runtime-base:bookworm] benchmarks/container-startup.sh   (not part of CI)
set -euo pipefail
cd "$(dirname "$0")/.."
context=${CONTEXT:-.}
[ -f "$context/target/tweet-sentiment.jar" ] || { echo "no $context/target/tweet-sentiment.jar: mvn -DskipTests package there first"; exit 1; }
image=tweet-sentiment-bench:startup
port=18095
DOCKER_BUILDKIT=0 docker build -q --target app-prebuilt --build-arg RUNTIME_IMAGE="${RUNTIME_IMAGE:-tweet-sentiment/runtime-base:bookworm}" \
  -t "$image" "$context" >/dev/null
opts=$(docker image inspect -f '{{range .Config.Env}}{{println .}}{{end}}' "$image" | sed -n 's/^JAVA_OPTS=//p')
for round in $(seq 1 "${ROUNDS:-3}"); do
  volume=$(docker volume create)
  start=$(date +%s%N)
  id=$(docker run -d --read-only --tmpfs /tmp --cpus 2 -v "$volume":/data -p "$port":8080 -e JAVA_OPTS="$opts ${JAVA_OPTS_EXTRA:-}" "$image")
  until curl -fs "http://localhost:$port/actuator/health/readiness" >/dev/null 2>&1; do
    [ "$(docker inspect -f '{{.State.Running}}' "$id")" = true ] || { docker logs "$id" | tail -20; exit 1; }
    sleep 0.05
  done
  ready=$(( ($(date +%s%N) - start) / 1000000 ))
  warnings=$(docker logs "$id" 2>&1 | grep -c '\[cds\]' || true)
  echo "round $round: ready in $ready ms (class data sharing warnings: $warnings); $(docker logs "$id" 2>&1 | grep -o 'Started TweetSentimentApplication in [0-9.]* seconds (process running for [0-9.]*)')"
  docker rm -f "$id" >/dev/null
  docker volume rm "$volume" >/dev/null
done
docker rmi "$image" >/dev/null
