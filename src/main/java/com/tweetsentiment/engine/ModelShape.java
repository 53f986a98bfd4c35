package com.tweetsentiment.engine;

/**
 * The architecture: Embedding(V, E) → LSTM(E → H) → pooling → Dense(H → K) (+ wide path) → sigmoid or softmax.
 *
 * @param vocabSize     V
 * @param embeddingSize E
 * @param hiddenSize    H (the LSTM has G = 4H gate columns)
 * @param labels        number of classes; 2 uses one sigmoid output, more use softmax
 * @param pooling       pooling over the valid steps
 * @param wideBuckets   N, rows of the wide path's n-gram weights (0 = no wide path)
 */
public record ModelShape(int vocabSize, int embeddingSize, int hiddenSize, int labels, Pooling pooling, int wideBuckets) {

    public ModelShape {
        if (vocabSize < 2 || embeddingSize < 1 || hiddenSize < 1) {
            throw new IllegalArgumentException("need V >= 2, E >= 1, H >= 1; found V=" + vocabSize + ", E="
                    + embeddingSize + ", H=" + hiddenSize);
        }
        if (labels < 2) {
            throw new IllegalArgumentException("need at least 2 labels, found " + labels);
        }
        if (pooling == null || wideBuckets < 0) {
            throw new IllegalArgumentException("pooling must be set and wideBuckets >= 0, found " + pooling + ", " + wideBuckets);
        }
    }

    /** G = 4H. */
    public int gates() {
        return 4 * hiddenSize;
    }

    /** K: one logit for two labels (sigmoid), one per label otherwise (softmax). */
    public int outputs() {
        return labels == 2 ? 1 : labels;
    }

    public boolean binary() {
        return labels == 2;
    }
}
