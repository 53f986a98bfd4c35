package com.tweetsentiment.training;

import com.tweetsentiment.engine.LstmEngine;
import com.tweetsentiment.engine.LstmParameters;
import com.tweetsentiment.engine.ModelShape;
import com.tweetsentiment.engine.Pooling;
import com.tweetsentiment.text.Vocabulary;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.MulOp;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Tanh;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.nd4j.weightinit.impl.UniformInitScheme;
import org.nd4j.weightinit.impl.XavierUniformInitScheme;

/**
 * The model's parameters as views of one flat buffer, with forward and backward passes for training
 * (the conventions and equations of {@link LstmEngine}). Backpropagation through time, derived by hand:
 * <pre>
 *   dc_t += dh_t ⊙ o ⊙ (1 - tanh²c_t)
 *   da_i = dc_t ⊙ g ⊙ i(1-i)      da_f = dc_t ⊙ c_{t-1} ⊙ f(1-f)
 *   da_g = dc_t ⊙ i ⊙ (1-g²)      da_o = dh_t ⊙ tanh(c_t) ⊙ o(1-o)
 *   dWh += h_{t-1}ᵀ·da   dh_{t-1} = da·Whᵀ (+ pooling's share)   dc_{t-1} = dc_t ⊙ f
 *   dWx = xᵀ·da (all steps)   db = Σ da   dEmbedding[id] += da·Wxᵀ
 * </pre>
 * Rows that have ended carry dh and dc through untouched, as they carry h and c forward.
 */
final class Network {

    private final ModelShape shape;
    private final DataType dtype;
    private final INDArray flat;      // [1, P]
    private final INDArray gradFlat;  // [1, P]
    private final LstmParameters p;
    private final LstmParameters g;
    private INDArray startingEmbeddings;  // null: random
    private double[] wideRatios;      // [N*K] per-bucket scale of the wide weights, or null (all 1)

    Network(ModelShape shape, DataType dtype) {
        this.shape = shape;
        this.dtype = dtype;
        long size = parameterCount(shape);
        this.flat = Nd4j.zeros(dtype, 1, size);
        this.gradFlat = Nd4j.zeros(dtype, 1, size);
        this.p = views(flat);
        this.g = views(gradFlat);
    }

    static long parameterCount(ModelShape s) {
        long count = 0;
        for (long[] dims : shapes(s)) {
            count += dims[0] * dims[1];
        }
        return count;
    }

    private static List<long[]> shapes(ModelShape s) {
        long v = s.vocabSize(), e = s.embeddingSize(), h = s.hiddenSize(), gates = s.gates(), k = s.outputs();
        List<long[]> list = new ArrayList<>(List.of(new long[] {v, e}, new long[] {e, gates}, new long[] {h, gates},
                new long[] {1, gates}, new long[] {h, k}, new long[] {1, k}));
        if (s.wideBuckets() > 0) {
            list.add(new long[] {s.wideBuckets(), k});
        }
        return list;
    }

    private LstmParameters views(INDArray buffer) {
        List<INDArray> parts = new ArrayList<>();
        long offset = 0;
        for (long[] dims : shapes(shape)) {
            long len = dims[0] * dims[1];
            parts.add(buffer.get(NDArrayIndex.point(0), NDArrayIndex.interval(offset, offset + len)).reshape('c', dims[0], dims[1]));
            offset += len;
        }
        return new LstmParameters(parts.get(0), parts.get(1), parts.get(2), parts.get(3), parts.get(4), parts.get(5),
                parts.size() > 6 ? parts.get(6) : null);
    }

    /**
     * Word embeddings that {@link #initialise} starts from instead of random ones ([V, E]; null: random), e.g. the
     * teacher's ({@link TeacherWordVectors}).
     */
    void startEmbeddingsFrom(INDArray table) {
        if (table != null && !Arrays.equals(table.shape(), p.embedding().shape())) {
            throw new IllegalArgumentException("starting embeddings of shape " + Arrays.toString(table.shape())
                    + " for an embedding table of " + Arrays.toString(p.embedding().shape()));
        }
        startingEmbeddings = table;
    }

