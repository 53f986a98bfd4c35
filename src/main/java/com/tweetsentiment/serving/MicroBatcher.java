package com.tweetsentiment.serving;

import com.tweetsentiment.engine.Prediction;
import com.tweetsentiment.text.Preprocessor;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * Gathers texts of concurrent requests into batched forwards on a pool of inference threads, one per core.
 * A worker takes what is queued (up to the batch size); it waits up to {@code maxWait} for more only when
 * every other worker is busy, since an idle worker would take the next text at once anyway. At most
 * {@code queueCapacity} texts wait: a request that would exceed it is refused whole, at once.
 */
public final class MicroBatcher implements AutoCloseable {

    private record Job(ActiveModel model, Preprocessor.Encoded input, CompletableFuture<Prediction> result) {
    }

    private final BlockingQueue<Job> queue = new LinkedBlockingQueue<>();
    private final Semaphore capacity;
    private final int maxBatch;
    private final long maxWaitNanos;
    private final int threads;
    private final AtomicInteger busy = new AtomicInteger();
    private final List<Thread> workers = new ArrayList<>();
    private final IntConsumer batchSizes;
    private volatile boolean running = true;

    public MicroBatcher(ServingProperties.Batching settings, IntConsumer batchSizes) {
        this.capacity = new Semaphore(settings.queueCapacity());
        this.maxBatch = settings.maxBatchSize();
        this.maxWaitNanos = settings.maxWait().toNanos();
        this.threads = settings.threadCount();
        this.batchSizes = batchSizes;
        for (int i = 0; i < threads; i++) {
            Thread t = new Thread(this::work, "inference-" + i);
            t.setDaemon(true);
            t.start();
            workers.add(t);
        }
    }

    /**
     * Refuses at once, before the caller spends anything on the texts, when the queue has no room for them now. Only a
     * shortcut for a flood: {@link #submit} checks again, and is the check that counts.
     */
    public void refuseIfFull(int texts) {
        if (!hasRoom(texts)) {
            throw full();
        }
    }

    /** Whether that many texts would be queued now (a moment later it may differ either way). */
    public boolean hasRoom(int texts) {
        return capacity.availablePermits() >= texts;
    }

    /** What a refused caller is told. */
    public String fullMessage() {
        return "the inference queue is full (" + queueLength() + " texts waiting); retry shortly";
    }

    private ModelUnavailableException full() {
        return new ModelUnavailableException(fullMessage(), 1);
    }

    /** Queues the texts for the given model; all or none. */
    public List<CompletableFuture<Prediction>> submit(ActiveModel model, List<Preprocessor.Encoded> inputs) {
        if (!running) {
            throw new ModelUnavailableException("the service is shutting down", 5);
        }
        if (!capacity.tryAcquire(inputs.size())) {
            throw full();
        }
        List<CompletableFuture<Prediction>> futures = new ArrayList<>(inputs.size());
        for (Preprocessor.Encoded input : inputs) {
            CompletableFuture<Prediction> f = new CompletableFuture<>();
            futures.add(f);
            queue.add(new Job(model, input, f));
        }
        return futures;
    }

    public int queueLength() {
        return queue.size();
    }

    private void work() {
        List<Job> batch = new ArrayList<>(maxBatch);
        while (running) {
            try {
                batch.add(queue.take());
                busy.incrementAndGet();
                queue.drainTo(batch, maxBatch - batch.size());
                if (batch.size() < maxBatch && maxWaitNanos > 0 && busy.get() >= threads) {
                    long deadline = System.nanoTime() + maxWaitNanos;
                    long left;
                    while (batch.size() < maxBatch && (left = deadline - System.nanoTime()) > 0) {
                        Job j = queue.poll(left, TimeUnit.NANOSECONDS);
                        if (j == null) {
                            break;
                        }
                        batch.add(j);
                        queue.drainTo(batch, maxBatch - batch.size());
                    }
                }
                run(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } finally {
                if (!batch.isEmpty()) {  // only if run() did not get to it (interrupted)
                    busy.decrementAndGet();
                    capacity.release(batch.size());
                    batch.clear();
                }
            }
        }
    }

    /**
     * Usually one model; during an activation a batch may hold texts for the old and the new one. The queue's
     * room is given back before any caller hears its answer, so a caller that got its answer can submit again.
     */
    private void run(List<Job> batch) {
        batchSizes.accept(batch.size());
        Map<ActiveModel, List<Job>> byModel = new IdentityHashMap<>();
        for (Job j : batch) {
            byModel.computeIfAbsent(j.model(), m -> new ArrayList<>()).add(j);
        }
        List<Runnable> answers = new ArrayList<>(batch.size());
        for (Map.Entry<ActiveModel, List<Job>> e : byModel.entrySet()) {
            List<Job> jobs = e.getValue();
            try {
                List<Prediction> out = e.getKey().model().predictEncoded(jobs.stream().map(Job::input).toList());
                for (int i = 0; i < jobs.size(); i++) {
                    Job job = jobs.get(i);
                    Prediction p = out.get(i);
                    answers.add(() -> job.result().complete(p));
                }
            } catch (RuntimeException ex) {
                jobs.forEach(j -> answers.add(() -> j.result().completeExceptionally(ex)));
            }
        }
        busy.decrementAndGet();
        capacity.release(batch.size());
        batch.clear();
        answers.forEach(Runnable::run);
    }

    @Override
    public void close() {
        running = false;
        workers.forEach(Thread::interrupt);
        Job j;
        while ((j = queue.poll()) != null) {
            j.result().completeExceptionally(new ModelUnavailableException("the service is shutting down", 5));
        }
    }
}
