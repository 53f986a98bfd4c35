package com.tweetsentiment.admin;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.io.StringReader;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "admin: examples", description = "Labelled examples that join the next retraining (bearer token required)")
@SecurityRequirement(name = AdminConfiguration.SECURITY_SCHEME)
@ApiResponse(responseCode = "401", description = "no or wrong bearer token")
@ApiResponse(responseCode = "403", description = "the admin API is off (no token configured)")
class AdminExamplesController {

    private static final String CSV = "text/csv";
    private final ExampleStore store;

    AdminExamplesController(ExampleStore store) {
        this.store = store;
    }

    /** What a successful append did, and what the store holds now. */
    record Stored(int added, long total, Map<String, Long> byLabel) {
    }

    record Summary(long total, Map<String, Long> byLabel) {
    }

    @Operation(summary = "Append labelled examples (a JSON list of {text, label[, entity]}); all or nothing, on disk before 201")
    @ApiResponse(responseCode = "201", description = "stored")
    @ApiResponse(responseCode = "400", description = "invalid rows, each reported with its row number; nothing was stored")
    @PostMapping(path = "/admin/examples", consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Stored> addJson(@RequestBody List<ExampleStore.LabelledText> examples) {
        return store(examples);
    }

    @Operation(summary = "Append labelled examples from a CSV of text,label[,entity] rows (an optional first row text,label is a header)")
    @ApiResponse(responseCode = "201", description = "stored")
    @ApiResponse(responseCode = "400", description = "invalid rows, each reported with its row number; nothing was stored")
    @PostMapping(path = "/admin/examples", consumes = CSV, produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Stored> addCsv(@RequestBody String csv) {
        try {
            return store(ExampleStore.parseCsv(new StringReader(csv)));
        } catch (ExampleStore.InvalidRowsException e) {
            throw Problems.rows(e.problems());
        }
    }

    @Operation(summary = "How many labelled examples are stored, by label")
    @GetMapping(path = "/admin/examples", produces = MediaType.APPLICATION_JSON_VALUE)
    Summary summary() {
        Map<String, Long> byLabel = store.countByLabel();
        return new Summary(byLabel.values().stream().mapToLong(Long::longValue).sum(), byLabel);
    }

    private ResponseEntity<Stored> store(List<ExampleStore.LabelledText> examples) {
        try {
            long total = store.append(examples);
            return ResponseEntity.created(URI.create("/admin/examples")).body(new Stored(examples.size(), total, store.countByLabel()));
        } catch (ExampleStore.InvalidRowsException e) {
            throw Problems.rows(e.problems());
        }
    }
}
