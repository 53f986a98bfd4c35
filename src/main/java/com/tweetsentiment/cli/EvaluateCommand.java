package com.tweetsentiment.cli;

import com.tweetsentiment.artifact.Manifest;
import com.tweetsentiment.artifact.ModelArtifacts;
import com.tweetsentiment.engine.Nd4jThreads;
import com.tweetsentiment.engine.SentimentModel;
import com.tweetsentiment.training.Dataset;
import com.tweetsentiment.training.DatasetLoader;
import com.tweetsentiment.training.Evaluation;
import com.tweetsentiment.training.Example;
import com.tweetsentiment.training.Scoring;
import com.tweetsentiment.training.TrainingArtifacts;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = "Score an artifact on a CSV of the dataset's schema: accuracy, per-label precision/recall/F1, ROC-AUC, confusion matrix.")
final class EvaluateCommand implements Callable<Integer> {

    @Option(names = "--model", required = true, description = "artifact directory, or a model root with an ACTIVE file")
    Path model;

    @Option(names = "--data", required = true, description = "CSV of the dataset's schema")
    Path data;

    @Option(names = "--split", defaultValue = "all",
            description = "all rows, or the trainer's held-out 'test' / 'validation' rows (same seed and fractions as the artifact's training)")
    String split;

    @Option(names = "--split-of", description = "with --split test/validation: take the held-out rows of this artifact's "
            + "training (its seed, fractions and split) instead of the evaluated model's, so two models are scored on the same rows")
    Path splitOf;

    @Option(names = "--json", description = "print the metrics as JSON (with an 'accuracy' field) instead of text")
    boolean json;

    @Option(names = "--threads", defaultValue = "1", description = "threads per ND4J op")
    int threads;

    @Override
    public Integer call() {
        Nd4jThreads.set(threads);
        ModelArtifacts.Loaded loaded = ModelArtifacts.load(ModelArtifacts.resolve(model));
        SentimentModel m = loaded.model();
        Dataset dataset = DatasetLoader.load(data, m.labels());
        Evaluation e = Scoring.evaluate(m, select(loaded, dataset));
        if (json) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("modelVersion", loaded.manifest().modelVersion());
            out.put("data", data.toString());
            out.put("split", split);
            out.put("rowsRead", dataset.rowsRead());
            out.put("rowsRejected", dataset.rejectedTotal());
            out.put("accuracy", e.accuracy());
            out.put("evaluation", e);
            System.out.println(ModelArtifacts.json().writeValueAsString(out));
        } else {
            System.out.println("model " + loaded.manifest().modelVersion() + " on " + data + " (" + split + "): "
                    + DatasetLoader.summary(dataset));
            System.out.print(e.report());
        }
        return 0;
    }

    private List<Example> select(ModelArtifacts.Loaded loaded, Dataset dataset) {
        String which = split.toLowerCase(Locale.ROOT);
        if (which.equals("all")) {
            return dataset.examples();
        }
        Manifest splitFrom = splitOf == null ? loaded.manifest() : ModelArtifacts.readManifest(ModelArtifacts.resolve(splitOf));
        if (which.equals("validation")) {
            TrainingArtifacts.requireValidationHeldOut(loaded.manifest());  // the split's artifact is checked by heldOut
        }
        if (!TrainingArtifacts.trainedOn(splitFrom, dataset)) {
            System.err.println("warning: this CSV (sha256 " + dataset.sha256() + ") is not the one " + splitFrom.modelVersion()
                    + " was trained on; the " + which + " rows are chosen the same way but are not its held-out rows");
        }
        return TrainingArtifacts.heldOut(splitFrom, dataset, which);
    }
}
