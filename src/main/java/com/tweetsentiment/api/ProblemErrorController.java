package com.tweetsentiment.api;

import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The error page for errors raised outside our controllers' exception handling: a handler that is not a controller
 * method (the console's static files, say: {@code POST /} is a 405 there) or a filter that calls
 * {@code sendError}. Replaces Spring Boot's {@code BasicErrorController}, whose JSON is not a problem document, so
 * every error the service gives stays {@code application/problem+json}. A 4xx keeps the servlet's message (it names
 * the method or path, never internals); a 5xx says nothing of its cause.
 */
@Hidden
@RestController
@RequestMapping("${server.error.path:/error}")
class ProblemErrorController implements ErrorController {

    @RequestMapping
    ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        HttpStatus status = code instanceof Integer i && HttpStatus.resolve(i) != null ? HttpStatus.valueOf(i) : HttpStatus.INTERNAL_SERVER_ERROR;
        Object message = request.getAttribute(RequestDispatcher.ERROR_MESSAGE);
        String detail = status.is4xxClientError() && message instanceof String m && !m.isBlank() ? m
                : status.is4xxClientError() ? status.getReasonPhrase() : "the request could not be completed; the server logged the cause";
        ProblemDetail p = ApiExceptionHandler.problem(status, status.getReasonPhrase(), detail);
        Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        if (uri instanceof String path) {
            try {
                p.setInstance(URI.create(path));
            } catch (IllegalArgumentException notAUri) {
                // leave it out
            }
        }
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(p);
    }
}
