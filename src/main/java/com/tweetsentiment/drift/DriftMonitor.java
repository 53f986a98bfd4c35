package com.tweetsentiment.drift;

import com.tweetsentiment.engine.Prediction;
import com.tweetsentiment.engine.SentimentModel;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Compares what each model version answers now with what it saw on its held-out rows: per version, a sliding window
 * of the last texts' token counts, unknown-token rates and predicted labels, and their population stability index
 * against the artifact's {@link HeldOutProfile}. Read by {@code GET /model/drift} and published as
 * {@code sentiment_drift_psi{version,statistic}}, {@code sentiment_drift_verdict{version}} and
 * {@code sentiment_drift_window_texts{version}}.
 *
 * <p>Windows are kept for the few versions answering lately (the active one, a shadow, the one before); an older
 * version's window and meters go when a newer one needs the room.
 */
public class DriftMonitor {

    static final int VERSIONS_KEPT = 4;

    public enum Verdict {
        OK("ok", 0), WATCH("watch", 1), DRIFTED("drifted", 2), INSUFFICIENT_DATA("insufficient-data", -1), NO_REFERENCE("no-reference", -2);

        private final String text;
        private final int level;

        Verdict(String text, int level) {
            this.text = text;
            this.level = level;
        }

        @Override
        public String toString() {
            return text;
        }

        /** For the gauge: 0 ok, 1 watch, 2 drifted, -1 too few texts, -2 no reference in the artifact. */
        public int level() {
            return level;
        }
    }

    /**
     * @param psi       null without a reference
     * @param reference shares on the held-out rows (null without a reference)
     * @param live      shares in the window
     */
    public record Statistic(String name, List<String> bins, Double psi, double[] reference, double[] live) {
    }

    public record Report(String version, Verdict verdict, String summary, int texts, int window, int minTexts, double watchPsi,
            double driftedPsi, Integer referenceRows, List<Statistic> statistics) {
    }

    private record Tracked(DriftWindow window, HeldOutProfile reference, List<String> labels, List<Meter> meters) {
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final DriftProperties properties;
    private final MeterRegistry registry;
    private final Function<String, Path> directories;
    private final LinkedHashMap<String, Tracked> versions = new LinkedHashMap<>(8, 0.75f, true);
    /** The version answering most calls, found without the lock on every call after the first. */
    private volatile Map.Entry<String, Tracked> last;

    /** @param directories a version's artifact directory, where its {@value HeldOutProfile#FILE} lies (if it has one) */
    public DriftMonitor(DriftProperties properties, MeterRegistry registry, Function<String, Path> directories) {
        this.properties = properties;
        this.registry = registry;
        this.directories = directories;
    }

    /** Adds a call's answers to the window of {@code version}, the version of {@code model}. */
    public void record(String version, SentimentModel model, List<Prediction> predictions) {
        tracked(version, model).window().add(predictions);
    }

    void record(String version, List<String> labels, int maxTokens, List<Prediction> predictions) {
        tracked(version, labels, maxTokens).window().add(predictions);
    }

    /** The version's drift report, kept from now on if it has answered nothing yet. */
    public Report report(String version, SentimentModel model) {
        return report(version, tracked(version, model));
    }

    /** The version's drift report; empty if it is not tracked (it answered nothing since it was loaded here, or was dropped). */
    Optional<Report> report(String version) {
        Tracked t;
        synchronized (versions) {
            t = versions.get(version);
        }
        return Optional.ofNullable(t).map(x -> report(version, x));
    }

    /** The version's held-out profile (drift reference and abstention curve); empty if its artifact has none. */
    public Optional<HeldOutProfile> reference(String version, SentimentModel model) {
        return Optional.ofNullable(tracked(version, model).reference());
    }

    private Tracked tracked(String version, SentimentModel model) {
        return tracked(version, model.labels(), model.preprocessor().settings().maxTokens());
    }

