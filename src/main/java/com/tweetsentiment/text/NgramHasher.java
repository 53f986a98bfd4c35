package com.tweetsentiment.text;

import java.util.Arrays;
import java.util.List;

/**
 * Word n-grams (orders 1..order) hashed into a fixed number of buckets: the wide path's features.
 * The hash is 64-bit FNV-1a over the UTF-16 units of the n-gram, so bucket ids are stable across
 * JVMs and releases (an artifact's wide weights depend on them).
 */
public final class NgramHasher {

    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;
    private static final char SEPARATOR = '\u0001';

    private final int order;
    private final int buckets;

    public NgramHasher(int order, int buckets) {
        if (order < 1 || buckets < 1) {
            throw new IllegalArgumentException("order and buckets must be positive, found " + order + " and " + buckets);
        }
        this.order = order;
        this.buckets = buckets;
    }

    /** Distinct bucket ids of the text's n-grams, sorted; empty for an empty text. */
    public int[] features(List<String> tokens) {
        int n = tokens.size();
        int[] out = new int[n * order];
        int count = 0;
        for (int start = 0; start < n; start++) {
            long h = FNV_OFFSET;
            for (int len = 1; len <= order && start + len <= n; len++) {
                if (len > 1) {
                    h = (h ^ SEPARATOR) * FNV_PRIME;
                }
                String token = tokens.get(start + len - 1);
                for (int k = 0; k < token.length(); k++) {
                    h = (h ^ token.charAt(k)) * FNV_PRIME;
                }
                out[count++] = (int) Long.remainderUnsigned(h ^ (h >>> 29), buckets);
            }
        }
        return Arrays.stream(out, 0, count).sorted().distinct().toArray();
    }
}
