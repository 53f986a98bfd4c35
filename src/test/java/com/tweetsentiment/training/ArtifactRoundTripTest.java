package com.tweetsentiment.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tweetsentiment.artifact.ArtifactException;
import com.tweetsentiment.artifact.Checksums;
import com.tweetsentiment.artifact.Manifest;
import com.tweetsentiment.artifact.ModelArtifacts;
import com.tweetsentiment.engine.Prediction;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ArtifactRoundTripTest {

    private static final List<String> TEXTS = List.of("love this game", "worst update ever, it crashes", "", "qwertyuiop");

    @TempDir
    static Path root;
    static Path artifact;
    static TrainingResult result;

    @BeforeAll
    static void trainAndWrite() {
        Dataset data = SyntheticData.dataset(SyntheticData.examples(60, 2, 8));
        result = new Trainer(SyntheticData.tinyConfig().with(java.util.Map.of("epochs", 2)), TrainingListener.NONE).train(data);
        artifact = TrainingArtifacts.write(root, "v1", result, data, Instant.parse("2026-11-26T12:00:00Z"));
    }

    static Stream<String> files() throws Exception {
        try (Stream<Path> s = Files.list(artifact)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList().stream();
        }
    }

    private static Path copy(Path target) throws Exception {
        Files.createDirectories(target);
        try (Stream<Path> s = Files.list(artifact)) {
            for (Path f : s.toList()) {
                Files.copy(f, target.resolve(f.getFileName()));
            }
        }
        return target;
    }

    @Test
    void writesEveryPartAndLoadsWithIdenticalPredictions() throws Exception {
        assertThat(files()).contains("manifest.json", "manifest.json.sha256", "vocab.txt", "embedding.npy", "wx.npy", "wh.npy",
                "b.npy", "wo.npy", "bo.npy", "wide.npy", TrainingArtifacts.MODEL_CARD, TrainingArtifacts.CURVES, TrainingArtifacts.CONFUSION);
        ModelArtifacts.Loaded loaded = ModelArtifacts.load(artifact);
        assertThat(loaded.manifest().modelVersion()).isEqualTo("v1");
        assertThat(loaded.manifest().testMetric("accuracy")).isEqualTo(result.test().accuracy());
        List<Prediction> before = new com.tweetsentiment.engine.SentimentModel(loaded.model().preprocessor(), result.vocabulary(),
                result.config().labels(), new com.tweetsentiment.engine.LstmEngine(result.shape(), result.parameters())).predict(TEXTS);
        assertThat(loaded.model().predict(TEXTS)).isEqualTo(before);
        assertThat(Files.readString(artifact.resolve(TrainingArtifacts.MODEL_CARD))).contains("# Model card: v1", "ROC-AUC");
        assertThat(Files.readAllBytes(artifact.resolve(TrainingArtifacts.CURVES))).startsWith(0x89, 'P', 'N', 'G');
    }

    @Test
    void aRefitArtifactSaysSoAndRefusesToCallItsValidationRowsHeldOut(@TempDir Path tmp) throws Exception {
        Dataset data = SyntheticData.dataset(SyntheticData.examples(60, 2, 8));
        TrainingResult refit = new Trainer(SyntheticData.tinyConfig().with(java.util.Map.of("epochs", 2, "refit", true)),
                TrainingListener.NONE).train(data);
        Path written = TrainingArtifacts.write(tmp, "refit", refit, data, Instant.parse("2026-11-27T12:00:00Z"));
        com.tweetsentiment.artifact.Manifest m = ModelArtifacts.load(written).manifest();
        assertThat(TrainingArtifacts.settings(m).refit()).isTrue();
        assertThat(TrainingArtifacts.heldOut(m, data, "test")).isNotEmpty();
        assertThatThrownBy(() -> TrainingArtifacts.heldOut(m, data, "validation")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("refit was refit on its training and validation rows");
        assertThat(TrainingArtifacts.heldOut(ModelArtifacts.load(artifact).manifest(), data, "validation")).isNotEmpty();
        assertThat(Files.readString(written.resolve(TrainingArtifacts.MODEL_CARD), java.nio.charset.StandardCharsets.UTF_8))
                .contains("Refit: once the epochs were chosen");
    }

    @ParameterizedTest(name = "a flipped byte in {0}")
    @MethodSource("files")
    void aFlippedByteInAnyFileIsRefusedNamingTheFile(String name, @TempDir Path tmp) throws Exception {
        Path dir = copy(tmp.resolve("v1"));
        Path f = dir.resolve(name);
        byte[] bytes = Files.readAllBytes(f);
        bytes[bytes.length / 2] ^= 0x01;
        Files.write(f, bytes);
        assertThatThrownBy(() -> ModelArtifacts.load(dir)).isInstanceOf(ArtifactException.class).hasMessageContaining(
                name.equals(Manifest.CHECKSUM_FILE) ? Manifest.FILE : name);
    }

    @ParameterizedTest(name = "missing {0}")
    @MethodSource("files")
    void aMissingFileIsRefusedNamingTheFile(String name, @TempDir Path tmp) throws Exception {
        Path dir = copy(tmp.resolve("v1"));
        Files.delete(dir.resolve(name));
        assertThatThrownBy(() -> ModelArtifacts.load(dir)).isInstanceOf(ArtifactException.class).hasMessageContaining(name);
    }

    @Test
    void anUnknownFormatVersionIsRefusedSayingWhatIsSupported(@TempDir Path tmp) throws Exception {
        Path dir = copy(tmp.resolve("v1"));
        Path m = dir.resolve(Manifest.FILE);
        String json = Files.readString(m).replace("\"formatVersion\" : 1", "\"formatVersion\" : 7");
        Files.writeString(m, json);
        Files.writeString(dir.resolve(Manifest.CHECKSUM_FILE), Checksums.sha256(json.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        assertThatThrownBy(() -> ModelArtifacts.load(dir)).isInstanceOf(ArtifactException.class)
                .hasMessageContaining("manifest.json").hasMessageContaining("unknown format version 7").hasMessageContaining("version 1");
    }

    @Test
    void versionsAreNeverOverwrittenAndNamesCannotEscapeTheRoot() {
        assertThatThrownBy(() -> TrainingArtifacts.write(root, "v1", result, SyntheticData.dataset(List.of()), Instant.now()))
                .isInstanceOf(ArtifactException.class).hasMessageContaining("exists already");
        for (String bad : List.of("../x", "a/b", ".hidden", "", "a..b")) {
            assertThatThrownBy(() -> ModelArtifacts.checkVersionName(bad)).isInstanceOf(ArtifactException.class);
        }
    }

    @Test
    void theActivePointerIsReplacedAtomicallyAndResolves() throws Exception {
        new com.tweetsentiment.artifact.ModelStore(root).activate("v1");
        assertThat(new com.tweetsentiment.artifact.ModelStore(root).activeVersion()).isEqualTo("v1");
        assertThat(ModelArtifacts.resolve(root)).isEqualTo(root.resolve("v1"));
        assertThat(new com.tweetsentiment.artifact.ModelStore(root).versions()).contains("v1");
        assertThatThrownBy(() -> new com.tweetsentiment.artifact.ModelStore(root).activate("absent")).isInstanceOf(ArtifactException.class);
        try (Stream<Path> s = Files.list(root)) {
            assertThat(s.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith(".tmp-"));
        }
    }
}
