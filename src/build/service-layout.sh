#!/bin/sh
# The layout the service starts fastest from (Maven's package phase makes it in target/app; the image in /app/service):
#
#   service-layout.sh extract <fat jar> <dir>
#       the Spring Boot jar unpacked: <dir>/tweet-sentiment.jar (the application, its manifest's class path naming
#       lib/) and <dir>/lib/*.jar; plain jars on a plain class path load faster than jars nested in a jar, and the
#       JVM can share classes from them
#   service-layout.sh archive <dir> <models> [java options...]
#       starts the service once from <dir> on a copy of the model versions in <models> (through building its context,
#       loading and warming up the active model, then exits) and keeps the classes that start loaded in
#       <dir>/tweet-sentiment.jsa, a class data archive of the JVM running this script
#
# Start with: java --add-modules=jdk.incubator.vector -XX:SharedArchiveFile=<dir>/tweet-sentiment.jsa -Dspring.aot.enabled=true \
#   -jar <dir>/tweet-sentiment.jar
# A JVM other than the one that made the archive (or a moved <dir>) warns once and starts without it.
set -eu
command=${1:-}
case "$command" in
  extract)
    [ $# -eq 3 ] || { echo "usage: $0 extract <fat jar> <dir>" >&2; exit 2; }
    rm -rf "$3"
    java -Djarmode=tools -jar "$2" extract --destination "$3" >/dev/null
    test -f "$3/tweet-sentiment.jar"
    ;;
  archive)
    [ $# -ge 3 ] || { echo "usage: $0 archive <dir> <models> [java options...]" >&2; exit 2; }
    dir=$2 models=$3
    shift 3
    work=$(mktemp -d)
    trap 'rm -rf "$work"' EXIT
    rm -f "$dir/tweet-sentiment.jsa"
    vector=   # the engine's SIMD kernels, as the service starts them (a different module graph would refuse the archive)
    if java --list-modules 2>/dev/null | grep -q '^jdk.incubator.vector@'; then
      vector=--add-modules=jdk.incubator.vector
    fi
    # an admin token, so that the admin API's classes are loaded (and archived) too; spring.context.exit ends the
    # start once the context is built, before the port is opened
    if ! java $vector "$@" -XX:ArchiveClassesAtExit="$dir/tweet-sentiment.jsa" -Dspring.aot.enabled=true -Dspring.context.exit=onRefresh \
        -jar "$dir/tweet-sentiment.jar" --server.port=0 --sentiment.models-dir="$work/models" \
        --sentiment.seed-models-dir="$models" --sentiment.admin.token=class-data-archive \
        --sentiment.admin.state-dir="$work/state" >"$work/start.log" 2>&1 \
      || ! grep -q "serving model" "$work/start.log" || [ ! -s "$dir/tweet-sentiment.jsa" ]; then
      echo "the archiving start failed:" >&2
      tail -40 "$work/start.log" >&2
      exit 1
    fi
    echo "class data archive: $dir/tweet-sentiment.jsa ($(du -m "$dir/tweet-sentiment.jsa" | cut -f1) MB)"
    ;;
  *)
    echo "usage: $0 extract <fat jar> <dir> | archive <dir> <models> [java options...]" >&2
    exit 2
    ;;
esac
