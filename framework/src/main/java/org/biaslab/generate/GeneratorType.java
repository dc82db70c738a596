package org.biaslab.generate;

import org.biaslab.spec.SpecMap;

/** Reads one backend's generator section of an experiment file. */
@FunctionalInterface
public interface GeneratorType {
    /**
     * Reads and validates {@code m} (the mapping that holds {@code type:}); problems go to the
     * document, every one of them, and reading never touches the network.
     *
     * @param experimentSeed the experiment's seed, from which retry jitter is derived
     * @return the config, or null when the section is unusable; it may be non-null even though
     *     problems were recorded, so the caller checks the document's problems either way
     */
    GeneratorConfig read(SpecMap m, long experimentSeed);
}
