package com.tweetsentiment.artifact;

import com.tweetsentiment.engine.LstmEngine;
import com.tweetsentiment.engine.LstmParameters;
import com.tweetsentiment.engine.SentimentModel;
import com.tweetsentiment.text.Preprocessor;
import com.tweetsentiment.text.Vocabulary;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Artifact format v1: a directory {@code <root>/<version>/} holding {@code manifest.json},
 * {@code manifest.json.sha256}, {@code vocab.txt} (line number = id), one float32 {@code .npy} per tensor,
 * and whatever extra files the trainer adds (model card, pictures). Written into a hidden temporary
 * directory of the {@link ModelStore} and published by one atomic rename; never modified after. Loading checks the format, its
 * version and every checksum before anything is used.
 */
public final class ModelArtifacts {

    public static final String VOCABULARY = "vocab.txt";
    private static final Pattern VERSION_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,79}");
    private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private ModelArtifacts() {
    }

    /** A model ready to serve with the manifest it was loaded from. */
    public record Loaded(Manifest manifest, SentimentModel model, Path directory) {
    }

    public static JsonMapper json() {
        return JSON;
    }

    /** Refuses names that could leave the artifact root or hide a file (".", "..", slashes, leading dots). */
    public static String checkVersionName(String version) {
        if (version == null || !VERSION_NAME.matcher(version).matches() || version.contains("..")) {
            throw new ArtifactException("invalid model version '" + version
                    + "': expected 1-80 letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        return version;
    }

    /**
     * Writes an artifact's files into {@code dir} (a store's temporary directory, published by {@link ModelStore#publish}).
     *
     * @param manifest everything but the file checksums, which are computed here
     * @param extras   further files (name → bytes), e.g. the model card and PNG pictures
     */
    public static void writeFiles(Path dir, Manifest manifest, LstmParameters parameters, Vocabulary vocabulary,
            Map<String, byte[]> extras) throws IOException {
        Map<String, String> sums = new LinkedHashMap<>();
        Files.write(dir.resolve(VOCABULARY), String.join("\n", vocabulary.tokens()).concat("\n").getBytes(StandardCharsets.UTF_8));
        for (Map.Entry<String, INDArray> e : parameters.byName().entrySet()) {
            Nd4j.writeAsNumpy(e.getValue().castTo(DataType.FLOAT).dup('c'), dir.resolve(e.getKey() + ".npy").toFile());
        }
        for (Map.Entry<String, byte[]> e : extras.entrySet()) {
            Files.write(dir.resolve(checkFileName(e.getKey())), e.getValue());
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.sorted().toList()) {
                ModelStore.permissions(f, "rw-r--r--");
                sums.put(f.getFileName().toString(), Checksums.sha256(f));
            }
        }
        try {
            byte[] manifestBytes = JSON.writeValueAsBytes(manifest.withFiles(sums));
            Files.write(dir.resolve(Manifest.FILE), manifestBytes);
            Files.writeString(dir.resolve(Manifest.CHECKSUM_FILE), Checksums.sha256(manifestBytes) + "\n");
        } catch (JacksonException e) {
            throw new IOException("cannot write the manifest: " + e.getMessage(), e);
        }
    }

    /**
     * Adds one extra file to an existing artifact and lists it in its manifest (new checksums for both). For tools
     * that complete an artifact written by an older release, run on a directory no server is loading: the file and
     * the manifest are each replaced atomically, not the pair.
     */
    public static void addFile(Path dir, String name, byte[] bytes) throws IOException {
        Manifest manifest = readManifest(dir);
        if (manifest.files().containsKey(checkFileName(name))) {
            throw new ArtifactException(dir + " already has " + name);
        }
        Path file = dir.resolve(name);
        Path temporary = dir.resolve("." + name + ".tmp");
        Files.write(temporary, bytes);
        ModelStore.permissions(temporary, "rw-r--r--");
        Files.move(temporary, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        Map<String, String> sums = new java.util.TreeMap<>(manifest.files());
        sums.put(name, Checksums.sha256(file));
        try {
            byte[] manifestBytes = JSON.writeValueAsBytes(manifest.withFiles(sums));
            Path newManifest = dir.resolve("." + Manifest.FILE + ".tmp");
            Files.write(newManifest, manifestBytes);
            Path newSum = dir.resolve("." + Manifest.CHECKSUM_FILE + ".tmp");
            Files.writeString(newSum, Checksums.sha256(manifestBytes) + "\n");
            Files.move(newManifest, dir.resolve(Manifest.FILE), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            Files.move(newSum, dir.resolve(Manifest.CHECKSUM_FILE), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (JacksonException e) {
            throw new IOException("cannot write the manifest: " + e.getMessage(), e);
        }
    }

    private static String checkFileName(String name) {
        if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]*") || name.equals(Manifest.FILE) || name.equals(Manifest.CHECKSUM_FILE)
                || name.equals(VOCABULARY) || name.endsWith(".npy")) {
            throw new ArtifactException("extra artifact file name '" + name + "' is invalid or reserved");
        }
        return name;
    }

    /** Reads and verifies an artifact; nothing is used before every check has passed. */
    public static Loaded load(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new ArtifactException("artifact directory not found: " + dir);
        }
        Manifest manifest = readManifest(dir);
        for (Map.Entry<String, String> e : manifest.files().entrySet()) {
            Path f = dir.resolve(checkListedName(dir, e.getKey()));
            String found = sha256(dir, f);
            if (!found.equals(e.getValue())) {
                throw new ArtifactException(dir + ": file " + e.getKey() + " is corrupt: manifest expects sha256 "
                        + e.getValue() + ", found " + found);
            }
        }
        try {
            Architecture arch = manifest.architecture();
            List<String> tokens = Files.readAllLines(listed(dir, manifest, VOCABULARY), StandardCharsets.UTF_8);
            Vocabulary vocabulary = new Vocabulary(tokens);
            LstmEngine engine = new LstmEngine(arch.shape(), parameters(dir, manifest));
            SentimentModel model = new SentimentModel(new Preprocessor(manifest.preprocessing()), vocabulary, arch.labels(), engine);
            return new Loaded(manifest, model, dir);
        } catch (IOException | IllegalArgumentException e) {
            throw new ArtifactException(dir + ": " + e.getMessage(), e);
        }
    }

    /** The network's tensors as the manifest lists them (not verified: {@link #load} checks the files first). */
    public static LstmParameters parameters(Path dir, Manifest manifest) throws IOException {
        Map<String, INDArray> tensors = new LinkedHashMap<>();
        for (String name : List.of("embedding", "wx", "wh", "b", "wo", "bo", "wide")) {
            if (!name.equals("wide") || manifest.architecture().wideBuckets() > 0) {
                tensors.put(name, Nd4j.createFromNpyFile(listed(dir, manifest, name + ".npy").toFile()));
            }
        }
        return LstmParameters.fromNames(tensors);
    }

    /** The verified manifest alone (its own checksum and format), without loading the tensors. */
    public static Manifest readManifest(Path dir) {
        Path file = dir.resolve(Manifest.FILE);
        Path sumFile = dir.resolve(Manifest.CHECKSUM_FILE);
        byte[] bytes;
        String expected;
        try {
            bytes = Files.readAllBytes(file);
            expected = Files.readString(sumFile, StandardCharsets.UTF_8).strip();
        } catch (NoSuchFileException e) {
            throw new ArtifactException(dir + ": required file " + Path.of(e.getFile()).getFileName() + " is missing");
        } catch (IOException e) {
            throw new ArtifactException(dir + ": cannot read " + Manifest.FILE + ": " + e.getMessage(), e);
        }
        String found = Checksums.sha256(bytes);
        if (!found.equals(expected)) {
            throw new ArtifactException(dir + ": file " + Manifest.FILE + " is corrupt: " + Manifest.CHECKSUM_FILE
                    + " expects sha256 " + expected + ", found " + found);
        }
        JsonNodeCheck head;
        try {
            head = JSON.readValue(bytes, JsonNodeCheck.class);
        } catch (JacksonException e) {
            throw new ArtifactException(dir + ": file " + Manifest.FILE + " is not a valid manifest: " + e.getOriginalMessage(), e);
        }
        if (!Manifest.FORMAT.equals(head.format())) {
            throw new ArtifactException(dir + ": file " + Manifest.FILE + " has format '" + head.format() + "', expected '"
                    + Manifest.FORMAT + "'");
        }
        if (head.formatVersion() != Manifest.VERSION) {
            throw new ArtifactException(dir + ": file " + Manifest.FILE + " has unknown format version " + head.formatVersion()
                    + "; this build reads version " + Manifest.VERSION + " (a newer release may read it)");
        }
        try {
            Manifest m = JSON.readValue(bytes, Manifest.class);
            if (m.files() == null || m.architecture() == null || m.preprocessing() == null) {
                throw new ArtifactException(dir + ": file " + Manifest.FILE + " lacks files, architecture or preprocessing");
            }
            return m;
        } catch (JacksonException e) {
            throw new ArtifactException(dir + ": file " + Manifest.FILE + " is not a valid v1 manifest: " + e.getOriginalMessage(), e);
        }
    }

    /** Only the two fields needed to decide whether the rest can be read. */
    private record JsonNodeCheck(String format, int formatVersion) {
    }

    private static Path listed(Path dir, Manifest m, String name) {
        if (!m.files().containsKey(name)) {
            throw new ArtifactException(dir + ": required file " + name + " is not listed in " + Manifest.FILE);
        }
        return dir.resolve(name);
    }

    private static String checkListedName(Path dir, String name) {
        if (name.contains("/") || name.contains("\\") || name.startsWith(".")) {
            throw new ArtifactException(dir + ": " + Manifest.FILE + " lists an invalid file name '" + name + "'");
        }
        return name;
    }

    private static String sha256(Path dir, Path f) {
        try {
            return Checksums.sha256(f);
        } catch (NoSuchFileException e) {
            throw new ArtifactException(dir + ": required file " + f.getFileName() + " is missing");
        } catch (IOException e) {
            throw new ArtifactException(dir + ": cannot read " + f.getFileName() + ": " + e.getMessage(), e);
        }
    }

    /** An artifact directory, or a model root with an {@code ACTIVE} file, resolved to the artifact directory. */
    public static Path resolve(Path dirOrRoot) {
        if (Files.isRegularFile(dirOrRoot.resolve(Manifest.FILE))) {
            return dirOrRoot;
        }
        String active = new ModelStore(dirOrRoot).activeVersion();
        if (active == null) {
            throw new ArtifactException(dirOrRoot + " is neither an artifact (no " + Manifest.FILE + ") nor a model root with an "
                    + ModelStore.ACTIVE + " file");
        }
        return dirOrRoot.resolve(active);
    }

    /** Deletes a directory and everything in it. */
    public static void deleteTree(Path p) {
        try (Stream<Path> walk = Files.walk(p)) {
            for (Path q : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(q);
            }
        } catch (IOException e) {
            throw new ArtifactException("cannot delete " + p + ": " + e.getMessage(), e);
        }
    }
}
