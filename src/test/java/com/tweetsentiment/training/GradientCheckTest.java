package com.tweetsentiment.training;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tweetsentiment.engine.ModelShape;
import com.tweetsentiment.engine.Pooling;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Backpropagation through time against central finite differences, in double precision. */
class GradientCheckTest {

    private static final double EPS = 1e-6;

    @ParameterizedTest(name = "{0} pooling, {1} labels, soft targets {2}")
    @CsvSource({"MEAN, 2, false", "MAX, 2, false", "LAST, 2, false", "MEAN, 3, false", "MAX, 3, false", "LAST, 3, false",
        "MEAN, 2, true", "LAST, 2, true", "MEAN, 3, true", "MAX, 3, true"})
    void analyticGradientMatchesFiniteDifferences(Pooling pooling, int labels, boolean soft) {
        ModelShape shape = new ModelShape(7, 3, 4, labels, pooling, 5);
        Network net = new Network(shape, DataType.DOUBLE);
        net.initialise(11);
        Nd4j.getRandom().setSeed(3);
        net.parameters().assign(Nd4j.rand(DataType.DOUBLE, net.parameters().shape()).subi(0.5).muli(1.6));
        // mixed lengths (masking), a repeated id within and across rows, rows without wide features
        Batch batch = Batch.of(
                new int[][] {{2, 3}, {4, 5, 6, 2, 2}, {1}, {3, 6, 5}},
                new int[][] {{0, 3}, {1, 2, 4}, {}, {3}},
                new int[] {1, 0, labels - 1, 0},
                soft ? softTargets(4, labels == 2 ? 1 : labels) : null);

        net.lossAndGradient(batch, 0, 0);
        INDArray analytic = net.gradient().dup();
        INDArray params = net.parameters();
        double worst = 0;
        String where = "";
        Map<String, INDArray> named = net.parameterViews().byName();
        long offset = 0;
        for (Map.Entry<String, INDArray> e : named.entrySet()) {
            long len = e.getValue().length();
            for (long j = offset; j < offset + len; j++) {
                double keep = params.getDouble(0, j);
                params.putScalar(0, j, keep + EPS);
                double up = net.loss(batch);
                params.putScalar(0, j, keep - EPS);
                double down = net.loss(batch);
                params.putScalar(0, j, keep);
                double numeric = (up - down) / (2 * EPS);
                double a = analytic.getDouble(0, j);
                double error = Math.abs(a - numeric) / Math.max(1e-7, Math.abs(a) + Math.abs(numeric));
                if (Math.abs(a - numeric) > 1e-9 && error > worst) {
                    worst = error;
                    where = e.getKey() + "[" + (j - offset) + "]: analytic " + a + ", numeric " + numeric;
                }
            }
            offset += len;
        }
        assertTrue(worst < 1e-5, "largest relative error " + worst + " at " + where);
    }

    /**
     * Distillation's targets ({@link Distillation}): per row a probability over the outputs (K = 1: P(positive)), neither
     * 0 nor 1, so the loss's gradient is the mixed one, not a label's.
     */
    private static float[][] softTargets(int rows, int outputs) {
        java.util.Random rnd = new java.util.Random(rows * 31L + outputs);
        float[][] t = new float[rows][outputs];
        for (float[] row : t) {
            double sum = 0;
            for (int q = 0; q < outputs; q++) {
                row[q] = 0.05f + rnd.nextFloat();
                sum += row[q];
            }
            for (int q = 0; q < outputs; q++) {
                row[q] = outputs == 1 ? Math.min(row[q], 0.95f) : (float) (row[q] / sum);
            }
        }
        return t;
    }

    @org.junit.jupiter.api.Test
    void aSoftTargetMixesTheLossesLinearly() {
        // the mixed loss (1 - a) CE(y, p) + a CE(t, p) equals the loss against the mixed target (1 - a) y + a t
        ModelShape shape = new ModelShape(7, 3, 4, 3, Pooling.MEAN, 5);
        Network net = new Network(shape, DataType.DOUBLE);
        net.initialise(4);
        int[][] ids = {{2, 3}, {4, 5, 6}};
        int[][] features = {{0, 3}, {1}};
        int[] labels = {2, 0};
        float[][] teacher = {{0.2f, 0.3f, 0.5f}, {0.6f, 0.3f, 0.1f}};
        double a = 0.3;
        float[][] mixed = new float[2][3];
        for (int r = 0; r < 2; r++) {
            for (int q = 0; q < 3; q++) {
                mixed[r][q] = (float) ((1 - a) * (q == labels[r] ? 1 : 0) + a * teacher[r][q]);
            }
        }
        double hard = net.loss(Batch.of(ids, features, labels));
        double soft = net.loss(Batch.of(ids, features, labels, teacher));
        org.junit.jupiter.api.Assertions.assertEquals((1 - a) * hard + a * soft, net.loss(Batch.of(ids, features, labels, mixed)), 1e-6);
        float[][] oneHot = {{0, 0, 1}, {1, 0, 0}};
        org.junit.jupiter.api.Assertions.assertEquals(hard, net.loss(Batch.of(ids, features, labels, oneHot)), 1e-12);
    }

