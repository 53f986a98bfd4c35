package com.tweetsentiment.api;

import com.tweetsentiment.serving.ModelUnavailableException;
import java.net.URI;
import java.util.List;
import org.springframework.web.multipart.MultipartException;
import tools.jackson.core.JacksonException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * The one place where exceptions become HTTP answers, all RFC 7807 {@code application/problem+json}.
 * Spring's own cases (405, 415, 404, ...) come from the base class; this adds field-level detail for
 * bad bodies, our own checks, 503 with Retry-After, and a 500 that never shows internals.
 */
@RestControllerAdvice
class ApiExceptionHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

    record FieldProblem(String field, String problem) {
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        List<FieldProblem> problems = ex.getBindingResult().getFieldErrors().stream()
                .map(e -> new FieldProblem(e.getField(), e.getDefaultMessage())).toList();
        ProblemDetail body = problem(HttpStatus.BAD_REQUEST, "Invalid request",
                problems.stream().map(p -> p.field() + " " + p.problem()).reduce((a, b) -> a + "; " + b).orElse("invalid request"));
        body.setProperty("errors", problems);
        return ResponseEntity.badRequest().body(body);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        for (Throwable t = ex; t != null; t = t.getCause()) {
            if (t instanceof BodySizeLimitFilter.BodyTooLargeException big) {
                return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE)
                        .body(problem(HttpStatus.CONTENT_TOO_LARGE, "Request body too large", big.getMessage()));
            }
            if (t instanceof BodySizeLimitFilter.BodyTooSlowException slow) {
                return ResponseEntity.status(HttpStatus.REQUEST_TIMEOUT).header(HttpHeaders.CONNECTION, "close")
                        .body(problem(HttpStatus.REQUEST_TIMEOUT, "Request body too slow", slow.getMessage()));
            }
        }
        Throwable cause = ex.getMostSpecificCause();
        if (cause instanceof JacksonException j) {
            FieldProblem p = BodyProblems.describe(j);
            ProblemDetail body = problem(HttpStatus.BAD_REQUEST, "Malformed request body", BodyProblems.detail(p));
            if (!p.field().isEmpty()) {
                body.setProperty("errors", List.of(p));
            }
            return ResponseEntity.badRequest().body(body);
        }
        return ResponseEntity.badRequest().body(problem(HttpStatus.BAD_REQUEST, "Malformed request body", "the body is missing or not valid JSON"));
    }

    /**
     * Parameters Tomcat cannot decode (a query string or a form-encoded body with bytes that are not valid in its
     * charset), met when an endpoint reads a request parameter.
     */
    @ExceptionHandler(org.apache.tomcat.util.http.InvalidParameterException.class)
    ResponseEntity<ProblemDetail> undecodableParameters(org.apache.tomcat.util.http.InvalidParameterException e) {
        return ResponseEntity.badRequest().body(problem(HttpStatus.BAD_REQUEST, "Malformed parameters",
                "the request's parameters (query string or form body) cannot be decoded"));
    }

    /** A multipart request that cannot be read (no boundary, cut short), or multipart where the endpoint takes JSON. */
    @ExceptionHandler(MultipartException.class)
    ResponseEntity<ProblemDetail> multipart(MultipartException e) {
        return ResponseEntity.badRequest().body(problem(HttpStatus.BAD_REQUEST, "Malformed multipart body",
                "the body cannot be read as multipart/form-data (is its boundary missing, or was JSON meant?)"));
    }

    @ExceptionHandler(InvalidInputException.class)
    ResponseEntity<ProblemDetail> invalid(InvalidInputException e) {
        ProblemDetail body = problem(HttpStatus.BAD_REQUEST, "Invalid request", e.getMessage());
        body.setProperty("errors", List.of(new FieldProblem(e.field(), e.getMessage().substring(e.field().length() + 1))));
        return ResponseEntity.badRequest().body(body);
    }

    @ExceptionHandler(ModelUnavailableException.class)
    ResponseEntity<ProblemDetail> unavailable(ModelUnavailableException e) {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, String.valueOf(e.retryAfterSeconds()))
                .body(problem(HttpStatus.SERVICE_UNAVAILABLE, "Service unavailable", e.getMessage()));
    }

    @ExceptionHandler(RuntimeException.class)
    ResponseEntity<ProblemDetail> unexpected(RuntimeException e) {
        if (storageFull(e)) {
            log.error("the disk is full: {}", e.getMessage());
            return ResponseEntity.status(HttpStatus.INSUFFICIENT_STORAGE).body(problem(HttpStatus.INSUFFICIENT_STORAGE, "Insufficient storage",
                    "the server's disk is full; nothing of this request was stored. Retry once space has been freed"));
        }
        log.error("unexpected error", e);
        return ResponseEntity.internalServerError().body(problem(HttpStatus.INTERNAL_SERVER_ERROR, "Internal error",
                "the server failed to answer; the error is logged"));
    }

    /** Java names no exception for a full disk; the operating system's words (ENOSPC, EDQUOT) are all there is. */
    static boolean storageFull(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = t.getMessage();
            if (t instanceof java.io.IOException && m != null && (m.contains("No space left on device") || m.contains("Disk quota exceeded"))) {
                return true;
            }
        }
        return false;
    }

    static ProblemDetail problem(HttpStatus status, String title, String detail) {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(status, detail);
        p.setTitle(title);
        p.setType(URI.create("about:blank"));
        return p;
    }
}
