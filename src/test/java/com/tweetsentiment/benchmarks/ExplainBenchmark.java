package com.tweetsentiment.benchmarks;

import com.tweetsentiment.artifact.ModelArtifacts;
import com.tweetsentiment.engine.Explanation;
import com.tweetsentiment.engine.Nd4jThreads;
import com.tweetsentiment.engine.Prediction;
import com.tweetsentiment.engine.SentimentModel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * What {@code "explain": true} costs on the shipped model: predicting a batch of texts (preprocessing and one
 * forward) against explaining each of them (one forward per known token, the n-gram shares and the offsets).
 * Run with {@code BENCH=ExplainBenchmark benchmarks/engine.sh}; divide by the batch for the cost per text.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ExplainBenchmark {

    /** Tweet-like texts of 1 to 40 tokens, with placeholders, elongations and words the vocabulary lacks. */
    static final List<String> TWEETS = List.of(
            "I love this game, the new update is great!",
            "Worst patch ever. Servers down again and support ignores us. Refund please",
            "@EA_Sports when is the next season coming out? #FIFA",
            "just finished the campaign... soooo good, 10/10 would play again",
            "meh",
            "The graphics are nice but the matchmaking is completely broken and the store prices are a joke, not buying this again",
            "cannot log in since yesterday https://t.co/abc123 anyone else?",
            "thanks @Ubisoft for fixing the lag, finally playable",
            "my xbox died during the final boss fight. of course it did. perfect end to a perfect week",
            "zorptastic blimly stream today",
            "Borderlands 3 drops on Friday and I have already taken the day off work",
            "why does every update make the game slower on my laptop");

    @Param({"1", "64"})
    int batch;

    private SentimentModel model;
    private List<String> texts;

    @Setup
    public void setUp() {
        Nd4jThreads.set(1);
        model = ModelArtifacts.load(ModelArtifacts.resolve(Path.of("model-artifacts"))).model();
        texts = new ArrayList<>();
        for (int i = 0; i < batch; i++) {
            texts.add(TWEETS.get(i % TWEETS.size()));
        }
    }

    @Benchmark
    public List<Prediction> predict() {
        return model.predict(texts);
    }

    @Benchmark
    public List<Explanation> explain() {
        List<Explanation> out = new ArrayList<>(texts.size());
        for (String t : texts) {
            out.add(model.explain(t));
        }
        return out;
    }
}
