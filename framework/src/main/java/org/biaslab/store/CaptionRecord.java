package org.biaslab.store;

import java.util.Objects;
import java.util.Optional;
import org.biaslab.captioner.GeneratedCaption;
import org.biaslab.generate.GenerationException;

/**
 * What a captioner wrote for one image, or the error that stopped it.
 *
 * @param imageSha256 the image
 * @param captioner the captioner's id ({@link org.biaslab.captioner.CaptionerConfig#id()}); one record
 *     per image and captioner
 * @param caption the caption; empty for failures
 * @param error what went wrong; present exactly when {@code caption} is empty
 * @param errorKind the {@link GenerationException.Kind} of a failure
 * @param model the model that wrote it (as the server reported it), for successes
 * @param endpoint the server that answered ("" for local captioners)
 * @param attempts attempts made, &gt;= 1
 * @param latencyMillis time of the last attempt
 * @param info what the captioner said besides the caption (JSON text, no credentials)
 */
public record CaptionRecord(String imageSha256, String captioner, Optional<String> caption, Optional<String> error,
        Optional<String> errorKind, Optional<String> model, String endpoint, int attempts, long latencyMillis,
        String info) {
    public CaptionRecord {
        GenerationRecord.requireSha(imageSha256);
        if (captioner == null || captioner.isBlank() || captioner.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("captioner must be a non-blank name, was " + captioner);
        }
        Objects.requireNonNull(caption, "caption");
        Objects.requireNonNull(error, "error");
        Objects.requireNonNull(errorKind, "errorKind");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(info, "info");
        if (caption.isPresent() == error.isPresent()) {
            throw new IllegalArgumentException("exactly one of caption and error must be given for image "
                    + imageSha256.substring(0, 12) + " (" + captioner + ")");
        }
        if (caption.isPresent() && caption.get().isBlank()) {
            throw new IllegalArgumentException("a stored caption must not be blank (image " + imageSha256.substring(0, 12)
                    + "); an empty answer is a failure");
        }
        if (error.isPresent() && error.get().isBlank()) {
            throw new IllegalArgumentException("error must not be blank");
        }
        if (attempts < 1 || latencyMillis < 0) {
            throw new IllegalArgumentException("attempts must be >= 1 and latency >= 0, were " + attempts + ", "
                    + latencyMillis);
        }
    }

    public static CaptionRecord ok(String imageSha256, String captioner, GeneratedCaption c) {
        return new CaptionRecord(imageSha256, captioner, Optional.of(c.text()), Optional.empty(), Optional.empty(),
                Optional.of(c.model()), c.endpoint(), c.attempts(), c.latency().toMillis(), c.info());
    }

    public static CaptionRecord failed(String imageSha256, String captioner, GenerationException e) {
        String msg = e.getMessage() == null || e.getMessage().isBlank() ? e.getClass().getSimpleName() : e.getMessage();
        return new CaptionRecord(imageSha256, captioner, Optional.empty(), Optional.of(msg),
                Optional.of(e.kind().name()), Optional.empty(), e.endpoint().orElse(""), Math.max(1, e.attempts()), 0,
                "{}");
    }

    /** Whether a caption was written. */
    public boolean ok() {
        return caption.isPresent();
    }
}
