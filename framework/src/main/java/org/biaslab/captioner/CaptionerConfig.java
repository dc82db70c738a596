package org.biaslab.captioner;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.biaslab.generate.GenerationException;

/** A validated {@code captioner:} section: everything needed to open the captioner, read without the network. */
public interface CaptionerConfig {
    /** The registered type ({@code openai-chat}, {@code ollama}, {@code folder}, {@code simulated}, {@code detections}). */
    String type();

    /**
     * The captioner's identity in the run store: captions are keyed by (image, id), so a different
     * model, prompt or setting is a different captioner and never mixed with another's captions.
     */
    String id();

    /** Whether the captions are a declared simulation (labelled SIMULATION everywhere). */
    default boolean simulated() {
        return false;
    }

    /** Opens it (reads credentials from the environment, files from disk). */
    Captioner open() throws GenerationException;

    /** Settings for provenance and the report; names of credential variables but never their values. */
    Map<String, Object> describe();

    /** Input files whose SHA-256 belongs in provenance. */
    default List<Path> inputs() {
        return List.of();
    }
}
