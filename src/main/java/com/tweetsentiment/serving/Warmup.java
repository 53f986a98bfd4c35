package com.tweetsentiment.serving;

import com.tweetsentiment.engine.SentimentModel;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Runs a freshly loaded model on made-up texts before it serves, so that the first requests after a swap find the
 * engine's code compiled and its buffers sized. The texts are sequences of the model's own vocabulary (lengths like a
 * tweet's), in batches of the sizes the micro-batcher forms: one text, then doubling up to the largest batch.
 */
public final class Warmup {

    private final int texts;
    private final int firstTexts;
    private final int maxBatch;

    /** @param texts how many texts in all (0 turns it off), for every version */
    public Warmup(int texts, int maxBatch) {
        this(texts, texts, maxBatch);
    }

    /**
     * @param texts      how many texts in all (0 turns it off) for a version that replaces another
     * @param firstTexts the same for the first version of a process
     */
    public Warmup(int texts, int firstTexts, int maxBatch) {
        this.texts = texts;
        this.firstTexts = firstTexts;
        this.maxBatch = Math.max(1, maxBatch);
    }

    /**
     * Returns how many texts ran ({@code first}: the process's first version). They run on a thread of their own that
     * ends with the warm-up, so the per-thread buffers the engine makes for it go with that thread instead of staying
     * with whichever thread activated the model.
     */
    public int run(SentimentModel model, boolean first) {
        int count = first ? firstTexts : texts;
        if (count == 0) {
            return 0;
        }
        return OwnThread.join(OwnThread.start("model-warmup", false, () -> warm(model, count)));
    }

    private int warm(SentimentModel model, int texts) {
        List<String> vocabulary = model.vocabulary().tokens();
        SplittableRandom random = new SplittableRandom(17);
        int done = 0;
        int batch = 1;
        while (done < texts) {
            int n = Math.min(batch, texts - done);
            List<String> batchTexts = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                StringBuilder text = new StringBuilder();
                int words = 3 + random.nextInt(30);
                for (int w = 0; w < words; w++) {
                    text.append(vocabulary.get(random.nextInt(vocabulary.size()))).append(' ');
                }
                batchTexts.add(text.toString());
            }
            model.predict(batchTexts);
            done += n;
            batch = batch >= maxBatch ? 1 : Math.min(maxBatch, batch * 2);
        }
        return done;
    }
}
