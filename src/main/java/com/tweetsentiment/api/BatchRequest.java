package com.tweetsentiment.api;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.util.List;

@Schema(description = "Texts to score in one call; results come back in the same order")
record BatchRequest(@NotEmpty(message = "must hold at least one item") List<@Valid @NotNull(message = "must be an object with a text") PredictRequest> items,
        @Schema(description = "fast (default) or accurate, for every item", example = "fast")
        @Pattern(regexp = "fast|accurate", message = "must be fast or accurate") String tier) {

    boolean accurate() {
        return "accurate".equals(tier);
    }
}
