package com.tweetsentiment.container;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Volume;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.BindMode;
import org.testcontainers.containers.Container;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.startupcheck.OneShotStartupCheckStrategy;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.junit.jupiter.Testcontainers;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Our own image, built from our Dockerfile (target {@code app-prebuilt}: the jar that {@code mvn package} just
 * made; the build honours .dockerignore) and run the way the README and docker-compose.yml run it: read-only root filesystem, tmpfs {@code /tmp},
 * a named volume on {@code /data}. Skipped, saying so, only where no Docker engine is reachable.
 * The runtime base image is {@code eclipse-temurin:17-jre-jammy} unless {@code TWEET_SENTIMENT_RUNTIME_IMAGE}
 * names another (CI builds one locally, as no registry is reachable there).
 */
@Testcontainers(disabledWithoutDocker = true)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ContainerImageIT {

    static final Path ROOT = TestImage.ROOT;
    static final String TOKEN = "container-it-" + UUID.randomUUID();
    static final String VOLUME = "tweet-sentiment-it-" + UUID.randomUUID();
    static final String TINY = "\"embeddingSize\":8,\"hiddenSize\":8,\"wideEpochs\":3,\"ngramBuckets\":4096,\"minCount\":1,"
            + "\"batchSize\":16,\"learningRate\":0.01,\"wideLearningRate\":0.05";
    static String image;
    static String shipped;
    static String retrained;

    private final HttpClient http = HttpClient.newHttpClient();
    private final JsonMapper json = JsonMapper.builder().build();

    @BeforeAll
    static void buildImage() throws Exception {
        image = TestImage.get();
        docker().createVolumeCmd().withName(VOLUME).exec();
        shipped = Files.readString(ROOT.resolve("model-artifacts/ACTIVE")).strip();
    }

    @AfterAll
    static void removeVolume() {
        if (image != null) {
            docker().removeVolumeCmd(VOLUME).exec();
        }
    }

    static DockerClient docker() {
        return DockerClientFactory.instance().client();
    }

    /** How docker-compose.yml runs the api service. */
    static GenericContainer<?> api() {
        return hardened(new GenericContainer<>(image))
                .withExposedPorts(8080)
                .withEnv("SENTIMENT_ADMIN_TOKEN", TOKEN)
                .withEnv("SENTIMENT_ADMIN_BASE_DATASET", "/datasets/new-slang.csv")
                .withEnv("SENTIMENT_ADMIN_TRAINER_HEAP", "512MB")
                .withEnv("SENTIMENT_ADMIN_TRAINER_OFF_HEAP", "1GB")
                .withEnv("SENTIMENT_ADMIN_TRAINER_LOGLINES", "1000")  // a whole job log with each job
                .waitingFor(Wait.forHealthcheck().withStartupTimeout(Duration.ofMinutes(3)));
    }

    /** Read-only root filesystem, tmpfs /tmp, the named volume on /data, the test datasets read-only on /datasets. */
    static GenericContainer<?> hardened(GenericContainer<?> c) {
        return c.withTmpFs(Map.of("/tmp", "rw,size=512m"))
                .withFileSystemBind(ROOT.resolve("http-tests/data").toString(), "/datasets", BindMode.READ_ONLY)
                .withCreateContainerCmdModifier(cmd -> {
                    List<Bind> binds = new ArrayList<>(List.of(cmd.getHostConfig().getBinds()));
                    binds.add(new Bind(VOLUME, new Volume("/data")));
                    cmd.getHostConfig().withReadonlyRootfs(true).withBinds(binds);
                });
    }

    private HttpResponse<String> send(GenericContainer<?> c, String method, String path, String body, boolean admin) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://" + c.getHost() + ":" + c.getMappedPort(8080) + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        if (admin) {
            b.header("Authorization", "Bearer " + TOKEN);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode ok(GenericContainer<?> c, String method, String path, String body, boolean admin, int status) throws Exception {
        HttpResponse<String> r = send(c, method, path, body, admin);
        assertThat(r.statusCode()).as(method + " " + path + ": " + r.body()).isEqualTo(status);
        return json.readTree(r.body());
    }

    private String predictVersion(GenericContainer<?> c) throws Exception {
        return ok(c, "POST", "/predict", "{\"text\":\"this update is zorptastic\"}", false, 200).path("modelVersion").asString();
    }

    @Test
    @Order(1)
    void startsHealthyAsNonRootOnAReadOnlyRootFilesystemAndAnswers() throws Exception {
        try (GenericContainer<?> api = api()) {
            api.start();
            InspectContainerResponse info = docker().inspectContainerCmd(api.getContainerId()).exec();
            assertThat(info.getState().getHealth().getStatus()).isEqualTo("healthy");
            assertThat(info.getHostConfig().getReadonlyRootfs()).isTrue();

            JsonNode answer = ok(api, "POST", "/predict", "{\"text\":\"love this game\"}", false, 200);
            assertThat(answer.path("modelVersion").asString()).isEqualTo(shipped);
            assertThat(answer.path("label").asString()).isEqualTo("Positive");
            assertThat(api.getLogs()).as("the entry point gives the engine its SIMD kernels").contains("(engine: Vector API");

            Container.ExecResult status = api.execInContainer("cat", "/proc/1/status");
            assertThat(status.getStdout()).containsPattern("(?m)^Uid:\\s+10001\\s");
            Container.ExecResult write = api.execInContainer("sh", "-c", "touch /app/probe");
            assertThat(write.getExitCode()).isNotZero();
            assertThat(write.getStderr()).contains("Read-only file system");
            assertThat(api.execInContainer("sh", "-c", "touch /tmp/probe /data/probe && rm /tmp/probe /data/probe").getExitCode()).isZero();
        }
    }

    @Test
    @Order(2)
    void retrainsWithTheTeacherThroughTheAdminApiAndKeepsTheActiveVersionAcrossARestart() throws Exception {
        try (GenericContainer<?> api = api()) {
            api.start();
            // distilled from the bge-small teacher: ONNX Runtime and the tokenizer load from what the image unpacked at
            // build time (the root filesystem is read-only, /tmp is noexec)
            JsonNode job = ok(api, "POST", "/admin/retrain", "{\"epochs\":2,\"seed\":7,\"hyperparameters\":{" + TINY
                    + ",\"teacher\":\"bge-small\"}}", true, 202);
            JsonNode done = ok(api, "GET", "/admin/jobs/" + job.path("id").asLong() + "?wait=5m", null, true, 200);
            assertThat(done.path("state").asString()).as(done.toString()).isEqualTo("succeeded");
            assertThat(done.toString()).contains("teacher embeddings: ", "teacher bge-small + n-grams: validation accuracy");
            Container.ExecResult cache = api.execInContainer("sh", "-c", "ls /data/admin-state/teacher-cache");
            assertThat(cache.getStdout()).startsWith("bge-small-");
            retrained = done.path("activatedVersion").asString();
            assertThat(done.path("gate").path("activeVersion").asString()).isEqualTo(shipped);
            assertThat(predictVersion(api)).isEqualTo(retrained);
        }
        try (GenericContainer<?> again = api()) {
            again.start();
            assertThat(predictVersion(again)).isEqualTo(retrained);
            JsonNode jobs = ok(again, "GET", "/admin/jobs", null, true, 200);
            assertThat(jobs.valueStream().map(j -> j.path("state").asString()).toList()).containsExactly("succeeded");
        }
    }

    @Test
    @Order(3)
    void theTrainerCommandWritesAnArtifactTheApiActivates() throws Exception {
        try (GenericContainer<?> trainer = hardened(new GenericContainer<>(image))
                .withCommand("train", "--data", "/datasets/new-slang.csv", "--out", "/data/models", "--version-name", "trainer-it",
                        "--epochs", "2", "--wide-epochs", "3", "--embedding-size", "8", "--hidden-size", "8", "--ngram-buckets", "4096",
                        "--min-count", "1", "--progress", "lines")
                .withStartupCheckStrategy(new OneShotStartupCheckStrategy().withTimeout(Duration.ofMinutes(5)))) {
            trainer.start();
            assertThat(trainer.getLogs()).contains("artifact /data/models/trainer-it");
        }
        try (GenericContainer<?> api = api()) {
            api.start();
            JsonNode models = ok(api, "GET", "/admin/models", null, true, 200);
            assertThat(models.path("models").valueStream().map(m -> m.path("version").asString()).toList())
                    .contains(shipped, retrained, "trainer-it");
            ok(api, "POST", "/admin/models/trainer-it/activate", null, true, 200);
            assertThat(predictVersion(api)).isEqualTo("trainer-it");
        }
    }

    @Test
    @Order(4)
    void servesTheAccurateTierFromATeacherPublishedOnTheVolume() throws Exception {
        try (GenericContainer<?> publisher = hardened(new GenericContainer<>(image))
                .withCommand("publish-teacher", "--data", "/datasets/new-slang.csv", "--out", "/data/teachers", "--version-name",
                        "minilm-it", "--teacher", "minilm", "--threads", "1", "--progress", "lines")
                .withStartupCheckStrategy(new OneShotStartupCheckStrategy().withTimeout(Duration.ofMinutes(5)))) {
            publisher.start();
            assertThat(publisher.getLogs()).contains("teacher artifact /data/teachers/minilm-it");
        }
        try (GenericContainer<?> api = api().withEnv("SENTIMENT_ACCURATE_MODEL", "/data/teachers/minilm-it")) {
            api.start();
            JsonNode accurate = ok(api, "POST", "/predict", "{\"text\":\"this update is zorptastic\",\"tier\":\"accurate\"}", false, 200);
            assertThat(accurate.path("modelVersion").asString()).isEqualTo("minilm-it");
            assertThat(accurate.path("label").asString()).isEqualTo("Positive");
            assertThat(predictVersion(api)).isEqualTo("trainer-it");  // the fast tier is untouched
        }
    }

    /**
     * The state directory on a 128 KB tmpfs: a job whose training file does not fit fails and frees its space; then
     * examples are posted until the disk is full, which answers 507 and stores nothing of that batch; every batch
     * answered 201 is listed, and the service keeps serving.
     */
    @Test
    @Order(5)
    void aFullDiskFailsAJobCleanlyAnswers507AndKeepsServing() throws Exception {
        try (GenericContainer<?> api = api().withEnv("SENTIMENT_ADMIN_STATE_DIR", "/state")
                .withTmpFs(Map.of("/tmp", "rw,size=512m", "/state", "rw,size=128k,mode=1777"))) {
            api.start();
            String batch = batchOfExamples();
            int acknowledged = 0;
            for (int i = 0; i < 10; i++) {
                ok(api, "POST", "/admin/examples", batch, true, 201);
                acknowledged += 20;
            }
            long id = ok(api, "POST", "/admin/retrain", "{\"epochs\":1,\"force\":true,\"hyperparameters\":{" + TINY + "}}", true, 202)
                    .path("id").asLong();
            JsonNode job = ok(api, "GET", "/admin/jobs/" + id + "?wait=3m", null, true, 200);
            assertThat(job.path("state").asString()).as(job.toString()).isEqualTo("failed");
            assertThat(job.path("message").asString()).contains("No space left on device");
            Container.ExecResult left = api.execInContainer("sh", "-c", "ls -A /state/jobs/" + id + "; df -k /state | tail -1");
            assertThat(left.getStdout()).as("the job's work files are gone").doesNotContain("data.csv", "upload.csv", "settings.json");

            HttpResponse<String> full = null;
            for (int i = 0; i < 200 && full == null; i++) {
                HttpResponse<String> r = send(api, "POST", "/admin/examples", batch, true);
                if (r.statusCode() == 201) {
                    acknowledged += 20;
                } else {
                    full = r;
                }
            }
            assertThat(full).as("the disk filled up").isNotNull();
            assertThat(full.statusCode()).as(full.body()).isEqualTo(507);
            assertThat(full.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
            assertThat(json.readTree(full.body()).path("detail").asString()).contains("nothing of this request was stored");
            // every acknowledged row is there, and nothing of the refused batch
            assertThat(ok(api, "GET", "/admin/examples?limit=0", null, true, 200).path("total").asLong()).isEqualTo(acknowledged);
            assertThat(ok(api, "POST", "/predict", "{\"text\":\"still serving\"}", false, 200).path("label").asString()).isNotBlank();
            assertThat(send(api, "GET", "/actuator/health/readiness", null, false).statusCode()).isEqualTo(200);
            assertThat(send(api, "POST", "/admin/retrain", "{\"epochs\":1}", true).statusCode()).as("a job on a full disk").isIn(202, 507);
        }
    }

    /** 20 labelled rows of about 250 characters: some 5 KB as JSON. */
    private static String batchOfExamples() {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < 20; i++) {
            b.append(i == 0 ? "" : ",").append("{\"text\":\"a full disk row ").append(i).append(' ').append("so good ".repeat(29))
                    .append("\",\"label\":\"Positive\"}");
        }
        return b.append(']').toString();
    }
}