    private Tracked tracked(String version, List<String> labels, int maxTokens) {
        Map.Entry<String, Tracked> hit = last;
        if (hit != null && hit.getKey().equals(version)) {
            return hit.getValue();
        }
        synchronized (versions) {
            Tracked t = versions.get(version);
            if (t != null) {
                last = Map.entry(version, t);
                return t;
            }
            t = new Tracked(new DriftWindow(properties.window(), maxTokens, labels), readReference(version), List.copyOf(labels),
                    new ArrayList<>());
            versions.put(version, t);
            register(version, t);
            while (versions.size() > VERSIONS_KEPT) {
                Map.Entry<String, Tracked> eldest = versions.entrySet().iterator().next();
                eldest.getValue().meters().forEach(registry::remove);
                versions.remove(eldest.getKey());
                if (last != null && last.getKey().equals(eldest.getKey())) {
                    last = null;
                }
            }
            last = Map.entry(version, t);
            return t;
        }
    }

    private HeldOutProfile readReference(String version) {
        Path file = directories.apply(version).resolve(HeldOutProfile.FILE);
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            return JSON.readValue(Files.readAllBytes(file), HeldOutProfile.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        } catch (JacksonException e) {
            throw new IllegalStateException("cannot read " + file + ": " + e.getOriginalMessage(), e);
        }
    }

    private void register(String version, Tracked t) {
        for (String statistic : List.of("token_count", "unknown_rate", "label_mix")) {
            t.meters().add(gauge("sentiment.drift.psi", "population stability index of the live window against the held-out rows",
                    version, statistic, x -> {
                        Double psi = statistic(report(version, x), statistic).psi();
                        return psi == null ? Double.NaN : psi;
                    }, t));
        }
        t.meters().add(gauge("sentiment.drift.verdict", "0 ok, 1 watch, 2 drifted, -1 too few texts, -2 no reference", version,
                null, x -> report(version, x).verdict().level(), t));
        t.meters().add(gauge("sentiment.drift.window.texts", "texts in the drift window", version, null,
                x -> x.window().snapshot().texts(), t));
    }

    private Meter gauge(String name, String description, String version, String statistic, ToDoubleFunction<Tracked> f, Tracked t) {
        Gauge.Builder<Tracked> b = Gauge.builder(name, t, f).description(description).tag("version", version);
        if (statistic != null) {
            b.tag("statistic", statistic);
        }
        return b.register(registry);
    }

    private static Statistic statistic(Report r, String name) {
        return r.statistics().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
    }

    private Report report(String version, Tracked t) {
        DriftWindow.Snapshot now = t.window().snapshot();
        HeldOutProfile ref = t.reference();
        List<Statistic> stats = List.of(
                stat("token_count", TextStatistics.TOKEN_COUNT_BINS, ref == null ? null : ref.tokenCount(), now.tokenCount()),
                stat("unknown_rate", TextStatistics.UNKNOWN_RATE_BINS, ref == null ? null : ref.unknownRate(), now.unknownRate()),
                stat("label_mix", t.labels(), ref == null ? null : t.labels().stream().mapToDouble(l -> ref.labelMix().getOrDefault(l, 0.0)).toArray(),
                        now.labelMix()));
        Verdict verdict;
        String summary;
        if (ref == null) {
            verdict = Verdict.NO_REFERENCE;
            summary = "model " + version + " has no held-out profile (" + HeldOutProfile.FILE + "): it was trained before drift was "
                    + "recorded; `profile` adds one";
        } else if (now.texts() < properties.minTexts()) {
            verdict = Verdict.INSUFFICIENT_DATA;
            summary = now.texts() + " texts so far; the verdict needs " + properties.minTexts();
        } else {
            Statistic worst = stats.stream().max((a, b) -> Double.compare(a.psi(), b.psi())).orElseThrow();
            verdict = worst.psi() >= properties.driftedPsi() ? Verdict.DRIFTED : worst.psi() >= properties.watchPsi() ? Verdict.WATCH : Verdict.OK;
            summary = String.format(java.util.Locale.ROOT, "largest shift: %s (PSI %.3f; watch at %.2f, drifted at %.2f) over the last %d texts",
                    worst.name(), worst.psi(), properties.watchPsi(), properties.driftedPsi(), now.texts());
        }
        return new Report(version, verdict, summary, now.texts(), properties.window(), properties.minTexts(), properties.watchPsi(),
                properties.driftedPsi(), ref == null ? null : ref.rows(), stats);
    }

    private static Statistic stat(String name, List<String> bins, double[] reference, double[] live) {
        return new Statistic(name, bins, reference == null ? null : TextStatistics.psi(reference, live), reference, live);
    }
}
