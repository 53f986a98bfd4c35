package com.tweetsentiment.admin;

import com.tweetsentiment.artifact.ArtifactException;
import com.tweetsentiment.artifact.DatasetSummary;
import com.tweetsentiment.training.Evaluation;
import com.tweetsentiment.training.TrainingArtifacts;
import com.tweetsentiment.artifact.Manifest;
import com.tweetsentiment.artifact.ModelArtifacts;
import com.tweetsentiment.artifact.ModelStore;
import com.tweetsentiment.serving.ActiveModel;
import com.tweetsentiment.serving.ModelRegistry;
import com.tweetsentiment.serving.ShadowService;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.ArrayList;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "admin: models", description = "Model versions: list, activate (rollback or roll forward), delete (bearer token required)")
@SecurityRequirement(name = AdminConfiguration.SECURITY_SCHEME)
@ApiResponse(responseCode = "401", description = "no or wrong bearer token")
@ApiResponse(responseCode = "403", description = "the admin API is off (no token configured)")
@ApiResponse(responseCode = "429", description = "too many wrong tokens from this address: wait as Retry-After says")
class AdminModelsController {

    private final ModelRegistry registry;
    private final ReplicaDirectory replicas;
    private final ShadowService shadow;

    AdminModelsController(ModelRegistry registry, ReplicaDirectory replicas, ShadowService shadow) {
        this.registry = registry;
        this.replicas = replicas;
        this.shadow = shadow;
    }

    @Operation(operationId = "listReplicas", summary = "Which replica serves which version: every replica's last report (stale if it stopped reporting)")
    @ApiResponse(responseCode = "200", description = "the replicas", useReturnTypeSchema = true)
    @GetMapping(path = "/admin/replicas", produces = MediaType.APPLICATION_JSON_VALUE)
    List<ReplicaDirectory.Report> replicas() {
        return replicas.list();
    }

    /** One version on disk; {@code error} says why a version cannot be read (it then cannot be activated). */
    record ModelVersion(String version, boolean active, String created, List<String> labels, Evaluation testMetrics,
            DatasetSummary dataset, String error) {
    }

    /**
     * @param active  the version named in the store's {@code ACTIVE}
     * @param serving what the replica that answered serves (differs from {@code active} for up to a poll interval, or
     *                while the active version cannot be loaded: see {@code /actuator/health})
     * @param replica the replica that answered ({@code <pid>@<host>})
     * @param shadow  the version shadowed on that replica (null if none)
     */
    record ModelList(String active, String serving, String replica, String shadow, List<ModelVersion> models) {
    }

    @Operation(operationId = "listModels", summary = "Every model version with its test metrics, and which one is active")
    @ApiResponse(responseCode = "200", description = "the versions", useReturnTypeSchema = true)
    @GetMapping(path = "/admin/models", produces = MediaType.APPLICATION_JSON_VALUE)
    ModelList list() {
        String active = registry.store().activeVersion();
        List<ModelVersion> out = new ArrayList<>();
        for (String v : registry.store().versions()) {
            out.add(describe(v, active));
        }
        return new ModelList(active, registry.current().map(ActiveModel::version).orElse(null), ModelStore.owner(),
                shadow.shadowed().orElse(null), out);
    }

    @Operation(operationId = "activateModel", summary = "Make a version active, atomically; recorded on disk, so it survives a restart")
    @ApiResponse(responseCode = "200", description = "the version, now active", useReturnTypeSchema = true)
    @ApiResponse(responseCode = "400", description = "invalid version name")
    @ApiResponse(responseCode = "404", description = "no such version")
    @ApiResponse(responseCode = "409", description = "a shadow evaluation is required (sentiment.shadow.require-*) and this version has not met it; force=true skips it")
    @ApiResponse(responseCode = "422", description = "the artifact is broken; the active model keeps serving")
    @PostMapping(path = "/admin/models/{version}/activate", produces = MediaType.APPLICATION_JSON_VALUE)
    ModelVersion activate(@PathVariable String version,
            @Parameter(description = "activate even if a required shadow evaluation has not been met")
            @RequestParam(name = "force", defaultValue = "false") boolean force) {
        exists(version);
        if (!force && !version.equals(registry.store().activeVersion())) {
            shadow.unmet(version).ifPresent(reason -> {
                throw Problems.conflict(reason);
            });
        }
        try {
            registry.activate(version);
        } catch (ArtifactException e) {
            throw Problems.of(HttpStatus.UNPROCESSABLE_CONTENT, "Broken artifact", e.getMessage() + "; the active model keeps serving");
        }
        return describe(version, version);
    }

