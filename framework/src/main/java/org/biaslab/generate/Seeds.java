package org.biaslab.generate;

import org.biaslab.util.Hashing;

/** Per-image seeds derived from the experiment seed, so that every image can be regenerated. */
public final class Seeds {
    /** Seeds are kept to 32 bits: the range every common diffusion front end accepts as a fixed seed. */
    public static final long MAX_SEED = 0xFFFF_FFFFL;

    private Seeds() {}

    /**
     * {@code seed = hash(experimentSeed, promptId, sampleIndex)}: {@link Hashing#seed} (SHA-256 of
     * the parts, stable across JVMs and platforms) reduced to its low 32 bits, so the value is
     * non-negative (A1111 and ComfyUI read -1 as "pick a random seed") and fits the 32-bit seed
     * fields of A1111's UI and numpy-based samplers.
     */
    public static long perImage(long experimentSeed, String promptId, int sampleIndex) {
        if (promptId == null || promptId.isBlank()) {
            throw new IllegalArgumentException("promptId must not be blank, was " + promptId);
        }
        if (sampleIndex < 0) {
            throw new IllegalArgumentException("sampleIndex must be >= 0, was " + sampleIndex);
        }
        return Hashing.seed(experimentSeed, promptId, sampleIndex) & MAX_SEED;
    }
}
