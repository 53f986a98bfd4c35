package com.tweetsentiment.training;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.Adam;

/**
 * AdamW with global-norm clipping for some of a network's tensors (a training phase's trainable ones). Its state and
 * each step's arithmetic cover only those tensors' places in the flat parameter and gradient buffers: a step over
 * the whole buffer with the other tensors masked out gives the same update, but passes over the frozen tensors about
 * ten times per batch (the mask, the norm, Adam's moments, the decay), and the frozen part is the larger one in both
 * phases (the embedding table while the wide path trains, the 2^20 wide buckets while the LSTM trains).
 */
final class Optimiser {

    private record Slice(INDArray params, INDArray grad, GradientUpdater<?> updater) {
    }

    private final List<Slice> slices = new ArrayList<>();
    private final double learningRate;
    private final double weightDecay;
    private final double clipNorm;
    private int iteration;

    /**
     * @param weightDecay decoupled: each step takes {@code learningRate × weightDecay × w} off every trained weight
     * @param clipNorm    the trained tensors' gradient is scaled down to this global L2 norm when above it; 0: never
     */
    Optimiser(Network net, Set<String> tensors, double learningRate, double weightDecay, double clipNorm) {
        this(net.parameters(), net.gradient(), net.ranges(tensors), learningRate, weightDecay, clipNorm);
    }

    /** Over the given [from, to) ranges of flat [1, P] parameter and gradient buffers. */
    Optimiser(INDArray params, INDArray grad, List<long[]> ranges, double learningRate, double weightDecay, double clipNorm) {
        this.learningRate = learningRate;
        this.weightDecay = weightDecay;
        this.clipNorm = clipNorm;
        if (params.length() != grad.length()) {
            throw new IllegalArgumentException("parameters of " + params.length() + " values, gradient of " + grad.length());
        }
        Adam adam = new Adam(learningRate, 0.9, 0.999, 1e-8);
        for (long[] r : ranges) {
            if (r[0] < 0 || r[0] >= r[1] || r[1] > params.length()) {
                throw new IllegalArgumentException("range [" + r[0] + ", " + r[1] + ") of a buffer of " + params.length() + " values");
            }
            long length = r[1] - r[0];
            INDArray state = Nd4j.zeros(params.dataType(), 1, adam.stateSize(length));
            slices.add(new Slice(range(params, r), range(grad, r), adam.instantiate(state, true)));
        }
    }

    /** A [1, to - from] view of a flat [1, P] buffer. */
    private static INDArray range(INDArray flat, long[] r) {
        return flat.get(NDArrayIndex.interval(0, 1), NDArrayIndex.interval(r[0], r[1]));
    }

    /** One step from the gradient now in the buffer (its trained part; the rest is ignored and left as it is). */
    void step(int epoch) {
        double scale = 1;
        if (clipNorm > 0) {
            double squares = 0;
            for (Slice s : slices) {
                double n = s.grad().norm2Number().doubleValue();
                squares += n * n;
            }
            double norm = Math.sqrt(squares);
            if (norm > clipNorm) {
                scale = clipNorm / norm;
            }
        }
        for (Slice s : slices) {
            if (scale != 1) {
                s.grad().muli(scale);
            }
            s.updater().applyUpdater(s.grad(), iteration, epoch);
            if (weightDecay > 0) {
                s.params().subi(s.params().mul(learningRate * weightDecay));
            }
            s.params().subi(s.grad());
        }
        iteration++;
    }
}
