package com.tweetsentiment.teacher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tweetsentiment.artifact.ArtifactException;
import com.tweetsentiment.artifact.ModelArtifacts;
import com.tweetsentiment.text.PreprocessingSettings;
import com.tweetsentiment.text.Preprocessor;
import com.tweetsentiment.text.TokenizerKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A teacher fitted with the real MiniLM encoder on a few texts, published, loaded and served from its artifact. */
class TeacherArtifactsTest {

    @TempDir
    static Path dir;
    static Teacher fitted;
    static Path artifact;
    static final List<String> TEXTS = List.of("love this game", "great update, so much fun", "awesome patch, best season",
            "hate this update", "servers broken again, awful", "worst season, boring and sad", "amazing stream with friends",
            "the game keeps crashing, bad");
    static final int[] LABELS = {1, 1, 1, 0, 0, 0, 1, 0};

    @BeforeAll
    static void fitAndPublish() {
        Preprocessor pre = new Preprocessor(new PreprocessingSettings(TokenizerKind.WORD, 64, 2, 5, 4096));
        SentenceEmbedder encoder = OnnxSentenceEmbedder.open(TeacherModel.MINILM, 1);
        fitted = Teacher.fit(encoder, new EmbeddingCache(dir.resolve("cache")), pre, 2, TEXTS, LABELS,
                new Teacher.Settings(30, 4, 0.1, 1e-4, 1.0), 3, EmbeddingCache.Progress.NONE);
        artifact = TeacherArtifacts.write(dir.resolve("teachers"), "minilm-t1", fitted, List.of("Negative", "Positive"),
                ModelArtifacts.json().createObjectNode().put("note", "test"), Instant.parse("2026-12-02T00:00:00Z"));
    }

    @Test
    void loadsAndPredictsWhatTheFittedTeacherPredicts() {
        TeacherArtifacts.Loaded loaded = TeacherArtifacts.load(artifact, 1);
        try {
            List<String> texts = List.of("love the new season", "awful servers", "");
            float[][] expected = fitted.probabilities(texts, EmbeddingCache.Progress.NONE);
            float[][] served = loaded.teacher().probabilities(texts, null);
            for (int i = 0; i < texts.size(); i++) {
                assertThat(served[i]).containsExactly(expected[i], org.assertj.core.data.Offset.offset(1e-6f));
            }
            assertThat(served[0][1]).isGreaterThan(0.5f);
            assertThat(served[1][1]).isLessThan(0.5f);
            assertThat(loaded.manifest().version()).isEqualTo("minilm-t1");
            assertThat(loaded.manifest().encoder()).isEqualTo("minilm");
            assertThat(loaded.manifest().labels()).containsExactly("Negative", "Positive");
            assertThat(loaded.manifest().evaluation().path("note").asString()).isEqualTo("test");
        } finally {
            loaded.teacher().close();
        }
    }

    @Test
    void refusesAChangedTensorAndAnotherEncoder(@TempDir Path tmp) throws Exception {
        Path copy = Files.createDirectories(tmp.resolve("copy"));
        try (var files = Files.list(artifact)) {
            for (Path f : files.toList()) {
                Files.copy(f, copy.resolve(f.getFileName()));
            }
        }
        byte[] bias = Files.readAllBytes(copy.resolve("bias.npy"));
        bias[bias.length - 1] ^= 1;
        Files.write(copy.resolve("bias.npy"), bias);
        assertThatThrownBy(() -> TeacherArtifacts.load(copy, 1)).isInstanceOf(ArtifactException.class).hasMessageContaining("bias.npy has sha256");

        Files.copy(artifact.resolve("bias.npy"), copy.resolve("bias.npy"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        String manifest = Files.readString(copy.resolve(TeacherArtifacts.MANIFEST));
        Files.writeString(copy.resolve(TeacherArtifacts.MANIFEST), manifest.replace(fitted.fingerprint(), "0".repeat(64)));
        assertThatThrownBy(() -> TeacherArtifacts.load(copy, 1)).isInstanceOf(ArtifactException.class)
                .hasMessageContaining("train it again with this build");
    }
}
