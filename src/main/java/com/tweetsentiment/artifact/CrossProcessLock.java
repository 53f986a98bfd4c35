package com.tweetsentiment.artifact;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * An exclusive lock on a file, held across processes (a {@link FileLock}: the operating system releases it when its
 * process ends, however it ends) and across the threads of this process (a {@link FileLock} belongs to the whole
 * process, so threads queue on an in-process lock first). Used briefly around a change ({@link #locked}) or held for
 * as long as something lives ({@link #tryHold}), so that others can tell whether its holder is still there
 * ({@link #held}). Works on a local disk and a volume shared by containers of one host; on a network file system it is
 * as good as that system's locking.
 */
public final class CrossProcessLock {

    private static final Map<Path, ReentrantLock> LOCAL = new ConcurrentHashMap<>();
    private static final Map<Path, FileLock> HELD = new ConcurrentHashMap<>();

    private final Path file;
    private final Path key;

    public CrossProcessLock(Path file) {
        this.file = file;
        this.key = file.toAbsolutePath().normalize();
    }

    /** Runs {@code action} holding the lock (re-entrant within a thread). */
    public <T> T locked(Supplier<T> action) {
        ReentrantLock local = LOCAL.computeIfAbsent(key, k -> new ReentrantLock());
        local.lock();
        try {
            if (local.getHoldCount() > 1 || HELD.containsKey(key)) {
                return action.get();
            }
            try (FileChannel ch = open(); FileLock ignored = ch.lock()) {
                return action.get();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock " + file + ": " + e.getMessage(), e);
        } finally {
            local.unlock();
        }
    }

    /** Takes the lock until {@link #release}; false if a process (this one included) holds it. */
    public boolean tryHold() {
        ReentrantLock local = LOCAL.computeIfAbsent(key, k -> new ReentrantLock());
        if (!local.tryLock()) {
            return false;
        }
        try {
            if (HELD.containsKey(key)) {
                return false;
            }
            FileChannel ch = open();
            FileLock lock;
            try {
                lock = ch.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                ch.close();
                return false;
            }
            HELD.put(key, lock);
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock " + file + ": " + e.getMessage(), e);
        } finally {
            local.unlock();
        }
    }

    /** Lets go of a lock taken by {@link #tryHold}. */
    public void release() {
        FileLock lock = HELD.remove(key);
        if (lock != null) {
            try {
                lock.channel().close();  // releases the lock
            } catch (IOException ignored) {
                // the lock goes with the channel either way
            }
        }
    }

    /** True while some process (this one included) holds the lock; false once its holder has let go or ended. */
    public boolean held() {
        if (HELD.containsKey(key)) {
            return true;
        }
        // probed under the in-process lock: closing the probe's channel must not drop a lock another thread of this
        // process took on the same file (POSIX locks belong to the process, and any close of the file releases them)
        ReentrantLock local = LOCAL.computeIfAbsent(key, k -> new ReentrantLock());
        if (!local.tryLock()) {
            return true;
        }
        try {
            if (HELD.containsKey(key)) {
                return true;
            }
            if (!Files.exists(file)) {
                return false;
            }
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
                FileLock lock = ch.tryLock();
                if (lock == null) {
                    return true;
                }
                lock.release();
                return false;
            } catch (OverlappingFileLockException e) {
                return true;
            } catch (IOException e) {
                return true;  // cannot tell: assume its holder lives
            }
        } finally {
            local.unlock();
        }
    }

    private FileChannel open() throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        return FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    }
}
