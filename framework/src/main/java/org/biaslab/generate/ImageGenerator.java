package org.biaslab.generate;

import java.util.Map;

/**
 * Makes one image per request. Implementations hold connections or files, so they are
 * {@link AutoCloseable}; use them with try-with-resources. They must be safe to call from several
 * threads at once (network backends bound their own concurrency per endpoint).
 */
@FunctionalInterface
public interface ImageGenerator extends AutoCloseable {

    /**
     * Generates the image for {@code request}.
     *
     * @return the image and what the server reported (seed used, model, info)
     * @throws BlankImageException when the result is a single flat colour (e.g. the NSFW filter fired)
     * @throws GenerationException for every other fault; {@link GenerationException#retryable()} says
     *     whether a later attempt could succeed
     */
    GeneratedImage generate(GenerationRequest request) throws GenerationException;

    /** The registered backend name ({@code a1111}, {@code openai-images}, {@code folder}). */
    default String id() {
        return getClass().getSimpleName();
    }

    /** Settings for provenance (endpoints, model, limits); never credentials. */
    default Map<String, Object> describe() {
        return Map.of("id", id());
    }

    /** Releases connections and threads; idempotent. */
    @Override
    default void close() {}
}
