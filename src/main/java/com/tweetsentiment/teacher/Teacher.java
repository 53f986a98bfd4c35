package com.tweetsentiment.teacher;

import com.tweetsentiment.engine.LstmEngine;
import com.tweetsentiment.text.Preprocessor;
import java.util.List;
import java.util.Random;

/**
 * The teacher of a distilled run: a pre-trained sentence encoder's vector of a text, standardised, beside the student's
 * own hashed n-grams, into a linear head (logistic regression; softmax with more than two labels) trained on the
 * labelled training rows only. Its probabilities become the student's soft targets (training's {@code Distillation});
 * published as an artifact of its own ({@link TeacherArtifacts}) it also serves the API's accurate tier.
 *
 * <p>The head is trained by mini-batch AdaGrad on the mean log loss plus {@code l2 / 2 · |w|²} per row (applied to the
 * weights a row touches, the usual lazy form for sparse features).
 */
public final class Teacher {

    /** The head's settings; recorded with the teacher's figures. */
    public record Settings(int epochs, int batchSize, double learningRate, double l2, double embeddingScale) {
        public static Settings defaults() {
            return new Settings(6, 32, 0.05, 3e-4, 1.0);  // chosen on the validation rows (docs/MODEL.md, run 26)
        }
    }

    private final SentenceEmbedder embedder;
    private final EmbeddingCache cache;
    private final Preprocessor pre;
    private final int outputs;       // K: 1 for two labels (the logit of the second), else one per label
    private final int labels;
    private final int dim;           // D
    private final Settings settings;
    final float[] mean;      // [D] of the training rows' vectors
    final float[] scale;     // [D] embeddingScale / (std · sqrt(D))
    final double[] wide;     // [buckets, K]
    final double[] dense;    // [D, K]
    final double[] bias;     // [K]

    Teacher(SentenceEmbedder embedder, EmbeddingCache cache, Preprocessor pre, int labels, Settings settings) {
        this.embedder = embedder;
        this.cache = cache;
        this.pre = pre;
        this.labels = labels;
        this.outputs = labels == 2 ? 1 : labels;
        this.dim = embedder.dimension();
        this.settings = settings;
        this.mean = new float[dim];
        this.scale = new float[dim];
        this.wide = new double[pre.settings().ngramBuckets() * outputs];
        this.dense = new double[dim * outputs];
        this.bias = new double[outputs];
    }

    /** A sparse + dense row: the n-gram buckets (each weighted {@link LstmEngine#wideScale}) and the scaled vector. */
    private record Row(int[] buckets, double bucketWeight, double[] x) {
    }

    /** Trains the head on {@code texts} with labels {@code y} (indices of {@code labels} labels). */
    public static Teacher fit(SentenceEmbedder embedder, EmbeddingCache cache, Preprocessor pre, int labels,
            List<String> texts, int[] y, Settings settings, long seed, EmbeddingCache.Progress progress) {
        Teacher t = new Teacher(embedder, cache, pre, labels, settings);
        float[][] v = cache.embed(texts, embedder, progress).vectors();
        t.standardise(v);
        Row[] x = t.rows(texts, v);
        t.train(x, y, new Random(seed));
        return t;
    }

    private void standardise(float[][] v) {
        double[] sum = new double[dim];
        double[] sq = new double[dim];
        for (float[] row : v) {
            for (int d = 0; d < dim; d++) {
                sum[d] += row[d];
                sq[d] += (double) row[d] * row[d];
            }
        }
        int n = Math.max(1, v.length);
        for (int d = 0; d < dim; d++) {
            double m = sum[d] / n;
            double std = Math.sqrt(Math.max(sq[d] / n - m * m, 0)) + 1e-6;
            mean[d] = (float) m;
            scale[d] = (float) (settings.embeddingScale() / (std * Math.sqrt(dim)));
        }
    }

    private Row[] rows(List<String> texts, float[][] v) {
        Row[] out = new Row[texts.size()];
        for (int r = 0; r < out.length; r++) {
            int[] buckets = wide.length == 0 ? new int[0] : pre.features(texts.get(r));
            double[] x = new double[dim];
            for (int d = 0; d < dim; d++) {
                x[d] = (v[r][d] - mean[d]) * scale[d];
            }
            out[r] = new Row(buckets, buckets.length == 0 ? 0 : LstmEngine.wideScale(buckets.length), x);
        }
        return out;
    }

