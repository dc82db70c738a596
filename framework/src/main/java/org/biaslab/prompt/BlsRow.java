package org.biaslab.prompt;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * One row of CPS Table 11 ("Employed persons by detailed occupation, sex, race, and Hispanic or
 * Latino ethnicity").
 *
 * @param title the occupation title exactly as the table writes it
 * @param employedThousands total employed, in thousands
 * @param percents the published percentages; a measure BLS does not publish for this row (a dash
 *     in the table: BLS prints none where the base is under 50,000) is absent, never 0
 * @param level depth in the table's outline (0 for the total) where the file gives it
 */
public record BlsRow(String title, long employedThousands, Map<BlsMeasure, Double> percents, OptionalInt level) {
    public BlsRow {
        if (title == null || title.isBlank() || !title.equals(title.strip())) {
            throw new IllegalArgumentException("title '" + title + "' is empty or has leading or trailing spaces");
        }
        if (employedThousands < 0) {
            throw new IllegalArgumentException(title + ": employed (thousands) " + employedThousands + " is negative");
        }
        EnumMap<BlsMeasure, Double> copy = new EnumMap<>(BlsMeasure.class);
        copy.putAll(percents);
        for (Map.Entry<BlsMeasure, Double> e : copy.entrySet()) {
            double v = e.getValue();
            if (!(v >= 0 && v <= 100)) {
                throw new IllegalArgumentException(title + ": " + e.getKey().column() + " " + v + " is not a percentage in [0, 100]");
            }
        }
        percents = Collections.unmodifiableMap(copy);
        level = level == null ? OptionalInt.empty() : level;
    }

    /** The percentage for {@code m}, empty where BLS publishes none. */
    public OptionalDouble percent(BlsMeasure m) {
        Double v = percents.get(m);
        return v == null ? OptionalDouble.empty() : OptionalDouble.of(v);
    }

    /** The share for {@code m} as a fraction in [0, 1], empty where BLS publishes none. */
    public OptionalDouble share(BlsMeasure m) {
        Double v = percents.get(m);
        return v == null ? OptionalDouble.empty() : OptionalDouble.of(v / 100.0);
    }

    /** Whether BLS publishes every measure for this row. */
    public boolean complete() {
        return percents.size() == BlsMeasure.values().length;
    }
}
