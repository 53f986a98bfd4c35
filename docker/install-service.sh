#!/bin/sh
# Build time, both final stages: the jar ($1) unpacked in /app/service, the native libraries placed in /app/lib, then
# one start of the service records the class data archive (with this image's JVM and JAVA_OPTS, which the archive
# must match; src/build/service-layout.sh).
set -eu
/app/bin/service-layout.sh extract "$1" /app/service
rm "$1"
/app/bin/unpack-natives.sh
# shellcheck disable=SC2086
/app/bin/service-layout.sh archive /app/service /app/model-artifacts $JAVA_OPTS