    /**
     * Xavier-uniform input weights (or the starting embeddings, if set), U(±1/√H) recurrent weights (PyTorch's default),
     * forget-gate bias 1, zero wide path.
     */
    void initialise(long seed) {
        Nd4j.getRandom().setSeed(seed);
        int e = shape.embeddingSize(), h = shape.hiddenSize(), gates = shape.gates(), k = shape.outputs();
        p.embedding().assign(new XavierUniformInitScheme('c', shape.vocabSize(), e).create(dtype, p.embedding().shape()));
        p.wx().assign(new XavierUniformInitScheme('c', e, gates).create(dtype, p.wx().shape()));
        p.wh().assign(new UniformInitScheme('c', h).create(dtype, p.wh().shape()));
        p.b().assign(0);
        p.b().get(NDArrayIndex.all(), NDArrayIndex.interval(h, 2L * h)).assign(1.0);
        p.wo().assign(new XavierUniformInitScheme('c', h, k).create(dtype, p.wo().shape()));
        p.bo().assign(0);
        if (startingEmbeddings != null) {
            p.embedding().assign(startingEmbeddings);
        }
        p.embedding().getRow(Vocabulary.PAD_ID).assign(0);
        if (p.wide() != null) {
            p.wide().assign(0);
        }
    }

    ModelShape shape() {
        return shape;
    }

    INDArray parameters() {
        return flat;
    }

    INDArray gradient() {
        return gradFlat;
    }

    LstmParameters parameterViews() {
        return p;
    }

    /**
     * Trains the wide path as {@code w ⊙ r} with fixed per-bucket ratios r (naive Bayes log-count ratios,
     * {@link NaiveBayesRatios}): buckets that separate the labels learn faster and are decayed less. Snapshots
     * hold the product, so the artifact and the engine never see r.
     */
    void useWideRatios(double[] ratios) {
        if (ratios != null && (p.wide() == null || ratios.length != p.wide().length())) {
            throw new IllegalArgumentException("wide ratios need one value per wide weight");
        }
        this.wideRatios = ratios;
    }

    private double wideRatio(int bucket, int output) {
        return wideRatios == null ? 1.0 : wideRatios[bucket * shape.outputs() + output];
    }

    /** A float32 copy of the parameters, detached from the training buffer (the wide tensor as w ⊙ r). */
    LstmParameters snapshot() {
        List<INDArray> copies = new ArrayList<>();
        for (INDArray a : p.byName().values()) {
            copies.add(a.castTo(DataType.FLOAT).dup('c'));
        }
        if (wideRatios != null) {
            INDArray wide = copies.get(6);
            wide.muli(Nd4j.createFromArray(wideRatios).castTo(DataType.FLOAT).reshape(wide.shape()));
        }
        return new LstmParameters(copies.get(0), copies.get(1), copies.get(2), copies.get(3), copies.get(4), copies.get(5),
                copies.size() > 6 ? copies.get(6) : null);
    }

    /** Copies the given tensors into the training buffer. */
    void load(LstmParameters from) {
        if (wideRatios != null) {
            throw new IllegalStateException("snapshots hold w ⊙ r; loading one under wide ratios would apply r twice");
        }
        List<INDArray> src = List.copyOf(from.byName().values());
        List<INDArray> dst = List.copyOf(p.byName().values());
        for (int i = 0; i < dst.size(); i++) {
            dst.get(i).assign(src.get(i));
        }
    }

    LstmEngine engine() {
        return new LstmEngine(shape, snapshot());
    }

    /** Which parts of the model a pass uses; the others count as absent (zero logits, zero gradient). */
    enum Branches { BOTH, WIDE, RECURRENT }

    /** Mean loss of a batch without dropout and without touching the gradient. */
    double loss(Batch batch) {
        return new Pass(batch, 0, 0, Branches.BOTH).loss;
    }

    /** Mean loss of a batch with the given dropout rates; leaves its gradient in {@link #gradient()}. */
    double lossAndGradient(Batch batch, double embeddingDropout, double outputDropout) {
        return lossAndGradient(batch, embeddingDropout, outputDropout, Branches.BOTH);
    }

    /**
     * As above for some branches only: {@code WIDE} is the wide path and output bias (as if the recurrent
     * output weights were zero) at a fraction of the cost; {@code RECURRENT} leaves the wide path out.
     */
    double lossAndGradient(Batch batch, double embeddingDropout, double outputDropout, Branches branches) {
        Pass pass = new Pass(batch, embeddingDropout, outputDropout, branches);
        pass.backward();
        return pass.loss;
    }

