package com.tweetsentiment.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.tweetsentiment.TweetSentimentApplication;
import com.tweetsentiment.artifact.ModelStore;
import com.tweetsentiment.serving.TestModels;
import com.tweetsentiment.training.SyntheticData;
import java.io.IOException;
import java.io.Reader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The real service (and the real trainer) killed with SIGKILL in the middle of a write, at a named point
 * ({@link com.tweetsentiment.artifact.FaultPoints}), then started again on the same directories: acknowledged
 * examples are all there and nothing half-written is; {@code ACTIVE} names a whole version and the service serves it;
 * a version being published is never listed or loadable, and a job whose server died is recorded as failed with
 * its trainer stopped and its files removed.
 */
class CrashSafetyTest {

    static final String TOKEN = "crash-token-0123456789";
    static final String TINY = "{\"embeddingSize\":8,\"hiddenSize\":8,\"wideEpochs\":1,\"ngramBuckets\":1024,\"minCount\":1,"
            + "\"batchSize\":16,\"epochs\":1}";

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final JsonMapper json = JsonMapper.builder().build();
    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void stopAll() {
        started.forEach(Process::destroyForcibly);
    }

    /** The service as a process of its own on a free port; {@code pauseAt} names the fault point, or null. */
    private Server start(Path models, Path state, String pauseAt, String... more) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        List<String> cmd = new ArrayList<>(List.of(java(), "-Xmx512m", "-cp", System.getProperty("java.class.path"),
                TweetSentimentApplication.class.getName(), "--server.port=" + port, "--sentiment.models-dir=" + models,
                "--sentiment.admin.state-dir=" + state, "--sentiment.admin.token=" + TOKEN, "--sentiment.admin.trainer.heap=512MB",
                "--sentiment.admin.trainer.off-heap=1GB", "--sentiment.models.warmup-texts=0"));
        cmd.addAll(List.of(more));
        Path log = dir.resolve("server-" + started.size() + ".log");
        Process p = withFault(new ProcessBuilder(cmd), pauseAt).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        started.add(p);
        Server server = new Server(p, port);
        for (int i = 0; i < 240; i++) {
            try {
                if (server.get("/actuator/health/readiness").statusCode() == 200) {
                    return server;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            assertThat(p.isAlive()).as("the service exited: see %s", dir).isTrue();
            Thread.sleep(500);
        }
        // the temporary directory goes with the test: a thread dump (SIGQUIT) and the log's end go into the failure
        new ProcessBuilder("kill", "-QUIT", String.valueOf(p.pid())).start().waitFor();
        Thread.sleep(2000);
        List<String> lines = new String(Files.readAllBytes(log), StandardCharsets.UTF_8).lines().toList();   // any bytes
        throw new AssertionError("the service did not become ready; the end of its log:\n"
                + String.join("\n", lines.subList(Math.max(0, lines.size() - 400), lines.size())));
    }

    private ProcessBuilder withFault(ProcessBuilder b, String pauseAt) {
        b.environment().put("OMP_NUM_THREADS", "1");
        if (pauseAt != null) {
            b.environment().put("SENTIMENT_FAULT_PAUSE_AT", pauseAt);
            b.environment().put("SENTIMENT_FAULT_DIR", dir.toString());
        }
        return b;
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private Path reached(String point) throws InterruptedException {
        Path marker = dir.resolve(point + ".reached");
        for (int i = 0; i < 600 && !Files.exists(marker); i++) {
            Thread.sleep(200);
        }
        assertThat(marker).as("a process reached %s", point).exists();
        return marker;
    }

    private static void kill(Process p) throws InterruptedException {
        p.destroyForcibly();  // SIGKILL: nothing of the process runs after it
        p.waitFor();
    }

    record Server(Process process, int port) {
        HttpResponse<String> get(String path) throws Exception {
            return send("GET", path, null, null);
        }

        HttpResponse<String> send(String method, String path, String type, String body) throws Exception {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).timeout(Duration.ofMinutes(3))
                    .header("Authorization", "Bearer " + TOKEN)
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
            if (type != null) {
                b.header("Content-Type", type);
            }
            return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    private static String rows(String prefix, int n) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < n; i++) {
            b.append(i == 0 ? "" : ",").append("{\"text\":\"").append(prefix).append(' ').append(i).append(", a long text to write ")
                    .append("again ".repeat(40)).append("\",\"label\":\"Negative\"}");
        }
        return b.append(']').toString();
    }

    @Test
    void anExamplesAppendKilledHalfwayLeavesEveryAcknowledgedBatchAndNothingOfItsOwn() throws Exception {
        Path models = TestModels.root(Files.createDirectories(dir.resolve("models")), TestModels.GOLDEN);
        Path state = dir.resolve("state");
        Server s = start(models, state, "examples.append.half-written#3");
        assertThat(s.send("POST", "/admin/examples", "application/json", rows("first", 3)).statusCode()).isEqualTo(201);
        assertThat(s.send("POST", "/admin/examples", "application/json", rows("second", 2)).statusCode()).isEqualTo(201);
        CompletableFuture<HttpResponse<String>> third = CompletableFuture.supplyAsync(() -> {
            try {
                return s.send("POST", "/admin/examples", "application/json", rows("third", 40));
            } catch (Exception e) {
                return null;  // the connection dies with the process
            }
        });
        reached("examples.append.half-written");
        long halfWritten = Files.size(state.resolve(ExampleStore.FILE));
        kill(s.process());
        assertThat(third.join()).as("the third batch was never acknowledged").isNull();

        Server again = start(models, state, null);
        JsonNode listed = json.readTree(again.get("/admin/examples?limit=100").body());
        assertThat(listed.path("total").asLong()).isEqualTo(5);
        assertThat(listed.path("examples").valueStream().map(e -> e.path("text").asString().split(",")[0]).toList())
                .containsExactly("first 0", "first 1", "first 2", "second 0", "second 1");
        assertThat(Files.size(state.resolve(ExampleStore.FILE))).as("the half batch was cut off").isLessThan(halfWritten);
        try (Reader r = Files.newBufferedReader(state.resolve(ExampleStore.FILE), StandardCharsets.UTF_8)) {
            List<CSVRecord> records = CSVFormat.DEFAULT.parse(r).getRecords();
            assertThat(records).hasSize(5).allSatisfy(rec -> assertThat(rec.size()).isEqualTo(4));
        }
        assertThat(again.send("POST", "/admin/examples", "application/json", rows("fourth", 1)).statusCode()).isEqualTo(201);
        assertThat(json.readTree(again.get("/admin/examples?limit=0").body()).path("total").asLong()).isEqualTo(6);
    }

    @Test
    void anActivationKilledBeforeItsRenameLeavesAWholeActiveVersionThatServes() throws Exception {
        Path models = TestModels.root(Files.createDirectories(dir.resolve("models")), TestModels.GOLDEN);
        Path state = dir.resolve("state");
        Server s = start(models, state, "store.activate.written");
        CompletableFuture.runAsync(() -> {
            try {
                s.send("POST", "/admin/models/" + TestModels.TINY + "/activate", null, null);
            } catch (Exception e) {
                // the connection dies with the process
            }
        });
        reached("store.activate.written");
        kill(s.process());
        String active = Files.readString(models.resolve(ModelStore.ACTIVE)).strip();
        assertThat(active).isIn(TestModels.GOLDEN, TestModels.TINY);
        assertThat(temporaries(models)).as("the killed process left its temporary ACTIVE").isNotEmpty();

        Server again = start(models, state, null);
        assertThat(json.readTree(again.get("/model").body()).path("version").asString()).isEqualTo(active);
        new ModelStore(models).load(active);  // whole and verified
        assertThat(temporaries(models)).as("removed at start-up").isEmpty();
    }

    @Test
    void aTrainerKilledWhilePublishingLeavesNoVersionListedOrLoadable() throws Exception {
        Path models = TestModels.root(Files.createDirectories(dir.resolve("models")), TestModels.GOLDEN);
        Path data = dir.resolve("data.csv");
        Files.writeString(data, SyntheticData.csv(SyntheticData.examples(60, 2, 5)));
        Path config = dir.resolve("tiny.json");
        Files.writeString(config, TINY);
        Process train = withFault(new ProcessBuilder(java(), "-Xmx512m", "-cp", System.getProperty("java.class.path"),
                TweetSentimentApplication.class.getName(), "train", "--data", data.toString(), "--out", models.toString(),
                "--version-name", "killed-v1", "--config", config.toString(), "--activate"), "store.publish.written")
                .redirectErrorStream(true).redirectOutput(dir.resolve("train.log").toFile()).start();
        started.add(train);
        reached("store.publish.written");
        kill(train);

        ModelStore store = new ModelStore(models);
        assertThat(store.versions()).doesNotContain("killed-v1").contains(TestModels.GOLDEN, TestModels.TINY);
        assertThat(store.exists("killed-v1")).isFalse();
        assertThat(store.activeVersion()).isEqualTo(TestModels.GOLDEN);
        assertThat(temporaries(models)).as("its half-published directory").isNotEmpty();
        assertThat(store.removeTemporaries()).isPositive();  // its owner is gone, so its temporaries go
        assertThat(temporaries(models)).isEmpty();
    }

    @Test
    void aJobWhoseServerIsKilledIsRecordedFailedWithItsTrainerStoppedAndNothingPublished() throws Exception {
        Path models = TestModels.root(Files.createDirectories(dir.resolve("models")), TestModels.GOLDEN);
        Path state = dir.resolve("state");
        Path base = dir.resolve("base.csv");
        Files.writeString(base, SyntheticData.csv(SyntheticData.examples(60, 2, 7)));
        // the trainer child inherits the fault point and stops just before it would publish its artifact
        Server s = start(models, state, "store.publish.written", "--sentiment.admin.base-dataset=" + base);
        HttpResponse<String> queued = s.send("POST", "/admin/retrain", "application/json",
                "{\"force\":true,\"hyperparameters\":" + TINY + "}");
        assertThat(queued.statusCode()).as(queued.body()).isEqualTo(202);
        long id = json.readTree(queued.body()).path("id").asLong();
        long trainer = Long.parseLong(Files.readString(reached("store.publish.written")).strip());
        kill(s.process());
        assertThat(ProcessHandle.of(trainer).map(ProcessHandle::isAlive)).as("the trainer outlives its server").contains(true);

        Server again = start(models, state, null, "--sentiment.admin.base-dataset=" + base);
        JsonNode job = json.readTree(again.get("/admin/jobs/" + id).body());
        assertThat(job.path("state").asString()).as(job.toString()).isEqualTo("failed");
        assertThat(job.path("message").asString()).contains("stopped");
        assertThat(ProcessHandle.of(trainer).map(ProcessHandle::isAlive).orElse(false)).as("the leftover trainer was stopped").isFalse();
        String candidate = job.path("candidateVersion").asString();
        JsonNode listed = json.readTree(again.get("/admin/models").body());
        assertThat(listed.path("models").valueStream().map(m -> m.path("version").asString()).toList()).doesNotContain(candidate);
        assertThat(listed.path("active").asString()).isEqualTo(TestModels.GOLDEN);
        assertThat(temporaries(models)).isEmpty();
        assertThat(state.resolve("jobs").resolve(String.valueOf(id)).resolve("work")).as("the job's work files").doesNotExist();
    }

    private static List<Path> temporaries(Path root) throws IOException {
        try (Stream<Path> s = Files.list(root)) {
            return s.filter(p -> p.getFileName().toString().startsWith(".tmp-")).toList();
        }
    }
}
