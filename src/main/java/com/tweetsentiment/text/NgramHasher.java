package com.tweetsentiment.text;

import java.util.Arrays;
import java.util.List;

/**
 * The wide path's features: word n-grams (orders 1..wordOrder) and character n-grams of each token
 * (lengths 3..charMax, the token framed as {@code <token>} so prefixes and suffixes are marked, as in fastText),
 * hashed into a fixed number of buckets. The hash is 64-bit FNV-1a over UTF-16 units with a different seed
 * for each kind, so bucket ids are stable across JVMs and releases (an artifact's wide weights depend on them).
 */
public final class NgramHasher {

    public static final int MIN_CHAR_NGRAM = 3;
    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;
    private static final long CHAR_SEED = FNV_OFFSET ^ 0x5bd1e995L;
    private static final char SEPARATOR = '\u0001';

    private final int wordOrder;
    private final int charMax;
    private final int buckets;

    public NgramHasher(int wordOrder, int charMax, int buckets) {
        if (wordOrder < 0 || buckets < 1 || (charMax != 0 && charMax < MIN_CHAR_NGRAM) || (wordOrder == 0 && charMax == 0)) {
            throw new IllegalArgumentException("need buckets >= 1 and word order >= 1 or char n-grams >= " + MIN_CHAR_NGRAM
                    + "; found order " + wordOrder + ", char max " + charMax + ", buckets " + buckets);
        }
        this.wordOrder = wordOrder;
        this.charMax = charMax;
        this.buckets = buckets;
    }

    /** Receives each n-gram of a text: its bucket and the tokens it spans, {@code first..last}. */
    @FunctionalInterface
    public interface Occurrences {
        void accept(int bucket, int first, int last);
    }

    /** Distinct bucket ids of the text's n-grams, sorted; empty for an empty text. */
    public int[] features(List<String> tokens) {
        Collected c = new Collected();
        occurrences(tokens, c);
        return c.distinctSorted();
    }

    /**
     * Every n-gram of the text, in order, with the tokens it came from (a bucket can come more than once: the text
     * repeats an n-gram, or two n-grams share a bucket). {@link #features} is the distinct set of these buckets.
     */
    public void occurrences(List<String> tokens, Occurrences sink) {
        int n = tokens.size();
        for (int start = 0; start < n; start++) {
            long h = FNV_OFFSET;
            for (int len = 1; len <= wordOrder && start + len <= n; len++) {
                if (len > 1) {
                    h = mix(h, SEPARATOR);
                }
                h = mix(h, tokens.get(start + len - 1), 0, tokens.get(start + len - 1).length());
                sink.accept(bucket(h), start, start + len - 1);
            }
            if (charMax > 0) {
                String token = tokens.get(start);
                int framed = token.length() + 2;  // the token as "<token>", without building that string
                for (int from = 0; from < framed; from++) {
                    long c = CHAR_SEED;
                    for (int len = 1; len <= charMax && from + len <= framed; len++) {
                        int at = from + len - 1;
                        c = mix(c, at == 0 ? '<' : at == framed - 1 ? '>' : token.charAt(at - 1));
                        if (len < MIN_CHAR_NGRAM || len == framed) {
                            continue;  // too short, or the whole token, which is a word unigram already
                        }
                        sink.accept(bucket(c), start, start);
                    }
                }
            }
        }
    }

    private static final class Collected implements Occurrences {
        private int[] out = new int[16];
        private int count;

        @Override
        public void accept(int bucket, int first, int last) {
            if (count == out.length) {
                out = Arrays.copyOf(out, out.length * 2);
            }
            out[count++] = bucket;
        }

        int[] distinctSorted() {
            Arrays.sort(out, 0, count);
            int distinct = 0;
            for (int k = 0; k < count; k++) {
                if (distinct == 0 || out[k] != out[distinct - 1]) {
                    out[distinct++] = out[k];
                }
            }
            return Arrays.copyOf(out, distinct);
        }
    }

    private static long mix(long h, char c) {
        return (h ^ c) * FNV_PRIME;
    }

    private static long mix(long h, String s, int from, int to) {
        for (int k = from; k < to; k++) {
            h = mix(h, s.charAt(k));
        }
        return h;
    }

    private int bucket(long h) {
        return (int) Long.remainderUnsigned(h ^ (h >>> 29), buckets);
    }
}
