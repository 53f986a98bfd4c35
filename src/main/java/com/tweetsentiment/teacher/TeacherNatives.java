package com.tweetsentiment.teacher;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * ONNX Runtime's native libraries, placed in a directory of our choosing. By default ONNX Runtime unpacks them into
 * {@code java.io.tmpdir} at every start, which fails where /tmp is mounted noexec (our container); an image unpacks them
 * once at build time and runs with {@value #PATH_PROPERTY} pointing there, as it does for ND4J's.
 */
public final class TeacherNatives {

    /** ONNX Runtime's own setting: load the native libraries from this directory instead of unpacking them. */
    public static final String PATH_PROPERTY = "onnxruntime.native.path";
    private static final String FOLDER = "ai/onnxruntime/native/linux-x64/";
    private static final List<String> LIBRARIES = List.of("libonnxruntime.so", "libonnxruntime4j_jni.so");

    private TeacherNatives() {
    }

    /** Copies the libraries for Linux x86-64 out of the ONNX Runtime jar into {@code dir}; returns their paths. */
    public static List<Path> unpack(Path dir) {
        try {
            Files.createDirectories(dir);
            for (String lib : LIBRARIES) {
                try (InputStream in = TeacherNatives.class.getClassLoader().getResourceAsStream(FOLDER + lib)) {
                    if (in == null) {
                        throw new IllegalStateException(FOLDER + lib + " is not on the classpath (is this Linux x86-64 with "
                                + "the onnxruntime jar?)");
                    }
                    Files.copy(in, dir.resolve(lib), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            return LIBRARIES.stream().map(dir::resolve).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("could not unpack ONNX Runtime's libraries into " + dir + ": " + e.getMessage(), e);
        }
    }
}
