package org.biaslab.perceive.validate;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.function.IntConsumer;
import org.biaslab.perceive.ImagePerception;
import org.biaslab.perceive.PerceptionException;
import org.biaslab.perceive.RgbImage;
import org.biaslab.perceive.image.ImageDecodeException;
import org.biaslab.perceive.image.ImageDecoder;

/**
 * Perceives every labelled image: decode with the project's one {@link ImageDecoder}, perceive,
 * record the outcome. A file that cannot be decoded or perceived is recorded as an
 * {@link ImageOutcome#ERROR} with its message and the run goes on; only a bug (an unchecked
 * exception) stops it.
 */
public final class PerceptionValidation {

    /** The perception seam: one image in, its perception out (e.g. {@code Perceiver::perceive}). */
    @FunctionalInterface
    public interface ImagePerceiver {
        ImagePerception perceive(RgbImage image) throws PerceptionException;
    }

    private PerceptionValidation() {}

    /**
     * Perceives the images of {@code rows} from {@code imagesDir} on {@code threads} threads; the
     * outcomes are in the order of {@code rows}.
     *
     * @param progress called with the number of images done so far (may be null)
     */
    public static List<ImageOutcome> run(ImagePerceiver perceiver, ImageDecoder decoder, Path imagesDir,
            List<LabelledFile> rows, int threads, IntConsumer progress) throws InterruptedException {
        Objects.requireNonNull(perceiver, "perceiver");
        Objects.requireNonNull(decoder, "decoder");
        Objects.requireNonNull(imagesDir, "imagesDir");
        if (threads < 1) throw new IllegalArgumentException("threads must be >= 1, was " + threads);
        java.util.concurrent.atomic.AtomicInteger done = new java.util.concurrent.atomic.AtomicInteger();
        try {
            return org.biaslab.util.Workers.map(rows, threads, "validate-perception", row -> {
                ImageOutcome o = one(perceiver, decoder, imagesDir, row);
                int d = done.incrementAndGet();
                if (progress != null) progress.accept(d);
                return o;
            });
        } catch (InterruptedException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Decodes and perceives one image; a decode or perception failure becomes an error outcome. */
    static ImageOutcome one(ImagePerceiver perceiver, ImageDecoder decoder, Path imagesDir, LabelledFile row) {
        Path file = imagesDir.resolve(row.file()).normalize();
        if (!file.startsWith(imagesDir.normalize())) {
            return ImageOutcome.failed(row, "file name '" + row.file() + "' points outside the images folder");
        }
        RgbImage image;
        try {
            image = decoder.decode(file).image();
        } catch (ImageDecodeException e) {
            return ImageOutcome.failed(row, "decode: " + e.problem());
        }
        try {
            return ImageOutcome.of(row, perceiver.perceive(image));
        } catch (PerceptionException e) {
            return ImageOutcome.failed(row, "perceive: " + e.getMessage());
        }
    }
}
