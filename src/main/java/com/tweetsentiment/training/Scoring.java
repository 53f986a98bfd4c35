package com.tweetsentiment.training;

import com.tweetsentiment.engine.LstmEngine;
import com.tweetsentiment.engine.SentimentModel;
import com.tweetsentiment.text.Preprocessor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/** Many encoded texts through an engine in length-sorted chunks (little padding), answers in input order. */
public final class Scoring {

    private static final int CHUNK = 256;

    private Scoring() {
    }

    public static float[][] probabilities(LstmEngine engine, List<Preprocessor.Encoded> encoded) {
        int n = encoded.size();
        Integer[] order = IntStream.range(0, n).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingInt(i -> encoded.get(i).ids().length));
        float[][] out = new float[n][];
        for (int from = 0; from < n; from += CHUNK) {
            int to = Math.min(n, from + CHUNK);
            int[][] ids = new int[to - from][];
            int[][] features = new int[to - from][];
            for (int r = from; r < to; r++) {
                ids[r - from] = encoded.get(order[r]).ids();
                features[r - from] = encoded.get(order[r]).features();
            }
            float[][] p = engine.predict(ids, features);
            for (int r = from; r < to; r++) {
                out[order[r]] = p[r - from];
            }
        }
        return out;
    }

    /** A model's figures on labelled rows (labels outside the model's are the caller's to filter out). */
    public static Evaluation evaluate(SentimentModel model, List<Example> rows) {
        List<Preprocessor.Encoded> encoded = new ArrayList<>(rows.size());
        int[] truth = new int[rows.size()];
        for (int r = 0; r < rows.size(); r++) {
            encoded.add(model.preprocessor().encode(rows.get(r).text(), model.vocabulary()));
            truth[r] = model.labels().indexOf(rows.get(r).label());
        }
        return Evaluation.of(model.labels(), truth, probabilities(model.engine(), encoded));
    }

    /** Mean negative log-likelihood of the true labels. */
    public static double logLoss(int[] truth, float[][] probabilities) {
        double sum = 0;
        for (int r = 0; r < truth.length; r++) {
            sum -= Math.log(Math.max(probabilities[r][truth[r]], 1e-7));
        }
        return truth.length == 0 ? 0 : sum / truth.length;
    }
}
