package com.tweetsentiment.serving;

import com.tweetsentiment.artifact.ModelArtifacts;
import com.tweetsentiment.engine.Nd4jThreads;
import com.tweetsentiment.teacher.TeacherArtifacts;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the model registry, the micro-batcher and the prediction service; the math itself knows nothing of Spring. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ServingProperties.class)
class ServingConfiguration {

    private static final Logger log = LoggerFactory.getLogger(ServingConfiguration.class);

    @Bean
    ServingMetrics servingMetrics(MeterRegistry meters) {
        return new ServingMetrics(meters);
    }

    @Bean
    ModelRegistry modelRegistry(ServingProperties properties, ServingMetrics metrics) {
        // one thread per ND4J op: parallelism comes from the inference pool's concurrent batches
        Nd4jThreads.set(1);
        if (properties.seedModelsDir() != null) {
            List<String> copied = ModelArtifacts.seed(properties.seedModelsDir(), properties.modelsDir());
            if (!copied.isEmpty()) {
                log.info("copied model versions {} from {} into {}", copied, properties.seedModelsDir(), properties.modelsDir());
            }
        }
        ModelRegistry registry = new ModelRegistry(properties.modelsDir(), m -> metrics.active(m.version()));
        registry.loadActive();
        return registry;
    }

    @Bean(destroyMethod = "close")
    MicroBatcher microBatcher(ServingProperties properties, ServingMetrics metrics) {
        MicroBatcher batcher = new MicroBatcher(properties.batching(), metrics::batch);
        metrics.queue(batcher);
        return batcher;
    }

    @Bean
    PredictionService predictionService(ModelRegistry registry, MicroBatcher batcher, ServingMetrics metrics) {
        return new PredictionService(registry, batcher, metrics);
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
