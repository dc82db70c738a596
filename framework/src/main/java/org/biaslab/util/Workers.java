package org.biaslab.util;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The one worker pool of biaslab's stages: runs a task per item on a fixed number of named daemon
 * threads, waits for all, returns results in the items' order, and rethrows the first failure (in
 * item order) as the task threw it, cancelling the tasks not yet started. Each item's work is
 * expected to record its own outcome (a store record, a unit file), so a failure loses nothing
 * finished.
 */
public final class Workers {
    private static final AtomicInteger POOLS = new AtomicInteger();

    private Workers() {}

    /** One item's work. */
    @FunctionalInterface
    public interface Task<T, R> {
        R apply(T item) throws Exception;
    }

    /** One item's work without a result. */
    @FunctionalInterface
    public interface Action<T> {
        void accept(T item) throws Exception;
    }

    /** A fixed pool of {@code threads} daemon threads named {@code biaslab-<name>-<pool>-<thread>}. */
    public static ExecutorService pool(String name, int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, was " + threads);
        }
        int n = POOLS.incrementAndGet();
        AtomicInteger t = new AtomicInteger();
        return Executors.newFixedThreadPool(threads, r -> {
            Thread th = new Thread(r, "biaslab-" + name + "-" + n + "-" + t.incrementAndGet());
            th.setDaemon(true);
            return th;
        });
    }

    /** {@code task} applied to every item on {@code threads} threads; results in item order. */
    public static <T, R> List<R> map(List<T> items, int threads, String name, Task<T, R> task) throws Exception {
        if (items.isEmpty()) {
            return List.of();
        }
        ExecutorService pool = pool(name, Math.min(threads, items.size()));
        try {
            List<Future<R>> futures = new ArrayList<>(items.size());
            for (T item : items) {
                futures.add(pool.submit(() -> task.apply(item)));
            }
            List<R> out = new ArrayList<>(items.size());
            for (Future<R> f : futures) {
                out.add(get(f));
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    /** {@code action} on every item on {@code threads} threads. */
    public static <T> void forEach(List<T> items, int threads, String name, Action<T> action) throws Exception {
        map(items, threads, name, item -> {
            action.accept(item);
            return null;
        });
    }

    /** The future's value; its failure rethrown as the task threw it. */
    public static <R> R get(Future<R> f) throws Exception {
        try {
            return f.get();
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof Exception ex) throw ex;
            if (c instanceof Error err) throw err;
            throw e;
        }
    }
}
