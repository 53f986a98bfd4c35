package com.tweetsentiment.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.tweetsentiment.text.Preprocessor;
import java.util.List;
import org.junit.jupiter.api.Test;

class NaiveBayesRatiosTest {

    private static Preprocessor.Encoded row(int... features) {
        return new Preprocessor.Encoded(new int[] {2}, features, 1, 1);
    }

    @Test
    void binaryRatiosCompareTheSecondLabelWithTheFirst() {
        // bucket 0 only in label-1 rows, bucket 1 only in label-0 rows, bucket 2 on both sides equally, bucket 3 unseen
        List<Preprocessor.Encoded> rows = List.of(row(0, 2), row(0, 2), row(1, 2), row(1, 2));
        int[] labels = {1, 1, 0, 0};
        double[] r = NaiveBayesRatios.of(rows, labels, 4, 1);
        // each side counts 4 features; with α = 1 over 4 buckets both totals are 8
        assertThat(r[0]).isCloseTo(Math.log((3 / 8.0) / (1 / 8.0)), within(1e-12));
        assertThat(r[1]).isCloseTo(-r[0], within(1e-12));
        assertThat(r[2]).isCloseTo(0, within(1e-12));
        assertThat(r[3]).isCloseTo(0, within(1e-12));
    }

    @Test
    void withMoreLabelsEachIsCountedAgainstTheRest() {
        List<Preprocessor.Encoded> rows = List.of(row(0), row(1), row(2), row(2));
        int[] labels = {0, 1, 2, 2};
        double[] r = NaiveBayesRatios.of(rows, labels, 3, 3);
        // label 2: bucket 2 twice in its 2 features (total 2 + 3), never in the other 2 features (total 2 + 3)
        assertThat(r[2 * 3 + 2]).isCloseTo(Math.log((3 / 5.0) / (1 / 5.0)), within(1e-12));
        // label 0 against labels 1 and 2: bucket 0 once in 1 feature (1 + 3) vs 0 of 3 (3 + 3)
        assertThat(r[0 * 3 + 0]).isCloseTo(Math.log((2 / 4.0) / (1 / 6.0)), within(1e-12));
        assertThat(r[1 * 3 + 0]).isCloseTo(Math.log((1 / 4.0) / (2 / 6.0)), within(1e-12));
    }
}
