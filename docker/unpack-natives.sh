#!/bin/sh
# Build time: let ND4J unpack its native libraries once (a prediction with the shipped model loads them), then keep
# them flat in /app/lib (links resolved: some point into the cache), which the JVM searches first
# (java.library.path with org.bytedeco.javacpp.pathsFirst). Then the teacher's, by loading every teacher once:
# ONNX Runtime's into /app/lib/onnxruntime (JAVA_OPTS names it), the HuggingFace tokenizer's (DJL unpacks it into
# ENGINE_CACHE_DIR) to $RUST_LIBRARY_PATH; a second load checks that they are found there.
# At run time nothing is unpacked, so the root filesystem can be read-only and /tmp a noexec tmpfs.
set -eu
cache=$(mktemp -d)
JAVA_OPTS="$JAVA_OPTS -Dorg.bytedeco.javacpp.cachedir=$cache" /app/bin/entrypoint.sh predict --model /app/model-artifacts "unpack" >/dev/null
mkdir -p /app/lib
find "$cache" -path '*linux-x86_64*' \( -type f -o -type l \) -name '*.so*' -exec cp -nL {} /app/lib/ \;
rm -rf "$cache"
ls /app/lib | grep -q libjnind4jcpu.so
djl=$(mktemp -d)
env -u RUST_LIBRARY_PATH ENGINE_CACHE_DIR="$djl" /app/bin/entrypoint.sh teachers --unpack-natives /app/lib/onnxruntime >/dev/null
mkdir -p "$(dirname "$RUST_LIBRARY_PATH")"
find "$djl" -name libtokenizers.so -exec cp -L {} "$RUST_LIBRARY_PATH" \;
rm -rf "$djl"
ENGINE_CACHE_DIR=/proc/nothing-may-be-written-here /app/bin/entrypoint.sh teachers
