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
 * collector pause the server). At the batch sizes a server sees, a step costs what its ND4J calls cost to
 * dispatch, so the buffers are laid out to need few calls: each row holds the gates o, i, f, g and then the
 * cell state c, so that one product [i f] ⊙ [g c] and one sum of its halves give c_t (the recurrent weights
 * carry zero columns for c, so the GEMM leaves it as it is).
 *
 * <p>Safe for concurrent callers: weights are only read, buffers are per thread.
 */
public final class LstmEngine {

    private final ModelShape shape;
    private final float[] table;   // [V·G] row-major: embedding·Wx + b
    private final INDArray wh;     // [H, G + H]: gate columns, then zeros for the cell-state block
    private final INDArray wo;     // [H, K]
    private final float[] bo;      // [K]
    private final float[] wide;    // [N*K] row-major, empty without a wide path
    private final ThreadLocal<Scratch> scratch;

    public LstmEngine(ModelShape shape, LstmParameters p) {
        p.check(shape);
        this.shape = shape;
        this.table = engineOrder(p.embedding().castTo(DataType.FLOAT).mmul(p.wx().castTo(DataType.FLOAT))
                .addiRowVector(p.b().castTo(DataType.FLOAT)), shape.hiddenSize()).data().asFloat();
        INDArray recurrent = engineOrder(p.wh().castTo(DataType.FLOAT), shape.hiddenSize());
        this.wh = Nd4j.hstack(recurrent, Nd4j.zeros(DataType.FLOAT, shape.hiddenSize(), shape.hiddenSize())).dup('c');
        this.wo = p.wo().castTo(DataType.FLOAT).dup('c');
        this.bo = p.bo().castTo(DataType.FLOAT).dup('c').data().asFloat();
        this.wide = p.wide() == null ? new float[0] : p.wide().castTo(DataType.FLOAT).dup('c').data().asFloat();
        this.scratch = ThreadLocal.withInitial(() -> new Scratch(shape.hiddenSize(), shape.outputs(), 0));
    }

    /**
     * Internally the gate columns are kept as o, i, f, g (the artifact's order is i, f, g, o): the three
     * sigmoid gates are one contiguous block, activated by one op, and [i f] lines up with [g c].
     */
    private static INDArray engineOrder(INDArray gates, int h) {
        return Nd4j.hstack(block(gates, 3, h), block(gates, 0, h), block(gates, 1, h), block(gates, 2, h)).dup('c');
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
        s.views(batch)[Scratch.C].assign(0);
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
        INDArray rows = s.rows(n);                         // [n, G + H]: o i f g | c
        int g4 = shape.gates();
        int stride = g4 + shape.hiddenSize();
        for (int r = 0; r < n; r++) {                      // x_t·Wx + b: a row of the folded table
            s.gatesPointer.position((long) r * stride).put(table, ids[order[r]][t] * g4, g4);
        }
        INDArray h = s.h(n);                               // [n, H]
        if (t > 0) {
            Nd4j.gemm(h, wh, rows, false, false, 1.0, 1.0); // gates += h_{t-1}·Wh; c += 0
        }
        INDArray[] v = s.views(n);
        Transforms.sigmoid(v[Scratch.OIF], false);         // o, i, f in one op
        Transforms.tanh(v[Scratch.G], false);
        INDArray products = v[Scratch.PRODUCTS];           // [n, 2H]
        v[Scratch.IF].mul(v[Scratch.GC], products);        // [i⊙g, f⊙c]
        v[Scratch.IG].add(v[Scratch.FC], v[Scratch.C]);    // c = i⊙g + f⊙c
        INDArray tmp = s.tmp(n);
        Nd4j.exec(new Tanh(v[Scratch.C], tmp));
        tmp.mul(v[Scratch.O], h);                          // h = o⊙tanh(c)
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
        final INDArray gates;    // [cap, 5H]: o i f g c per row
        final INDArray products; // [cap, 2H]
        final INDArray h;        // [cap, H]
        final INDArray tmp;      // [cap, H]
        final INDArray pool;     // [cap, H]
        final INDArray logits;   // [cap, K]
        final FloatPointer gatesPointer;
        final FloatPointer logitsPointer;
        final INDArray[][] views;  // per n, indexed by the constants below
        static final int ROWS = 0, H = 1, TMP = 2, POOL = 3, LOGITS = 4, OIF = 5, O = 6, G = 7, C = 8, IF = 9, GC = 10,
                PRODUCTS = 11, IG = 12, FC = 13;

        Scratch(int hidden, int outputs, int capacity) {
            this.capacity = capacity;
            this.hidden = hidden;
            int cap = Math.max(capacity, 1);
            this.gates = Nd4j.create(DataType.FLOAT, cap, 5L * hidden);
            this.products = Nd4j.create(DataType.FLOAT, cap, 2L * hidden);
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
                INDArray p = rows(products, n);
                v = new INDArray[] {g, rows(h, n), rows(tmp, n), rows(pool, n), rows(logits, n),
                    cols(g, 0, 3), cols(g, 0, 1), cols(g, 3, 1), cols(g, 4, 1), cols(g, 1, 2), cols(g, 3, 2),
                    p, cols(p, 0, 1), cols(p, 1, 1)};
                views[n] = v;
            }
            return v;
        }

        private static INDArray rows(INDArray a, int n) {
            return a.get(NDArrayIndex.interval(0, n), NDArrayIndex.all());
        }

        /** {@code blocks} blocks of H columns from block {@code first} on. */
        private INDArray cols(INDArray a, int first, int blocks) {
            return a.get(NDArrayIndex.all(), NDArrayIndex.interval((long) first * hidden, (long) (first + blocks) * hidden));
        }

        INDArray rows(int n) {
            return views(n)[ROWS];
        }

        INDArray h(int n) {
            return views(n)[H];
        }

        INDArray tmp(int n) {
            return views(n)[TMP];
        }

        INDArray pool(int n) {
            return views(n)[POOL];
        }

        INDArray logits(int n) {
            return views(n)[LOGITS];
        }
    }
}
