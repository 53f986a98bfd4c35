package com.tweetsentiment.admin;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.io.StringReader;
import java.net.URI;
import java.util.List;
import io.swagger.v3.oas.annotations.Parameter;
import org.springframework.web.bind.annotation.RequestParam;
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
    private static final int MAX_PAGE = 1000;
    private final ExampleStore store;

    AdminExamplesController(ExampleStore store) {
        this.store = store;
    }

    /** What a successful append did, and what the store holds now. */
    record Stored(int added, long total, Map<String, Long> byLabel) {
    }

    /** The counts, and one page of the stored rows in the order they were stored. */
    record Summary(long total, Map<String, Long> byLabel, long offset, List<ExampleStore.StoredExample> examples) {
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

    @Operation(summary = "How many labelled examples are stored, by label, and a page of them in the order they were stored")
    @ApiResponse(responseCode = "400", description = "offset or limit out of range")
    @GetMapping(path = "/admin/examples", produces = MediaType.APPLICATION_JSON_VALUE)
    Summary summary(@Parameter(description = "first row to list (from 0)") @RequestParam(defaultValue = "0") long offset,
            @Parameter(description = "rows to list, 0 to " + MAX_PAGE) @RequestParam(defaultValue = "100") int limit) {
        if (offset < 0 || limit < 0 || limit > MAX_PAGE) {
            throw Problems.invalid("offset must be 0 or more and limit between 0 and " + MAX_PAGE + ", found offset " + offset
                    + " and limit " + limit);
        }
        ExampleStore.Page page = store.page(offset, limit);
        return new Summary(page.total(), page.byLabel(), offset, page.rows());
    }

    private ResponseEntity<Stored> store(List<ExampleStore.LabelledText> examples) {
        try {
            ExampleStore.Page stored = store.append(examples);
            return ResponseEntity.created(URI.create("/admin/examples")).body(new Stored(examples.size(), stored.total(), stored.byLabel()));
        } catch (ExampleStore.InvalidRowsException e) {
            throw Problems.rows(e.problems());
        }
    }
}
