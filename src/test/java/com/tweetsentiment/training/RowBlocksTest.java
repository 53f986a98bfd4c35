package com.tweetsentiment.training;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.ref.WeakReference;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class RowBlocksTest {

    /** Made here, so that the test itself holds nothing but the row block and a weak reference. */
    private static RowBlocks blocksOfAnArrayNobodyElseHolds(WeakReference<?>[] watch) {
        INDArray a = Nd4j.zeros(DataType.FLOAT, 64, 32);
        watch[0] = new WeakReference<>(a);
        return new RowBlocks(a);
    }

    @Test
    void aRowBlockKeepsItsArraysMemoryAliveWhileItIsInUse() throws Exception {
        WeakReference<?>[] watch = new WeakReference<?>[1];
        RowBlocks rows = blocksOfAnArrayNobodyElseHolds(watch);
        for (int i = 0; i < 5 && watch[0].get() != null; i++) {
            System.gc();
            Thread.sleep(20);
        }
        // without the row block's own reference the array, and with it the memory its NIO view points at, can go
        assertThat(watch[0].get()).as("the array behind the row block").isNotNull();
        double[] in = new double[3 * 32];
        for (int k = 0; k < in.length; k++) {
            in[k] = k * 0.5;
        }
        rows.write(in, 10, 3);
        double[] out = new double[3 * 32];
        rows.read(10, 3, out);
        assertThat(out).containsExactly(in);
    }
}
