package com.tweetsentiment.text;

import java.util.List;

/** Text to model input under one {@link PreprocessingSettings}: the single path for training and serving. */
public final class Preprocessor {

    private static final int[] NO_FEATURES = new int[0];

    private final PreprocessingSettings settings;
    private final TweetTokenizer tokenizer;
    private final NgramHasher hasher;

    public Preprocessor(PreprocessingSettings settings) {
        this.settings = settings;
        this.tokenizer = new TweetTokenizer(settings.tokenizer());
        this.hasher = settings.hasWidePath() ? new NgramHasher(settings.ngramOrder(), settings.charNgramMax(), settings.ngramBuckets()) : null;
    }

    public PreprocessingSettings settings() {
        return settings;
    }

    public List<String> tokenize(String text) {
        return tokenizer.tokenize(text);
    }

    /** The model's view of one text: token ids, wide-path features, and how many tokens the vocabulary knows. */
    public Encoded encode(List<String> tokens, Vocabulary vocabulary) {
        int[] ids = vocabulary.encode(tokens, settings.maxTokens());
        int known = 0;
        for (int i = 0; i < Math.min(tokens.size(), settings.maxTokens()); i++) {
            if (ids[i] != Vocabulary.UNK_ID) {
                known++;
            }
        }
        int[] features = hasher == null ? NO_FEATURES : hasher.features(tokens);
        return new Encoded(ids, features, known, tokens.size());
    }

    /** The wide path's buckets of a text (empty without a wide path). */
    public int[] features(String text) {
        return hasher == null ? NO_FEATURES : hasher.features(tokenize(text));
    }

    /** Each wide-path n-gram of the tokens with the tokens it spans (nothing without a wide path). */
    public void ngramOccurrences(List<String> tokens, NgramHasher.Occurrences sink) {
        if (hasher != null) {
            hasher.occurrences(tokens, sink);
        }
    }

    public Encoded encode(String text, Vocabulary vocabulary) {
        return encode(tokenize(text), vocabulary);
    }

    /**
     * @param ids         token ids, length 1..maxTokens
     * @param features    sorted distinct wide-path buckets (empty without a wide path)
     * @param knownTokens tokens (within maxTokens) that the vocabulary knows
     * @param tokens      tokens the text has before truncation
     */
    public record Encoded(int[] ids, int[] features, int knownTokens, int tokens) {
    }
}
