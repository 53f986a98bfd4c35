package com.tweetsentiment.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class TrainingConfigRangesTest {

    @Test
    void everyPresetIsInsideTheRanges() {
        assertThat(TrainingConfig.preset("default")).isNotNull();
        assertThat(TrainingConfig.preset("article")).isNotNull();
    }

    @Test
    void aValuePastItsRangeIsRefusedNamingTheSettingAndTheBound() {
        Map<String, Object> tooBig = Map.ofEntries(Map.entry("hiddenSize", 4096), Map.entry("epochs", 100_000), Map.entry("maxTokens", 5000),
                Map.entry("ngramBuckets", 1 << 26), Map.entry("learningRate", 3.0), Map.entry("batchSize", 1_000_000),
                Map.entry("lstmMembers", 64), Map.entry("testFraction", 0.9), Map.entry("augmentations", 100),
                Map.entry("teacherFolds", 21));
        tooBig.forEach((name, value) -> assertThatThrownBy(() -> TrainingConfig.defaults().with(Map.of(name, value)))
                .as(name).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(name));
        assertThatThrownBy(() -> TrainingConfig.defaults().with(Map.of("hiddenSize", 4096)))
                .hasMessage("hiddenSize must be at most 1024, found 4096");
        assertThat(TrainingConfig.defaults().with(Map.of("hiddenSize", 1024)).hiddenSize()).isEqualTo(1024);
        assertThatThrownBy(() -> TrainingConfig.defaults().with(Map.of("teacherFolds", 1)))
                .hasMessage("teacherFolds must be 0 (off) or at least 2, found 1");
    }
}