    /** A next-token prediction head used only in pre-training: weights [H, V], bias [1, V]. */
    record LanguageModelHead(INDArray weights, INDArray bias) {

        /** Weights and bias as views of one flat [1, H·V + V] buffer (for one optimiser). */
        static LanguageModelHead views(INDArray flat, long hidden, long vocab) {
            return new LanguageModelHead(
                    flat.get(NDArrayIndex.point(0), NDArrayIndex.interval(0, hidden * vocab)).reshape('c', hidden, vocab),
                    flat.get(NDArrayIndex.point(0), NDArrayIndex.interval(hidden * vocab, hidden * vocab + vocab)).reshape('c', 1, vocab));
        }
    }

    /**
     * Language-model loss of a batch (mean over predicted tokens, each token from the ones before it), with
     * embedding dropout; leaves the LSTM's gradient in {@link #gradient()} and the head's in {@code headGrad}.
     */
    double languageModelLossAndGradient(Batch batch, LanguageModelHead head, LanguageModelHead headGrad, double embeddingDropout) {
        return new Pass(batch, embeddingDropout, 0, Branches.RECURRENT).languageModel(head, headGrad);
    }

    /**
     * Where the named tensors lie in the flat parameter and gradient buffers: [from, to) offsets in buffer order,
     * neighbouring tensors merged into one range. Names the model does not have (a wide path it lacks) are skipped.
     */
    List<long[]> ranges(java.util.Set<String> tensors) {
        List<long[]> ranges = new ArrayList<>();
        long offset = 0;
        for (var tensor : p.byName().entrySet()) {
            long end = offset + tensor.getValue().length();
            if (tensors.contains(tensor.getKey())) {
                long[] last = ranges.isEmpty() ? null : ranges.get(ranges.size() - 1);
                if (last != null && last[1] == offset) {
                    last[1] = end;
                } else {
                    ranges.add(new long[] {offset, end});
                }
            }
            offset = end;
        }
        return ranges;
    }

    /** A [1, P] mask that is 1 on the named tensors' {@link #ranges} and 0 elsewhere (for checks of the gradient). */
    INDArray mask(java.util.Set<String> tensors) {
        INDArray m = Nd4j.zeros(dtype, flat.shape());
        for (long[] r : ranges(tensors)) {
            m.get(NDArrayIndex.point(0), NDArrayIndex.interval(r[0], r[1])).assign(1);
        }
        return m;
    }

    private INDArray mask(long rows, long cols, double rate) {
        return Nd4j.rand(dtype, rows, cols).gt(rate).castTo(dtype).muli(1.0 / (1.0 - rate));
    }

    private static INDArray rows(INDArray a, long from, long count) {
        return a.get(NDArrayIndex.interval(from, from + count), NDArrayIndex.all());
    }

    private INDArray gate(INDArray gates, int block) {
        long h = shape.hiddenSize();
        return gates.get(NDArrayIndex.all(), NDArrayIndex.interval(block * h, (block + 1) * h));
    }

    /**
     * {@code target[indices[i]] += updates[i]} for every i, rows of a 2-D target. ND4J's scatter_add (1.0.0-M2.1) loses
     * updates when an index repeats: on 2,000 rows over a handful of indices it came out wrong by up to 0.6 in most of
     * 200 repetitions, and differently each time. Embedding and n-gram gradients repeat indices in every batch (any
     * token or n-gram seen twice), so repeated rows are summed here first, in order and in double precision, and
     * scatter_add gets each index once.
     */
    static void scatterAdd(INDArray target, int[] indices, INDArray updates) {
        java.util.Map<Integer, Integer> slots = new java.util.LinkedHashMap<>();
        for (int index : indices) {
            slots.putIfAbsent(index, slots.size());
        }
        INDArray rows = updates;
        if (slots.size() < indices.length) {
            int width = (int) updates.columns();
            double[] u = updates.castTo(DataType.DOUBLE).dup('c').data().asDouble();  // one bulk copy, not one call per element
            double[] sums = new double[slots.size() * width];
            for (int i = 0; i < indices.length; i++) {
                int to = slots.get(indices[i]) * width;
                for (int j = 0; j < width; j++) {
                    sums[to + j] += u[i * width + j];
                }
            }
            rows = Nd4j.createFromArray(sums).reshape(slots.size(), width).castTo(target.dataType());
        }
        int[] unique = slots.keySet().stream().mapToInt(Integer::intValue).toArray();
        Nd4j.exec(DynamicCustomOp.builder("scatter_add")
                .addInputs(target, Nd4j.createFromArray(unique), rows).addOutputs(target).build());
    }

