package com.tweetsentiment.engine;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;
import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Tanh;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Inference for Embedding → LSTM → pooling → Dense (+ wide path) → sigmoid/softmax, on ND4J, float32.
 *
 * <p>Letters: B batch, T steps, V vocabulary, E embedding, H hidden, G = 4H gates, K outputs, N wide buckets.
 * Gate column blocks are ordered i, f, g, o. For each step t (Hochreiter and Schmidhuber 1997, with the
 * forget gate of Gers et al. 2000):
 * <pre>
 *   a_t = x_t·Wx + h_{t-1}·Wh + b                  [B, G]
 *   i = σ(a_i)  f = σ(a_f)  g = tanh(a_g)  o = σ(a_o)
 *   c_t = f ⊙ c_{t-1} + i ⊙ g
 *   h_t = o ⊙ tanh(c_t)
 * </pre>
 * Sequences are right-padded; a padded step carries h and c through unchanged.
 *
 * <p>How it stays cheap: {@code Embedding·Wx + b} is folded into one table [V, G] at load, so x_t·Wx is a row
 * gather; the batch is sorted by falling length, so the sequences still running at step t are a prefix of
 * the batch and a step touches exactly those rows (padded steps cost nothing and need no mask); each thread
 * owns its buffers and their prefix views, and the gather copies table rows from the Java heap straight into
 * the gate buffer, so a forward allocates no ND4J memory at all (off-heap garbage is what made the garbage
 * collector pause the server).
 *
 * <p>Safe for concurrent callers: weights are only read, buffers are per thread.
 */
public final class LstmEngine {

    private final ModelShape shape;
    private final float[] table;   // [V·G] row-major: embedding·Wx + b
    private final INDArray wh;     // [H, G]
    private final INDArray wo;     // [H, K]
    private final float[] bo;      // [K]
    private final float[] wide;    // [N*K] row-major, empty without a wide path
    private final ThreadLocal<Scratch> scratch;

    public LstmEngine(ModelShape shape, LstmParameters p) {
        p.check(shape);
        this.shape = shape;
        this.table = sigmoidGatesFirst(p.embedding().castTo(DataType.FLOAT).mmul(p.wx().castTo(DataType.FLOAT))
                .addiRowVector(p.b().castTo(DataType.FLOAT)), shape.hiddenSize()).data().asFloat();
        this.wh = sigmoidGatesFirst(p.wh().castTo(DataType.FLOAT), shape.hiddenSize());
        this.wo = p.wo().castTo(DataType.FLOAT).dup('c');
        this.bo = p.bo().castTo(DataType.FLOAT).dup('c').data().asFloat();
        this.wide = p.wide() == null ? new float[0] : p.wide().castTo(DataType.FLOAT).dup('c').data().asFloat();
        this.scratch = ThreadLocal.withInitial(() -> new Scratch(shape.hiddenSize(), shape.outputs(), 0));
    }

    /**
     * Internally the gate columns are kept as i, f, o, g (the artifact's order is i, f, g, o): the three
     * sigmoid gates are then one contiguous block, activated by one op instead of three.
     */
    private static INDArray sigmoidGatesFirst(INDArray gates, int h) {
        return Nd4j.hstack(block(gates, 0, h), block(gates, 1, h), block(gates, 3, h), block(gates, 2, h)).dup('c');
    }

    private static INDArray block(INDArray a, int index, int h) {
        return a.get(NDArrayIndex.all(), NDArrayIndex.interval((long) index * h, (long) (index + 1) * h));
    }

    public ModelShape shape() {
        return shape;
    }

