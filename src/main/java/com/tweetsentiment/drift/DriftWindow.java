package com.tweetsentiment.drift;

import com.tweetsentiment.engine.Prediction;
import java.util.List;

/** The statistics of the last {@code capacity} texts of one model version, kept as counts updated on every text. */
final class DriftWindow {

    private final int maxTokens;
    private final List<String> labels;
    private final int[] ring;          // per slot: token bin, unknown bin, label index, packed
    private final int[] tokenCounts = new int[TextStatistics.TOKEN_COUNT_BINS.size()];
    private final int[] unknownCounts = new int[TextStatistics.UNKNOWN_RATE_BINS.size()];
    private final int[] labelCounts;
    private int next;
    private int size;

    DriftWindow(int capacity, int maxTokens, List<String> labels) {
        this.ring = new int[capacity];
        this.maxTokens = maxTokens;
        this.labels = List.copyOf(labels);
        this.labelCounts = new int[labels.size()];
    }

    synchronized void add(List<Prediction> predictions) {
        for (Prediction p : predictions) {
            int label = labels.indexOf(p.label());
            if (label < 0) {
                continue;
            }
            if (size == ring.length) {
                int old = ring[next];
                tokenCounts[old & 0xff]--;
                unknownCounts[(old >>> 8) & 0xff]--;
                labelCounts[old >>> 16]--;
            } else {
                size++;
            }
            int token = TextStatistics.tokenCountBin(p);
            int unknown = TextStatistics.unknownRateBin(p, maxTokens);
            ring[next] = token | unknown << 8 | label << 16;
            tokenCounts[token]++;
            unknownCounts[unknown]++;
            labelCounts[label]++;
            next = (next + 1) % ring.length;
        }
    }

    /** The window's texts and its three distributions (shares), taken together. */
    synchronized Snapshot snapshot() {
        return new Snapshot(size, shares(tokenCounts), shares(unknownCounts), shares(labelCounts));
    }

    private double[] shares(int[] counts) {
        double[] out = new double[counts.length];
        for (int i = 0; i < counts.length; i++) {
            out[i] = size == 0 ? 0 : counts[i] / (double) size;
        }
        return out;
    }

    record Snapshot(int texts, double[] tokenCount, double[] unknownRate, double[] labelMix) {
    }
}