    /** One forward pass that keeps what backward needs. */
    private final class Pass {
        final Batch batch;
        final int bsz;
        final int steps;
        final int[] flatIds;   // [T*B], row t*B + r
        final INDArray x;      // [T*B, E] embedded input (after dropout)
        final INDArray xMask;  // [T*B, E] or null
        final INDArray acts;   // [T*B, G] gate activations i, f, g, o
        final INDArray cs;     // [(T+1)*B, H] c_{t-1} at block t
        final INDArray hs;     // [(T+1)*B, H] h_{t-1} at block t
        final INDArray tcs;    // [T*B, H] tanh(c_t)
        final INDArray pooled; // [B, H] before dropout
        final INDArray outMask;// [B, H] or null
        final INDArray lengths;// [B, 1]
        final int[] wideRows;  // features of all rows, concatenated
        final double[] z;      // [B*K] logits
        final double loss;
        final boolean recurrent;
        final boolean useWide;
        // the recurrent buffers as row blocks, and a step's worth of Java scratch (recurrent passes only)
        RowBlocks actRows, cellRows, tanhCellRows;
        double[] gateScratch, cellScratch, previousCellScratch;

        Pass(Batch batch, double embeddingDropout, double outputDropout, Branches branches) {
            this.batch = batch;
            this.bsz = batch.size();
            this.steps = batch.steps();
            this.recurrent = branches != Branches.WIDE;
            this.useWide = branches != Branches.RECURRENT && p.wide() != null;
            int hidden = shape.hiddenSize();
            flatIds = new int[steps * bsz];
            double[] len = new double[bsz];
            for (int r = 0; r < bsz; r++) {
                len[r] = batch.ids()[r].length;
                for (int t = 0; t < batch.ids()[r].length; t++) {
                    flatIds[t * bsz + r] = batch.ids()[r][t];
                }
            }
            lengths = Nd4j.createFromArray(len).castTo(dtype).reshape(bsz, 1);
            wideRows = concatFeatures();
            if (!recurrent) {
                x = xMask = acts = cs = hs = tcs = pooled = outMask = null;
                z = Nd4j.zeros(dtype, bsz, shape.outputs()).addiRowVector(p.bo()).castTo(DataType.DOUBLE).data().asDouble();
                addWide();
                loss = lossValue();
                return;
            }
            x = Nd4j.pullRows(p.embedding(), 1, flatIds);
            xMask = embeddingDropout > 0 ? mask(x.rows(), x.columns(), embeddingDropout) : null;
            if (xMask != null) {
                x.muli(xMask);
            }
            acts = Nd4j.createUninitialized(dtype, new long[] {(long) steps * bsz, shape.gates()}, 'c');
            x.mmul(p.wx(), acts).addiRowVector(p.b());
            cs = Nd4j.zeros(dtype, (long) (steps + 1) * bsz, hidden);
            hs = Nd4j.zeros(dtype, (long) (steps + 1) * bsz, hidden);
            tcs = Nd4j.zeros(dtype, (long) steps * bsz, hidden);
            actRows = new RowBlocks(acts);
            cellRows = new RowBlocks(cs);
            tanhCellRows = new RowBlocks(tcs);
            gateScratch = new double[bsz * shape.gates()];
            cellScratch = new double[bsz * hidden];
            previousCellScratch = new double[bsz * hidden];
            for (int t = 0; t < steps; t++) {
                int n = batch.active()[t];
                INDArray a = rows(acts, (long) t * bsz, n);
                if (t > 0) {
                    Nd4j.gemm(rows(hs, (long) t * bsz, n), p.wh(), a, false, false, 1.0, 1.0);
                }
                // the activations in place (i and f are adjacent: one op), then c_t = f ⊙ c_{t-1} + i ⊙ g in one loop,
                // then h_t = o ⊙ tanh(c_t) into the pass's buffers, without temporaries
                INDArray o = gate(a, 3);
                Transforms.sigmoid(a.get(NDArrayIndex.all(), NDArrayIndex.interval(0, 2L * hidden)), false);
                Transforms.tanh(gate(a, 2), false);
                Transforms.sigmoid(o, false);
                cellStep(t, n);
                INDArray tc = rows(tcs, (long) t * bsz, n);
                Nd4j.exec(new Tanh(rows(cs, (long) (t + 1) * bsz, n), tc));
                Nd4j.exec(new MulOp(o, tc, rows(hs, (long) (t + 1) * bsz, n)));
            }
            pooled = pool();
            outMask = outputDropout > 0 ? mask(bsz, hidden, outputDropout) : null;
            INDArray dropped = outMask == null ? pooled : pooled.mul(outMask);
            z = dropped.mmul(p.wo()).addiRowVector(p.bo()).castTo(DataType.DOUBLE).data().asDouble();
            addWide();
            loss = lossValue();
        }

