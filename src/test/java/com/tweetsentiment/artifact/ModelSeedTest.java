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

        assertThat(new ModelStore(volume).seed(shipped)).containsExactly(TestModels.GOLDEN, TestModels.TINY);
        assertThat(new ModelStore(volume).activeVersion()).isEqualTo(TestModels.TINY);
        assertThat(ModelArtifacts.load(volume.resolve(TestModels.TINY)).manifest().modelVersion()).isEqualTo(TestModels.TINY);

        // the volume's own choice survives the next start; nothing is copied twice; nothing temporary is left
        new ModelStore(volume).activate(TestModels.GOLDEN);
        new ModelStore(volume).delete(TestModels.TINY);
        assertThat(new ModelStore(volume).seed(shipped)).containsExactly(TestModels.TINY);
        assertThat(new ModelStore(volume).seed(shipped)).isEmpty();
        assertThat(new ModelStore(volume).activeVersion()).isEqualTo(TestModels.GOLDEN);
        try (var files = Files.list(volume)) {
            assertThat(files.map(p -> p.getFileName().toString()).filter(n -> !n.equals(".lock") && !n.equals(".owners")))
                    .containsExactlyInAnyOrder(TestModels.GOLDEN, TestModels.TINY, "ACTIVE");
        }
    }
}
