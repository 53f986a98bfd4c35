package com.tweetsentiment.cli;

import com.tweetsentiment.teacher.OnnxSentenceEmbedder;
import com.tweetsentiment.teacher.TeacherModel;
import com.tweetsentiment.teacher.TeacherNatives;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "teachers", mixinStandardHelpOptions = true,
        description = {"List the teachers that train --teacher can use, load each and embed a text (a check that ONNX Runtime and",
            "the tokenizer work here). With --unpack-natives, first place ONNX Runtime's native libraries in DIR and load them",
            "from there (an image does this at build time; it then runs with -D" + TeacherNatives.PATH_PROPERTY + "=DIR)."})
final class TeachersCommand implements Callable<Integer> {

    @Option(names = "--unpack-natives", paramLabel = "DIR", description = "unpack ONNX Runtime's native libraries into DIR first")
    Path natives;

    @Option(names = "--threads", defaultValue = "1", description = "ONNX Runtime intra-op threads (default 1)")
    int threads;

    @Override
    public Integer call() {
        if (natives != null) {
            TeacherNatives.unpack(natives);
            System.setProperty(TeacherNatives.PATH_PROPERTY, natives.toAbsolutePath().toString());
        }
        for (TeacherModel model : TeacherModel.values()) {
            long start = System.nanoTime();
            try (OnnxSentenceEmbedder e = OnnxSentenceEmbedder.open(model, threads)) {
                int d = e.embed("checking that the teacher loads").length;
                System.out.printf(Locale.ROOT, "%-10s %s, %d-d, sha256 %s, loaded and embedded a text in %.1f s%n", model.id(),
                        model.description(), d, e.fingerprint(), (System.nanoTime() - start) / 1e9);
            }
        }
        return 0;
    }
}