        /** c_t = f ⊙ c_{t-1} + i ⊙ g for the first {@code n} rows of step t (gate activations already in place). */
        private void cellStep(int t, int n) {
            int hidden = shape.hiddenSize();
            int gates = shape.gates();
            double[] ga = gateScratch, cp = previousCellScratch, c = cellScratch;
            actRows.read((long) t * bsz, n, ga);
            cellRows.read((long) t * bsz, n, cp);
            for (int r = 0; r < n; r++) {
                int at = r * gates, ah = r * hidden;
                for (int j = 0; j < hidden; j++) {
                    c[ah + j] = ga[at + hidden + j] * cp[ah + j] + ga[at + j] * ga[at + 2 * hidden + j];
                }
            }
            cellRows.write(c, (long) (t + 1) * bsz, n);
        }

        private INDArray h(int t, long from, long count) {
            return rows(hs, (long) (t + 1) * bsz + from, count);
        }

        private INDArray pool() {
            if (shape.pooling() == Pooling.LAST) {
                int[] last = new int[bsz];
                for (int r = 0; r < bsz; r++) {
                    last[r] = batch.ids()[r].length * bsz + r;
                }
                return Nd4j.pullRows(hs, 1, last);
            }
            INDArray out = h(0, 0, bsz).dup('c');
            for (int t = 1; t < steps; t++) {
                int n = batch.active()[t];
                if (shape.pooling() == Pooling.MEAN) {
                    rows(out, 0, n).addi(h(t, 0, n));
                } else {
                    Transforms.max(rows(out, 0, n), h(t, 0, n), false);
                }
            }
            return shape.pooling() == Pooling.MEAN ? out.diviColumnVector(lengths) : out;
        }

        private int[] concatFeatures() {
            if (!useWide) {
                return new int[0];
            }
            return java.util.Arrays.stream(batch.features()).flatMapToInt(java.util.Arrays::stream).toArray();
        }

        private void addWide() {
            if (wideRows.length == 0) {
                return;
            }
            int k = shape.outputs();
            double[] w = Nd4j.pullRows(p.wide(), 1, wideRows).castTo(DataType.DOUBLE).data().asDouble();
            int at = 0;
            for (int r = 0; r < bsz; r++) {
                int[] feats = batch.features()[r];
                for (int j = 0; j < feats.length; j++, at++) {
                    for (int q = 0; q < k; q++) {
                        z[r * k + q] += w[at * k + q] * wideRatio(feats[j], q) * LstmEngine.wideScale(feats.length);
                    }
                }
            }
        }

        private double lossValue() {
            int k = shape.outputs();
            double sum = 0;
            for (int r = 0; r < bsz; r++) {
                if (shape.binary()) {
                    double zr = z[r];
                    sum += Math.max(zr, 0) + Math.log1p(Math.exp(-Math.abs(zr))) - batch.target(r, 0, 1) * zr;
                } else {
                    double lse = logSumExp(r, k);
                    for (int q = 0; q < k; q++) {
                        sum += batch.target(r, q, k) * (lse - z[r * k + q]);
                    }
                }
            }
            return sum / bsz;
        }

        /** log Σ_q exp(z[r, q]), computed stably. */
        private double logSumExp(int r, int k) {
            double max = Double.NEGATIVE_INFINITY;
            for (int q = 0; q < k; q++) {
                max = Math.max(max, z[r * k + q]);
            }
            double s = 0;
            for (int q = 0; q < k; q++) {
                s += Math.exp(z[r * k + q] - max);
            }
            return max + Math.log(s);
        }

