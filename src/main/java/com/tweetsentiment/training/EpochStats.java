package com.tweetsentiment.training;

/** One epoch's figures: mean training loss (with dropout), validation loss and accuracy, seconds taken. */
public record EpochStats(int epoch, double trainLoss, double validationLoss, double validationAccuracy, double seconds) {
}
