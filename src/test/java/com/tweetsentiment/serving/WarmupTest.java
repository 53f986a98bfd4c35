package com.tweetsentiment.serving;

import static org.assertj.core.api.Assertions.assertThat;

import com.tweetsentiment.artifact.ModelArtifacts;
import com.tweetsentiment.engine.SentimentModel;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class WarmupTest {

    private final SentimentModel model = ModelArtifacts.load(Path.of("src/test/resources/golden", TestModels.GOLDEN)).model();

    @Test
    void theFirstVersionOfAProcessHasACountOfItsOwn() {
        Warmup warmup = new Warmup(20, 3, 8);
        assertThat(warmup.run(model, true)).isEqualTo(3);
        assertThat(warmup.run(model, false)).isEqualTo(20);
        assertThat(new Warmup(20, 0, 8).run(model, true)).as("off at start-up").isZero();
    }

    @Test
    void oneCountServesBothUnlessSplit() {
        Warmup warmup = new Warmup(7, 4);
        assertThat(warmup.run(model, true)).isEqualTo(7);
        assertThat(warmup.run(model, false)).isEqualTo(7);
    }
}
