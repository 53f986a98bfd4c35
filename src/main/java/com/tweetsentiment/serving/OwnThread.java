package com.tweetsentiment.serving;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

/** Work run on a thread of its own (a model's warm-up, the start-up load), and waiting for it with its own exception. */
final class OwnThread {

    private OwnThread() {
    }

    /** Starts {@code work} on a new thread named {@code name}; the future completes with its result or what it threw. */
    static <T> CompletableFuture<T> start(String name, boolean daemon, Supplier<T> work) {
        CompletableFuture<T> done = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                done.complete(work.get());
            } catch (Throwable e) {
                done.completeExceptionally(e);
            }
        }, name);
        thread.setDaemon(daemon);
        thread.start();
        return done;
    }

    /** Waits for {@code future}; rethrows the work's own unchecked exception or error rather than a wrapper. */
    static <T> T join(CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw e;
        }
    }
}
