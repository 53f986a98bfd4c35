package com.tweetsentiment.training;

/** The dataset cannot be used; the message says why and where. */
public class DatasetException extends RuntimeException {

    public DatasetException(String message) {
        super(message);
    }

    public DatasetException(String message, Throwable cause) {
        super(message, cause);
    }
}
