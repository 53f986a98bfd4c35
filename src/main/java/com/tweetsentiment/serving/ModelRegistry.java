package com.tweetsentiment.serving;

import com.tweetsentiment.artifact.ArtifactException;
import com.tweetsentiment.artifact.ModelArtifacts;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which model serves. Activation loads and verifies the new artifact first, records it in {@code ACTIVE}
 * (atomically, so it survives a restart), then swaps one reference: a request that already took the old
 * model finishes on it, the next one gets the new one, none fails. A broken artifact is refused and the
 * running model keeps serving.
 */
public class ModelRegistry {

    private static final Logger log = LoggerFactory.getLogger(ModelRegistry.class);

    private final Path root;
    private final AtomicReference<ActiveModel> active = new AtomicReference<>();
    private final Consumer<ActiveModel> onActivate;

    /** @param onActivate told of each model that starts serving (metrics, logs) */
    public ModelRegistry(Path root, Consumer<ActiveModel> onActivate) {
        this.root = root;
        this.onActivate = onActivate;
    }

    public Path root() {
        return root;
    }

    /** Loads the version named in {@code ACTIVE}; on failure logs why and leaves the registry without a model. */
    public void loadActive() {
        try {
            String version = ModelArtifacts.activeVersion(root);
            if (version == null) {
                log.error("no model to serve: {} has no {} file naming the active version", root.toAbsolutePath(), ModelArtifacts.ACTIVE);
                return;
            }
            ActiveModel loaded = load(version);
            active.set(loaded);
            onActivate.accept(loaded);
            log.info("serving model {} from {}", version, root.toAbsolutePath());
        } catch (ArtifactException e) {
            log.error("refused the active model: {}", e.getMessage());
        }
    }

    /** Loads, verifies and activates a version; throws {@link ArtifactException} (and changes nothing) if it is broken. */
    public synchronized ActiveModel activate(String version) {
        ActiveModel next = load(ModelArtifacts.checkVersionName(version));
        ModelArtifacts.activate(root, version);
        ActiveModel previous = active.getAndSet(next);
        onActivate.accept(next);
        log.info("activated model {} (was {})", version, previous == null ? "none" : previous.version());
        return next;
    }

    /** Deletes a version that is not active (under the same lock as activation, so the two never cross). */
    public synchronized void delete(String version) {
        ModelArtifacts.delete(root, ModelArtifacts.checkVersionName(version));
        log.info("deleted model {}", version);
    }

    private ActiveModel load(String version) {
        ModelArtifacts.Loaded loaded = ModelArtifacts.load(root.resolve(version));
        return new ActiveModel(version, loaded.manifest(), loaded.model());
    }

    public Optional<ActiveModel> current() {
        return Optional.ofNullable(active.get());
    }

    /** The active model, or {@link ModelUnavailableException} if none is loaded. */
    public ActiveModel require() {
        ActiveModel m = active.get();
        if (m == null) {
            throw new ModelUnavailableException("no model is loaded; see the server log for why the active artifact was refused");
        }
        return m;
    }
}
