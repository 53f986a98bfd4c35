package com.tweetsentiment.api;

import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.BDDMockito.given;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.tweetsentiment.drift.DriftMonitor;
import com.tweetsentiment.engine.Prediction;
import com.tweetsentiment.serving.AccurateTier;
import com.tweetsentiment.serving.ModelRegistry;
import com.tweetsentiment.serving.ModelUnavailableException;
import com.tweetsentiment.serving.PredictionService;
import com.tweetsentiment.serving.ServingProperties;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

/** Every way a request can be wrong gets a 4xx problem+json that says what, and never reaches the model. */
@WebMvcTest({PredictController.class, ModelController.class})
@Import({JsonStrictness.class, BodySizeLimitFilter.class})
@EnableConfigurationProperties(ServingProperties.class)
@TestPropertySource(properties = {"sentiment.max-text-length=50", "sentiment.max-batch-items=3", "sentiment.max-body-size=2KB"})
class PredictControllerTest {

    @Autowired
    MockMvc mvc;

    @MockitoBean
    DriftMonitor drift;

    @MockitoBean
    PredictionService predictions;

    @MockitoBean
    ModelRegistry registry;

    @MockitoBean
    AccurateTier accurate;

    private static final Prediction POSITIVE = new Prediction("Positive", 0.9, Map.of("Negative", 0.1, "Positive", 0.9), 3, 3);

    private void bad(String body, String detailPart) throws Exception {
        mvc.perform(post("/predict").contentType(MediaType.APPLICATION_JSON).content(body))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.detail", org.hamcrest.Matchers.containsString(detailPart)));
    }

    @Test
    void answersAWellFormedRequest() throws Exception {
        given(predictions.predict(anyList(), anyBoolean())).willReturn(new PredictionService.Result("v7", List.of(POSITIVE)));
        mvc.perform(post("/predict").contentType(MediaType.APPLICATION_JSON).content("{\"text\":\"great\",\"id\":\"a1\"}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.id").value("a1"))
                .andExpect(jsonPath("$.label").value("Positive"))
                .andExpect(jsonPath("$.modelVersion").value("v7"))
                .andExpect(jsonPath("$.knownTokens").value(3));
    }

    @Test
    void theAccurateTierAnswersWhenAskedForAndRunning() throws Exception {
        given(accurate.enabled()).willReturn(true);
        given(accurate.predict(anyList())).willReturn(new PredictionService.Result("teacher-v1", List.of(POSITIVE, POSITIVE)));
        mvc.perform(post("/predict").contentType(MediaType.APPLICATION_JSON).content("{\"text\":\"great\",\"tier\":\"accurate\"}"))
                .andExpect(status().isOk()).andExpect(jsonPath("$.modelVersion").value("teacher-v1"));
        mvc.perform(post("/predict/batch").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"tier\":\"accurate\",\"items\":[{\"text\":\"a\"},{\"text\":\"b\"}]}"))
                .andExpect(status().isOk()).andExpect(jsonPath("$.modelVersion").value("teacher-v1"));
        given(predictions.predict(anyList(), anyBoolean())).willReturn(new PredictionService.Result("v7", List.of(POSITIVE)));
        mvc.perform(post("/predict").contentType(MediaType.APPLICATION_JSON).content("{\"text\":\"great\",\"tier\":\"fast\"}"))
                .andExpect(status().isOk()).andExpect(jsonPath("$.modelVersion").value("v7"));
        org.mockito.Mockito.verify(accurate, org.mockito.Mockito.times(2)).predict(anyList());
    }

    @Test
    void anAccurateTierThatIsOffOrAMisspelledTierIs400() throws Exception {
        given(accurate.enabled()).willReturn(false);
        bad("{\"text\":\"great\",\"tier\":\"accurate\"}", "accurate tier, which is off");
        bad("{\"text\":\"great\",\"tier\":\"precise\"}", "must be fast or accurate");
        mvc.perform(post("/predict/batch").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"items\":[{\"text\":\"a\",\"tier\":\"accurate\"}]}"))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.detail", org.hamcrest.Matchers.containsString("items[0].tier")));
        org.mockito.Mockito.verify(accurate, org.mockito.Mockito.never()).predict(anyList());
        org.mockito.Mockito.verifyNoInteractions(predictions);
    }

    @Test
    void refusesMissingBlankMistypedAndMalformedText() throws Exception {
        bad("{}", "text must not be blank");
        bad("{\"text\":\"   \"}", "text must not be blank");
        bad("{\"text\":5}", "text must be text");
        bad("{\"text\":[\"a\"]}", "text must be text");
        bad("{\"text\":\"unclosed", "end-of-input");
        bad("", "body is missing");
        bad("[1,2]", "the body must be an object");
        bad("{\"text\":\"hi\",\"txet\":\"typo\"}", "txet is not a field of this request; known fields: explain, id, minConfidence, text, tier");
        bad("{\"text\":\"" + "x".repeat(51) + "\"}", "at most 50");
    }

    @Test
    void refusesBadBatches() throws Exception {
        String four = "{\"items\":[{\"text\":\"a\"},{\"text\":\"b\"},{\"text\":\"c\"},{\"text\":\"d\"}]}";
        mvc.perform(post("/predict/batch").contentType(MediaType.APPLICATION_JSON).content(four))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.detail", org.hamcrest.Matchers.containsString("at most 3")));
        mvc.perform(post("/predict/batch").contentType(MediaType.APPLICATION_JSON).content("{\"items\":[]}"))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors[0].field").value("items"));
        mvc.perform(post("/predict/batch").contentType(MediaType.APPLICATION_JSON).content("{\"items\":[{\"text\":\"ok\"},{\"text\":\"\"}]}"))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors[0].field").value("items[1].text"));
    }

    @Test
    void refusesOversizedBodiesWrongContentTypesMethodsAndPaths() throws Exception {
        mvc.perform(post("/predict").contentType(MediaType.APPLICATION_JSON).content("{\"text\":\"" + "x".repeat(3000) + "\"}"))
                .andExpect(status().isPayloadTooLarge()).andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON));
        mvc.perform(post("/predict").contentType(MediaType.TEXT_PLAIN).content("hello"))
                .andExpect(status().isUnsupportedMediaType()).andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON));
        mvc.perform(get("/predict")).andExpect(status().isMethodNotAllowed())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON));
        mvc.perform(get("/nowhere")).andExpect(status().isNotFound())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON));
        org.mockito.Mockito.verifyNoInteractions(predictions);
    }

    @Test
    void aFullQueueOrAMissingModelIs503WithRetryAfter() throws Exception {
        given(predictions.predict(anyList(), anyBoolean())).willThrow(new ModelUnavailableException("the inference queue is full", 1));
        mvc.perform(post("/predict").contentType(MediaType.APPLICATION_JSON).content("{\"text\":\"great\"}"))
                .andExpect(status().isServiceUnavailable()).andExpect(header().string("Retry-After", "1"))
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON));
        given(registry.require()).willThrow(new ModelUnavailableException("no model is loaded"));
        mvc.perform(get("/model")).andExpect(status().isServiceUnavailable()).andExpect(header().exists("Retry-After"));
    }
}
