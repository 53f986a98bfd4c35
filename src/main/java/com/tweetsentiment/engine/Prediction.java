package com.tweetsentiment.engine;

import java.util.Map;

/**
 * One text's answer.
 *
 * @param label       the most probable label
 * @param confidence  its probability
 * @param scores      probability per label, in the model's label order
 * @param knownTokens tokens the vocabulary knows (0: the model saw nothing it knows; the answer is a guess)
 * @param tokens      tokens in the text
 */
public record Prediction(String label, double confidence, Map<String, Double> scores, int knownTokens, int tokens) {
}
