package com.tweetsentiment.training;

import com.tweetsentiment.text.Preprocessor;
import java.util.List;

/**
 * Naive Bayes log-count ratios of the wide path's buckets, as in NBSVM (Wang and Manning 2012, "Baselines and
 * Bigrams"): for output q, {@code r = log((p / |p|₁) / (n / |n|₁))} where p counts the bucket in training rows of
 * q's label and n in the other rows, both smoothed by α. A bucket seen equally often on both sides gets r ≈ 0,
 * one seen on one side only gets a large |r|. With a sigmoid head (one output) q is the second label against the
 * first; with a softmax head each label is counted against the rest.
 */
final class NaiveBayesRatios {

    static final double ALPHA = 1.0;

    private NaiveBayesRatios() {
    }

    /** [buckets × outputs] ratios, row-major, from the training rows' features and labels. */
    static double[] of(List<Preprocessor.Encoded> items, int[] labels, int buckets, int outputs) {
        boolean binary = outputs == 1;
        int classes = binary ? 2 : outputs;
        double[][] counts = new double[classes][buckets];
        double[] totals = new double[classes];
        for (int r = 0; r < items.size(); r++) {
            for (int f : items.get(r).features()) {
                counts[labels[r]][f]++;
                totals[labels[r]]++;
            }
        }
        double all = 0;
        for (double t : totals) {
            all += t;
        }
        double[] ratios = new double[buckets * outputs];
        for (int q = 0; q < outputs; q++) {
            int label = binary ? 1 : q;
            double inTotal = totals[label] + ALPHA * buckets;
            double outTotal = all - totals[label] + ALPHA * buckets;
            for (int f = 0; f < buckets; f++) {
                double in = counts[label][f];
                double out = 0;
                for (int c = 0; c < classes; c++) {
                    out += c == label ? 0 : counts[c][f];
                }
                ratios[f * outputs + q] = Math.log(((in + ALPHA) / inTotal) / ((out + ALPHA) / outTotal));
            }
        }
        return ratios;
    }
}
