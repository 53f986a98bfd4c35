package com.tweetsentiment.serving;

import com.tweetsentiment.artifact.ModelStore;
import com.tweetsentiment.drift.DriftMonitor;
import com.tweetsentiment.drift.DriftProperties;
import com.tweetsentiment.engine.LstmEngine;
import java.time.Clock;
import com.tweetsentiment.engine.Nd4jThreads;
import com.tweetsentiment.teacher.TeacherArtifacts;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the model registry, the micro-batcher and the prediction service; the math itself knows nothing of Spring. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({ServingProperties.class, DriftProperties.class})
class ServingConfiguration {

    private static final Logger log = LoggerFactory.getLogger(ServingConfiguration.class);

    @Bean
    ServingMetrics servingMetrics(MeterRegistry meters) {
        return new ServingMetrics(meters);
    }

    @Bean
    ModelStore modelStore(ServingProperties properties) {
        ModelStore store = new ModelStore(properties.modelsDir());
        if (properties.seedModelsDir() != null) {
            List<String> copied = store.seed(properties.seedModelsDir());
            if (!copied.isEmpty()) {
                log.info("copied model versions {} from {} into {}", copied, properties.seedModelsDir(), properties.modelsDir());
            }
        }
        // what processes killed mid-write left (a half-published version, an ACTIVE not yet renamed); a live writer's stay
        int removed = store.removeTemporaries();
        if (removed > 0) {
            log.info("removed {} temporaries left in {} by processes that are gone", removed, properties.modelsDir());
        }
        return store;
    }

    @Bean(destroyMethod = "close")
    ShadowService shadowService(ModelStore store, DriftMonitor drift, ServingProperties properties, MeterRegistry meters) {
        return new ShadowService(store, drift, properties.shadow(), meters, Clock.systemUTC());
    }

    @Bean(destroyMethod = "close")
    ModelRegistry modelRegistry(ModelStore store, ServingProperties properties, ServingMetrics metrics, ShadowService shadow) {
        // ND4J runs only while a model is loaded (reading and folding its tables): one thread per op, so a load beside
        // live traffic does not take every core
        Nd4jThreads.set(1);
        if (!LstmEngine.simd()) {
            log.warn("the engine runs its plain loops, 7-10 times slower: start the JVM with --add-modules=jdk.incubator.vector"
                    + " (as the README's command does) for its SIMD kernels");
        }
        ModelRegistry.Events events = new ModelRegistry.Events() {
            @Override
            public void activated(ActiveModel model) {
                metrics.active(model.version());
                shadow.activated(model.version());
            }

            @Override
            public void refused(String version, String reason) {
                metrics.refused(version);
            }
        };
        ModelRegistry registry = new ModelRegistry(store, events,
                new Warmup(properties.models().warmupTexts(), properties.models().startupWarmupTexts(), properties.batching().maxBatchSize()),
                properties.models().pollInterval(), Clock.systemUTC());
        metrics.following(registry);
        registry.startInBackground();
        return registry;
    }

    /**
     * The model loads and warms up while the rest of the service is built; this waits for it once every bean exists,
     * before the web server starts: the port opens with the model in place (or its failure recorded), as if the load
     * had been done in line.
     */
    @Bean
    SmartInitializingSingleton modelLoadedBeforeServing(ModelRegistry registry) {
        return registry::awaitStartup;
    }

    @Bean(destroyMethod = "close")
    MicroBatcher microBatcher(ServingProperties properties, ServingMetrics metrics) {
        MicroBatcher batcher = new MicroBatcher(properties.batching(), metrics::batch);
        metrics.queue(batcher);
        return batcher;
    }

    @Bean
    DriftMonitor driftMonitor(DriftProperties properties, MeterRegistry meters, ModelStore store) {
        return new DriftMonitor(properties, meters, store::directory);
    }

    @Bean
    PredictionService predictionService(ModelRegistry registry, MicroBatcher batcher, ServingMetrics metrics, DriftMonitor drift,
            ShadowService shadow) {
        return new PredictionService(registry, batcher, metrics, drift, shadow);
    }

    @Bean(destroyMethod = "close")
    AccurateTier accurateTier(ServingProperties properties) {
        ServingProperties.Accurate a = properties.accurate();
        if (a.model() == null) {
            return AccurateTier.off();
        }
        // a teacher that cannot be loaded stops the start-up: the operator asked for the tier explicitly
        TeacherArtifacts.Loaded loaded = TeacherArtifacts.load(a.model(), a.threads());
        log.info("accurate tier: teacher {} ({}) from {}", loaded.manifest().version(), loaded.manifest().encoder(), a.model());
        return new AccurateTier(loaded, a.maxConcurrent());
    }

    @Bean
    ModelHealthIndicator modelHealthIndicator(ModelRegistry registry) {
        return new ModelHealthIndicator(registry);
    }
}
