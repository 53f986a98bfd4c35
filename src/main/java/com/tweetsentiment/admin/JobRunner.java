package com.tweetsentiment.admin;

import com.tweetsentiment.artifact.ArtifactException;
import com.tweetsentiment.artifact.ModelArtifacts;
import com.tweetsentiment.artifact.ModelStore;
import com.tweetsentiment.training.TrainerEvent;
import com.tweetsentiment.training.TrainingConfig;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.util.FileSystemUtils;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs one job that its caller has claimed (it holds the job's run lock): copies the data (the base dataset or the
 * upload, then the labelled examples) into the job's work directory, runs {@code train} as a child process while
 * following its typed progress events, runs the {@link JobGate}, and activates the candidate if it passes. A cancel
 * request (from any replica) stops the child; every way out removes the work files and, unless it became active, the
 * candidate.
 */
final class JobRunner {

    private static final Logger log = LoggerFactory.getLogger(JobRunner.class);
    private static final Duration SAVE_EVERY = Duration.ofSeconds(2);
    private static final long CANCEL_CHECK_MS = 250;

    /** How a passed candidate becomes active: through this replica's registry, or (a worker) through the store. */
    interface Activation {
        void activate(String version);

        /**
         * If a non-forced activation needs a shadow evaluation first ({@code sentiment.shadow.require-*}): starts one where
         * it can and says what happens next; null when none is needed and the candidate may be activated now.
         */
        default String holdForShadow(String version) {
            return null;
        }
    }

