package com.tweetsentiment.artifact;

/** An artifact that cannot be written or loaded; the message names the file and says what was expected and found. */
public class ArtifactException extends RuntimeException {

    public ArtifactException(String message) {
        super(message);
    }

    public ArtifactException(String message, Throwable cause) {
        super(message, cause);
    }
}
