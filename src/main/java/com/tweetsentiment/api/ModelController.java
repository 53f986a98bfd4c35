package com.tweetsentiment.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.tweetsentiment.artifact.Architecture;
import com.tweetsentiment.artifact.DatasetSummary;
import com.tweetsentiment.artifact.Manifest;
import com.tweetsentiment.drift.DriftMonitor;
import com.tweetsentiment.drift.HeldOutProfile;
import com.tweetsentiment.text.PreprocessingSettings;
import com.tweetsentiment.training.Evaluation;
import com.tweetsentiment.training.TrainingArtifacts;
import com.tweetsentiment.training.TrainingConfig;
import com.tweetsentiment.serving.ActiveModel;
import com.tweetsentiment.serving.ModelRegistry;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.swagger.v3.oas.annotations.media.Content;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

@RestController
@Tag(name = "model", description = "The model that answers")
class ModelController {

    private final ModelRegistry registry;
    private final DriftMonitor drift;

    ModelController(ModelRegistry registry, DriftMonitor drift) {
        this.registry = registry;
        this.drift = drift;
    }

    @Operation(operationId = "getModelDrift", summary = "Whether live texts still look like the active model's held-out rows: token counts, "
            + "unknown-token rates and predicted labels over the last texts, each with its population stability index, and a verdict "
            + "(ok, watch, drifted; insufficient-data below sentiment.drift.min-texts; no-reference for a model trained without a profile)")
    @ApiResponse(responseCode = "200", description = "the report", useReturnTypeSchema = true)
    @ApiResponse(responseCode = "503", description = "no model loaded")
    @GetMapping(path = "/model/drift", produces = MediaType.APPLICATION_JSON_VALUE)
    DriftMonitor.Report drift() {
        ActiveModel m = registry.require();
        return drift.report(m.version(), m.model());
    }

    @Schema(description = "The active model's card")
    record ModelCard(String version, List<String> labels, String created, Architecture architecture, PreprocessingSettings preprocessing,
            DatasetSummary dataset, Evaluation testMetrics, TrainingConfig trainingSettings,
            @JsonInclude(JsonInclude.Include.NON_NULL) @Schema(description = "what an abstention threshold (minConfidence) would have done on the held-out test rows: the share "
                    + "answered and the accuracy on those, per threshold; absent for a model trained without a held-out profile")
            List<HeldOutProfile.CoveragePoint> abstention) {
    }

    @Operation(operationId = "getModel", summary = "The active model's card: version, labels, creation time, dataset fingerprint, test metrics, preprocessing")
    @ApiResponse(responseCode = "200", description = "the card", useReturnTypeSchema = true)
    @ApiResponse(responseCode = "503", description = "no model loaded")
    @GetMapping(path = "/model", produces = MediaType.APPLICATION_JSON_VALUE)
    ModelCard model() {
        ActiveModel m = registry.require();
        Manifest mf = m.manifest();
        List<HeldOutProfile.CoveragePoint> abstention = drift.reference(m.version(), m.model()).map(HeldOutProfile::coverage).orElse(null);
        return new ModelCard(m.version(), mf.architecture().labels(), mf.created(), mf.architecture(), mf.preprocessing(),
                DatasetSummary.of(mf.dataset()), TrainingArtifacts.testMetrics(mf), TrainingArtifacts.settings(mf), abstention);
    }

    @Operation(operationId = "getModelChart", summary = "A chart the trainer drew for the active model: its training curves or its confusion matrix on the test rows")
    @ApiResponse(responseCode = "200", description = "the PNG", content = @Content(mediaType = MediaType.IMAGE_PNG_VALUE,
            schema = @Schema(type = "string", format = "binary")))
    @ApiResponse(responseCode = "404", description = "the active model's artifact has no such chart")
    @ApiResponse(responseCode = "503", description = "no model loaded")
    @GetMapping(path = "/model/{chart:training-curves|confusion-matrix}.png", produces = MediaType.IMAGE_PNG_VALUE)
    ResponseEntity<Resource> chart(@PathVariable String chart) {
        ActiveModel m = registry.require();
        Path file = registry.store().directory(m.version()).resolve(chart + ".png");
        if (!Files.isRegularFile(file)) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "model " + m.version() + " has no " + chart + " chart");
        }
        // a version's files never change, so a cache may keep them; the URL names no version, hence revalidation by ETag
        return ResponseEntity.ok().cacheControl(CacheControl.noCache()).eTag(m.version() + "-" + chart)
                .contentType(MediaType.IMAGE_PNG).body(new FileSystemResource(file));
    }
}
