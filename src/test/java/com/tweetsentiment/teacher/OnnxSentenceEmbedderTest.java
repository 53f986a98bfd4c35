package com.tweetsentiment.teacher;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The real encoders, loaded from the LangChain4j jars on the classpath (no network). */
class OnnxSentenceEmbedderTest {

    @ParameterizedTest
    @EnumSource(TeacherModel.class)
    void embedsTextsSoThatRelatedOnesAreCloser(TeacherModel model) {
        try (OnnxSentenceEmbedder e = OnnxSentenceEmbedder.open(model, 1)) {
            float[] love = e.embed("I love this game, best update ever");
            float[] like = e.embed("really enjoying this game after the update");
            float[] bank = e.embed("the bank raised its interest rates today");
            assertThat(love).hasSize(e.dimension()).hasSize(384);
            assertThat(cosine(love, like)).isGreaterThan(cosine(love, bank));
            assertThat(e.fingerprint()).hasSize(64);
            assertThat(e.embed("I love this game, best update ever")).isEqualTo(love);
        }
    }

    private static double cosine(float[] a, float[] b) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }
        return dot / Math.sqrt(na * nb);
    }
}
