package com.tweetsentiment.admin;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.tweetsentiment.artifact.ModelArtifacts;
import com.tweetsentiment.artifact.ModelStore;
import com.tweetsentiment.serving.ModelRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;

/**
 * Which replica serves what: every replica writes {@code <state-dir>/replicas/<pid>@<host>.json} (what it serves, what
 * {@code ACTIVE} names, a version it refused) every few seconds, and {@code GET /admin/replicas} lists them all from
 * any replica. A report not renewed for three rounds is shown as stale (the replica stopped or hangs); after an hour
 * it is removed.
 */
final class ReplicaDirectory implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ReplicaDirectory.class);
    private static final Duration FORGET = Duration.ofHours(1);

    /** One replica's last report. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Report(String replica, String serving, String storeActive, ModelRegistry.Failure refused, Instant updated, Boolean stale) {
    }

    private final Path dir;
    private final ModelRegistry registry;
    private final Duration every;
    private final Clock clock;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "replica-report");
        t.setDaemon(true);
        return t;
    });

    ReplicaDirectory(Path stateDir, ModelRegistry registry, Duration every, Clock clock) {
        this.dir = stateDir.resolve("replicas");
        this.registry = registry;
        this.every = every;
        this.clock = clock;
    }

    void start() {
        timer.scheduleWithFixedDelay(this::report, 0, every.toMillis(), TimeUnit.MILLISECONDS);
    }

    void report() {
        ModelRegistry.Status s = registry.status();
        Report r = new Report(ModelStore.owner(), s.serving(), s.storeActive(), s.failure(), clock.instant(), null);
        try {
            Files.createDirectories(dir);
            Path temp = Files.createTempFile(dir, ".report-", ".json");
            ModelArtifacts.json().writeValue(temp.toFile(), r);
            Files.move(temp, dir.resolve(ModelStore.owner() + ".json"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | JacksonException e) {
            log.warn("cannot write this replica's report in {}: {}", dir, e.getMessage());
        }
    }

    /** Every replica's last report, the stale ones marked; reports older than an hour are removed. */
    List<Report> list() {
        List<Report> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        Instant now = clock.instant();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(f -> f.getFileName().toString().endsWith(".json") && !f.getFileName().toString().startsWith(".")).toList()) {
                try {
                    Report r = ModelArtifacts.json().readValue(f.toFile(), Report.class);
                    if (r.updated().plus(FORGET).isBefore(now)) {
                        Files.deleteIfExists(f);
                        continue;
                    }
                    boolean stale = r.updated().plus(every.multipliedBy(3)).isBefore(now);
                    out.add(new Report(r.replica(), r.serving(), r.storeActive(), r.refused(), r.updated(), stale));
                } catch (JacksonException e) {
                    log.debug("skipping {}: {}", f, e.getMessage());  // being replaced right now
                }
            }
        } catch (IOException e) {
            log.warn("cannot list {}: {}", dir, e.getMessage());
        }
        out.sort(Comparator.comparing(Report::replica));
        return out;
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            Files.deleteIfExists(dir.resolve(ModelStore.owner() + ".json"));  // a replica that stops says so by leaving
        } catch (IOException e) {
            log.debug("cannot remove this replica's report: {}", e.getMessage());
        }
    }
}
