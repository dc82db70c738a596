package org.biaslab.captioner;

import java.util.Objects;
import org.biaslab.generate.ImageFormat;

/**
 * One stored image to caption.
 *
 * @param imageSha256 the image's SHA-256 (its key in the run store)
 * @param image the encoded image bytes
 * @param format their format
 * @param promptId the prompt it was generated for
 * @param sampleIndex its sample index
 * @param seed its generation seed
 * @param serverInfo what the generator recorded about it (JSON text): the folder generator's file name,
 *     the simulated generator's declared truth
 */
public record CaptionRequest(String imageSha256, byte[] image, ImageFormat format, String promptId, int sampleIndex,
        long seed, String serverInfo) {
    public CaptionRequest {
        Objects.requireNonNull(imageSha256, "imageSha256");
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(promptId, "promptId");
        Objects.requireNonNull(serverInfo, "serverInfo");
    }

    /** How messages name this image. */
    public String label() {
        return promptId + "#" + sampleIndex + " (image " + imageSha256.substring(0, Math.min(12, imageSha256.length()))
                + ")";
    }
}
