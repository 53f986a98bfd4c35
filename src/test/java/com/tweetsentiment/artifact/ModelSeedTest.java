package com.tweetsentiment.artifact;

import static org.assertj.core.api.Assertions.assertThat;

import com.tweetsentiment.serving.TestModels;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An image's shipped models seeding an empty volume, and leaving a used one alone. */
class ModelSeedTest {

    @TempDir
    Path dir;

    @Test
    void copiesMissingVersionsAndTheActivePointerOnlyWhenAbsent() throws Exception {
        Path shipped = TestModels.root(Files.createDirectories(dir.resolve("shipped")), TestModels.TINY);
        Path volume = dir.resolve("volume");

        assertThat(ModelArtifacts.seed(shipped, volume)).containsExactly(TestModels.GOLDEN, TestModels.TINY);
        assertThat(ModelArtifacts.activeVersion(volume)).isEqualTo(TestModels.TINY);
        assertThat(ModelArtifacts.load(volume.resolve(TestModels.TINY)).manifest().modelVersion()).isEqualTo(TestModels.TINY);

        // the volume's own choice survives the next start; nothing is copied twice; nothing temporary is left
        ModelArtifacts.activate(volume, TestModels.GOLDEN);
        ModelArtifacts.delete(volume, TestModels.TINY);
        assertThat(ModelArtifacts.seed(shipped, volume)).containsExactly(TestModels.TINY);
        assertThat(ModelArtifacts.seed(shipped, volume)).isEmpty();
        assertThat(ModelArtifacts.activeVersion(volume)).isEqualTo(TestModels.GOLDEN);
        try (var files = Files.list(volume)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder(TestModels.GOLDEN, TestModels.TINY, "ACTIVE");
        }
    }
}
