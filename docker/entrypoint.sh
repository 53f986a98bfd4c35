#!/bin/sh
# The image's one entry point: the service without arguments, the CLI with them (train, evaluate, predict).
# JAVA_OPTS holds the container's JVM settings (memory as a share of the container's limit, collector, where
# ND4J's natives were unpacked at build time). The engine's SIMD kernels need the JDK's Vector API module: added here
# when the runtime has it (whatever JAVA_OPTS a deployment sets), else the engine runs its plain loops and logs so.
vector=
if java --list-modules 2>/dev/null | grep -q '^jdk.incubator.vector@'; then
  vector=--add-modules=jdk.incubator.vector
fi
exec java $vector $JAVA_OPTS -jar /app/tweet-sentiment.jar "$@"
