package com.tweetsentiment.admin;

import com.tweetsentiment.training.DatasetLoader;
import com.tweetsentiment.training.TrainingConfig;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Options of {@code POST /admin/retrain}; all optional.
 *
 * @param preset          {@code default} (the shipped recipe) or {@code article}
 * @param labels          {@code binary}, {@code all}, a comma list, or a JSON list of labels
 * @param epochs          most epochs of the LSTM phase
 * @param seed            seeds the split, initialisation and batch order
 * @param hyperparameters any other training setting, named as in the model card's {@code trainingSettings}
 * @param force           activate the candidate even if the gate refuses it
 */
@Schema(description = "Retraining options; every field is optional")
record RetrainRequest(String preset, Object labels, Integer epochs, Long seed, Map<String, Object> hyperparameters, Boolean force) {

    static final RetrainRequest DEFAULTS = new RetrainRequest(null, null, null, null, null, null);

    String presetName() {
        return preset == null ? "default" : preset.strip().toLowerCase(Locale.ROOT);
    }

    boolean forced() {
        return Boolean.TRUE.equals(force);
    }

    /** The settings the trainer gets on top of the preset. */
    Map<String, Object> settings() {
        Map<String, Object> s = new LinkedHashMap<>();
        if (hyperparameters != null) {
            s.putAll(hyperparameters);
        }
        if (labels != null) {
            s.put("labels", labelList());
        }
        if (epochs != null) {
            s.put("epochs", epochs);
        }
        if (seed != null) {
            s.put("seed", seed);
        }
        return s;
    }

    private List<String> labelList() {
        if (labels instanceof List<?> list) {
            return list.stream().map(String::valueOf).toList();
        }
        if (labels instanceof String text) {
            return switch (text.strip().toLowerCase(Locale.ROOT)) {
                case "binary" -> List.of("Negative", "Positive");
                case "all" -> DatasetLoader.DATASET_LABELS;
                default -> List.of(text.strip().split("\\s*,\\s*"));
            };
        }
        throw new IllegalArgumentException("labels must be 'binary', 'all', a comma list or a list of labels, found " + labels);
    }

    /** The full configuration the job will train with; {@link IllegalArgumentException} says what is wrong. */
    TrainingConfig config() {
        TrainingConfig c = TrainingConfig.preset(presetName()).with(settings());
        for (String label : c.labels()) {
            if (!DatasetLoader.DATASET_LABELS.contains(label)) {
                throw new IllegalArgumentException("unknown label '" + label + "'; the dataset's labels are " + DatasetLoader.DATASET_LABELS);
            }
        }
        return c;
    }
}
