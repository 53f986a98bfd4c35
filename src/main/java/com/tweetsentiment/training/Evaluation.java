package com.tweetsentiment.training;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;

/**
 * Classification metrics on one set of examples.
 *
 * @param examples  how many were scored
 * @param accuracy  share of correct top labels
 * @param perLabel  precision, recall and F1 of each label
 * @param macroF1   mean F1 over labels
 * @param rocAuc    area under the ROC curve of the second label's score (binary only, else null)
 * @param labels    label names, the order of the confusion matrix
 * @param confusion [truth][predicted] counts
 */
public record Evaluation(int examples, double accuracy, List<LabelMetrics> perLabel, double macroF1, Double rocAuc,
        List<String> labels, int[][] confusion) {

    public record LabelMetrics(String label, double precision, double recall, double f1, int support) {
    }

    /**
     * @param truth         [n] true class index
     * @param probabilities [n][labels] predicted probabilities
     */
    public static Evaluation of(List<String> labels, int[] truth, float[][] probabilities) {
        int k = labels.size();
        int n = truth.length;
        int[][] confusion = new int[k][k];
        int correct = 0;
        for (int r = 0; r < n; r++) {
            int best = argmax(probabilities[r]);
            confusion[truth[r]][best]++;
            if (best == truth[r]) {
                correct++;
            }
        }
        List<LabelMetrics> per = new ArrayList<>();
        double f1Sum = 0;
        for (int c = 0; c < k; c++) {
            int tp = confusion[c][c];
            int predicted = 0;
            int actual = 0;
            for (int j = 0; j < k; j++) {
                predicted += confusion[j][c];
                actual += confusion[c][j];
            }
            double precision = predicted == 0 ? 0 : (double) tp / predicted;
            double recall = actual == 0 ? 0 : (double) tp / actual;
            double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
            per.add(new LabelMetrics(labels.get(c), precision, recall, f1, actual));
            f1Sum += f1;
        }
        Double auc = k == 2 ? rocAuc(truth, probabilities) : null;
        return new Evaluation(n, n == 0 ? 0 : (double) correct / n, per, f1Sum / k, auc, List.copyOf(labels), confusion);
    }

    static int argmax(float[] p) {
        int best = 0;
        for (int j = 1; j < p.length; j++) {
            if (p[j] > p[best]) {
                best = j;
            }
        }
        return best;
    }

    /** Mann-Whitney form: the chance that a random positive outscores a random negative, ties counting half. */
    static Double rocAuc(int[] truth, float[][] probabilities) {
        int n = truth.length;
        Integer[] order = IntStream.range(0, n).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingDouble(r -> probabilities[r][1]));
        double rankSumPositive = 0;
        long positives = 0;
        int i = 0;
        while (i < n) {
            int j = i;
            while (j + 1 < n && probabilities[order[j + 1]][1] == probabilities[order[i]][1]) {
                j++;
            }
            double rank = (i + j) / 2.0 + 1;
            for (int q = i; q <= j; q++) {
                if (truth[order[q]] == 1) {
                    rankSumPositive += rank;
                    positives++;
                }
            }
            i = j + 1;
        }
        long negatives = n - positives;
        if (positives == 0 || negatives == 0) {
            return null;
        }
        return (rankSumPositive - positives * (positives + 1) / 2.0) / ((double) positives * negatives);
    }

    /** Human-readable report. */
    public String report() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "examples %d  accuracy %.4f  macro-F1 %.4f", examples, accuracy, macroF1));
        if (rocAuc != null) {
            sb.append(String.format(Locale.ROOT, "  ROC-AUC %.4f", rocAuc));
        }
        sb.append(String.format(Locale.ROOT, "%n%-12s %9s %9s %9s %8s%n", "label", "precision", "recall", "F1", "support"));
        for (LabelMetrics m : perLabel) {
            sb.append(String.format(Locale.ROOT, "%-12s %9.4f %9.4f %9.4f %8d%n", m.label(), m.precision(), m.recall(), m.f1(), m.support()));
        }
        sb.append("confusion (rows: truth, columns: predicted)\n");
        sb.append(String.format(Locale.ROOT, "%-12s", ""));
        labels.forEach(l -> sb.append(String.format(Locale.ROOT, " %10s", l)));
        sb.append('\n');
        for (int r = 0; r < labels.size(); r++) {
            sb.append(String.format(Locale.ROOT, "%-12s", labels.get(r)));
            for (int c = 0; c < labels.size(); c++) {
                sb.append(String.format(Locale.ROOT, " %10d", confusion[r][c]));
            }
            sb.append('\n');
        }
        return sb.toString();
    }
}
