#!/bin/sh
# Build time: let ND4J unpack its native libraries once (a prediction with the shipped model loads them), then keep
# them flat in /app/lib (links resolved: some point into the cache), which the JVM searches first
# (java.library.path with org.bytedeco.javacpp.pathsFirst). Then the teacher's: ONNX Runtime's into
# /app/lib/onnxruntime (JAVA_OPTS names it), the tokenizer's into ENGINE_CACHE_DIR, by loading every teacher once.
# At run time nothing is unpacked, so the root filesystem can be read-only and /tmp a noexec tmpfs.
set -eu
cache=$(mktemp -d)
JAVA_OPTS="$JAVA_OPTS -Dorg.bytedeco.javacpp.cachedir=$cache" /app/bin/entrypoint.sh predict --model /app/model-artifacts "unpack" >/dev/null
mkdir -p /app/lib
find "$cache" -path '*linux-x86_64*' \( -type f -o -type l \) -name '*.so*' -exec cp -nL {} /app/lib/ \;
rm -rf "$cache"
ls /app/lib | grep -q libjnind4jcpu.so
/app/bin/entrypoint.sh teachers --unpack-natives /app/lib/onnxruntime
ls "$ENGINE_CACHE_DIR"/tokenizers/*/libtokenizers.so >/dev/null
