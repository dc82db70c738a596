package org.biaslab.captioner;

import java.util.Map;
import org.biaslab.generate.GenerationException;

/**
 * Writes one caption per image. Implementations hold connections or files, so they are
 * {@link AutoCloseable}; they must be safe to call from several threads at once.
 */
@FunctionalInterface
public interface Captioner extends AutoCloseable {
    /**
     * Captions {@code request}'s image.
     *
     * @throws GenerationException for every fault (an empty caption is {@code EMPTY_CAPTION}, a
     *     refusal {@code REFUSED}, neither retryable); {@link GenerationException#retryable()} says whether a later attempt could succeed
     */
    GeneratedCaption caption(CaptionRequest request) throws GenerationException;

    /** Releases connections; idempotent. */
    @Override
    default void close() {}

    /** Settings for provenance; never credentials. */
    default Map<String, Object> describe() {
        return Map.of();
    }
}
