package com.tweetsentiment.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.tweetsentiment.engine.LstmEngine;
import com.tweetsentiment.engine.LstmParameters;
import com.tweetsentiment.engine.ModelShape;
import com.tweetsentiment.engine.Pooling;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

class EnsembleTest {

    private static LstmParameters random(ModelShape s, long seed) {
        Nd4j.getRandom().setSeed(seed);
        return new LstmParameters(Nd4j.randn(DataType.FLOAT, s.vocabSize(), s.embeddingSize()),
                Nd4j.randn(DataType.FLOAT, s.embeddingSize(), s.gates()).muli(0.5), Nd4j.randn(DataType.FLOAT, s.hiddenSize(), s.gates()).muli(0.5),
                Nd4j.randn(DataType.FLOAT, 1, s.gates()), Nd4j.randn(DataType.FLOAT, s.hiddenSize(), s.outputs()),
                Nd4j.randn(DataType.FLOAT, 1, s.outputs()), Nd4j.zeros(DataType.FLOAT, s.wideBuckets(), s.outputs()));
    }

    /** Binary: the log-odds; more labels: log-probabilities (equal to the logits up to a per-row constant). */
    private static double[] logits(float[] p) {
        if (p.length == 2) {
            return new double[] {Math.log(p[1] / (double) p[0])};
        }
        double[] z = new double[p.length];
        for (int j = 0; j < p.length; j++) {
            z[j] = Math.log(p[j]);
        }
        return z;
    }

    @ParameterizedTest(name = "{0} members, {1} labels, {2} pooling")
    @CsvSource({"2, 2, MEAN", "3, 2, MAX", "2, 3, LAST", "3, 4, MEAN"})
    void theStackedLstmAveragesTheMembersLogits(int count, int labels, Pooling pooling) {
        ModelShape member = new ModelShape(30, 3, 4, labels, pooling, 8);
        List<LstmParameters> members = new ArrayList<>();
        for (int m = 0; m < count; m++) {
            members.add(random(member, 10 + m));
        }
        ModelShape stackedShape = Ensemble.shape(member, count);
        assertThat(stackedShape.hiddenSize()).isEqualTo(4 * count);
        assertThat(stackedShape.embeddingSize()).isEqualTo(3 * count);
        LstmParameters stacked = Ensemble.stack(member, members);
        stacked.check(stackedShape);

        Random rnd = new Random(7);
        int n = 40;
        int[][] ids = new int[n][];
        int[][] features = new int[n][];
        for (int r = 0; r < n; r++) {
            ids[r] = rnd.ints(1 + rnd.nextInt(12), 0, 30).toArray();
            features[r] = new int[0];
        }
        float[][] got = new LstmEngine(stackedShape, stacked).predict(ids, features);
        double[][] sum = new double[n][];
        for (LstmParameters p : members) {
            float[][] own = new LstmEngine(member, p).predict(ids, features);
            for (int r = 0; r < n; r++) {
                double[] z = logits(own[r]);
                if (sum[r] == null) {
                    sum[r] = new double[z.length];
                }
                for (int j = 0; j < z.length; j++) {
                    sum[r][j] += z[j] / count;
                }
            }
        }
        for (int r = 0; r < n; r++) {
            double[] expected;
            if (labels == 2) {
                double q = 1 / (1 + Math.exp(-sum[r][0]));
                expected = new double[] {1 - q, q};
            } else {
                expected = LstmEngine.softmax(sum[r]);
            }
            for (int j = 0; j < labels; j++) {
                assertThat((double) got[r][j]).as("row %d label %d", r, j).isCloseTo(expected[j], within(1e-5));
            }
        }
    }
}
