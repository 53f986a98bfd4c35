package com.tweetsentiment.api;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.util.List;

@Schema(description = "Texts to score in one call; results come back in the same order")
record BatchRequest(@NotEmpty(message = "must hold at least one item") List<@Valid @NotNull(message = "must be an object with a text") PredictRequest> items,
        @Schema(description = "fast (default) or accurate, for every item", example = "fast")
        @Pattern(regexp = "fast|accurate", message = "must be fast or accurate") String tier,
        @Schema(description = "explain every item (see the single request)", example = "false") Boolean explain,
        @Schema(description = "abstain below this confidence, for every item", example = "0.7")
        @DecimalMin(value = "0", message = "must be between 0 and 1") @DecimalMax(value = "1", message = "must be between 0 and 1")
        Double minConfidence) {

    boolean accurate() {
        return "accurate".equals(tier);
    }

    boolean explained() {
        return Boolean.TRUE.equals(explain);
    }
}
