package com.tweetsentiment.text;

/** How a normalised text is cut into tokens. */
public enum TokenizerKind {
    /** Words, placeholders, punctuation and emoji (our default). */
    WORD,
    /** One token per Unicode code point (the source article's choice). */
    CHAR
}
