package com.tweetsentiment.training;

import com.tweetsentiment.engine.LstmEngine;
import com.tweetsentiment.engine.LstmParameters;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A logit-level blend of two models, z = α·z_wide + β·z_lstm + c, fitted on validation rows by
 * gradient descent on the log loss (a convex problem in 2 + K numbers, so it cannot overfit much).
 * Since both models end in the same dense output, the blend folds exactly into one parameter set:
 * wide ← α·wide, wo ← β·wo, bo ← α·bo_wide + β·bo_lstm + c.
 */
record Blend(double alpha, double beta, double[] bias) {

    private static final int ITERATIONS = 1500;
    private static final double STEP = 0.05;

    static Blend fit(float[][] wide, float[][] lstm, int[] truth) {
        int n = truth.length;
        int k = wide[0].length == 2 ? 1 : wide[0].length;
        double[][] a = logits(wide);
        double[][] b = logits(lstm);
        double alpha = 1;
        double beta = 1;
        double[] c = new double[k];
        double[] z = new double[k];
        for (int it = 0; it < ITERATIONS; it++) {
            double gAlpha = 0;
            double gBeta = 0;
            double[] gc = new double[k];
            for (int r = 0; r < n; r++) {
                for (int q = 0; q < k; q++) {
                    z[q] = alpha * a[r][q] + beta * b[r][q] + c[q];
                }
                double[] dz = k == 1 ? new double[] {sigmoid(z[0]) - truth[r]} : softmaxMinusOneHot(z, truth[r]);
                for (int q = 0; q < k; q++) {
                    gAlpha += dz[q] * a[r][q];
                    gBeta += dz[q] * b[r][q];
                    gc[q] += dz[q];
                }
            }
            alpha -= STEP * gAlpha / n;
            beta -= STEP * gBeta / n;
            for (int q = 0; q < k; q++) {
                c[q] -= STEP * gc[q] / n;
            }
        }
        return new Blend(alpha, beta, c);
    }

    /** Probabilities of the blend. */
    float[][] apply(float[][] wide, float[][] lstm) {
        double[][] a = logits(wide);
        double[][] b = logits(lstm);
        float[][] out = new float[a.length][];
        for (int r = 0; r < a.length; r++) {
            double[] z = new double[bias.length];
            for (int q = 0; q < bias.length; q++) {
                z[q] = alpha * a[r][q] + beta * b[r][q] + bias[q];
            }
            out[r] = bias.length == 1 ? new float[] {(float) (1 - sigmoid(z[0])), (float) sigmoid(z[0])} : toFloat(LstmEngine.softmax(z));
        }
        return out;
    }

    /** One parameter set that computes the blend: the recurrent tensors of {@code lstm}, the wide ones of {@code wide}. */
    LstmParameters fold(LstmParameters wide, LstmParameters lstm) {
        INDArray bo = wide.bo().mul(alpha).addi(lstm.bo().mul(beta)).addi(org.nd4j.linalg.factory.Nd4j.createFromArray(bias)
                .castTo(lstm.bo().dataType()).reshape(1, bias.length));
        return new LstmParameters(lstm.embedding(), lstm.wx(), lstm.wh(), lstm.b(), lstm.wo().mul(beta), bo, wide.wide().mul(alpha));
    }

    /** Binary: the log-odds of the second label; more labels: log-probabilities (softmax ignores a per-row constant). */
    private static double[][] logits(float[][] p) {
        double[][] z = new double[p.length][];
        for (int r = 0; r < p.length; r++) {
            if (p[r].length == 2) {
                double q = Math.min(Math.max(p[r][1], 1e-7), 1 - 1e-7);
                z[r] = new double[] {Math.log(q / (1 - q))};
            } else {
                z[r] = new double[p[r].length];
                for (int j = 0; j < p[r].length; j++) {
                    z[r][j] = Math.log(Math.max(p[r][j], 1e-7));
                }
            }
        }
        return z;
    }

    private static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    private static double[] softmaxMinusOneHot(double[] z, int y) {
        double[] p = LstmEngine.softmax(z);
        p[y] -= 1;
        return p;
    }

    private static float[] toFloat(double[] d) {
        float[] f = new float[d.length];
        for (int j = 0; j < d.length; j++) {
            f[j] = (float) d[j];
        }
        return f;
    }
}
