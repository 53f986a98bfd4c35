package com.tweetsentiment.artifact;

import com.tweetsentiment.engine.ModelShape;
import com.tweetsentiment.engine.Pooling;
import java.util.List;

/** The manifest's description of the network: {@link ModelShape} with the labels named. */
public record Architecture(int vocabSize, int embeddingSize, int hiddenSize, Pooling pooling, List<String> labels,
        int wideBuckets) {

    public static Architecture of(ModelShape s, List<String> labels) {
        return new Architecture(s.vocabSize(), s.embeddingSize(), s.hiddenSize(), s.pooling(), List.copyOf(labels), s.wideBuckets());
    }

    public ModelShape shape() {
        return new ModelShape(vocabSize, embeddingSize, hiddenSize, labels.size(), pooling, wideBuckets);
    }
}
