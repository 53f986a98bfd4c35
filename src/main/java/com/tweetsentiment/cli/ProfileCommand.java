package com.tweetsentiment.cli;

import com.tweetsentiment.artifact.ModelArtifacts;
import com.tweetsentiment.drift.HeldOutProfile;
import com.tweetsentiment.training.Dataset;
import com.tweetsentiment.training.DatasetLoader;
import com.tweetsentiment.training.TrainingArtifacts;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "profile", mixinStandardHelpOptions = true,
        description = "Add the held-out profile (drift reference and abstention curve, " + HeldOutProfile.FILE + ") to an artifact "
                + "trained before the trainer wrote one: computed on its own held-out test rows of the dataset it was trained on. "
                + "Rewrites the artifact's manifest; run it on a directory no server is loading.")
final class ProfileCommand implements Callable<Integer> {

    @Option(names = "--model", required = true, description = "artifact directory, or a model root with an ACTIVE file")
    Path model;

    @Option(names = "--data", required = true, description = "the CSV the artifact was trained on (its sha256 is checked)")
    Path data;

    @Override
    public Integer call() throws Exception {
        Path dir = ModelArtifacts.resolve(model);
        ModelArtifacts.Loaded loaded = ModelArtifacts.load(dir);
        Dataset dataset = DatasetLoader.load(data, loaded.model().labels());
        if (!TrainingArtifacts.trainedOn(loaded.manifest(), dataset)) {
            System.err.println("error: " + data + " is not the dataset " + loaded.manifest().modelVersion()
                    + " was trained on (its sha256 differs from the manifest's); its held-out rows cannot be found in it");
            return 2;
        }
        HeldOutProfile p = TrainingArtifacts.profile(loaded.model(), TrainingArtifacts.heldOut(loaded.manifest(), dataset, "test"));
        ModelArtifacts.addFile(dir, HeldOutProfile.FILE, ModelArtifacts.json().writeValueAsBytes(p));
        System.out.printf(Locale.ROOT, "%s: wrote %s from %d held-out test rows%n", loaded.manifest().modelVersion(), HeldOutProfile.FILE, p.rows());
        return 0;
    }
}
