package com.tweetsentiment.training;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class ScatterAddTest {

    @Test
    void repeatedIndicesAddEveryRowEveryTime() {
        Random r = new Random(1);
        int n = 2000;
        int vocab = 300;
        int width = 64;
        int[] indices = new int[n];
        for (int i = 0; i < n; i++) {
            indices[i] = r.nextInt(20) == 0 ? r.nextInt(vocab) : r.nextInt(5);  // a few very frequent rows, as with tokens
        }
        Nd4j.getRandom().setSeed(3);
        INDArray updates = Nd4j.rand(DataType.FLOAT, n, width).subi(0.5);
        float[][] u = updates.toFloatMatrix();
        double[][] exact = new double[vocab][width];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < width; j++) {
                exact[indices[i]][j] += u[i][j];
            }
        }
        INDArray expected = Nd4j.createFromArray(exact).castTo(DataType.FLOAT);
        float[] first = null;
        for (int repetition = 0; repetition < 100; repetition++) {
            INDArray target = Nd4j.ones(DataType.FLOAT, vocab, width);
            Network.scatterAdd(target, indices, updates);
            target.subi(1);
            assertThat(target.sub(expected).amaxNumber().doubleValue()).as("repetition " + repetition).isLessThan(1e-4);
            float[] bits = target.data().asFloat();
            if (first == null) {
                first = bits;
            } else {
                assertThat(java.util.Arrays.equals(bits, first)).as("repetition " + repetition + " is bit-identical to the first").isTrue();
            }
        }
    }
}
