package org.biaslab.generate;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A {@link Sleeper} that records the waits it is asked for and returns at once. */
public final class RecordingSleeper implements Sleeper {
    private final List<Duration> waits = new ArrayList<>();

    @Override
    public synchronized void sleep(Duration duration) {
        waits.add(duration);
    }

    public synchronized List<Duration> waits() {
        return List.copyOf(waits);
    }
}
