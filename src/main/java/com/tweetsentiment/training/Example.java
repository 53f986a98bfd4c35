package com.tweetsentiment.training;

/** One usable row of the dataset: tweet id, entity, label (as configured), text. */
public record Example(String tweetId, String entity, String label, String text) {
}
