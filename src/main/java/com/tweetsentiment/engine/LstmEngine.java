package com.tweetsentiment.engine;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;
import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.CustomOp;
import org.nd4j.linalg.api.ops.Op;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.linalg.api.ops.executioner.OpExecutioner;
import org.nd4j.linalg.api.ops.impl.reduce.Mmul;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.Axpy;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.MulOp;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Sigmoid;
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
 * collector pause the server). A step is nine ND4J calls, each made cheap to dispatch: its views, op objects
 * and op contexts are made once per thread and number of running rows, then reused. The cell state and the
 * products have buffers of their own rather than columns beside the gates, because libnd4j's pairwise ops
 * run several times slower on column blocks of a wider row than on contiguous arrays.
 *
 * <p>Safe for concurrent callers: weights are only read, buffers, ops and contexts are per thread.
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
        this.table = engineOrder(p.embedding().castTo(DataType.FLOAT).mmul(p.wx().castTo(DataType.FLOAT))
                .addiRowVector(p.b().castTo(DataType.FLOAT)), shape.hiddenSize()).data().asFloat();
        this.wh = engineOrder(p.wh().castTo(DataType.FLOAT), shape.hiddenSize());
        this.wo = p.wo().castTo(DataType.FLOAT).dup('c');
        this.bo = p.bo().castTo(DataType.FLOAT).dup('c').data().asFloat();
        this.wide = p.wide() == null ? new float[0] : p.wide().castTo(DataType.FLOAT).dup('c').data().asFloat();
        ModelShape sh = shape;
        INDArray h = wh;
        INDArray o = wo;
        this.scratch = ThreadLocal.withInitial(() -> new Scratch(sh, h, o, 0));
    }

    /**
     * Internally the gate columns are kept as o, i, f, g (the artifact's order is i, f, g, o): the three
     * sigmoid gates are one block of columns, activated by one op.
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
            s = new Scratch(shape, wh, wo, Math.max(batch, 2 * s.capacity));
            scratch.set(s);
        }
        float[] logits = forward(s, ids, order, steps, batch);
        return probabilities(logits, ids, features, order, batch);
    }

    private float[] forward(Scratch s, int[][] ids, Integer[] order, int steps, int batch) {
        Step full = s.step(batch);
        int active = batch;
        for (int t = 0; t < steps; t++) {
            while (ids[order[active - 1]].length <= t) {
                active--;
            }
            step(s, s.step(active), ids, order, t);
        }
        exec(s.matmul, full.output);                      // logits = pooled·Wo  [B, K]
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

    private void step(Scratch s, Step v, int[][] ids, Integer[] order, int t) {
        int n = v.n;
        int g4 = shape.gates();
        for (int r = 0; r < n; r++) {                      // x_t·Wx + b: a row of the folded table
            s.gatesPointer.position((long) r * g4).put(table, ids[order[r]][t] * g4, g4);
        }
        if (t == 0) {                                      // c_0 = 0 (h_0 = 0 is the GEMM left out)
            s.cellPointer.position(0).put(s.zeros, 0, n * shape.hiddenSize());
        }
        OpExecutioner ops = Nd4j.getExecutioner();
        if (t > 0) {
            exec(s.matmul, v.recurrent);                   // gates += h_{t-1}·Wh
        }
        ops.exec(v.gateSigmoid);                           // o, i, f in one op
        ops.exec(v.gateTanh);                              // g
        exec(s.multiply, v.inputGated);                    // i⊙g
        exec(s.multiply, v.forgetGated);                   // f⊙c
        ops.exec(v.cell);                                  // c = i⊙g + f⊙c
        ops.exec(v.cellTanh);                              // tmp = tanh(c)
        exec(s.multiply, v.hidden);                        // h = o⊙tmp
        if (shape.pooling() == Pooling.MEAN) {
            if (t == 0) {
                v.pool.assign(v.h);
            } else {
                ops.exec(v.poolSum);                       // pool += h
            }
        } else if (shape.pooling() == Pooling.MAX) {
            if (t == 0) {
                v.pool.assign(v.h);
            } else {
                Transforms.max(v.pool, v.h, false);
            }
        }
    }

    /** Runs a custom op on a context whose arrays and arguments were set once. */
    private static void exec(CustomOp op, OpContext context) {
        Nd4j.getExecutioner().exec(op, context);
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

    /**
     * One thread's buffers for up to {@code capacity} sequences, and for each number n of running sequences the
     * prefix views and the ops of a step over them, made once. Custom ops (the products and the matrix
     * products) run on op contexts that hold their arrays and arguments, and sums are legacy pairwise ops: a
     * fresh context per call, which is what {@code INDArray.mul} or {@code Nd4j.gemm} make, cost 3-10 µs each,
     * more than the arithmetic of a step at the batch sizes a server sees.
     *
     * <p>Static, and holding only the small recurrent and output matrices: a thread keeps its buffers of an engine
     * that is no longer served (a thread-local value outlives its engine until the thread's map drops it), and if
     * they pointed at the engine, that engine and its tables (tens of MB for the shipped model) would never be freed:
     * every activation would cost the memory of a model for good.
     */
    private static final class Scratch {
        final ModelShape shape;
        final INDArray wh;
        final INDArray wo;
        final int capacity;
        final INDArray gates;    // [cap, G]: o i f g per row
        final INDArray cell;     // [cap, H]
        final INDArray ig;       // [cap, H]
        final INDArray fc;       // [cap, H]
        final INDArray h;        // [cap, H]
        final INDArray tmp;      // [cap, H]
        final INDArray pool;     // [cap, H]
        final INDArray logits;   // [cap, K]
        final FloatPointer gatesPointer;
        final FloatPointer logitsPointer;
        final FloatPointer cellPointer;
        final float[] zeros;
        final CustomOp matmul = new Mmul();
        final CustomOp multiply = new MulOp();
        private final Step[] steps;

        Scratch(ModelShape shape, INDArray wh, INDArray wo, int capacity) {
            this.shape = shape;
            this.wh = wh;
            this.wo = wo;
            this.capacity = capacity;
            int cap = Math.max(capacity, 1);
            int hidden = shape.hiddenSize();
            this.gates = Nd4j.create(DataType.FLOAT, cap, 4L * hidden);
            this.cell = Nd4j.create(DataType.FLOAT, cap, hidden);
            this.ig = Nd4j.create(DataType.FLOAT, cap, hidden);
            this.fc = Nd4j.create(DataType.FLOAT, cap, hidden);
            this.h = Nd4j.create(DataType.FLOAT, cap, hidden);
            this.tmp = Nd4j.create(DataType.FLOAT, cap, hidden);
            this.pool = Nd4j.create(DataType.FLOAT, cap, hidden);
            this.logits = Nd4j.create(DataType.FLOAT, cap, shape.outputs());
            this.gatesPointer = new FloatPointer(gates.data().addressPointer());
            this.logitsPointer = new FloatPointer(logits.data().addressPointer());
            this.cellPointer = new FloatPointer(cell.data().addressPointer());
            this.zeros = new float[cap * hidden];
            this.steps = new Step[cap + 1];
        }

        Step step(int n) {
            Step v = steps[n];
            if (v == null) {
                v = new Step(this, n);
                steps[n] = v;
            }
            return v;
        }
    }

    /** The views and ops of a step over the first n rows of a thread's buffers. */
    private static final class Step {
        final int n;
        final INDArray h;
        final INDArray pool;
        final OpContext recurrent;   // gates += h·Wh
        final OpContext inputGated;  // i ⊙ g
        final OpContext forgetGated; // f ⊙ c
        final OpContext hidden;      // o ⊙ tanh(c)
        final OpContext output;      // pool·Wo
        final Op gateSigmoid;
        final Op gateTanh;
        final Op cell;
        final Op cellTanh;
        final Op poolSum;

        Step(Scratch s, int n) {
            this.n = n;
            long width = s.shape.hiddenSize();
            INDArray rows = rows(s.gates, n);
            INDArray ig = rows(s.ig, n);
            INDArray fc = rows(s.fc, n);
            INDArray tmp = rows(s.tmp, n);
            this.h = rows(s.h, n);
            INDArray c = rows(s.cell, n);
            this.pool = rows(s.pool, n);
            INDArray o = cols(rows, 0, 1, width);
            this.recurrent = matmul(h, s.wh, rows, 1.0);
            this.inputGated = context(new INDArray[] {cols(rows, 1, 1, width), cols(rows, 3, 1, width)}, ig);
            this.forgetGated = context(new INDArray[] {cols(rows, 2, 1, width), c}, fc);
            this.hidden = context(new INDArray[] {o, tmp}, h);
            this.output = matmul(s.shape.pooling() == Pooling.LAST ? h : pool, s.wo, rows(s.logits, n), 0.0);
            this.gateSigmoid = new Sigmoid(cols(rows, 0, 3, width), cols(rows, 0, 3, width));
            this.gateTanh = new Tanh(cols(rows, 3, 1, width), cols(rows, 3, 1, width));
            this.cell = new Axpy(ig, fc, c, 1.0);
            this.cellTanh = new Tanh(c, tmp);
            this.poolSum = new Axpy(pool, h, pool, 1.0);
        }

        private static OpContext matmul(INDArray a, INDArray b, INDArray out, double beta) {
            OpContext context = context(new INDArray[] {a, b}, out);
            context.setTArguments(1.0, beta);   // out = 1·a·b + beta·out
            context.setIArguments(0, 0, 0);     // no transposes
            return context;
        }

        private static OpContext context(INDArray[] inputs, INDArray output) {
            OpContext context = Nd4j.getExecutioner().buildContext();
            for (int i = 0; i < inputs.length; i++) {
                context.setInputArray(i, inputs[i]);
            }
            context.setOutputArray(0, output);
            return context;
        }

        private static INDArray rows(INDArray a, int n) {
            return a.get(NDArrayIndex.interval(0, n), NDArrayIndex.all());
        }

        /** {@code blocks} blocks of H columns from block {@code first} on. */
        private static INDArray cols(INDArray a, int first, int blocks, long hidden) {
            return a.get(NDArrayIndex.all(), NDArrayIndex.interval(first * hidden, (first + blocks) * hidden));
        }
    }
}
