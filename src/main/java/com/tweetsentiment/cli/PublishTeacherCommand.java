package com.tweetsentiment.cli;

import com.tweetsentiment.engine.Nd4jThreads;
import com.tweetsentiment.training.Dataset;
import com.tweetsentiment.training.DatasetLoader;
import com.tweetsentiment.training.TeacherPublisher;
import com.tweetsentiment.training.TrainingConfig;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "publish-teacher", mixinStandardHelpOptions = true,
        description = {"Fit a teacher (a pre-trained sentence encoder plus a head on the training rows, as train --teacher does) and",
            "publish it as a teacher artifact under --out, with its figures on the held-out rows: the model of the API's",
            "accurate tier (sentiment.accurate.model). About 7 ms a text on one core the first time; the cache keeps the vectors."})
final class PublishTeacherCommand implements Callable<Integer> {

    @Option(names = "--data", required = true, description = "training CSV of the dataset's schema")
    Path data;

    @Option(names = "--out", required = true, description = "where the artifact goes: <out>/<version>")
    Path out;

    @Option(names = "--version-name", description = "artifact version (default: teacher name and UTC time)")
    String versionName;

    @Option(names = "--teacher", defaultValue = "bge-small", description = "bge-small (default) or minilm")
    String teacher;

    @Option(names = "--seed", description = "split seed (default: the default preset's, so the held-out rows are the trainer's)")
    Long seed;

    @Option(names = "--teacher-cache", description = "directory of cached embeddings (default as for train)")
    Path teacherCache;

    @Option(names = "--threads", description = "ONNX Runtime threads (default: all cores)")
    Integer threads;

    @Option(names = "--progress", defaultValue = "auto", description = "auto, bar, lines or json")
    String progress;

    @Override
    public Integer call() {
        int threadCount = threads != null ? threads : Runtime.getRuntime().availableProcessors();
        Nd4jThreads.set(threadCount);
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("teacher", teacher);
        if (seed != null) {
            o.put("seed", seed);
        }
        TrainingConfig config = TrainingConfig.defaults().with(o);
        Progress listener = Progress.of(progress, System.err, System.out);
        Dataset dataset = DatasetLoader.load(data, config.labels());
        String version = versionName != null ? versionName : config.teacher() + "-"
                + java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(java.time.ZoneOffset.UTC).format(Instant.now());
        Path dir = TeacherPublisher.publish(config, TrainCommand.teachers(teacherCache, threadCount), dataset, out, version, Instant.now(),
                listener);
        System.err.println("teacher artifact " + dir);
        return 0;
    }
}
