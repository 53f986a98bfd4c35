package com.tweetsentiment.serving;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The whole application on a random port, serving real (small) artifacts. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ServingIntegrationTests {

    static final Path ROOT;

    static {
        try {
            ROOT = TestModels.root(Files.createTempDirectory("models"), TestModels.GOLDEN);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @DynamicPropertySource
    static void models(DynamicPropertyRegistry registry) {
        registry.add("sentiment.models-dir", ROOT::toString);
    }

    @AfterAll
    static void restoreActive() {
        new com.tweetsentiment.artifact.ModelStore(ROOT).activate(TestModels.GOLDEN);
    }

    @LocalServerPort
    int port;

    @Autowired
    ModelRegistry registry;

    private final HttpClient http = HttpClient.newHttpClient();
    private final JsonMapper json = JsonMapper.builder().build();

    private HttpResponse<String> send(String method, String path, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).header("Content-Type", "application/json");
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode ok(String method, String path, String body) throws Exception {
        HttpResponse<String> r = send(method, path, body);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return json.readTree(r.body());
    }

    @Test
    void predictsWithTheActiveModelAndBatchesEqualSingleCalls() throws Exception {
        List<String> texts = List.of("love this game", "worst update, it is broken", "qwerty zzz", "the new game with friends today");
        StringBuilder items = new StringBuilder();
        List<JsonNode> singles = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            singles.add(ok("POST", "/predict", "{\"text\":\"" + texts.get(i) + "\",\"id\":\"" + i + "\"}"));
            items.append(i == 0 ? "" : ",").append("{\"text\":\"").append(texts.get(i)).append("\",\"id\":\"").append(i).append("\"}");
        }
        JsonNode batch = ok("POST", "/predict/batch", "{\"items\":[" + items + "]}");
        assertThat(batch.get("results")).hasSize(texts.size());
        for (int i = 0; i < texts.size(); i++) {
            assertThat(batch.get("results").get(i)).isEqualTo(singles.get(i));
            assertThat(singles.get(i).get("modelVersion").asString()).isEqualTo(TestModels.GOLDEN);
        }
        assertThat(singles.get(2).get("knownTokens").asInt()).isZero();
        assertThat(singles.get(2).get("label").asString()).isIn("Negative", "Positive");
    }

    @Test
    void explainsAndAbstainsOnRequestAndOnlyThen() throws Exception {
        JsonNode plain = ok("POST", "/predict", "{\"text\":\"Love THIS game!\"}");
        assertThat(plain.has("explanation")).isFalse();
        assertThat(plain.has("abstained")).isFalse();

        JsonNode explained = ok("POST", "/predict", "{\"text\":\"Love THIS game!\",\"explain\":true,\"minConfidence\":1.0}");
        assertThat(explained.get("label")).isEqualTo(plain.get("label"));
        assertThat(explained.get("confidence")).isEqualTo(plain.get("confidence"));
        assertThat(explained.get("abstained").asBoolean()).isTrue();   // no answer reaches a confidence of 1
        JsonNode e = explained.get("explanation");
        assertThat(e.get("label")).isEqualTo(plain.get("label"));
        List<String> covered = new ArrayList<>();
        for (JsonNode t : e.get("tokens")) {
            covered.add("Love THIS game!".substring(t.get("start").asInt(), t.get("end").asInt()));
        }
        assertThat(covered).containsExactly("Love", "THIS", "game", "!");
        assertThat(e.get("lstmShare").asDouble() + e.get("ngramShare").asDouble()).isBetween(0.999999, 1.000001);

        JsonNode sure = ok("POST", "/predict", "{\"text\":\"love this game\",\"minConfidence\":0}");
        assertThat(sure.get("abstained").asBoolean()).isFalse();

        JsonNode batch = ok("POST", "/predict/batch", "{\"items\":[{\"text\":\"love this game\"},{\"text\":\"worst update\"}],"
                + "\"explain\":true,\"minConfidence\":0.5}");
        assertThat(batch.get("results").get(0).get("explanation").get("tokens")).hasSize(3);
        assertThat(batch.get("results").get(1).get("explanation").get("tokens")).hasSize(2);
        assertThat(batch.get("results").get(1).get("abstained").asBoolean()).isFalse();

        HttpResponse<String> onItem = send("POST", "/predict/batch", "{\"items\":[{\"text\":\"a\"},{\"text\":\"b\",\"explain\":true}]}");
        assertThat(onItem.statusCode()).isEqualTo(400);
        assertThat(onItem.body()).contains("items[1].explain");
        HttpResponse<String> outOfRange = send("POST", "/predict", "{\"text\":\"a\",\"minConfidence\":1.5}");
        assertThat(outOfRange.statusCode()).isEqualTo(400);
        assertThat(outOfRange.body()).contains("minConfidence", "between 0 and 1");
        HttpResponse<String> notBoolean = send("POST", "/predict", "{\"text\":\"a\",\"explain\":\"yes please\"}");
        assertThat(notBoolean.statusCode()).isEqualTo(400);
        assertThat(notBoolean.body()).contains("explain");
    }

    @Test
    void showsTheModelCardHealthAndMetrics() throws Exception {
        JsonNode card = ok("GET", "/model", null);
        assertThat(card.get("labels").get(0).asString()).isEqualTo("Negative");
        assertThat(card.get("dataset").has("sha256")).isTrue();
        assertThat(card.get("testMetrics").has("accuracy")).isTrue();
        assertThat(ok("GET", "/actuator/health/readiness", null).get("status").asString()).isEqualTo("UP");
        assertThat(ok("GET", "/actuator/health/liveness", null).get("status").asString()).isEqualTo("UP");
        ok("POST", "/predict", "{\"text\":\"fine\"}");
        String metrics = send("GET", "/actuator/prometheus", null).body();
        assertThat(metrics).contains("http_server_requests_seconds_bucket", "sentiment_batch_size_bucket",
                "sentiment_predictions_total", "sentiment_tokens_unknown_total", "sentiment_model_active{");
        JsonNode api = ok("GET", "/v3/api-docs", null);
        assertThat(api.get("paths").has("/predict")).isTrue();
        assertThat(api.get("paths").has("/predict/batch")).isTrue();
        assertThat(api.get("paths").has("/model")).isTrue();
    }

    @Test
    void swappingModelsUnderLoadNeverFailsARequest() throws Exception {
        Set<String> versions = Set.of(TestModels.GOLDEN, TestModels.TINY);
        AtomicBoolean running = new AtomicBoolean(true);
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<List<String>>> clients = new ArrayList<>();
            for (int c = 0; c < 5; c++) {
                clients.add(pool.submit(() -> {
                    List<String> seen = new ArrayList<>();
                    for (int i = 0; i < 60; i++) {
                        HttpResponse<String> r = send("POST", i % 2 == 0 ? "/predict" : "/predict/batch",
                                i % 2 == 0 ? "{\"text\":\"great game\"}" : "{\"items\":[{\"text\":\"a\"},{\"text\":\"bad\"}]}");
                        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
                        JsonNode body = json.readTree(r.body());
                        if (body.has("results")) {
                            for (JsonNode item : body.get("results")) {
                                assertThat(item.get("modelVersion").asString()).isEqualTo(body.get("modelVersion").asString());
                                assertThat(item.get("scores").size()).isEqualTo(2);
                            }
                        } else {
                            assertThat(body.get("scores").size()).isEqualTo(2);
                        }
                        seen.add(body.get("modelVersion").asString());
                    }
                    return seen;
                }));
            }
            Future<Integer> swapper = pool.submit(() -> {
                int swaps = 0;
                while (running.get() && swaps < 40) {
                    registry.activate(swaps % 2 == 0 ? TestModels.TINY : TestModels.GOLDEN);
                    swaps++;
                }
                return swaps;
            });
            List<String> all = new ArrayList<>();
            for (Future<List<String>> f : clients) {
                all.addAll(f.get());
            }
            running.set(false);
            assertThat(swapper.get()).isPositive();
            assertThat(all).hasSize(300).allMatch(versions::contains);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aBrokenArtifactIsRefusedAndTheRunningModelKeepsServing() throws Exception {
        Path broken = ROOT.resolve("broken-v3");
        Files.createDirectories(broken);
        Files.writeString(broken.resolve("manifest.json"), "{}");
        String before = registry.require().version();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> registry.activate("broken-v3"))
                .isInstanceOf(com.tweetsentiment.artifact.ArtifactException.class).hasMessageContaining("manifest.json");
        assertThat(registry.require().version()).isEqualTo(before);
        assertThat(new com.tweetsentiment.artifact.ModelStore(ROOT).activeVersion()).isEqualTo(before);
        ok("POST", "/predict", "{\"text\":\"still here\"}");
    }
}
