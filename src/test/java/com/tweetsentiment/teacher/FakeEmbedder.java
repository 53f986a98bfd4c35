package com.tweetsentiment.teacher;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A stand-in encoder for tests: each word adds a fixed pseudo-random direction (from its hash), so texts that share words
 * are close. Records every text it is asked to embed, in order.
 */
public final class FakeEmbedder implements SentenceEmbedder {

    public static final int DIMENSION = 16;

    private final String fingerprint;
    private final List<String> embedded = Collections.synchronizedList(new ArrayList<>());

    public FakeEmbedder(char fingerprintDigit) {
        this.fingerprint = String.valueOf(fingerprintDigit).repeat(64);
    }

    @Override
    public String name() {
        return "fake";
    }

    @Override
    public String fingerprint() {
        return fingerprint;
    }

    @Override
    public int dimension() {
        return DIMENSION;
    }

    @Override
    public float[] embed(String text) {
        embedded.add(text);
        float[] v = new float[DIMENSION];
        for (String word : text.toLowerCase(java.util.Locale.ROOT).split("\\s+")) {
            java.util.Random r = new java.util.Random(java.util.Arrays.hashCode(word.getBytes(StandardCharsets.UTF_8)));
            for (int d = 0; d < DIMENSION; d++) {
                v[d] += (float) r.nextGaussian();
            }
        }
        return v;
    }

    /** Every text embedded so far, in order. */
    public List<String> embedded() {
        return List.copyOf(embedded);
    }

    @Override
    public void close() {
    }
}
