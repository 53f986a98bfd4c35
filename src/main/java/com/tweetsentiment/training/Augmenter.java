package com.tweetsentiment.training;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Augmented variants of training texts for distillation (Tang et al. 2019, "Distilling Task-Specific Knowledge from
 * BERT into Simple Neural Networks", section 3.2): each word is masked with probability {@link #MASK}, and with
 * probability {@link #NGRAM} only a random n-gram of 1 to 5 words is kept. The teacher labels the variants, so they
 * need no label; they teach the student how the teacher's view changes when words go missing.
 *
 * <p>Both the teacher and the student read text, so a masked word is removed rather than replaced by a marker
 * (a marker would be a word to the teacher and an n-gram to the student's wide path). Seeded: the same rows and seed
 * give the same variants, so a second run finds their embeddings in the cache.
 */
final class Augmenter {

    static final double MASK = 0.1;
    static final double NGRAM = 0.25;
    static final int MAX_NGRAM = 5;
    private static final int TRIES = 5;

    private Augmenter() {
    }

    /** A variant and the index of the text it was made from. */
    record Variant(String text, int source) {
    }

    /**
     * Up to {@code perText} distinct variants of each text, none equal to a text given, in order, each with the index of
     * its text (the first, if two texts gave it).
     */
    static List<Variant> variants(List<String> texts, int perText, long seed) {
        Random rng = new Random(seed);
        Set<String> originals = new java.util.HashSet<>(texts);
        Map<String, Variant> out = new LinkedHashMap<>();
        for (int i = 0; i < texts.size(); i++) {
            String[] words = texts.get(i).trim().split("\\s+");
            if (words.length < 2) {
                continue;
            }
            for (int v = 0; v < perText; v++) {
                for (int attempt = 0; attempt < TRIES; attempt++) {
                    String variant = variant(words, rng);
                    if (!variant.isEmpty() && !originals.contains(variant) && out.putIfAbsent(variant, new Variant(variant, i)) == null) {
                        break;
                    }
                }
            }
        }
        return new ArrayList<>(out.values());
    }

    private static String variant(String[] words, Random rng) {
        List<String> kept = new ArrayList<>(words.length);
        for (String w : words) {
            if (rng.nextDouble() >= MASK) {
                kept.add(w);
            }
        }
        if (kept.size() > 1 && rng.nextDouble() < NGRAM) {
            int n = 1 + rng.nextInt(Math.min(MAX_NGRAM, kept.size() - 1));
            int from = rng.nextInt(kept.size() - n + 1);
            kept = kept.subList(from, from + n);
        }
        return String.join(" ", kept);
    }
}
