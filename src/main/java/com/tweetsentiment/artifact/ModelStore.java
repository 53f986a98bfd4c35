package com.tweetsentiment.artifact;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The one owner of a model root: the directory of published versions plus the {@code ACTIVE} pointer. Nothing else
 * lists, writes or deletes in it. Every change (publish, activate, delete, seed, clean-up) holds one lock across
 * processes, a {@link CrossProcessLock} on {@code <root>/.lock}, so replicas, the trainer CLI and jobs never cross; readers need
 * no lock, as every change becomes visible in one atomic rename.
 *
 * <p>Half-written entries are hidden temporaries named {@code .tmp-<owner>@<millis>@<what>}, where the owner is
 * {@code <pid>@<host>}. While a process owns temporaries it holds a lock on {@code .owners/<owner>}; a temporary whose
 * owner's lock can be taken belongs to a process that is gone (on this host or another) and is removed by whoever
 * cleans up. A live process's temporaries are never touched.
 */
public final class ModelStore {

    public static final String ACTIVE = "ACTIVE";
    static final String LOCK = ".lock";
    static final String OWNERS = ".owners";
    static final String TEMP_PREFIX = ".tmp-";
    private static final Pattern TEMP = Pattern.compile("\\.tmp-(\\d+@[^@/]+)@(\\d+)@.*");
    private static final String OWNER = ProcessHandle.current().pid() + "@" + hostName();
    /** The roots whose owner lock this process holds (for the life of the process). */
    private static final Set<Path> OWNED = ConcurrentHashMap.newKeySet();
    /** This process's temporaries being written right now, as absolute paths (never removed by its own clean-up). */
    private static final Set<Path> LIVE = ConcurrentHashMap.newKeySet();

    private final Path root;
    private final Path key;

    public ModelStore(Path root) {
        this.root = root;
        this.key = root.toAbsolutePath().normalize();
    }

    public Path root() {
        return root;
    }

    /** Who this process is in temporary names: {@code <pid>@<host>}. */
    public static String owner() {
        return OWNER;
    }

    /** A version's directory (the name checked first). */
    public Path directory(String version) {
        return root.resolve(ModelArtifacts.checkVersionName(version));
    }

    public boolean exists(String version) {
        return Files.isDirectory(directory(version));
    }

