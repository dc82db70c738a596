package org.biaslab.generate;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A validated generator section of an experiment: everything needed to open the generator, read
 * without touching the network or the images.
 */
public interface GeneratorConfig {
    /** The registered backend name. */
    String type();

    /** Opens the generator (reads credentials from the environment, the manifest from disk). */
    ImageGenerator open() throws GenerationException;

    /** Settings for provenance; names of credential variables but never their values. */
    Map<String, Object> describe();

    /** Input files whose SHA-256 belongs in provenance (e.g. a folder manifest). */
    default List<Path> inputs() {
        return List.of();
    }
}
