package com.tweetsentiment.engine;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link Kernels} on the Vector API, at the machine's widest float vectors (16 lanes with AVX-512). exp and tanh are
 * the JDK's vector math (Intel's SVML on x86-64), accurate to a few ulp. Columns past the last whole vector go to the
 * plain loops. Loaded only when {@code jdk.incubator.vector} is in the boot layer.
 */
final class VectorKernels extends Kernels {

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    @Override
    String name() {
        return "Vector API, " + S.length() + " lanes";
    }

    /**
     * Four rows and two column vectors at a time, so each vector of wh loaded serves four accumulators and each
     * broadcast of h two; the rows left over one at a time,
     * four column vectors at once so that the multiply-adds do not wait on each other.
     */
    @Override
    void addRecurrent(float[] pre, float[] h, float[] wh, int n, int hidden, int g) {
        int lanes = S.length();
        int bound = S.loopBound(g);
        int r = 0;
        for (; r + 4 <= n; r += 4) {
            int p0 = r * g;
            int h0 = r * hidden;
            int j = 0;
            for (; j + 2 * lanes <= bound; j += 2 * lanes) {   // 4 rows × 2 vectors: 8 accumulators, 2 loads of wh per k
                FloatVector a0 = FloatVector.fromArray(S, pre, p0 + j);
                FloatVector a1 = FloatVector.fromArray(S, pre, p0 + g + j);
                FloatVector a2 = FloatVector.fromArray(S, pre, p0 + 2 * g + j);
                FloatVector a3 = FloatVector.fromArray(S, pre, p0 + 3 * g + j);
                FloatVector b0 = FloatVector.fromArray(S, pre, p0 + j + lanes);
                FloatVector b1 = FloatVector.fromArray(S, pre, p0 + g + j + lanes);
                FloatVector b2 = FloatVector.fromArray(S, pre, p0 + 2 * g + j + lanes);
                FloatVector b3 = FloatVector.fromArray(S, pre, p0 + 3 * g + j + lanes);
                for (int k = 0; k < hidden; k++) {
                    FloatVector w = FloatVector.fromArray(S, wh, k * g + j);
                    FloatVector v = FloatVector.fromArray(S, wh, k * g + j + lanes);
                    FloatVector x0 = FloatVector.broadcast(S, h[h0 + k]);
                    FloatVector x1 = FloatVector.broadcast(S, h[h0 + hidden + k]);
                    FloatVector x2 = FloatVector.broadcast(S, h[h0 + 2 * hidden + k]);
                    FloatVector x3 = FloatVector.broadcast(S, h[h0 + 3 * hidden + k]);
                    a0 = w.fma(x0, a0);
                    a1 = w.fma(x1, a1);
                    a2 = w.fma(x2, a2);
                    a3 = w.fma(x3, a3);
                    b0 = v.fma(x0, b0);
                    b1 = v.fma(x1, b1);
                    b2 = v.fma(x2, b2);
                    b3 = v.fma(x3, b3);
                }
                a0.intoArray(pre, p0 + j);
                a1.intoArray(pre, p0 + g + j);
                a2.intoArray(pre, p0 + 2 * g + j);
                a3.intoArray(pre, p0 + 3 * g + j);
                b0.intoArray(pre, p0 + j + lanes);
                b1.intoArray(pre, p0 + g + j + lanes);
                b2.intoArray(pre, p0 + 2 * g + j + lanes);
                b3.intoArray(pre, p0 + 3 * g + j + lanes);
            }
            for (; j < bound; j += lanes) {
                FloatVector a0 = FloatVector.fromArray(S, pre, p0 + j);
                FloatVector a1 = FloatVector.fromArray(S, pre, p0 + g + j);
                FloatVector a2 = FloatVector.fromArray(S, pre, p0 + 2 * g + j);
                FloatVector a3 = FloatVector.fromArray(S, pre, p0 + 3 * g + j);
                for (int k = 0; k < hidden; k++) {
                    FloatVector w = FloatVector.fromArray(S, wh, k * g + j);
                    a0 = w.fma(FloatVector.broadcast(S, h[h0 + k]), a0);
                    a1 = w.fma(FloatVector.broadcast(S, h[h0 + hidden + k]), a1);
                    a2 = w.fma(FloatVector.broadcast(S, h[h0 + 2 * hidden + k]), a2);
                    a3 = w.fma(FloatVector.broadcast(S, h[h0 + 3 * hidden + k]), a3);
                }
                a0.intoArray(pre, p0 + j);
                a1.intoArray(pre, p0 + g + j);
                a2.intoArray(pre, p0 + 2 * g + j);
                a3.intoArray(pre, p0 + 3 * g + j);
            }
            for (int q = 0; q < 4; q++) {
                recurrentRow(pre, h, wh, r + q, bound, hidden, g);
            }
        }
        for (; r < n; r++) {
            int p = r * g;
            int h0 = r * hidden;
            int j = 0;
            for (; j + 4 * lanes <= bound; j += 4 * lanes) {
                FloatVector a0 = FloatVector.fromArray(S, pre, p + j);
                FloatVector a1 = FloatVector.fromArray(S, pre, p + j + lanes);
                FloatVector a2 = FloatVector.fromArray(S, pre, p + j + 2 * lanes);
                FloatVector a3 = FloatVector.fromArray(S, pre, p + j + 3 * lanes);
                for (int k = 0; k < hidden; k++) {
                    FloatVector x = FloatVector.broadcast(S, h[h0 + k]);
                    int w = k * g + j;
                    a0 = FloatVector.fromArray(S, wh, w).fma(x, a0);
                    a1 = FloatVector.fromArray(S, wh, w + lanes).fma(x, a1);
                    a2 = FloatVector.fromArray(S, wh, w + 2 * lanes).fma(x, a2);
                    a3 = FloatVector.fromArray(S, wh, w + 3 * lanes).fma(x, a3);
                }
                a0.intoArray(pre, p + j);
                a1.intoArray(pre, p + j + lanes);
                a2.intoArray(pre, p + j + 2 * lanes);
                a3.intoArray(pre, p + j + 3 * lanes);
            }
            for (; j < bound; j += lanes) {
                FloatVector a = FloatVector.fromArray(S, pre, p + j);
                for (int k = 0; k < hidden; k++) {
                    a = FloatVector.fromArray(S, wh, k * g + j).fma(FloatVector.broadcast(S, h[h0 + k]), a);
                }
                a.intoArray(pre, p + j);
            }
            recurrentRow(pre, h, wh, r, bound, hidden, g);
        }
    }

