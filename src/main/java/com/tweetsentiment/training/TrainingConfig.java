package com.tweetsentiment.training;

import com.tweetsentiment.engine.Pooling;
import com.tweetsentiment.teacher.TeacherModel;
import com.tweetsentiment.text.PreprocessingSettings;
import com.tweetsentiment.text.TokenizerKind;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every setting of a training run, with its seed, so that a run can be replayed. Recorded in the artifact.
 *
 * @param labels             labels to learn, in class-index order (rows with other labels are left out)
 * @param tokenizer          word or char tokens
 * @param maxTokens          T: sequences are cut to this length
 * @param minCount           a token enters the vocabulary if seen this often in the training split
 * @param maxVocab           vocabulary size cap, specials included
 * @param ngramOrder         longest word n-gram of the wide path (0 = none)
 * @param charNgramMax       longest character n-gram of the wide path (0 = none, else 3 or more)
 * @param ngramBuckets       hash buckets of the wide path (0 = none)
 * @param embeddingSize      E
 * @param hiddenSize         H
 * @param pooling            pooling over the valid steps
 * @param wideEpochs         most epochs of the first phase, which trains the wide path alone (0 = train everything at once)
 * @param wideLearningRate   Adam's step size in that phase
 * @param wideWeightDecay    decoupled weight decay in that phase
 * @param pretrainEpochs     epochs of language-model pre-training of the LSTM (next-token prediction) on the training
 *                           texts plus the rows with other labels (Neutral, Irrelevant), held-out ids excluded (0 = none)
 * @param pretrainLearningRate Adam's step size in pre-training
 * @param epochs             most epochs of the LSTM phase
 * @param batchSize          sequences per update
 * @param learningRate       Adam's step size
 * @param weightDecay        decoupled weight decay per step, as a fraction of the learning rate (AdamW)
 * @param clipNorm           the gradient's global L2 norm is clipped to this (0 = off)
 * @param embeddingDropout   dropout on embedded tokens
 * @param wordDropout        chance that a token is replaced by {@code <unk>} in training
 * @param outputDropout      dropout on the pooled vector
 * @param patience           early stopping: epochs without a better validation score before stopping
 * @param selectOn           the validation score that picks the kept epoch and drives early stopping: ACCURACY, or
 *                           LOSS (log loss, the trained objective, which also rewards ranking and calibration)
 * @param wideNaiveBayes     train the wide path on naive Bayes log-count ratios of its buckets (NBSVM's feature weighting;
 *                           {@link NaiveBayesRatios}); the artifact holds the scaled weights, so serving is unchanged
 * @param lstmMembers        LSTMs trained with different seeds (each of E and H above) and averaged at the logits before the
 *                           blend with the wide path; stored as one LSTM of M·E and M·H ({@link Ensemble})
 * @param refit              after selection, train once more from scratch on the training and validation rows together,
 *                           for the epoch counts and with the blend that validation chose; the artifact holds that model,
 *                           and its validation figures are the selected model's (the refit one has seen those rows)
 * @param validationFraction share of tweet ids for validation (model selection)
 * @param testFraction       share of tweet ids for the test figures
 * @param split              grouped by tweet id (the honest one) or random rows (the article's)
 * @param seed               seeds the split, initialisation, dropout and batch order
 * @param compareRandomSplit also train on a random row split and report its test accuracy
 * @param teacher            distil from a teacher ({@link Distillation}): the name of a pre-trained sentence encoder
 *                           (bge-small, minilm) whose vectors, beside the n-grams, feed a head trained on the training rows;
 *                           null for none
 * @param distillWeight      α of the distillation loss: a labelled row's target is (1 - α) · its label + α · the teacher's
 *                           probabilities
 * @param augmentations      augmented variants of each training text the teacher labels for the student ({@link Augmenter})
 * @param unlabelled         with a teacher: the rows with other labels (outside the held-out ids) are unlabelled text the
 *                           teacher labels for the student
 * @param teacherFolds       with a teacher: 0 to take its probabilities on the training rows (and their variants) from the
 *                           head fitted on all of them, which has seen those very rows; K ≥ 2 to take them out of fold
 *                           instead, from K heads each fitted with one K-th of the tweet ids left out ({@link Distillation})
 * @param teacherEmbeddings  with a teacher and word tokens: the LSTM's word embeddings start from the teacher's vectors of
 *                           the vocabulary's words, reduced to E dimensions ({@link TeacherWordVectors}); false: random
 *                           (always false without a teacher or with character tokens)
 */
public record TrainingConfig(List<String> labels, TokenizerKind tokenizer, int maxTokens, int minCount, int maxVocab,
        int ngramOrder, int charNgramMax, int ngramBuckets, int embeddingSize, int hiddenSize, Pooling pooling, int wideEpochs, double wideLearningRate,
        double wideWeightDecay, int pretrainEpochs, double pretrainLearningRate, int epochs, int batchSize,
        double learningRate, double weightDecay, double clipNorm, double embeddingDropout, double wordDropout,
        double outputDropout, int patience, double validationFraction, double testFraction, Split.Kind split, long seed,
        boolean compareRandomSplit, Selection selectOn, Boolean wideNaiveBayes, Integer lstmMembers, Boolean refit,
        String teacher, Double distillWeight, Integer augmentations, Boolean unlabelled, Integer teacherFolds,
        Boolean teacherEmbeddings) {

    /** What "a better epoch" means on the validation rows. */
    public enum Selection { ACCURACY, LOSS }

    private static final JsonMapper JSON = JsonMapper.builder().build();

    public TrainingConfig {
        labels = List.copyOf(labels);
        if (selectOn == null) {
            selectOn = Selection.ACCURACY;  // artifacts trained before the setting existed selected on accuracy
        }
        if (wideNaiveBayes == null) {
            wideNaiveBayes = false;  // likewise for the settings added later: plain wide path, one LSTM
        }
        if (lstmMembers == null) {
            lstmMembers = 1;
        }
        if (refit == null) {
            refit = false;
        }
        if (distillWeight == null) {
            distillWeight = 0.5;
        }
        if (augmentations == null) {
            augmentations = 1;
        }
        if (unlabelled == null) {
            unlabelled = true;
        }
        if (teacherFolds == null) {
            teacherFolds = 0;  // artifacts trained before the setting existed
        }
        if (teacherEmbeddings == null) {
            teacherEmbeddings = false;
        }
        if (teacherFolds == 1 || teacherFolds < 0) {
            throw new IllegalArgumentException("teacherFolds must be 0 (off) or at least 2, found " + teacherFolds);
        }
        if (teacher != null && (teacher.isBlank() || teacher.equalsIgnoreCase("none"))) {
            teacher = null;  // as on the command line: train on the labels alone
        }
        if (teacher == null || tokenizer != TokenizerKind.WORD) {
            teacherEmbeddings = false;  // the teacher's vectors of the vocabulary's words: none without a teacher or words
        }
        if (teacher != null) {
            teacher = TeacherModel.of(teacher).id();
            if (wideNaiveBayes) {
                throw new IllegalArgumentException("a teacher and wideNaiveBayes do not go together: naive Bayes ratios need hard "
                        + "labels on every row, and a distilled run also learns from unlabelled text");
            }
        }
        if (!(distillWeight >= 0 && distillWeight <= 1) || augmentations < 0) {
            throw new IllegalArgumentException("distillWeight must be in [0, 1] and augmentations >= 0, found " + distillWeight
                    + ", " + augmentations);
        }
        if (labels.size() < 2 || labels.stream().distinct().count() != labels.size()) {
            throw new IllegalArgumentException("labels must name at least 2 distinct labels, found " + labels);
        }
        positive("maxTokens", maxTokens);
        positive("minCount", minCount);
        positive("embeddingSize", embeddingSize);
        positive("hiddenSize", hiddenSize);
        positive("epochs", epochs);
        positive("lstmMembers", lstmMembers);
        if (lstmMembers > 1 && (ngramBuckets == 0 || wideEpochs == 0)) {
            throw new IllegalArgumentException("lstmMembers > 1 needs the wide path and its phase (ngramBuckets and wideEpochs > 0): "
                    + "the members are averaged inside the blend with it");
        }
        if (refit && (lstmMembers > 1 || validationFraction == 0)) {
            throw new IllegalArgumentException("refit needs validation rows (validationFraction > 0) to choose what to refit, "
                    + "and one LSTM (lstmMembers = 1); set refit to false for this run (--refit=false)");
        }
        positive("batchSize", batchSize);
        if (maxVocab < 3) {
            throw new IllegalArgumentException("maxVocab must be at least 3, found " + maxVocab);
        }
        if (!(learningRate > 0) || !(wideLearningRate > 0)) {
            throw new IllegalArgumentException("learning rates must be > 0, found " + learningRate + " and " + wideLearningRate);
        }
        if (pretrainEpochs < 0 || !(pretrainLearningRate > 0)) {
            throw new IllegalArgumentException("pretrainEpochs must be >= 0 and pretrainLearningRate > 0, found " + pretrainEpochs
                    + ", " + pretrainLearningRate);
        }
        if (wideEpochs < 0 || wideWeightDecay < 0) {
            throw new IllegalArgumentException("wideEpochs and wideWeightDecay must be >= 0, found " + wideEpochs + ", " + wideWeightDecay);
        }
        rate("embeddingDropout", embeddingDropout);
        rate("wordDropout", wordDropout);
        rate("outputDropout", outputDropout);
        if (weightDecay < 0 || clipNorm < 0 || patience < 0) {
            throw new IllegalArgumentException("weightDecay, clipNorm and patience must be >= 0, found "
                    + weightDecay + ", " + clipNorm + ", " + patience);
        }
        // upper bounds: past them a run is a mistake (a typo, a unit slip) that would take hours or all memory
        atMost("maxTokens", maxTokens, 1000);
        atMost("minCount", minCount, 1_000_000);
        atMost("maxVocab", maxVocab, 5_000_000);
        atMost("ngramOrder", ngramOrder, 5);
        atMost("charNgramMax", charNgramMax, 10);
        atMost("ngramBuckets", ngramBuckets, 1 << 24);
        atMost("embeddingSize", embeddingSize, 1024);
        atMost("hiddenSize", hiddenSize, 1024);
        atMost("wideEpochs", wideEpochs, 1000);
        atMost("pretrainEpochs", pretrainEpochs, 1000);
        atMost("epochs", epochs, 1000);
        atMost("batchSize", batchSize, 65_536);
        atMost("patience", patience, 1000);
        atMost("lstmMembers", lstmMembers, 16);
        atMost("augmentations", augmentations, 16);
        atMost("teacherFolds", teacherFolds, 20);
        atMost("learningRate", learningRate, 1);
        atMost("wideLearningRate", wideLearningRate, 1);
        atMost("pretrainLearningRate", pretrainLearningRate, 1);
        atMost("weightDecay", weightDecay, 1);
        atMost("wideWeightDecay", wideWeightDecay, 1);
        atMost("clipNorm", clipNorm, 1_000_000);
        if (!(validationFraction >= 0 && validationFraction <= 0.5) || !(testFraction >= 0 && testFraction <= 0.5)) {
            throw new IllegalArgumentException("validationFraction and testFraction must be in [0, 0.5], found " + validationFraction
                    + ", " + testFraction);
        }
        new PreprocessingSettings(tokenizer, maxTokens, ngramOrder, charNgramMax, ngramBuckets);
    }

    private static void atMost(String name, double value, double max) {
        if (!(value <= max)) {
            throw new IllegalArgumentException(name + " must be at most " + number(max) + ", found " + number(value));
        }
    }

    private static String number(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? String.valueOf((long) v) : String.valueOf(v);
    }

    private static void positive(String name, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be at least 1, found " + value);
        }
    }

    private static void rate(String name, double value) {
        if (value < 0 || value >= 1) {
            throw new IllegalArgumentException(name + " must be in [0, 1), found " + value);
        }
    }

    /**
     * Our default: the binary task, word tokens, an LSTM with a wide n-gram path beside it, distilled from the bge-small
     * teacher (distillation weight 0.9, chosen on the validation rows: docs/MODEL.md), refit on the training and
     * validation rows once the epochs are chosen.
     */
    public static TrainingConfig defaults() {
        return new TrainingConfig(List.of("Negative", "Positive"), TokenizerKind.WORD, 64, 2, 30_000, 2, 5, 1 << 20,
                64, 64, Pooling.MEAN, 10, 0.002, 0.1, 0, 0.002, 12, 64, 0.002, 0.01, 1.0, 0.4, 0.25, 0.5, 3, 0.1, 0.1, Split.Kind.GROUPED, 42, false, Selection.ACCURACY, false, 1, true,
                "bge-small", 0.9, 1, true, 0, true);
    }

    /** The source article's configuration: characters, E=16, H=1, length 200, output of the last (valid) step. */
    public static TrainingConfig article() {
        return new TrainingConfig(List.of("Negative", "Positive"), TokenizerKind.CHAR, 200, 1, 1_000, 0, 0, 0,
                16, 1, Pooling.LAST, 0, 0.002, 0, 0, 0.002, 5, 64, 0.01, 0, 1.0, 0, 0, 0, 2, 0.1, 0.1, Split.Kind.GROUPED, 42, false, Selection.ACCURACY, false, 1, false,
                null, null, null, null, null, null);
    }

    public static TrainingConfig preset(String name) {
        return switch (name) {
            case "default" -> defaults();
            case "article" -> article();
            default -> throw new IllegalArgumentException("unknown preset '" + name + "'; expected default or article");
        };
    }

    /** This config with the given fields replaced (names as in the record; values as JSON would carry them). */
    public TrainingConfig with(Map<String, ?> overrides) {
        Map<String, Object> fields = JSON.convertValue(this, JSON.getTypeFactory().constructMapType(LinkedHashMap.class, String.class, Object.class));
        for (String key : overrides.keySet()) {
            if (!fields.containsKey(key)) {
                throw new IllegalArgumentException("unknown training setting '" + key + "'; known: " + fields.keySet());
            }
        }
        fields.putAll(overrides);
        try {
            return JSON.convertValue(fields, TrainingConfig.class);
        } catch (RuntimeException e) {
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            throw new IllegalArgumentException(root.getMessage(), e);
        }
    }

    public PreprocessingSettings preprocessing() {
        return new PreprocessingSettings(tokenizer, maxTokens, ngramOrder, charNgramMax, ngramBuckets);
    }
}
