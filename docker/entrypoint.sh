#!/bin/sh
# The image's one entry point: the service without arguments, the CLI with them (train, evaluate, predict).
# JAVA_OPTS holds the container's JVM settings (memory as a share of the container's limit, collector, where
# ND4J's natives were unpacked at build time). The engine's SIMD kernels need the JDK's Vector API module: added here
# when the runtime has it (whatever JAVA_OPTS a deployment sets), else the engine runs its plain loops and logs so.
vector=
if java --list-modules 2>/dev/null | grep -q '^jdk.incubator.vector@'; then
  vector=--add-modules=jdk.incubator.vector
fi
# The jar is unpacked in /app/service with a class data archive recorded at build time (src/build/service-layout.sh),
# and the service starts Spring's AOT-generated context; JAVA_OPTS comes last, so -Dspring.aot.enabled=false there
# evaluates Spring Boot's conditions at start-up again.
archive=
if [ -f /app/service/tweet-sentiment.jsa ]; then
  archive=-XX:SharedArchiveFile=/app/service/tweet-sentiment.jsa
fi
exec java $vector $archive -Dspring.aot.enabled=true $JAVA_OPTS -jar /app/service/tweet-sentiment.jar "$@"
