package com.tweetsentiment.engine;

/** How the hidden states of the valid (unpadded) steps become one vector per sequence. */
public enum Pooling {
    /** Average of h over the valid steps. */
    MEAN,
    /** Element-wise maximum of h over the valid steps. */
    MAX,
    /** h at the last valid step (not at index T-1, which is padding for short texts). */
    LAST
}
