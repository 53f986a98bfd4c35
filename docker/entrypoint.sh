#!/bin/sh
# The image's one entry point: the service without arguments, the CLI with them (train, evaluate, predict).
# JAVA_OPTS holds the container's JVM settings (memory as a share of the container's limit, collector, where
# ND4J's natives were unpacked at build time).
exec java $JAVA_OPTS -jar /app/tweet-sentiment.jar "$@"
