package com.tweetsentiment.cli;

import com.tweetsentiment.artifact.ModelArtifacts;
import com.tweetsentiment.engine.Nd4jThreads;
import com.tweetsentiment.engine.Prediction;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import tools.jackson.databind.json.JsonMapper;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "predict", mixinStandardHelpOptions = true,
        description = "Predict the sentiment of texts given as arguments, or of each line of standard input; one JSON line per text.")
final class PredictCommand implements Callable<Integer> {

    private static final JsonMapper LINES = JsonMapper.builder().build();

    @Option(names = "--model", required = true, description = "artifact directory, or a model root with an ACTIVE file")
    Path model;

    @Parameters(arity = "0..*", paramLabel = "TEXT", description = "texts to score (default: lines of standard input)")
    List<String> texts = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        Nd4jThreads.set(1);
        ModelArtifacts.Loaded loaded = ModelArtifacts.load(ModelArtifacts.resolve(model));
        List<String> input = texts;
        if (input.isEmpty()) {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
                input = in.lines().filter(l -> !l.isBlank()).toList();
            }
        }
        int blank = (int) input.stream().filter(String::isBlank).count();
        if (blank > 0 || input.isEmpty()) {
            throw new IllegalArgumentException(input.isEmpty() ? "no text given: pass texts as arguments or lines on standard input"
                    : blank + " of the texts are blank");
        }
        List<Prediction> predictions = loaded.model().predict(input);
        for (int i = 0; i < input.size(); i++) {
            Prediction p = predictions.get(i);
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("text", input.get(i));
            line.put("label", p.label());
            line.put("confidence", p.confidence());
            line.put("scores", p.scores());
            line.put("knownTokens", p.knownTokens());
            line.put("tokens", p.tokens());
            line.put("modelVersion", loaded.manifest().modelVersion());
            System.out.println(LINES.writeValueAsString(line));
        }
        return 0;
    }
}
