package com.tweetsentiment.serving;

import com.tweetsentiment.drift.DriftMonitor;
import com.tweetsentiment.engine.Explanation;
import com.tweetsentiment.engine.Prediction;
import com.tweetsentiment.text.Preprocessor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Texts to predictions on the active model: preprocessing on the caller's thread, the forward pass in the
 * micro-batcher. The model is taken once per call, so every answer of a call comes from the same version.
 */
public class PredictionService {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final ModelRegistry registry;
    private final MicroBatcher batcher;
    private final ServingMetrics metrics;
    private final DriftMonitor drift;
    private final ShadowService shadow;

    public PredictionService(ModelRegistry registry, MicroBatcher batcher, ServingMetrics metrics, DriftMonitor drift, ShadowService shadow) {
        this.registry = registry;
        this.batcher = batcher;
        this.metrics = metrics;
        this.drift = drift;
        this.shadow = shadow;
    }

    /**
     * Predictions in the order of the texts, with the version that made them, and their explanations if asked for
     * (else null).
     */
    public record Result(String modelVersion, List<Prediction> predictions, List<Explanation> explanations) {

        public Result(String modelVersion, List<Prediction> predictions) {
            this(modelVersion, predictions, null);
        }
    }

    public Result predict(List<String> texts) {
        return predict(texts, false);
    }

    /**
     * As {@link #predict(List)}; with {@code explain}, each text is also explained on the caller's thread by the same
     * model version (one LSTM forward per known token, outside the micro-batcher so that explanations do not hold up
     * other callers' batches).
     */
    public Result predict(List<String> texts, boolean explain) {
        ActiveModel model = registry.require();
        batcher.refuseIfFull(texts.size());
        List<Preprocessor.Encoded> encoded = new ArrayList<>(texts.size());
        for (String text : texts) {
            encoded.add(model.model().preprocessor().encode(text, model.model().vocabulary()));
        }
        List<CompletableFuture<Prediction>> futures = batcher.submit(model, encoded);
        List<Prediction> out = new ArrayList<>(futures.size());
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        try {
            for (CompletableFuture<Prediction> f : futures) {
                out.add(f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ModelUnavailableException("interrupted while waiting for the model", 1);
        } catch (TimeoutException e) {
            throw new ModelUnavailableException("the model did not answer within " + TIMEOUT.toSeconds() + " s", 1);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        }
        metrics.predicted(out);
        drift.record(model.version(), model.model(), out);
        shadow.offer(model, texts, out);
        if (!explain) {
            return new Result(model.version(), out);
        }
        List<Explanation> explanations = new ArrayList<>(texts.size());
        for (String text : texts) {
            explanations.add(model.model().explain(text));
        }
        return new Result(model.version(), out, explanations);
    }
}
