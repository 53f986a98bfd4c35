package com.tweetsentiment.admin;

import com.tweetsentiment.artifact.CrossProcessLock;
import com.tweetsentiment.artifact.ModelArtifacts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.LongFunction;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Job records in the shared state directory, readable and writable by every replica and the worker:
 * {@code jobs/<id>/job.json} (replaced atomically on every change), {@code job.log}, {@code cancel} (a request to stop,
 * left by whichever replica was asked) and {@code run.lock}, which the process running the job holds for as long as it
 * runs it. Creating a job holds {@code jobs/.lock}, so ids are unique and at most one job is queued or running anywhere.
 */
final class JobRecords {

    private static final Logger log = LoggerFactory.getLogger(JobRecords.class);
    private static final String RECORD = "job.json";
    private final Path dir;
    private final JsonMapper json = ModelArtifacts.json();

    JobRecords(Path jobsDir) {
        this.dir = jobsDir;
    }

    Path dir() {
        return dir;
    }

    Path workDir(long id) {
        return dir.resolve(String.valueOf(id)).resolve("work");
    }

    Path logFile(long id) {
        return dir.resolve(String.valueOf(id)).resolve("job.log");
    }

    /** Runs {@code action} holding the lock on all records (across processes). */
    <T> T locked(Supplier<T> action) {
        return new CrossProcessLock(dir.resolve(".lock")).locked(action);
    }

    /** The lock that the process running job {@code id} holds while it runs it. */
    CrossProcessLock runLock(long id) {
        return new CrossProcessLock(dir.resolve(String.valueOf(id)).resolve("run.lock"));
    }

    /** Every readable record, oldest first. */
    List<Job> list() {
        List<Job> jobs = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return jobs;
        }
        try (Stream<Path> dirs = Files.list(dir)) {
            for (Path d : dirs.filter(d -> d.getFileName().toString().matches("\\d+")).toList()) {
                read(d.resolve(RECORD)).ifPresent(jobs::add);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the job records in " + dir + ": " + e.getMessage(), e);
        }
        jobs.sort(Comparator.comparingLong(Job::id));
        return jobs;
    }

    Optional<Job> get(long id) {
        return read(dir.resolve(String.valueOf(id)).resolve(RECORD));
    }

    private Optional<Job> read(Path file) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(json.readValue(file.toFile(), Job.class));
        } catch (JacksonException e) {
            log.warn("skipping unreadable job record {}: {}", file, e.getOriginalMessage());
            return Optional.empty();
        }
    }

    /** Creates the next job under the records' lock; {@code make} gets its id (one past the highest job directory). */
    Job create(LongFunction<Job> make) {
        return locked(() -> {
            long id;
            try (Stream<Path> dirs = Files.isDirectory(dir) ? Files.list(dir) : Stream.empty()) {
                // every record lives in its numbered directory; one without a readable record still holds its number
                id = dirs.map(d -> d.getFileName().toString()).filter(n -> n.matches("\\d+")).mapToLong(Long::parseLong).max().orElse(0) + 1;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Job job = make.apply(id);
            save(job);
            return job;
        });
    }

    void save(Job job) {
        Path d = dir.resolve(String.valueOf(job.id()));
        try {
            Files.createDirectories(d);
            Path temp = Files.createTempFile(d, ".job-", ".json");
            json.writeValue(temp.toFile(), job);
            Files.move(temp, d.resolve(RECORD), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | JacksonException e) {
            throw new UncheckedIOException("cannot record job " + job.id() + ": " + e.getMessage(),
                    e instanceof IOException io ? io : new IOException(e));
        }
    }

    /** Leaves a request to stop the job for the process that runs it. */
    void requestCancel(long id) {
        try {
            Files.writeString(dir.resolve(String.valueOf(id)).resolve("cancel"), Instant.now() + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot ask job " + id + " to stop: " + e.getMessage(), e);
        }
    }

    boolean cancelRequested(long id) {
        return Files.exists(dir.resolve(String.valueOf(id)).resolve("cancel"));
    }

    void appendLog(long id, String line) {
        try {
            Files.createDirectories(logFile(id).getParent());
            Files.writeString(logFile(id), line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            log.warn("cannot write the log of job {}: {}", id, e.getMessage());
        }
    }

    /** The last {@code lines} lines of the job's log. */
    List<String> logTail(long id, int lines) {
        Path file = logFile(id);
        if (!Files.exists(file)) {
            return List.of();
        }
        try {
            List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
            return List.copyOf(all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return List.of("(the log cannot be read: " + e.getMessage() + ")");
        }
    }

    /** A file for an upload in progress; the caller hands it to a job or deletes it. */
    Path newUploadFile() throws IOException {
        Path uploads = Files.createDirectories(dir.resolve("uploads"));
        return Files.createTempFile(uploads, "upload-", ".csv");
    }

    /** Removes uploads that never became a job (older than {@code age}: another replica may be receiving one now). */
    void removeOldUploads(Duration age) {
        Path uploads = dir.resolve("uploads");
        if (!Files.isDirectory(uploads)) {
            return;
        }
        Instant before = Instant.now().minus(age);
        try (Stream<Path> files = Files.list(uploads)) {
            for (Path f : files.toList()) {
                if (Files.getLastModifiedTime(f).toInstant().isBefore(before)) {
                    Files.deleteIfExists(f);
                }
            }
        } catch (IOException e) {
            log.warn("cannot clean {}: {}", uploads, e.getMessage());
        }
    }
}
