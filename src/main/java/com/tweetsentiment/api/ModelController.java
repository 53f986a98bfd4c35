package com.tweetsentiment.api;

import com.tweetsentiment.artifact.Manifest;
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
import tools.jackson.databind.JsonNode;

@RestController
@Tag(name = "model", description = "The model that answers")
class ModelController {

    private final ModelRegistry registry;

    ModelController(ModelRegistry registry) {
        this.registry = registry;
    }

    @Schema(description = "The active model's card")
    record ModelCard(String version, List<String> labels, String created, JsonNode architecture, JsonNode preprocessing,
            JsonNode dataset, JsonNode testMetrics, JsonNode trainingSettings) {
    }

    @Operation(summary = "The active model's card: version, labels, creation time, dataset fingerprint, test metrics, preprocessing")
    @ApiResponse(responseCode = "503", description = "no model loaded")
    @GetMapping(path = "/model", produces = MediaType.APPLICATION_JSON_VALUE)
    ModelCard model() {
        ActiveModel m = registry.require();
        Manifest mf = m.manifest();
        var json = com.tweetsentiment.artifact.ModelArtifacts.json();
        return new ModelCard(m.version(), mf.architecture().labels(), mf.created(), json.valueToTree(mf.architecture()),
                json.valueToTree(mf.preprocessing()), mf.dataset(), mf.evaluation().path("test"), mf.training().path("settings"));
    }
}
