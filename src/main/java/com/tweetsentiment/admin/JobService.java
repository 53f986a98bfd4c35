package com.tweetsentiment.admin;

import com.tweetsentiment.artifact.ModelStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Retraining jobs as the admin API sees them, the same from every replica: the records live in the shared state
 * directory ({@link JobRecords}). At most one job is queued or running anywhere; a second request gets 409 naming it.
 * With the {@code local} runner a job runs as a child process of the replica that took the request (the default, for
 * one process); with {@code external} the replica only queues it and a worker ({@link JobWorker}) runs it. A job whose
 * runner is gone (its run lock is free) is marked failed by whoever finds it, its files removed.
 */
final class JobService implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(JobService.class);
    private static final DateTimeFormatter VERSION_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);
    private static final long AWAIT_POLL_MS = 200;

    /** What a job trains: preset and settings (already validated), whether to skip the gate, an uploaded CSV or null. */
    record Spec(String preset, Map<String, Object> settings, boolean force, Path upload) {
    }

    private final JobRecords records;
    private final JobRunner runner;
    private final ModelStore store;
    private final Path baseDataset;
    private final boolean runsJobs;
    private final Duration stopGrace;
    private final int logLines;
    private final Clock clock;
    private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "retrain-job");
        t.setDaemon(true);
        return t;
    });

    /** @param runner runs jobs in this process (the local runner), or null if a worker runs them */
    JobService(AdminProperties properties, JobRecords records, JobRunner runner, ModelStore store, Clock clock) {
        this.records = records;
        this.runner = runner;
        this.store = store;
        this.baseDataset = properties.baseDataset();
        this.runsJobs = runner != null;
        this.stopGrace = properties.trainer().stopGrace();
        this.logLines = properties.trainer().logLines();
        this.clock = clock;
    }

    /** At start-up: jobs whose runner is gone end failed; uploads that never became a job go. */
    void recover() {
        records.removeOldUploads(Duration.ofHours(1));
        reap();
    }

    /**
     * Marks failed every job that is claimed by a runner that no longer holds its run lock (a process that died or was
     * killed), stopping a child it left behind on this host and removing its files. Returns how many.
     */
    int reap() {
        return records.locked(() -> {
            int reaped = 0;
            for (Job job : records.list()) {
                if (job.state().terminal() || job.runner() == null || records.runLock(job.id()).held()) {
                    continue;
                }
                stopLeftover(job);
                JobRunner.removeLeftovers(records, store, job);
                String why = "its runner " + job.runner() + " stopped while the job was " + job.state().name().toLowerCase(Locale.ROOT)
                        + "; its process, work files and partial artifact were removed";
                records.appendLog(job.id(), "failed: " + why);
                records.save(job.finished(Job.State.FAILED, clock.instant(), job.gate(), null, why));
                log.warn("job {}: {}", job.id(), why);
                reaped++;
            }
            return reaped;
        });
    }

    /** A trainer left running by a server of this host that died (it is this job's if its command names its work dir first). */
    private void stopLeftover(Job job) {
        if (job.pid() == null || job.runner() == null || !job.runner().endsWith("@" + ModelStore.owner().split("@", 2)[1])) {
            return;
        }
        String mark = "-D" + TrainerProcesses.WORK_PROPERTY + "=" + records.workDir(job.id()).toAbsolutePath();
        ProcessHandle.of(job.pid()).filter(h -> h.info().commandLine().map(c -> c.contains(mark)).orElse(false)).ifPresent(h -> {
            log.warn("stopping process {} left running by job {}", h.pid(), job.id());
            h.destroyForcibly();
            h.onExit().orTimeout(stopGrace.toMillis(), TimeUnit.MILLISECONDS).exceptionally(t -> h).join();
        });
    }

    List<Job> list() {
        reap();
        return records.list();
    }

    Optional<Job> get(long id) {
        reap();
        return records.get(id);
    }

    /** Waits up to {@code timeout} for the job to end; returns it as it is then. */
    Optional<Job> await(long id, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Optional<Job> job = get(id);
        while (job.isPresent() && !job.get().state().terminal() && System.nanoTime() < deadline) {
            Thread.sleep(Math.min(AWAIT_POLL_MS, Math.max(1, (deadline - System.nanoTime()) / 1_000_000)));
            job = get(id);
        }
        return job;
    }

    List<String> logTail(long id) {
        return records.logTail(id, logLines);
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

    Path newUploadFile() throws IOException {
        return records.newUploadFile();
    }

    /** Queues a job (and, with the local runner, starts it here); 409 if one is queued or running anywhere. */
    Job submit(Spec spec) {
        reap();
        Job job = records.locked(() -> {
            Optional<Job> busy = records.list().stream().filter(j -> !j.state().terminal()).findFirst();
            if (busy.isPresent()) {
                throw Problems.conflict("job " + busy.get().id() + " is " + busy.get().state().name().toLowerCase(Locale.ROOT)
                        + "; one retraining job runs at a time (cancel it with DELETE /admin/jobs/" + busy.get().id() + ")");
            }
            Instant now = clock.instant();
            String data = (spec.upload() != null ? "uploaded CSV" : "base dataset " + baseDataset.getFileName()) + " + labelled examples";
            Job created = records.create(id -> Job.queued(id, now, spec.preset(), spec.settings(), spec.force(), data,
                    VERSION_TIME.format(now) + "-job" + id));
            try {
                if (spec.upload() != null) {
                    Files.createDirectories(records.workDir(created.id()));
                    Files.move(spec.upload(), records.workDir(created.id()).resolve("upload.csv"), StandardCopyOption.REPLACE_EXISTING);
                }
            } catch (IOException e) {
                records.save(created.finished(Job.State.FAILED, now, null, null, "cannot keep the upload: " + e.getMessage()));
                throw new UncheckedIOException("cannot prepare job " + created.id() + ": " + e.getMessage(), e);
            }
            if (runsJobs) {
                // claimed before the records' lock is let go, so no worker and no reaper sees it unclaimed
                if (!records.runLock(created.id()).tryHold()) {
                    throw new IllegalStateException("the run lock of new job " + created.id() + " is taken");
                }
                created = created.claimed(ModelStore.owner());
                records.save(created);
            }
            return created;
        });
        if (runsJobs) {
            Job claimed = job;
            executor.submit(() -> runner.run(claimed));
        }
        log.info("retraining job {} queued (candidate {}){}", job.id(), job.candidateVersion(), runsJobs ? "" : " for a worker");
        return job;
    }

    /** Cancels a queued or running job and waits (a bounded time) until its process has ended and its files are gone. */
    Job cancel(long id) throws InterruptedException {
        Job job = records.locked(() -> {
            Job j = records.get(id).orElse(null);
            if (j == null) {
                return null;
            }
            if (j.state().terminal()) {
                throw Problems.conflict("job " + id + " has already ended (" + j.state().name().toLowerCase(Locale.ROOT) + ")");
            }
            if (j.runner() == null) {  // nobody has taken it: it ends here
                Job cancelled = j.finished(Job.State.CANCELLED, clock.instant(), null, null, "cancelled before it started");
                JobRunner.deleteTree(records.workDir(id));
                records.save(cancelled);
                return cancelled;
            }
            records.requestCancel(id);  // whoever runs it stops it
            return j;
        });
        if (job == null) {
            return null;
        }
        return await(id, stopGrace.plusSeconds(30)).orElseThrow();
    }

    @Override
    public void close() throws InterruptedException {
        if (runner != null) {
            runner.shutdown();
        }
        executor.shutdownNow();
        executor.awaitTermination(stopGrace.toSeconds() + 5, TimeUnit.SECONDS);
    }
}
