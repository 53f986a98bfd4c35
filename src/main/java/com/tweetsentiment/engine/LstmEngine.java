package com.tweetsentiment.engine;

import java.lang.ref.Reference;
import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Inference for Embedding → LSTM → pooling → Dense (+ wide path) → sigmoid/softmax, float32, from ND4J parameters.
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
 * copy; the batch is sorted by falling length, so the sequences still running at step t are a prefix of the batch
 * and a step touches exactly those rows (padded steps cost nothing and need no mask). A step is two passes over
 * arrays on the Java heap ({@link Kernels}): the recurrent product h·Wh added onto the copied table rows, then the
 * whole cell (three sigmoids, two tanh, the cell and hidden updates) in one pass over each row's gates, on the
 * Vector API where the JVM has it. ND4J holds the parameters, reads the artifact and folds the table; the forward
 * itself calls no ND4J op: at the batch sizes a server sees, ND4J's per-op dispatch (several µs for each of a
 * step's nine ops) and its element-wise kernels cost more than the arithmetic (see docs/BENCHMARKS.md).
 *
 * <p>Safe for concurrent callers: weights are only read, buffers are per thread.
 */
public final class LstmEngine {

    private final ModelShape shape;
    private final float[] table;   // [V·G] row-major: embedding·Wx + b
    private final float[] wh;      // [H·G] row-major
    private final float[] wo;      // [H·K] row-major
    private final float[] bo;      // [K]
    private final float[] wide;    // [N*K] row-major, empty without a wide path
    private final Kernels kernels;
    private final ThreadLocal<Scratch> scratch = new ThreadLocal<>();

    public LstmEngine(ModelShape shape, LstmParameters p) {
        this(shape, p, Kernels.best());
    }

    LstmEngine(ModelShape shape, LstmParameters p, Kernels kernels) {
        p.check(shape);
        this.shape = shape;
        this.kernels = kernels;
        // The gate columns are put in engine order on the small matrices, before the product, and the product is
        // taken transposed: tableᵀ = wxᵀ · embeddingᵀ in column-major order is the table in row-major order, so the
        // vocabulary-sized table (a model's largest array) is written once and copied out once, in bulk.
        int h = shape.hiddenSize();
        INDArray transposed = engineOrder(p.wx().castTo(DataType.FLOAT), h).transpose()
                .mmul(p.embedding().castTo(DataType.FLOAT).transpose())
                .addiColumnVector(engineOrder(p.b().castTo(DataType.FLOAT).reshape(1, 4L * h), h).reshape(4L * h, 1));
        this.table = floats(transposed, 'f');
        this.wh = floats(engineOrder(p.wh().castTo(DataType.FLOAT), h), 'c');
        this.wo = floats(p.wo().castTo(DataType.FLOAT), 'c');
        this.bo = floats(p.bo().castTo(DataType.FLOAT), 'c');
        this.wide = p.wide() == null ? new float[0] : floats(p.wide().castTo(DataType.FLOAT), 'c');
    }

    /**
     * The array's elements in the given order, copied in bulk (a data buffer's {@code asFloat} reads one at a time). The
     * NIO view does not keep the buffer alive, so the array is fenced until the copy is done.
     */
    private static float[] floats(INDArray a, char order) {
        INDArray dense = a.ordering() == order && !a.isView() ? a : a.dup(order);
        float[] out = new float[Math.toIntExact(dense.length())];
        try {
            dense.data().asNioFloat().get(out);
        } finally {
            Reference.reachabilityFence(dense);
        }
        return out;
    }

    /** The JDK module of the Vector API, which the SIMD kernels need ({@code --add-modules=jdk.incubator.vector}). */
    public static final String VECTOR_MODULE = "jdk.incubator.vector";

    /** Whether this JVM has {@link #VECTOR_MODULE} (so a JVM it starts can be given it too). */
    public static boolean vectorModuleLoaded() {
        return Kernels.vectorAvailable();
    }

    /**
     * Whether new engines run the SIMD kernels: the JVM was started with {@code --add-modules=jdk.incubator.vector}
     * (and {@code -Dtweet-sentiment.engine.vector=false} was not given).
     */
    public static boolean simd() {
        return Kernels.best().getClass() != Kernels.class;
    }

    /** Which implementation of the step's arithmetic this engine runs (for logs and benchmarks). */
    public String kernels() {
        return kernels.name();
    }

    /**
     * Internally the gate columns are kept as o, i, f, g (the artifact's order is i, f, g, o), the order the
     * kernels read them in.
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
        Integer[] order = longestFirst(ids);
        float[] logits = forward(ids, order);
        return probabilities(logits, ids, features, order, batch);
    }

    /**
     * The LSTM path's logits alone, before the wide path and the sigmoid or softmax (what an occlusion explanation
     * compares).
     *
     * @return [B][K] logits, rows in the order given
     */
    public float[][] deepLogits(int[][] ids) {
        if (ids.length == 0) {
            return new float[0][];
        }
        Integer[] order = longestFirst(ids);
        float[] logits = forward(ids, order);
        int k = shape.outputs();
        float[][] out = new float[ids.length][];
        for (int r = 0; r < ids.length; r++) {
            out[order[r]] = Arrays.copyOfRange(logits, r * k, r * k + k);
        }
        return out;
    }