        /** d(mean loss)/d(logits): (p - t) / B, t the row's target (one-hot, or soft: {@link Batch#target}). */
        private double[] logitGradient() {
            int k = shape.outputs();
            double[] dz = new double[z.length];
            for (int r = 0; r < bsz; r++) {
                if (shape.binary()) {
                    dz[r] = (1.0 / (1.0 + Math.exp(-z[r])) - batch.target(r, 0, 1)) / bsz;
                } else {
                    double lse = logSumExp(r, k);
                    for (int q = 0; q < k; q++) {
                        dz[r * k + q] = (Math.exp(z[r * k + q] - lse) - batch.target(r, q, k)) / bsz;
                    }
                }
            }
            return dz;
        }

        void backward() {
            int k = shape.outputs();
            int hidden = shape.hiddenSize();
            double[] dzArr = logitGradient();
            INDArray dz = Nd4j.createFromArray(dzArr).castTo(dtype).reshape(bsz, k);
            if (!recurrent) {
                gradFlat.assign(0);
                g.bo().assign(dz.sum(true, 0));
                wideBackward(dzArr);
                return;
            }
            INDArray dropped = outMask == null ? pooled : pooled.mul(outMask);
            Nd4j.gemm(dropped, dz, g.wo(), true, false, 1.0, 0.0);
            g.bo().assign(dz.sum(true, 0));
            wideBackward(dzArr);

            INDArray dPooled = dz.mmul(p.wo().transpose());  // [B, H]
            if (outMask != null) {
                dPooled.muli(outMask);
            }
            if (shape.pooling() == Pooling.MEAN) {
                dPooled.diviColumnVector(lengths);
            }
            throughTime(dPooled, null);
        }

        /**
         * Next-token prediction from each valid h_t through {@code head} (weights [H, V], bias [1, V]); returns the
         * mean loss over predicted tokens and leaves the gradients in {@code headGrad} and the network's gradient
         * (wo, bo and wide stay zero).
         */
        double languageModel(LanguageModelHead head, LanguageModelHead headGrad) {
            gradFlat.assign(0);
            List<Integer> rowList = new ArrayList<>();
            List<Integer> targets = new ArrayList<>();
            for (int r = 0; r < bsz; r++) {
                int[] ids = batch.ids()[r];
                for (int t = 0; t + 1 < ids.length; t++) {
                    rowList.add((t + 1) * bsz + r);
                    targets.add(ids[t + 1]);
                }
            }
            int n = rowList.size();
            if (n == 0) {
                headGrad.weights().assign(0);
                headGrad.bias().assign(0);
                return 0;
            }
            int[] rowIdx = rowList.stream().mapToInt(Integer::intValue).toArray();
            INDArray h = Nd4j.pullRows(hs, 1, rowIdx);                               // [N, H]
            INDArray probs = h.mmul(head.weights()).addiRowVector(head.bias());      // [N, V] logits
            Nd4j.exec(new org.nd4j.linalg.api.ops.impl.transforms.custom.SoftMax(probs, probs, 1));
            double loss = 0;
            for (int i = 0; i < n; i++) {
                int y = targets.get(i);
                double py = probs.getDouble(i, y);
                loss -= Math.log(Math.max(py, 1e-30));
                probs.putScalar(i, y, py - 1);
            }
            INDArray dz = probs.divi(n);                                             // [N, V]
            Nd4j.gemm(h, dz, headGrad.weights(), true, false, 1.0, 0.0);
            headGrad.bias().assign(dz.sum(true, 0));
            INDArray dHs = Nd4j.zeros(dtype, hs.rows(), hs.columns());
            scatterAdd(dHs, rowIdx, dz.mmul(head.weights().transpose()));
            throughTime(null, dHs);
            return loss / n;
        }

