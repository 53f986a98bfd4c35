package com.tweetsentiment.training;

import com.tweetsentiment.teacher.EmbeddingCache;
import com.tweetsentiment.teacher.SentenceEmbedder;
import java.util.function.Function;

/**
 * Where a distilled run gets its teacher's encoder (by name, as in {@link TrainingConfig#teacher}) and the cache of
 * its vectors.
 */
public record TeacherSource(Function<String, SentenceEmbedder> open, EmbeddingCache cache) {
}
