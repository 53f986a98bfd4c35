# The tweet sentiment service and its trainer, in one image.
#
#   docker build -t tweet-sentiment .                              builds the jar from source (stage "build")
#   docker build --target app-prebuilt -t tweet-sentiment .        takes target/tweet-sentiment.jar built on the host
#                                                                  (mvn -DskipTests package first; CI does this)
#
#   docker run -p 8080:8080 -v ts-data:/data tweet-sentiment                   the service
#   docker run -v ts-data:/data -v $PWD/data:/datasets:ro tweet-sentiment \
#       train --data /datasets/twitter_training.csv --out /data/models         the trainer job
#
# The root filesystem may be read-only (ND4J's native libraries are unpacked at build time); give it a tmpfs /tmp.
# The jar is kept unpacked in /app/service with a class data archive recorded by one start at build time, and the
# service starts Spring's AOT-generated context (docker/install-service.sh, docker/entrypoint.sh): a faster start.
# /data (a volume) holds the model versions, the admin API's job history and labelled examples. On first start the
# shipped model is copied there from /app/model-artifacts and made active.

ARG BUILD_IMAGE=maven:3.9-eclipse-temurin-17
ARG RUNTIME_IMAGE=eclipse-temurin:17-jre-jammy

# ---- runtime base: user, layout, settings (shared by both final stages)
FROM ${RUNTIME_IMAGE} AS runtime
RUN groupadd --system --gid 10001 app \
 && useradd --system --uid 10001 --gid app --home-dir /app --no-create-home --shell /usr/sbin/nologin app \
 && mkdir -p /app/bin /data \
 && chown app:app /data
WORKDIR /app
COPY docker/entrypoint.sh docker/healthcheck.sh docker/unpack-natives.sh docker/install-service.sh src/build/service-layout.sh /app/bin/
COPY model-artifacts /app/model-artifacts
# Heap at 40 % of the container's memory: ND4J's arrays live off the heap and the application caps them within the
# container's limit (TweetSentimentApplication.boundOffHeapMemory). Training jobs started by the admin API get their
# own limits (SENTIMENT_ADMIN_TRAINER_HEAP / _OFF_HEAP).
# The trainer's teacher runs on ONNX Runtime with a HuggingFace tokenizer: their native libraries are unpacked at build
# time too (onnxruntime.native.path, RUST_LIBRARY_PATH), and the teacher's embeddings are cached on the volume.
ENV JAVA_OPTS="-XX:MaxRAMPercentage=40 -XX:+UseG1GC -XX:+ExitOnOutOfMemoryError -Djava.library.path=/app/lib -Dorg.bytedeco.javacpp.pathsFirst=true -Donnxruntime.native.path=/app/lib/onnxruntime" \
    RUST_LIBRARY_PATH=/app/lib/tokenizers/libtokenizers.so \
    SENTIMENT_TEACHER_CACHE=/data/teacher-cache \
    SENTIMENT_MODELS_DIR=/data/models \
    SENTIMENT_SEED_MODELS_DIR=/app/model-artifacts \
    SENTIMENT_ADMIN_STATE_DIR=/data/admin-state
EXPOSE 8080
VOLUME ["/data"]
HEALTHCHECK --interval=10s --timeout=5s --start-period=90s --retries=3 CMD ["/app/bin/healthcheck.sh"]
ENTRYPOINT ["/app/bin/entrypoint.sh"]

# ---- final image from a jar built on the host; placed before the build stage, so that a builder that builds every
# stage up to its target never runs Maven inside a container for it
FROM runtime AS app-prebuilt
COPY target/tweet-sentiment.jar /tmp/tweet-sentiment.jar
RUN /app/bin/install-service.sh /tmp/tweet-sentiment.jar
USER app

# ---- build the jar from source
FROM ${BUILD_IMAGE} AS build
WORKDIR /src
COPY pom.xml .
# dependencies in a layer of their own: unchanged by source edits, so rebuilds reuse them
RUN mvn -B -q dependency:resolve
COPY src src
RUN mvn -B -q -DskipTests -Dservice-layout.skip package

# ---- final image from source (the default target)
FROM runtime AS app
COPY --from=build /src/target/tweet-sentiment.jar /tmp/tweet-sentiment.jar
RUN /app/bin/install-service.sh /tmp/tweet-sentiment.jar
USER app
