package com.tweetsentiment.benchmarks;

import com.tweetsentiment.engine.LstmEngine;
import com.tweetsentiment.engine.LstmParameters;
import com.tweetsentiment.engine.ModelShape;
import com.tweetsentiment.engine.Nd4jThreads;
import com.tweetsentiment.engine.Pooling;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Cost of one engine forward on the shapes of the ND4J notes and the PyTorch anchor: T=32 tokens per sequence,
 * E=100, H=128, V=20000, one ND4J thread. Divide the batch-64 time by 64 for the cost per sequence.
 * Run with {@code benchmarks/engine.sh}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class EngineBenchmark {

    @Param({"1", "16", "64"})
    int batch;

    /**
     * anchor: E=100, H=128, every sequence 32 tokens (the PyTorch anchor's shape); shipped: E=64, H=64 and
     * tweet-like lengths of 5 to 40 tokens (the shipped model's shape).
     */
    @Param({"anchor", "shipped"})
    String model;

    /** 0: the plain LSTM (the anchor's shape); 262144: with the wide n-gram path of the shipped model. */
    @Param({"0", "262144"})
    int wideBuckets;

    private LstmEngine engine;
    private int[][] ids;
    private int[][] features;

    @Setup
    public void setUp() {
        Nd4jThreads.set(1);
        boolean anchor = model.equals("anchor");
        int vocab = anchor ? 20_000 : 12_726;
        int e = anchor ? 100 : 64;
        int h = anchor ? 128 : 64;
        ModelShape shape = new ModelShape(vocab, e, h, 2, Pooling.MEAN, wideBuckets);
        Nd4j.getRandom().setSeed(1);
        engine = new LstmEngine(shape, new LstmParameters(rnd(vocab, e), rnd(e, 4L * h), rnd(h, 4L * h), rnd(1, 4L * h),
                rnd(h, 1), rnd(1, 1), wideBuckets > 0 ? rnd(wideBuckets, 1) : null));
        Random r = new Random(2);
        ids = new int[batch][];
        features = new int[batch][];
        for (int b = 0; b < batch; b++) {
            ids[b] = r.ints(anchor ? 32 : 5 + r.nextInt(36), 2, vocab).toArray();
            features[b] = wideBuckets > 0 ? r.ints(63, 0, wideBuckets).sorted().distinct().toArray() : new int[0];
        }
    }

    private static INDArray rnd(long rows, long cols) {
        return Nd4j.rand(DataType.FLOAT, rows, cols).subi(0.5).muli(0.2);
    }

    @Benchmark
    public float[][] forward() {
        return engine.predict(ids, features);
    }
}
