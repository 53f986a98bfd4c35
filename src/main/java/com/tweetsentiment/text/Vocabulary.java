package com.tweetsentiment.text;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Token ids: {@code <pad>} = 0, {@code <unk>} = 1, then tokens by falling count (ties by token). */
public final class Vocabulary {

    public static final String PAD = "<pad>";
    public static final String UNK = "<unk>";
    public static final int PAD_ID = 0;
    public static final int UNK_ID = 1;

    private final List<String> tokens;
    private final Map<String, Integer> ids;

    public Vocabulary(List<String> tokens) {
        if (tokens.size() < 2 || !PAD.equals(tokens.get(PAD_ID)) || !UNK.equals(tokens.get(UNK_ID))) {
            throw new IllegalArgumentException("a vocabulary starts with " + PAD + " and " + UNK + ", found "
                    + tokens.subList(0, Math.min(2, tokens.size())));
        }
        this.tokens = List.copyOf(tokens);
        this.ids = new HashMap<>(tokens.size() * 2);
        for (int i = 0; i < tokens.size(); i++) {
            if (ids.put(tokens.get(i), i) != null) {
                throw new IllegalArgumentException("token '" + tokens.get(i) + "' appears twice (id " + i + ")");
            }
        }
    }

    /** Keeps tokens seen at least {@code minCount} times, the most frequent first, at most {@code maxSize} ids in all. */
    public static Vocabulary build(Iterable<List<String>> texts, int minCount, int maxSize) {
        if (minCount < 1 || maxSize < 3) {
            throw new IllegalArgumentException("minCount must be >= 1 and maxSize >= 3, found " + minCount + " and " + maxSize);
        }
        Map<String, Integer> counts = new HashMap<>();
        for (List<String> text : texts) {
            for (String token : text) {
                counts.merge(token, 1, Integer::sum);
            }
        }
        counts.remove(PAD);
        counts.remove(UNK);
        List<Map.Entry<String, Integer>> kept = new ArrayList<>();
        for (Map.Entry<String, Integer> e : counts.entrySet()) {
            if (e.getValue() >= minCount) {
                kept.add(e);
            }
        }
        kept.sort(Map.Entry.<String, Integer>comparingByValue(Comparator.reverseOrder()).thenComparing(Map.Entry.comparingByKey()));
        List<String> tokens = new ArrayList<>(List.of(PAD, UNK));
        for (int i = 0; i < kept.size() && tokens.size() < maxSize; i++) {
            tokens.add(kept.get(i).getKey());
        }
        return new Vocabulary(tokens);
    }

    public int size() {
        return tokens.size();
    }

    public int id(String token) {
        return ids.getOrDefault(token, UNK_ID);
    }

    public String token(int id) {
        return tokens.get(id);
    }

    public List<String> tokens() {
        return Collections.unmodifiableList(tokens);
    }

    /** Ids of the first {@code maxTokens} tokens; never empty (an empty text is one {@code <unk>}). */
    public int[] encode(List<String> text, int maxTokens) {
        int n = Math.min(text.size(), maxTokens);
        if (n == 0) {
            return new int[] {UNK_ID};
        }
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = id(text.get(i));
        }
        return out;
    }
}
