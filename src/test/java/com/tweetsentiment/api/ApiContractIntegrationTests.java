package com.tweetsentiment.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.tweetsentiment.client.ApiClient;
import com.tweetsentiment.client.ApiException;
import com.tweetsentiment.client.api.AdminExamplesApi;
import com.tweetsentiment.client.api.AdminModelsApi;
import com.tweetsentiment.client.api.AdminRetrainingApi;
import com.tweetsentiment.client.api.ModelApi;
import com.tweetsentiment.client.api.PredictApi;
import com.tweetsentiment.client.model.BatchRequest;
import com.tweetsentiment.client.model.BatchResponse;
import com.tweetsentiment.client.model.Job;
import com.tweetsentiment.client.model.JobView;
import com.tweetsentiment.client.model.ModelCard;
import com.tweetsentiment.client.model.ModelList;
import com.tweetsentiment.client.model.PredictRequest;
import com.tweetsentiment.client.model.PredictResponse;
import com.tweetsentiment.client.model.Problem;
import com.tweetsentiment.client.model.RetrainRequest;
import com.tweetsentiment.client.model.Stored;
import com.tweetsentiment.client.model.Summary;
import com.tweetsentiment.serving.TestModels;
import com.tweetsentiment.training.SyntheticData;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.util.FileSystemUtils;

