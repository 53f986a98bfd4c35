package com.tweetsentiment.serving;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Without a loadable model the service still starts: alive, not ready, and /predict says why with 503. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class NoModelIntegrationTests {

    @DynamicPropertySource
    static void emptyRoot(DynamicPropertyRegistry registry) throws Exception {
        var root = Files.createTempDirectory("no-models");
        registry.add("sentiment.models-dir", root::toString);
    }

    @LocalServerPort
    int port;

    private HttpResponse<String> send(String method, String path, String body) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void readinessIsDownAndPredictIs503UntilAModelIsLoaded() throws Exception {
        assertThat(send("GET", "/actuator/health/liveness", null).statusCode()).isEqualTo(200);
        HttpResponse<String> ready = send("GET", "/actuator/health/readiness", null);
        assertThat(ready.statusCode()).isEqualTo(503);
        assertThat(ready.body()).contains("no model loaded");
        HttpResponse<String> predict = send("POST", "/predict", "{\"text\":\"hello\"}");
        assertThat(predict.statusCode()).isEqualTo(503);
        assertThat(predict.headers().firstValue("Retry-After")).isPresent();
        assertThat(predict.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).contains("application/problem+json"));
    }
}
