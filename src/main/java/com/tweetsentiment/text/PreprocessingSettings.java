package com.tweetsentiment.text;

/**
 * Everything that decides how a text becomes model input. Recorded in every artifact so that a
 * model always gets the preprocessing it was trained with.
 *
 * @param tokenizer   word or character tokens
 * @param maxTokens   sequences are cut to this many tokens (the LSTM's T)
 * @param ngramOrder  longest word n-gram fed to the wide path (0 = no wide path)
 * @param ngramBuckets number of hash buckets of the wide path (0 = no wide path)
 */
public record PreprocessingSettings(TokenizerKind tokenizer, int maxTokens, int ngramOrder, int ngramBuckets) {

    public PreprocessingSettings {
        if (tokenizer == null) {
            throw new IllegalArgumentException("tokenizer must be WORD or CHAR, found null");
        }
        if (maxTokens < 1) {
            throw new IllegalArgumentException("maxTokens must be at least 1, found " + maxTokens);
        }
        if (ngramOrder < 0 || ngramBuckets < 0 || (ngramOrder == 0) != (ngramBuckets == 0)) {
            throw new IllegalArgumentException("ngramOrder and ngramBuckets must both be 0 (no wide path) or both"
                    + " positive, found " + ngramOrder + " and " + ngramBuckets);
        }
    }

    public boolean hasWidePath() {
        return ngramBuckets > 0;
    }
}
