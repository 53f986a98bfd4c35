package com.tweetsentiment.admin;

import com.tweetsentiment.artifact.ArtifactException;
import com.tweetsentiment.artifact.Manifest;
import com.tweetsentiment.artifact.ModelArtifacts;
import com.tweetsentiment.serving.ActiveModel;
import com.tweetsentiment.serving.ModelRegistry;
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
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.util.FileSystemUtils;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Retraining jobs, one at a time. A job copies its data (the base dataset or an upload, plus the labelled examples)
 * into its own work directory, runs {@code train} as a child process while following its JSON progress, then runs
 * the gate ({@code evaluate} of candidate and active model on the candidate's held-out test rows, also as child
 * processes) and activates the candidate if it passes. Job records live in {@code <state-dir>/jobs/<id>/job.json},
 * replaced atomically on every change, so history survives restarts; a job that was running when the server died is
 * marked failed at the next start and its process, work files and partial artifact are removed.
 */
final class JobService implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(JobService.class);
    private static final DateTimeFormatter VERSION_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);
    private static final Duration SAVE_EVERY = Duration.ofSeconds(2);

    /** What a job trains: preset and settings (already validated), whether to skip the gate, an uploaded CSV or null. */
    record Spec(String preset, Map<String, Object> settings, boolean force, Path upload, int plannedWide, int plannedPretrain,
            int plannedLstm, boolean plannedRefit) {
    }

    private final Path jobsDir;
    private final Path modelsDir;
    private final Path baseDataset;
    private final double margin;
    private final ModelRegistry registry;
    private final ExampleStore examples;
    private final TrainerProcesses processes;
    private final Duration stopGrace;
    private final int logLines;
    private final Clock clock;
    private final JsonMapper json = ModelArtifacts.json();
    private final ExecutorService runner = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "retrain-job");
        t.setDaemon(true);
        return t;
    });
    private final Map<Long, Job> jobs = new TreeMap<>();
    private long nextId = 1;
    /** Shared by every job: the teacher's embeddings of texts already seen (a new job computes only new ones). */
    private final Path teacherCache;
    /** The child process of the running job (trainer or gate), and whether it was asked to stop. */
    private Process process;
    private boolean cancelRequested;
    private boolean shuttingDown;

    JobService(AdminProperties properties, Path modelsDir, ModelRegistry registry, ExampleStore examples,
            TrainerProcesses processes, Clock clock) {
        this.jobsDir = properties.stateDir().resolve("jobs");
        this.teacherCache = properties.stateDir().resolve("teacher-cache");
        this.modelsDir = modelsDir;
        this.baseDataset = properties.baseDataset();
        this.margin = properties.gateMargin();
        this.registry = registry;
        this.examples = examples;
        this.processes = processes;
        this.stopGrace = properties.trainer().stopGrace();
        this.logLines = properties.trainer().logLines();
        this.clock = clock;
    }

    /** Loads the job history; jobs left running by a previous server are stopped, cleaned up and marked failed. */
    synchronized void recover() {
        if (!Files.isDirectory(jobsDir)) {
            return;
        }
        deleteTree(jobsDir.resolve("uploads"));  // uploads that never became a job
        try {
            try (Stream<Path> dirs = Files.list(jobsDir)) {
                for (Path dir : dirs.filter(d -> d.getFileName().toString().matches("\\d+")).toList()) {
                    Path file = dir.resolve("job.json");
                    if (!Files.isRegularFile(file)) {
                        continue;
                    }
                    Job job;
                    try {
                        job = json.readValue(file.toFile(), Job.class);
                    } catch (JacksonException e) {
                        log.warn("skipping unreadable job record {}: {}", file, e.getOriginalMessage());
                        continue;
                    }
                    nextId = Math.max(nextId, job.id() + 1);
                    if (!job.state().terminal()) {
                        stopLeftover(job);
                        removeLeftovers(job);
                        job = job.finished(Job.State.FAILED, clock.instant(), job.gate(), null,
                                "the server stopped while this job was " + job.state().name().toLowerCase(Locale.ROOT)
                                        + "; its process, work files and partial artifact were removed");
                        save(job);
                        log.warn("job {} was interrupted by a server stop; marked failed", job.id());
                    }
                    jobs.put(job.id(), job);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read job history in " + jobsDir + ": " + e.getMessage(), e);
        }
    }

    private void stopLeftover(Job job) {
        if (job.pid() == null) {
            return;
        }
        ProcessHandle.of(job.pid()).filter(h -> h.info().commandLine().map(c -> c.contains(workDir(job.id()).toString())).orElse(false))
                .ifPresent(h -> {
                    log.warn("stopping process {} left running by job {}", h.pid(), job.id());
                    h.destroyForcibly();
                    h.onExit().orTimeout(stopGrace.toMillis(), TimeUnit.MILLISECONDS).exceptionally(t -> h).join();
                });
    }

    synchronized List<Job> list() {
        return List.copyOf(jobs.values());
    }

    synchronized Optional<Job> get(long id) {
        return Optional.ofNullable(jobs.get(id));
    }

    /** Waits up to {@code timeout} for the job to end; returns it as it is then. */
    synchronized Optional<Job> await(long id, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Job job = jobs.get(id);
        while (job != null && !job.state().terminal()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
            job = jobs.get(id);
        }
        return Optional.ofNullable(job);
    }

    /** The last lines of the job's log (trainer progress, the trainer's own messages, the gate). */
    List<String> logTail(long id) {
        Path file = logFile(id);
        if (!Files.exists(file)) {
            return List.of();
        }
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            return List.copyOf(lines.subList(Math.max(0, lines.size() - logLines), lines.size()));
        } catch (IOException e) {
            return List.of("(the log cannot be read: " + e.getMessage() + ")");
        }
    }

    /** Why there is no base dataset to train on, if there is none (a job may still upload its own). */
    Optional<String> missingData() {
        if (baseDataset == null) {
            return Optional.of("no base dataset is configured (sentiment.admin.base-dataset); upload a CSV with the request");
        }
        if (!Files.isRegularFile(baseDataset)) {
            return Optional.of("the configured base dataset " + baseDataset + " does not exist; upload a CSV with the request");
        }
        return Optional.empty();
    }

    /** A file for an upload in progress; the caller hands it to {@link #submit} or deletes it. */
    Path newUploadFile() throws IOException {
        Path dir = jobsDir.resolve("uploads");
        Files.createDirectories(dir);
        return Files.createTempFile(dir, "upload-", ".csv");
    }

    /** Queues a job; 409 (as a problem) if one is queued or running. */
    synchronized Job submit(Spec spec) {
        Optional<Job> busy = jobs.values().stream().filter(j -> !j.state().terminal()).findFirst();
        if (busy.isPresent()) {
            throw Problems.conflict("job " + busy.get().id() + " is " + busy.get().state().name().toLowerCase(Locale.ROOT)
                    + "; one retraining job runs at a time (cancel it with DELETE /admin/jobs/" + busy.get().id() + ")");
        }
        long id = nextId++;
        Instant now = clock.instant();
        String candidate = VERSION_TIME.format(now) + "-job" + id;
        try {
            Files.createDirectories(workDir(id));
            if (spec.upload() != null) {
                Files.move(spec.upload(), workDir(id).resolve("upload.csv"), StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare job " + id + ": " + e.getMessage(), e);
        }
        String data = (spec.upload() != null ? "uploaded CSV" : "base dataset " + baseDataset.getFileName()) + " + labelled examples";
        Job job = Job.queued(id, now, spec.preset(), spec.settings(), spec.force(), data, candidate);
        put(job);
        runner.submit(() -> run(id, spec));
        log.info("retraining job {} queued (candidate {})", id, candidate);
        return job;
    }

    /** Cancels a queued or running job and waits (a bounded time) until its process has ended and its files are gone. */
    Job cancel(long id) throws InterruptedException {
        Process p;
        synchronized (this) {
            Job job = jobs.get(id);
            if (job == null) {
                return null;
            }
            if (job.state().terminal()) {
                throw Problems.conflict("job " + id + " has already ended (" + job.state().name().toLowerCase(Locale.ROOT) + ")");
            }
            cancelRequested = true;
            p = process;
            if (job.state() == Job.State.QUEUED) {
                put(job.finished(Job.State.CANCELLED, clock.instant(), null, null, "cancelled before it started"));
                cancelRequested = false;
            }
        }
        if (p != null) {
            stop(p);
        }
        return await(id, stopGrace.plusSeconds(30)).orElseThrow();
    }

    private void stop(Process p) throws InterruptedException {
        p.descendants().forEach(ProcessHandle::destroy);
        p.destroy();
        if (!p.waitFor(stopGrace.toMillis(), TimeUnit.MILLISECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            p.waitFor(stopGrace.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void run(long id, Spec spec) {
        Job job;
        Instant started = clock.instant();
        synchronized (this) {
            job = jobs.get(id);
            if (job == null || job.state().terminal()) {
                return;
            }
            // running from here on (a cancel now stops what runs, or what would start), the process comes later
            cancelRequested = false;
            put(job.running(started, null));
        }
        Path work = workDir(id);
        Path candidateDir = modelsDir.resolve(job.candidateVersion());
        try {
            Path data = work.resolve("data.csv");
            writeData(data, work.resolve("upload.csv"));
            Path settings = work.resolve("settings.json");
            json.writeValue(settings.toFile(), spec.settings());
            appendLog(id, "job " + id + ": training candidate " + job.candidateVersion() + " on " + job.data());

            ProgressTracker tracker = new ProgressTracker(spec.plannedWide(), spec.plannedPretrain(), spec.plannedLstm(), spec.plannedRefit());
            List<String> args = List.of("train", "--data", data.toString(), "--out", modelsDir.toString(), "--version-name",
                    job.candidateVersion(), "--preset", spec.preset(), "--config", settings.toString(), "--progress", "json",
                    "--threads", String.valueOf(processes.threads()), "--teacher-cache", teacherCache.toString());
            Process p = startChild(id, args);
            if (p == null) {
                finishCancelled(id, candidateDir, work);
                return;
            }
            update(id, j -> j.withPid(p.pid()), true);
            followTraining(id, p, tracker, started);
            int exit = p.waitFor();
            if (cancelRequested()) {
                finishCancelled(id, candidateDir, work);
                return;
            }
            if (exit != 0) {
                fail(id, candidateDir, work, "the trainer exited with code " + exit + ": " + lastError(id));
                return;
            }
            tracker.phase("gate");
            update(id, j -> j.withProgress(tracker.progress(seconds(started))), true);
            Job.Gate gate = gate(id, data, candidateDir, spec.force());
            if (cancelRequested()) {
                finishCancelled(id, candidateDir, work);
                return;
            }
            Job.State end;
            String activated = null;
            String message;
            if (gate.passed() || gate.forced()) {
                registry.activate(job.candidateVersion());
                activated = job.candidateVersion();
                end = Job.State.SUCCEEDED;
                message = (gate.passed() ? "passed the gate" : "activated by force") + "; " + job.candidateVersion() + " is active";
            } else {
                end = Job.State.REJECTED;
                message = "rejected by the gate: " + gate.reason() + "; " + job.candidateVersion() + " is kept but not active";
            }
            appendLog(id, message);
            deleteTree(work);
            String a = activated;
            update(id, j -> j.finished(end, clock.instant(), gate, a, message), true);
            log.info("retraining job {}: {}", id, message);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail(id, candidateDir, work, "interrupted: the server is shutting down");
        } catch (IOException | UncheckedIOException | ArtifactException | JacksonException e) {
            if (cancelRequested()) {
                // stopping the process closes its streams under the reader
                finishCancelled(id, candidateDir, work);
            } else {
                fail(id, candidateDir, work, e.getMessage());
            }
        } catch (RuntimeException e) {
            log.error("retraining job {} failed", id, e);
            fail(id, candidateDir, work, "unexpected error: " + e);
        } finally {
            synchronized (this) {
                process = null;
                cancelRequested = false;
            }
        }
    }

    /** Starts a child unless the job was cancelled first; it becomes the process that a cancel stops. */
    private synchronized Process startChild(long id, List<String> args) throws IOException {
        if (cancelRequested) {
            return null;
        }
        process = processes.start(args, logFile(id));
        process.getOutputStream().close();
        return process;
    }

    private synchronized boolean cancelRequested() {
        return cancelRequested;
    }

    private void followTraining(long id, Process p, ProgressTracker tracker, Instant started) throws IOException {
        Instant lastSave = Instant.MIN;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                String logLine;
                try {
                    logLine = tracker.accept(json.readTree(line));
                } catch (JacksonException e) {
                    logLine = line;
                }
                if (logLine != null) {
                    appendLog(id, logLine);
                }
                Instant now = clock.instant();
                boolean save = logLine != null || Duration.between(lastSave, now).compareTo(SAVE_EVERY) >= 0;
                if (save) {
                    lastSave = now;
                }
                update(id, j -> j.withProgress(tracker.progress(seconds(started))), save);
            }
        }
    }

    private Job.Gate gate(long id, Path data, Path candidateDir, boolean force) throws IOException, InterruptedException {
        Manifest candidate = ModelArtifacts.readManifest(candidateDir);
        JsonNode cand = evaluate(id, List.of("--model", candidateDir.toString()), data);
        double candAcc = cand.path("accuracy").asDouble();
        long rows = cand.path("evaluation").path("examples").asLong();
        Optional<ActiveModel> active = registry.current();
        if (active.isEmpty()) {
            return new Job.Gate(null, null, candAcc, rows, margin, true, force, "no model was active");
        }
        String activeVersion = active.get().version();
        List<String> activeLabels = active.get().manifest().architecture().labels();
        if (!activeLabels.equals(candidate.architecture().labels())) {
            return new Job.Gate(activeVersion, null, candAcc, rows, margin, false, force, "the candidate predicts "
                    + candidate.architecture().labels() + " but the active model " + activeLabels + "; they cannot be compared");
        }
        JsonNode act = evaluate(id, List.of("--model", modelsDir.resolve(activeVersion).toString(), "--split-of",
                candidateDir.toString()), data);
        double actAcc = act.path("accuracy").asDouble();
        boolean passed = candAcc >= actAcc - margin - 1e-12;
        String reason = String.format(Locale.ROOT, "candidate accuracy %.4f vs active %s %.4f on the same %d held-out rows "
                + "(allowed margin %.4f)", candAcc, activeVersion, actAcc, rows, margin);
        appendLog(id, "gate: " + reason);
        return new Job.Gate(activeVersion, actAcc, candAcc, rows, margin, passed, force, reason);
    }

    private JsonNode evaluate(long id, List<String> model, Path data) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("evaluate"));
        args.addAll(model);
        args.addAll(List.of("--data", data.toString(), "--split", "test", "--json", "--threads", String.valueOf(processes.threads())));
        Process p = startChild(id, args);
        if (p == null) {
            throw new IOException("cancelled");
        }
        byte[] out = p.getInputStream().readAllBytes();
        int exit = p.waitFor();
        if (exit != 0) {
            throw new IOException("evaluating " + model.get(1) + " failed with code " + exit + ": " + lastError(id));
        }
        return json.readTree(out);
    }

    /** The job's training file: the base dataset or the upload, then the labelled examples. */
    private void writeData(Path data, Path upload) throws IOException {
        Path source = Files.exists(upload) ? upload : baseDataset;
        if (source == null || !Files.isRegularFile(source)) {
            throw new IOException("no data to train on: " + missingData().orElse("the data file is missing"));
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

    private void fail(long id, Path candidateDir, Path work, String why) {
        removeCandidate(candidateDir);
        deleteTree(work);
        appendLog(id, "failed: " + why);
        update(id, j -> j.finished(Job.State.FAILED, clock.instant(), j.gate(), null, why), true);
        log.warn("retraining job {} failed: {}", id, why);
    }

    private void finishCancelled(long id, Path candidateDir, Path work) {
        if (shuttingDown) {
            fail(id, candidateDir, work, "the server stopped while this job was running; its process and files were removed");
            return;
        }
        removeCandidate(candidateDir);
        deleteTree(work);
        appendLog(id, "cancelled");
        update(id, j -> j.finished(Job.State.CANCELLED, clock.instant(), j.gate(), null,
                "cancelled; the trainer process was stopped and its files removed"), true);
        log.info("retraining job {} cancelled", id);
    }

    private void removeLeftovers(Job job) {
        removeCandidate(modelsDir.resolve(job.candidateVersion()));
        deleteTree(workDir(job.id()));
    }

    /** Removes the job's artifact (unless it became active) and any half-written artifact directory. */
    private void removeCandidate(Path candidateDir) {
        try {
            String active = ModelArtifacts.activeVersion(modelsDir);
            if (Files.exists(candidateDir) && !candidateDir.getFileName().toString().equals(active)) {
                ModelArtifacts.delete(modelsDir, candidateDir.getFileName().toString());
            }
            ModelArtifacts.removeTemporaries(modelsDir);
        } catch (ArtifactException e) {
            log.warn("cleaning up after a job: {}", e.getMessage());
        }
    }

    private interface Change {
        Job apply(Job j);
    }

    private synchronized void update(long id, Change change, boolean persist) {
        Job next = change.apply(jobs.get(id));
        jobs.put(id, next);
        if (persist) {
            save(next);
        }
        notifyAll();
    }

    private synchronized void put(Job job) {
        jobs.put(job.id(), job);
        save(job);
        notifyAll();
    }

    private void save(Job job) {
        Path dir = jobsDir.resolve(String.valueOf(job.id()));
        try {
            Files.createDirectories(dir);
            Path temp = Files.createTempFile(dir, ".job-", ".json");
            json.writeValue(temp.toFile(), job);
            Files.move(temp, dir.resolve("job.json"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record job " + job.id() + ": " + e.getMessage(), e);
        }
    }

    private void appendLog(long id, String line) {
        try {
            Files.writeString(logFile(id), line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            log.warn("cannot write the log of job {}: {}", id, e.getMessage());
        }
    }

    private String lastError(long id) {
        List<String> tail = logTail(id);
        for (int i = tail.size() - 1; i >= 0; i--) {
            if (tail.get(i).startsWith("error:") || tail.get(i).contains("Exception") || tail.get(i).contains("Error")) {
                return tail.get(i);
            }
        }
        return tail.isEmpty() ? "(no output)" : tail.get(tail.size() - 1);
    }

    private Path workDir(long id) {
        return jobsDir.resolve(String.valueOf(id)).resolve("work");
    }

    private Path logFile(long id) {
        return jobsDir.resolve(String.valueOf(id)).resolve("job.log");
    }

    private double seconds(Instant since) {
        return Duration.between(since, clock.instant()).toMillis() / 1000.0;
    }

    private static void deleteTree(Path p) {
        try {
            FileSystemUtils.deleteRecursively(p);
        } catch (IOException e) {
            log.warn("cannot delete {}: {}", p, e.getMessage());
        }
    }

    @Override
    public void close() throws InterruptedException {
        Process p;
        synchronized (this) {
            p = process;
            shuttingDown = true;
            cancelRequested = p != null;
        }
        if (p != null) {
            log.info("stopping the running retraining job's process");
            stop(p);
        }
        runner.shutdownNow();
        runner.awaitTermination(stopGrace.toSeconds() + 5, TimeUnit.SECONDS);
    }
}
