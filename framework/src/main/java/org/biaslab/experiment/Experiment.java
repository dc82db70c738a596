package org.biaslab.experiment;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.biaslab.spec.Registry;
import org.biaslab.spec.SpecDocument;
import org.biaslab.spec.SpecException;
import org.biaslab.spec.SpecMap;

/**
 * A loaded and fully validated experiment: header, kind and the kind's spec.
 *
 * @param header common fields
 * @param kind the registered kind
 * @param spec the kind's immutable spec
 * @param document the parsed file (original text and resolved YAML)
 * @param <S> spec type
 */
public record Experiment<S>(ExperimentHeader header, ExperimentKind<S> kind, S spec, SpecDocument document) {
    public Experiment {
        Objects.requireNonNull(header, "header");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(document, "document");
    }

    /**
     * Reads {@code file}, applies overrides and validates everything the kind needs. No model is
     * loaded and nothing runs; every problem is reported at once.
     */
    /** Stands in for an invalid {@code name:} while the rest of the experiment is checked; never run. */
    private static final String INVALID_NAME = "invalid-name";

    public static Experiment<?> load(Path file, List<String> overrides, Registry<ExperimentKind<?>> kinds)
            throws SpecException {
        SpecDocument doc = SpecDocument.load(file, overrides);
        SpecMap root = doc.root();
        String name = root.name("name", ExperimentHeader.NAME,
                "letters, digits, '.', '_' or '-', starting with a letter or digit, at most 80 characters");
        String kindName = root.choice("kind", kinds.names(), null);
        String description = root.string("description", "");
        long seed = root.integer("seed", 0L, Long.MIN_VALUE, Long.MAX_VALUE);
        if (kindName == null) {
            // without a known kind its fields cannot be checked: report the kind (and name) problems only
            doc.throwIfProblems();
        }
        // an invalid name is already a recorded problem; the kind's fields are still checked (under a
        // stand-in name) so that every other problem is reported too, and none falsely
        ExperimentHeader header = new ExperimentHeader(name != null ? name : INVALID_NAME, kindName, description, seed,
                file);
        return read(header, kinds.get(kindName).orElseThrow(), root, doc);
    }

    private static <S> Experiment<S> read(ExperimentHeader header, ExperimentKind<S> kind, SpecMap root,
            SpecDocument doc) throws SpecException {
        S spec = kind.read(root, header);
        root.done();
        doc.throwIfProblems();
        return new Experiment<>(header, kind, spec, doc);
    }

    /** Whether this run may use the PyTorch engine ({@link ExperimentKind#usesEngine}). */
    public boolean usesEngine() {
        return kind.usesEngine(spec);
    }
}
