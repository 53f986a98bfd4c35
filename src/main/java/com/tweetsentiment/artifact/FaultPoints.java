package com.tweetsentiment.artifact;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Named points in the middle of a write, where a crash test stops the real process: with
 * {@code SENTIMENT_FAULT_PAUSE_AT=<name>} (or {@code <name>#<n>}, the n-th time) in its environment, a process that
 * reaches the point writes {@code <name>.reached} into {@code SENTIMENT_FAULT_DIR} and waits there until it is killed.
 * Child processes inherit the environment, so a trainer started by a job stops at its points too. Without the
 * variable (always, outside tests) a point costs one comparison with null.
 */
public final class FaultPoints {

    private static final String AT = System.getenv("SENTIMENT_FAULT_PAUSE_AT");
    private static final String DIR = System.getenv("SENTIMENT_FAULT_DIR");
    private static final java.util.concurrent.atomic.AtomicInteger REACHED = new java.util.concurrent.atomic.AtomicInteger();

    private FaultPoints() {
    }

    public static void reach(String name) {
        if (AT == null) {
            return;
        }
        String[] at = AT.split("#", 2);
        if (!at[0].equals(name) || REACHED.incrementAndGet() != (at.length > 1 ? Integer.parseInt(at[1]) : 1)) {
            return;
        }
        try {
            Files.writeString(Path.of(DIR == null ? System.getProperty("java.io.tmpdir") : DIR, name + ".reached"),
                    String.valueOf(ProcessHandle.current().pid()));
            while (true) {
                Thread.sleep(1000);
            }
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException("fault point " + name + ": " + e, e);
        }
    }
}
