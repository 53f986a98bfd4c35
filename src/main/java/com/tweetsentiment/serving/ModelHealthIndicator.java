package com.tweetsentiment.serving;

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
        return registry.current()
                .map(m -> Health.up().withDetail("version", m.version()).build())
                .orElseGet(() -> Health.down().withDetail("reason", "no model loaded from " + registry.root()).build());
    }
}
