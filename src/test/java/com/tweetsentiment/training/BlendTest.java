package com.tweetsentiment.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.tweetsentiment.engine.LstmEngine;
import com.tweetsentiment.engine.LstmParameters;
import com.tweetsentiment.engine.ModelShape;
import com.tweetsentiment.engine.Pooling;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

class BlendTest {

    private static LstmParameters random(ModelShape s, long seed, boolean silentLstm, boolean silentWide) {
        Nd4j.getRandom().setSeed(seed);
        LstmParameters p = new LstmParameters(Nd4j.randn(DataType.FLOAT, s.vocabSize(), s.embeddingSize()),
                Nd4j.randn(DataType.FLOAT, s.embeddingSize(), s.gates()), Nd4j.randn(DataType.FLOAT, s.hiddenSize(), s.gates()),
                Nd4j.randn(DataType.FLOAT, 1, s.gates()), Nd4j.randn(DataType.FLOAT, s.hiddenSize(), s.outputs()),
                Nd4j.randn(DataType.FLOAT, 1, s.outputs()), Nd4j.randn(DataType.FLOAT, s.wideBuckets(), s.outputs()));
        if (silentLstm) {
            p.wo().assign(0);
        }
        if (silentWide) {
            p.wide().assign(0);
        }
        return p;
    }

    @ParameterizedTest(name = "{0} labels")
    @ValueSource(ints = {2, 3})
    void theFoldedParametersComputeTheFittedBlend(int labels) {
        ModelShape shape = new ModelShape(20, 4, 5, labels, Pooling.MEAN, 16);
        LstmParameters wide = random(shape, 1, true, false);
        LstmParameters lstm = random(shape, 2, false, true);
        Random rnd = new Random(3);
        int n = 200;
        int[][] ids = new int[n][];
        int[][] features = new int[n][];
        int[] truth = new int[n];
        for (int r = 0; r < n; r++) {
            ids[r] = rnd.ints(1 + rnd.nextInt(8), 0, 20).toArray();
            features[r] = rnd.ints(1 + rnd.nextInt(4), 0, 16).sorted().distinct().toArray();
            truth[r] = rnd.nextInt(labels);
        }
        float[][] pw = new LstmEngine(shape, wide).predict(ids, features);
        float[][] pl = new LstmEngine(shape, lstm).predict(ids, features);
        Blend blend = Blend.fit(pw, pl, truth);
        float[][] expected = blend.apply(pw, pl);
        float[][] folded = new LstmEngine(shape, blend.fold(wide, lstm)).predict(ids, features);
        for (int r = 0; r < n; r++) {
            for (int q = 0; q < labels; q++) {
                assertThat((double) folded[r][q]).isCloseTo(expected[r][q], within(2e-4));
            }
        }
        // fitting lowers the validation loss compared with the plain sum of logits (α = β = 1, c = 0)
        float[][] plainSum = new Blend(1, 1, new double[labels == 2 ? 1 : labels]).apply(pw, pl);
        assertThat(Scoring.logLoss(truth, expected)).isLessThan(Scoring.logLoss(truth, plainSum));
    }
}
