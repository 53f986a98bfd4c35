package com.tweetsentiment.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class EvaluationTest {

    @Test
    void computesAccuracyPerLabelFiguresAucAndConfusion() {
        int[] truth = {0, 0, 1, 1, 1};
        float[][] p = {{0.9f, 0.1f}, {0.4f, 0.6f}, {0.3f, 0.7f}, {0.2f, 0.8f}, {0.65f, 0.35f}};
        Evaluation e = Evaluation.of(List.of("Negative", "Positive"), truth, p);
        assertThat(e.accuracy()).isCloseTo(0.6, within(1e-12));
        assertThat(e.confusion()).isDeepEqualTo(new int[][] {{1, 1}, {1, 2}});
        assertThat(e.perLabel().get(1).precision()).isCloseTo(2 / 3.0, within(1e-12));
        assertThat(e.perLabel().get(1).recall()).isCloseTo(2 / 3.0, within(1e-12));
        assertThat(e.perLabel().get(0).f1()).isCloseTo(0.5, within(1e-12));
        // positives' scores 0.7, 0.8, 0.35 vs negatives' 0.1, 0.6: 5 of 6 pairs ordered right
        assertThat(e.rocAuc()).isCloseTo(5 / 6.0, within(1e-12));
    }

    @Test
    void tiesCountHalfAndMulticlassHasNoAuc() {
        Evaluation tie = Evaluation.of(List.of("a", "b"), new int[] {0, 1}, new float[][] {{0.5f, 0.5f}, {0.5f, 0.5f}});
        assertThat(tie.rocAuc()).isCloseTo(0.5, within(1e-12));
        Evaluation three = Evaluation.of(List.of("a", "b", "c"), new int[] {0, 2}, new float[][] {{0.5f, 0.3f, 0.2f}, {0.1f, 0.1f, 0.8f}});
        assertThat(three.rocAuc()).isNull();
        assertThat(three.accuracy()).isEqualTo(1.0);
        assertThat(three.report()).contains("accuracy 1.0000");
    }
}
