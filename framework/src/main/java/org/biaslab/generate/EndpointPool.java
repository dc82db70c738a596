package org.biaslab.generate;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Hands each request to the least busy endpoint that has a free slot, and blocks while every
 * endpoint is at its concurrency bound.
 *
 * <p>"Least busy" is the lowest share of slots in use ({@code busy / concurrency}), so a server
 * allowed 4 requests takes twice the traffic of one allowed 2. Ties go first to an endpoint other
 * than the one the caller asks to avoid (the one that just failed it), then to the earlier endpoint
 * in the list. Waiting callers are served in arrival order (a fair lock).
 */
public final class EndpointPool {
    private final List<Endpoint> endpoints;
    private final int[] busy;
    private final ReentrantLock lock = new ReentrantLock(true);
    private final Condition freed = lock.newCondition();

    public EndpointPool(List<Endpoint> endpoints) {
        if (endpoints == null || endpoints.isEmpty()) {
            throw new IllegalArgumentException("endpoints must not be empty");
        }
        List<String> seen = new ArrayList<>();
        for (Endpoint e : endpoints) {
            if (seen.contains(e.url().toString())) {
                throw new IllegalArgumentException("endpoint " + e.url() + " is listed twice");
            }
            seen.add(e.url().toString());
        }
        this.endpoints = List.copyOf(endpoints);
        this.busy = new int[endpoints.size()];
    }

    public List<Endpoint> endpoints() {
        return endpoints;
    }

    /** A held slot on one endpoint; closing it frees the slot (once). */
    public final class Lease implements AutoCloseable {
        private final int index;
        private boolean released;

        private Lease(int index) {
            this.index = index;
        }

        public Endpoint endpoint() {
            return endpoints.get(index);
        }

        @Override
        public void close() {
            lock.lock();
            try {
                if (!released) {
                    released = true;
                    busy[index]--;
                    freed.signalAll();
                }
            } finally {
                lock.unlock();
            }
        }
    }

    /**
     * Waits for a free slot and takes it.
     *
     * @param avoid an endpoint to pass over when another is equally free; may be null
     */
    public Lease acquire(Endpoint avoid) throws InterruptedException {
        lock.lockInterruptibly();
        try {
            while (true) {
                int best = -1;
                for (int i = 0; i < busy.length; i++) {
                    if (busy[i] >= endpoints.get(i).concurrency()) {
                        continue;
                    }
                    if (best < 0 || better(i, best, avoid)) {
                        best = i;
                    }
                }
                if (best >= 0) {
                    busy[best]++;
                    return new Lease(best);
                }
                freed.await();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Requests in flight to {@code endpoint} right now. */
    public int inFlight(Endpoint endpoint) {
        lock.lock();
        try {
            int i = endpoints.indexOf(endpoint);
            if (i < 0) {
                throw new IllegalArgumentException("unknown endpoint " + endpoint);
            }
            return busy[i];
        } finally {
            lock.unlock();
        }
    }

    private boolean better(int i, int best, Endpoint avoid) {
        // compare busy[i]/cap[i] with busy[best]/cap[best] without division
        long lhs = (long) busy[i] * endpoints.get(best).concurrency();
        long rhs = (long) busy[best] * endpoints.get(i).concurrency();
        if (lhs != rhs) {
            return lhs < rhs;
        }
        boolean iAvoided = endpoints.get(i).equals(avoid);
        boolean bestAvoided = endpoints.get(best).equals(avoid);
        return bestAvoided && !iAvoided;
    }
}
