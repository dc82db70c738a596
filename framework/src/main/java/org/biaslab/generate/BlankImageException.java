package org.biaslab.generate;

import java.util.Objects;

/**
 * The generator returned an image of one flat colour (see {@link ImageInspection}): the all-black
 * picture AUTOMATIC1111 substitutes when its NSFW filter fires, or a broken render. A distinct
 * outcome, not a success and not retried (the same seed gives the same picture); the image itself
 * is kept so the run store can record what came back.
 */
public final class BlankImageException extends GenerationException {
    private static final long serialVersionUID = 1L;

    private final transient GeneratedImage image;

    public BlankImageException(GeneratedImage image, String colour, String message) {
        this(image, 1, "blank image (flat " + colour + ") from " + image.endpoint() + ": " + message);
    }

    private BlankImageException(GeneratedImage image, int attempts, String message) {
        super(Kind.BLANK_IMAGE, false, -1, image.endpoint(), null, attempts, message, null);
        this.image = Objects.requireNonNull(image, "image");
    }

    /** The blank image as received. */
    public GeneratedImage image() {
        return image;
    }

    @Override
    public BlankImageException afterAttempts(int attempts, String prefix) {
        return new BlankImageException(image.withAttempts(attempts), attempts, prefix + getMessage());
    }
}
