package com.tweetsentiment.serving;

import com.tweetsentiment.engine.Prediction;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The service's own meters: batch sizes, predictions per label, the share of unknown tokens, the active
 * version (a gauge of 1 tagged with it) and the queue length. Request latency comes from Spring's
 * {@code http.server.requests}, published as a histogram (application.properties).
 */
public class ServingMetrics {

    private final MeterRegistry registry;
    private final DistributionSummary batchSize;
    private final Counter tokens;
    private final Counter unknownTokens;
    private final MultiGauge activeVersion;
    private final Map<String, Counter> perLabel = new ConcurrentHashMap<>();

    public ServingMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.batchSize = DistributionSummary.builder("sentiment.batch.size").description("texts per engine forward")
                .serviceLevelObjectives(1, 2, 4, 8, 16, 32, 64, 128, 256).register(registry);
        this.tokens = Counter.builder("sentiment.tokens").description("tokens in predicted texts").register(registry);
        this.unknownTokens = Counter.builder("sentiment.tokens.unknown").description("tokens the vocabulary does not know")
                .register(registry);
        this.activeVersion = MultiGauge.builder("sentiment.model.active").description("1 for the active model version")
                .register(registry);
        // ND4J's memory lives outside the Java heap, where the JVM's own meters do not look
        Gauge.builder("sentiment.memory.offheap", () -> org.nd4j.linalg.factory.Nd4j.getMemoryManager().allocatedMemory(0))
                .baseUnit("bytes").description("bytes ND4J holds off the Java heap (its own count of its buffers)").register(registry);
        Gauge.builder("sentiment.memory.physical", org.bytedeco.javacpp.Pointer::physicalBytes).baseUnit("bytes")
                .description("resident memory of the process, as JavaCPP measures it (its limit: maxphysicalbytes)").register(registry);
    }

    public void batch(int size) {
        batchSize.record(size);
    }

    public void predicted(List<Prediction> predictions) {
        for (Prediction p : predictions) {
            perLabel.computeIfAbsent(p.label(), label -> registry.counter("sentiment.predictions", "label", label)).increment();
            tokens.increment(p.tokens());
            unknownTokens.increment(Math.max(0, Math.min(p.tokens(), p.tokens() - p.knownTokens())));
        }
    }

    public void active(String version) {
        activeVersion.register(List.of(MultiGauge.Row.of(Tags.of("version", version), 1)), true);
    }

    /** A version named in ACTIVE that this replica could not load (tagged with it). */
    public void refused(String version) {
        registry.counter("sentiment.model.load.failures", "version", version).increment();
    }

    /** 1 while this replica serves something other than what ACTIVE names because that cannot be loaded, else 0. */
    public void following(ModelRegistry models) {
        Gauge.builder("sentiment.model.stale", models, m -> m.status().failure() == null ? 0 : 1)
                .description("1 while the version named in ACTIVE cannot be loaded and an older one (or none) serves").register(registry);
    }

    public void queue(MicroBatcher batcher) {
        Gauge.builder("sentiment.queue.length", batcher, MicroBatcher::queueLength).description("texts waiting for the engine")
                .register(registry);
    }
}
