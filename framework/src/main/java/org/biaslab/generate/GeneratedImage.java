package org.biaslab.generate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import org.biaslab.util.Hashing;
import org.biaslab.util.Json;

/**
 * An image a generator returned, with what the server reported about how it was made.
 *
 * @param bytes the encoded image exactly as received (copied in and out; never re-encoded)
 * @param format the encoding, which must match the leading bytes
 * @param width decoded width in pixels
 * @param height decoded height in pixels
 * @param seed the seed the server reports it used; empty when the backend cannot set or report one
 *     (the OpenAI images API has no seed)
 * @param seedHonoured whether the image was made with the requested seed (false whenever
 *     {@code seed} is empty)
 * @param model the model as the server names it (A1111 {@code sd_model_name} or
 *     {@code sd_model_checkpoint}); for APIs that do not report it, the configured model name
 * @param generatorId the registered backend name, e.g. {@code a1111}
 * @param endpoint the endpoint (URL without credentials) or source that produced it
 * @param latency wall time of the successful attempt
 * @param attempts attempts it took, 1 when the first succeeded
 * @param serverInfo the server's own description of the generation as a JSON object, with any key
 *     that looks like a credential removed (see {@link ServerInfo#sanitize})
 */
public record GeneratedImage(byte[] bytes, ImageFormat format, int width, int height, OptionalLong seed,
        boolean seedHonoured, String model, String generatorId, String endpoint, Duration latency, int attempts,
        String serverInfo) {

    public GeneratedImage {
        Objects.requireNonNull(bytes, "bytes");
        Objects.requireNonNull(format, "format");
        Optional<ImageFormat> sniffed = ImageFormat.sniff(bytes);
        if (sniffed.isEmpty() || sniffed.get() != format) {
            throw new IllegalArgumentException("format is " + format + " but the bytes start like "
                    + sniffed.map(Enum::name).orElse("neither PNG nor JPEG") + " (" + bytes.length + " bytes)");
        }
        bytes = bytes.clone();
        if (width < 1 || height < 1) {
            throw new IllegalArgumentException("size must be positive, was " + width + "x" + height);
        }
        Objects.requireNonNull(seed, "seed (use OptionalLong.empty() when unknown)");
        if (seedHonoured && seed.isEmpty()) {
            throw new IllegalArgumentException("seedHonoured is true but no seed is reported");
        }
        if (model == null || model.isBlank()) {
            throw new IllegalArgumentException("model must not be blank, was " + model);
        }
        if (generatorId == null || generatorId.isBlank()) {
            throw new IllegalArgumentException("generatorId must not be blank, was " + generatorId);
        }
        if (endpoint == null || endpoint.isBlank()) {
            throw new IllegalArgumentException("endpoint must not be blank, was " + endpoint);
        }
        Objects.requireNonNull(latency, "latency");
        if (latency.isNegative()) {
            throw new IllegalArgumentException("latency must not be negative, was " + latency);
        }
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be >= 1, was " + attempts);
        }
        Objects.requireNonNull(serverInfo, "serverInfo (use \"{}\" for none)");
        JsonNode info;
        try {
            info = Json.mapper().readTree(serverInfo);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("serverInfo must be a JSON object, was not JSON: " + e.getOriginalMessage());
        }
        if (info == null || !info.isObject()) {
            throw new IllegalArgumentException("serverInfo must be a JSON object, was " + serverInfo);
        }
        if (ServerInfo.hasSecretKey(info)) {
            throw new IllegalArgumentException("serverInfo holds a credential-like key; pass it through ServerInfo.sanitize");
        }
    }

    /** A copy of the encoded bytes. */
    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    /** Hex SHA-256 of the encoded bytes: the image's content address in the run store. */
    public String sha256() {
        return Hashing.sha256(bytes);
    }

    /** This image with the attempt count of the whole retry loop. */
    public GeneratedImage withAttempts(int n) {
        return new GeneratedImage(bytes, format, width, height, seed, seedHonoured, model, generatorId, endpoint,
                latency, n, serverInfo);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GeneratedImage g && Arrays.equals(bytes, g.bytes) && format == g.format
                && width == g.width && height == g.height && seed.equals(g.seed) && seedHonoured == g.seedHonoured
                && model.equals(g.model) && generatorId.equals(g.generatorId) && endpoint.equals(g.endpoint)
                && latency.equals(g.latency) && attempts == g.attempts && serverInfo.equals(g.serverInfo);
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(bytes), format, width, height, seed, seedHonoured, model, generatorId,
                endpoint, latency, attempts, serverInfo);
    }

    @Override
    public String toString() {
        return "GeneratedImage[" + format + " " + width + "x" + height + ", " + bytes.length + " bytes, sha256="
                + sha256().substring(0, 12) + ", seed=" + (seed.isPresent() ? seed.getAsLong() : "none")
                + (seedHonoured ? "" : " (not honoured)") + ", model=" + model + ", generator=" + generatorId
                + ", endpoint=" + endpoint + ", latency=" + latency.toMillis() + "ms, attempts=" + attempts + "]";
    }
}
