package org.biaslab.perceive.validate;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.biaslab.perceive.PerceptionPolicy;

/**
 * One row of a labels file: the image file, the label as written, the label it maps to, and the
 * labelled groups of the image.
 *
 * @param file     file name relative to the images folder
 * @param rawLabel the label as written in the file (e.g. {@code male}, {@code Female}, {@code Pass})
 * @param truth    {@link PerceptionPolicy#WOMAN}, {@link PerceptionPolicy#MAN}, or null when the row is
 *                 excluded from accuracy (e.g. annotators said "Pass")
 * @param groups   group column to value, in column order; empty values are left out
 */
public record LabelledFile(String file, String rawLabel, String truth, Map<String, String> groups) {

    public LabelledFile {
        if (file == null || file.isBlank()) throw new IllegalArgumentException("file must be non-blank, was '" + file + "'");
        Objects.requireNonNull(rawLabel, "rawLabel");
        if (truth != null && !PerceptionPolicy.WOMAN.equals(truth) && !PerceptionPolicy.MAN.equals(truth)) {
            throw new IllegalArgumentException("truth must be woman, man or null, was '" + truth + "'");
        }
        groups = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(groups, "groups")));
    }

    /** Whether the row counts towards accuracy (it has a woman / man label). */
    public boolean labelled() {
        return truth != null;
    }
}
