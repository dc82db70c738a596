package org.biaslab.generate;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A generation that did not produce a usable image. Checked, because network and model faults are
 * expected at this seam and the caller must decide (record as failed, retry later, stop the run).
 *
 * <p>Messages name the backend, the endpoint and the problem; they never contain an API key or
 * other credential (backends scrub server text before it gets here).
 */
public class GenerationException extends Exception {
    private static final long serialVersionUID = 1L;

    /** What went wrong; each kind has a default answer to "can a retry help?". */
    public enum Kind {
        /** The server answered with a non-2xx status other than 429. Retryable for 408, 425 and 5xx. */
        HTTP_STATUS(false),
        /** HTTP 429: the server asks to slow down, possibly with {@code Retry-After}. */
        RATE_LIMITED(true),
        /** No complete response within the per-request timeout (or the connect timeout). */
        TIMEOUT(true),
        /** Connection refused, reset, or dropped before the whole response arrived. */
        CONNECTION(true),
        /** A 2xx response that is not what the API promises: bad JSON, missing field, bad base64, undecodable image. */
        MALFORMED_RESPONSE(true),
        /** The response body is longer than the configured cap ({@code retry.max_body_mb}); not read whole. */
        TOO_LARGE(false),
        /** The image is a single flat colour (e.g. A1111's safety filter output). */
        BLANK_IMAGE(false),
        /** The server did something other than asked (different seed or size). */
        MISMATCH(false),
        /** The request asks for something this backend cannot do (e.g. a negative prompt for the OpenAI API). */
        UNSUPPORTED(false),
        /** Missing or unusable configuration or input (API key variable unset, manifest row or file missing). */
        CONFIGURATION(false),
        /** The calling thread was interrupted while waiting. */
        INTERRUPTED(false),
        /** The generator was already closed. */
        CLOSED(false),
        /** A captioner answered with an empty caption (at temperature 0 a retry gives the same). */
        EMPTY_CAPTION(false),
        /** A captioner declined to caption (e.g. the OpenAI API's {@code refusal} field). */
        REFUSED(false);

        private final boolean retryable;

        Kind(boolean retryable) {
            this.retryable = retryable;
        }

        public boolean retryableByDefault() {
            return retryable;
        }
    }

    private final Kind kind;
    private final boolean retryable;
    private final int httpStatus;
    private final String endpoint;
    private final Duration retryAfter;
    private final int attempts;

    /**
     * @param kind what went wrong
     * @param retryable whether a new attempt could succeed
     * @param httpStatus the HTTP status, or -1 when there was none
     * @param endpoint the endpoint (URL without credentials) or source the fault came from; may be null
     * @param retryAfter the server's requested wait ({@code Retry-After}); may be null
     * @param attempts attempts made when the generator gave up (1 for a single attempt)
     * @param message what happened, naming endpoint and problem
     * @param cause the underlying exception; may be null
     */
    public GenerationException(Kind kind, boolean retryable, int httpStatus, String endpoint, Duration retryAfter,
            int attempts, String message, Throwable cause) {
        super(message, cause);
        if (kind == null) {
            throw new IllegalArgumentException("kind must not be null");
        }
        if (httpStatus != -1 && (httpStatus < 100 || httpStatus > 599)) {
            throw new IllegalArgumentException("httpStatus must be -1 or 100..599, was " + httpStatus);
        }
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be >= 1, was " + attempts);
        }
        if (retryAfter != null && retryAfter.isNegative()) {
            throw new IllegalArgumentException("retryAfter must not be negative, was " + retryAfter);
        }
        this.kind = kind;
        this.retryable = retryable;
        this.httpStatus = httpStatus;
        this.endpoint = endpoint;
        this.retryAfter = retryAfter;
        this.attempts = attempts;
    }

    /** A fault of {@code kind} with its default retryability, no HTTP status. */
    public GenerationException(Kind kind, String endpoint, String message, Throwable cause) {
        this(kind, kind.retryableByDefault(), -1, endpoint, null, 1, message, cause);
    }

    /** A fault of {@code kind} with its default retryability, no HTTP status, no cause. */
    public GenerationException(Kind kind, String endpoint, String message) {
        this(kind, endpoint, message, null);
    }

    /**
     * The exception for a non-2xx HTTP status: 429 is {@link Kind#RATE_LIMITED}; 408, 425 and every
     * 5xx are retryable; any other status (400, 401, 403, 404, 422, ...) is not.
     */
    public static GenerationException forStatus(int status, String endpoint, Duration retryAfter, String message) {
        boolean retry = status == 429 || status == 408 || status == 425 || status >= 500;
        Kind kind = status == 429 ? Kind.RATE_LIMITED : Kind.HTTP_STATUS;
        return new GenerationException(kind, retry, status, endpoint, retryAfter, 1, message, null);
    }

    public Kind kind() {
        return kind;
    }

    /** Whether a new attempt could succeed. */
    public boolean retryable() {
        return retryable;
    }

    /** The HTTP status of the failed response, if there was one. */
    public OptionalInt httpStatus() {
        return httpStatus == -1 ? OptionalInt.empty() : OptionalInt.of(httpStatus);
    }

    /** The endpoint (URL without credentials) or source that failed, if known. */
    public Optional<String> endpoint() {
        return Optional.ofNullable(endpoint);
    }

    /** The wait the server asked for with {@code Retry-After}, if any. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    /** Attempts made before this exception was thrown (1 when it comes from a single attempt). */
    public int attempts() {
        return attempts;
    }

    /** The same fault after {@code attempts} attempts, with {@code prefix} put before the message. */
    public GenerationException afterAttempts(int attempts, String prefix) {
        return new GenerationException(kind, retryable, httpStatus, endpoint, retryAfter, attempts,
                prefix + getMessage(), this);
    }
}
