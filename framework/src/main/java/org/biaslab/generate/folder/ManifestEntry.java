package org.biaslab.generate.folder;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One row of an image manifest.
 *
 * @param line 1-based line of the row in the manifest (the line it starts on)
 * @param file the image file, resolved against the manifest's folder
 * @param relativeFile the file as written in the manifest
 * @param prompt the prompt the image was made from
 * @param occupation the occupation the prompt names
 * @param seed the seed the image was made with, if known
 * @param template the prompt template, if given
 * @param sampleIndex index of the image among those of its prompt
 * @param model the model, if the row names one
 * @param attributes the row's other columns, as strings
 */
public record ManifestEntry(int line, Path file, String relativeFile, String prompt, String occupation,
        OptionalLong seed, Optional<String> template, int sampleIndex, Optional<String> model,
        Map<String, String> attributes) {
    public ManifestEntry {
        if (line < 1) {
            throw new IllegalArgumentException("line must be >= 1, was " + line);
        }
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(relativeFile, "relativeFile");
        if (prompt == null || prompt.isBlank()) {
            throw new IllegalArgumentException("prompt must not be blank (line " + line + ")");
        }
        if (occupation == null || occupation.isBlank()) {
            throw new IllegalArgumentException("occupation must not be blank (line " + line + ")");
        }
        Objects.requireNonNull(seed, "seed");
        Objects.requireNonNull(template, "template");
        if (sampleIndex < 0) {
            throw new IllegalArgumentException("sampleIndex must be >= 0, was " + sampleIndex + " (line " + line + ")");
        }
        Objects.requireNonNull(model, "model");
        attributes = Map.copyOf(attributes);
    }
}
