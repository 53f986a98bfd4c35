package com.tweetsentiment.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tweetsentiment.engine.ModelShape;
import com.tweetsentiment.engine.Pooling;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.Adam;

class OptimiserTest {

    private static final ModelShape SHAPE = new ModelShape(11, 3, 4, 2, Pooling.MEAN, 8);

    @Test
    void rangesFollowTheBufferOrderAndMergeNeighbours() {
        Network net = new Network(SHAPE, DataType.FLOAT);
        // embedding 11x3=33, wx 3x16=48, wh 4x16=64, b 16, wo 4, bo 1, wide 8: 174 in all
        assertThat(net.ranges(Set.of("wide", "bo"))).containsExactly(new long[] {165, 174});
        assertThat(net.ranges(Set.of("embedding", "wx", "wh", "b", "wo", "bo"))).containsExactly(new long[] {0, 166});
        assertThat(net.ranges(Set.of("embedding", "b", "wide"))).containsExactly(new long[] {0, 33}, new long[] {145, 161},
                new long[] {166, 174});
        Network noWide = new Network(new ModelShape(11, 3, 4, 2, Pooling.MEAN, 0), DataType.FLOAT);
        assertThat(noWide.ranges(Set.of("wide", "bo"))).containsExactly(new long[] {165, 166});
    }

    /**
     * The same steps as one Adam over the whole buffer with the frozen tensors' gradients masked to zero (the trainer's
     * way before), with clipping and decay at work: the trained tensors move alike and the frozen ones do not move.
     */
    @ParameterizedTest
    @CsvSource({"wide;bo, 0.01, 0.5", "embedding;wx;wh;b;wo;bo, 0, 0.5", "embedding;b;wide, 0.1, 0", "wx, 0.05, 100"})
    void aStepOverTheTrainedRangesEqualsAMaskedStepOverTheWholeBuffer(String names, double weightDecay, double clipNorm) {
        Set<String> trained = Set.of(names.split(";"));
        double learningRate = 0.01;
        Network net = new Network(SHAPE, DataType.FLOAT);
        Nd4j.getRandom().setSeed(7);
        net.parameters().assign(Nd4j.rand(DataType.FLOAT, net.parameters().shape()).subi(0.5));
        INDArray before = net.parameters().dup();
        INDArray reference = net.parameters().dup();
        INDArray mask = net.mask(trained);
        Adam adam = new Adam(learningRate, 0.9, 0.999, 1e-8);
        GradientUpdater<?> whole = adam.instantiate(Nd4j.zeros(DataType.FLOAT, 1, adam.stateSize(reference.length())), true);
        Optimiser optimiser = new Optimiser(net, trained, learningRate, weightDecay, clipNorm);
        int clipped = 0;
        for (int step = 0; step < 5; step++) {
            INDArray gradient = Nd4j.rand(DataType.FLOAT, reference.shape()).subi(0.5).muli(step + 1);
            // the reference: mask, clip over the whole buffer, Adam over the whole buffer, decay, step
            INDArray g = gradient.mul(mask);
            double norm = g.norm2Number().doubleValue();
            if (clipNorm > 0 && norm > clipNorm) {
                g.muli(clipNorm / norm);
                clipped++;
            }
            whole.applyUpdater(g, step, 1);
            if (weightDecay > 0) {
                reference.subi(reference.mul(mask).muli(learningRate * weightDecay));
            }
            reference.subi(g);

            net.gradient().assign(gradient);
            optimiser.step(1);
        }
        assertThat(net.parameters().sub(reference).amaxNumber().doubleValue()).isLessThan(1e-6);
        INDArray moved = net.parameters().sub(before).mul(mask.rsub(1));
        assertThat(moved.amaxNumber().doubleValue()).as("frozen tensors unchanged").isZero();
        assertThat(net.parameters().sub(before).mul(mask).amaxNumber().doubleValue()).as("trained tensors moved").isGreaterThan(1e-4);
        if (clipNorm == 0.5) {
            assertThat(clipped).as("the case clips").isPositive();
        }
    }

    /** Adam's first step moves each weight by the learning rate against its gradient's sign; decoupled decay on top. */
    @Test
    void theFirstStepIsAdamsSignStepPlusDecay() {
        INDArray params = Nd4j.createFromArray(new float[][] {{1f, -2f, 3f, 4f}});
        INDArray grad = Nd4j.createFromArray(new float[][] {{0.5f, -0.25f, 2f, 7f}});
        Optimiser optimiser = new Optimiser(params, grad, List.of(new long[] {0, 3}), 0.1, 0.5, 0);
        optimiser.step(1);
        // w - lr·wd·w - lr·sign(g), for the first three; the fourth is outside the range
        assertThat(params.toFloatVector()).usingComparatorWithPrecision(1e-5f).containsExactly(1f - 0.05f - 0.1f,
                -2f + 0.1f + 0.1f, 3f - 0.15f - 0.1f, 4f);
    }

    @Test
    void aRangeOutsideTheBufferIsRefused() {
        INDArray params = Nd4j.zeros(DataType.FLOAT, 1, 4);
        assertThatThrownBy(() -> new Optimiser(params, params.dup(), List.of(new long[] {2, 6}), 0.1, 0, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[2, 6)");
    }
}
