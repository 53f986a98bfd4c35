package com.tweetsentiment.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.tweetsentiment.engine.Prediction;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.Map;

@Schema(description = "The model's answer for one text")
@JsonInclude(JsonInclude.Include.NON_NULL)
record PredictResponse(
        @Schema(description = "the caller's id, if one was sent") String id,
        @Schema(description = "most probable label", example = "Positive") String label,
        @Schema(description = "probability of that label", example = "0.93") double confidence,
        @Schema(description = "probability of every label") Map<String, Double> scores,
        @Schema(description = "version of the model that answered") String modelVersion,
        @Schema(description = "tokens of the text the model knows; 0 means it saw nothing it knows and guessed") int knownTokens,
        @Schema(description = "tokens in the text") int tokens) {

    static PredictResponse of(String id, Prediction p, String version) {
        return new PredictResponse(id, p.label(), p.confidence(), p.scores(), version, p.knownTokens(), p.tokens());
    }
}
