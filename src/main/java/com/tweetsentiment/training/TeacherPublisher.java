package com.tweetsentiment.training;

import com.tweetsentiment.teacher.EmbeddingCache;
import com.tweetsentiment.teacher.SentenceEmbedder;
import com.tweetsentiment.teacher.Teacher;
import com.tweetsentiment.teacher.TeacherArtifacts;
import com.tweetsentiment.text.Preprocessor;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/**
 * Fits a teacher exactly as a distilled run does (same split, training rows only, same head settings) and publishes it
 * as a teacher artifact ({@link TeacherArtifacts}) with its figures on the held-out rows, for the API's accurate tier.
 */
public final class TeacherPublisher {

    private TeacherPublisher() {
    }

    public static Path publish(TrainingConfig config, TeacherSource source, Dataset data, Path out, String version, Instant now,
            TrainingListener listener) {
        if (config.teacher() == null) {
            throw new IllegalArgumentException("no teacher named: pass --teacher bge-small or minilm");
        }
        Split split = Split.of(config.split(), data.examples(), config.validationFraction(), config.testFraction(), config.seed());
        Preprocessor pre = new Preprocessor(config.preprocessing());
        EmbeddingCache cache = source.cache();
        try (SentenceEmbedder embedder = source.open().apply(config.teacher())) {
            List<String> texts = split.train().stream().map(Example::text).toList();
            listener.phaseStarted("teacher", "phase 'teacher': " + embedder.name() + ", embedding " + texts.size() + " training rows (cache " + cache.file(embedder) + ")");
            cache.embed(texts, embedder, Distillation.progress(listener, "teacher embeddings"));
            Teacher teacher = Distillation.fitTeacher(config, embedder, cache, pre, split.train());
            Evaluation validation = Distillation.evaluate(teacher, config, split.validation(), listener, "validation");
            Evaluation test = Distillation.evaluate(teacher, config, split.test(), listener, "test");
            ObjectNode evaluation = com.tweetsentiment.artifact.ModelArtifacts.json().createObjectNode();
            evaluation.put("split", config.split().name().toLowerCase(java.util.Locale.ROOT));
            evaluation.put("seed", config.seed());
            evaluation.put("datasetSha256", data.sha256());
            evaluation.put("trainRows", split.train().size());
            if (validation != null) {
                evaluation.set("validation", com.tweetsentiment.artifact.ModelArtifacts.json().valueToTree(validation));
            }
            evaluation.set("test", com.tweetsentiment.artifact.ModelArtifacts.json().valueToTree(test));
            return TeacherArtifacts.write(out, version, teacher, config.labels(), evaluation, now);
        }
    }
}
