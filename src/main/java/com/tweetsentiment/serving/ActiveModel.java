package com.tweetsentiment.serving;

import com.tweetsentiment.artifact.Manifest;
import com.tweetsentiment.engine.SentimentModel;

/** One loaded, verified model with its manifest; immutable, so a request can hold on to it while another is activated. */
public record ActiveModel(String version, Manifest manifest, SentimentModel model) {
}
