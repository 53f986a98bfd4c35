package com.tweetsentiment.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.tweetsentiment.artifact.ModelArtifacts;
import com.tweetsentiment.engine.Prediction;
import com.tweetsentiment.serving.TestModels;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.util.FileSystemUtils;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Shadow evaluation through the HTTP API: a candidate scores every live text (sample rate 1) off the request path, its
 * report agrees with what the two models answer on their own, a required shadow blocks activation until it has seen
 * enough texts, and activating the candidate ends its shadow.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ShadowIntegrationTests {

    static final String TOKEN = "shadow-admin-token-0123456789";
    static final Path DIR = TestModels.tempDirWithModels("shadow-it");
    static final List<String> TEXTS = List.of("love this game", "worst update ever", "the servers are down again", "great stream today",
            "i am so happy with the new patch", "this is broken and awful", "fine", "not bad at all", "terrible support, refund please",
            "best day of my life", "meh", "what a great game with friends", "cannot log in since the update", "amazing graphics",
            "so bored of this", "the new map is fun", "why is it crashing", "thanks for the fix", "lag lag lag", "love it");

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        registry.add("sentiment.models-dir", () -> DIR.resolve("models").toString());
        registry.add("sentiment.admin.state-dir", () -> DIR.resolve("state").toString());
        registry.add("sentiment.admin.token", () -> TOKEN);
        registry.add("sentiment.models.poll-interval", () -> "0");
        registry.add("sentiment.shadow.sample-rate", () -> "1.0");
        registry.add("sentiment.shadow.queue", () -> "10000");
        registry.add("sentiment.shadow.require-texts", () -> "40");
        registry.add("sentiment.admin.base-dataset", () -> "http-tests/data/new-slang.csv");
        registry.add("sentiment.admin.trainer.heap", () -> "512MB");
        registry.add("sentiment.admin.trainer.off-heap", () -> "1GB");
    }

    @AfterAll
    static void cleanUp() {
        FileSystemUtils.deleteRecursively(DIR.toFile());
    }

    @LocalServerPort
    int port;

    private final JsonMapper json = JsonMapper.builder().build();

    private ResponseEntity<String> call(HttpMethod method, String path, String body, boolean token) {
        var spec = RestClient.builder().baseUrl("http://localhost:" + port).defaultStatusHandler(s -> true, (req, res) -> { }).build()
                .method(method).uri(path);
        if (token) {
            spec = spec.header(HttpHeaders.AUTHORIZATION, "Bearer " + TOKEN);
        }
        if (body != null) {
            spec = spec.contentType(MediaType.APPLICATION_JSON).body(body);
        }
        return spec.retrieve().toEntity(String.class);
    }

    private JsonNode ok(ResponseEntity<String> r, int status) {
        assertThat(r.getStatusCode().value()).as(r.getBody()).isEqualTo(status);
        return json.readTree(r.getBody());
    }

    @Test
    void aShadowedCandidateIsScoredOnLiveTextsAndMustEarnItsActivation() throws Exception {
        String candidate = TestModels.TINY;
        String shadowPath = "/admin/models/" + candidate + "/shadow";
        assertThat(call(HttpMethod.GET, shadowPath, null, false).getStatusCode().value()).isEqualTo(401);
        ok(call(HttpMethod.GET, shadowPath, null, true), 404);
        ok(call(HttpMethod.POST, "/admin/models/" + TestModels.GOLDEN + "/shadow", null, true), 409);
        ok(call(HttpMethod.POST, "/admin/models/no-such-version/shadow", null, true), 404);
        // the required shadow is not there yet: a plain activation is refused, saying what to do
        assertThat(ok(call(HttpMethod.POST, "/admin/models/" + candidate + "/activate", null, true), 409).path("detail").asString())
                .contains("shadow", "force=true");

        JsonNode started = ok(call(HttpMethod.POST, shadowPath, null, true), 200);
        assertThat(started.path("version").asString()).isEqualTo(candidate);
        assertThat(started.path("texts").asLong()).isZero();

        List<String> sent = new ArrayList<>();
        for (int round = 0; round < 2; round++) {
            for (String text : TEXTS) {
                JsonNode answer = ok(call(HttpMethod.POST, "/predict", "{\"text\":\"" + text + "\"}", false), 200);
                assertThat(answer.path("modelVersion").asString()).as("the answer is always the active model's").isEqualTo(TestModels.GOLDEN);
                sent.add(text);
            }
        }
        JsonNode report = null;
        for (int i = 0; i < 200; i++) {   // the shadow scores on its own thread, after the answers went out
            report = ok(call(HttpMethod.GET, shadowPath, null, true), 200);
            if (report.path("texts").asLong() == sent.size()) {
                break;
            }
            Thread.sleep(50);
        }
        assertThat(report.path("texts").asLong()).isEqualTo(sent.size());
        assertThat(report.path("dropped").asLong()).isZero();
        assertThat(report.path("failed").asLong()).isZero();
        assertThat(report.path("activeVersion").asString()).isEqualTo(TestModels.GOLDEN);
        assertThat(report.path("latencyMs").path("p50").asDouble()).isPositive();
        assertThat(report.path("drift").path("version").asString()).isEqualTo(candidate);
        assertThat(report.path("drift").path("texts").asInt()).isEqualTo(sent.size());

        // the agreement is what the two models give on their own
        List<Prediction> golden = ModelArtifacts.load(DIR.resolve("models").resolve(TestModels.GOLDEN)).model().predict(sent);
        List<Prediction> tiny = ModelArtifacts.load(DIR.resolve("models").resolve(candidate)).model().predict(sent);
        long agree = 0;
        long tinyPositive = 0;
        for (int i = 0; i < sent.size(); i++) {
            agree += golden.get(i).label().equals(tiny.get(i).label()) ? 1 : 0;
            tinyPositive += tiny.get(i).label().equals("Positive") ? 1 : 0;
        }
        assertThat(report.path("agreement").asDouble()).isEqualTo(agree / (double) sent.size());
        assertThat(report.path("labelMix").path("Positive").asLong()).isEqualTo(tinyPositive);
        assertThat(report.path("activeMix").path("Positive").asLong() + report.path("activeMix").path("Negative").asLong())
                .isEqualTo(sent.size());

        // 40 texts seen: the bar is met, the activation goes through and ends the shadow
        JsonNode activated = ok(call(HttpMethod.POST, "/admin/models/" + candidate + "/activate", null, true), 200);
        assertThat(activated.path("active").asBoolean()).isTrue();
        ok(call(HttpMethod.GET, shadowPath, null, true), 404);
        assertThat(ok(call(HttpMethod.POST, "/predict", "{\"text\":\"fine\"}", false), 200).path("modelVersion").asString()).isEqualTo(candidate);

        // rolling back without a shadow takes force
        ok(call(HttpMethod.POST, "/admin/models/" + TestModels.GOLDEN + "/activate", null, true), 409);
        ok(call(HttpMethod.POST, "/admin/models/" + TestModels.GOLDEN + "/activate?force=true", null, true), 200);

        // a form body Tomcat cannot decode, where the endpoint reads a parameter: 400, not 500 (found by the bad-input test)
        java.net.http.HttpResponse<String> undecodable = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create("http://localhost:" + port + "/admin/models/" + candidate + "/activate"))
                .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(new byte[] {'"', (byte) 0xC3, 'u', '0', '0', '0', '0', '"'})).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(undecodable.statusCode()).as(undecodable.body()).isEqualTo(400);
        assertThat(undecodable.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");

        // a shadow can be started at its own sample rate, stopped, and then it is gone
        ok(call(HttpMethod.POST, shadowPath + "?sampleRate=1.5", null, true), 400);
        assertThat(ok(call(HttpMethod.POST, shadowPath + "?sampleRate=0.25", null, true), 200).path("sampleRate").asDouble()).isEqualTo(0.25);
        JsonNode last = ok(call(HttpMethod.DELETE, shadowPath, null, true), 200);
        assertThat(last.path("version").asString()).isEqualTo(candidate);
        ok(call(HttpMethod.DELETE, shadowPath, null, true), 404);
    }

    @Test
    void withAShadowRequiredARetrainedCandidateThatPassesTheGateIsShadowedInsteadOfActivated() throws Exception {
        String active = ok(call(HttpMethod.GET, "/admin/models", null, true), 200).path("active").asString();
        JsonNode job = ok(call(HttpMethod.POST, "/admin/retrain", "{\"epochs\": 2, \"seed\": 7, \"hyperparameters\": {\"embeddingSize\": 8, "
                + "\"hiddenSize\": 8, \"wideEpochs\": 3, \"ngramBuckets\": 4096, \"minCount\": 1, \"batchSize\": 16, "
                + "\"learningRate\": 0.01, \"wideLearningRate\": 0.05}}", true), 202);
        JsonNode done = ok(call(HttpMethod.GET, "/admin/jobs/" + job.path("id").asLong() + "?wait=5m", null, true), 200);
        String candidate = done.path("candidateVersion").asString();
        assertThat(done.path("state").asString()).as(done.toString()).isEqualTo("succeeded");
        assertThat(done.path("gate").path("passed").asBoolean()).isTrue();
        assertThat(done.has("activatedVersion")).isFalse();
        assertThat(done.path("message").asString()).contains("passed the gate", "shadow evaluation is required");
        JsonNode models = ok(call(HttpMethod.GET, "/admin/models", null, true), 200);
        assertThat(models.path("active").asString()).isEqualTo(active);
        assertThat(models.path("shadow").asString()).isEqualTo(candidate);
        ok(call(HttpMethod.DELETE, "/admin/models/" + candidate + "/shadow", null, true), 200);
    }
}
