package com.tweetsentiment.teacher;

import com.tweetsentiment.artifact.ArtifactException;
import com.tweetsentiment.artifact.Checksums;
import com.tweetsentiment.artifact.ModelArtifacts;
import com.tweetsentiment.text.PreprocessingSettings;
import com.tweetsentiment.text.Preprocessor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * A teacher published as an artifact of its own kind, for the API's accurate tier: a directory {@code <version>/} with
 * {@value #MANIFEST} (format, version, the encoder by name and sha256, labels, preprocessing, the head's settings, its
 * figures, the sha256 of every other file) and the head's tensors as float32 {@code .npy}: {@code wide} [buckets, K],
 * {@code dense} [D, K], {@code bias} [1, K], {@code mean} and {@code scale} [1, D]. The encoder itself is not copied:
 * it ships in the jar, and loading refuses an artifact whose encoder's sha256 is not the one on the classpath.
 * Written into a temporary directory and published by an atomic rename, like the student's artifacts.
 */
public final class TeacherArtifacts {

    public static final String FORMAT = "tweet-sentiment-teacher";
    public static final int VERSION = 1;
    public static final String MANIFEST = "teacher.json";
    private static final List<String> TENSORS = List.of("wide", "dense", "bias", "mean", "scale");

    private TeacherArtifacts() {
    }

    /**
     * @param evaluation the teacher's figures (e.g. {"validation": {...}, "test": {...}}), recorded as they are
     */
    public record Manifest(String format, int formatVersion, String version, String created, String encoder,
            String encoderSha256, int dimension, List<String> labels, PreprocessingSettings preprocessing, Teacher.Settings head,
            JsonNode evaluation, Map<String, String> files) {
    }

    /** A loaded teacher, ready to serve, and its manifest. */
    public record Loaded(Teacher teacher, Manifest manifest) {
    }

    public static Path write(Path root, String version, Teacher teacher, List<String> labels, JsonNode evaluation, Instant created) {
        Path target = root.resolve(ModelArtifacts.checkVersionName(version));
        if (Files.exists(target)) {
            throw new ArtifactException("teacher artifact " + target + " exists already; versions are never overwritten");
        }
        Path temp = null;
        try {
            Files.createDirectories(root);
            temp = Files.createTempDirectory(root, ".tmp-" + version + "-");
            int k = teacher.bias.length;
            Map<String, INDArray> tensors = Map.of(
                    // without an n-gram path, one row of zeros stands for the absent table (ND4J writes no empty .npy)
                    "wide", teacher.wide.length == 0 ? Nd4j.zeros(DataType.FLOAT, 1, k) : matrix(teacher.wide, teacher.wide.length / k, k),
                    "dense", matrix(teacher.dense, teacher.dimension(), k),
                    "bias", matrix(teacher.bias, 1, k),
                    "mean", Nd4j.createFromArray(teacher.mean).reshape(1, teacher.mean.length),
                    "scale", Nd4j.createFromArray(teacher.scale).reshape(1, teacher.scale.length));
            Map<String, String> sums = new LinkedHashMap<>();
            for (String name : TENSORS) {
                Path f = temp.resolve(name + ".npy");
                Nd4j.writeAsNumpy(tensors.get(name).castTo(DataType.FLOAT).dup('c'), f.toFile());
                sums.put(f.getFileName().toString(), Checksums.sha256(f));
            }
            Manifest m = new Manifest(FORMAT, VERSION, version, created.truncatedTo(ChronoUnit.SECONDS).toString(), teacher.name(),
                    teacher.fingerprint(), teacher.dimension(), List.copyOf(labels), teacher.preprocessor().settings(), teacher.settings(),
                    evaluation, sums);
            Files.write(temp.resolve(MANIFEST), ModelArtifacts.json().writerWithDefaultPrettyPrinter().writeValueAsBytes(m));
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            return target;
        } catch (IOException | JacksonException e) {
            throw new ArtifactException("cannot write teacher artifact " + target + ": " + e.getMessage(), e);
        } finally {
            if (temp != null && Files.exists(temp)) {
                ModelArtifacts.deleteTree(temp);
            }
        }
    }

    private static INDArray matrix(double[] values, long rows, long cols) {
        return Nd4j.createFromArray(values).castTo(DataType.FLOAT).reshape('c', rows, cols);
    }

    /** Reads, verifies and opens a teacher artifact with its encoder ({@code threads} ONNX Runtime threads). */
    public static Loaded load(Path dir, int threads) {
        Manifest m;
        try {
            m = ModelArtifacts.json().readValue(dir.resolve(MANIFEST).toFile(), Manifest.class);
        } catch (JacksonException e) {
            throw new ArtifactException("teacher artifact " + dir + ": " + MANIFEST + " is missing or unreadable: " + e.getOriginalMessage(), e);
        }
        if (!FORMAT.equals(m.format()) || m.formatVersion() != VERSION) {
            throw new ArtifactException("teacher artifact " + dir + " is " + m.format() + " version " + m.formatVersion() + "; this build reads "
                    + FORMAT + " version " + VERSION);
        }
        Map<String, INDArray> tensors = new LinkedHashMap<>();
        try {
            for (String name : TENSORS) {
                Path f = dir.resolve(name + ".npy");
                String expected = m.files() == null ? null : m.files().get(name + ".npy");
                String found = Checksums.sha256(f);
                if (!found.equals(expected)) {
                    throw new ArtifactException("teacher artifact " + dir + ": " + f.getFileName() + " has sha256 " + found + ", the manifest says "
                            + expected);
                }
                tensors.put(name, Nd4j.createFromNpyFile(f.toFile()));
            }
        } catch (IOException e) {
            throw new ArtifactException("teacher artifact " + dir + ": " + e.getMessage(), e);
        }
        SentenceEmbedder embedder = OnnxSentenceEmbedder.open(TeacherModel.of(m.encoder()), threads);
        if (!embedder.fingerprint().equals(m.encoderSha256())) {
            embedder.close();
            throw new ArtifactException("teacher artifact " + dir + " was trained on " + m.encoder() + " with sha256 " + m.encoderSha256()
                    + ", but this build's " + m.encoder() + " has sha256 " + embedder.fingerprint() + "; train it again with this build");
        }
        Teacher t = new Teacher(embedder, null, new Preprocessor(m.preprocessing()), m.labels().size(), m.head());
        if (t.wide.length > 0) {
            copy(tensors.get("wide"), t.wide);
        }
        copy(tensors.get("dense"), t.dense);
        copy(tensors.get("bias"), t.bias);
        System.arraycopy(tensors.get("mean").data().asFloat(), 0, t.mean, 0, t.mean.length);
        System.arraycopy(tensors.get("scale").data().asFloat(), 0, t.scale, 0, t.scale.length);
        return new Loaded(t, m);
    }

    private static void copy(INDArray from, double[] to) {
        if (from.length() != to.length) {
            throw new ArtifactException("a teacher tensor has " + from.length() + " values, expected " + to.length);
        }
        System.arraycopy(from.dup('c').data().asDouble(), 0, to, 0, to.length);
    }
}
