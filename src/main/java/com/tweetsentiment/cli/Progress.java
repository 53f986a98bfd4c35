package com.tweetsentiment.cli;

import com.tweetsentiment.training.EpochStats;
import com.tweetsentiment.training.TrainerEvent;
import com.tweetsentiment.training.TrainingListener;
import com.tweetsentiment.training.TrainingResult;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Training progress for people (a bar on a terminal, else a line per tenth of an epoch) or for
 * programs (JSON lines on stdout: {@code {"event":"epoch",...}}), which is how the server follows a retraining job.
 */
abstract class Progress implements TrainingListener {

    static Progress of(String mode, PrintStream err, PrintStream out) {
        return switch (mode.toLowerCase(Locale.ROOT)) {
            case "json" -> new Json(out);
            case "bar" -> new Human(err, true);
            case "lines" -> new Human(err, false);
            case "auto" -> new Human(err, System.console() != null);
            default -> throw new IllegalArgumentException("--progress must be auto, bar, lines or json, found '" + mode + "'");
        };
    }

    abstract void done(String version, Path dir, TrainingResult result);

    static String duration(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%dh%02dm", s / 3600, s % 3600 / 60)
                : s >= 60 ? String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60) : s + "s";
    }

    private static final class Human extends Progress {
        private final PrintStream err;
        private final boolean bar;
        private int lastTenth = -1;

        Human(PrintStream err, boolean bar) {
            this.err = err;
            this.bar = bar;
        }

        @Override
        public void phase(String message) {
            err.println(message);
        }

        @Override
        public void batch(int epoch, int epochs, int done, int total, double meanLoss, double elapsed) {
            int width = 30;
            int filled = done * width / total;
            String line = String.format(Locale.ROOT, "epoch %d/%d [%s%s] %3d%%  loss %.4f  elapsed %s",
                    epoch, epochs, "#".repeat(filled), "-".repeat(width - filled), 100 * done / total, meanLoss, duration(elapsed));
            if (bar) {
                err.print("\r" + line);
                if (done == total) {
                    err.print("\r" + " ".repeat(line.length()) + "\r");
                }
            } else if (done * 10 / total != lastTenth) {
                lastTenth = done * 10 / total;
                err.println(line);
            }
        }

        @Override
        public void epoch(EpochStats s, int epochs, double elapsed, double eta, boolean best) {
            lastTenth = -1;
            String validation = Double.isNaN(s.validationAccuracy()) ? "(" + s.phase() + ": no validation rows)"
                    : String.format(Locale.ROOT, "val loss %.4f  val accuracy %.4f%s", s.validationLoss(), s.validationAccuracy(), best ? " (best)" : "");
            err.printf(Locale.ROOT, "epoch %d/%d  loss %.4f  %s  %s/epoch  elapsed %s  eta %s%n",
                    s.epoch(), epochs, s.trainLoss(), validation, duration(s.seconds()), duration(elapsed), duration(eta));
        }

        @Override
        void done(String version, Path dir, TrainingResult result) {
        }
    }

    /** {@link TrainerEvent}s as JSON lines on stdout. */
    private static final class Json extends Progress {
        private final PrintStream out;
        private long lastBatchLine;

        Json(PrintStream out) {
            this.out = out;
        }

        private void emit(TrainerEvent event) {
            String line = event.toJson();
            synchronized (out) {
                out.println(line);
                out.flush();
            }
        }

        @Override
        public void phase(String message) {
            emit(new TrainerEvent.Phase(null, message));
        }

        @Override
        public void phaseStarted(String name, String message) {
            emit(new TrainerEvent.Phase(name, message));
        }

        @Override
        public void batch(int epoch, int epochs, int done, int total, double meanLoss, double elapsed) {
            long now = System.nanoTime();
            if (done != total && now - lastBatchLine < 1_000_000_000L) {
                return;
            }
            lastBatchLine = now;
            emit(new TrainerEvent.Batch(epoch, epochs, done, total, meanLoss, elapsed));
        }

        @Override
        public void epoch(EpochStats s, int epochs, double elapsed, double eta, boolean best) {
            emit(new TrainerEvent.Epoch(s.epoch(), epochs, s.phase(), s.trainLoss(), nullIfNaN(s.validationLoss()),
                    nullIfNaN(s.validationAccuracy()), best, elapsed, eta));
        }

        @Override
        void done(String version, Path dir, TrainingResult result) {
            emit(new TrainerEvent.Done(version, dir.toString(), result.test().accuracy(), result.test().rocAuc()));
        }

        private static Double nullIfNaN(double v) {
            return Double.isNaN(v) ? null : v;  // a refit has no validation rows; ROC-AUC needs two labels
        }
    }
}
