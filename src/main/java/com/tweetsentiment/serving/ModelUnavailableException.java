package com.tweetsentiment.serving;

/** No model can answer right now (none loaded, or the queue is full); the client may retry. */
public class ModelUnavailableException extends RuntimeException {

    private final int retryAfterSeconds;

    public ModelUnavailableException(String message) {
        this(message, 5);
    }

    public ModelUnavailableException(String message, int retryAfterSeconds) {
        super(message);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public int retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
