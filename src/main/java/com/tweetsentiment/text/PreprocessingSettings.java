package com.tweetsentiment.text;

/**
 * Everything that decides how a text becomes model input. Recorded in every artifact so that a
 * model always gets the preprocessing it was trained with.
 *
 * @param tokenizer    word or character tokens
 * @param maxTokens    sequences are cut to this many tokens (the LSTM's T)
 * @param ngramOrder   longest word n-gram fed to the wide path (0 = none)
 * @param charNgramMax longest character n-gram (of each token, from 3 characters up) fed to the wide path (0 = none)
 * @param ngramBuckets hash buckets of the wide path (0 = no wide path)
 */
public record PreprocessingSettings(TokenizerKind tokenizer, int maxTokens, int ngramOrder, int charNgramMax, int ngramBuckets) {

    public PreprocessingSettings {
        if (tokenizer == null) {
            throw new IllegalArgumentException("tokenizer must be WORD or CHAR, found null");
        }
        if (maxTokens < 1) {
            throw new IllegalArgumentException("maxTokens must be at least 1, found " + maxTokens);
        }
        if (ngramOrder < 0 || ngramBuckets < 0 || (charNgramMax != 0 && charNgramMax < NgramHasher.MIN_CHAR_NGRAM)) {
            throw new IllegalArgumentException("need ngramOrder >= 0, ngramBuckets >= 0 and charNgramMax 0 or >= "
                    + NgramHasher.MIN_CHAR_NGRAM + "; found " + ngramOrder + ", " + ngramBuckets + ", " + charNgramMax);
        }
        if ((ngramBuckets > 0) != (ngramOrder > 0 || charNgramMax > 0)) {
            throw new IllegalArgumentException("a wide path needs both buckets and n-grams (or neither); found ngramBuckets "
                    + ngramBuckets + ", ngramOrder " + ngramOrder + ", charNgramMax " + charNgramMax);
        }
    }

    public boolean hasWidePath() {
        return ngramBuckets > 0;
    }
}
