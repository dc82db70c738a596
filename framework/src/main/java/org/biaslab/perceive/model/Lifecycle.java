package org.biaslab.perceive.model;

import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The open/closed state of a model that many threads use at once: any number of {@link #use} calls
 * run together, {@link #close} waits for them, releases the native resources once, and every later
 * use fails with "&lt;what&gt; is closed".
 */
public final class Lifecycle {
    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    private final String what;
    private boolean closed;

    /** @param what the model as named in the "is closed" error */
    public Lifecycle(String what) {
        this.what = what;
    }

    /** Work done while the model is open. */
    public interface Work<T, E extends Exception> {
        T run() throws E;
    }

    /**
     * Runs {@code work} while the model stays open.
     *
     * @throws IllegalStateException when the model is closed
     */
    public <T, E extends Exception> T use(Work<T, E> work) throws E {
        lock.readLock().lock();
        try {
            if (closed) {
                throw new IllegalStateException(what + " is closed");
            }
            return work.run();
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Closes the model once, after the uses in progress: {@code release} runs on the first call only. */
    public void close(Runnable release) {
        lock.writeLock().lock();
        try {
            if (!closed) {
                closed = true;
                release.run();
            }
        } finally {
            lock.writeLock().unlock();
        }
    }
}
