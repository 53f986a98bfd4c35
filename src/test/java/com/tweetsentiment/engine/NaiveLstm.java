package com.tweetsentiment.engine;

/**
 * The model written as plain loops in double precision, straight from the equations: the reference
 * the ND4J engine is checked against. Slow on purpose; nothing clever.
 */
final class NaiveLstm {

    private final ModelShape s;
    private final LstmParameters p;
    private final double[][] emb;
    private final double[][] wx;
    private final double[][] wh;
    private final double[] b;
    private final double[][] wo;
    private final double[] bo;

    private NaiveLstm(ModelShape s, LstmParameters p) {
        this.s = s;
        this.p = p;
        this.emb = p.embedding().toDoubleMatrix();
        this.wx = p.wx().toDoubleMatrix();
        this.wh = p.wh().toDoubleMatrix();
        this.b = p.b().toDoubleVector();
        this.wo = p.wo().toDoubleMatrix();
        this.bo = p.bo().toDoubleVector();
    }

    /** The reference for one model, its weights copied into Java arrays once (for many texts). */
    static NaiveLstm of(ModelShape s, LstmParameters p) {
        return new NaiveLstm(s, p);
    }

    static double[] probabilities(ModelShape s, LstmParameters p, int[] ids, int[] features) {
        return of(s, p).probabilities(ids, features);
    }

    double[] probabilities(int[] ids, int[] features) {
        int e = s.embeddingSize(), h = s.hiddenSize(), k = s.outputs();
        double[] hPrev = new double[h];
        double[] cPrev = new double[h];
        double[] pooled = new double[h];
        java.util.Arrays.fill(pooled, s.pooling() == Pooling.MAX ? Double.NEGATIVE_INFINITY : 0);
        for (int id : ids) {
            double[] a = b.clone();
            for (int col = 0; col < 4 * h; col++) {
                for (int j = 0; j < e; j++) {
                    a[col] += emb[id][j] * wx[j][col];
                }
                for (int j = 0; j < h; j++) {
                    a[col] += hPrev[j] * wh[j][col];
                }
            }
            double[] hNext = new double[h];
            double[] cNext = new double[h];
            for (int j = 0; j < h; j++) {
                double i = sigmoid(a[j]), f = sigmoid(a[h + j]), g = Math.tanh(a[2 * h + j]), o = sigmoid(a[3 * h + j]);
                cNext[j] = f * cPrev[j] + i * g;
                hNext[j] = o * Math.tanh(cNext[j]);
                switch (s.pooling()) {
                    case MEAN -> pooled[j] += hNext[j] / ids.length;
                    case MAX -> pooled[j] = Math.max(pooled[j], hNext[j]);
                    case LAST -> pooled[j] = hNext[j];
                }
            }
            hPrev = hNext;
            cPrev = cNext;
        }
        double[] z = bo.clone();
        for (int q = 0; q < k; q++) {
            for (int j = 0; j < h; j++) {
                z[q] += pooled[j] * wo[j][q];
            }
            if (p.wide() != null) {
                for (int f : features) {
                    z[q] += p.wide().getDouble(f, q) / Math.sqrt(features.length);
                }
            }
        }
        if (s.binary()) {
            double pos = sigmoid(z[0]);
            return new double[] {1 - pos, pos};
        }
        double max = java.util.Arrays.stream(z).max().orElseThrow();
        double sum = 0;
        double[] out = new double[k];
        for (int q = 0; q < k; q++) {
            out[q] = Math.exp(z[q] - max);
            sum += out[q];
        }
        for (int q = 0; q < k; q++) {
            out[q] /= sum;
        }
        return out;
    }

    private static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }
}
