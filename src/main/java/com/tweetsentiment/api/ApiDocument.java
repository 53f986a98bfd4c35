package com.tweetsentiment.api;

import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.servers.Server;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import java.util.List;
import java.util.Map;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The head of {@code /v3/api-docs}, and the one schema of every error. The server is given as {@code /} (the service
 * that serves the document) rather than the address a request came in on, so that the document is the same for every
 * replica and every client, and can be kept in the repository ({@code docs/openapi.json}) and generated from.
 */
@Configuration(proxyBeanMethods = false)
@OpenAPIDefinition(info = @Info(title = "Tweet sentiment", version = "1",
        description = "Positive or negative for tweets, from an LSTM + n-gram model; admin endpoints retrain and manage models. "
                + "Every error is application/problem+json (RFC 9457)."),
        servers = @Server(url = "/", description = "the service that serves this document"))
class ApiDocument {

    static final String PROBLEM = "Problem";
    static final String PROBLEM_JSON = "application/problem+json";

    /**
     * Springdoc gives an error response the schema of the operation's success unless told otherwise; every error here
     * is a problem document, so every 4xx and 5xx response of the document says so.
     */
    @Bean
    OpenApiCustomizer problemResponses() {
        return api -> {
            api.getComponents().addSchemas(PROBLEM, problemSchema());
            api.getComponents().addSchemas(PROBLEM + "Error", errorSchema());
            api.getPaths().values().forEach(path -> path.readOperations().forEach(op -> op.getResponses().forEach((code, response) -> {
                if (code.startsWith("4") || code.startsWith("5")) {
                    response.setContent(new Content().addMediaType(PROBLEM_JSON,
                            new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM))));
                }
            })));
        };
    }

    private static Schema<?> problemSchema() {
        Schema<?> s = new ObjectSchema().description("An error (RFC 9457). Fields the API knows are named in errors, as a path "
                + "such as items[3].text, or by row for uploads.");
        s.setProperties(new java.util.LinkedHashMap<>(Map.of(
                "type", new StringSchema().description("always about:blank: the status and title say what happened"),
                "title", new StringSchema().description("short, the same for every error of its kind"),
                "status", new IntegerSchema().description("the HTTP status"),
                "detail", new StringSchema().description("what was wrong with this request, in words"),
                "instance", new StringSchema().description("the path that was requested"),
                "errors", new ArraySchema().items(new Schema<>().$ref("#/components/schemas/" + PROBLEM + "Error"))
                        .description("each wrong field or row, where there are several"))));
        s.setRequired(List.of("type", "title", "status"));
        return s;
    }

    private static Schema<?> errorSchema() {
        Schema<?> s = new ObjectSchema().description("One wrong field (or, for uploads, a field of one row)");
        s.setProperties(new java.util.LinkedHashMap<>(Map.of(
                "field", new StringSchema().description("the field, as a path (items[3].text), or the column of a row"),
                "problem", new StringSchema().description("what is wrong with it"),
                "row", new IntegerSchema().description("for uploads: the row, counted from 1 (0: the upload as a whole)"))));
        return s;
    }
}
