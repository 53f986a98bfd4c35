package com.tweetsentiment.api;

import com.tweetsentiment.serving.AccurateTier;
import com.tweetsentiment.serving.PredictionService;
import com.tweetsentiment.serving.ServingProperties;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.util.ArrayList;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "predict", description = "Sentiment of tweets")
@ApiResponse(responseCode = "400", description = "malformed JSON, wrong types, blank or over-long text, too many items")
@ApiResponse(responseCode = "413", description = "body over the size limit")
@ApiResponse(responseCode = "415", description = "content type is not application/json")
@ApiResponse(responseCode = "503", description = "no model loaded, or the queue is full (see Retry-After)")
class PredictController {

    private final PredictionService predictions;
    private final AccurateTier accurate;
    private final ServingProperties properties;

    PredictController(PredictionService predictions, AccurateTier accurate, ServingProperties properties) {
        this.predictions = predictions;
        this.accurate = accurate;
        this.properties = properties;
    }

    @Operation(operationId = "predict", summary = "Predict the sentiment of one text")
    @ApiResponse(responseCode = "200", description = "the label and the score of every label", useReturnTypeSchema = true)
    @PostMapping(path = "/predict", consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    PredictResponse predict(@Valid @RequestBody PredictRequest request) {
        checkLength(request.text(), "text");
        PredictionService.Result r = tier(request.accurate(), request.explained(), "tier").predict(List.of(request.text()));
        return PredictResponse.of(request.id(), r.predictions().get(0), r.modelVersion(), request.minConfidence(),
                r.explanations() == null ? null : r.explanations().get(0));
    }

    @Operation(operationId = "predictBatch", summary = "Predict the sentiment of several texts; results equal single calls, in request order")
    @ApiResponse(responseCode = "200", description = "one result per item, in request order", useReturnTypeSchema = true)
    @PostMapping(path = "/predict/batch", consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    BatchResponse predictBatch(@Valid @RequestBody BatchRequest request) {
        List<PredictRequest> items = request.items();
        if (items.size() > properties.maxBatchItems()) {
            throw new InvalidInputException("items", "holds " + items.size() + " items; at most " + properties.maxBatchItems()
                    + " are allowed per request");
        }
        List<String> texts = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            checkLength(items.get(i).text(), "items[" + i + "].text");
            onlyBesideItems(items.get(i).tier(), i, "tier");
            onlyBesideItems(items.get(i).explain(), i, "explain");
            onlyBesideItems(items.get(i).minConfidence(), i, "minConfidence");
            texts.add(items.get(i).text());
        }
        PredictionService.Result r = tier(request.accurate(), request.explained(), "tier").predict(texts);
        List<PredictResponse> out = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            out.add(PredictResponse.of(items.get(i).id(), r.predictions().get(i), r.modelVersion(), request.minConfidence(),
                    r.explanations() == null ? null : r.explanations().get(i)));
        }
        return new BatchResponse(r.modelVersion(), out);
    }

    private static void onlyBesideItems(Object value, int item, String field) {
        if (value != null) {
            throw new InvalidInputException("items[" + item + "]." + field, "is set on an item; a batch sets " + field
                    + " once, beside items");
        }
    }

    /** The fast engine, or the accurate tier if asked for and running (else 400 naming the field). */
    private Tier tier(boolean wantAccurate, boolean explain, String field) {
        if (!wantAccurate) {
            return texts -> predictions.predict(texts, explain);
        }
        if (explain) {
            throw new InvalidInputException("explain", "is for the fast tier; the accurate tier cannot explain its answers");
        }
        if (!accurate.enabled()) {
            throw new InvalidInputException(field, "asks for the accurate tier, which is off on this server (no sentiment.accurate.model); "
                    + "leave it out or use \"fast\"");
        }
        return accurate::predict;
    }

    private interface Tier {
        PredictionService.Result predict(List<String> texts);
    }

    private void checkLength(String text, String field) {
        if (text.length() > properties.maxTextLength()) {
            throw new InvalidInputException(field, "has " + text.length() + " characters; at most " + properties.maxTextLength()
                    + " are allowed");
        }
    }
}
