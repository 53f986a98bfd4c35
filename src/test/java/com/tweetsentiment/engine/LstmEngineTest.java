package com.tweetsentiment.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

class LstmEngineTest {

    static LstmParameters randomParameters(ModelShape s, long seed) {
        Nd4j.getRandom().setSeed(seed);
        return new LstmParameters(
                rnd(s.vocabSize(), s.embeddingSize()), rnd(s.embeddingSize(), s.gates()), rnd(s.hiddenSize(), s.gates()),
                rnd(1, s.gates()), rnd(s.hiddenSize(), s.outputs()), rnd(1, s.outputs()),
                s.wideBuckets() > 0 ? rnd(s.wideBuckets(), s.outputs()) : null);
    }

    private static org.nd4j.linalg.api.ndarray.INDArray rnd(long r, long c) {
        return Nd4j.rand(DataType.FLOAT, r, c).subi(0.5).muli(1.5);
    }

    static int[][] randomSequences(Random rnd, int batch, int maxLen, int vocab) {
        int[][] ids = new int[batch][];
        for (int b = 0; b < batch; b++) {
            ids[b] = rnd.ints(1 + rnd.nextInt(maxLen), 0, vocab).toArray();
        }
        return ids;
    }

    static int[][] randomFeatures(Random rnd, int batch, int buckets) {
        int[][] f = new int[batch][];
        for (int b = 0; b < batch; b++) {
            f[b] = buckets == 0 ? new int[0] : rnd.ints(rnd.nextInt(6), 0, buckets).sorted().distinct().toArray();
        }
        return f;
    }

    /** Both implementations of the step: the test JVM runs with the Vector API (see the next test). */
    static List<Kernels> kernels() {
        return List.of(Kernels.plain(), Kernels.best());
    }

    @Test
    void theTestJvmRunsTheVectorKernelsSoThatTheyAreTestedHere() {
        assertTrue(Kernels.vectorAvailable(), "surefire's argLine must add jdk.incubator.vector");
        assertEquals("VectorKernels", Kernels.best().getClass().getSimpleName());
    }

    @ParameterizedTest(name = "{0} pooling, {1} labels, batch {2}, hidden {3}")
    @CsvSource({"MEAN, 2, 1, 16", "MEAN, 2, 37, 16", "MAX, 2, 1, 16", "MAX, 4, 37, 16", "LAST, 2, 37, 16", "LAST, 4, 1, 16",
            "MEAN, 4, 64, 16", "MEAN, 2, 7, 20", "MAX, 3, 13, 8", "LAST, 2, 6, 36", "MEAN, 2, 64, 64", "MEAN, 2, 3, 128"})
    void matchesTheNaiveLoopImplementation(Pooling pooling, int labels, int batch, int hidden) {
        ModelShape shape = new ModelShape(50, 8, hidden, labels, pooling, 30);
        LstmParameters params = randomParameters(shape, 7);
        Random rnd = new Random(batch);
        int[][] ids = randomSequences(rnd, batch, 40, shape.vocabSize());
        int[][] features = randomFeatures(rnd, batch, shape.wideBuckets());
        for (Kernels k : kernels()) {
            float[][] fast = new LstmEngine(shape, params, k).predict(ids, features);
            double worst = 0;
            for (int b = 0; b < batch; b++) {
                double[] slow = NaiveLstm.probabilities(shape, params, ids[b], features[b]);
                for (int q = 0; q < slow.length; q++) {
                    worst = Math.max(worst, Math.abs(slow[q] - fast[b][q]));
                }
            }
            double[] first = NaiveLstm.probabilities(shape, params, ids[0], features[0]);
            assertTrue(worst <= 1e-5, k.name() + ": largest difference " + worst + "; first row naive "
                    + java.util.Arrays.toString(first) + " vs engine " + java.util.Arrays.toString(fast[0]));
        }
    }

