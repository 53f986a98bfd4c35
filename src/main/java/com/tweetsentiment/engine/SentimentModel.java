package com.tweetsentiment.engine;

import com.tweetsentiment.text.Preprocessor;
import com.tweetsentiment.text.Vocabulary;
import java.util.ArrayList;
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

    private Prediction prediction(float[] p, Preprocessor.Encoded e) {
        int best = 0;
        Map<String, Double> scores = new LinkedHashMap<>();
        for (int j = 0; j < p.length; j++) {
            scores.put(labels.get(j), (double) p[j]);
            if (p[j] > p[best]) {
                best = j;
            }
        }
        return new Prediction(labels.get(best), p[best], scores, e.knownTokens(), e.tokens());
    }
}
