package com.tweetsentiment.admin;

import io.swagger.v3.oas.annotations.Hidden;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.io.StringReader;
import java.net.URI;
import java.util.List;
import io.swagger.v3.oas.annotations.Parameter;
import org.springframework.web.bind.annotation.RequestParam;
import java.util.Map;
import org.springframework.http.HttpStatus;
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
@ApiResponse(responseCode = "429", description = "too many wrong tokens from this address: wait as Retry-After says")
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

    @Operation(operationId = "addExamples", summary = "Append labelled examples (a JSON list of {text, label[, entity]}); all or nothing, on disk before 201")
    @ApiResponse(responseCode = "201", description = "stored")
    @ApiResponse(responseCode = "400", description = "invalid rows, each reported with its row number; nothing was stored")
    @ApiResponse(responseCode = "413", description = "more rows than sentiment.admin.uploads.max-example-rows, or a body over sentiment.max-upload-size")
    @PostMapping(path = "/admin/examples", consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Stored> addJson(@RequestBody List<ExampleStore.LabelledText> examples) {
        return store(examples);
    }

    @Operation(operationId = "addExamples", summary = "Append labelled examples from a CSV of text,label[,entity] rows (an optional first row text,label is a header)")
    @ApiResponse(responseCode = "201", description = "stored")
    @ApiResponse(responseCode = "400", description = "invalid rows, each reported with its row number; nothing was stored")
    @ApiResponse(responseCode = "413", description = "more rows than sentiment.admin.uploads.max-example-rows, or a body over sentiment.max-upload-size")
    @PostMapping(path = "/admin/examples", consumes = CSV, produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Stored> addCsv(@RequestBody String csv) {
        try {
            return store(store.parseCsv(new StringReader(csv)));
        } catch (ExampleStore.InvalidRowsException e) {
            throw Problems.rows(e.problems());
        } catch (ExampleStore.TooManyRowsException e) {
            throw Problems.of(HttpStatus.CONTENT_TOO_LARGE, "Too many rows", e.getMessage());
        }
    }

    @Operation(operationId = "listExamples", summary = "How many labelled examples are stored, by label, and a page of them in the order they were stored")
    @ApiResponse(responseCode = "200", description = "the counts and the page (or, with Accept: text/csv, the rows as CSV: see below)",
            content = {@Content(mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = Summary.class)),
                @Content(mediaType = CSV, schema = @Schema(type = "string", description = "id,entity,label,text with a header row; "
                        + "formula cells start with '"))})
    @ApiResponse(responseCode = "400", description = "offset or limit out of range")
    @GetMapping(path = "/admin/examples", produces = MediaType.APPLICATION_JSON_VALUE)
    Summary summary(@Parameter(description = "first row to list (from 0)") @RequestParam(defaultValue = "0") long offset,
            @Parameter(description = "rows to list, 0 to " + MAX_PAGE + " (as CSV: any number, all when not given)") @RequestParam(defaultValue = "100") int limit) {
        if (offset < 0 || limit < 0 || limit > MAX_PAGE) {
            throw Problems.invalid("offset must be 0 or more and limit between 0 and " + MAX_PAGE + ", found offset " + offset
                    + " and limit " + limit);
        }
        ExampleStore.Page page = store.page(offset, limit);
        return new Summary(page.total(), page.byLabel(), offset, page.rows());
    }

    /**
     * The stored examples as CSV (id, entity, label, text), for reading in a spreadsheet: a cell that starts with =, +,
     * -, @, a tab or a carriage return is written with a leading ' so that no spreadsheet runs it as a formula. The same
     * operation as {@link #summary} in the API document (its 200 lists both media types), so hidden there.
     */
    @Hidden
    @GetMapping(path = "/admin/examples", produces = CSV)
    ResponseEntity<String> csv(@Parameter(description = "first row to list (from 0)") @RequestParam(defaultValue = "0") long offset,
            @Parameter(description = "rows to list (all when not given)") @RequestParam(required = false) Integer limit) {
        if (offset < 0 || (limit != null && limit < 0)) {
            throw Problems.invalid("offset and limit must be 0 or more, found offset " + offset + " and limit " + limit);
        }
        ExampleStore.Page page = store.page(offset, limit == null ? Integer.MAX_VALUE : limit);
        return ResponseEntity.ok().contentType(MediaType.parseMediaType(CSV + ";charset=UTF-8"))
                .header("Content-Disposition", "attachment; filename=\"examples.csv\"").body(ExampleStore.toSpreadsheetCsv(page.rows()));
    }

    private ResponseEntity<Stored> store(List<ExampleStore.LabelledText> examples) {
        try {
            ExampleStore.Page stored = store.append(examples);
            return ResponseEntity.created(URI.create("/admin/examples")).body(new Stored(examples.size(), stored.total(), stored.byLabel()));
        } catch (ExampleStore.InvalidRowsException e) {
            throw Problems.rows(e.problems());
        } catch (ExampleStore.TooManyRowsException e) {
            throw Problems.of(HttpStatus.CONTENT_TOO_LARGE, "Too many rows", e.getMessage());
        }
    }
}
