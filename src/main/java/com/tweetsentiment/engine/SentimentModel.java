package com.tweetsentiment.engine;

import com.tweetsentiment.text.Preprocessor;
import com.tweetsentiment.text.TokenSpans;
import com.tweetsentiment.text.Vocabulary;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Preprocessing, vocabulary and engine of one trained model: texts in, predictions out. */
public final class SentimentModel {

    private final Preprocessor preprocessor;
    private final Vocabulary vocabulary;
    private final List<String> labels;
    private final LstmEngine engine;

    public SentimentModel(Preprocessor preprocessor, Vocabulary vocabulary, List<String> labels, LstmEngine engine) {
        if (labels.size() != engine.shape().labels()) {
            throw new IllegalArgumentException("the engine has " + engine.shape().labels() + " outputs but "
                    + labels.size() + " labels are named: " + labels);
        }
        if (vocabulary.size() != engine.shape().vocabSize()) {
            throw new IllegalArgumentException("the vocabulary has " + vocabulary.size() + " tokens but the engine expects "
                    + engine.shape().vocabSize());
        }
        this.preprocessor = preprocessor;
        this.vocabulary = vocabulary;
        this.labels = List.copyOf(labels);
        this.engine = engine;
    }

    public List<String> labels() {
        return labels;
    }

    public Preprocessor preprocessor() {
        return preprocessor;
    }

    public Vocabulary vocabulary() {
        return vocabulary;
    }

    public LstmEngine engine() {
        return engine;
    }

    /** Encodes the texts and runs them as one batch. */
    public List<Prediction> predict(List<String> texts) {
        List<Preprocessor.Encoded> encoded = new ArrayList<>(texts.size());
        for (String text : texts) {
            encoded.add(preprocessor.encode(text, vocabulary));
        }
        return predictEncoded(encoded);
    }

    public List<Prediction> predictEncoded(List<Preprocessor.Encoded> encoded) {
        int[][] ids = new int[encoded.size()][];
        int[][] features = new int[encoded.size()][];
        for (int b = 0; b < ids.length; b++) {
            ids[b] = encoded.get(b).ids();
            features[b] = encoded.get(b).features();
        }
        float[][] probabilities = engine.predict(ids, features);
        List<Prediction> out = new ArrayList<>(ids.length);
        for (int b = 0; b < ids.length; b++) {
            out.add(prediction(probabilities[b], encoded.get(b)));
        }
        return out;
    }

    /** The prediction of one text and its explanation (see {@link Explanation}); costs one forward per known token. */
    public Explanation explain(String text) {
        List<String> tokens = preprocessor.tokenize(text);
        Preprocessor.Encoded e = preprocessor.encode(tokens, vocabulary);
        int[] ids = e.ids();
        List<Integer> occluded = new ArrayList<>();
        for (int i = 0; i < Math.min(ids.length, tokens.size()); i++) {
            if (ids[i] != Vocabulary.UNK_ID) {
                occluded.add(i);
            }
        }
        int[][] batch = new int[occluded.size() + 1][];
        batch[0] = ids;
        for (int q = 0; q < occluded.size(); q++) {
            batch[q + 1] = ids.clone();
            batch[q + 1][occluded.get(q)] = Vocabulary.UNK_ID;
        }
        float[][] deep = engine.deepLogits(batch);

        // the label exactly as a prediction picks it, and which logit (with which sign) stands for it: with two labels the
        // one output is the second label's logit, so the first label's is its negative
        int[] features = e.features();
        int best = best(engine.probabilities(deep[0], features));
        int output = engine.shape().binary() ? 0 : best;
        double sign = engine.shape().binary() && best == 0 ? -1 : 1;
        double scale = features.length == 0 ? 0 : LstmEngine.wideScale(features.length);
        double wide = 0;
        for (int f : features) {
            wide += engine.wideWeight(f, output) * scale;
        }

        double[] lstm = new double[tokens.size()];
        for (int q = 0; q < occluded.size(); q++) {
            lstm[occluded.get(q)] = sign * (deep[0][output] - deep[q + 1][output]);
        }
        double[] ngram = new double[tokens.size()];
        if (features.length > 0) {
            Map<Integer, Integer> uses = new HashMap<>();
            preprocessor.ngramOccurrences(tokens, (bucket, first, last) -> uses.merge(bucket, 1, Integer::sum));
            preprocessor.ngramOccurrences(tokens, (bucket, first, last) -> {
                double share = sign * engine.wideWeight(bucket, output) * scale / uses.get(bucket) / (last - first + 1);
                for (int i = first; i <= last; i++) {
                    ngram[i] += share;
                }
            });
        }
        List<TokenSpans.Span> spans = TokenSpans.locate(text, tokens);
        List<Explanation.TokenContribution> out = new ArrayList<>(tokens.size());
        for (int i = 0; i < tokens.size(); i++) {
            out.add(new Explanation.TokenContribution(tokens.get(i), spans.get(i).start(), spans.get(i).end(),
                    lstm[i] + ngram[i], lstm[i], ngram[i]));
        }
        double lstmLogit = sign * deep[0][output];
        double ngramLogit = sign * wide;
        return new Explanation(labels.get(best), lstmLogit + ngramLogit, lstmLogit, ngramLogit, out);
    }

    private Prediction prediction(float[] p, Preprocessor.Encoded e) {
        Map<String, Double> scores = new LinkedHashMap<>();
        for (int j = 0; j < p.length; j++) {
            scores.put(labels.get(j), (double) p[j]);
        }
        int best = best(p);
        return new Prediction(labels.get(best), p[best], scores, e.knownTokens(), e.tokens());
    }

    /** The most probable label's index (the first of equals). */
    private static int best(float[] p) {
        int best = 0;
        for (int j = 1; j < p.length; j++) {
            if (p[j] > p[best]) {
                best = j;
            }
        }
        return best;
    }
}
