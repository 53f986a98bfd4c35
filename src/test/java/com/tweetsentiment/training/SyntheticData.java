package com.tweetsentiment.training;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Small generated datasets in the Kaggle schema, for tests that must run anywhere. */
public final class SyntheticData {

    private static final String[] POSITIVE = {"love", "great", "awesome", "fun", "best", "amazing", "happy", "nice"};
    private static final String[] NEGATIVE = {"hate", "awful", "broken", "worst", "boring", "crash", "sad", "bad"};
    private static final String[] NEUTRAL = {"playing", "today", "the", "new", "update", "game", "with", "friends", "it", "is"};

    private SyntheticData() {
    }

    /** {@code ids} tweet ids with {@code variants} rows each; the label follows which sentiment words the text holds. */
    public static List<Example> examples(int ids, int variants, long seed) {
        return examples(ids, variants, seed, POSITIVE, NEGATIVE, 1000);
    }

    /**
     * Like {@link #examples(int, int, long)} with other sentiment words, e.g. made-up slang that a model trained on
     * real tweets cannot know, and tweet ids from {@code firstId}.
     */
    public static List<Example> examples(int ids, int variants, long seed, String[] positiveWords, String[] negativeWords, int firstId) {
        Random rnd = new Random(seed);
        List<Example> rows = new ArrayList<>();
        for (int id = 0; id < ids; id++) {
            boolean positive = rnd.nextBoolean();
            for (int v = 0; v < variants; v++) {
                List<String> words = new ArrayList<>();
                int n = 3 + rnd.nextInt(10);
                for (int w = 0; w < n; w++) {
                    words.add(NEUTRAL[rnd.nextInt(NEUTRAL.length)]);
                }
                String[] pool = positive ? positiveWords : negativeWords;
                words.add(rnd.nextInt(words.size() + 1), pool[rnd.nextInt(pool.length)]);
                rows.add(new Example(String.valueOf(firstId + id), "Game", positive ? "Positive" : "Negative", String.join(" ", words)));
            }
        }
        return rows;
    }

    /** The rows as CSV text, quoted where needed. */
    public static String csv(List<Example> rows) {
        StringBuilder sb = new StringBuilder();
        for (Example e : rows) {
            sb.append(e.tweetId()).append(',').append(e.entity()).append(',').append(e.label()).append(",\"")
                    .append(e.text().replace("\"", "\"\"")).append("\"\n");
        }
        return sb.toString();
    }

    public static Dataset dataset(List<Example> rows) {
        return new Dataset(rows, "0".repeat(64), rows.size(), List.of(), java.util.Map.of(), 0);
    }

    /** A config small enough to train in seconds: no teacher (DistillationTest adds one), no refit. */
    public static TrainingConfig tinyConfig() {
        return TrainingConfig.defaults().with(java.util.Map.of("embeddingSize", 8, "hiddenSize", 8, "epochs", 6,
                "batchSize", 16, "learningRate", 0.01, "ngramBuckets", 256, "minCount", 1, "patience", 0, "wideEpochs", 3,
                "wideLearningRate", 0.02)).with(java.util.Map.of("refit", false)).with(java.util.Collections.singletonMap("teacher", null));
    }
}
