package com.tweetsentiment.artifact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.tweetsentiment.engine.Prediction;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A format-v1 artifact written by release 0.1 (the {@code train} command on a small generated CSV) must keep
 * loading and predicting the values it predicted then, recorded next to it by the {@code predict} command.
 */
class GoldenArtifactTest {

    private static final Path GOLDEN = Path.of("src/test/resources/golden");

    @Test
    void formatVersion1StillLoadsAndPredictsItsRecordedValues() throws Exception {
        ModelArtifacts.Loaded loaded = ModelArtifacts.load(GOLDEN.resolve("golden-v1"));
        assertThat(loaded.manifest().formatVersion()).isEqualTo(1);
        List<JsonNode> expected = Files.readAllLines(GOLDEN.resolve("golden-v1.expected.jsonl")).stream()
                .map(l -> ModelArtifacts.json().readTree(l)).toList();
        assertThat(expected).hasSize(4);
        List<Prediction> got = loaded.model().predict(expected.stream().map(e -> e.get("text").asString()).toList());
        for (int i = 0; i < expected.size(); i++) {
            JsonNode e = expected.get(i);
            Prediction p = got.get(i);
            assertThat(p.label()).as("label of %s", e.get("text")).isEqualTo(e.get("label").asString());
            assertThat(p.knownTokens()).isEqualTo(e.get("knownTokens").asInt());
            for (Map.Entry<String, Double> s : p.scores().entrySet()) {
                assertThat(s.getValue()).as("%s score of %s", s.getKey(), e.get("text"))
                        .isCloseTo(e.get("scores").get(s.getKey()).asDouble(), within(1e-6));
            }
        }
    }
}
