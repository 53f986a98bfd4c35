package com.tweetsentiment.api;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** One text to score; {@code id} is the caller's and comes back unchanged. */
@Schema(description = "A text to score")
record PredictRequest(
        @Schema(description = "the tweet", example = "Loving the new update, great job!") @NotBlank(message = "must not be blank") String text,
        @Schema(description = "optional caller's id, echoed back", example = "42") @Size(max = 200) String id,
        @Schema(description = "fast (default: the LSTM engine) or accurate (the teacher, where the server runs it; 50-100 times "
                + "the cost per text)", example = "fast") @Pattern(regexp = "fast|accurate", message = "must be fast or accurate") String tier) {

    boolean accurate() {
        return "accurate".equals(tier);
    }
}