    /** Published versions (hidden entries excluded), sorted by name. */
    public List<String> versions() {
        List<String> out = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return out;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(root, p -> Files.isDirectory(p) && !p.getFileName().toString().startsWith("."))) {
            ds.forEach(p -> out.add(p.getFileName().toString()));
        } catch (IOException e) {
            throw new ArtifactException("cannot list " + root + ": " + e.getMessage(), e);
        }
        out.sort(Comparator.naturalOrder());
        return out;
    }

    /** A version's verified manifest, without its tensors. */
    public Manifest describe(String version) {
        return ModelArtifacts.readManifest(directory(version));
    }

    /** Loads and verifies a version. */
    public ModelArtifacts.Loaded load(String version) {
        return ModelArtifacts.load(directory(version));
    }

    /** The version named in {@code ACTIVE}, or null if none is. */
    public String activeVersion() {
        Path f = root.resolve(ACTIVE);
        try {
            return Files.exists(f) ? ModelArtifacts.checkVersionName(Files.readString(f, StandardCharsets.UTF_8).strip()) : null;
        } catch (IOException e) {
            throw new ArtifactException("cannot read " + f + ": " + e.getMessage(), e);
        }
    }

    /** Fills a directory with a version's files. */
    public interface Contents {
        void writeTo(Path dir) throws IOException;
    }

    /**
     * Publishes a new version: its files are written into a temporary directory of this process, outside the lock,
     * then renamed into place under the lock. A version is never overwritten.
     */
    public Path publish(String version, Contents contents) {
        Path target = directory(version);
        if (Files.exists(target)) {
            throw new ArtifactException("artifact " + target + " exists already; versions are never overwritten");
        }
        Path temp = null;
        try {
            temp = createTemporary("publish-" + version, true);
            permissions(temp, "rwxr-xr-x");
            contents.writeTo(temp);
            FaultPoints.reach("store.publish.written");
            Path written = temp;
            return locked(() -> {
                if (Files.exists(target)) {
                    throw new ArtifactException("artifact " + target + " exists already; versions are never overwritten");
                }
                move(written, target);
                return target;
            });
        } catch (IOException e) {
            throw new ArtifactException("cannot write artifact " + target + ": " + e.getMessage(), e);
        } finally {
            if (temp != null) {
                LIVE.remove(temp);
                if (Files.exists(temp)) {
                    ModelArtifacts.deleteTree(temp);
                }
            }
        }
    }

    /**
     * Names a version in {@code ACTIVE} (a temporary file renamed over it) after {@code check} has passed under the
     * lock (say, that it loads); a version that is absent is refused.
     */
    public void activate(String version, Runnable check) {
        Path dir = directory(version);
        locked(() -> {
            if (!Files.isDirectory(dir)) {
                throw new ArtifactException("no artifact " + version + " in " + root);
            }
            check.run();
            writeActive(version);
            return null;
        });
    }

    public void activate(String version) {
        activate(version, () -> { });
    }

    private void writeActive(String version) {
        Path temp = null;
        try {
            temp = createTemporary(ACTIVE, false);
            permissions(temp, "rw-r--r--");
            Files.writeString(temp, version + "\n", StandardCharsets.UTF_8);
            try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            FaultPoints.reach("store.activate.written");
            Files.move(temp, root.resolve(ACTIVE), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new ArtifactException("cannot record active version in " + root + ": " + e.getMessage(), e);
        } finally {
            if (temp != null) {
                LIVE.remove(temp);
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException ignored) {
                    // the clean-up of a later run takes it
                }
            }
        }
    }

    /**
     * Deletes a version, never the active one. It is first renamed to a temporary of this process, so a reader sees
     * the whole artifact or none of it, and a crash midway leaves only a temporary that a later clean-up removes.
     */
    public void delete(String version) {
        Path dir = directory(version);
        Path doomed = locked(() -> {
            if (version.equals(activeVersion())) {
                throw new ArtifactException(version + " is the active version; activate another one before deleting it");
            }
            if (!Files.isDirectory(dir)) {
                throw new ArtifactException("no artifact " + version + " in " + root);
            }
            Path d = temporaryName("deleted-" + version);
            move(dir, d);
            return d;
        });
        try {
            ModelArtifacts.deleteTree(doomed);
        } finally {
            LIVE.remove(doomed);
        }
    }

    /**
     * Copies the versions of {@code from} that this store lacks (each through a temporary directory), and makes
     * {@code from}'s active version active here if none is. Returns the versions copied.
     */
    public List<String> seed(Path from) {
        ModelStore source = new ModelStore(from);
        List<String> copied = new ArrayList<>();
        for (String version : source.versions()) {
            if (Files.exists(root.resolve(version))) {
                continue;
            }
            try {
                publish(version, dir -> {
                    try (Stream<Path> files = Files.list(from.resolve(version))) {
                        for (Path f : files.filter(Files::isRegularFile).toList()) {
                            Files.copy(f, dir.resolve(f.getFileName()));
                            permissions(dir.resolve(f.getFileName()), "rw-r--r--");
                        }
                    }
                });
                copied.add(version);
            } catch (ArtifactException e) {
                if (!Files.exists(root.resolve(version))) {  // else another replica seeded it at the same time
                    throw e;
                }
            }
        }
        String active = source.activeVersion();
        if (active != null) {
            locked(() -> {
                if (activeVersion() == null) {
                    writeActive(active);
                }
                return null;
            });
        }
        return copied;
    }

    /**
     * Removes temporaries left by processes that are gone, and this process's own that no write is using. Returns
     * how many were removed.
     */
    public int removeTemporaries() {
        if (!Files.isDirectory(root)) {
            return 0;
        }
        return locked(() -> {
            int removed = 0;
            List<Path> temps;
            try (Stream<Path> s = Files.list(key)) {
                temps = s.filter(p -> p.getFileName().toString().startsWith(TEMP_PREFIX)).toList();
            } catch (IOException e) {
                throw new ArtifactException("cannot list " + root + ": " + e.getMessage(), e);
            }
            Map<String, Boolean> gone = new java.util.HashMap<>();
            for (Path t : temps) {
                Matcher m = TEMP.matcher(t.getFileName().toString());
                boolean remove;
                if (!m.matches()) {
                    remove = true;  // not a name this store gives: a leftover of an older release
                } else if (m.group(1).equals(OWNER)) {
                    remove = !LIVE.contains(t);
                } else {
                    remove = gone.computeIfAbsent(m.group(1), this::ownerIsGone);
                }
                if (remove) {
                    ModelArtifacts.deleteTree(t);
                    removed++;
                }
            }
            removeGoneOwners(gone);
            return removed;
        });
    }

    /**
     * For a process that is stopping (a shutdown hook): deletes all of its own temporaries, live or not, without
     * taking the lock (a thread that holds it may be the one being stopped).
     */
    public void abandonTemporaries() {
        try (Stream<Path> s = Files.list(key)) {
            for (Path t : s.filter(p -> p.getFileName().toString().startsWith(TEMP_PREFIX + OWNER + "@")).toList()) {
                ModelArtifacts.deleteTree(t);
            }
        } catch (IOException | ArtifactException e) {
            // best effort: the next clean-up by anyone removes them, this owner being gone
        }
    }

    /** True if no process holds the owner's lock (it has ended, here or on another host sharing the root). */
    private boolean ownerIsGone(String owner) {
        return !new CrossProcessLock(root.resolve(OWNERS).resolve(owner)).held();
    }

    private void removeGoneOwners(Map<String, Boolean> checked) {
        checked.forEach((owner, gone) -> {
            if (gone) {
                try {
                    Files.deleteIfExists(root.resolve(OWNERS).resolve(owner));
                } catch (IOException ignored) {
                    // harmless: an empty file
                }
            }
        });
    }

    /** Runs {@code action} holding this root's lock, in this process and across processes. */
    public <T> T locked(Supplier<T> action) {
        try {
            return new CrossProcessLock(root.resolve(LOCK)).locked(action);
        } catch (UncheckedIOException e) {
            throw new ArtifactException(e.getMessage(), e);
        }
    }

    /** A fresh temporary name of this process, marked live until the caller removes it from {@link #live}. */
    private Path temporaryName(String what) {
        holdOwnerLock();
        Path p = key.resolve(TEMP_PREFIX + OWNER + "@" + System.currentTimeMillis() + "@" + what + "-" + System.nanoTime());
        LIVE.add(p);
        return p;
    }

    private Path createTemporary(String what, boolean directory) throws IOException {
        Files.createDirectories(root);
        Path p = temporaryName(what);
        return directory ? Files.createDirectory(p) : Files.createFile(p);
    }

    /** Takes (once per process and root) the lock that tells others this owner's temporaries are in use. */
    private void holdOwnerLock() {
        if (OWNED.add(key)) {
            CrossProcessLock owner = new CrossProcessLock(root.resolve(OWNERS).resolve(OWNER));
            if (!owner.tryHold() && !owner.held()) {
                OWNED.remove(key);
                throw new ArtifactException("cannot take the owner lock " + root.resolve(OWNERS).resolve(OWNER));
            }
        }
    }

    private static void move(Path from, Path to) {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException | FileAlreadyExistsException e) {
            throw new ArtifactException("cannot rename " + from + " to " + to + " atomically: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new ArtifactException("cannot rename " + from + " to " + to + ": " + e.getMessage(), e);
        }
    }

    /** Temporary files start private; a published artifact is readable by other users (say, a container's). */
    static void permissions(Path p, String permissions) throws IOException {
        if (p.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(permissions));
        }
    }

    private static String hostName() {
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) {
            return sanitize(env);
        }
        try {
            return sanitize(InetAddress.getLocalHost().getHostName());
        } catch (IOException e) {
            return "localhost";
        }
    }

    private static String sanitize(String host) {
        String s = host.replaceAll("[^A-Za-z0-9._-]", "_");
        return s.isEmpty() ? "localhost" : s;
    }
}
