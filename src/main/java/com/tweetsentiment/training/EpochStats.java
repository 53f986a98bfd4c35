package com.tweetsentiment.training;

/**
 * One epoch's figures.
 *
 * @param epoch              counted across phases, from 1
 * @param phase              "wide" (the n-gram path alone) or "lstm" (the recurrent branch on top of it)
 * @param trainLoss          mean training loss (with dropout)
 * @param validationLoss     mean log loss on the validation split
 * @param validationAccuracy accuracy on the validation split
 * @param seconds            time the epoch took
 */
public record EpochStats(int epoch, String phase, double trainLoss, double validationLoss, double validationAccuracy, double seconds) {
}
