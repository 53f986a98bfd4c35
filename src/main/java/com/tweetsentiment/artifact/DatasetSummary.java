package com.tweetsentiment.artifact;

import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * The {@code dataset} part of a manifest as the API shows it: which data a model was trained on.
 *
 * @param sha256                      the CSV's sha256
 * @param rowsRead                    records read
 * @param rowsUsed                    rows with one of the model's labels (split into train, validation and test)
 * @param rowsWithOtherLabels         rows with the dataset's other labels (unlabelled text for a distilled model)
 * @param rowsRejected                rows left out as unusable
 * @param rejectedByReason            those rows by reason
 * @param rowsWithInvalidUtf8Replaced rows whose invalid UTF-8 was replaced (null in older artifacts)
 */
public record DatasetSummary(String sha256, long rowsRead, long rowsUsed, Long rowsWithOtherLabels, long rowsRejected,
        Map<String, Long> rejectedByReason, Long rowsWithInvalidUtf8Replaced) {

    /** Null when the manifest records no dataset. */
    public static DatasetSummary of(JsonNode dataset) {
        return dataset == null || !dataset.isObject() ? null : ModelArtifacts.json().treeToValue(dataset, DatasetSummary.class);
    }
}
