package com.tweetsentiment.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.tweetsentiment.engine.Explanation;
import com.tweetsentiment.engine.Prediction;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
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
        @Schema(description = "tokens in the text") int tokens,
        @Schema(description = "present when minConfidence was sent: true if the confidence is below it (the label is "
                + "then best left to a person)") Boolean abstained,
        @Schema(description = "present when explain was sent: each token's contribution to the label") ExplanationBody explanation) {

    static PredictResponse of(String id, Prediction p, String version) {
        return of(id, p, version, null, null);
    }

    static PredictResponse of(String id, Prediction p, String version, Double minConfidence, Explanation e) {
        Boolean abstained = minConfidence == null ? null : p.confidence() < minConfidence;
        return new PredictResponse(id, p.label(), p.confidence(), p.scores(), version, p.knownTokens(), p.tokens(), abstained,
                e == null ? null : ExplanationBody.of(e));
    }

    @Schema(description = "Signed contributions to the predicted label's logit (positive: towards the label). The n-gram "
            + "part is exact (its token values add up to ngramLogit); the LSTM part is by occlusion (the change of its "
            + "logit when the token is replaced by <unk>).")
    record ExplanationBody(
            @Schema(description = "the label explained") String label,
            @Schema(description = "that label's logit, lstmLogit + ngramLogit") double logit,
            @Schema(description = "the LSTM path's part of the logit") double lstmLogit,
            @Schema(description = "the n-gram path's part of the logit") double ngramLogit,
            @Schema(description = "|lstmLogit| / (|lstmLogit| + |ngramLogit|)") double lstmShare,
            @Schema(description = "|ngramLogit| / (|lstmLogit| + |ngramLogit|)") double ngramShare,
            @Schema(description = "every token of the text, in order") List<TokenBody> tokens) {

        static ExplanationBody of(Explanation e) {
            return new ExplanationBody(e.label(), e.logit(), e.lstmLogit(), e.ngramLogit(), e.lstmShare(), e.ngramShare(),
                    e.tokens().stream().map(t -> new TokenBody(t.token(), t.start(), t.end(), t.contribution(), t.lstm(), t.ngram())).toList());
        }
    }

    @Schema(description = "One token and what it adds to the label's logit")
    record TokenBody(
            @Schema(description = "the token as the model sees it (lower case; <url>, <user>, <num> for what they replace)",
                    example = "love") String token,
            @Schema(description = "offset of its first character in the text as sent (UTF-16 units)", example = "2") int start,
            @Schema(description = "offset after its last character; equal to start if it could not be placed", example = "6") int end,
            @Schema(description = "lstm + ngram", example = "1.25") double contribution,
            @Schema(description = "the LSTM's logit minus its logit with this token replaced by <unk>") double lstm,
            @Schema(description = "this token's exact share of the n-gram path's logit") double ngram) {
    }
}
