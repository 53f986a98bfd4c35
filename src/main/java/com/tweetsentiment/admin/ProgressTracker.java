package com.tweetsentiment.admin;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * Turns the trainer's JSON progress events ({@code train --progress json}) into a job's {@link Job.Progress}.
 * Percent done counts epochs against the planned total of all phases (wide, language-model pre-training, LSTM, and
 * the same again for a refit, whose phases are named {@code refit-wide} and so on); a phase that stops early skips its
 * remaining epochs. The ETA assumes the rest goes as fast as what was done.
 */
final class ProgressTracker {

    /** "phase 'wide': up to 10 epochs ..." starts a phase; "phase 'lstm' stops early ..." does not. */
    private static final Pattern PHASE_START = Pattern.compile("phase '([\\w-]+)': ");
    private static final String REFIT = "refit-";

    private final int wideEpochs;
    private final int pretrainEpochs;
    private final int selection;
    private final int planned;
    private String phase = "starting";
    private int unitsDone;
    private double fraction;
    private Integer epoch;
    private Integer epochs;
    private Double loss;
    private Double validationAccuracy;

    ProgressTracker(int wideEpochs, int pretrainEpochs, int lstmEpochs, boolean refit) {
        this.wideEpochs = wideEpochs;
        this.pretrainEpochs = pretrainEpochs;
        this.selection = wideEpochs + pretrainEpochs + lstmEpochs;
        this.planned = Math.max(1, refit ? 2 * selection : selection);
    }

    /** Takes one event; returns a human-readable log line for it, or null if it is not worth a line. */
    String accept(JsonNode event) {
        switch (event.path("event").asString("")) {
            case "phase" -> {
                String message = event.path("message").asString("");
                Matcher m = PHASE_START.matcher(message);
                if (m.lookingAt()) {
                    String name = m.group(1);
                    fraction = 0;
                    boolean refit = name.startsWith(REFIT);
                    int offset = refit ? selection : 0;
                    switch (refit ? name.substring(REFIT.length()) : name) {
                        case "pretrain" -> unitsDone = offset + wideEpochs;
                        case "lstm" -> unitsDone = offset + wideEpochs + pretrainEpochs;
                        default -> unitsDone = offset;
                    }
                    phase = name;
                }
                return message;
            }
            case "batch" -> {
                int batches = Math.max(1, event.path("batches").asInt(1));
                fraction = Math.min(1, event.path("batch").asInt(0) / (double) batches);
                loss = event.path("loss").asDouble();
                if (!phase.endsWith("pretrain")) {
                    epoch = event.path("epoch").asInt();
                    epochs = event.path("epochs").asInt();
                }
                return null;
            }
            case "epoch" -> {
                unitsDone++;
                fraction = 0;
                epoch = event.path("epoch").asInt();
                epochs = event.path("epochs").asInt();
                loss = event.path("loss").asDouble();
                if (!event.path("validationAccuracy").isNumber()) {  // a refit's epoch: no validation rows to score
                    return String.format(Locale.ROOT, "epoch %d/%d (%s)  loss %.4f", epoch, epochs, phase, loss);
                }
                validationAccuracy = event.path("validationAccuracy").asDouble();
                return String.format(Locale.ROOT, "epoch %d/%d (%s)  loss %.4f  val loss %.4f  val accuracy %.4f%s",
                        epoch, epochs, phase, loss, event.path("validationLoss").asDouble(), validationAccuracy,
                        event.path("best").asBoolean() ? " (best)" : "");
            }
            case "done" -> {
                unitsDone = planned;
                fraction = 0;
                return "artifact " + event.path("version").asString("") + " written; its own test accuracy "
                        + String.format(Locale.ROOT, "%.4f", event.path("testAccuracy").asDouble());
            }
            default -> {
                return null;
            }
        }
    }

    void phase(String name) {
        this.phase = name;
    }

    /** @param elapsed seconds since the job started */
    Job.Progress progress(double elapsed) {
        double done = Math.min(planned, unitsDone + fraction) / planned;
        Double eta = done > 0 && elapsed > 0 ? elapsed * (1 - done) / done : null;
        return new Job.Progress(phase, epoch, epochs, loss, validationAccuracy, Math.round(done * 1000) / 10.0, eta);
    }
}
