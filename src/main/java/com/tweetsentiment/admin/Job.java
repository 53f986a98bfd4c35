package com.tweetsentiment.admin;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One retraining job as stored in {@code <state-dir>/jobs/<id>/job.json} and returned by {@code /admin/jobs}.
 * Immutable: every change makes a new value, which the job service writes to disk atomically.
 *
 * @param settings         training settings given for this job (names as in {@code TrainingConfig})
 * @param data             where the rows come from, in words
 * @param candidateVersion the version the job's artifact gets
 * @param activatedVersion the version that became active because of this job (null unless it succeeded)
 * @param message          why it failed, was cancelled or rejected; or what it did
 * @param pid              the running trainer process, so a restarted server can stop it
 * @param runner           the process that took the job ({@code <pid>@<host>}: a server, or a worker); null while queued
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Job(long id, State state, Instant created, Instant started, Instant finished, String preset,
        Map<String, Object> settings, boolean force, String data, Progress progress, String candidateVersion, Gate gate,
        String activatedVersion, String message, Long pid, String runner) {

    public enum State {
        @JsonProperty("queued") QUEUED,
        @JsonProperty("running") RUNNING,
        @JsonProperty("succeeded") SUCCEEDED,
        @JsonProperty("failed") FAILED,
        @JsonProperty("cancelled") CANCELLED,
        @JsonProperty("rejected") REJECTED;

        public boolean terminal() {
            return this != QUEUED && this != RUNNING;
        }
    }

    /**
     * Where training is: the phase (wide, pretrain, lstm, gate), the epoch counted over all phases, the last mean
     * training loss and validation accuracy, percent of the planned epochs done, the estimated seconds left, and every
     * finished epoch so far (so that a client polling now and then can still draw the whole curve).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Progress(String phase, Integer epoch, Integer epochs, Double loss, Double validationAccuracy, double percent,
            Double etaSeconds, List<EpochPoint> history) {

        static final Progress NONE = new Progress(null, null, null, null, null, 0, null, null);

        Progress finished() {
            return new Progress(phase, epoch, epochs, loss, validationAccuracy, 100, 0.0, history);
        }
    }

    /** One finished epoch of one phase; validation figures are absent in a refit's epochs (it has no validation rows). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record EpochPoint(String phase, int epoch, double loss, Double validationLoss, Double validationAccuracy) {
    }

    /**
     * The promotion gate: both models scored on the candidate's held-out test rows of the job's data.
     *
     * @param activeVersion     the model that was active when the gate ran (null if none was)
     * @param activeAccuracy    its accuracy on those rows (null if none was active or the two are not comparable)
     * @param candidateAccuracy the candidate's accuracy on the same rows
     * @param rows              how many rows both were scored on
     * @param margin            how much lower the candidate may score
     * @param passed            whether the candidate is good enough
     * @param forced            activated regardless of the gate
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Gate(String activeVersion, Double activeAccuracy, double candidateAccuracy, long rows, double margin,
            boolean passed, boolean forced, String reason) {
    }

    static Job queued(long id, Instant now, String preset, Map<String, Object> settings, boolean force, String data, String candidate) {
        return new Job(id, State.QUEUED, now, null, null, preset, settings, force, data, Progress.NONE, candidate, null, null, null, null, null);
    }

    Job claimed(String by) {
        return new Job(id, state, created, started, finished, preset, settings, force, data, progress, candidateVersion, gate,
                activatedVersion, message, pid, by);
    }

    Job running(Instant now, Long processId) {
        return new Job(id, State.RUNNING, created, now, null, preset, settings, force, data, progress, candidateVersion, gate,
                activatedVersion, message, processId, runner);
    }

    Job withProgress(Progress p) {
        return new Job(id, state, created, started, finished, preset, settings, force, data, p, candidateVersion, gate,
                activatedVersion, message, pid, runner);
    }

    Job withPid(Long processId) {
        return new Job(id, state, created, started, finished, preset, settings, force, data, progress, candidateVersion, gate,
                activatedVersion, message, processId, runner);
    }

    Job finished(State end, Instant now, Gate g, String activated, String why) {
        Progress p = end == State.SUCCEEDED || end == State.REJECTED
                ? progress.finished()
                : progress;
        return new Job(id, end, created, started, now, preset, settings, force, data, p, candidateVersion, g, activated, why, null, runner);
    }
}
