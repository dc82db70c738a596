package org.biaslab.captioner;

import org.biaslab.spec.SpecMap;

/** Reads one captioner type's section of an experiment file. */
@FunctionalInterface
public interface CaptionerType {
    /**
     * Reads and validates {@code m}; every problem goes to the document, and reading never touches
     * the network.
     *
     * @param experimentSeed the experiment's seed (retry jitter, simulation draws)
     * @return the config, or null when the section is unusable
     */
    CaptionerConfig read(SpecMap m, long experimentSeed);
}
