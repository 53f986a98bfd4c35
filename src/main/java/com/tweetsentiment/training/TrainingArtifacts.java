package com.tweetsentiment.training;


import com.tweetsentiment.artifact.Architecture;
import com.tweetsentiment.artifact.Manifest;
import com.tweetsentiment.artifact.ModelArtifacts;
import com.tweetsentiment.artifact.ModelStore;
import com.tweetsentiment.drift.HeldOutProfile;
import com.tweetsentiment.engine.LstmEngine;
import com.tweetsentiment.engine.Prediction;
import com.tweetsentiment.engine.SentimentModel;
import com.tweetsentiment.text.Preprocessor;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** Turns a training result into a published artifact: manifest, tensors, vocabulary, model card, pictures. */
public final class TrainingArtifacts {

    public static final String MODEL_CARD = "model-card.md";
    public static final String CURVES = "training-curves.png";
    public static final String CONFUSION = "confusion-matrix.png";
    private static final DateTimeFormatter VERSION_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    private TrainingArtifacts() {
    }

    /** A fresh version name from the time, e.g. {@code 20261126-154512}, with a suffix if taken. */
    public static String newVersion(Path root, Instant now) {
        String base = VERSION_TIME.format(now);
        String v = base;
        for (int i = 2; Files.exists(root.resolve(v)); i++) {
            v = base + "-" + i;
        }
        return v;
    }

    public static Path write(Path root, String version, TrainingResult r, Dataset data, Instant created) {
        JsonMapper json = ModelArtifacts.json();
        ObjectNode training = json.createObjectNode();
        training.set("settings", json.valueToTree(r.config()));
        training.put("trainRows", r.trainRows());
        training.put("validationRows", r.validationRows());
        training.put("testRows", r.testRows());
        training.put("epochsRun", r.history().size());
        training.put("bestEpoch", r.bestEpoch());
        training.put("seconds", Math.round(r.seconds() * 10) / 10.0);
        training.set("history", json.valueToTree(r.history()));
        if (r.teacher() != null) {
            training.set("teacher", json.valueToTree(r.teacher()));
        }
        ObjectNode dataset = json.createObjectNode();
        dataset.put("sha256", data.sha256());
        dataset.put("rowsRead", data.rowsRead());
        dataset.put("rowsUsed", data.examples().size());
        dataset.put("rowsWithOtherLabels", data.excluded());
        dataset.put("rowsRejected", data.rejectedTotal());
        dataset.set("rejectedByReason", json.valueToTree(data.rejected()));
        dataset.put("rowsWithInvalidUtf8Replaced", data.repairedEncoding());
        ObjectNode evaluation = json.createObjectNode();
        evaluation.put("split", r.config().split().name().toLowerCase(java.util.Locale.ROOT));
        evaluation.set("test", json.valueToTree(r.test()));
        if (r.validation() != null) {
            evaluation.set("validation", json.valueToTree(r.validation()));
        }
        if (r.randomSplitTest() != null) {
            evaluation.set("randomSplitTest", json.valueToTree(r.randomSplitTest()));
        }
        Manifest manifest = new Manifest(Manifest.FORMAT, Manifest.VERSION, version, created.truncatedTo(ChronoUnit.SECONDS).toString(),
                Architecture.of(r.shape(), r.config().labels()), r.config().preprocessing(), training, dataset, evaluation, Map.of());
        Map<String, byte[]> extras = new LinkedHashMap<>();
        extras.put(MODEL_CARD, ModelCard.markdown(manifest, r).getBytes(StandardCharsets.UTF_8));
        extras.put(CURVES, Charts.trainingCurves(r.history(), r.bestEpoch()));
        extras.put(CONFUSION, Charts.confusionMatrix(r.test(), "Confusion matrix, held-out test split (" + version + ")"));
        List<Example> test = heldOut(manifest, data, "test");
        if (!test.isEmpty()) {
            SentimentModel model = new SentimentModel(new Preprocessor(r.config().preprocessing()), r.vocabulary(), r.config().labels(),
                    new LstmEngine(r.shape(), r.parameters()));
            extras.put(HeldOutProfile.FILE, json.writeValueAsBytes(profile(model, test)));
        }
        return new ModelStore(root).publish(version, dir -> ModelArtifacts.writeFiles(dir, manifest, r.parameters(), r.vocabulary(), extras));
    }

    /**
     * The model's {@link HeldOutProfile} on held-out rows: the drift reference and the abstention curve. An artifact
     * written before profiles existed gets one from {@code profile} (the same rows: the manifest's split of its dataset).
     */
    public static HeldOutProfile profile(SentimentModel model, List<Example> rows) {
        // one batch: the engine runs its rows longest first, so their lengths cost no padding
        List<Prediction> predictions = model.predict(rows.stream().map(Example::text).toList());
        int[] truth = rows.stream().mapToInt(e -> model.labels().indexOf(e.label())).toArray();
        return HeldOutProfile.of(model.labels(), model.preprocessor().settings().maxTokens(), predictions, truth);
    }

    /** The figures on the held-out test split recorded in a manifest; null if it has none. */
    public static Evaluation testMetrics(Manifest m) {
        JsonNode test = m.evaluation() == null ? null : m.evaluation().get("test");
        return test == null || !test.isObject() ? null : ModelArtifacts.json().treeToValue(test, Evaluation.class);
    }

    /** The settings an artifact was trained with, as recorded in its manifest. */
    public static TrainingConfig settings(Manifest m) {
        return ModelArtifacts.json().treeToValue(m.training().path("settings"), TrainingConfig.class);
    }

    /**
     * The rows of {@code dataset} that the artifact's training run held out as {@code test} or {@code validation}:
     * the same split, seed and fractions. They are the held-out rows only if the dataset is the one trained on
     * ({@link #trainedOn}).
     */
    public static List<Example> heldOut(Manifest m, Dataset dataset, String which) {
        TrainingConfig c = settings(m);
        if (which.equals("validation")) {
            requireValidationHeldOut(m);
        }
        Split s = Split.of(c.split(), dataset.examples(), c.validationFraction(), c.testFraction(), c.seed());
        return switch (which) {
            case "test" -> s.test();
            case "validation" -> s.validation();
            default -> throw new IllegalArgumentException("held-out rows are 'test' or 'validation', found '" + which + "'");
        };
    }

    /** Refuses an artifact refit on its validation rows ({@link TrainingConfig#refit}): for it they are not held out. */
    public static void requireValidationHeldOut(Manifest m) {
        if (settings(m).refit()) {
            throw new IllegalArgumentException(m.modelVersion() + " was refit on its training and validation rows together, "
                    + "so its validation rows are not held out; use the test rows");
        }
    }

    public static boolean trainedOn(Manifest m, Dataset dataset) {
        return m.dataset().path("sha256").asString().equals(dataset.sha256());
    }
}
