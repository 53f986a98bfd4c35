package com.tweetsentiment.admin;

import com.tweetsentiment.TweetSentimentApplication;
import com.tweetsentiment.engine.LstmEngine;
import com.tweetsentiment.teacher.TeacherNatives;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.system.ApplicationHome;

/**
 * Starts the CLI of this very application ({@code train}, {@code evaluate}) as a child process: same jar (or, in
 * tests, same class path), its own heap and off-heap limit, one ND4J thread, and a lower CPU priority through
 * {@code nice} where the system has it. A crash or out-of-memory there ends that process, never the server.
 */
final class TrainerProcesses {

    private static final Path NICE = Path.of("/usr/bin/nice");
    /** Names a trainer's job on its command line. */
    static final String WORK_PROPERTY = "tweet-sentiment.job-work";
    private static final List<String> INHERITED = List.of("org.bytedeco.javacpp.cachedir", "org.bytedeco.javacpp.pathsFirst",
            "java.library.path", "java.io.tmpdir", TeacherNatives.PATH_PROPERTY);
    private final AdminProperties.Trainer settings;

    TrainerProcesses(AdminProperties.Trainer settings) {
        this.settings = settings;
    }

    /**
     * The child's command line. {@code work} (the job's work directory) is named first among the JVM's options: a
     * server that restarts after a crash finds a trainer its predecessor left by it, and Linux shows another process
     * only the first 4096 characters of its command line (a class path of many directories is longer).
     */
    List<String> command(List<String> cliArguments, Path work) {
        List<String> cmd = new ArrayList<>();
        if (settings.nice() > 0 && Files.isExecutable(NICE)) {
            cmd.addAll(List.of(NICE.toString(), "-n", String.valueOf(settings.nice())));
        }
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-D" + WORK_PROPERTY + "=" + work.toAbsolutePath());
        long heap = settings.heap().toBytes();
        cmd.add("-Xmx" + heap);
        cmd.add("-Dorg.bytedeco.javacpp.maxbytes=" + settings.offHeap().toBytes());
        cmd.add("-Dorg.bytedeco.javacpp.maxphysicalbytes=" + (heap + settings.offHeap().toBytes()));
        cmd.add("-XX:+ExitOnOutOfMemoryError");
        if (LstmEngine.vectorModuleLoaded()) {   // the engine's SIMD kernels, as in this JVM
            cmd.add("--add-modules=" + LstmEngine.VECTOR_MODULE);
        }
        // where ND4J's and ONNX Runtime's natives are unpacked (a container unpacks them at build time; its root filesystem
        // may be read-only)
        for (String inherited : INHERITED) {
            String value = System.getProperty(inherited);
            if (value != null) {
                cmd.add("-D" + inherited + "=" + value);
            }
        }
        File jar = new ApplicationHome(TweetSentimentApplication.class).getSource();
        if (jar != null && jar.isFile() && jar.getName().endsWith(".jar")) {
            cmd.addAll(List.of("-jar", jar.getAbsolutePath()));
        } else {
            cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), TweetSentimentApplication.class.getName()));
        }
        cmd.addAll(cliArguments);
        return cmd;
    }

    /** Starts the command; its stderr is appended to {@code log}, its stdout is left to the caller. */
    Process start(List<String> cliArguments, Path log, Path work) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command(cliArguments, work));
        pb.environment().put("OMP_NUM_THREADS", String.valueOf(settings.threads()));
        pb.redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        return pb.start();
    }

    int threads() {
        return settings.threads();
    }
}
