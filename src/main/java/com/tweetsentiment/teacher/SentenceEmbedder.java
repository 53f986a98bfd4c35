package com.tweetsentiment.teacher;

/** A pre-trained text encoder: one fixed-size vector per text. */
public interface SentenceEmbedder extends AutoCloseable {

    /** Short name, e.g. {@code bge-small}. */
    String name();

    /** sha256 of what decides the vectors (the model's and its tokenizer's bytes): the cache's key. */
    String fingerprint();

    /** D: the length of every vector. */
    int dimension();

    /** The text's vector, [D]. */
    float[] embed(String text);

    @Override
    void close();
}
