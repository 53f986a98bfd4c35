package com.tweetsentiment.admin;

import com.tweetsentiment.training.TrainerEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Turns the trainer's typed progress events ({@link TrainerEvent}, {@code train --progress json}) into a job's {@link Job.Progress}.
 * Percent done counts epochs against the planned total of all phases (wide, language-model pre-training, LSTM, and
 * the same again for a refit, whose phases are named {@code refit-wide} and so on); a phase that stops early skips its
 * remaining epochs. The ETA assumes the rest goes as fast as what was done.
 */
final class ProgressTracker {

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
    private final List<Job.EpochPoint> history = new ArrayList<>();

    ProgressTracker(int wideEpochs, int pretrainEpochs, int lstmEpochs, boolean refit) {
        this.wideEpochs = wideEpochs;
        this.pretrainEpochs = pretrainEpochs;
        this.selection = wideEpochs + pretrainEpochs + lstmEpochs;
        this.planned = Math.max(1, refit ? 2 * selection : selection);
    }

    /** Takes one event; returns a human-readable log line for it, or null if it is not worth a line. */
    String accept(TrainerEvent event) {
        if (event instanceof TrainerEvent.Phase p) {
            if (p.name() != null) {
                String name = p.name();
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
            return p.message();
        }
        if (event instanceof TrainerEvent.Batch b) {
            fraction = Math.min(1, b.batch() / (double) Math.max(1, b.batches()));
            loss = b.loss();
            if (!phase.endsWith("pretrain")) {
                epoch = b.epoch();
                epochs = b.epochs();
            }
            return null;
        }
        if (event instanceof TrainerEvent.Epoch e) {
            unitsDone++;
            fraction = 0;
            epoch = e.epoch();
            epochs = e.epochs();
            loss = e.loss();
            history.add(new Job.EpochPoint(phase, epoch, loss, e.validationLoss(), e.validationAccuracy()));
            if (e.validationAccuracy() == null) {  // a refit's epoch: no validation rows to score
                return String.format(Locale.ROOT, "epoch %d/%d (%s)  loss %.4f", epoch, epochs, phase, loss);
            }
            validationAccuracy = e.validationAccuracy();
            return String.format(Locale.ROOT, "epoch %d/%d (%s)  loss %.4f  val loss %.4f  val accuracy %.4f%s",
                    epoch, epochs, phase, loss, e.validationLoss(), validationAccuracy, e.best() ? " (best)" : "");
        }
        TrainerEvent.Done d = (TrainerEvent.Done) event;
        unitsDone = planned;
        fraction = 0;
        return "artifact " + d.version() + " written; its own test accuracy " + String.format(Locale.ROOT, "%.4f", d.testAccuracy());
    }

    void phase(String name) {
        this.phase = name;
    }

    /** @param elapsed seconds since the job started */
    Job.Progress progress(double elapsed) {
        double done = Math.min(planned, unitsDone + fraction) / planned;
        Double eta = done > 0 && elapsed > 0 ? elapsed * (1 - done) / done : null;
        return new Job.Progress(phase, epoch, epochs, loss, validationAccuracy, Math.round(done * 1000) / 10.0, eta,
                history.isEmpty() ? null : List.copyOf(history));
    }
}
