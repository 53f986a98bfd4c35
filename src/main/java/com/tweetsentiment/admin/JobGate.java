package com.tweetsentiment.admin;

import com.tweetsentiment.artifact.Manifest;
import com.tweetsentiment.artifact.ModelArtifacts;
import com.tweetsentiment.artifact.ModelStore;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import tools.jackson.databind.JsonNode;

/**
 * The promotion gate: {@code evaluate} of the candidate and of the version active in the store, each as a child
 * process, on the candidate's held-out test rows of the job's data. The candidate passes if it scores at most
 * {@code margin} below the active version.
 */
final class JobGate {

    /** Starts a CLI child of the job (null if the job is being stopped). */
    interface Children {
        Process start(long id, List<String> args) throws IOException;
    }

    private final ModelStore store;
    private final TrainerProcesses processes;
    private final JobRecords records;
    private final double margin;

    JobGate(ModelStore store, TrainerProcesses processes, JobRecords records, double margin) {
        this.store = store;
        this.processes = processes;
        this.records = records;
        this.margin = margin;
    }

    Job.Gate run(long id, Path data, String candidateVersion, boolean force, Children children) throws IOException, InterruptedException {
        Path candidateDir = store.directory(candidateVersion);
        Manifest candidate = store.describe(candidateVersion);
        JsonNode cand = evaluate(id, List.of("--model", candidateDir.toString()), data, children);
        double candAcc = cand.path("accuracy").asDouble();
        long rows = cand.path("evaluation").path("examples").asLong();
        String activeVersion = store.activeVersion();
        if (activeVersion == null || !store.exists(activeVersion)) {
            return new Job.Gate(null, null, candAcc, rows, margin, true, force, "no model was active");
        }
        List<String> activeLabels = store.describe(activeVersion).architecture().labels();
        if (!activeLabels.equals(candidate.architecture().labels())) {
            return new Job.Gate(activeVersion, null, candAcc, rows, margin, false, force, "the candidate predicts "
                    + candidate.architecture().labels() + " but the active model " + activeLabels + "; they cannot be compared");
        }
        JsonNode act = evaluate(id, List.of("--model", store.directory(activeVersion).toString(), "--split-of", candidateDir.toString()),
                data, children);
        double actAcc = act.path("accuracy").asDouble();
        boolean passed = candAcc >= actAcc - margin - 1e-12;
        String reason = String.format(Locale.ROOT, "candidate accuracy %.4f vs active %s %.4f on the same %d held-out rows "
                + "(allowed margin %.4f)", candAcc, activeVersion, actAcc, rows, margin);
        records.appendLog(id, "gate: " + reason);
        return new Job.Gate(activeVersion, actAcc, candAcc, rows, margin, passed, force, reason);
    }

    private JsonNode evaluate(long id, List<String> model, Path data, Children children) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("evaluate"));
        args.addAll(model);
        args.addAll(List.of("--data", data.toString(), "--split", "test", "--json", "--threads", String.valueOf(processes.threads())));
        Process p = children.start(id, args);
        if (p == null) {
            throw new IOException("cancelled");
        }
        byte[] out = p.getInputStream().readAllBytes();
        int exit = p.waitFor();
        if (exit != 0) {
            throw new IOException("evaluating " + model.get(1) + " failed with code " + exit);
        }
        return ModelArtifacts.json().readTree(out);
    }
}
