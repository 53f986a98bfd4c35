package com.tweetsentiment.training;

import java.lang.ref.Reference;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Consecutive rows of a dense, row-major 2-D array, copied to or from a Java array in one bulk copy of the array's
 * own memory (float or double), so that a training step's element-wise arithmetic can run as one Java loop instead of
 * a dozen ND4J ops over strided views. The arrays are the training pass's own buffers, made row-major and dense.
 *
 * <p>The NIO view of an ND4J buffer does not keep that buffer alive: once the array is unreachable, the garbage
 * collector lets JavaCPP free its memory, and the view then reads and writes freed memory. So a row block holds its
 * array, and each copy fences it until the copy is done. (Without that, a full training run died of heap corruption,
 * "corrupted double-linked list", in the LSTM phase: a caller had kept only the row block of an array it no longer used.)
 */
final class RowBlocks {

    private final INDArray array;
    private final int columns;
    private final FloatBuffer floats;
    private final DoubleBuffer doubles;
    private float[] staging = new float[0];

    RowBlocks(INDArray array) {
        if (array.rank() != 2 || array.ordering() != 'c' || array.isView() || array.offset() != 0) {
            throw new IllegalArgumentException("row blocks need a dense row-major 2-D array");
        }
        this.array = array;
        this.columns = Math.toIntExact(array.columns());
        if (array.dataType() == DataType.FLOAT) {
            this.floats = array.data().asNioFloat();
            this.doubles = null;
        } else if (array.dataType() == DataType.DOUBLE) {
            this.floats = null;
            this.doubles = array.data().asNioDouble();
        } else {
            throw new IllegalArgumentException("row blocks are float or double, not " + array.dataType());
        }
    }

    /** Copies rows {@code [from, from + count)} into {@code into[0 .. count * columns)}. */
    void read(long from, int count, double[] into) {
        int at = Math.toIntExact(from * columns);
        int length = count * columns;
        try {
            if (doubles != null) {
                doubles.get(at, into, 0, length);
                return;
            }
            float[] s = staging(length);
            floats.get(at, s, 0, length);
            for (int k = 0; k < length; k++) {
                into[k] = s[k];
            }
        } finally {
            Reference.reachabilityFence(array);
        }
    }

    /** Writes {@code from[0 .. count * columns)} over rows {@code [to, to + count)}. */
    void write(double[] from, long to, int count) {
        int at = Math.toIntExact(to * columns);
        int length = count * columns;
        try {
            if (doubles != null) {
                doubles.put(at, from, 0, length);
                return;
            }
            float[] s = staging(length);
            for (int k = 0; k < length; k++) {
                s[k] = (float) from[k];
            }
            floats.put(at, s, 0, length);
        } finally {
            Reference.reachabilityFence(array);
        }
    }

    private float[] staging(int length) {
        if (staging.length < length) {
            staging = new float[length];
        }
        return staging;
    }
}
