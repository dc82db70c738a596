package org.biaslab.generate;

import java.time.Duration;

/** Waits between attempts. A seam so tests can check the waits without spending them. */
@FunctionalInterface
public interface Sleeper {
    /** Sleeps with {@link Thread#sleep}. */
    Sleeper SYSTEM = d -> Thread.sleep(d.toMillis(), (int) (d.toNanos() % 1_000_000));

    void sleep(Duration duration) throws InterruptedException;
}
