package org.biaslab.experiment;

import java.util.Optional;
import org.biaslab.spec.SpecMap;

/**
 * The optional {@code intervals:} section every experiment kind reads the same way.
 *
 * @param confidence interval confidence (default 0.95)
 * @param resamples bootstrap resamples (default 2000)
 */
public record IntervalSettings(double confidence, int resamples) {
    public static final IntervalSettings DEFAULT = new IntervalSettings(0.95, 2000);

    /** Reads {@code intervals: {confidence, resamples}} of {@code root}; problems go to the document. */
    public static IntervalSettings read(SpecMap root) {
        Optional<SpecMap> m = root.optionalMap("intervals");
        if (m.isEmpty()) {
            return DEFAULT;
        }
        double confidence = m.get().number("confidence", DEFAULT.confidence(), 0.5, 0.999);
        int resamples = m.get().integer("resamples", DEFAULT.resamples(), 100, 1_000_000);
        m.get().done();
        return new IntervalSettings(confidence, resamples);
    }
}
