package com.tweetsentiment.api;

import com.tweetsentiment.artifact.Architecture;
import com.tweetsentiment.artifact.DatasetSummary;
import com.tweetsentiment.artifact.Manifest;
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
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "model", description = "The model that answers")
class ModelController {

    private final ModelRegistry registry;

    ModelController(ModelRegistry registry) {
        this.registry = registry;
    }

    @Schema(description = "The active model's card")
    record ModelCard(String version, List<String> labels, String created, Architecture architecture, PreprocessingSettings preprocessing,
            DatasetSummary dataset, Evaluation testMetrics, TrainingConfig trainingSettings) {
    }

    @Operation(operationId = "getModel", summary = "The active model's card: version, labels, creation time, dataset fingerprint, test metrics, preprocessing")
    @ApiResponse(responseCode = "200", description = "the card", useReturnTypeSchema = true)
    @ApiResponse(responseCode = "503", description = "no model loaded")
    @GetMapping(path = "/model", produces = MediaType.APPLICATION_JSON_VALUE)
    ModelCard model() {
        ActiveModel m = registry.require();
        Manifest mf = m.manifest();
        return new ModelCard(m.version(), mf.architecture().labels(), mf.created(), mf.architecture(), mf.preprocessing(),
                DatasetSummary.of(mf.dataset()), TrainingArtifacts.testMetrics(mf), TrainingArtifacts.settings(mf));
    }
}
