package com.tweetsentiment.drift;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Drift watch ({@code sentiment.drift.*}).
 *
 * @param window     the last this many texts a model version answered are compared with its held-out rows
 * @param minTexts   fewer texts than this in the window give the verdict {@code insufficient-data}
 * @param watchPsi   a population stability index at or above this (on any statistic) gives {@code watch}
 * @param driftedPsi at or above this, {@code drifted}
 */
@Validated
@ConfigurationProperties("sentiment.drift")
public record DriftProperties(
        @Min(10) @Max(1_000_000) @DefaultValue("2000") int window,
        @Min(1) @Max(1_000_000) @DefaultValue("200") int minTexts,
        @DecimalMin("0.001") @DecimalMax("10") @DefaultValue("0.1") double watchPsi,
        @DecimalMin("0.001") @DecimalMax("10") @DefaultValue("0.25") double driftedPsi) {

    public DriftProperties {
        if (minTexts > window) {
            throw new IllegalArgumentException("sentiment.drift.min-texts (" + minTexts + ") must not exceed sentiment.drift.window ("
                    + window + ")");
        }
        if (watchPsi >= driftedPsi) {
            throw new IllegalArgumentException("sentiment.drift.watch-psi (" + watchPsi + ") must be below sentiment.drift.drifted-psi ("
                    + driftedPsi + ")");
        }
    }
}
