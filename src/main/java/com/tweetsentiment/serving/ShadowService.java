package com.tweetsentiment.serving;

import com.tweetsentiment.artifact.ModelArtifacts;
import com.tweetsentiment.artifact.ModelStore;
import com.tweetsentiment.drift.DriftMonitor;
import com.tweetsentiment.engine.Prediction;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shadow evaluation: a candidate version loaded beside the active model, scoring a sample of live requests off the
 * request path. The answer a caller gets is always the active model's and never waits for the candidate: the sampled
 * texts go to one background thread through a short queue, and when that queue is full the sample is dropped (and
 * counted) rather than queued. The report says how often the candidate agrees with the active model, its label mix
 * beside the active one's on the same texts, its latency, and its drift statistics.
 *
 * <p>One shadow at a time, per replica (the one that was asked). Activating the shadowed version ends the shadow.
 */
public class ShadowService implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ShadowService.class);
    private static final int LATENCIES = 1024;

    /**
     * @param texts       texts the candidate scored
     * @param agreement   share of those where it gave the active model's label (null before the first)
     * @param dropped     sampled texts not scored because the shadow's queue was full (the service was busy)
     * @param failed      texts whose scoring failed (the candidate threw)
     * @param labelMix    the candidate's labels on the scored texts
     * @param activeMix   the active model's labels on the same texts
     * @param latencyMs   the candidate's time per scored call (a call is one request's sampled texts): mean, p50, p99, max
     *                    over the last {@value #LATENCIES} calls
     */
    public record Report(String version, String activeVersion, Instant started, double sampleRate, long texts, Double agreement,
            long dropped, long failed, Map<String, Long> labelMix, Map<String, Long> activeMix, Map<String, Double> latencyMs,
            DriftMonitor.Report drift) {
    }

    /** One shadow's state; the counts and latencies change only on the shadow's thread, under the shadow's lock. */
    private final class Shadow {
        final ActiveModel candidate;
        final double sampleRate;
        final Instant started = clock.instant();
        final AtomicLong dropped = new AtomicLong();   // counted on the request threads
        final Map<String, Long> labels = new LinkedHashMap<>();
        final Map<String, Long> activeLabels = new LinkedHashMap<>();
        final long[] latencies = new long[LATENCIES];
        int latencyCount;
        long texts;
        long agreed;
        long failed;
        volatile String activeVersion;

        Shadow(ActiveModel candidate, double sampleRate) {
            this.candidate = candidate;
            this.sampleRate = sampleRate;
            for (String l : candidate.model().labels()) {
                labels.put(l, 0L);
            }
        }

        synchronized Double agreement() {
            return texts == 0 ? null : agreed / (double) texts;
        }
    }

    private final ModelStore store;
    private final DriftMonitor drift;
    private final ServingProperties.Shadow settings;
    private final Clock clock;
    private final ThreadPoolExecutor worker;
    private final Counter scoredCounter;
    private final Counter droppedCounter;
    private volatile Shadow shadow;

    public ShadowService(ModelStore store, DriftMonitor drift, ServingProperties.Shadow settings, MeterRegistry meters, Clock clock) {
        this.store = store;
        this.drift = drift;
        this.settings = settings;
        int queue = settings.queue();
        this.clock = clock;
        this.worker = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(queue), r -> {
            Thread t = new Thread(r, "shadow");
            t.setDaemon(true);
            return t;
        }, new ThreadPoolExecutor.AbortPolicy());
        this.scoredCounter = Counter.builder("sentiment.shadow.texts").description("texts the shadow candidate scored").register(meters);
        this.droppedCounter = Counter.builder("sentiment.shadow.dropped")
                .description("sampled texts the shadow skipped because its queue was full").register(meters);
        Gauge.builder("sentiment.shadow.agreement", this, s -> {
                    Shadow x = s.shadow;
                    Double a = x == null ? null : x.agreement();
                    return a == null ? Double.NaN : a;
                })
                .description("share of shadow-scored texts where the candidate agrees with the active model").register(meters);
    }

    /** As {@link #start(String, Double)} at {@code sentiment.shadow.sample-rate}. */
    public Report start(String version) {
        return start(version, null);
    }

    /**
     * Loads and verifies the version and makes it the shadow (replacing any other); throws ArtifactException if it is
     * broken.
     *
     * @param sampleRate share of live texts it scores, 0-1 (null: {@code sentiment.shadow.sample-rate})
     */
    public Report start(String version, Double sampleRate) {
        double rate = sampleRate == null ? settings.sampleRate() : sampleRate;
        if (!(rate >= 0 && rate <= 1)) {
            throw new IllegalArgumentException("sampleRate must be between 0 and 1, found " + sampleRate);
        }
        ModelArtifacts.Loaded loaded = store.load(ModelArtifacts.checkVersionName(version));
        Shadow next = new Shadow(new ActiveModel(version, loaded.manifest(), loaded.model()), rate);
        Shadow previous = shadow;
        shadow = next;
        log.info("shadow: {} scores {} % of live texts{}", version, Math.round(rate * 1000) / 10.0,
                previous == null ? "" : " (replacing " + previous.candidate.version() + ")");
        return report(next);
    }

    /** Ends the shadow of {@code version}; its last report, or empty if it was not the shadow. */
    public Optional<Report> stop(String version) {
        Shadow s = shadow;
        if (s == null || !s.candidate.version().equals(version)) {
            return Optional.empty();
        }
        shadow = null;
        Report last = report(s);
        log.info("shadow: {} stopped after {} texts", version, last.texts());
        return Optional.of(last);
    }

    /** The shadow's report if {@code version} is being shadowed. */
    public Optional<Report> report(String version) {
        Shadow s = shadow;
        return s != null && s.candidate.version().equals(version) ? Optional.of(report(s)) : Optional.empty();
    }

    /** The version being shadowed, if any. */
    public Optional<String> shadowed() {
        Shadow s = shadow;
        return s == null ? Optional.empty() : Optional.of(s.candidate.version());
    }

    /** Whether a non-forced activation needs a shadow evaluation first ({@code sentiment.shadow.require-*}). */
    public boolean required() {
        return settings.required();
    }

    /**
     * Why {@code version} may not be activated without force yet (empty: it may): no shadow is required, or it has
     * been shadowed here on enough texts with enough agreement.
     */
    public Optional<String> unmet(String version) {
        if (!settings.required()) {
            return Optional.empty();
        }
        Optional<Report> r = report(version);
        if (r.isEmpty()) {
            return Optional.of(version + " needs a shadow evaluation before it is activated (at least " + settings.requireTexts()
                    + " texts, agreement at least " + settings.requireAgreement() + "): shadow it on this replica with POST /admin/models/"
                    + version + "/shadow, or activate with force=true");
        }
        Report x = r.get();
        if (x.texts() < settings.requireTexts() || (x.agreement() == null ? 0 : x.agreement()) < settings.requireAgreement()) {
            return Optional.of(String.format(java.util.Locale.ROOT, "%s has been shadowed on %d texts with agreement %s; activation needs "
                    + "at least %d texts and agreement %.3f (or force=true)", version, x.texts(),
                    x.agreement() == null ? "none yet" : String.format(java.util.Locale.ROOT, "%.3f", x.agreement()),
                    settings.requireTexts(), settings.requireAgreement()));
        }
        return Optional.empty();
    }

    /** The registry served a new version: if it is the shadowed one, the shadow has done its work. */
    void activated(String version) {
        stop(version).ifPresent(r -> log.info("shadow: {} is now active; its shadow ends (agreement {})", version, r.agreement()));
    }

    /**
     * Offers a call's texts and the active model's answers; returns at once. Each text is sampled with the sample rate;
     * the sampled ones are scored later on the shadow's thread, or dropped if it is behind.
     */
    void offer(ActiveModel active, List<String> texts, List<Prediction> answers) {
        Shadow s = shadow;
        if (s == null || s.sampleRate == 0 || s.candidate.version().equals(active.version())) {
            return;
        }
        double sampleRate = s.sampleRate;
        if (!active.version().equals(s.activeVersion)) {
            s.activeVersion = active.version();   // what it is compared with, known from the first call on
        }
        List<String> sampled = null;
        List<String> activeLabels = null;
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int i = 0; i < texts.size(); i++) {
            if (sampleRate >= 1 || random.nextDouble() < sampleRate) {
                if (sampled == null) {
                    sampled = new ArrayList<>();
                    activeLabels = new ArrayList<>();
                }
                sampled.add(texts.get(i));
                activeLabels.add(answers.get(i).label());
            }
        }
        if (sampled == null) {
            return;
        }
        List<String> t = sampled;
        List<String> a = activeLabels;
        try {
            worker.execute(() -> score(s, t, a));
        } catch (java.util.concurrent.RejectedExecutionException full) {
            s.dropped.addAndGet(t.size());
            droppedCounter.increment(t.size());
        }
    }

    private void score(Shadow s, List<String> texts, List<String> activeLabels) {
        if (shadow != s) {
            return;   // stopped or replaced while this waited
        }
        try {
            long start = System.nanoTime();
            List<Prediction> out = s.candidate.model().predict(texts);
            long took = System.nanoTime() - start;
            drift.record(s.candidate.version(), s.candidate.model(), out);
            synchronized (s) {
                for (int i = 0; i < out.size(); i++) {
                    s.labels.merge(out.get(i).label(), 1L, Long::sum);
                    s.activeLabels.merge(activeLabels.get(i), 1L, Long::sum);
                    if (out.get(i).label().equals(activeLabels.get(i))) {
                        s.agreed++;
                    }
                }
                s.texts += out.size();
                s.latencies[s.latencyCount++ % LATENCIES] = took;
            }
            scoredCounter.increment(out.size());
        } catch (RuntimeException e) {
            synchronized (s) {
                s.failed += texts.size();
            }
            log.warn("shadow: {} failed on {} texts: {}", s.candidate.version(), texts.size(), e.toString());
        }
    }

    private Report report(Shadow s) {
        synchronized (s) {
            int kept = Math.min(s.latencyCount, LATENCIES);
            long[] sorted = Arrays.copyOf(s.latencies, kept);
            Arrays.sort(sorted);
            Map<String, Double> latency = new LinkedHashMap<>();
            if (kept > 0) {
                latency.put("mean", Arrays.stream(sorted).average().orElse(0) / 1e6);
                latency.put("p50", sorted[(kept - 1) / 2] / 1e6);
                latency.put("p99", sorted[(int) Math.ceil(0.99 * kept) - 1] / 1e6);
                latency.put("max", sorted[kept - 1] / 1e6);
            }
            return new Report(s.candidate.version(), s.activeVersion, s.started, s.sampleRate, s.texts, s.agreement(), s.dropped.get(),
                    s.failed, new LinkedHashMap<>(s.labels), new LinkedHashMap<>(s.activeLabels), latency,
                    drift.report(s.candidate.version(), s.candidate.model()));
        }
    }

    @Override
    public void close() {
        worker.shutdownNow();
    }
}
