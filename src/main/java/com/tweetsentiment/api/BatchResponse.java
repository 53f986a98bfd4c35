package com.tweetsentiment.api;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

@Schema(description = "Results in the order of the request's items, all from one model version")
record BatchResponse(String modelVersion, List<PredictResponse> results) {
}
