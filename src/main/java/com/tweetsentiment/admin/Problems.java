package com.tweetsentiment.admin;

import java.net.URI;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** The admin API's refusals, as Spring's {@link ErrorResponseException}: the one exception handler renders them. */
final class Problems {

    private Problems() {
    }

    static ErrorResponseException of(HttpStatus status, String title, String detail) {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(status, detail);
        p.setTitle(title);
        p.setType(URI.create("about:blank"));
        return new ErrorResponseException(status, p, null);
    }

    static ErrorResponseException invalid(String detail) {
        return of(HttpStatus.BAD_REQUEST, "Invalid request", detail);
    }

    static ErrorResponseException notFound(String detail) {
        return of(HttpStatus.NOT_FOUND, "Not found", detail);
    }

    static ErrorResponseException conflict(String detail) {
        return of(HttpStatus.CONFLICT, "Conflict", detail);
    }

    static ErrorResponseException rows(List<ExampleStore.RowProblem> problems) {
        long rows = problems.stream().mapToInt(ExampleStore.RowProblem::row).distinct().count();
        ErrorResponseException e = invalid(rows + " invalid row(s); nothing was stored: "
                + problems.stream().limit(5).map(p -> "row " + p.row() + " " + p.field() + " " + p.problem()).reduce((a, b) -> a + "; " + b).orElse(""));
        e.getBody().setProperty("errors", problems);
        return e;
    }
}
