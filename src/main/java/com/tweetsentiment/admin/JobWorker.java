package com.tweetsentiment.admin;

import com.tweetsentiment.artifact.ModelStore;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker ({@code java -jar tweet-sentiment.jar worker}): takes queued jobs from the shared state, oldest first, and
 * runs them one at a time, so that training never competes with a serving replica for its CPU. Each round it also
 * marks failed the jobs of runners that are gone.
 */
final class JobWorker implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(JobWorker.class);

    private final JobRecords records;
    private final JobService jobs;
    private final JobRunner runner;
    private final Duration poll;
    private final Thread thread;
    private volatile boolean closed;
    private volatile Instant lastRound;
    private volatile Long running;

    JobWorker(JobRecords records, JobService jobs, JobRunner runner, Duration poll) {
        this.records = records;
        this.jobs = jobs;
        this.runner = runner;
        this.poll = poll;
        this.thread = new Thread(this::loop, "job-worker");
        this.thread.setDaemon(true);
    }

    void start() {
        log.info("worker {} takes queued jobs from {} (every {} ms)", ModelStore.owner(), records.dir().toAbsolutePath(), poll.toMillis());
        thread.start();
    }

    private void loop() {
        while (!closed) {
            lastRound = Instant.now();
            try {
                jobs.reap();
                Optional<Job> next = claimNext();
                if (next.isPresent()) {
                    running = next.get().id();
                    log.info("worker took job {}", running);
                    Job end = runner.run(next.get());
                    log.info("job {} ended {}", end.id(), end.state().name().toLowerCase(java.util.Locale.ROOT));
                    running = null;
                    continue;
                }
            } catch (RuntimeException e) {
                log.warn("worker round failed: {}", e.toString());
            }
            try {
                Thread.sleep(poll.toMillis());
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** The oldest queued job nobody has taken, now claimed by this process (its run lock held). */
    Optional<Job> claimNext() {
        return records.locked(() -> records.list().stream()
                .filter(j -> j.state() == Job.State.QUEUED && j.runner() == null)
                .min(Comparator.comparingLong(Job::id))
                .filter(j -> records.runLock(j.id()).tryHold())
                .map(j -> {
                    Job claimed = j.claimed(ModelStore.owner());
                    records.save(claimed);
                    return claimed;
                }));
    }

    boolean alive() {
        return thread.isAlive();
    }

    Instant lastRound() {
        return lastRound;
    }

    Long running() {
        return running;
    }

    @Override
    public void close() throws InterruptedException {
        closed = true;
        runner.shutdown();
        thread.interrupt();
        thread.join(10_000);
    }
}
