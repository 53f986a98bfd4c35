package com.tweetsentiment.drift;

import com.tweetsentiment.engine.Prediction;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a model saw and did on its held-out test rows, written by the trainer into the artifact
 * ({@value #FILE}): the reference distributions that live traffic is compared with for drift, and the coverage
 * and accuracy an abstention threshold would have given.
 *
 * @param rows         held-out rows it was computed on
 * @param tokenCount   share of texts per {@link TextStatistics#TOKEN_COUNT_BINS} bin
 * @param unknownRate  share of texts per {@link TextStatistics#UNKNOWN_RATE_BINS} bin
 * @param labelMix     share of texts per predicted label, in the model's label order
 * @param coverage     per confidence threshold: the share of rows answered (confidence at or above it) and the
 *                     accuracy on those
 */
public record HeldOutProfile(int rows, double[] tokenCount, double[] unknownRate, Map<String, Double> labelMix,
        List<CoveragePoint> coverage) {

    public static final String FILE = "heldout-profile.json";

    public record CoveragePoint(double threshold, double coverage, Double accuracy) {
    }

    /**
     * @param truth index of each row's true label in {@code labels}
     */
    public static HeldOutProfile of(List<String> labels, int maxTokens, List<Prediction> predictions, int[] truth) {
        int n = predictions.size();
        if (n == 0 || truth.length != n) {
            throw new IllegalArgumentException("need one true label per prediction and at least one row, found "
                    + n + " predictions and " + truth.length + " labels");
        }
        double[] tokens = new double[TextStatistics.TOKEN_COUNT_BINS.size()];
        double[] unknown = new double[TextStatistics.UNKNOWN_RATE_BINS.size()];
        Map<String, Double> mix = new LinkedHashMap<>();
        labels.forEach(l -> mix.put(l, 0.0));
        for (Prediction p : predictions) {
            tokens[TextStatistics.tokenCountBin(p)] += 1.0 / n;
            unknown[TextStatistics.unknownRateBin(p, maxTokens)] += 1.0 / n;
            mix.merge(p.label(), 1.0 / n, Double::sum);
        }
        List<CoveragePoint> coverage = new ArrayList<>();
        double start = 1.0 / labels.size();
        for (int step = 0; ; step++) {
            double threshold = Math.round((Math.ceil(start * 100) / 100 + step * 0.01) * 100) / 100.0;
            if (threshold > 0.99) {
                break;
            }
            int answered = 0;
            int right = 0;
            for (int r = 0; r < n; r++) {
                Prediction p = predictions.get(r);
                if (p.confidence() >= threshold) {
                    answered++;
                    if (p.label().equals(labels.get(truth[r]))) {
                        right++;
                    }
                }
            }
            coverage.add(new CoveragePoint(threshold, answered / (double) n, answered == 0 ? null : right / (double) answered));
        }
        return new HeldOutProfile(n, tokens, unknown, mix, coverage);
    }
}