    /**
     * Class probabilities for a batch.
     *
     * @param ids      B sequences of token ids, each of length 1..T, ids in [0, V)
     * @param features B sorted lists of wide-path buckets in [0, N) (ignored without a wide path)
     * @return [B][labels] probabilities, rows in the order given
     */
    public float[][] predict(int[][] ids, int[][] features) {
        int batch = ids.length;
        if (features.length != batch) {
            throw new IllegalArgumentException("got " + batch + " sequences but " + features.length + " feature lists");
        }
        if (batch == 0) {
            return new float[0][];
        }
        Integer[] order = IntStream.range(0, batch).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingInt((Integer b) -> ids[b].length).reversed());
        int steps = ids[order[0]].length;
        if (ids[order[batch - 1]].length == 0) {
            throw new IllegalArgumentException("every sequence needs at least one token");
        }
        Scratch s = scratch.get();
        if (s.capacity < batch) {
            s = new Scratch(shape.hiddenSize(), shape.outputs(), Math.max(batch, 2 * s.capacity));
            scratch.set(s);
        }
        float[] logits = forward(s, ids, order, steps, batch);
        return probabilities(logits, ids, features, order, batch);
    }

    private float[] forward(Scratch s, int[][] ids, Integer[] order, int steps, int batch) {
        s.c(batch).assign(0);
        s.h(batch).assign(0);
        int active = batch;
        for (int t = 0; t < steps; t++) {
            while (ids[order[active - 1]].length <= t) {
                active--;
            }
            step(s, ids, order, active, t);
        }
        INDArray pooled = shape.pooling() == Pooling.LAST ? s.h(batch) : s.pool(batch);  // LAST: rows stopped at their last valid step
        INDArray logits = s.logits(batch);                                                 // [B, K]
        Nd4j.gemm(pooled, wo, logits, false, false, 1.0, 0.0);
        int k = shape.outputs();
        float[] z = new float[batch * k];
        s.logitsPointer.position(0).get(z, 0, batch * k);
        for (int r = 0; r < batch; r++) {
            // mean pooling: (Σ h)·Wo / L equals (Σ h / L)·Wo, so the division happens here, on K numbers
            float scale = shape.pooling() == Pooling.MEAN ? 1f / ids[order[r]].length : 1f;
            for (int j = 0; j < k; j++) {
                z[r * k + j] = z[r * k + j] * scale + bo[j];
            }
        }
        return z;
    }

    private void step(Scratch s, int[][] ids, Integer[] order, int n, int t) {
        INDArray gates = s.gates(n);                       // [n, G]
        int g4 = shape.gates();
        for (int r = 0; r < n; r++) {                      // x_t·Wx + b: a row of the folded table
            s.gatesPointer.position((long) r * g4).put(table, ids[order[r]][t] * g4, g4);
        }
        INDArray h = s.h(n);                               // [n, H]
        if (t > 0) {
            Nd4j.gemm(h, wh, gates, false, false, 1.0, 1.0); // += h_{t-1}·Wh
        }
        INDArray[] v = s.views(n);
        INDArray i = v[Scratch.I], f = v[Scratch.F], g = v[Scratch.G], o = v[Scratch.O]; // [n, H] each
        Transforms.sigmoid(v[Scratch.IFO], false);         // i, f, o in one op
        Transforms.tanh(g, false);
        INDArray c = s.c(n);
        INDArray tmp = s.tmp(n);
        c.muli(f).addi(i.mul(g, tmp));                     // c = f⊙c + i⊙g
        Nd4j.exec(new Tanh(c, tmp));
        tmp.mul(o, h);                                     // h = o⊙tanh(c)
        INDArray pool = s.pool(n);
        if (shape.pooling() == Pooling.MEAN) {
            if (t == 0) {
                pool.assign(h);
            } else {
                pool.addi(h);
            }
        } else if (shape.pooling() == Pooling.MAX) {
            if (t == 0) {
                pool.assign(h);
            } else {
                Transforms.max(pool, h, false);
            }
        }
    }

    private float[][] probabilities(float[] logits, int[][] ids, int[][] features, Integer[] order, int batch) {
        int k = shape.outputs();
        float[][] out = new float[batch][];
        for (int r = 0; r < batch; r++) {
            int b = order[r];
            float[] z = Arrays.copyOfRange(logits, r * k, r * k + k);
            addWide(z, features[b]);
            out[b] = shape.binary() ? binary(z[0]) : softmax(z);
        }
        return out;
    }

    /**
     * The weight of each of a text's n features in the wide path: 1/√n, so the features form a unit-length
     * vector as in an L2-normalised bag of n-grams (a plain mean, 1/n, left long texts with tiny wide logits).
     */
    public static double wideScale(int features) {
        return 1.0 / Math.sqrt(features);
    }

    /** Wide path: the sum of the rows of the text's n-gram buckets, times {@link #wideScale}. */
    private void addWide(float[] z, int[] features) {
        if (wide.length == 0 || features.length == 0) {
            return;
        }
        int k = z.length;
        float scale = (float) wideScale(features.length);
        for (int f : features) {
            for (int j = 0; j < k; j++) {
                z[j] += wide[f * k + j] * scale;
            }
        }
    }

    private static float[] binary(float z) {
        float p = (float) (1.0 / (1.0 + Math.exp(-z)));
        return new float[] {1f - p, p};
    }

    private static float[] softmax(float[] z) {
        double[] d = new double[z.length];
        for (int j = 0; j < z.length; j++) {
            d[j] = z[j];
        }
        double[] p = softmax(d);
        float[] out = new float[z.length];
        for (int j = 0; j < z.length; j++) {
            out[j] = (float) p[j];
        }
        return out;
    }

    /** exp(z) / Σ exp(z), shifted by the maximum so that nothing overflows. */
    public static double[] softmax(double[] z) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : z) {
            max = Math.max(max, v);
        }
        double sum = 0;
        double[] e = new double[z.length];
        for (int j = 0; j < z.length; j++) {
            e[j] = Math.exp(z[j] - max);
            sum += e[j];
        }
        for (int j = 0; j < z.length; j++) {
            e[j] /= sum;
        }
        return e;
    }

    /** One thread's buffers for up to {@code capacity} sequences, with their prefix views made once. */
    private static final class Scratch {
        final int capacity;
        final int hidden;
        final INDArray gates;  // [cap, G]
        final INDArray c;      // [cap, H]
        final INDArray h;      // [cap, H]
        final INDArray tmp;    // [cap, H]
        final INDArray pool;   // [cap, H]
        final INDArray logits; // [cap, K]
        final FloatPointer gatesPointer;
        final FloatPointer logitsPointer;
        final INDArray[][] views;  // per n: gates, c, h, tmp, pool, i, f, o, g (engine order), logits, [i f o]
        static final int I = 5, F = 6, O = 7, G = 8, IFO = 10;

        Scratch(int hidden, int outputs, int capacity) {
            this.capacity = capacity;
            this.hidden = hidden;
            int cap = Math.max(capacity, 1);
            this.gates = Nd4j.create(DataType.FLOAT, cap, 4L * hidden);
            this.c = Nd4j.create(DataType.FLOAT, cap, hidden);
            this.h = Nd4j.create(DataType.FLOAT, cap, hidden);
            this.tmp = Nd4j.create(DataType.FLOAT, cap, hidden);
            this.pool = Nd4j.create(DataType.FLOAT, cap, hidden);
            this.logits = Nd4j.create(DataType.FLOAT, cap, outputs);
            this.gatesPointer = new FloatPointer(gates.data().addressPointer());
            this.logitsPointer = new FloatPointer(logits.data().addressPointer());
            this.views = new INDArray[cap + 1][];
        }

        INDArray[] views(int n) {
            INDArray[] v = views[n];
            if (v == null) {
                INDArray g = rows(gates, n);
                v = new INDArray[] {g, rows(c, n), rows(h, n), rows(tmp, n), rows(pool, n),
                    cols(g, 0), cols(g, 1), cols(g, 2), cols(g, 3), rows(logits, n),
                    g.get(NDArrayIndex.all(), NDArrayIndex.interval(0, 3L * hidden))};
                views[n] = v;
            }
            return v;
        }

        private static INDArray rows(INDArray a, int n) {
            return a.get(NDArrayIndex.interval(0, n), NDArrayIndex.all());
        }

        private INDArray cols(INDArray g, int block) {
            return g.get(NDArrayIndex.all(), NDArrayIndex.interval((long) block * hidden, (long) (block + 1) * hidden));
        }

        INDArray gates(int n) {
            return views(n)[0];
        }

        INDArray c(int n) {
            return views(n)[1];
        }

        INDArray h(int n) {
            return views(n)[2];
        }

        INDArray tmp(int n) {
            return views(n)[3];
        }

        INDArray pool(int n) {
            return views(n)[4];
        }

        INDArray logits(int n) {
            return views(n)[9];
        }

    }
}
