package com.tweetsentiment.benchmarks;

import com.tweetsentiment.artifact.ModelArtifacts;
import com.tweetsentiment.engine.LstmEngine;
import com.tweetsentiment.engine.Nd4jThreads;
import com.tweetsentiment.engine.SentimentModel;
import com.tweetsentiment.text.Preprocessor;
import java.nio.file.Path;
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
 * Serving cost of real artifacts: the engine forward (preprocessing excluded) over fixed tweet-like texts, one ND4J
 * thread, so that two trained models (say the shipped one and a candidate) are compared on the same texts in one run.
 * Run with {@code benchmarks/engine.sh ArtifactBenchmark -p artifact=DIR1,DIR2} (artifact directories).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ArtifactBenchmark {

    /** Texts of the lengths tweets have: 64 of them, cycled from these. */
    private static final List<String> TEXTS = List.of(
            "I love the new update, the servers finally work and the game runs great on my old laptop",
            "worst patch ever",
            "@support my account got banned for no reason, three days and still no answer from anyone #fail",
            "Just finished the campaign. Wow. What an ending!!! Can't wait for the DLC http://t.co/abc",
            "why does every match lag like this, unplayable tonight",
            "not bad",
            "The customer service was helpful and fixed my order in five minutes, thank you so much",
            "this game is sooooo boring now, the devs ruined it with the last season and nobody plays anymore");

    @Param({"1", "64"})
    int batch;

    @Param({"model-artifacts"})
    String artifact;

    private LstmEngine engine;
    private int[][] ids;
    private int[][] features;

    @Setup
    public void setUp() {
        Nd4jThreads.set(1);
        SentimentModel model = ModelArtifacts.load(ModelArtifacts.resolve(Path.of(artifact))).model();
        engine = model.engine();
        Preprocessor pre = model.preprocessor();
        ids = new int[batch][];
        features = new int[batch][];
        for (int b = 0; b < batch; b++) {
            Preprocessor.Encoded e = pre.encode(TEXTS.get(b % TEXTS.size()), model.vocabulary());
            ids[b] = e.ids();
            features[b] = e.features();
        }
    }

    @Benchmark
    public float[][] forward() {
        return engine.predict(ids, features);
    }
}