    @Operation(operationId = "startShadow", summary = "Shadow a version: it scores a sample (sentiment.shadow.sample-rate) of live requests "
            + "off the request path beside the active model, on this replica; replaces any other shadow")
    @ApiResponse(responseCode = "200", description = "the shadow, just started", useReturnTypeSchema = true)
    @ApiResponse(responseCode = "400", description = "invalid version name or sample rate")
    @ApiResponse(responseCode = "404", description = "no such version")
    @ApiResponse(responseCode = "409", description = "the version is the active one")
    @ApiResponse(responseCode = "422", description = "the artifact is broken")
    @PostMapping(path = "/admin/models/{version}/shadow", produces = MediaType.APPLICATION_JSON_VALUE)
    ShadowService.Report startShadow(@PathVariable String version,
            @Parameter(description = "share of live texts it scores, 0 to 1 (default: sentiment.shadow.sample-rate)")
            @RequestParam(name = "sampleRate", required = false) Double sampleRate) {
        exists(version);
        if (registry.current().map(ActiveModel::version).filter(version::equals).isPresent()) {
            throw Problems.conflict(version + " is the active model; shadow a candidate beside it");
        }
        try {
            return shadow.start(version, sampleRate);
        } catch (ArtifactException e) {
            throw Problems.of(HttpStatus.UNPROCESSABLE_CONTENT, "Broken artifact", e.getMessage());
        } catch (IllegalArgumentException e) {   // the sample rate
            throw Problems.invalid(e.getMessage());
        }
    }

    @Operation(operationId = "getShadow", summary = "A shadowed version's report: texts scored, agreement with the active model, both "
            + "label mixes on the same texts, its latency, samples dropped while the service was busy, its drift statistics")
    @ApiResponse(responseCode = "200", description = "the report", useReturnTypeSchema = true)
    @ApiResponse(responseCode = "404", description = "the version is not being shadowed on this replica")
    @GetMapping(path = "/admin/models/{version}/shadow", produces = MediaType.APPLICATION_JSON_VALUE)
    ShadowService.Report getShadow(@PathVariable String version) {
        validName(version);
        return shadow.report(version).orElseThrow(() -> notShadowed(version));
    }

    @Operation(operationId = "stopShadow", summary = "Stop shadowing a version; answers its last report")
    @ApiResponse(responseCode = "200", description = "the last report", useReturnTypeSchema = true)
    @ApiResponse(responseCode = "404", description = "the version is not being shadowed on this replica")
    @DeleteMapping(path = "/admin/models/{version}/shadow", produces = MediaType.APPLICATION_JSON_VALUE)
    ShadowService.Report stopShadow(@PathVariable String version) {
        validName(version);
        return shadow.stop(version).orElseThrow(() -> notShadowed(version));
    }

    @Operation(operationId = "deleteModel", summary = "Delete a version that is not active")
    @ApiResponse(responseCode = "204", description = "deleted")
    @ApiResponse(responseCode = "400", description = "invalid version name")
    @ApiResponse(responseCode = "404", description = "no such version")
    @ApiResponse(responseCode = "409", description = "the version is active")
    @DeleteMapping(path = "/admin/models/{version}")
    ResponseEntity<Void> delete(@PathVariable String version) {
        exists(version);
        try {
            registry.delete(version);  // refuses the active version (the one named in ACTIVE, which the registry serves)
        } catch (ArtifactException e) {
            throw Problems.conflict(e.getMessage());
        }
        return ResponseEntity.noContent().build();
    }

    private static RuntimeException notShadowed(String version) {
        return Problems.notFound(version + " is not being shadowed on this replica");
    }

    private static void validName(String version) {
        try {
            ModelArtifacts.checkVersionName(version);
        } catch (ArtifactException e) {
            throw Problems.invalid(e.getMessage());
        }
    }

    private void exists(String version) {
        validName(version);
        if (!registry.store().exists(version)) {
            throw Problems.notFound("no model version " + version);
        }
    }

    private ModelVersion describe(String version, String active) {
        try {
            Manifest m = registry.store().describe(version);
            return new ModelVersion(version, version.equals(active), m.created(), m.architecture().labels(),
                    TrainingArtifacts.testMetrics(m), DatasetSummary.of(m.dataset()), null);
        } catch (ArtifactException | tools.jackson.core.JacksonException e) {
            return new ModelVersion(version, version.equals(active), null, null, null, null, e.getMessage());
        }
    }
}
