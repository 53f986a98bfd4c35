package com.tweetsentiment.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.tweetsentiment.serving.TestModels;
import java.io.ByteArrayOutputStream;
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
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Generated bad input against the running service: methods, paths, content types, bodies (valid ones broken in
 * every way we could think of), sizes and tokens, seeded and reproducible ({@code -Dbadinput.seed=...},
 * {@code -Dbadinput.cases=...}). Every answer must be below 500, every 4xx must be {@code application/problem+json},
 * and a good request must still be answered afterwards. No base dataset is configured, so no generated request can
 * start a real retraining.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class BadInputIntegrationTests {

    static final long SEED = Long.getLong("badinput.seed", 20261202L);
    static final int CASES = Integer.getInteger("badinput.cases", 3000);
    static final String TOKEN = "bad-input-token-0123456789";
    static final Path DIR = TestModels.tempDirWithModels("bad-input");

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        registry.add("sentiment.models-dir", () -> DIR.resolve("models").toString());
        registry.add("sentiment.admin.state-dir", () -> DIR.resolve("state").toString());
        registry.add("sentiment.admin.token", () -> TOKEN);
        registry.add("sentiment.models.poll-interval", () -> "0");
    }

    @AfterAll
    static void cleanUp() {
        org.springframework.util.FileSystemUtils.deleteRecursively(DIR.toFile());
    }

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final JsonMapper json = JsonMapper.builder().build();

    record Case(int n, String method, String path, String contentType, byte[] body, String token) {
        @Override
        public String toString() {
            String shown = new String(body, 0, Math.min(body.length, 120), StandardCharsets.UTF_8).replaceAll("\\p{Cntrl}", "?");
            return "#" + n + " " + method + " " + path + " [" + contentType + "] " + (token == null ? "no token" : token.equals(TOKEN)
                    ? "token" : "wrong token") + " body(" + body.length + ")=" + shown;
        }
    }

    static final String[] PATHS = {"/predict", "/predict/batch", "/model", "/admin/examples", "/admin/retrain", "/admin/jobs",
        "/admin/jobs/1", "/admin/jobs/999999999999", "/admin/jobs/abc", "/admin/jobs/-1", "/admin/models",
        "/admin/models/no-such/activate", "/admin/models/..evil/activate", "/admin/models/%20x", "/admin/models/zz",
        "/admin/replicas", "/admin/jobs/1?wait=abc", "/admin/jobs/1?wait=99h", "/admin/examples?limit=-3",
        "/admin/examples?offset=x", "/predict?x=1", "/nothing-here", "/", "/predict/", "/model/x"};
    static final String[] METHODS = {"GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"};
    static final String[] TYPES = {"application/json", "application/json; charset=UTF-8", "text/plain", "text/csv",
        "multipart/form-data", "multipart/form-data; boundary=xyz", "application/x-www-form-urlencoded", "application/xml",
        "application/json; charset=ISO-8859-1", "a/b;c", "*/*"};
    static final String[] GOOD = {
        "{\"text\":\"love this game\"}",
        "{\"text\":\"love this game\",\"id\":\"7\",\"tier\":\"fast\"}",
        "{\"items\":[{\"text\":\"great\"},{\"text\":\"awful\",\"id\":\"2\"}]}",
        "[{\"text\":\"so good\",\"label\":\"Positive\"}]",
        "{\"epochs\":2,\"seed\":1,\"hyperparameters\":{\"hiddenSize\":8}}",
        "{\"preset\":\"article\",\"labels\":\"binary\",\"force\":true}",
        "text,label\n\"fine day\",Positive\n"};
    static final String[] NASTY = {"null", "true", "-1", "1e999", "\"\"", "\"\\u0000\"", "[]", "{}", "[null]", "[[[[[[[[]]]]]]]]",
        "{\"a\":{\"b\":{\"c\":[1,2,{}]}}}", "\"\\ud800\"", "\"𝔘𝔫𝔦𝔠𝔬𝔡𝔢 😍\"", "\"<script>alert(1)</script>\"", "\"=HYPERLINK(1)\"",
        "\"line\\nforged log line\"", "\"\\u001b[31mred\"", "123456789012345678901234567890", "-0.0", "{\"$ref\":\"#\"}"};

    static Case generate(int n, SplittableRandom r) {
        String path = PATHS[r.nextInt(PATHS.length)];
        String method = r.nextInt(4) == 0 ? METHODS[r.nextInt(METHODS.length)] : (path.startsWith("/admin/jobs") || path.equals("/model")
                || path.equals("/admin/models") || path.equals("/admin/replicas") ? "GET" : "POST");
        String type = r.nextInt(5) == 0 ? TYPES[r.nextInt(TYPES.length)] : "application/json";
        String token = switch (r.nextInt(4)) {
            case 0 -> null;
            case 1 -> "wrong-" + r.nextInt(1000);
            default -> TOKEN;
        };
        return new Case(n, method, path, type, body(r), token);
    }

    /** A valid body broken in one or two ways, or something else entirely. */
    static byte[] body(SplittableRandom r) {
        String base = GOOD[r.nextInt(GOOD.length)];
        String b = switch (r.nextInt(12)) {
            case 0 -> "";
            case 1 -> base.substring(0, r.nextInt(base.length()));                                   // cut short
            case 2 -> base.replaceFirst("\"[a-z]+\":", "\"" + randomWord(r) + "\":");                  // unknown field
            case 3 -> base.replaceFirst(":\"[^\"]*\"", Matcher.quoteReplacement(":" + NASTY[r.nextInt(NASTY.length)]));           // wrong value
            case 4 -> base.replaceFirst("\\{\"text\"", "null,{\"text\"");                                // a null element
            case 5 -> "{\"text\":\"" + "x".repeat(1 + r.nextInt(5000)) + "\"}";                          // long text
            case 6 -> "{\"items\":[" + String.join(",", java.util.Collections.nCopies(1 + r.nextInt(400), "{\"text\":\"a\"}")) + "]}";
            case 7 -> NASTY[r.nextInt(NASTY.length)];
            case 8 -> base + base;                                                                       // trailing data
            case 9 -> base.replace(":", ":" + NASTY[r.nextInt(NASTY.length)] + ",\"x\":");
            case 10 -> "[".repeat(1 + r.nextInt(3000));                                                 // deep nesting
            default -> base;
        };
        byte[] bytes = b.getBytes(StandardCharsets.UTF_8);
        if (r.nextInt(15) == 0 && bytes.length > 0) {
            bytes[r.nextInt(bytes.length)] = (byte) (0x80 + r.nextInt(0x40));                           // invalid UTF-8
        }
        return bytes;
    }

    private static String randomWord(SplittableRandom r) {
        return "f" + Integer.toString(r.nextInt(1 << 20), 36);
    }

    @TestFactory
    Stream<DynamicTest> generatedRequestsNeverGet5xxAndEvery4xxIsAProblem() {
        SplittableRandom random = new SplittableRandom(SEED);
        List<Case> cases = IntStream.range(0, CASES).mapToObj(n -> generate(n, random)).toList();
        return Stream.concat(cases.stream().map(c -> DynamicTest.dynamicTest(c.toString(), () -> check(c))),
                Stream.of(DynamicTest.dynamicTest("the service still answers a good request", this::stillAnswers)));
    }

    private String consolePage;

    @org.junit.jupiter.api.BeforeEach
    void readConsolePage() throws Exception {
        consolePage = new String(getClass().getResourceAsStream("/console/index.html").readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }

    private void check(Case c) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + port + c.path()))
                .timeout(Duration.ofSeconds(30))
                .method(c.method(), c.body().length == 0 ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(c.body()))
                .header("Content-Type", c.contentType());
        if (c.token() != null) {
            b.header("Authorization", "Bearer " + c.token());
        }
        HttpResponse<String> res = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(res.statusCode()).as("%s answered %s", c, res.body()).isLessThan(500);
        // no answer is a page a browser would render, so nothing sent can come back as markup that runs; the one page is
        // the console's, which is a static file whatever the request carried, under a policy that allows no inline script
        String type = res.headers().firstValue("Content-Type").orElse("");
        if (type.contains("html")) {
            assertThat(c.path()).as(c.toString()).isEqualTo("/");
            assertThat(res.statusCode()).as(c.toString()).isEqualTo(200);
            assertThat(res.body()).as(c.toString()).isEqualTo(consolePage);
            assertThat(res.headers().firstValue("Content-Security-Policy").orElse("")).as(c.toString()).contains("default-src 'self'");
        }
        assertThat(res.headers().firstValue("X-Content-Type-Options")).as(c.toString()).contains("nosniff");
        if (res.statusCode() >= 400) {
            assertThat(res.headers().firstValue("Content-Type").orElse("")).as("%s: %s", c, res.body()).startsWith("application/problem+json");
            JsonNode problem = json.readTree(res.body());
            assertThat(problem.path("status").asInt()).as(c.toString()).isEqualTo(res.statusCode());
            assertThat(problem.path("detail").asString()).as(c.toString()).doesNotContain("java.", "com.tweetsentiment", "Exception");
        }
    }

    private void stillAnswers() throws Exception {
        HttpResponse<String> ok = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/predict"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"text\":\"love this game\"}")).header("Content-Type", "application/json")
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(ok.statusCode()).isEqualTo(200);
    }

    @Test
    void theCasesTheBadInputRunFoundAreFourHundredsNamingTheField() throws Exception {
        HttpResponse<String> multipart = send("POST", "/predict", "multipart/form-data", "{\"text\":\"hi\"}", null);
        assertThat(multipart.statusCode()).isEqualTo(400);
        HttpResponse<String> nullItem = send("POST", "/predict/batch", "application/json", "{\"items\":[{\"text\":\"a\"},null]}", null);
        assertThat(nullItem.statusCode()).isEqualTo(400);
        assertThat(json.readTree(nullItem.body()).path("errors").get(0).path("field").asString()).isEqualTo("items[1]");
        HttpResponse<String> noBoundary = send("POST", "/admin/retrain", "multipart/form-data", "--x\r\n", TOKEN);
        assertThat(noBoundary.statusCode()).isEqualTo(400);
        HttpResponse<String> unknown = send("POST", "/admin/retrain", "application/json", "{\"epoch\":3}", TOKEN);
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(json.readTree(unknown.body()).path("detail").asString()).contains("epoch is not a field of this request", "epochs");
        HttpResponse<String> wrongType = send("POST", "/predict/batch", "application/json", "{\"items\":[{\"text\":\"a\"},{\"text\":[1]}]}", null);
        assertThat(wrongType.statusCode()).isEqualTo(400);
        assertThat(json.readTree(wrongType.body()).path("detail").asString()).isEqualTo("items[1].text must be text");
        HttpResponse<String> wrongNumber = send("POST", "/admin/retrain", "application/json", "{\"epochs\":\"many\"}", TOKEN);
        assertThat(json.readTree(wrongNumber.body()).path("detail").asString()).startsWith("epochs must be a whole number")
                .doesNotContain("java.");
    }

    @Test
    void theActuatorShowsHealthInfoAndPrometheusOnly() throws Exception {
        for (String open : List.of("/actuator/health", "/actuator/health/readiness", "/actuator/info", "/actuator/prometheus")) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + open)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(open).isEqualTo(200);
        }
        for (String closed : List.of("/actuator/env", "/actuator/beans", "/actuator/configprops", "/actuator/heapdump",
                "/actuator/threaddump", "/actuator/metrics", "/actuator/loggers", "/actuator/mappings", "/actuator/shutdown")) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + closed)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(closed).isEqualTo(404);
            assertThat(r.headers().firstValue("Content-Type").orElse("")).as(closed).startsWith("application/problem+json");
        }
    }

    @Test
    void requestsTomcatRefusesItselfGetAProblemTooNotAnHtmlPage() throws Exception {
        for (String requestLine : List.of("GET /%2e%2e/x HTTP/1.1", "GET /predict%00 HTTP/1.1", "GET /" + "a".repeat(20_000) + " HTTP/1.1",
                "GET /a b c HTTP/1.1", "GET /predict HTTP/1.1\r\nBad Header: x")) {
            String answer = raw(requestLine + "\r\nHost: localhost\r\nConnection: close\r\n\r\n");
            String head = answer.substring(0, Math.max(0, answer.indexOf("\r\n\r\n"))).toLowerCase(Locale.ROOT);
            assertThat(head).as(requestLine.substring(0, Math.min(60, requestLine.length()))).matches("(?s)http/1\\.1 4\\d\\d.*")
                    .contains("content-type: application/problem+json");
            assertThat(answer).doesNotContain("<html", "Apache Tomcat");
        }
        stillAnswers();
    }

    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void userTextInTheLogCannotForgeALineOrColourTheTerminal(CapturedOutput output) throws Exception {
        String forged = "\n2026-12-02T00:00:00.000Z ERROR 1 --- [main] forged : FORGED-LINE \u001b[31mred\r";
        String encoded = java.net.URLEncoder.encode(forged, StandardCharsets.UTF_8).replace("+", "%20");
        http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/nothing-" + encoded)).build(),
                HttpResponse.BodyHandlers.ofString());
        send("POST", "/admin/models/v" + encoded + "/activate", "application/json", "{}", TOKEN);
        send("POST", "/admin/retrain", "application/json", json.writeValueAsString(java.util.Map.of("epochs" + forged, 1)), TOKEN);
        send("POST", "/admin/examples", "text/csv", "text,label\n\"a\",\"" + forged + "\"\n", TOKEN);
        // and whatever any code path may log: one event is one line
        org.slf4j.LoggerFactory.getLogger(BadInputIntegrationTests.class).warn("a request said {}", forged);
        assertThat(output.getAll()).contains("a request said \\n2026-12-02T00:00:00.000Z ERROR 1 --- [main] forged : FORGED-LINE");
        assertThat(output.getAll().lines()).noneMatch(line -> line.startsWith("2026-12-02T00:00:00.000Z ERROR 1"));
        assertThat(output.getAll()).doesNotContain("\u001b[31mred").doesNotContain("red\r");
    }

    private String raw(String request) throws Exception {
        try (Socket s = new Socket("localhost", port)) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = s.getInputStream();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            for (int n; (n = in.read(buf)) > 0; ) {
                all.write(buf, 0, n);
            }
            return all.toString(StandardCharsets.ISO_8859_1);
        }
    }

    private HttpResponse<String> send(String method, String path, String type, String body, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .method(method, HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", type);
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> res = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(res.headers().firstValue("Content-Type").orElse("")).as(res.body()).startsWith("application/problem+json");
        return res;
    }
}
