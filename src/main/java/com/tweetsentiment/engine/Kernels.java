package com.tweetsentiment.engine;

/**
 * The arithmetic of an LSTM step on the Java heap, row-major float arrays, gate blocks in the engine's order o, i, f, g.
 * Two implementations: {@link VectorKernels} on the JDK's Vector API (SIMD, with the JDK's vectorised exp and tanh),
 * used when the JVM runs with {@code --add-modules jdk.incubator.vector}; and this class's plain loops otherwise.
 * The engine's tests run both against the naive reference.
 */
class Kernels {

    /** Set to false to use the plain loops even where the Vector API is present. */
    static final String VECTOR_PROPERTY = "tweet-sentiment.engine.vector";

    private static final Kernels BEST = choose();

    /** The fastest implementation this JVM can run. */
    static Kernels best() {
        return BEST;
    }

    /** The plain loops. */
    static Kernels plain() {
        return new Kernels();
    }

    /** Whether the Vector API's module is in the boot layer (the class using it must not even load otherwise). */
    static boolean vectorAvailable() {
        return ModuleLayer.boot().findModule(LstmEngine.VECTOR_MODULE).isPresent();
    }

    private static Kernels choose() {
        if (!vectorAvailable() || !Boolean.parseBoolean(System.getProperty(VECTOR_PROPERTY, "true"))) {
            return plain();
        }
        try {
            return (Kernels) Class.forName("com.tweetsentiment.engine.VectorKernels").getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException | LinkageError e) {
            return plain();
        }
    }

    String name() {
        return "plain loops";
    }

    /**
     * pre[r, :] += h[r, :]·wh for the first n rows: pre [n, g], h [n, hidden], wh [hidden, g], all row-major. (JDK 17's
     * JIT does not turn this into SIMD: at batch 64 it is ten times slower than {@link VectorKernels}, see BENCHMARKS.)
     */
    void addRecurrent(float[] pre, float[] h, float[] wh, int n, int hidden, int g) {
        for (int r = 0; r < n; r++) {
            recurrentRow(pre, h, wh, r, 0, hidden, g);
        }
    }

    /** The product for columns [from, g) of row r, scalar: also the tail of the vector implementation. */
    static void recurrentRow(float[] pre, float[] h, float[] wh, int r, int from, int hidden, int g) {
        int p = r * g;
        for (int k = 0; k < hidden; k++) {
            float x = h[r * hidden + k];
            int w = k * g;
            for (int j = from; j < g; j++) {
                pre[p + j] += x * wh[w + j];
            }
        }
    }

    /**
     * The cell for the first n rows, from their gate pre-activations pre [n, 4·hidden] (blocks o, i, f, g):
     * c = σ(f)·c + σ(i)·tanh(g), h = σ(o)·tanh(c).
     */
    void cell(float[] pre, float[] c, float[] h, int n, int hidden) {
        for (int r = 0; r < n; r++) {
            cellRow(pre, c, h, r, 0, hidden);
        }
    }

    /** The cell for columns [from, hidden) of row r, scalar: also the tail of the vector implementation. */
    static void cellRow(float[] pre, float[] c, float[] h, int r, int from, int hidden) {
        int p = r * 4 * hidden;
        int s = r * hidden;
        for (int j = from; j < hidden; j++) {
            float o = sigmoid(pre[p + j]);
            float i = sigmoid(pre[p + hidden + j]);
            float f = sigmoid(pre[p + 2 * hidden + j]);
            float g = tanh(pre[p + 3 * hidden + j]);
            float cell = f * c[s + j] + i * g;
            c[s + j] = cell;
            h[s + j] = o * tanh(cell);
        }
    }

    static float sigmoid(float x) {
        return (float) (1.0 / (1.0 + Math.exp(-x)));
    }

    /** tanh(x) = 2σ(2x) − 1: Math.exp is an intrinsic, Math.tanh is not; the absolute error stays below 1e-7. */
    static float tanh(float x) {
        return (float) (2.0 / (1.0 + Math.exp(-2.0 * x)) - 1.0);
    }
}
