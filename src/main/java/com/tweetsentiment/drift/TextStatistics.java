package com.tweetsentiment.drift;

import com.tweetsentiment.engine.Prediction;
import java.util.List;

/**
 * What drift is measured on, per text: how many tokens it has, what share of those the model reads it does not know,
 * and the label it got. The same binning serves the reference (held-out rows, at training time) and the live window,
 * so the two histograms are comparable bin for bin.
 */
public final class TextStatistics {

    /** Upper bounds (inclusive) of the token-count bins; the last bin is everything above. */
    static final int[] TOKEN_COUNT_UPPER = {4, 9, 14, 19, 29, 39, 63};
    /** Upper bounds (inclusive) of the unknown-token-rate bins after the first (exactly 0) and before the last (exactly 1). */
    static final double[] UNKNOWN_RATE_UPPER = {0.0, 0.1, 0.2, 0.35, 0.5, 0.999999};

    public static final List<String> TOKEN_COUNT_BINS = List.of("0-4", "5-9", "10-14", "15-19", "20-29", "30-39", "40-63", "64+");
    public static final List<String> UNKNOWN_RATE_BINS = List.of("0", "0-0.1", "0.1-0.2", "0.2-0.35", "0.35-0.5", "0.5-1", "1");

    private TextStatistics() {
    }

    static int tokenCountBin(Prediction p) {
        for (int b = 0; b < TOKEN_COUNT_UPPER.length; b++) {
            if (p.tokens() <= TOKEN_COUNT_UPPER[b]) {
                return b;
            }
        }
        return TOKEN_COUNT_UPPER.length;
    }

    /**
     * The share of the tokens the model reads (the first maxTokens) that its vocabulary does not know; a text with no
     * token at all counts as all unknown.
     */
    static int unknownRateBin(Prediction p, int maxTokens) {
        int read = Math.min(p.tokens(), maxTokens);
        double rate = read == 0 ? 1 : (read - Math.min(read, p.knownTokens())) / (double) read;
        for (int b = 0; b < UNKNOWN_RATE_UPPER.length; b++) {
            if (rate <= UNKNOWN_RATE_UPPER[b]) {
                return b;
            }
        }
        return UNKNOWN_RATE_UPPER.length;
    }

    /**
     * Population stability index of an observed distribution against the expected one:
     * Σ (o − e)·ln(o / e), with each share floored at 1e-4 so that an empty bin does not make it infinite.
     * Common reading: below 0.1 no shift worth acting on, 0.1-0.25 a moderate one, above 0.25 a large one.
     */
    public static double psi(double[] expected, double[] observed) {
        if (expected.length != observed.length) {
            throw new IllegalArgumentException("distributions of " + expected.length + " and " + observed.length + " bins");
        }
        double sum = 0;
        for (int i = 0; i < expected.length; i++) {
            double e = Math.max(expected[i], 1e-4);
            double o = Math.max(observed[i], 1e-4);
            sum += (o - e) * Math.log(o / e);
        }
        return sum;
    }
}