/**
 * The API document is exact: the one the service serves is the one kept in {@code docs/openapi.json} (from which the
 * build generates a Java client, openapi-generator's {@code native} library), and that client, used as a new user
 * would use it, gets from the running service what the document promises, errors included. The client refuses any
 * field the document does not declare, so an answer that grows a field the document lacks fails here.
 *
 * <p>After changing the API: {@code mvn test -Dtest=ApiContractIntegrationTests -Dopenapi.write=true} rewrites the
 * document; read its diff, then run the tests again (the client is generated from it at the start of the build).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ApiContractIntegrationTests {

    static final String TOKEN = "contract-token-0123456789";
    static final Path DOCUMENT = Path.of("docs", "openapi.json");
    static final Path DIR = TestModels.tempDirWithModels("api-contract");

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        registry.add("sentiment.models-dir", () -> DIR.resolve("models").toString());
        registry.add("sentiment.admin.state-dir", () -> DIR.resolve("state").toString());
        registry.add("sentiment.admin.token", () -> TOKEN);
        registry.add("sentiment.admin.trainer.heap", () -> "512MB");
        registry.add("sentiment.admin.trainer.off-heap", () -> "1GB");
        registry.add("sentiment.models.poll-interval", () -> "0");
    }

    @AfterAll
    static void cleanUp() {
        FileSystemUtils.deleteRecursively(DIR.toFile());
    }

    @LocalServerPort
    int port;

    private ApiClient client(String token) {
        ApiClient c = new ApiClient();
        c.updateBaseUri("http://localhost:" + port);
        c.getObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        if (token != null) {
            c.setRequestInterceptor(b -> b.header("Authorization", "Bearer " + token));
        }
        return c;
    }

    private static Problem problem(ApiException e, int status) throws IOException {
        assertThat(e.getCode()).as(e.getResponseBody()).isEqualTo(status);
        assertThat(e.getResponseHeaders().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        Problem p = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).readValue(e.getResponseBody(), Problem.class);
        assertThat(p.getStatus()).isEqualTo(status);
        assertThat(p.getTitle()).isNotBlank();
        return p;
    }

    @Test
    void theServedDocumentIsTheOneInTheRepository() throws Exception {
        HttpResponse<String> served = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/v3/api-docs")).build(), HttpResponse.BodyHandlers.ofString());
        ObjectMapper json = new ObjectMapper();
        var live = json.readTree(served.body());
        if (Boolean.getBoolean("openapi.write")) {
            Files.writeString(DOCUMENT, json.writerWithDefaultPrettyPrinter().writeValueAsString(live) + "\n");
        }
        assertThat(live).as("/v3/api-docs differs from %s: rewrite it with -Dopenapi.write=true and read the diff", DOCUMENT)
                .isEqualTo(json.readTree(DOCUMENT.toFile()));
    }

    @Test
    void thePublicEndpointsAnswerAsDocumented() throws Exception {
        PredictApi predict = new PredictApi(client(null));
        PredictResponse one = predict.predict(new PredictRequest().text("love this game, it is great").id("a1"));
        assertThat(one.getId()).isEqualTo("a1");
        assertThat(one.getModelVersion()).isEqualTo(TestModels.GOLDEN);
        assertThat(one.getScores()).containsKeys("Negative", "Positive");
        assertThat(one.getLabel()).isIn("Negative", "Positive");

        BatchResponse batch = predict.predictBatch(new BatchRequest().items(List.of(new PredictRequest().text("awful, broken again"),
                new PredictRequest().text("love this game, it is great"))));
        assertThat(batch.getResults()).hasSize(2);
        assertThat(batch.getResults().get(1).getScores()).isEqualTo(one.getScores());

        ModelCard card = new ModelApi(client(null)).getModel();
        assertThat(card.getVersion()).isEqualTo(TestModels.GOLDEN);
        assertThat(card.getLabels()).containsExactly("Negative", "Positive");
        assertThat(card.getArchitecture().getHiddenSize()).isPositive();
        assertThat(card.getTrainingSettings().getEpochs()).isPositive();

        ApiException blank = org.junit.jupiter.api.Assertions.assertThrows(ApiException.class,
                () -> predict.predict(new PredictRequest().text(" ")));
        assertThat(problem(blank, 400).getErrors()).anySatisfy(e -> assertThat(e.getField()).isEqualTo("text"));
        ApiException nullItem = org.junit.jupiter.api.Assertions.assertThrows(ApiException.class,
                () -> predict.predictBatch(new BatchRequest().items(List.of(new PredictRequest().text("fine"), new PredictRequest()))));
        assertThat(problem(nullItem, 400).getDetail()).contains("items[1].text");
    }

    @Test
    void theAdminEndpointsAnswerAsDocumented() throws Exception {
        ApiClient admin = client(TOKEN);
        AdminModelsApi models = new AdminModelsApi(admin);
        ModelList list = models.listModels();
        assertThat(list.getActive()).isEqualTo(TestModels.GOLDEN);
        assertThat(list.getModels()).anySatisfy(m -> {
            assertThat(m.getVersion()).isEqualTo(TestModels.GOLDEN);
            assertThat(m.getTestMetrics().getAccuracy()).isBetween(0.0, 1.0);
            assertThat(m.getDataset().getRowsUsed()).isPositive();
        });
        assertThat(models.activateModel(TestModels.GOLDEN, null).getActive()).isTrue();
        assertThat(models.listReplicas()).isNotNull();
        assertThat(problem(assertThrows(() -> models.activateModel("no-such-version", null)), 404).getDetail()).contains("no-such-version");
        assertThat(problem(assertThrows(() -> models.deleteModel(TestModels.GOLDEN)), 409).getDetail()).isNotBlank();

        AdminExamplesApi examples = new AdminExamplesApi(admin);
        Stored stored = examples.addExamples("text,label\n\"what a fine day\",Positive\n");
        assertThat(stored.getAdded()).isEqualTo(1);
        Summary summary = examples.listExamples(0L, 10);
        assertThat(summary.getTotal()).isEqualTo(stored.getTotal());
        assertThat(summary.getExamples()).anySatisfy(e -> assertThat(e.getText()).isEqualTo("what a fine day"));
        Problem rows = problem(assertThrows(() -> examples.addExamples("text,label\n\"x\",Happy\n")), 400);
        assertThat(rows.getErrors()).singleElement().satisfies(e -> {
            assertThat(e.getRow()).isEqualTo(1);
            assertThat(e.getField()).isEqualTo("label");
        });

        AdminRetrainingApi jobs = new AdminRetrainingApi(admin);
        Path upload = DIR.resolve("upload.csv");
        Files.writeString(upload, SyntheticData.csv(SyntheticData.examples(60, 2, 3)));
        RetrainRequest options = new RetrainRequest().epochs(1).force(true).hyperparameters(Map.of(
                "embeddingSize", 8, "hiddenSize", 8, "wideEpochs", 1, "ngramBuckets", 1024, "minCount", 1, "batchSize", 16));
        JobView queued = jobs.retrain(upload.toFile(), admin.getObjectMapper().writeValueAsString(options));
        assertThat(queued.getState()).isIn(JobView.StateEnum.QUEUED, JobView.StateEnum.RUNNING);
        JobView ended = jobs.getJob(queued.getId(), "3m");
        assertThat(ended.getState()).as(String.join("\n", ended.getLog())).isEqualTo(JobView.StateEnum.SUCCEEDED);
        assertThat(jobs.listJobs()).extracting(Job::getId).contains(queued.getId());
        assertThat(problem(assertThrows(() -> jobs.cancelJob(queued.getId())), 409).getDetail()).isNotBlank();
        assertThat(problem(assertThrows(() -> jobs.getJob(987_654L, null)), 404).getDetail()).contains("987654");
        assertThat(ended.getActivatedVersion()).isEqualTo(ended.getCandidateVersion());  // forced past the gate
        assertThat(models.activateModel(TestModels.GOLDEN, null).getActive()).isTrue();  // roll back, then delete the candidate
        models.deleteModel(ended.getCandidateVersion());
        assertThat(models.listModels().getModels()).noneSatisfy(m -> assertThat(m.getVersion()).isEqualTo(ended.getCandidateVersion()));

        Problem unauthorized = problem(assertThrows(() -> new AdminModelsApi(client(null)).listModels()), 401);
        assertThat(unauthorized.getDetail()).isNotBlank();
    }

    private interface Call {
        void run() throws ApiException;
    }

    private static ApiException assertThrows(Call call) {
        return org.junit.jupiter.api.Assertions.assertThrows(ApiException.class, call::run);
    }
}
