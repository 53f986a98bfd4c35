package com.tweetsentiment.serving;

import java.util.Map;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/** UP with the version while a model serves, DOWN otherwise; part of the readiness group. */
class ModelHealthIndicator implements HealthIndicator {

    private final ModelRegistry registry;

    ModelHealthIndicator(ModelRegistry registry) {
        this.registry = registry;
    }

    @Override
    public Health health() {
        ModelRegistry.Status status = registry.status();
        Health.Builder health = status.serving() != null ? Health.up().withDetail("version", status.serving())
                : Health.down().withDetail("reason", "no model loaded from " + registry.store().root());
        if (status.storeActive() != null) {
            health.withDetail("storeActive", status.storeActive());
        }
        ModelRegistry.Failure f = status.failure();
        if (f != null) {
            // still serving the old version (UP) or nothing (DOWN); either way the operator sees why
            health.withDetail("refused", Map.of("version", f.version(), "reason", f.reason(), "attempts", f.attempts(),
                    "since", f.since().toString(), "nextAttempt", f.nextAttempt().toString()));
        }
        return health.build();
    }
}