    /**
     * The shipped model, every batch size from 1 to 64 with ragged lengths (1 to 40 tokens), both implementations:
     * within 1e-5 of the naive loops, which compute in double.
     */
    @Test
    void onTheShippedModelEveryBatchSizeMatchesTheNaiveLoops() throws java.io.IOException {
        java.nio.file.Path dir = com.tweetsentiment.artifact.ModelArtifacts.resolve(java.nio.file.Path.of("model-artifacts"));
        com.tweetsentiment.artifact.Manifest manifest = com.tweetsentiment.artifact.ModelArtifacts.readManifest(dir);
        LstmParameters params = com.tweetsentiment.artifact.ModelArtifacts.parameters(dir, manifest);
        ModelShape shape = manifest.architecture().shape();
        int buckets = shape.wideBuckets();
        NaiveLstm naive = NaiveLstm.of(shape, params);
        Random rnd = new Random(11);
        for (Kernels k : kernels()) {
            LstmEngine engine = new LstmEngine(shape, params, k);
            double worst = 0;
            for (int batch = 1; batch <= 64; batch++) {
                int[][] ids = randomSequences(rnd, batch, 40, shape.vocabSize());
                int[][] features = randomFeatures(rnd, batch, buckets);
                float[][] fast = engine.predict(ids, features);
                for (int b = 0; b < batch; b++) {
                    double[] slow = naive.probabilities(ids[b], features[b]);
                    for (int q = 0; q < slow.length; q++) {
                        worst = Math.max(worst, Math.abs(slow[q] - fast[b][q]));
                    }
                }
            }
            assertTrue(worst <= 1e-5, k.name() + ": largest difference " + worst);
        }
    }



    /**
     * A thread that ran an engine keeps its buffers for it, but must not keep the engine itself: a server's threads
     * live on while models are replaced, and an engine holds its model's tables.
     */
    @Test
    void anEngineNoLongerUsedIsFreedThoughTheThreadThatRanItLivesOn() throws InterruptedException {
        ModelShape shape = new ModelShape(30, 6, 10, 2, Pooling.MEAN, 0);
        java.lang.ref.WeakReference<LstmEngine> ref = useOnThisThread(shape);
        for (int i = 0; i < 50 && ref.get() != null; i++) {
            System.gc();
            Thread.sleep(20);
        }
        assertTrue(ref.get() == null, "the engine is still reachable after it was dropped");
    }

    private static java.lang.ref.WeakReference<LstmEngine> useOnThisThread(ModelShape shape) {
        LstmEngine engine = new LstmEngine(shape, randomParameters(shape, 4));
        engine.predict(randomSequences(new Random(6), 8, 12, 30), new int[8][0]);
        return new java.lang.ref.WeakReference<>(engine);
    }

    @Test
    void aSequenceGetsTheSameAnswerAloneAndInABatch() {
        ModelShape shape = new ModelShape(30, 6, 10, 2, Pooling.MEAN, 0);
        LstmEngine engine = new LstmEngine(shape, randomParameters(shape, 3));
        int[][] ids = randomSequences(new Random(5), 20, 25, 30);
        float[][] together = engine.predict(ids, new int[20][0]);
        for (int b = 0; b < ids.length; b++) {
            assertArrayEquals(together[b], engine.predict(new int[][] {ids[b]}, new int[1][0])[0], 1e-6f);
        }
    }

    @Test
    void concurrentCallersGetTheSameAnswersAsOneCaller() throws Exception {
        ModelShape shape = new ModelShape(40, 8, 12, 3, Pooling.MAX, 10);
        LstmEngine engine = new LstmEngine(shape, randomParameters(shape, 9));
        Random rnd = new Random(1);
        List<int[][]> batches = new ArrayList<>();
        List<int[][]> feats = new ArrayList<>();
        for (int j = 0; j < 24; j++) {
            int size = 1 + rnd.nextInt(16);
            batches.add(randomSequences(rnd, size, 30, 40));
            feats.add(randomFeatures(rnd, size, 10));
        }
        List<float[][]> expected = new ArrayList<>();
        for (int j = 0; j < batches.size(); j++) {
            expected.add(engine.predict(batches.get(j), feats.get(j)));
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<float[][]>> results = new ArrayList<>();
            for (int j = 0; j < batches.size(); j++) {
                int at = j;
                results.add(pool.submit(() -> engine.predict(batches.get(at), feats.get(at))));
            }
            for (int j = 0; j < batches.size(); j++) {
                float[][] got = results.get(j).get();
                for (int b = 0; b < got.length; b++) {
                    assertArrayEquals(expected.get(j)[b], got[b], 0f, "batch " + j + " row " + b);
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void refusesEmptySequencesAndMismatchedShapes() {
        ModelShape shape = new ModelShape(10, 4, 4, 2, Pooling.LAST, 0);
        LstmEngine engine = new LstmEngine(shape, randomParameters(shape, 1));
        assertThrows(IllegalArgumentException.class, () -> engine.predict(new int[][] {{1}, {}}, new int[2][0]));
        assertEquals(0, engine.predict(new int[0][], new int[0][]).length);
        ModelShape other = new ModelShape(11, 4, 4, 2, Pooling.LAST, 0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new LstmEngine(other, randomParameters(shape, 1)));
        assertTrue(e.getMessage().contains("embedding"), e.getMessage());
    }
}
