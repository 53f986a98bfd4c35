package com.tweetsentiment.training;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * What {@code train --progress json} writes, one JSON object per line, and what the server reads back to follow a
 * retraining job: one record per kind of event, told apart by the {@code event} property.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "event")
@JsonSubTypes({
        @JsonSubTypes.Type(value = TrainerEvent.Phase.class, name = "phase"),
        @JsonSubTypes.Type(value = TrainerEvent.Batch.class, name = "batch"),
        @JsonSubTypes.Type(value = TrainerEvent.Epoch.class, name = "epoch"),
        @JsonSubTypes.Type(value = TrainerEvent.Done.class, name = "done")})
public sealed interface TrainerEvent {

    /** Lenient on what it reads (a field an older trainer did not write reads as 0 or null), strict on the kind. */
    JsonMapper JSON = JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES).build();

    /** One line of {@code train --progress json}; {@link tools.jackson.core.JacksonException} if it is not an event. */
    static TrainerEvent parse(String line) {
        return JSON.readValue(line, TrainerEvent.class);
    }

    /** The event as one JSON line (without the line break). */
    default String toJson() {
        return JSON.writerFor(TrainerEvent.class).writeValueAsString(this);
    }

    /**
     * A message for the log; {@code name} is set when it starts a phase ({@code wide}, {@code pretrain}, {@code lstm},
     * {@code teacher}, and {@code refit-} of those).
     */
    record Phase(String name, String message) implements TrainerEvent {
    }

    /** Part of an epoch done, at most about once a second. */
    record Batch(int epoch, int epochs, int batch, int batches, double loss, double elapsedSeconds) implements TrainerEvent {
    }

    /** An epoch ended; the validation figures are null where there are no validation rows (a refit). */
    record Epoch(int epoch, int epochs, String phase, double loss, Double validationLoss, Double validationAccuracy, boolean best,
            double elapsedSeconds, double etaSeconds) implements TrainerEvent {
    }

    /** The artifact is published. */
    record Done(String version, String directory, double testAccuracy, Double testRocAuc) implements TrainerEvent {
    }
}
