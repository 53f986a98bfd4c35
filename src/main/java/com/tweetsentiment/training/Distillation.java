package com.tweetsentiment.training;

import com.tweetsentiment.teacher.EmbeddingCache;
import com.tweetsentiment.teacher.SentenceEmbedder;
import com.tweetsentiment.teacher.Teacher;
import com.tweetsentiment.text.Preprocessor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;

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
                .filter(e -> !heldOut.contains(e.tweetId())).map(Example::text).collect(Collectors.toCollection(LinkedHashSet::new)));
        List<Augmenter.Variant> variants = Augmenter.variants(trainTexts, config.augmentations(), config.seed());
        List<String> augmented = variants.stream().map(Augmenter.Variant::text).toList();
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
            float[][] onTraining;
            float[][] onVariants;
            Evaluation outOfFold = null;
            if (config.teacherFolds() >= 2) {
                onTraining = new float[trainTexts.size()][];
                onVariants = new float[variants.size()][];
                crossFit(config, embedder, cache, pre, split.train(), variants, onTraining, onVariants, listener);
                outOfFold = announce(config, split.train(), onTraining, listener, "teacher heads out of fold: training");
            } else {
                onTraining = teacher.probabilities(trainTexts, EmbeddingCache.Progress.NONE);
                onVariants = teacher.probabilities(augmented, EmbeddingCache.Progress.NONE);
            }
            Map<Example, float[]> byRow = new HashMap<>();
            for (int r = 0; r < onTraining.length; r++) {
                byRow.put(split.train().get(r), onTraining[r]);
            }
            float[][] extraTargets = new float[extra.size()][];
            float[][] onUnlabelled = teacher.probabilities(unlabelled, EmbeddingCache.Progress.NONE);
            System.arraycopy(onUnlabelled, 0, extraTargets, 0, onUnlabelled.length);
            System.arraycopy(onVariants, 0, extraTargets, onUnlabelled.length, onVariants.length);
            // Only now, and only for the record: the teacher's own figures on the held-out rows.
            Evaluation validation = evaluate(teacher, config, split.validation(), listener, "validation");
            Evaluation test = evaluate(teacher, config, split.test(), listener, "test");
            TeacherReport report = new TeacherReport(teacher.name(), teacher.fingerprint(), teacher.dimension(), settings.epochs(),
                    settings.learningRate(), settings.l2(), settings.embeddingScale(), config.distillWeight(), trainTexts.size(),
                    unlabelled.size(), augmented.size(), embedded.fromCache(), embedded.computed(), embedded.seconds(), validation, test,
                    config.teacherFolds(), outOfFold);
            return new Distillation(byRow, unlabelled, extra, extraTargets, report);
        }
    }

    /**
     * Out-of-fold targets: the training rows' tweet ids fall into K folds; for each fold a head is fitted on the other
     * folds' rows and labels the fold's rows and the variants made from them. A head fitted on all rows has seen each
     * row and its near-duplicates (a tweet comes in several variants), so on them it mostly repeats the label; out of
     * fold it says what it would say of a new tweet, as it does for the unlabelled texts.
     */
    static void crossFit(TrainingConfig config, SentenceEmbedder embedder, EmbeddingCache cache, Preprocessor pre, List<Example> rows,
            List<Augmenter.Variant> variants, float[][] onRows, float[][] onVariants, TrainingListener listener) {
        int k = config.teacherFolds();
        int[] fold = folds(rows, k, config.seed());
        for (int f = 0; f < k; f++) {
            List<Example> fitOn = new ArrayList<>();
            List<Integer> held = new ArrayList<>();
            for (int r = 0; r < rows.size(); r++) {
                if (fold[r] == f) {
                    held.add(r);
                } else {
                    fitOn.add(rows.get(r));
                }
            }
            List<Integer> heldVariants = new ArrayList<>();
            for (int v = 0; v < variants.size(); v++) {
                if (fold[variants.get(v).source()] == f) {
                    heldVariants.add(v);
                }
            }
            Teacher head = fitTeacher(config, embedder, cache, pre, fitOn);
            float[][] p = head.probabilities(held.stream().map(r -> rows.get(r).text()).toList(), EmbeddingCache.Progress.NONE);
            for (int i = 0; i < p.length; i++) {
                onRows[held.get(i)] = p[i];
            }
            float[][] q = head.probabilities(heldVariants.stream().map(v -> variants.get(v).text()).toList(), EmbeddingCache.Progress.NONE);
            for (int i = 0; i < q.length; i++) {
                onVariants[heldVariants.get(i)] = q[i];
            }
            listener.phase(String.format(Locale.ROOT, "teacher fold %d / %d: head fitted on %d rows, labelled %d rows and %d variants",
                    f + 1, k, fitOn.size(), held.size(), heldVariants.size()));
        }
    }

    /** Each row's fold in [0, k): the rows of one tweet id share a fold; ids are dealt out in a seeded random order. */
    static int[] folds(List<Example> rows, int k, long seed) {
        List<String> ids = new ArrayList<>(rows.stream().map(Example::tweetId).collect(Collectors.toCollection(LinkedHashSet::new)));
        Collections.shuffle(ids, new Random(seed * 31 + 17));
        Map<String, Integer> foldOf = new HashMap<>();
        for (int i = 0; i < ids.size(); i++) {
            foldOf.put(ids.get(i), i % k);
        }
        return rows.stream().mapToInt(e -> foldOf.get(e.tweetId())).toArray();
    }

    /** The teacher's head fitted on {@code rows} (training rows only), with the default head settings. */
    static Teacher fitTeacher(TrainingConfig config, SentenceEmbedder embedder, EmbeddingCache cache, Preprocessor pre, List<Example> rows) {
        List<String> texts = rows.stream().map(Example::text).toList();
        return Teacher.fit(embedder, cache, pre, config.labels().size(), texts, labelIndices(config, rows), Teacher.Settings.defaults(),
                config.seed(), EmbeddingCache.Progress.NONE);
    }

    /** The teacher's figures on held-out rows (null for none), announced as a phase message. */
    static Evaluation evaluate(Teacher teacher, TrainingConfig config, List<Example> rows, TrainingListener listener, String what) {
        if (rows.isEmpty()) {
            return null;
        }
        float[][] p = teacher.probabilities(rows.stream().map(Example::text).toList(), progress(listener, "teacher on the " + what + " rows"));
        return announce(config, rows, p, listener, "teacher " + teacher.name() + " + n-grams: " + what);
    }

    /** Figures of probabilities {@code p} on {@code rows}, announced as "{@code who} accuracy …, ROC-AUC …". */
    private static Evaluation announce(TrainingConfig config, List<Example> rows, float[][] p, TrainingListener listener, String who) {
        Evaluation e = Evaluation.of(config.labels(), labelIndices(config, rows), p);
        listener.phase(String.format(Locale.ROOT, "%s accuracy %.4f, ROC-AUC %s", who, e.accuracy(),
                e.rocAuc() == null ? "-" : String.format(Locale.ROOT, "%.4f", e.rocAuc())));
        return e;
    }

    private static int[] labelIndices(TrainingConfig config, List<Example> rows) {
        return rows.stream().mapToInt(e -> config.labels().indexOf(e.label())).toArray();
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
