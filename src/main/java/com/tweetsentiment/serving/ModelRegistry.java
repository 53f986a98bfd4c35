package com.tweetsentiment.serving;

import com.tweetsentiment.artifact.ArtifactException;
import com.tweetsentiment.artifact.ModelArtifacts;
import com.tweetsentiment.artifact.ModelStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which model this replica serves. The model store is the source of truth: the registry follows its {@code ACTIVE}
 * pointer, polling it every {@code pollInterval}. A version is loaded and verified, then warmed up, and only then
 * swapped in by one reference: a request that already took the old model finishes on it, the next one gets the new
 * one, none fails. The first model a process loads has a warm-up setting of its own, off by default: nothing else
 * serves meanwhile, and the warm-up delays the start more than it speeds the first answers (docs/BENCHMARKS.md). A
 * version that cannot be loaded is refused: the running model keeps serving, the failure is reported
 * ({@link #status()}) and retried with a growing delay.
 */
public class ModelRegistry implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ModelRegistry.class);
    private static final Duration MAX_BACKOFF = Duration.ofMinutes(1);

    /** What the registry tells the rest of the service (metrics, logs). */
    public interface Events {
        void activated(ActiveModel model);

        void refused(String version, String reason);
    }

    /** A version named in {@code ACTIVE} that this replica could not load, and when it tries again. */
    public record Failure(String version, String reason, int attempts, Instant since, Instant nextAttempt) {
    }

    /** What this replica serves and, if it differs from {@code ACTIVE}, why. */
    public record Status(String serving, String storeActive, Failure failure) {
    }

    private final ModelStore store;
    private final Events events;
    private final Warmup warmup;
    private final Duration pollInterval;
    private final Clock clock;
    private final AtomicReference<ActiveModel> active = new AtomicReference<>();
    private volatile Failure failure;
    private volatile String storeActive;
    private ScheduledExecutorService poller;
    /** The start-up load (started once, by the service's configuration). */
    private volatile CompletableFuture<Void> startup;

    public ModelRegistry(ModelStore store, Events events, Warmup warmup, Duration pollInterval, Clock clock) {
        this.store = store;
        this.events = events;
        this.warmup = warmup;
        this.pollInterval = pollInterval;
        this.clock = clock;
    }

    public ModelStore store() {
        return store;
    }

    /** Loads the version named in {@code ACTIVE}; on failure logs why and leaves the registry without a model. */
    public void loadActive() {
        sync();
        if (active.get() == null && failure == null) {
            log.error("no model to serve: {} has no {} file naming the active version", store.root().toAbsolutePath(), ModelStore.ACTIVE);
        }
    }

    /**
     * Starts {@link #loadActive()} and then {@link #startPolling()} on a thread of their own and returns at once, so that
     * the rest of the service is built while the model loads and warms up; {@link #awaitStartup()} waits for it.
     */
    public void startInBackground() {
        if (startup != null) {
            throw new IllegalStateException("the registry has been started already");
        }
        startup = OwnThread.start("model-startup", true, () -> {
            loadActive();
            startPolling();
            return null;
        });
    }

    /** Runs {@code action} once the start-up load is over (at once if there is none, or it is over). */
    public void afterStartup(Runnable action) {
        CompletableFuture<Void> s = startup;
        if (s == null) {
            action.run();
        } else {
            s.thenRun(action);
        }
    }

    /** Waits for {@link #startInBackground()}; rethrows what stopped it (a broken artifact is not that: it is recorded). */
    public void awaitStartup() {
        CompletableFuture<Void> s = startup;
        if (s == null) {
            throw new IllegalStateException("the registry has not been started");
        }
        OwnThread.join(s);
    }

    /** Starts following the store (nothing if the interval is zero). */
    public synchronized void startPolling() {
        if (pollInterval.isZero() || poller != null) {
            return;
        }
        poller = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "model-store-poll");
            t.setDaemon(true);
            return t;
        });
        long every = pollInterval.toMillis();
        poller.scheduleWithFixedDelay(this::pollSafely, every, every, TimeUnit.MILLISECONDS);
        log.info("following {} every {} ms", store.root().toAbsolutePath(), every);
    }

    private void pollSafely() {
        try {
            sync();
        } catch (RuntimeException e) {
            log.warn("checking the model store failed: {}", e.toString());
        }
    }

    /**
     * Brings this replica to the version named in {@code ACTIVE}, unless it serves it already or a failed attempt at
     * it is still backing off. Returns true if it swapped.
     */
    public synchronized boolean sync() {
        String wanted;
        try {
            wanted = store.activeVersion();
        } catch (ArtifactException e) {
            recordFailure("(unreadable " + ModelStore.ACTIVE + ")", e.getMessage());
            return false;
        }
        storeActive = wanted;
        ActiveModel current = active.get();
        if (wanted == null || current != null && current.version().equals(wanted)) {
            failure = null;
            return false;
        }
        Failure f = failure;
        if (f != null && f.version().equals(wanted) && clock.instant().isBefore(f.nextAttempt())) {
            return false;
        }
        try {
            ActiveModel next = loadAndWarm(wanted);
            swap(next);
            failure = null;
            return true;
        } catch (ArtifactException e) {
            recordFailure(wanted, e.getMessage());
            return false;
        }
    }

    private void recordFailure(String version, String reason) {
        Failure f = failure;
        int attempts = f != null && f.version().equals(version) ? f.attempts() + 1 : 1;
        Instant since = f != null && f.version().equals(version) ? f.since() : clock.instant();
        long base = Math.max(pollInterval.toMillis(), 1000);
        long delay = Math.min(MAX_BACKOFF.toMillis(), base << Math.min(attempts - 1, 10));
        failure = new Failure(version, reason, attempts, since, clock.instant().plusMillis(delay));
        events.refused(version, reason);
        ActiveModel current = active.get();
        log.error("cannot serve {} (attempt {}, next in {} s): {}; {}", version, attempts, delay / 1000, reason,
                current == null ? "no model serves" : "still serving " + current.version());
    }

    /**
     * Loads, verifies and warms up a version, records it in {@code ACTIVE} (under the store's lock), then serves it;
     * throws {@link ArtifactException} (and changes nothing) if it is broken.
     */
    public synchronized ActiveModel activate(String version) {
        ActiveModel next = loadAndWarm(ModelArtifacts.checkVersionName(version));
        store.activate(version);
        storeActive = version;
        swap(next);
        failure = null;
        return next;
    }

    /** Deletes a version that is not active. */
    public void delete(String version) {
        store.delete(version);
        log.info("deleted model {}", version);
    }

    private ActiveModel loadAndWarm(String version) {
        long start = System.nanoTime();
        ModelArtifacts.Loaded loaded = store.load(version);
        ActiveModel next = new ActiveModel(version, loaded.manifest(), loaded.model());
        long loadedAt = System.nanoTime();
        int texts = warmup.run(next.model(), active.get() == null);
        log.info("model {} loaded and verified in {} ms, warmed up on {} texts in {} ms (engine: {})", version,
                (loadedAt - start) / 1_000_000, texts, (System.nanoTime() - loadedAt) / 1_000_000, next.model().engine().kernels());
        return next;
    }

    private void swap(ActiveModel next) {
        ActiveModel previous = active.getAndSet(next);
        events.activated(next);
        log.info("serving model {} (was {})", next.version(), previous == null ? "none" : previous.version());
    }

    public Optional<ActiveModel> current() {
        return Optional.ofNullable(active.get());
    }

    public Status status() {
        ActiveModel m = active.get();
        return new Status(m == null ? null : m.version(), storeActive, failure);
    }

    /** The active model, or {@link ModelUnavailableException} if none is loaded. */
    public ActiveModel require() {
        ActiveModel m = active.get();
        if (m == null) {
            throw new ModelUnavailableException("no model is loaded; see the server log for why the active artifact was refused");
        }
        return m;
    }

    @Override
    public synchronized void close() {
        if (poller != null) {
            poller.shutdownNow();
        }
    }
}