    private void train(Row[] x, int[] y, Random rng) {
        double[] gWide = new double[wide.length];   // AdaGrad's sums of squared gradients
        double[] gDense = new double[dense.length];
        double[] gBias = new double[outputs];
        int n = x.length;
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        double lr = settings.learningRate();
        double l2 = settings.l2();
        for (int epoch = 0; epoch < settings.epochs(); epoch++) {
            for (int i = n - 1; i > 0; i--) {
                int j = rng.nextInt(i + 1);
                int tmp = order[i];
                order[i] = order[j];
                order[j] = tmp;
            }
            for (int from = 0; from < n; from += settings.batchSize()) {
                int to = Math.min(n, from + settings.batchSize());
                double[] dDense = new double[dense.length];
                double[] dBias = new double[outputs];
                java.util.Map<Integer, double[]> dWide = new java.util.HashMap<>();
                for (int b = from; b < to; b++) {
                    Row row = x[order[b]];
                    double[] dz = logitGradient(logits(row), y[order[b]]);
                    for (int q = 0; q < outputs; q++) {
                        dBias[q] += dz[q];
                        for (int d = 0; d < dim; d++) {
                            dDense[d * outputs + q] += dz[q] * row.x()[d];
                        }
                        for (int f : row.buckets()) {
                            dWide.computeIfAbsent(f, k -> new double[outputs])[q] += dz[q] * row.bucketWeight();
                        }
                    }
                }
                double count = to - from;
                for (int q = 0; q < outputs; q++) {
                    bias[q] = adagrad(bias[q], dBias[q] / count, gBias, q, lr);
                }
                for (int i = 0; i < dense.length; i++) {
                    dense[i] = adagrad(dense[i], dDense[i] / count + l2 * dense[i], gDense, i, lr);
                }
                for (var e : dWide.entrySet()) {
                    for (int q = 0; q < outputs; q++) {
                        int i = e.getKey() * outputs + q;
                        wide[i] = adagrad(wide[i], e.getValue()[q] / count + l2 * wide[i], gWide, i, lr);
                    }
                }
            }
        }
    }

    private static double adagrad(double w, double g, double[] sums, int i, double lr) {
        sums[i] += g * g;
        return w - lr * g / (Math.sqrt(sums[i]) + 1e-8);
    }

    private double[] logits(Row row) {
        double[] z = bias.clone();
        for (int q = 0; q < outputs; q++) {
            for (int d = 0; d < dim; d++) {
                z[q] += dense[d * outputs + q] * row.x()[d];
            }
            for (int f : row.buckets()) {
                z[q] += wide[f * outputs + q] * row.bucketWeight();
            }
        }
        return z;
    }

    /** d(log loss)/dz for one row: p - onehot(y) (K = 1: σ(z) - y). */
    private double[] logitGradient(double[] z, int y) {
        double[] p = probabilitiesOf(z);
        if (outputs == 1) {
            return new double[] {p[1] - y};
        }
        double[] dz = new double[outputs];
        for (int q = 0; q < outputs; q++) {
            dz[q] = p[q] - (q == y ? 1 : 0);
        }
        return dz;
    }

    /** Probabilities per label, [labels], from the head's K logits. */
    private double[] probabilitiesOf(double[] z) {
        if (outputs == 1) {
            double p = 1 / (1 + Math.exp(-z[0]));
            return new double[] {1 - p, p};
        }
        double max = Double.NEGATIVE_INFINITY;
        for (double v : z) {
            max = Math.max(max, v);
        }
        double sum = 0;
        double[] p = new double[outputs];
        for (int q = 0; q < outputs; q++) {
            p[q] = Math.exp(z[q] - max);
            sum += p[q];
        }
        for (int q = 0; q < outputs; q++) {
            p[q] /= sum;
        }
        return p;
    }

    /**
     * The teacher's probability of each label, [N][labels], for these texts: their vectors through the cache, or
     * straight from the encoder for a teacher without one (serving).
     */
    public float[][] probabilities(List<String> texts, EmbeddingCache.Progress progress) {
        float[][] v;
        if (cache != null) {
            v = cache.embed(texts, embedder, progress).vectors();
        } else {
            v = new float[texts.size()][];
            for (int i = 0; i < v.length; i++) {
                v[i] = texts.get(i).isBlank() ? new float[dim] : embedder.embed(texts.get(i));
            }
        }
        Row[] x = rows(texts, v);
        float[][] out = new float[x.length][labels];
        for (int r = 0; r < x.length; r++) {
            double[] p = probabilitiesOf(logits(x[r]));
            for (int q = 0; q < labels; q++) {
                out[r][q] = (float) p[q];
            }
        }
        return out;
    }

    public Settings settings() {
        return settings;
    }

    public String name() {
        return embedder.name();
    }

    public String fingerprint() {
        return embedder.fingerprint();
    }

    public int dimension() {
        return dim;
    }

    /** Tokens of a text as the student's tokenizer counts them (for the API's token counts). */
    public int tokenCount(String text) {
        return pre.tokenize(text).size();
    }

    /** Releases the encoder (a served teacher owns its own). */
    public void close() {
        embedder.close();
    }

    Preprocessor preprocessor() {
        return pre;
    }
}
