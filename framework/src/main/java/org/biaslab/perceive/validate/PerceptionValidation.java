package org.biaslab.perceive.validate;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "validate-perception");
            t.setDaemon(true);
            return t;
        });
        java.util.concurrent.atomic.AtomicInteger done = new java.util.concurrent.atomic.AtomicInteger();
        try {
            List<Future<ImageOutcome>> futures = new ArrayList<>(rows.size());
            for (LabelledFile row : rows) {
                futures.add(pool.submit(() -> {
                    ImageOutcome o = one(perceiver, decoder, imagesDir, row);
                    int d = done.incrementAndGet();
                    if (progress != null) progress.accept(d);
                    return o;
                }));
            }
            List<ImageOutcome> out = new ArrayList<>(rows.size());
            for (Future<ImageOutcome> f : futures) {
                try {
                    out.add(f.get());
                } catch (ExecutionException e) {
                    Throwable c = e.getCause();
                    if (c instanceof RuntimeException re) throw re;
                    if (c instanceof Error err) throw err;
                    throw new IllegalStateException(c);
                }
            }
            return out;
        } finally {
            pool.shutdownNow();
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