    @Override
    void cell(float[] pre, float[] c, float[] h, int n, int hidden) {
        int lanes = S.length();
        int bound = S.loopBound(hidden);
        FloatVector one = FloatVector.broadcast(S, 1f);
        for (int r = 0; r < n; r++) {
            int p = r * 4 * hidden;
            int s = r * hidden;
            for (int j = 0; j < bound; j += lanes) {
                FloatVector o = sigmoid(FloatVector.fromArray(S, pre, p + j), one);
                FloatVector i = sigmoid(FloatVector.fromArray(S, pre, p + hidden + j), one);
                FloatVector f = sigmoid(FloatVector.fromArray(S, pre, p + 2 * hidden + j), one);
                FloatVector g = FloatVector.fromArray(S, pre, p + 3 * hidden + j).lanewise(VectorOperators.TANH);
                FloatVector cell = f.fma(FloatVector.fromArray(S, c, s + j), i.mul(g));
                cell.intoArray(c, s + j);
                o.mul(cell.lanewise(VectorOperators.TANH)).intoArray(h, s + j);
            }
            cellRow(pre, c, h, r, bound, hidden);
        }
    }

    private static FloatVector sigmoid(FloatVector x, FloatVector one) {
        return one.div(one.add(x.neg().lanewise(VectorOperators.EXP)));
    }
}
