package com.tweetsentiment.training;

/** Progress of a training run, for a progress bar, a log or a job's status. */
public interface TrainingListener {

    default void phase(String message) {
    }

    /** A named phase starts ({@code wide}, {@code pretrain}, {@code lstm}, {@code teacher}, {@code refit-...}). */
    default void phaseStarted(String name, String message) {
        phase(message);
    }

    default void batch(int epoch, int epochs, int done, int total, double meanLoss, double elapsedSeconds) {
    }

    default void epoch(EpochStats stats, int epochs, double elapsedSeconds, double etaSeconds, boolean best) {
    }

    TrainingListener NONE = new TrainingListener() { };
}
