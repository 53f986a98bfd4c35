package com.tweetsentiment.admin;

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
 * The admin API's settings ({@code sentiment.admin.*}).
 *
 * @param token          bearer token that opens {@code /admin/**} (environment: {@code SENTIMENT_ADMIN_TOKEN}); without one
 *                       the admin API refuses every request
 * @param stateDir       job history, job work files and the labelled examples; keep it on a persistent volume
 * @param baseDataset    CSV of the dataset's schema that retraining starts from (optional: a job may upload its own)
 * @param gateMargin     how much lower (absolute accuracy) a candidate may score than the active model and still be activated
 * @param trainer        the training process
 * @param jobs           where jobs run
 * @param uploads        how many rows an upload may carry
 */
@Validated
@ConfigurationProperties("sentiment.admin")
public record AdminProperties(
        String token,
        @NotNull @DefaultValue("admin-state") Path stateDir,
        Path baseDataset,
        @DecimalMin("0") @DecimalMax("1") @DefaultValue("0.005") double gateMargin,
        @Valid @NotNull @DefaultValue Trainer trainer,
        @Valid @NotNull @DefaultValue Jobs jobs,
        @Valid @NotNull @DefaultValue Uploads uploads) {

    /**
     * Row limits of uploads (their bytes are limited by {@code sentiment.max-upload-size}); more rows get 413.
     *
     * @param maxExampleRows  rows of one {@code POST /admin/examples}
     * @param maxDatasetRows  rows of a CSV uploaded to {@code POST /admin/retrain}
     */
    public record Uploads(
            @Min(1) @Max(10_000_000) @DefaultValue("10000") int maxExampleRows,
            @Min(10) @Max(100_000_000) @DefaultValue("1000000") int maxDatasetRows) {
    }

    /** {@code local}: a job runs as a child of the replica that took the request; {@code external}: a worker runs it. */
    public enum Runner { LOCAL, EXTERNAL }

    /**
     * @param runner     {@code local} (the default, for one process) or {@code external} (replicas only queue; run
     *                   {@code java -jar tweet-sentiment.jar worker} beside them)
     * @param workerPoll how often a worker looks for a queued job
     */
    public record Jobs(
            @NotNull @DefaultValue("local") Runner runner,
            @NotNull @DefaultValue("1s") Duration workerPoll) {
    }

    public boolean enabled() {
        return token != null && !token.isBlank();
    }

    /** Never shows the token, should these settings ever be printed. */
    @Override
    public String toString() {
        return "AdminProperties[token=" + (enabled() ? "(set)" : "(none)") + ", stateDir=" + stateDir + ", baseDataset=" + baseDataset
                + ", gateMargin=" + gateMargin + ", trainer=" + trainer + ", jobs=" + jobs + ", uploads=" + uploads + "]";
    }

    /**
     * @param heap       the training JVM's heap ({@code -Xmx})
     * @param offHeap    what ND4J may hold off the heap; heap + off-heap bounds the process (JavaCPP's limit)
     * @param threads    ND4J threads of the training process
     * @param nice       CPU priority offset of the training process (0 to 19; higher yields more to serving)
     * @param stopGrace  how long a cancelled process may take to exit before it is killed
     * @param logLines   lines of the job log returned with a job
     */
    public record Trainer(
            @NotNull @DefaultValue("3GB") DataSize heap,
            @NotNull @DefaultValue("3GB") DataSize offHeap,
            @Min(1) @Max(64) @DefaultValue("1") int threads,
            @Min(0) @Max(19) @DefaultValue("10") int nice,
            @NotNull @DefaultValue("10s") Duration stopGrace,
            @Min(1) @Max(1000) @DefaultValue("40") int logLines) {
    }
}
