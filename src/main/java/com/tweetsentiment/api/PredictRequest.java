package com.tweetsentiment.api;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** One text to score; {@code id} is the caller's and comes back unchanged. */
@Schema(description = "A text to score")
record PredictRequest(
        @Schema(description = "the tweet", example = "Loving the new update, great job!") @NotBlank(message = "must not be blank") String text,
        @Schema(description = "optional caller's id, echoed back", example = "42") @Size(max = 200) String id,
        @Schema(description = "fast (default: the LSTM engine) or accurate (the teacher, where the server runs it; 50-100 times "
                + "the cost per text)", example = "fast") @Pattern(regexp = "fast|accurate", message = "must be fast or accurate") String tier,
        @Schema(description = "also return each token's contribution to the label (fast tier only; one extra LSTM pass per "
                + "known token)", example = "false") Boolean explain,
        @Schema(description = "abstain below this confidence: the answer keeps its scores and says abstained (0.5-1 is "
                + "useful for two labels)", example = "0.7") @DecimalMin(value = "0", message = "must be between 0 and 1")
        @DecimalMax(value = "1", message = "must be between 0 and 1") Double minConfidence) {

    boolean accurate() {
        return "accurate".equals(tier);
    }

    boolean explained() {
        return Boolean.TRUE.equals(explain);
    }
}