    /** The wide path's weight of one n-gram bucket for output j (0 without a wide path). */
    public float wideWeight(int bucket, int j) {
        return wide.length == 0 ? 0f : wide[bucket * shape.outputs() + j];
    }

    private static Integer[] longestFirst(int[][] ids) {
        Integer[] order = IntStream.range(0, ids.length).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingInt((Integer b) -> ids[b].length).reversed());
        if (ids[order[ids.length - 1]].length == 0) {
            throw new IllegalArgumentException("every sequence needs at least one token");
        }
        return order;
    }

    private float[] forward(int[][] ids, Integer[] order) {
        int batch = ids.length;
        Scratch s = scratch.get();
        if (s == null || s.capacity < batch) {
            s = new Scratch(shape, Math.max(batch, s == null ? 0 : 2 * s.capacity));
            scratch.set(s);
        }
        return forward(s, ids, order, ids[order[0]].length, batch);
    }

    private float[] forward(Scratch s, int[][] ids, Integer[] order, int steps, int batch) {
        int g = shape.gates();
        int hidden = shape.hiddenSize();
        float[] pre = s.pre;
        float[] h = s.h;
        float[] c = s.cell;
        float[] pool = s.pool;
        Arrays.fill(c, 0, batch * hidden, 0f);            // c_0 = 0 (h_0 = 0 is the product left out at t = 0)
        int active = batch;
        for (int t = 0; t < steps; t++) {
            while (ids[order[active - 1]].length <= t) {
                active--;
            }
            for (int r = 0; r < active; r++) {            // x_t·Wx + b: a row of the folded table
                System.arraycopy(table, ids[order[r]][t] * g, pre, r * g, g);
            }
            if (t > 0) {
                kernels.addRecurrent(pre, h, wh, active, hidden, g);
            }
            kernels.cell(pre, c, h, active, hidden);
            pool(h, pool, active * hidden, t == 0);
        }
        float[] pooled = shape.pooling() == Pooling.LAST ? h : pool;
        int k = shape.outputs();
        float[] z = new float[batch * k];
        for (int r = 0; r < batch; r++) {
            // mean pooling: (Σ h)·Wo / L equals (Σ h / L)·Wo, so the division happens here, on K numbers
            float scale = shape.pooling() == Pooling.MEAN ? 1f / ids[order[r]].length : 1f;
            for (int j = 0; j < k; j++) {
                float sum = 0;
                for (int q = 0; q < hidden; q++) {
                    sum += pooled[r * hidden + q] * wo[q * k + j];
                }
                z[r * k + j] = sum * scale + bo[j];
            }
        }
        return z;
    }

    /** Pools the first {@code length} values of h into pool (LAST needs nothing: h keeps each row's last state). */
    private void pool(float[] h, float[] pool, int length, boolean first) {
        Pooling pooling = shape.pooling();
        if (pooling == Pooling.LAST) {
            return;
        }
        if (first) {
            System.arraycopy(h, 0, pool, 0, length);
        } else if (pooling == Pooling.MEAN) {
            for (int i = 0; i < length; i++) {
                pool[i] += h[i];
            }
        } else {
            for (int i = 0; i < length; i++) {
                pool[i] = Math.max(pool[i], h[i]);
            }
        }
    }

    private float[][] probabilities(float[] logits, int[][] ids, int[][] features, Integer[] order, int batch) {
        int k = shape.outputs();
        float[][] out = new float[batch][];
        for (int r = 0; r < batch; r++) {
            int b = order[r];
            out[b] = probabilities(Arrays.copyOfRange(logits, r * k, r * k + k), features[b]);
        }
        return out;
    }

    /**
     * One text's class probabilities from its LSTM logits ({@link #deepLogits}) and its wide-path features, exactly as
     * {@link #predict} computes them.
     */
    public float[] probabilities(float[] deepLogits, int[] features) {
        float[] z = deepLogits.clone();
        addWide(z, features);
        return shape.binary() ? binary(z[0]) : softmax(z);
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
     * One thread's buffers for up to {@code capacity} sequences. Static and holding arrays only: a thread keeps its
     * buffers of an engine that is no longer served (a thread-local value outlives its engine until the thread's map
     * drops it), and if they pointed at the engine, that engine and its tables (tens of MB for the shipped model)
     * would never be freed: every activation would cost the memory of a model for good.
     */
    private static final class Scratch {
        final int capacity;
        final float[] pre;    // [cap, G]: o i f g pre-activations per row
        final float[] cell;   // [cap, H]
        final float[] h;      // [cap, H]
        final float[] pool;   // [cap, H]

        Scratch(ModelShape shape, int capacity) {
            this.capacity = capacity;
            int hidden = shape.hiddenSize();
            this.pre = new float[capacity * shape.gates()];
            this.cell = new float[capacity * hidden];
            this.h = new float[capacity * hidden];
            this.pool = new float[capacity * hidden];
        }
    }
}
