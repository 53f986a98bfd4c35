package com.tweetsentiment.serving;

import static org.assertj.core.api.Assertions.assertThat;

import com.tweetsentiment.teacher.EmbeddingCache;
import com.tweetsentiment.teacher.OnnxSentenceEmbedder;
import com.tweetsentiment.teacher.TeacherModel;
import com.tweetsentiment.training.SyntheticData;
import com.tweetsentiment.training.TeacherPublisher;
import com.tweetsentiment.training.TeacherSource;
import com.tweetsentiment.training.TrainingListener;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The application with the accurate tier on: a teacher published from small data, served beside the fast model. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class AccurateTierIntegrationTests {

    static final Path MODELS;
    static final Path TEACHER;

    static {
        try {
            Path dir = Files.createTempDirectory("accurate-tier");
            MODELS = TestModels.root(dir.resolve("models"), TestModels.GOLDEN);
            var data = SyntheticData.dataset(SyntheticData.examples(60, 2, 13));
            TeacherSource source = new TeacherSource(name -> OnnxSentenceEmbedder.open(TeacherModel.of(name), 1),
                    new EmbeddingCache(dir.resolve("cache")));
            TEACHER = TeacherPublisher.publish(SyntheticData.tinyConfig().with(Map.of("teacher", "minilm")), source, data,
                    dir.resolve("teachers"), "minilm-it", Instant.parse("2026-12-02T00:00:00Z"), TrainingListener.NONE);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        registry.add("sentiment.models-dir", MODELS::toString);
        registry.add("sentiment.accurate.model", TEACHER::toString);
    }

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newHttpClient();
    private final JsonMapper json = JsonMapper.builder().build();

    private JsonNode post(String path, String body, int status) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        return json.readTree(r.body());
    }

    @Test
    void eachRequestChoosesItsTier() throws Exception {
        JsonNode fast = post("/predict", "{\"text\":\"love this game\"}", 200);
        assertThat(fast.path("modelVersion").asString()).isEqualTo(TestModels.GOLDEN);
        JsonNode accurate = post("/predict", "{\"text\":\"love this game\",\"tier\":\"accurate\"}", 200);
        assertThat(accurate.path("modelVersion").asString()).isEqualTo("minilm-it");
        assertThat(accurate.path("label").asString()).isEqualTo("Positive");
        assertThat(accurate.path("scores").path("Positive").asDouble() + accurate.path("scores").path("Negative").asDouble())
                .isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-6));
        JsonNode batch = post("/predict/batch", "{\"tier\":\"accurate\",\"items\":[{\"text\":\"awful broken update\"},"
                + "{\"text\":\"love this game\"}]}", 200);
        assertThat(batch.path("modelVersion").asString()).isEqualTo("minilm-it");
        assertThat(batch.path("results").get(0).path("label").asString()).isEqualTo("Negative");
        assertThat(batch.path("results").get(1).path("confidence").asDouble()).isEqualTo(accurate.path("confidence").asDouble());
        post("/predict", "{\"text\":\"love this game\",\"tier\":\"fastest\"}", 400);
    }
}
