package com.tweetsentiment.artifact;

import com.tweetsentiment.text.PreprocessingSettings;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * {@code manifest.json} of artifact format v1.
 *
 * @param format         always {@link #FORMAT}
 * @param formatVersion  {@link #VERSION} for what this code writes
 * @param modelVersion   the artifact's version (its directory name)
 * @param created        ISO-8601 instant
 * @param architecture   network shape and labels
 * @param preprocessing  how texts become input
 * @param training       the trainer's settings and seed, split sizes, epochs, timing
 * @param dataset        fingerprint of the training data: sha256, rows used and rejected
 * @param evaluation     held-out figures (test, validation, random-split comparison)
 * @param files          sha256 of every other file of the artifact, by file name
 */
public record Manifest(String format, int formatVersion, String modelVersion, String created, Architecture architecture,
        PreprocessingSettings preprocessing, JsonNode training, JsonNode dataset, JsonNode evaluation,
        Map<String, String> files) {

    public static final String FORMAT = "tweet-sentiment-lstm";
    public static final int VERSION = 1;
    public static final String FILE = "manifest.json";
    /** Holds the sha256 of manifest.json itself, so that a changed byte there is caught too. */
    public static final String CHECKSUM_FILE = "manifest.json.sha256";

    public Manifest withFiles(Map<String, String> checksums) {
        return new Manifest(format, formatVersion, modelVersion, created, architecture, preprocessing, training, dataset,
                evaluation, Map.copyOf(checksums));
    }

    /** A metric of the test split, e.g. {@code accuracy}; NaN if the manifest has none. */
    public double testMetric(String name) {
        JsonNode v = evaluation == null ? null : evaluation.path("test").get(name);
        return v == null || !v.isNumber() ? Double.NaN : v.asDouble();
    }
}
