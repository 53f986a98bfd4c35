package com.tweetsentiment.engine;

import org.nd4j.linalg.factory.Nd4j;

/**
 * Sets how many threads one ND4J op may use. OpenMP's default (all cores) makes small ops 10-1000× slower
 * as soon as anything else wants the CPU, so servers use 1 and get parallelism from concurrent batches.
 * {@code Environment.setMaxThreads} has no effect in this release; these two calls do.
 */
public final class Nd4jThreads {

    private Nd4jThreads() {
    }

    public static void set(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, found " + threads);
        }
        Nd4j.getEnvironment().setMaxMasterThreads(threads);
        Nd4j.factory().blas().setMaxThreads(threads);
    }
}
