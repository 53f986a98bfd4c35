package com.tweetsentiment.training;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * A training batch with its rows sorted by falling length, so that the sequences still running at
 * step t are the prefix {@code [0, active[t])}.
 *
 * @param ids      [B][L_b] token ids, L_b >= 1, non-increasing in b
 * @param features [B][] wide-path buckets
 * @param labels   [B] class index per row
 * @param targets  [B][K] the probabilities each row's logits are trained towards (K = 1 in a binary model: P(positive)),
 *                 or null for the one-hot labels; soft targets carry a teacher's view ({@link Distillation})
 * @param active   [T] rows still running at each step
 */
record Batch(int[][] ids, int[][] features, int[] labels, float[][] targets, int[] active) {

    static Batch of(int[][] ids, int[][] features, int[] labels) {
        return of(ids, features, labels, null);
    }

    static Batch of(int[][] ids, int[][] features, int[] labels, float[][] targets) {
        Integer[] order = IntStream.range(0, ids.length).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingInt((Integer b) -> ids[b].length).reversed());
        int[][] sortedIds = new int[ids.length][];
        int[][] sortedFeatures = new int[ids.length][];
        int[] sortedLabels = new int[ids.length];
        float[][] sortedTargets = targets == null ? null : new float[ids.length][];
        for (int r = 0; r < ids.length; r++) {
            if (ids[order[r]].length == 0) {
                throw new IllegalArgumentException("every sequence needs at least one token");
            }
            sortedIds[r] = ids[order[r]];
            sortedFeatures[r] = features[order[r]];
            sortedLabels[r] = labels[order[r]];
            if (targets != null) {
                sortedTargets[r] = targets[order[r]];
            }
        }
        int steps = sortedIds.length == 0 ? 0 : sortedIds[0].length;
        int[] active = new int[steps];
        for (int t = 0; t < steps; t++) {
            int n = 0;
            while (n < sortedIds.length && sortedIds[n].length > t) {
                n++;
            }
            active[t] = n;
        }
        return new Batch(sortedIds, sortedFeatures, sortedLabels, sortedTargets, active);
    }

    int size() {
        return ids.length;
    }

    int steps() {
        return active.length;
    }

    /** Row r's target for output q: its soft target, else its one-hot label (K = 1: the label itself). */
    double target(int r, int q, int outputs) {
        if (targets != null) {
            return targets[r][q];
        }
        return outputs == 1 ? labels[r] : (q == labels[r] ? 1 : 0);
    }
}