        /** BPTT from the pooled vector's gradient and/or a gradient on each h_t (block t+1 of {@code dHs}). */
        private void throughTime(INDArray dPooled, INDArray dHs) {
            int hidden = shape.hiddenSize();
            INDArray dActs = Nd4j.zeros(dtype, (long) steps * bsz, shape.gates());
            INDArray dh = Nd4j.zeros(dtype, bsz, hidden);
            INDArray dc = Nd4j.zeros(dtype, bsz, hidden);
            RowBlocks dhRows = new RowBlocks(dh), dcRows = new RowBlocks(dc), dActRows = new RowBlocks(dActs);
            double[] dhStep = new double[bsz * hidden], dcStep = new double[bsz * hidden], dGates = new double[bsz * shape.gates()];
            g.wh().assign(0);
            for (int t = steps - 1; t >= 0; t--) {
                int n = batch.active()[t];
                int ending = t + 1 < steps ? batch.active()[t + 1] : 0;
                INDArray dhn = rows(dh, 0, n);
                if (dHs != null) {
                    dhn.addi(rows(dHs, (long) (t + 1) * bsz, n));
                }
                if (dPooled != null) {
                    switch (shape.pooling()) {
                    case MEAN -> dhn.addi(rows(dPooled, 0, n));
                    case MAX -> dhn.addi(rows(dPooled, 0, n).mul(h(t, 0, n).eq(rows(pooled, 0, n)).castTo(dtype)));
                    case LAST -> {
                        if (n > ending) {  // rows whose last valid step is t
                            rows(dh, ending, n - ending).addi(rows(dPooled, ending, n - ending));
                        }
                    }
                    }
                }
                gateStepBackward(t, n, dhRows, dcRows, dActRows, dhStep, dcStep, dGates);
                if (t > 0) {
                    INDArray da = rows(dActs, (long) t * bsz, n);
                    Nd4j.gemm(rows(hs, (long) t * bsz, n), da, g.wh(), true, false, 1.0, 1.0);
                    Nd4j.gemm(da, p.wh(), dhn, false, true, 1.0, 0.0);
                }
            }
            Nd4j.gemm(x, dActs, g.wx(), true, false, 1.0, 0.0);
            g.b().assign(dActs.sum(true, 0));
            INDArray dx = dActs.mmul(p.wx().transpose());
            if (xMask != null) {
                dx.muli(xMask);
            }
            g.embedding().assign(0);
            scatterAdd(g.embedding(), flatIds, dx);
        }

        /**
         * One step of the gates' backward pass for its first {@code n} rows, in one loop (the equations in the class
         * comment): reads dh_t, dc_t, the gate activations, tanh(c_t) and c_{t-1}; writes da_t and dc_{t-1} = dc_t ⊙ f.
         */
        private void gateStepBackward(int t, int n, RowBlocks dhRows, RowBlocks dcRows, RowBlocks dActRows, double[] dh,
                double[] dc, double[] dGates) {
            int hidden = shape.hiddenSize();
            int gates = shape.gates();
            double[] ga = gateScratch, tc = cellScratch, cp = previousCellScratch;
            dhRows.read(0, n, dh);
            dcRows.read(0, n, dc);
            actRows.read((long) t * bsz, n, ga);
            tanhCellRows.read((long) t * bsz, n, tc);
            cellRows.read((long) t * bsz, n, cp);
            for (int r = 0; r < n; r++) {
                int at = r * gates, ah = r * hidden;
                for (int j = 0; j < hidden; j++) {
                    double i = ga[at + j], f = ga[at + hidden + j], gg = ga[at + 2 * hidden + j], o = ga[at + 3 * hidden + j];
                    double tch = tc[ah + j], dhj = dh[ah + j];
                    double dcj = dc[ah + j] + dhj * o * (1 - tch * tch);
                    dGates[at + j] = dcj * gg * i * (1 - i);
                    dGates[at + hidden + j] = dcj * cp[ah + j] * f * (1 - f);
                    dGates[at + 2 * hidden + j] = dcj * i * (1 - gg * gg);
                    dGates[at + 3 * hidden + j] = dhj * tch * o * (1 - o);
                    dc[ah + j] = dcj * f;
                }
            }
            dActRows.write(dGates, (long) t * bsz, n);
            dcRows.write(dc, 0, n);
        }

        private void wideBackward(double[] dz) {
            if (p.wide() == null) {
                return;
            }
            g.wide().assign(0);
            if (wideRows.length == 0) {
                return;
            }
            int k = shape.outputs();
            double[] updates = new double[wideRows.length * k];
            int at = 0;
            for (int r = 0; r < bsz; r++) {
                int[] feats = batch.features()[r];
                for (int j = 0; j < feats.length; j++, at++) {
                    for (int q = 0; q < k; q++) {
                        updates[at * k + q] = dz[r * k + q] * wideRatio(feats[j], q) * LstmEngine.wideScale(feats.length);
                    }
                }
            }
            scatterAdd(g.wide(), wideRows, Nd4j.createFromArray(updates).castTo(dtype).reshape(wideRows.length, k));
        }
    }
}
