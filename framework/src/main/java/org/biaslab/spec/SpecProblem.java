package org.biaslab.spec;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One problem found in an experiment file, located by file, line and field.
 *
 * @param file the experiment file (or the file the problem is about)
 * @param line 1-based line in {@code file}, or 0 when the problem has no line (e.g. a --set override)
 * @param field dotted field path such as {@code models[2].captions.gender.file}
 * @param message what is wrong, naming the offending value
 */
public record SpecProblem(Path file, int line, String field, String message) {
    public SpecProblem {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(message, "message");
        if (line < 0) {
            throw new IllegalArgumentException("line must be >= 0, got " + line);
        }
    }

    @Override
    public String toString() {
        return file + (line > 0 ? ":" + line : "") + ": " + (field.isEmpty() ? "" : field + ": ") + message;
    }
}