    @org.junit.jupiter.api.Test
    void languageModelGradientMatchesFiniteDifferences() {
        ModelShape shape = new ModelShape(7, 3, 4, 2, Pooling.MEAN, 0);
        Network net = new Network(shape, DataType.DOUBLE);
        net.initialise(2);
        Nd4j.getRandom().setSeed(8);
        net.parameters().assign(Nd4j.rand(DataType.DOUBLE, net.parameters().shape()).subi(0.5).muli(1.6));
        INDArray headFlat = Nd4j.rand(DataType.DOUBLE, 1, 4 * 7 + 7).subi(0.5);
        Network.LanguageModelHead head = Network.LanguageModelHead.views(headFlat, 4, 7);
        Network.LanguageModelHead headGrad = Network.LanguageModelHead.views(Nd4j.zeros(DataType.DOUBLE, 1, 4 * 7 + 7), 4, 7);
        Batch batch = Batch.of(new int[][] {{2, 3, 6}, {4, 5, 6, 2, 2}, {1}, {3, 6}}, new int[4][0], new int[4]);

        net.languageModelLossAndGradient(batch, head, headGrad, 0);
        INDArray analytic = net.gradient().dup();
        INDArray analyticHead = Nd4j.concat(1, headGrad.weights().reshape(1, 28), headGrad.bias());
        double worst = 0;
        for (INDArray[] pair : new INDArray[][] {{net.parameters(), analytic}, {headFlat, analyticHead}}) {
            INDArray params = pair[0];
            for (long j = 0; j < params.length(); j++) {
                double keep = params.getDouble(0, j);
                params.putScalar(0, j, keep + EPS);
                double up = net.languageModelLossAndGradient(batch, head, headGrad, 0);
                params.putScalar(0, j, keep - EPS);
                double down = net.languageModelLossAndGradient(batch, head, headGrad, 0);
                params.putScalar(0, j, keep);
                double numeric = (up - down) / (2 * EPS);
                double a = pair[1].getDouble(0, j);
                if (Math.abs(a - numeric) > 1e-9) {
                    worst = Math.max(worst, Math.abs(a - numeric) / Math.max(1e-7, Math.abs(a) + Math.abs(numeric)));
                }
            }
        }
        assertTrue(worst < 1e-5, "largest relative error " + worst);
    }

    @ParameterizedTest(name = "{0} labels")
    @CsvSource({"2", "4"})
    void theWideOnlyPassEqualsTheFullPassWhenTheRecurrentBranchIsSilent(int labels) {
        Network net = new Network(new ModelShape(7, 3, 4, labels, Pooling.MEAN, 5), DataType.DOUBLE);
        net.initialise(5);
        Nd4j.getRandom().setSeed(6);
        net.parameters().assign(Nd4j.rand(DataType.DOUBLE, net.parameters().shape()).subi(0.5));
        net.parameterViews().wo().assign(0);
        Batch batch = Batch.of(new int[][] {{2, 3, 4}, {5}}, new int[][] {{0, 4}, {2}}, new int[] {1, 0});
        double full = net.lossAndGradient(batch, 0, 0);
        INDArray wide = net.parameterViews().wide().dup();
        INDArray fullWide = net.gradient().dup();
        double wideOnly = net.lossAndGradient(batch, 0, 0, Network.Branches.WIDE);
        org.junit.jupiter.api.Assertions.assertEquals(full, wideOnly, 1e-12);
        INDArray mask = net.mask(java.util.Set.of("wide", "bo"));
        org.junit.jupiter.api.Assertions.assertEquals(0, fullWide.mul(mask).sub(net.gradient()).norm2Number().doubleValue(), 1e-12,
                "wide and bias gradients agree, every other gradient is zero");
        org.junit.jupiter.api.Assertions.assertEquals(wide, net.parameterViews().wide());
    }
}
