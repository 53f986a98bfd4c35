package com.tweetsentiment.training;

import com.tweetsentiment.artifact.Manifest;
import java.util.Locale;

/** The human-readable card of an artifact (Markdown). */
final class ModelCard {

    private ModelCard() {
    }

    static String markdown(Manifest m, TrainingResult r) {
        TrainingConfig c = r.config();
        StringBuilder sb = new StringBuilder();
        sb.append("# Model card: ").append(m.modelVersion()).append("\n\n");
        sb.append("Tweet sentiment classifier (").append(String.join(" / ", c.labels())).append("), created ")
                .append(m.created()).append(" by this project's trainer.\n\n");
        sb.append("## Architecture\n\n");
        sb.append(String.format(Locale.ROOT, "Embedding(V=%d, E=%d) → LSTM(H=%d) → %s pooling over the valid steps → Dense → %s",
                r.shape().vocabSize(), r.shape().embeddingSize(), r.shape().hiddenSize(),
                r.shape().pooling().name().toLowerCase(Locale.ROOT), r.shape().binary() ? "sigmoid" : "softmax"));
        if (r.shape().wideBuckets() > 0) {
            sb.append(String.format(Locale.ROOT, "; plus a wide path: word 1..%d-grams hashed into %d buckets, averaged, added to the logits",
                    c.ngramOrder(), c.ngramBuckets()));
        }
        sb.append(".\n\nPreprocessing: ").append(c.tokenizer().name().toLowerCase(Locale.ROOT))
                .append(" tokens, at most ").append(c.maxTokens()).append(" per text; vocabulary from the training split only ")
                .append("(min count ").append(c.minCount()).append(", at most ").append(c.maxVocab()).append(").\n\n");
        sb.append("## Data\n\nKaggle \"Twitter Entity Sentiment Analysis\" schema (tweet id, entity, sentiment, text). ")
                .append(String.format(Locale.ROOT, "Split %s by tweet id, seed %d: %d training, %d validation, %d test rows. ",
                        c.split().name().toLowerCase(Locale.ROOT), c.seed(), r.trainRows(), r.validationRows(), r.testRows()))
                .append("Dataset sha256 `").append(m.dataset().path("sha256").asString()).append("`.\n\n");
        sb.append("## Held-out test figures\n\n```\n").append(r.test().report()).append("```\n\n");
        if (r.randomSplitTest() != null) {
            sb.append(String.format(Locale.ROOT, "The same recipe on a random row split (leaky: near-duplicate variants of a test tweet "
                    + "sit in training) scores accuracy %.4f; the grouped figure above is the honest one.%n%n", r.randomSplitTest().accuracy()));
        }
        sb.append(String.format(Locale.ROOT, "Training: %d epochs run, epoch %d kept (best validation %s), %.0f s.%n%n",
                r.history().size(), r.bestEpoch(), c.selectOn() == TrainingConfig.Selection.LOSS ? "loss" : "accuracy", r.seconds()));
        if (c.refit()) {
            sb.append(String.format(Locale.ROOT, "Refit: once the epochs were chosen, the model was trained again from scratch on the "
                    + "training and validation rows together (%d rows) for the kept number of epochs of each phase, with the kept blend. "
                    + "The artifact holds that model and the test figures above are its own; the curves and validation figures "
                    + "are the selection run's, since the refit model has seen the validation rows.%n%n", r.trainRows() + r.validationRows()));
        }
        if (r.teacher() != null) {
            teacher(sb, r);
        }
        sb.append("![training curves](").append(TrainingArtifacts.CURVES).append(")\n\n");
        sb.append("![confusion matrix](").append(TrainingArtifacts.CONFUSION).append(")\n\n");
        sb.append("## Intended use and limits\n\n")
                .append("English tweets about games and brands, as in the data. The labels are the annotators' view of the tweet's ")
                .append("sentiment towards its entity; sarcasm, other languages and topics far from the data are weak spots. ")
                .append("A text with no token the vocabulary knows gets an answer from its n-grams and the bias alone; ")
                .append("callers see this in the known-token count.\n");
        return sb.toString();
    }

    private static void teacher(StringBuilder sb, TrainingResult r) {
        TeacherReport t = r.teacher();
        sb.append("## Teacher (distillation)\n\n");
        sb.append(String.format(Locale.ROOT, "The student above learnt from a teacher as well as from the labels: the sentence encoder "
                + "`%s` (D=%d, sha256 `%s`) beside the same hashed n-grams, into a linear head trained on the %d labelled training rows "
                + "only (%d epochs of AdaGrad, step %.3g, L2 %.1g, embedding scale %.2g). The teacher served at training time only: "
                + "serving is the LSTM + n-gram engine above.%n%n", t.model(), t.dimension(), t.fingerprint(), t.labelledRows(),
                t.headEpochs(), t.headLearningRate(), t.headL2(), t.headEmbeddingScale()));
        sb.append(String.format(Locale.ROOT, "Targets: a labelled row's target was %.2f × its label + %.2f × the teacher's probabilities; "
                + "besides those rows, the student learnt the teacher's probabilities on %d unlabelled texts (rows with other labels, "
                + "held-out tweet ids left out) and on %d augmented variants of the training texts (words masked, n-grams sampled, "
                + "after Tang et al. 2019). Embeddings: %d texts from the cache, %d computed, %.0f s.%n%n", 1 - t.distillWeight(),
                t.distillWeight(), t.unlabelledTexts(), t.augmentedTexts(), t.embeddedFromCache(), t.embeddedComputed(), t.embeddingSeconds()));
        if (t.outOfFold() != null) {
            sb.append(String.format(Locale.ROOT, "The training rows' and their variants' targets came out of fold: %d heads, each fitted "
                    + "with a %d-th of the tweet ids left out, labelled the rows they had not seen (accuracy %.4f on them).%n%n",
                    t.folds(), t.folds(), t.outOfFold().accuracy()));
        }
        if (r.config().teacherEmbeddings() && TeacherWordVectors.fits(r.vocabulary().size(), r.config().embeddingSize())) {
            sb.append(String.format(Locale.ROOT, "The LSTM's word embeddings started from the teacher's vectors of the vocabulary's words "
                    + "(each word embedded on its own, reduced to %d principal components).%n%n", r.config().embeddingSize()));
        }
        sb.append("| | validation accuracy | test accuracy | test ROC-AUC | test macro-F1 |\n|---|---|---|---|---|\n");
        sb.append(row("teacher (" + t.model() + " + n-grams, linear head)", t.validation(), t.test()));
        sb.append(row("student (this model)", r.validation(), r.test()));
        sb.append("\n");
    }

    private static String row(String name, Evaluation validation, Evaluation test) {
        return String.format(Locale.ROOT, "| %s | %s | %.4f | %s | %.4f |%n", name,
                validation == null ? "-" : String.format(Locale.ROOT, "%.4f", validation.accuracy()), test.accuracy(),
                test.rocAuc() == null ? "-" : String.format(Locale.ROOT, "%.4f", test.rocAuc()), test.macroF1());
    }
}
