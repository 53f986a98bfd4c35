package com.tweetsentiment.serving;

import com.tweetsentiment.artifact.ModelArtifacts;
import com.tweetsentiment.training.SyntheticData;
import com.tweetsentiment.training.Trainer;
import com.tweetsentiment.training.TrainingArtifacts;
import com.tweetsentiment.training.TrainingListener;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Stream;

/** Model roots for serving tests: the golden v1 artifact and a second, freshly trained tiny model. */
public final class TestModels {

    public static final String GOLDEN = "golden-v1";
    public static final String TINY = "tiny-v2";

    private TestModels() {
    }

    /** A root holding both versions, with {@code active} recorded as active. */
    public static Path root(Path dir, String active) {
        try {
            Path golden = dir.resolve(GOLDEN);
            Files.createDirectories(golden);
            try (Stream<Path> files = Files.list(Path.of("src/test/resources/golden", GOLDEN))) {
                for (Path f : files.toList()) {
                    Files.copy(f, golden.resolve(f.getFileName()));
                }
            }
            var data = SyntheticData.dataset(SyntheticData.examples(80, 2, 11));
            var result = new Trainer(SyntheticData.tinyConfig().with(Map.of("epochs", 2, "wideEpochs", 2)), TrainingListener.NONE).train(data);
            TrainingArtifacts.write(dir, TINY, result, data, Instant.parse("2026-11-26T12:00:00Z"));
            new com.tweetsentiment.artifact.ModelStore(dir).activate(active);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A new temporary directory with {@code models/} in it: a root from {@link #root} with {@link #GOLDEN} active. */
    public static Path tempDirWithModels(String prefix) {
        try {
            Path dir = Files.createTempDirectory(prefix);
            root(Files.createDirectories(dir.resolve("models")), GOLDEN);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A copy of a version's directory with one tensor corrupted: its manifest's checksum for {@code wo.npy} no longer matches. */
    public static Path brokenCopy(Path version, Path target) throws IOException {
        Files.createDirectories(target);
        try (Stream<Path> files = Files.list(version)) {
            for (Path f : files.toList()) {
                Files.copy(f, target.resolve(f.getFileName()));
            }
        }
        byte[] wo = Files.readAllBytes(target.resolve("wo.npy"));
        wo[wo.length - 1] ^= 1;
        Files.write(target.resolve("wo.npy"), wo);
        return target;
    }
}
