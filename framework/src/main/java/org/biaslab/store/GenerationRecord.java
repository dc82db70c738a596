package org.biaslab.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.biaslab.generate.BlankImageException;
import org.biaslab.generate.GeneratedImage;
import org.biaslab.generate.GenerationException;
import org.biaslab.generate.GenerationRequest;
import org.biaslab.util.Json;

/**
 * What happened to one work key: an image ({@code ok}), a blank image ({@code blank}, e.g. the NSFW
 * filter fired) or no image ({@code failed}, with the error).
 *
 * @param key the work key
 * @param status outcome
 * @param request the request as JSON ({@link GenerationRequest#describe()})
 * @param seed the requested seed
 * @param imageSha256 the image's SHA-256; present exactly when the status is not {@code failed}
 * @param seedUsed the seed the server reports it used, if any
 * @param seedHonoured whether the image was made with the requested seed
 * @param generatorId the backend ({@code a1111}, ...)
 * @param endpoint endpoint or source, when known
 * @param model the model the server reported, when known
 * @param attempts attempts made
 * @param latencyMillis wall time of the successful attempt (0 for failures)
 * @param errorKind the {@link GenerationException.Kind} name, for blank and failed records
 * @param error the error message, for blank and failed records (never holds credentials:
 *     generation messages are scrubbed at the source)
 * @param httpStatus the HTTP status of a failure, if any
 * @param serverInfo the server's info as a JSON object ({@code {}} when none)
 */
public record GenerationRecord(WorkKey key, Status status, String request, long seed, Optional<String> imageSha256,
        OptionalLong seedUsed, boolean seedHonoured, String generatorId, Optional<String> endpoint,
        Optional<String> model, int attempts, long latencyMillis, Optional<String> errorKind, Optional<String> error,
        OptionalInt httpStatus, String serverInfo) {

    /** Outcome of a generation. */
    public enum Status {
        OK, BLANK, FAILED;

        /** The value stored in the database. */
        public String code() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        public static Status ofCode(String code) {
            for (Status s : values()) {
                if (s.code().equals(code)) {
                    return s;
                }
            }
            throw new IllegalArgumentException("unknown status '" + code + "'");
        }

        /** Whether the key needs no further work: an image or a blank came back. */
        public boolean done() {
            return this != FAILED;
        }
    }

    public GenerationRecord {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(status, "status");
        requireJsonObject("request", request);
        Objects.requireNonNull(imageSha256, "imageSha256");
        imageSha256.ifPresent(GenerationRecord::requireSha);
        Objects.requireNonNull(seedUsed, "seedUsed");
        if (seedHonoured && seedUsed.isEmpty()) {
            throw new IllegalArgumentException("seedHonoured is true but seedUsed is empty for " + key);
        }
        if (generatorId == null || generatorId.isBlank()) {
            throw new IllegalArgumentException("generatorId must not be blank for " + key);
        }
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(model, "model");
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be >= 1, was " + attempts + " for " + key);
        }
        if (latencyMillis < 0) {
            throw new IllegalArgumentException("latencyMillis must be >= 0, was " + latencyMillis + " for " + key);
        }
        Objects.requireNonNull(errorKind, "errorKind");
        Objects.requireNonNull(error, "error");
        Objects.requireNonNull(httpStatus, "httpStatus");
        requireJsonObject("serverInfo", serverInfo);
        if ((status == Status.FAILED) == imageSha256.isPresent()) {
            throw new IllegalArgumentException("status " + status + " " + (imageSha256.isPresent() ? "must not have"
                    : "needs") + " an image for " + key);
        }
        if ((status == Status.OK) == error.isPresent() || error.isPresent() != errorKind.isPresent()) {
            throw new IllegalArgumentException("status " + status + " " + (status == Status.OK ? "must not have"
                    : "needs") + " an error and error kind for " + key);
        }
    }

    /** The record of a successful generation. */
    public static GenerationRecord ok(WorkKey key, GenerationRequest request, GeneratedImage image) {
        return ofImage(key, Status.OK, request, image, Optional.empty(), Optional.empty());
    }

    /** The record of a blank image; the blank image itself is kept. */
    public static GenerationRecord blank(WorkKey key, GenerationRequest request, BlankImageException e) {
        return ofImage(key, Status.BLANK, request, e.image(), Optional.of(e.kind().name()),
                Optional.of(e.getMessage()));
    }

    /** The record of a failure. */
    public static GenerationRecord failed(WorkKey key, GenerationRequest request, String generatorId,
            GenerationException e) {
        return new GenerationRecord(key, Status.FAILED, json(request), request.seed(), Optional.empty(),
                OptionalLong.empty(), false, generatorId, e.endpoint(), Optional.empty(), e.attempts(), 0,
                Optional.of(e.kind().name()), Optional.of(String.valueOf(e.getMessage())), e.httpStatus(), "{}");
    }

    private static GenerationRecord ofImage(WorkKey key, Status status, GenerationRequest request,
            GeneratedImage image, Optional<String> errorKind, Optional<String> error) {
        return new GenerationRecord(key, status, json(request), request.seed(), Optional.of(image.sha256()),
                image.seed(), image.seedHonoured(), image.generatorId(), Optional.of(image.endpoint()),
                Optional.of(image.model()), image.attempts(), image.latency().toMillis(), errorKind, error,
                OptionalInt.empty(), image.serverInfo());
    }

    private static String json(GenerationRequest request) {
        try {
            return Json.mapper().writeValueAsString(request.describe());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise request " + request.promptId(), e);
        }
    }

    static void requireSha(String sha) {
        if (sha == null || !sha.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("image SHA-256 must be 64 lower-case hex digits, was " + sha);
        }
    }

    static void requireJsonObject(String field, String json) {
        if (json == null) {
            throw new IllegalArgumentException(field + " must not be null");
        }
        try {
            if (!Json.mapper().readTree(json).isObject()) {
                throw new IllegalArgumentException(field + " must be a JSON object, was " + abbreviate(json));
            }
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(field + " is not JSON: " + abbreviate(json));
        }
    }

    static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }
}
