package com.tweetsentiment.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.util.FileSystemUtils;

/**
 * The web console in a real browser: Debian's chromium, headless, through its chromedriver, against the packaged jar
 * started as a user starts it (a copy of the shipped models, an admin token, a small base dataset for retraining).
 * Skipped, saying so, only where chromium or chromedriver is not installed ({@code .ci/run} installs both and checks
 * that this ran). Screenshots of each page go to {@code target/console/}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleIT {

    static final Path JAR = Path.of("target", "tweet-sentiment.jar");
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Path SCREENSHOTS = Path.of("target", "console");
    static final String TOKEN = "console-it-" + UUID.randomUUID();

    static Path dir;
    static Process server;
    static String base;
    static String shipped;
    static WebDriver browser;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "chromium and chromedriver are not installed (apt-get install chromium chromium-driver); .ci/run installs them");
        assertThat(JAR).as("the packaged jar (mvn package runs before the integration tests)").isRegularFile();
        dir = Files.createTempDirectory("console-it");
        FileSystemUtils.copyRecursively(Path.of("model-artifacts"), dir.resolve("models"));
        shipped = Files.readString(dir.resolve("models").resolve("ACTIVE")).strip();
        int port = freePort();
        base = "http://localhost:" + port;
        server = startServer(port, TOKEN, dir.resolve("models"), dir.resolve("state"), dir.resolve("server.log"));
        awaitReady(server, base, dir.resolve("server.log"));

        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1200,1400");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
        Files.createDirectories(SCREENSHOTS);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** The packaged jar as the README starts it; {@code token} null leaves the admin API off. */
    private static Process startServer(int port, String token, Path models, Path state, Path log) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules=jdk.incubator.vector", "-XX:+UseG1GC", "-jar", JAR.toString(), "--server.port=" + port,
                "--sentiment.models-dir=" + models, "--sentiment.admin.state-dir=" + state,
                "--sentiment.admin.base-dataset=http-tests/data/new-slang.csv",
                "--sentiment.admin.trainer.heap=1GB", "--sentiment.admin.trainer.off-heap=1GB", "--sentiment.shadow.sample-rate=1.0")
                .redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().remove("SENTIMENT_ADMIN_TOKEN");
        if (token != null) {
            pb.environment().put("SENTIMENT_ADMIN_TOKEN", token);
        }
        return pb.start();
    }

    private static void awaitReady(Process process, String url, Path log) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        for (int i = 0; i < 180; i++) {
            assertThat(process.isAlive()).as("the server stopped: " + Files.readString(log)).isTrue();
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url + "/actuator/health/readiness")).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(1000);
        }
        throw new AssertionError("not ready after 180 s");
    }

    @AfterAll
    static void stop() throws Exception {
        if (browser != null) {
            browser.quit();
        }
        if (server != null) {
            server.destroy();
            server.waitFor();
        }
        if (dir != null) {
            FileSystemUtils.deleteRecursively(dir);
        }
    }

    private static WebDriverWait await(int seconds) {
        return new WebDriverWait(browser, Duration.ofSeconds(seconds));
    }

    private static WebElement id(String id) {
        return browser.findElement(By.id(id));
    }

    private static void screenshot(String name) throws IOException {
        Path shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(shot, SCREENSHOTS.resolve(name + ".png"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    @Test
    @Order(1)
    void tryingATextShowsItsLabelAndTokensShadedByTheirContribution() throws Exception {
        browser.get(base + "/");
        await(10).until(ExpectedConditions.textToBePresentInElementLocated(By.id("serving"), shipped));
        id("try-text").sendKeys("I love this game, the new update is great!");
        id("try-submit").click();
        WebElement result = await(10).until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#try-results .result")));
        assertThat(result.findElement(By.className("label")).getText()).isEqualTo("Positive");
        WebElement love = result.findElement(By.cssSelector(".token[data-token='love']"));
        assertThat(love.getText()).isEqualTo("love");
        assertThat(love.getAttribute("class")).contains("pos");
        assertThat(Double.parseDouble(love.getAttribute("data-contribution"))).isPositive();
        assertThat(love.getCssValue("background-color")).startsWith("rgba(22, 130, 60");
        // the original text is all there, in its own case and punctuation, tokens and gaps together
        assertThat(result.findElement(By.className("tokens")).getText()).isEqualTo("I love this game, the new update is great!");
        // what the threshold would have done on the held-out tweets, from the artifact's profile
        assertThat(id("try-coverage").getText()).startsWith("On the held-out tweets, a threshold of 0.70 answers");
        screenshot("try-it");

        // the threshold slider, by keyboard: at 1.00 every answer abstains, and says so
        WebElement slider = id("try-threshold");
        slider.sendKeys(Keys.END);
        assertThat(id("try-threshold-value").getText()).isEqualTo("1.00");
        assertThat(id("try-results").findElement(By.className("abstained")).getText()).contains("below 1.00");
    }

    @Test
    @Order(2)
    void severalLinesAreScoredAsOneBatchInOrder() {
        browser.get(base + "/#try");
        id("try-text").clear();
        id("try-text").sendKeys("worst patch ever, the servers are broken again\nbest stream today, loved it");
        id("try-lines").click();
        id("try-submit").click();
        await(10).until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#try-results .result"), 2));
        List<String> labels = browser.findElements(By.cssSelector("#try-results .result .label")).stream().map(WebElement::getText).toList();
        assertThat(labels).containsExactly("Negative", "Positive");
    }

    @Test
    @Order(3)
    void theModelPageShowsTheCardMetricsAndCharts() throws Exception {
        browser.get(base + "/");
        id("tab-try").sendKeys(Keys.ARROW_RIGHT);   // the tabs move with the arrow keys
        assertThat(id("tab-model").getAttribute("aria-selected")).isEqualTo("true");
        await(10).until(ExpectedConditions.textToBePresentInElementLocated(By.id("model-card"), shipped));
        assertThat(id("model-card").getText()).contains("Test accuracy", "ROC-AUC", "bge-small");
        assertThat(id("model-metrics").findElements(By.cssSelector("tbody tr"))).hasSize(2);
        // a few texts so far: the drift panel says it needs more, and shows the reference beside the live window
        await(10).until(d -> id("drift-verdict").getAttribute("data-verdict") != null);
        assertThat(id("drift-verdict").getAttribute("data-verdict")).isEqualTo("insufficient-data");
        assertThat(id("drift-table").findElements(By.cssSelector("tbody tr"))).hasSize(3);
        assertThat(id("coverage-chart").findElements(By.tagName("canvas"))).isNotEmpty();
        for (String chart : List.of("model-curves", "model-confusion")) {
            await(10).until(d -> (Boolean) ((org.openqa.selenium.JavascriptExecutor) d)
                    .executeScript("const i = document.getElementById(arguments[0]); return i.complete && i.naturalWidth > 0;", chart));
        }
        screenshot("model");
    }

    @Test
    @Order(4)
    void aWrongTokenIsShownAsAnErrorAndNothingOfTheAdminPageOpens() throws Exception {
        browser.get(base + "/#admin");
        id("admin-token").sendKeys("not-the-token");
        id("login-submit").click();
        WebElement error = await(10).until(ExpectedConditions.visibilityOfElementLocated(By.id("admin-error")));
        assertThat(error.getText()).contains("not accepted");
        assertThat(id("admin-area").isDisplayed()).isFalse();
        screenshot("admin-wrong-token");
    }

    @Test
    @Order(5)
    void signedInTheExamplesUploadShowsRowErrorsAndARetrainingJobShowsItsProgressAndGate() throws Exception {
        browser.get(base + "/#admin");
        id("admin-token").sendKeys(TOKEN);
        id("login-submit").click();
        await(10).until(ExpectedConditions.visibilityOfElementLocated(By.id("admin-area")));
        WebElement shippedRow = browser.findElement(By.cssSelector("#versions tr[data-version='" + shipped + "']"));
        assertThat(shippedRow.findElement(By.className("state")).getText()).isEqualTo("active");

        Path csv = dir.resolve("examples.csv");
        Files.writeString(csv, "text,label\nthis update is great,Positive\n,Negative\nfine game,Sideways\n");
        id("examples-file").sendKeys(csv.toAbsolutePath().toString());
        id("examples-submit").click();
        await(10).until(ExpectedConditions.numberOfElementsToBeMoreThan(By.cssSelector("#examples-errors li"), 1));
        String errors = id("examples-errors").getText();
        assertThat(errors).contains("row 2", "row 3");
        assertThat(id("examples-result").getText()).contains("nothing was stored");

        id("retrain-epochs").sendKeys("2");
        id("retrain-hyper").sendKeys("{\"embeddingSize\":8,\"hiddenSize\":8,\"wideEpochs\":3,\"ngramBuckets\":4096,\"minCount\":1,"
                + "\"batchSize\":16,\"learningRate\":0.01,\"wideLearningRate\":0.05,\"seed\":7}");
        id("retrain-submit").click();
        await(30).until(ExpectedConditions.visibilityOfElementLocated(By.id("job")));
        await(300).until(d -> Stream.of("succeeded", "failed", "rejected", "cancelled").anyMatch(s -> s.equals(id("job").getAttribute("data-state"))));
        assertThat(id("job").getAttribute("data-state")).as(id("job-status").getText() + "\n" + id("job-log").getAttribute("textContent"))
                .isEqualTo("succeeded");
        // 3 n-gram epochs and up to 2 LSTM epochs: every one of them drawn, however the polling fell
        assertThat(Integer.parseInt(id("job-chart").getAttribute("data-points"))).isGreaterThanOrEqualTo(4);
        assertThat(id("job-chart").findElements(By.tagName("canvas"))).isNotEmpty();
        assertThat(id("job-gate").getText()).startsWith("Gate passed").contains("Now serving");
        assertThat(id("job-progress").getAttribute("value")).isEqualTo("100");
        ((org.openqa.selenium.JavascriptExecutor) browser).executeScript("document.getElementById('retrain-form').scrollIntoView()");
        screenshot("admin-retrain");
    }

    @Test
    @Order(6)
    void theShippedVersionShadowsTheRetrainedOneOnLiveTextsAndActivatingItEndsTheShadow() throws Exception {
        browser.get(base + "/#admin");   // the token stays in the tab's session storage
        await(10).until(ExpectedConditions.visibilityOfElementLocated(By.id("admin-area")));
        await(10).until(ExpectedConditions.elementToBeClickable(By.cssSelector("button.shadow[data-version='" + shipped + "']"))).click();
        await(20).until(ExpectedConditions.visibilityOfElementLocated(By.id("shadow")));
        assertThat(id("shadow-summary").getText()).startsWith(shipped + " scores 100.0 % of live texts");

        id("tab-try").click();
        id("try-text").clear();
        id("try-text").sendKeys("the servers are down again, worst weekend");
        if (id("try-lines").isSelected()) {   // test 2 left it on
            id("try-lines").click();
        }
        id("try-submit").click();
        await(10).until(ExpectedConditions.textToBePresentInElementLocated(By.id("try-results"), "worst weekend"));

        id("tab-admin").click();
        await(20).until(d -> {
            id("shadow-refresh").click();
            String texts = id("shadow").getAttribute("data-texts");
            return texts != null && Integer.parseInt(texts) >= 1;
        });
        assertThat(id("shadow-table").getText()).contains("Agreement", "Its labels");
        screenshot("admin-shadow");

        await(10).until(ExpectedConditions.elementToBeClickable(By.cssSelector("button.activate[data-version='" + shipped + "']"))).click();
        await(20).until(ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector("#versions tr[data-version='" + shipped + "'] .state"), "active"));
        await(20).until(ExpectedConditions.textToBePresentInElementLocated(By.id("serving"), shipped));
        assertThat(id("admin-status").getText()).isEqualTo("Activated " + shipped + ".");
        await(10).until(ExpectedConditions.invisibilityOfElementLocated(By.id("shadow")));   // activating it ended its shadow
        screenshot("admin-versions");
    }

    @Test
    @Order(7)
    void withTheAdminApiOffTheAdminPageSaysSo() throws Exception {
        int port = freePort();
        String url = "http://localhost:" + port;
        Process off = startServer(port, null, dir.resolve("models"), dir.resolve("state-off"), dir.resolve("server-off.log"));
        try {
            awaitReady(off, url, dir.resolve("server-off.log"));
            browser.get(url + "/#admin");
            id("admin-token").sendKeys("anything");
            id("login-submit").click();
            WebElement error = await(10).until(ExpectedConditions.visibilityOfElementLocated(By.id("admin-error")));
            assertThat(error.getText()).contains("The admin API is off on this server", "no admin token is configured");
            assertThat(id("admin-area").isDisplayed()).isFalse();
            screenshot("admin-off");
        } finally {
            off.destroy();
            off.waitFor();
        }
    }
}
