package com.tweetsentiment.training;

import com.tweetsentiment.teacher.EmbeddingCache;
import com.tweetsentiment.teacher.SentenceEmbedder;
import com.tweetsentiment.teacher.Teacher;
import com.tweetsentiment.text.Preprocessor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What a distilled run's student learns from: the teacher's probabilities on the labelled training rows (mixed with
 * their labels by {@link TrainingConfig#distillWeight}), on unlabelled texts and on augmented variants of the training
 * texts, where the target is the teacher's alone.
 *
 * <p>The teacher is fitted on the training rows and labels only the training rows, unlabelled texts from tweet ids
 * outside the held-out ones, and variants of training texts. Validation and test rows reach it only after that, to
 * record its own figures; nothing it says about them reaches the student.
 *
 * <p>Mixing the targets is mixing the losses: cross-entropy is linear in its target, so training on
 * {@code (1 - α) y + α p_teacher} minimises {@code (1 - α) CE(y, p) + α CE(p_teacher, p)}, the usual distillation loss
 * (at temperature 1).
 */
final class Distillation {

    private final Map<Example, float[]> teacherOnTraining;  // row -> teacher's probability per label
    final List<String> extraTexts;                          // unlabelled, then augmented
    final float[][] extraTargets;                           // [extra][labels] the teacher's probabilities
    final List<String> unlabelled;
    final TeacherReport report;

    private Distillation(Map<Example, float[]> teacherOnTraining, List<String> unlabelled, List<String> extraTexts,
            float[][] extraTargets, TeacherReport report) {
        this.teacherOnTraining = teacherOnTraining;
        this.unlabelled = unlabelled;
        this.extraTexts = extraTexts;
        this.extraTargets = extraTargets;
        this.report = report;
    }

    static Distillation prepare(TrainingConfig config, TeacherSource source, Preprocessor pre, Split split, List<Example> otherLabels,
            TrainingListener listener) {
        Set<String> heldOut = new HashSet<>();
        split.validation().forEach(e -> heldOut.add(e.tweetId()));
        split.test().forEach(e -> heldOut.add(e.tweetId()));
        List<String> trainTexts = split.train().stream().map(Example::text).toList();
        List<String> unlabelled = !config.unlabelled() ? List.of() : new ArrayList<>(otherLabels.stream()
                .filter(e -> !heldOut.contains(e.tweetId())).map(Example::text).collect(java.util.stream.Collectors.toCollection(LinkedHashSet::new)));
        List<String> augmented = Augmenter.variants(trainTexts, config.augmentations(), config.seed());
        List<String> extra = new ArrayList<>(unlabelled);
        extra.addAll(augmented);
        EmbeddingCache cache = source.cache();
        try (SentenceEmbedder embedder = source.open().apply(config.teacher())) {
            listener.phaseStarted("teacher", String.format(Locale.ROOT, "phase 'teacher': %s, embedding %d training rows, %d unlabelled texts, %d augmented variants "
                    + "(cache %s)", embedder.name(), trainTexts.size(), unlabelled.size(), augmented.size(), cache.file(embedder)));
            List<String> all = new ArrayList<>(trainTexts);
            all.addAll(extra);
            EmbeddingCache.Result embedded = cache.embed(all, embedder, progress(listener, "teacher embeddings"));
            listener.phase(String.format(Locale.ROOT, "teacher embeddings: %d from the cache, %d computed, %.0f s",
                    embedded.fromCache(), embedded.computed(), embedded.seconds()));
            Teacher teacher = fitTeacher(config, embedder, cache, pre, split.train());
            Teacher.Settings settings = teacher.settings();
            float[][] onTraining = teacher.probabilities(trainTexts, EmbeddingCache.Progress.NONE);
            Map<Example, float[]> byRow = new HashMap<>();
            for (int r = 0; r < onTraining.length; r++) {
                byRow.put(split.train().get(r), onTraining[r]);
            }
            float[][] extraTargets = teacher.probabilities(extra, EmbeddingCache.Progress.NONE);
            // Only now, and only for the record: the teacher's own figures on the held-out rows.
            Evaluation validation = evaluate(teacher, config, split.validation(), listener, "validation");
            Evaluation test = evaluate(teacher, config, split.test(), listener, "test");
            TeacherReport report = new TeacherReport(teacher.name(), teacher.fingerprint(), teacher.dimension(), settings.epochs(),
                    settings.learningRate(), settings.l2(), settings.embeddingScale(), config.distillWeight(), trainTexts.size(),
                    unlabelled.size(), augmented.size(), embedded.fromCache(), embedded.computed(), embedded.seconds(), validation, test);
            return new Distillation(byRow, unlabelled, extra, extraTargets, report);
        }
    }

    /** The teacher's head fitted on {@code rows} (training rows only), with the default head settings. */
    static Teacher fitTeacher(TrainingConfig config, SentenceEmbedder embedder, EmbeddingCache cache, Preprocessor pre, List<Example> rows) {
        List<String> texts = rows.stream().map(Example::text).toList();
        int[] y = rows.stream().mapToInt(e -> config.labels().indexOf(e.label())).toArray();
        return Teacher.fit(embedder, cache, pre, config.labels().size(), texts, y, Teacher.Settings.defaults(), config.seed(),
                EmbeddingCache.Progress.NONE);
    }

    /** The teacher's figures on held-out rows (null for none), announced as a phase message. */
    static Evaluation evaluate(Teacher teacher, TrainingConfig config, List<Example> rows, TrainingListener listener, String what) {
        if (rows.isEmpty()) {
            return null;
        }
        float[][] p = teacher.probabilities(rows.stream().map(Example::text).toList(), progress(listener, "teacher on the " + what + " rows"));
        int[] truth = rows.stream().mapToInt(e -> config.labels().indexOf(e.label())).toArray();
        Evaluation e = Evaluation.of(config.labels(), truth, p);
        listener.phase(String.format(Locale.ROOT, "teacher %s + n-grams: %s accuracy %.4f, ROC-AUC %s", teacher.name(), what, e.accuracy(),
                e.rocAuc() == null ? "-" : String.format(Locale.ROOT, "%.4f", e.rocAuc())));
        return e;
    }

    /**
     * The student's target for a labelled row, [K] (K = 1 for two labels: P(second label)): its label mixed with the
     * teacher's probabilities, or the label alone for a row the teacher did not label (a refit's validation rows).
     */
    float[] target(Example row, int label, int outputs, double alpha) {
        float[] teacher = teacherOnTraining.get(row);
        float[] t = new float[outputs];
        for (int q = 0; q < outputs; q++) {
            int labelIndex = outputs == 1 ? 1 : q;
            double hard = label == labelIndex ? 1 : 0;
            t[q] = teacher == null ? (float) hard : (float) ((1 - alpha) * hard + alpha * teacher[labelIndex]);
        }
        return t;
    }

    /** The student's target for the teacher's probabilities {@code p} [labels], as [K]. */
    static float[] target(float[] p, int outputs) {
        return outputs == 1 ? new float[] {p[1]} : p.clone();
    }

    /** Progress of embedding as phase messages, at most one every 5 s (and the last). */
    static EmbeddingCache.Progress progress(TrainingListener listener, String what) {
        long[] last = {System.nanoTime()};
        return (done, total, fromCache, seconds) -> {
            long now = System.nanoTime();
            if (done == total || now - last[0] > 5_000_000_000L) {
                last[0] = now;
                double rate = seconds > 0 ? (done - fromCache) / seconds : 0;
                listener.phase(String.format(Locale.ROOT, "%s: %d / %d texts (%d from the cache), %.0f texts/s%s", what, done, total,
                        fromCache, rate, rate > 0 && done < total ? String.format(Locale.ROOT, ", about %.0f s left", (total - done) / rate) : ""));
            }
        };
    }
}
