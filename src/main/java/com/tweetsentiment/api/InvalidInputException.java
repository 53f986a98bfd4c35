package com.tweetsentiment.api;

/** A request that is well-formed JSON but asks for something the service does not accept. */
class InvalidInputException extends RuntimeException {

    private final String field;

    InvalidInputException(String field, String problem) {
        super(field + " " + problem);
        this.field = field;
    }

    String field() {
        return field;
    }
}
