package com.tweetsentiment.api;

import static org.assertj.core.api.Assertions.assertThat;

import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import com.tweetsentiment.engine.Prediction;
import com.tweetsentiment.engine.SentimentModel;
import com.tweetsentiment.serving.ActiveModel;
import com.tweetsentiment.serving.MicroBatcher;
import com.tweetsentiment.serving.TestModels;
import com.tweetsentiment.text.Preprocessor;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
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
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.util.FileSystemUtils;

/**
 * Slow and idle clients against a server with few request threads (4) and short limits: a body sent a byte at a
 * time is cut off with 408, more slow clients than threads do not keep a good request from being answered, idle
 * connections are closed by the server, and a request past the inference queue gets 503 with Retry-After (while the
 * queue is full, before its body is read). Outcomes
 * only: no assertion on how long anything took (socket timeouts are generous safety nets, not measurements).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SlowClientsIntegrationTests {

    static final Path DIR = TestModels.tempDirWithModels("slow-clients");

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        registry.add("sentiment.models-dir", () -> DIR.resolve("models").toString());
        registry.add("sentiment.models.poll-interval", () -> "0");
        registry.add("server.tomcat.threads.max", () -> "4");
        registry.add("server.tomcat.threads.min-spare", () -> "1");
        registry.add("server.tomcat.connection-timeout", () -> "1s");
        registry.add("server.tomcat.keep-alive-timeout", () -> "2s");
        registry.add("sentiment.body-read-timeout", () -> "2s");
        registry.add("sentiment.batching.queue-capacity", () -> "4");
    }

    @AfterAll
    static void cleanUp() {
        FileSystemUtils.deleteRecursively(DIR.toFile());
    }

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    /** Sends headers for a 200-byte JSON body, then one byte every 300 ms until the server answers; returns the answer. */
    private String slowBody() throws IOException {
        try (Socket s = new Socket("localhost", port)) {
            s.setSoTimeout(60_000);
            OutputStream out = s.getOutputStream();
            out.write(("POST /predict HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 200\r\n\r\n{")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = s.getInputStream();
            for (int i = 0; i < 199; i++) {
                if (in.available() > 0) {
                    break;
                }
                try {
                    Thread.sleep(300);
                    out.write(' ');
                    out.flush();
                } catch (IOException closed) {
                    break;  // the server has answered and closed the connection
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException(e);
                }
            }
            return readAll(in);
        }
    }

    private static String readAll(InputStream in) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] buf = new byte[4096];
        for (int n; (n = in.read(buf)) > 0; ) {
            all.write(buf, 0, n);
        }
        return all.toString(StandardCharsets.ISO_8859_1);
    }

    private HttpResponse<String> predict(String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/predict" + (body.contains("items") ? "/batch" : "")))
                .timeout(Duration.ofSeconds(60)).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aBodySentAByteAtATimeIsCutOffWith408AndTheConnectionClosed() throws Exception {
        String answer = slowBody();
        String head = answer.toLowerCase(Locale.ROOT);
        assertThat(head).startsWith("http/1.1 408").contains("content-type: application/problem+json").contains("connection: close");
        assertThat(answer).contains("did not arrive within 2000 ms");
    }

    @Test
    void moreSlowClientsThanThreadsDoNotKeepAGoodRequestFromBeingAnswered() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<String>> slow = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                slow.add(pool.submit(this::slowBody));
            }
            Thread.sleep(500);  // let them take the 4 request threads
            HttpResponse<String> good = predict("{\"text\":\"love this game\"}");
            assertThat(good.statusCode()).isEqualTo(200);
            for (Future<String> f : slow) {
                assertThat(f.get()).startsWith("HTTP/1.1 408");
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void idleConnectionsAreClosedByTheServer() throws Exception {
        List<Socket> idle = new ArrayList<>();
        try {
            for (int i = 0; i < 50; i++) {  // connected, never a byte sent
                Socket s = new Socket("localhost", port);
                s.setSoTimeout(60_000);
                idle.add(s);
            }
            Socket keepAlive = new Socket("localhost", port);  // one request, then silence on a keep-alive connection
            keepAlive.setSoTimeout(60_000);
            idle.add(keepAlive);
            byte[] body = "{\"text\":\"fine\"}".getBytes(StandardCharsets.UTF_8);
            keepAlive.getOutputStream().write(("POST /predict HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: "
                    + body.length + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            keepAlive.getOutputStream().write(body);
            keepAlive.getOutputStream().flush();
            assertThat(readAll(keepAlive.getInputStream())).startsWith("HTTP/1.1 200");  // returns once the server closes it
            for (Socket s : idle) {
                assertThat(s.getInputStream().read()).as("the server closes an idle connection").isEqualTo(-1);
            }
            assertThat(predict("{\"text\":\"still here\"}").statusCode()).isEqualTo(200);
        } finally {
            for (Socket s : idle) {
                s.close();
            }
        }
    }

    @Test
    void aRequestPastTheQueueGets503WithRetryAfterAtOnce() throws Exception {
        HttpResponse<String> full = predict("{\"items\":[{\"text\":\"a\"},{\"text\":\"b\"},{\"text\":\"c\"},{\"text\":\"d\"},{\"text\":\"e\"}]}");
        assertThat(full.statusCode()).isEqualTo(503);
        assertThat(full.headers().firstValue("Retry-After")).hasValueSatisfying(v -> assertThat(Integer.parseInt(v)).isPositive());
        assertThat(full.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(predict("{\"text\":\"fine\"}").statusCode()).isEqualTo(200);
    }

    @Autowired
    MicroBatcher batcher;

    @Autowired
    MeterRegistry meters;

    @Test
    void whileTheQueueIsFullPredictionsAreRefusedBeforeTheirBodiesAreRead() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        SentimentModel stuck = mock(SentimentModel.class);
        when(stuck.predictEncoded(anyList())).thenAnswer(inv -> {
            release.await(30, TimeUnit.SECONDS);
            List<Prediction> out = new ArrayList<>();
            for (Object ignored : (List<?>) inv.getArgument(0)) {
                out.add(new Prediction("Positive", 0.9, Map.of("Positive", 0.9), 1, 1));
            }
            return out;
        });
        Preprocessor.Encoded text = new Preprocessor.Encoded(new int[] {2}, new int[0], 1, 1);
        List<CompletableFuture<Prediction>> held = batcher.submit(new ActiveModel("stuck", null, stuck), List.of(text, text, text, text));
        try {
            assertThat(batcher.hasRoom(1)).isFalse();
            // not JSON at all: a 400 if anything had read it
            for (String path : List.of("/predict", "/predict/batch")) {
                HttpResponse<String> refused = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                        .timeout(Duration.ofSeconds(60)).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{not json"))
                        .build(), HttpResponse.BodyHandlers.ofString());
                assertThat(refused.statusCode()).as(path).isEqualTo(503);
                assertThat(refused.headers().firstValue("Retry-After")).hasValue("1");
                assertThat(refused.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
                assertThat(refused.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
                assertThat(refused.body()).contains("\"status\":503").contains("queue is full").contains("\"instance\":\"" + path + "\"");
                // the observation is stopped after the answer has gone out, so it may land a moment after the client has it
                long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (meters.find("http.server.requests").tag("uri", path).tag("status", "503").timer() == null && System.nanoTime() < until) {
                    Thread.sleep(20);
                }
                assertThat(meters.find("http.server.requests").tag("uri", path).tag("status", "503").timer())
                        .as("the refusal is counted under its endpoint").isNotNull();
            }
            assertThat(http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/model")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).as("other endpoints still answer").isEqualTo(200);
        } finally {
            release.countDown();
        }
        for (CompletableFuture<Prediction> f : held) {
            assertThat(f.get(30, TimeUnit.SECONDS).label()).isEqualTo("Positive");
        }
        assertThat(predict("{\"text\":\"fine\"}").statusCode()).isEqualTo(200);
    }
}