    private final JobRecords records;
    private final ModelStore store;
    private final Activation activation;
    private final ExampleStore examples;
    private final Path baseDataset;
    private final TrainerProcesses processes;
    private final JobGate gate;
    private final Path teacherCache;
    private final Duration stopGrace;
    private final Clock clock;
    private final JsonMapper json = ModelArtifacts.json();
    private final ScheduledExecutorService watcher = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "job-cancel-watch");
        t.setDaemon(true);
        return t;
    });
    /** The running job's child process, the job, and whether this process is shutting down. */
    private Process process;
    private long runningId;
    private boolean stopping;
    private boolean shuttingDown;

    JobRunner(AdminProperties properties, JobRecords records, ModelStore store, Activation activation, ExampleStore examples,
            TrainerProcesses processes, Clock clock) {
        this.records = records;
        this.store = store;
        this.activation = activation;
        this.examples = examples;
        this.baseDataset = properties.baseDataset();
        this.processes = processes;
        this.gate = new JobGate(store, processes, records, properties.gateMargin());
        this.teacherCache = properties.stateDir().resolve("teacher-cache");
        this.stopGrace = properties.trainer().stopGrace();
        this.clock = clock;
    }

    /** Runs a claimed job to its end; returns it as it ended. Releases the job's run lock at the end. */
    Job run(Job claimed) {
        long id = claimed.id();
        Instant started = clock.instant();
        Path work = records.workDir(id);
        synchronized (this) {
            runningId = id;
            stopping = false;
        }
        try {
            if (records.cancelRequested(id)) {
                return finishCancelled(id, work);
            }
            records.save(claimed.running(started, null));
            TrainingConfig config = TrainingConfig.preset(claimed.preset()).with(claimed.settings());
            Files.createDirectories(work);
            Path data = work.resolve("data.csv");
            writeData(data, work.resolve("upload.csv"));
            Path settings = work.resolve("settings.json");
            json.writeValue(settings.toFile(), claimed.settings());
            records.appendLog(id, "job " + id + ": training candidate " + claimed.candidateVersion() + " on " + claimed.data()
                    + " (runner " + ModelStore.owner() + ")");

            ProgressTracker tracker = new ProgressTracker(config.wideEpochs(), config.pretrainEpochs(), config.epochs(), config.refit());
            List<String> args = List.of("train", "--data", data.toString(), "--out", store.root().toString(), "--version-name",
                    claimed.candidateVersion(), "--preset", claimed.preset(), "--config", settings.toString(), "--progress", "json",
                    "--threads", String.valueOf(processes.threads()), "--teacher-cache", teacherCache.toString());
            Process p = startChild(id, args);
            if (p == null) {
                return finishCancelled(id, work);
            }
            update(id, j -> j.withPid(p.pid()));
            followTraining(id, p, tracker, started);
            int exit = p.waitFor();
            if (stopRequested()) {
                return finishCancelled(id, work);
            }
            if (exit != 0) {
                return fail(id, work, "the trainer exited with code " + exit + ": " + lastError(id));
            }
            tracker.phase("gate");
            update(id, j -> j.withProgress(tracker.progress(seconds(started))));
            Job.Gate result = gate.run(id, data, claimed.candidateVersion(), claimed.force(), this::startChild);
            if (stopRequested()) {
                return finishCancelled(id, work);
            }
            Job.State end;
            String activated = null;
            String message;
            String held = result.passed() && !result.forced() ? activation.holdForShadow(claimed.candidateVersion()) : null;
            if (held != null) {
                end = Job.State.SUCCEEDED;
                message = "passed the gate; " + held;
            } else if (result.passed() || result.forced()) {
                activation.activate(claimed.candidateVersion());
                activated = claimed.candidateVersion();
                end = Job.State.SUCCEEDED;
                message = (result.passed() ? "passed the gate" : "activated by force") + "; " + claimed.candidateVersion() + " is active";
            } else {
                end = Job.State.REJECTED;
                message = "rejected by the gate: " + result.reason() + "; " + claimed.candidateVersion() + " is kept but not active";
            }
            records.appendLog(id, message);
            deleteTree(work);
            String a = activated;
            log.info("retraining job {}: {}", id, message);
            return update(id, j -> j.finished(end, clock.instant(), result, a, message));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return fail(id, work, "interrupted: the process running it is shutting down");
        } catch (IOException | UncheckedIOException | ArtifactException | JacksonException | IllegalArgumentException e) {
            // stopping the process closes its streams under the reader
            return stopRequested() ? finishCancelled(id, work) : fail(id, work, e.getMessage());
        } catch (RuntimeException e) {
            log.error("retraining job {} failed", id, e);
            return fail(id, work, "unexpected error: " + e);
        } finally {
            synchronized (this) {
                process = null;
                runningId = 0;
            }
            records.runLock(id).release();
        }
    }

    /** Starts a child unless the job is being stopped; it becomes the process that a cancel stops. */
    private synchronized Process startChild(long id, List<String> args) throws IOException {
        if (stopping || records.cancelRequested(id)) {
            stopping = true;
            return null;
        }
        process = processes.start(args, records.logFile(id), records.workDir(id));
        process.getOutputStream().close();
        Process p = process;
        watcher.scheduleWithFixedDelay(() -> {
            if (p.isAlive() && records.cancelRequested(id)) {
                synchronized (this) {
                    stopping = true;
                }
                stop(p);
            }
            if (!p.isAlive()) {
                throw new IllegalStateException("done");  // ends this periodic check
            }
        }, CANCEL_CHECK_MS, CANCEL_CHECK_MS, TimeUnit.MILLISECONDS);
        return process;
    }

    private synchronized boolean stopRequested() {
        return stopping || records.cancelRequested(runningId);
    }

    private void followTraining(long id, Process p, ProgressTracker tracker, Instant started) throws IOException {
        Instant lastSave = Instant.MIN;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                String logLine;
                try {
                    logLine = tracker.accept(TrainerEvent.parse(line));
                } catch (JacksonException e) {
                    logLine = line;  // not an event: a library's own output, kept in the log as it is
                }
                if (logLine != null) {
                    records.appendLog(id, logLine);
                }
                Instant now = clock.instant();
                if (logLine != null || Duration.between(lastSave, now).compareTo(SAVE_EVERY) >= 0) {
                    lastSave = now;
                    update(id, j -> j.withProgress(tracker.progress(seconds(started))));
                }
            }
        }
    }

    /** The job's training file: the base dataset or the upload, then the labelled examples. */
    private void writeData(Path data, Path upload) throws IOException {
        Path source = Files.exists(upload) ? upload : baseDataset;
        if (source == null || !Files.isRegularFile(source)) {
            throw new IOException("no data to train on: the base dataset " + baseDataset + " is missing and nothing was uploaded");
        }
        try (OutputStream out = Files.newOutputStream(data)) {
            Files.copy(source, out);
            if (Files.size(source) > 0 && lastByte(source) != '\n') {
                out.write('\n');
            }
            examples.copyTo(out);
        }
    }

    private static int lastByte(Path f) throws IOException {
        try (FileChannel ch = FileChannel.open(f)) {
            ByteBuffer b = ByteBuffer.allocate(1);
            ch.read(b, ch.size() - 1);
            return b.get(0);
        }
    }

    /**
     * Makes sure the job's child has ended before its files go and its end is recorded: a cancel reaches the runner
     * through the closed output stream as soon as the watcher has signalled the child, which may still be exiting.
     */
    private void endChild() {
        Process p;
        synchronized (this) {
            p = process;
        }
        if (p != null && p.isAlive()) {
            stop(p);
        }
    }

    private Job fail(long id, Path work, String why) {
        endChild();
        if (shuttingDown) {
            why = "the process running this job stopped; its child process and files were removed (" + why + ")";
        }
        removeLeftovers(id, work);
        records.appendLog(id, "failed: " + why);
        String message = why;
        log.warn("retraining job {} failed: {}", id, why);
        return update(id, j -> j.finished(Job.State.FAILED, clock.instant(), j.gate(), null, message));
    }

    private Job finishCancelled(long id, Path work) {
        endChild();
        if (shuttingDown) {
            return fail(id, work, "shutting down");
        }
        removeLeftovers(id, work);
        records.appendLog(id, "cancelled");
        log.info("retraining job {} cancelled", id);
        return update(id, j -> j.finished(Job.State.CANCELLED, clock.instant(), j.gate(), null,
                "cancelled; the trainer process was stopped and its files removed"));
    }

    private void removeLeftovers(long id, Path work) {
        deleteTree(work);
        records.get(id).ifPresent(job -> removeLeftovers(records, store, job));
    }

    /** A job's work files, its candidate unless it became active, and the store's temporaries of gone processes. */
    static void removeLeftovers(JobRecords records, ModelStore store, Job job) {
        deleteTree(records.workDir(job.id()));
        try {
            String candidate = job.candidateVersion();
            if (store.exists(candidate) && !candidate.equals(store.activeVersion())) {
                store.delete(candidate);
            }
            store.removeTemporaries();
        } catch (ArtifactException e) {
            log.warn("cleaning up after job {}: {}", job.id(), e.getMessage());
        }
    }

    private Job update(long id, UnaryOperator<Job> change) {
        Job next = change.apply(records.get(id).orElseThrow());
        records.save(next);
        return next;
    }

    private String lastError(long id) {
        List<String> tail = records.logTail(id, 40);
        for (int i = tail.size() - 1; i >= 0; i--) {
            if (tail.get(i).startsWith("error:") || tail.get(i).contains("Exception") || tail.get(i).contains("Error")) {
                return tail.get(i);
            }
        }
        return tail.isEmpty() ? "(no output)" : tail.get(tail.size() - 1);
    }

    private double seconds(Instant since) {
        return Duration.between(since, clock.instant()).toMillis() / 1000.0;
    }

    private void stop(Process p) {
        p.descendants().forEach(ProcessHandle::destroy);
        p.destroy();
        try {
            if (!p.waitFor(stopGrace.toMillis(), TimeUnit.MILLISECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                p.waitFor(stopGrace.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static void deleteTree(Path p) {
        try {
            FileSystemUtils.deleteRecursively(p);
        } catch (IOException e) {
            log.warn("cannot delete {}: {}", p, e.getMessage());
        }
    }

    /** Stops the running job's child (this process is stopping); the job ends failed. */
    void shutdown() {
        Process p;
        synchronized (this) {
            shuttingDown = true;
            stopping = true;
            p = process;
        }
        if (p != null) {
            log.info("stopping the running retraining job's process");
            stop(p);
        }
        watcher.shutdownNow();
    }
}
