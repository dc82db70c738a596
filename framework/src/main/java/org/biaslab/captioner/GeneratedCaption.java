package org.biaslab.captioner;

import java.time.Duration;
import java.util.Objects;

/**
 * A caption a captioner wrote for one image.
 *
 * @param text the caption, as written (stripped of surrounding white space; never empty)
 * @param model the model the server reported, or the configured one
 * @param endpoint the server that answered ("" for local captioners)
 * @param latency time of the successful attempt
 * @param attempts attempts it took, 1 when the first succeeded
 * @param info what the server said besides the caption (JSON text, scrubbed of credentials)
 */
public record GeneratedCaption(String text, String model, String endpoint, Duration latency, int attempts,
        String info) {
    public GeneratedCaption {
        Objects.requireNonNull(text, "text");
        if (text.isBlank()) {
            throw new IllegalArgumentException("a caption must not be blank");
        }
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(latency, "latency");
        Objects.requireNonNull(info, "info");
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be >= 1, was " + attempts);
        }
    }

    public GeneratedCaption withAttempts(int n) {
        return new GeneratedCaption(text, model, endpoint, latency, n, info);
    }
}
