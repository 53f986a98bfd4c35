package com.tweetsentiment.serving;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * The service's settings ({@code sentiment.*}), validated at start-up; the defaults work out of the box.
 *
 * @param modelsDir     model root: artifact directories plus the {@code ACTIVE} pointer
 * @param seedModelsDir optional model root whose versions are copied into {@code modelsDir} at start-up when missing
 *                      there, its active version becoming active if {@code modelsDir} has none (a container image's
 *                      shipped model seeding an empty volume)
 * @param maxTextLength longest accepted text, in characters
 * @param maxBatchItems most items in one {@code /predict/batch} request
 * @param maxBodySize   largest accepted request body
 * @param maxUploadSize largest accepted body under {@code /admin/} (CSV uploads for retraining and examples)
 * @param bodyReadTimeout   longest a request body may take to arrive (408 after it): bounds how long a slow client holds
 *                          a request thread
 * @param uploadReadTimeout the same under {@code /admin/} (large uploads, behind the token)
 * @param batching      the micro-batcher in front of the engine
 * @param accurate      the optional accurate tier: the teacher served per request ({@code "tier": "accurate"})
 * @param models        how this replica follows the model root
 */
@Validated
@ConfigurationProperties("sentiment")
public record ServingProperties(
        @NotNull @DefaultValue("model-artifacts") Path modelsDir,
        Path seedModelsDir,
        @Min(1) @Max(100_000) @DefaultValue("2000") int maxTextLength,
        @Min(1) @Max(10_000) @DefaultValue("256") int maxBatchItems,
        @NotNull @DefaultValue("1MB") DataSize maxBodySize,
        @NotNull @DefaultValue("100MB") DataSize maxUploadSize,
        @NotNull @DefaultValue("10s") Duration bodyReadTimeout,
        @NotNull @DefaultValue("10m") Duration uploadReadTimeout,
        @Valid @NotNull @DefaultValue Batching batching,
        @Valid @NotNull @DefaultValue Accurate accurate,
        @Valid @NotNull @DefaultValue Models models,
        @Valid @NotNull @DefaultValue Shadow shadow) {

    /**
     * Shadow evaluation ({@code POST /admin/models/{v}/shadow}).
     *
     * @param sampleRate       share of live texts the shadowed candidate also scores, off the request path
     * @param queue            calls waiting for the shadow's thread at most; more samples are dropped (and counted)
     * @param requireTexts     a non-forced activation (admin API, or a retraining job's) needs the version shadowed on
     *                         at least this many texts on the replica asked (0: no shadow needed)
     * @param requireAgreement ... and agreeing with the active model on at least this share of them (0: any)
     */
    public record Shadow(
            @DecimalMin("0") @DecimalMax("1") @DefaultValue("0.1") double sampleRate,
            @Min(1) @Max(100_000) @DefaultValue("16") int queue,
            @Min(0) @Max(100_000_000) @DefaultValue("0") long requireTexts,
            @DecimalMin("0") @DecimalMax("1") @DefaultValue("0") double requireAgreement) {

        public boolean required() {
            return requireTexts > 0 || requireAgreement > 0;
        }
    }

    /**
     * @param pollInterval how often {@code ACTIVE} is checked for a version to load (0 turns following off: the version
     *                     changes only through this replica's admin API or a restart)
     * @param warmupTexts  made-up texts a new version predicts before it replaces the one serving (0: none)
     * @param startupWarmupTexts the same for the first version a process loads, before the port opens (0: none, the
     *                     default: 256 made the start 1-1.5 s longer and only the first second's answers faster;
     *                     docs/BENCHMARKS.md, start-up)
     */
    public record Models(
            @NotNull @DefaultValue("2s") Duration pollInterval,
            @Min(0) @Max(100_000) @DefaultValue("256") int warmupTexts,
            @Min(0) @Max(100_000) @DefaultValue("0") int startupWarmupTexts) {
    }

    /**
     * @param model         a teacher artifact directory ({@code publish-teacher}); unset, the tier is off
     * @param threads       ONNX Runtime threads per request
     * @param maxConcurrent requests the tier computes at once; more get 503 at once (it costs ~7 ms a text and core)
     */
    public record Accurate(
            Path model,
            @Min(1) @Max(64) @DefaultValue("1") int threads,
            @Min(1) @Max(1024) @DefaultValue("2") int maxConcurrent) {
    }

    /**
     * @param maxBatchSize  most sequences in one engine call
     * @param maxWait       how long a worker waits for more requests to fill a batch
     * @param queueCapacity texts waiting at most; beyond it requests get 503 at once
     * @param threads       inference threads (0 = one per core)
     */
    public record Batching(
            @Min(1) @Max(4096) @DefaultValue("64") int maxBatchSize,
            @NotNull @DefaultValue("500us") Duration maxWait,
            @Min(1) @DefaultValue("2048") int queueCapacity,
            @Min(0) @Max(256) @DefaultValue("0") int threads) {

        public int threadCount() {
            return threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
        }
    }
}
