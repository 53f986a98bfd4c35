package com.tweetsentiment.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.tweetsentiment.artifact.ModelArtifacts;
import com.tweetsentiment.serving.TestModels;
import com.tweetsentiment.training.SyntheticData;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.io.FileSystemResource;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Retraining end to end through the HTTP API, with real trainer processes: the base data teaches made-up slang that
 * the served model cannot know, so a small model trained on it passes the gate and serves; a model trained with a
 * learning rate too small to learn anything is rejected; versions are rolled back and deleted; a running job is
 * cancelled without leaving files behind.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AdminIntegrationTests {

    static final String TOKEN = "test-admin-token-0123456789";
    static final String[] POSITIVE_SLANG = {"zorptastic", "blimly", "fravo", "quonky"};
    static final String[] NEGATIVE_SLANG = {"grunky", "snorl", "drabbit", "plonked"};
    /** Small and fast: a few epochs of a tiny network. */
    static final String TINY = "\"embeddingSize\":8,\"hiddenSize\":8,\"wideEpochs\":3,\"ngramBuckets\":4096,\"minCount\":1,"
            + "\"batchSize\":16,\"learningRate\":0.01,\"wideLearningRate\":0.05";
    static final Path DIR;
    static final Path MODELS;
    static final Path STATE;
    static final Path BASE;

    static {
        try {
            DIR = Files.createTempDirectory("admin-it");
            MODELS = TestModels.root(Files.createDirectories(DIR.resolve("models")), TestModels.GOLDEN);
            STATE = DIR.resolve("state");
            BASE = DIR.resolve("base.csv");
            Files.writeString(BASE, SyntheticData.csv(SyntheticData.examples(150, 2, 5, POSITIVE_SLANG, NEGATIVE_SLANG, 500_000)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        registry.add("sentiment.models-dir", MODELS::toString);
        registry.add("sentiment.admin.state-dir", STATE::toString);
        registry.add("sentiment.admin.base-dataset", BASE::toString);
        registry.add("sentiment.admin.token", () -> TOKEN);
        registry.add("sentiment.admin.trainer.heap", () -> "512MB");
        registry.add("sentiment.admin.trainer.off-heap", () -> "1GB");
        registry.add("sentiment.admin.trainer.log-lines", () -> "1000");
        registry.add("sentiment.admin.uploads.max-example-rows", () -> "50");
        registry.add("sentiment.admin.uploads.max-dataset-rows", () -> "250");
    }

    @LocalServerPort
    int port;

    private final JsonMapper json = JsonMapper.builder().build();
    private RestClient http;

    @BeforeAll
    static void clean() {
        assertThat(new com.tweetsentiment.artifact.ModelStore(MODELS).activeVersion()).isEqualTo(TestModels.GOLDEN);
    }

    private RestClient http() {
        if (http == null) {
            http = RestClient.builder().baseUrl("http://localhost:" + port).defaultStatusHandler(s -> true, (req, res) -> { })
                    .build();
        }
        return http;
    }

    private ResponseEntity<String> admin(HttpMethod method, String path, String body) {
        var spec = http().method(method).uri(path).header(HttpHeaders.AUTHORIZATION, "Bearer " + TOKEN);
        if (body != null) {
            spec = spec.contentType(MediaType.APPLICATION_JSON).body(body);
        }
        return spec.retrieve().toEntity(String.class);
    }

    private JsonNode body(ResponseEntity<String> r, int status) {
        assertThat(r.getStatusCode().value()).as(r.getBody()).isEqualTo(status);
        return r.getBody() == null ? null : json.readTree(r.getBody());
    }

    private JsonNode awaitEnd(long id) {
        JsonNode job = body(admin(HttpMethod.GET, "/admin/jobs/" + id + "?wait=5m", null), 200);
        assertThat(job.path("state").asString()).as(job.toString()).isNotIn("queued", "running");
        return job;
    }

    private String predictVersion() {
        ResponseEntity<String> r = http().post().uri("/predict").contentType(MediaType.APPLICATION_JSON)
                .body("{\"text\":\"this update is zorptastic\"}").retrieve().toEntity(String.class);
        return body(r, 200).path("modelVersion").asString();
    }

    @Test
    @Order(1)
    void refusesRequestsWithoutTheTokenAsProblems() {
        ResponseEntity<String> none = http().get().uri("/admin/jobs").retrieve().toEntity(String.class);
        assertThat(none.getStatusCode().value()).isEqualTo(401);
        assertThat(none.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(none.getHeaders().getFirst(HttpHeaders.WWW_AUTHENTICATE)).startsWith("Bearer");
        ResponseEntity<String> wrong = http().post().uri("/admin/retrain").header(HttpHeaders.AUTHORIZATION, "Bearer " + TOKEN + "x")
                .contentType(MediaType.APPLICATION_JSON).body("{}").retrieve().toEntity(String.class);
        assertThat(wrong.getStatusCode().value()).isEqualTo(401);
        assertThat(json.readTree(wrong.getBody()).path("detail").asString()).contains("does not carry the admin token");
        // the public API stays open
        assertThat(predictVersion()).isEqualTo(TestModels.GOLDEN);
    }

    @Test
    @Order(2)
    void storesLabelledExamplesAllOrNothing() throws IOException {
        JsonNode bad = body(admin(HttpMethod.POST, "/admin/examples",
                "[{\"text\":\"so fravo today\",\"label\":\"Positive\"},{\"text\":\" \",\"label\":\"Happy\"}]"), 400);
        assertThat(bad.path("errors")).hasSize(2);
        assertThat(bad.path("errors").get(0).path("row").asInt()).isEqualTo(2);
        assertThat(Files.exists(STATE.resolve(ExampleStore.FILE))).isFalse();

        JsonNode stored = body(admin(HttpMethod.POST, "/admin/examples",
                "[{\"text\":\"so fravo today\",\"label\":\"positive\"},{\"text\":\"what a grunky patch\",\"label\":\"Negative\"}]"), 201);
        assertThat(stored.path("added").asInt()).isEqualTo(2);
        ResponseEntity<String> csv = http().post().uri("/admin/examples").header(HttpHeaders.AUTHORIZATION, "Bearer " + TOKEN)
                .contentType(MediaType.parseMediaType("text/csv")).body("text,label\n\"snorl, again\",Negative\n")
                .retrieve().toEntity(String.class);
        assertThat(body(csv, 201).path("total").asLong()).isEqualTo(3);
        assertThat(Files.readAllLines(STATE.resolve(ExampleStore.FILE))).hasSize(3)
                .allSatisfy(line -> assertThat(line).startsWith("ex-"));
    }

    @Test
    @Order(3)
    void retrainsAModelThatPassesTheGateAndServes() throws java.io.IOException {
        ResponseEntity<String> started = admin(HttpMethod.POST, "/admin/retrain", "{\"epochs\":2,\"seed\":7,\"hyperparameters\":{" + TINY + "}}");
        JsonNode job = body(started, 202);
        long id = job.path("id").asLong();
        assertThat(started.getHeaders().getLocation()).hasToString("/admin/jobs/" + id);

        JsonNode busy = body(admin(HttpMethod.POST, "/admin/retrain", "{}"), 409);
        assertThat(busy.path("detail").asString()).contains("job " + id);

        JsonNode done = awaitEnd(id);
        assertThat(done.path("state").asString()).as(done.toString()).isEqualTo("succeeded");
        String candidate = done.path("candidateVersion").asString();
        assertThat(done.path("activatedVersion").asString()).isEqualTo(candidate);
        assertThat(done.path("gate").path("passed").asBoolean()).isTrue();
        assertThat(done.path("gate").path("activeVersion").asString()).isEqualTo(TestModels.GOLDEN);
        assertThat(done.path("gate").path("candidateAccuracy").asDouble())
                .isGreaterThan(done.path("gate").path("activeAccuracy").asDouble());
        assertThat(done.path("progress").path("percent").asDouble()).isEqualTo(100.0);
        assertThat(done.path("log").toString()).contains("epoch 1/");
        // the default preset refits on the training and validation rows once the epochs are chosen
        assertThat(done.path("log").toString()).contains("(refit-wide)");
        // and distils from the bge-small teacher, whose embeddings every job shares through the state directory
        assertThat(done.path("log").toString()).contains("phase 'teacher': bge-small", "teacher bge-small + n-grams: validation accuracy");
        try (var cached = Files.list(STATE.resolve("teacher-cache"))) {
            assertThat(cached.map(f -> f.getFileName().toString())).singleElement().asString().startsWith("bge-small-");
        }
        assertThat(predictVersion()).isEqualTo(candidate);
        assertThat(new com.tweetsentiment.artifact.ModelStore(MODELS).activeVersion()).isEqualTo(candidate);
        // the three labelled examples joined the base rows
        JsonNode models = body(admin(HttpMethod.GET, "/admin/models", null), 200);
        JsonNode listed = find(models, candidate);
        assertThat(listed.path("active").asBoolean()).isTrue();
        assertThat(listed.path("dataset").path("rowsRead").asLong()).isEqualTo(300 + 3);
        assertThat(Files.exists(STATE.resolve("jobs").resolve(String.valueOf(id)).resolve("work"))).isFalse();
    }

    @Test
    @Order(4)
    void rejectsAWorseModelAndKeepsServingTheActiveOneUnlessForced() {
        String active = predictVersion();
        JsonNode job = body(admin(HttpMethod.POST, "/admin/retrain", "{\"epochs\":1,\"hyperparameters\":{" + TINY
                + ",\"wideEpochs\":1,\"learningRate\":1e-7,\"wideLearningRate\":1e-7}}"), 202);
        JsonNode done = awaitEnd(job.path("id").asLong());
        assertThat(done.path("state").asString()).as(done.toString()).isEqualTo("rejected");
        assertThat(done.path("gate").path("passed").asBoolean()).isFalse();
        assertThat(done.path("gate").path("activeVersion").asString()).isEqualTo(active);
        assertThat(done.path("gate").path("activeAccuracy").asDouble())
                .isGreaterThan(done.path("gate").path("candidateAccuracy").asDouble() + 0.005);
        assertThat(done.path("message").asString()).contains("rejected by the gate").contains(active);
        assertThat(done.has("activatedVersion")).isFalse();
        assertThat(predictVersion()).isEqualTo(active);
        // the rejected candidate is kept, listed, not active, and can be deleted
        String rejected = done.path("candidateVersion").asString();
        assertThat(find(body(admin(HttpMethod.GET, "/admin/models", null), 200), rejected).path("active").asBoolean()).isFalse();
        body(admin(HttpMethod.DELETE, "/admin/models/" + rejected, null), 204);
        assertThat(Files.exists(MODELS.resolve(rejected))).isFalse();

        // the same worse model with "force": the gate still says no, the candidate serves anyway
        JsonNode forcedJob = body(admin(HttpMethod.POST, "/admin/retrain", "{\"epochs\":1,\"force\":true,\"hyperparameters\":{" + TINY
                + ",\"wideEpochs\":1,\"learningRate\":1e-7,\"wideLearningRate\":1e-7}}"), 202);
        JsonNode forced = awaitEnd(forcedJob.path("id").asLong());
        assertThat(forced.path("state").asString()).as(forced.toString()).isEqualTo("succeeded");
        assertThat(forced.path("gate").path("passed").asBoolean()).isFalse();
        assertThat(forced.path("gate").path("forced").asBoolean()).isTrue();
        assertThat(forced.path("message").asString()).contains("activated by force");
        assertThat(predictVersion()).isEqualTo(forced.path("candidateVersion").asString());
        body(admin(HttpMethod.POST, "/admin/models/" + active + "/activate", null), 200);
        assertThat(predictVersion()).isEqualTo(active);
    }

    @Test
    @Order(5)
    void rollsBackAndRefusesToDeleteTheActiveVersion() {
        String current = predictVersion();
        JsonNode activated = body(admin(HttpMethod.POST, "/admin/models/" + TestModels.GOLDEN + "/activate", null), 200);
        assertThat(activated.path("active").asBoolean()).isTrue();
        assertThat(predictVersion()).isEqualTo(TestModels.GOLDEN);
        assertThat(new com.tweetsentiment.artifact.ModelStore(MODELS).activeVersion()).isEqualTo(TestModels.GOLDEN);

        assertThat(body(admin(HttpMethod.DELETE, "/admin/models/" + TestModels.GOLDEN, null), 409).path("detail").asString())
                .contains("active");
        assertThat(body(admin(HttpMethod.POST, "/admin/models/..evil/activate", null), 400).path("detail").asString())
                .contains("invalid model version");
        body(admin(HttpMethod.POST, "/admin/models/no-such-version/activate", null), 404);
        ResponseEntity<String> traversal = admin(HttpMethod.DELETE, "/admin/models/..%2F..%2Fetc", null);
        assertThat(traversal.getStatusCode().value()).isEqualTo(400);
        assertThat(traversal.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        // roll forward again
        body(admin(HttpMethod.POST, "/admin/models/" + current + "/activate", null), 200);
        assertThat(predictVersion()).isEqualTo(current);
        JsonNode models = body(admin(HttpMethod.GET, "/admin/models", null), 200);
        assertThat(models.path("active").asString()).isEqualTo(current);
        assertThat(models.path("serving").asString()).isEqualTo(current);
        assertThat(models.path("replica").asString()).isEqualTo(com.tweetsentiment.artifact.ModelStore.owner());
    }

    @Test
    @Order(5)
    void listsWhichReplicaServesWhat() throws Exception {
        String serving = predictVersion();
        JsonNode replicas;
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
        do {
            Thread.sleep(100);
            replicas = body(admin(HttpMethod.GET, "/admin/replicas", null), 200);
        } while (!(replicas.size() == 1 && replicas.get(0).path("serving").asString().equals(serving)) && System.nanoTime() < deadline);
        assertThat(replicas.size()).isEqualTo(1);
        JsonNode me = replicas.get(0);
        assertThat(me.path("replica").asString()).isEqualTo(com.tweetsentiment.artifact.ModelStore.owner());
        assertThat(me.path("serving").asString()).isEqualTo(serving);
        assertThat(me.path("storeActive").asString()).isEqualTo(serving);
        assertThat(me.path("stale").asBoolean()).isFalse();
        assertThat(me.has("refused")).isFalse();
    }

    @Test
    @Order(6)
    void cancelsARunningJobAndLeavesNoFilesBehind() throws Exception {
        List<String> before = new com.tweetsentiment.artifact.ModelStore(MODELS).versions();
        JsonNode job = body(admin(HttpMethod.POST, "/admin/retrain", "{\"epochs\":500,\"hyperparameters\":{" + TINY
                + ",\"wideEpochs\":200,\"patience\":0}}"), 202);
        long id = job.path("id").asLong();
        JsonNode running;
        do {
            Thread.sleep(200);
            running = body(admin(HttpMethod.GET, "/admin/jobs/" + id, null), 200);
        } while (!running.path("progress").has("epoch") && running.path("state").asString().equals("running")
                || running.path("state").asString().equals("queued"));
        assertThat(running.path("state").asString()).isEqualTo("running");
        long pid = running.path("pid").asLong();

        JsonNode cancelled = body(admin(HttpMethod.DELETE, "/admin/jobs/" + id, null), 200);
        assertThat(cancelled.path("state").asString()).isEqualTo("cancelled");
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        assertThat(new com.tweetsentiment.artifact.ModelStore(MODELS).versions()).isEqualTo(before);
        try (Stream<Path> files = Files.list(MODELS)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith(".tmp-"));
        }
        assertThat(Files.exists(STATE.resolve("jobs").resolve(String.valueOf(id)).resolve("work"))).isFalse();
        body(admin(HttpMethod.DELETE, "/admin/jobs/" + id, null), 409);

        List<Long> states = body(admin(HttpMethod.GET, "/admin/jobs", null), 200).valueStream().map(j -> j.path("id").asLong()).toList();
        assertThat(states).contains(id);
    }

    @Test
    @Order(7)
    void trainsOnAnUploadedCsv() {
        Path upload = DIR.resolve("upload.csv");
        try {
            Files.writeString(upload, SyntheticData.csv(SyntheticData.examples(100, 2, 9, POSITIVE_SLANG, NEGATIVE_SLANG, 700_000)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        MultiValueMap<String, Object> parts = new LinkedMultiValueMap<>();
        parts.add("data", new FileSystemResource(upload));
        HttpHeaders jsonPart = new HttpHeaders();
        jsonPart.setContentType(MediaType.APPLICATION_JSON);
        parts.add("options", new HttpEntity<>("{\"epochs\":1,\"force\":true,\"hyperparameters\":{" + TINY + "}}", jsonPart));
        ResponseEntity<String> r = http().post().uri("/admin/retrain").header(HttpHeaders.AUTHORIZATION, "Bearer " + TOKEN)
                .contentType(MediaType.MULTIPART_FORM_DATA).body(parts).retrieve().toEntity(String.class);
        JsonNode done = awaitEnd(body(r, 202).path("id").asLong());
        assertThat(done.path("state").asString()).as(done.toString()).isEqualTo("succeeded");
        assertThat(done.path("data").asString()).contains("uploaded");
        assertThat(find(body(admin(HttpMethod.GET, "/admin/models", null), 200), done.path("candidateVersion").asString())
                .path("dataset").path("rowsRead").asLong()).isEqualTo(200 + 3);

        Path junk = DIR.resolve("junk.csv");
        try {
            Files.writeString(junk, "not,a,dataset\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        MultiValueMap<String, Object> badParts = new LinkedMultiValueMap<>();
        badParts.add("data", new FileSystemResource(junk));
        ResponseEntity<String> bad = http().post().uri("/admin/retrain").header(HttpHeaders.AUTHORIZATION, "Bearer " + TOKEN)
                .contentType(MediaType.MULTIPART_FORM_DATA).body(badParts).retrieve().toEntity(String.class);
        assertThat(body(bad, 400).path("detail").asString()).contains("uploaded CSV");
    }

    @Test
    @Order(8)
    void boundsUploadsAndListsExamplesAsCsvWithoutFormulas() throws IOException {
        long before = body(admin(HttpMethod.GET, "/admin/examples?limit=0", null), 200).path("total").asLong();
        StringBuilder many = new StringBuilder("[");
        for (int i = 0; i < 51; i++) {
            many.append(i == 0 ? "" : ",").append("{\"text\":\"row ").append(i).append("\",\"label\":\"Positive\"}");
        }
        JsonNode tooMany = body(admin(HttpMethod.POST, "/admin/examples", many.append("]").toString()), 413);
        assertThat(tooMany.path("detail").asString()).contains("more than 50 examples");
        ResponseEntity<String> tooManyCsv = http().post().uri("/admin/examples").header(HttpHeaders.AUTHORIZATION, "Bearer " + TOKEN)
                .contentType(MediaType.parseMediaType("text/csv")).body("a,Positive\n".repeat(51)).retrieve().toEntity(String.class);
        assertThat(tooManyCsv.getStatusCode().value()).isEqualTo(413);
        JsonNode longEntity = body(admin(HttpMethod.POST, "/admin/examples",
                "[{\"text\":\"fine\",\"label\":\"Positive\",\"entity\":\"" + "e".repeat(201) + "\"}]"), 400);
        assertThat(longEntity.path("errors").get(0).path("field").asString()).isEqualTo("entity");

        Path big = DIR.resolve("big.csv");
        Files.writeString(big, SyntheticData.csv(SyntheticData.examples(150, 2, 9, POSITIVE_SLANG, NEGATIVE_SLANG, 900_000)));
        MultiValueMap<String, Object> parts = new LinkedMultiValueMap<>();
        parts.add("data", new FileSystemResource(big));
        ResponseEntity<String> bigUpload = http().post().uri("/admin/retrain").header(HttpHeaders.AUTHORIZATION, "Bearer " + TOKEN)
                .contentType(MediaType.MULTIPART_FORM_DATA).body(parts).retrieve().toEntity(String.class);
        assertThat(body(bigUpload, 413).path("detail").asString()).contains("at most 250");
        assertThat(body(admin(HttpMethod.GET, "/admin/examples?limit=0", null), 200).path("total").asLong()).isEqualTo(before);

        String[] formulas = {"=HYPERLINK(\"http://x\",\"click\")", "+1+1", "-2+3", "@SUM(A1)", "\tindented"};
        StringBuilder rows = new StringBuilder("[");
        for (String f : formulas) {
            rows.append(rows.length() == 1 ? "" : ",").append(json.writeValueAsString(java.util.Map.of("text", f, "label", "Negative",
                    "entity", f)));
        }
        body(admin(HttpMethod.POST, "/admin/examples", rows.append("]").toString()), 201);
        ResponseEntity<String> csv = http().get().uri("/admin/examples?offset=" + before).header(HttpHeaders.AUTHORIZATION, "Bearer " + TOKEN)
                .accept(MediaType.parseMediaType("text/csv")).retrieve().toEntity(String.class);
        assertThat(csv.getStatusCode().value()).isEqualTo(200);
        assertThat(csv.getHeaders().getContentType().toString()).startsWith("text/csv");
        List<org.apache.commons.csv.CSVRecord> records = org.apache.commons.csv.CSVFormat.DEFAULT.builder().setHeader().get()
                .parse(new java.io.StringReader(csv.getBody())).getRecords();
        assertThat(records).hasSize(formulas.length);
        for (int i = 0; i < formulas.length; i++) {
            assertThat(records.get(i).get("text")).isEqualTo("'" + formulas[i]);
            String entity = formulas[i].strip();  // entities are stored stripped
            assertThat(records.get(i).get("entity")).isEqualTo(entity.startsWith("indented") ? entity : "'" + entity);
        }
        // the JSON listing keeps the texts as they were sent
        JsonNode listed = body(admin(HttpMethod.GET, "/admin/examples?offset=" + before, null), 200);
        assertThat(listed.path("examples").valueStream().map(e -> e.path("text").asString()).toList()).containsExactly(formulas);
    }

    private static JsonNode find(JsonNode models, String version) {
        return models.path("models").valueStream().filter(m -> m.path("version").asString().equals(version)).findFirst()
                .orElseThrow(() -> new AssertionError(version + " not listed in " + models));
    }

    @Test
    @Order(99)
    void slowsDownWrongTokensButNeverTheRightOne() {
        List<Integer> statuses = new java.util.ArrayList<>();
        ResponseEntity<String> limited = null;
        for (int i = 0; i < 25; i++) {
            ResponseEntity<String> r = http().get().uri("/admin/jobs").header(HttpHeaders.AUTHORIZATION, "Bearer guess-" + i).retrieve()
                    .toEntity(String.class);
            statuses.add(r.getStatusCode().value());
            if (r.getStatusCode().value() == 429) {
                limited = r;
            }
        }
        assertThat(statuses).contains(401, 429).containsOnly(401, 429);
        assertThat(limited.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isNotBlank();
        assertThat(limited.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        body(admin(HttpMethod.GET, "/admin/jobs", null), 200);  // the right token is never held back
    }
}
