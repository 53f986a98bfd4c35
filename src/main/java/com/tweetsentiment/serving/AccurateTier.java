package com.tweetsentiment.serving;

import com.tweetsentiment.engine.Prediction;
import com.tweetsentiment.teacher.TeacherArtifacts;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;

/**
 * The accurate tier: a published teacher (pre-trained sentence encoder + head) answering requests that ask for it,
 * beside the fast LSTM engine. Off unless {@code sentiment.accurate.model} names a teacher artifact. It runs on the
 * caller's thread, at most {@code maxConcurrent} requests at once; it costs 50-100 times the engine per text.
 */
public class AccurateTier implements AutoCloseable {

    private final TeacherArtifacts.Loaded loaded;
    private final Semaphore slots;

    AccurateTier(TeacherArtifacts.Loaded loaded, int maxConcurrent) {
        this.loaded = loaded;
        this.slots = new Semaphore(maxConcurrent);
    }

    /** A tier that is off: every call says so. */
    static AccurateTier off() {
        return new AccurateTier(null, 1);
    }

    public boolean enabled() {
        return loaded != null;
    }

    /** The teacher's version, or null when the tier is off. */
    public String version() {
        return loaded == null ? null : loaded.manifest().version();
    }

    /** Predictions in the order of the texts (the caller checks {@link #enabled()}); 503 when every slot is busy. */
    public PredictionService.Result predict(List<String> texts) {
        if (loaded == null) {
            throw new IllegalStateException("the accurate tier is off");
        }
        if (!slots.tryAcquire()) {
            throw new ModelUnavailableException("the accurate tier is computing as many requests as it may at once; retry shortly "
                    + "or use the fast tier", 1);
        }
        try {
            float[][] p = loaded.teacher().probabilities(texts, null);
            List<String> labels = loaded.manifest().labels();
            List<Prediction> out = new ArrayList<>(texts.size());
            for (int i = 0; i < texts.size(); i++) {
                Map<String, Double> scores = new LinkedHashMap<>();
                int best = 0;
                for (int q = 0; q < labels.size(); q++) {
                    scores.put(labels.get(q), (double) p[i][q]);
                    if (p[i][q] > p[i][best]) {
                        best = q;
                    }
                }
                // the encoder reads every token through its subword pieces, so it knows them all
                int tokens = loaded.teacher().tokenCount(texts.get(i));
                out.add(new Prediction(labels.get(best), p[i][best], scores, tokens, tokens));
            }
            return new PredictionService.Result(version(), out);
        } finally {
            slots.release();
        }
    }

    @Override
    public void close() {
        if (loaded != null) {
            loaded.teacher().close();
        }
    }
}
