package com.tweetsentiment.admin;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.tweetsentiment.training.Dataset;
import com.tweetsentiment.training.DatasetException;
import com.tweetsentiment.training.DatasetLoader;
import com.tweetsentiment.training.TrainingConfig;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.http.converter.HttpMessageNotReadableException;
import tools.jackson.databind.json.JsonMapper;

@RestController
@Tag(name = "admin: retraining", description = "Retraining jobs (bearer token required)")
@SecurityRequirement(name = AdminConfiguration.SECURITY_SCHEME)
@ApiResponse(responseCode = "401", description = "no or wrong bearer token")
@ApiResponse(responseCode = "403", description = "the admin API is off (no token configured)")
@ApiResponse(responseCode = "429", description = "too many wrong tokens from this address: wait as Retry-After says")
class AdminJobsController {

    private static final Duration MAX_WAIT = Duration.ofMinutes(10);
    private final JobService jobs;
    private final int maxDatasetRows;
    private final JsonMapper json;

    AdminJobsController(JobService jobs, AdminProperties properties, JsonMapper json) {
        this.json = json;
        this.maxDatasetRows = properties.uploads().maxDatasetRows();
        this.jobs = jobs;
    }

    /** A job with the tail of its log. */
    record JobView(@JsonUnwrapped Job job, List<String> log) {
    }

    @Operation(operationId = "retrain", summary = "Start a retraining job on the base dataset plus the labelled examples collected so far")
    @ApiResponse(responseCode = "202", description = "job queued; Location names it")
    @ApiResponse(responseCode = "400", description = "unknown setting, bad value, or no data to train on")
    @ApiResponse(responseCode = "409", description = "a job is already queued or running (the message names it)")
    @PostMapping(path = "/admin/retrain", consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<JobView> retrain(@RequestBody(required = false) RetrainRequest request) {
        RetrainRequest options = request == null ? RetrainRequest.DEFAULTS : request;
        validate(options);
        jobs.missingData().ifPresent(why -> {
            throw Problems.invalid(why);
        });
        return accepted(jobs.submit(spec(options, null)));
    }

    @Operation(operationId = "retrain", summary = "Start a retraining job on an uploaded CSV of the dataset's schema plus the labelled examples")
    @ApiResponse(responseCode = "202", description = "job queued; Location names it")
    @ApiResponse(responseCode = "400", description = "bad options, or the CSV has no usable rows")
    @ApiResponse(responseCode = "409", description = "a job is already queued or running")
    @ApiResponse(responseCode = "413", description = "upload over sentiment.max-upload-size, or more rows than sentiment.admin.uploads.max-dataset-rows")
    @PostMapping(path = "/admin/retrain", consumes = MediaType.MULTIPART_FORM_DATA_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<JobView> retrainUpload(
            @Parameter(description = "CSV without header: tweet id, entity, sentiment, text") @RequestPart("data") MultipartFile data,
            @Parameter(description = "options: a RetrainRequest as JSON text (the same as the JSON body), whatever Content-Type the part "
                    + "declares (described as text: generated clients write an object part with its toString(), "
                    + "openapi-generator issue 11289)", schema = @Schema(type = "string", example = "{\"epochs\": 3, \"force\": false}"))
            @RequestPart(name = "options", required = false) String request)
            throws IOException {
        // read as text and parsed here: clients (generated ones among them) often send a part as text/plain
        RetrainRequest options = request == null || request.isBlank() ? RetrainRequest.DEFAULTS : readOptions(request);
        TrainingConfig config = validate(options);
        Path upload = jobs.newUploadFile();
        try {
            data.transferTo(upload);
            Dataset d = DatasetLoader.load(upload, config.labels());
            if (d.rowsRead() > maxDatasetRows) {
                throw Problems.of(HttpStatus.CONTENT_TOO_LARGE, "Too many rows", "the uploaded CSV has " + d.rowsRead()
                        + " rows; at most " + maxDatasetRows + " are accepted (sentiment.admin.uploads.max-dataset-rows)");
            }
            if (d.examples().size() < 10) {
                throw Problems.invalid("the uploaded CSV has " + d.examples().size() + " usable rows for labels " + config.labels()
                        + "; at least 10 are needed (" + DatasetLoader.summary(d) + ")");
            }
            return accepted(jobs.submit(spec(options, upload)));
        } catch (DatasetException e) {
            throw Problems.invalid("the uploaded CSV cannot be used: " + e.getMessage());
        } finally {
            Files.deleteIfExists(upload);
        }
    }

    @Operation(operationId = "listJobs", summary = "All jobs, oldest first")
    @ApiResponse(responseCode = "200", description = "the jobs", useReturnTypeSchema = true)
    @GetMapping(path = "/admin/jobs", produces = MediaType.APPLICATION_JSON_VALUE)
    List<Job> list() {
        return jobs.list();
    }

    @Operation(operationId = "getJob", summary = "One job: state, epoch, loss, validation accuracy, percent done, ETA, gate, resulting version, log tail")
    @ApiResponse(responseCode = "200", description = "the job", useReturnTypeSchema = true)
    @ApiResponse(responseCode = "404", description = "no such job")
    @GetMapping(path = "/admin/jobs/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    JobView get(@PathVariable long id,
            @Parameter(description = "wait up to this long (e.g. 30s, at most 10m) for the job to end before answering")
            @RequestParam(name = "wait", required = false) String waitText) throws InterruptedException {
        Duration wait = null;
        if (waitText != null) {
            try {
                wait = DurationStyle.detectAndParse(waitText);
            } catch (IllegalArgumentException e) {
                throw Problems.invalid("wait must be a duration such as 30s or 2m, found '" + waitText + "'");
            }
            if (wait.isNegative() || wait.compareTo(MAX_WAIT) > 0) {
                throw Problems.invalid("wait must be between 0s and " + MAX_WAIT.toMinutes() + "m, found " + waitText);
            }
        }
        Job job = (wait == null ? jobs.get(id) : jobs.await(id, wait)).orElseThrow(() -> Problems.notFound("no job " + id));
        return new JobView(job, jobs.logTail(id));
    }

    @Operation(operationId = "cancelJob", summary = "Cancel a queued or running job: its process ends, its files and any partial artifact are removed")
    @ApiResponse(responseCode = "200", description = "the job as it ended", useReturnTypeSchema = true)
    @ApiResponse(responseCode = "404", description = "no such job")
    @ApiResponse(responseCode = "409", description = "the job has already ended")
    @DeleteMapping(path = "/admin/jobs/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    JobView cancel(@PathVariable long id) throws InterruptedException {
        Job job = jobs.cancel(id);
        if (job == null) {
            throw Problems.notFound("no job " + id);
        }
        return new JobView(job, jobs.logTail(id));
    }

    private static TrainingConfig validate(RetrainRequest options) {
        try {
            return options.config();
        } catch (IllegalArgumentException e) {
            throw Problems.invalid(e.getMessage());
        }
    }

    private RetrainRequest readOptions(String options) {
        try {
            return json.readValue(options, RetrainRequest.class);
        } catch (tools.jackson.core.JacksonException e) {
            throw new HttpMessageNotReadableException("the options part is not a valid request", e, null);
        }
    }

    private static JobService.Spec spec(RetrainRequest options, Path upload) {
        return new JobService.Spec(options.presetName(), options.settings(), options.forced(), upload);
    }

    private ResponseEntity<JobView> accepted(Job job) {
        return ResponseEntity.accepted().location(URI.create("/admin/jobs/" + job.id())).body(new JobView(job, List.of()));
    }
}
