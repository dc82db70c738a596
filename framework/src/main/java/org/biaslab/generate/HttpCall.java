package org.biaslab.generate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.biaslab.util.Json;

/**
 * One HTTP exchange for a backend, with faults mapped to {@link GenerationException}s: timeouts,
 * refused or dropped connections, non-2xx statuses (with {@code Retry-After}), unreadable JSON and
 * base64. Every message names the endpoint and is scrubbed of the generator's secrets.
 */
public final class HttpCall {
    private static final int SNIPPET = 300;
    /** Text values longer than this in a response are image payloads (see {@link #scrubTree}). */
    static final int PAYLOAD_CHARS = 1 << 20;

    private final HttpClient client;
    private final Duration timeout;
    private final Clock clock;
    private final List<Secret> secrets;
    private final long maxBody;

    public HttpCall(HttpClient client, Duration timeout, Clock clock, List<Secret> secrets, long maxBody) {
        this.client = client;
        this.timeout = timeout;
        this.clock = clock;
        this.secrets = List.copyOf(secrets);
        if (maxBody < 1) {
            throw new IllegalArgumentException("maxBody must be >= 1, was " + maxBody);
        }
        this.maxBody = maxBody;
    }

    /** The per-attempt limit; backends set it on their requests with {@link HttpRequest.Builder#timeout}. */
    public Duration timeout() {
        return timeout;
    }

    /**
     * Sends {@code request} and returns the 2xx response with its whole body.
     *
     * @param what label for messages, e.g. {@code a1111 POST http://host:7860/sdapi/v1/txt2img}
     * @param endpoint the endpoint recorded in the exception
     */
    public HttpResponse<byte[]> send(HttpRequest request, String what, Endpoint endpoint) throws GenerationException {
        String ep = endpoint.toString();
        CompletableFuture<HttpResponse<byte[]>> future = client.sendAsync(request, info -> new LimitedBody(maxBody,
                info.headers().firstValueAsLong("content-length").orElse(-1)));
        HttpResponse<byte[]> response;
        try {
            // the request's own timeout may cover only the headers; this bounds the whole body too
            response = future.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new GenerationException(GenerationException.Kind.TIMEOUT, ep,
                    what + ": no complete response within " + timeout.toMillis() + " ms", null);
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new GenerationException(GenerationException.Kind.INTERRUPTED, ep, what + ": interrupted", null);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            while (cause != null && !(cause instanceof BodyTooLargeException) && cause.getCause() != null
                    && cause.getCause() != cause) {
                cause = cause.getCause();
            }
            if (cause instanceof BodyTooLargeException big) {
                throw new GenerationException(GenerationException.Kind.TOO_LARGE, ep, scrub(what + ": " + big.getMessage()
                        + " (retry.max_body_mb raises the limit)"));
            }
            throw transport(e.getCause(), what, ep);
        }
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return response;
        }
        Optional<Duration> retryAfter = status == 429 || status == 503
                ? RetryAfter.parse(response.headers().firstValue("Retry-After").orElse(null), clock)
                : Optional.empty();
        throw GenerationException.forStatus(status, ep, retryAfter.orElse(null), scrub(what + ": HTTP " + status
                + retryAfter.map(d -> " (Retry-After " + d.toMillis() + " ms)").orElse("") + ": "
                + errorText(response.body())));
    }

    /** Parses a JSON body; a {@link GenerationException.Kind#MALFORMED_RESPONSE} when it is not JSON. */
    public JsonNode json(byte[] body, String what, Endpoint endpoint) throws GenerationException {
        try {
            JsonNode n = Json.mapper().readTree(body);
            if (n == null || n.isMissingNode()) {
                throw malformed(what, endpoint, "empty body where JSON was expected");
            }
            return secrets.isEmpty() ? n : scrubTree(n);
        } catch (JsonProcessingException e) {
            throw malformed(what, endpoint, "response is not valid JSON (" + body.length + " bytes; "
                    + e.getOriginalMessage() + ")");
        } catch (IOException e) {
            throw malformed(what, endpoint, "cannot read JSON: " + e.getMessage());
        }
    }

    /**
     * Decodes a base64 image string (standard alphabet; a {@code data:...;base64,} prefix and line
     * breaks are accepted); a {@link GenerationException.Kind#MALFORMED_RESPONSE} when it is not base64.
     */
    public byte[] base64(String text, String what, Endpoint endpoint) throws GenerationException {
        String s = text;
        if (s.startsWith("data:")) {
            int comma = s.indexOf(',');
            if (comma < 0 || !s.substring(0, comma).endsWith(";base64")) {
                throw malformed(what, endpoint, "image is a data URL without ';base64,'");
            }
            s = s.substring(comma + 1);
        }
        try {
            return Base64.getMimeDecoder().decode(strictBase64(s));
        } catch (IllegalArgumentException e) {
            throw malformed(what, endpoint, "image is not valid base64 (" + text.length() + " characters): "
                    + e.getMessage());
        }
    }

    /** A malformed-response exception with a scrubbed message. */
    public GenerationException malformed(String what, Endpoint endpoint, String problem) {
        return new GenerationException(GenerationException.Kind.MALFORMED_RESPONSE, endpoint.toString(),
                scrub(what + ": " + problem));
    }

    /**
     * A server may echo the credential in any field (the model name, a revised prompt, an error), and
     * whatever it returns can reach results, CSVs, the store and the report: every text value and
     * field name is scrubbed as soon as the JSON is parsed. Values over {@value #PAYLOAD_CHARS}
     * characters are image payloads (base64), which are decoded, never kept as text.
     */
    JsonNode scrubTree(JsonNode node) {
        if (node.isTextual()) {
            String t = node.asText();
            return t.length() > PAYLOAD_CHARS ? node : com.fasterxml.jackson.databind.node.TextNode.valueOf(scrub(t));
        }
        if (node.isArray()) {
            com.fasterxml.jackson.databind.node.ArrayNode a = (com.fasterxml.jackson.databind.node.ArrayNode) node;
            for (int i = 0; i < a.size(); i++) {
                a.set(i, scrubTree(a.get(i)));
            }
            return a;
        }
        if (node.isObject()) {
            com.fasterxml.jackson.databind.node.ObjectNode o = (com.fasterxml.jackson.databind.node.ObjectNode) node;
            com.fasterxml.jackson.databind.node.ObjectNode out = o.objectNode();
            o.fields().forEachRemaining(e -> out.set(scrub(e.getKey()), scrubTree(e.getValue())));
            return out;
        }
        return node;
    }

    /** {@code text} with the secrets removed. */
    public String scrub(String text) {
        return Secret.scrub(text, secrets);
    }

    /** The MIME decoder skips characters outside the alphabet; reject them instead of guessing. */
    private static String strictBase64(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+'
                    || c == '/' || c == '=' || c == '\r' || c == '\n';
            if (!ok) {
                throw new IllegalArgumentException("illegal character '" + (Character.isISOControl(c) ? "\\u"
                        + String.format("%04x", (int) c) : String.valueOf(c)) + "' at index " + i);
            }
        }
        return s;
    }

    private GenerationException transport(Throwable cause, String what, String ep) {
        if (cause instanceof HttpConnectTimeoutException) {
            return new GenerationException(GenerationException.Kind.TIMEOUT, ep,
                    scrub(what + ": connect timed out after " + timeout.toMillis() + " ms"), cause);
        }
        if (cause instanceof HttpTimeoutException) {
            return new GenerationException(GenerationException.Kind.TIMEOUT, ep,
                    scrub(what + ": no response within " + timeout.toMillis() + " ms"), cause);
        }
        if (cause instanceof ConnectException) {
            return new GenerationException(GenerationException.Kind.CONNECTION, ep,
                    scrub(what + ": connection refused or unreachable"), cause);
        }
        if (cause instanceof IOException) {
            return new GenerationException(GenerationException.Kind.CONNECTION, ep,
                    scrub(what + ": connection failed or dropped before the whole response arrived ("
                            + cause.getClass().getSimpleName() + ": " + cause.getMessage() + ")"), cause);
        }
        return new GenerationException(GenerationException.Kind.CONNECTION, ep,
                scrub(what + ": request failed (" + cause + ")"), cause);
    }

    /** A short, printable description of an error body: its {@code error.message} / {@code detail} when JSON. */
    static String errorText(byte[] body) {
        if (body == null || body.length == 0) {
            return "(empty body)";
        }
        String text = null;
        try {
            JsonNode n = Json.mapper().readTree(body);
            if (n != null && n.isObject()) {
                JsonNode msg = n.path("error").path("message");
                if (msg.isTextual()) {
                    text = msg.asText();
                } else if (n.path("error").isTextual()) {
                    // A1111: {"error": "OutOfMemoryError", "detail": "", "body": "", "errors": "CUDA out of memory..."}
                    text = n.path("error").asText();
                    for (String k : new String[] {"errors", "detail"}) {
                        JsonNode d = n.path(k);
                        if (!d.isMissingNode() && !d.isNull() && !(d.isTextual() && d.asText().isBlank())) {
                            text += ": " + (d.isTextual() ? d.asText() : d.toString());
                            break;
                        }
                    }
                } else if (!n.path("detail").isMissingNode()) {
                    text = n.path("detail").isTextual() ? n.path("detail").asText() : n.path("detail").toString();
                }
            }
        } catch (IOException e) {
            // not JSON: show the raw text
        }
        if (text == null) {
            text = new String(body, StandardCharsets.UTF_8);
        }
        StringBuilder sb = new StringBuilder();
        text.codePoints().limit(SNIPPET).forEach(c -> sb.appendCodePoint(Character.isISOControl(c) ? ' ' : c));
        if (text.codePointCount(0, text.length()) > SNIPPET) {
            sb.append("...");
        }
        return sb.toString().strip();
    }

    /** The body is longer than the cap. */
    static final class BodyTooLargeException extends IOException {
        private static final long serialVersionUID = 1L;

        BodyTooLargeException(String message) {
            super(message);
        }
    }

    /**
     * Collects a response body up to {@code max} bytes; beyond that (or when Content-Length already
     * says so) it cancels the stream and fails, so memory stays bounded by the cap.
     */
    static final class LimitedBody implements HttpResponse.BodySubscriber<byte[]> {
        private final long max;
        private final long declared;
        private final CompletableFuture<byte[]> result = new CompletableFuture<>();
        private final java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        private long total;
        private java.util.concurrent.Flow.Subscription subscription;

        LimitedBody(long max, long declared) {
            this.max = max;
            this.declared = declared;
        }

        @Override
        public java.util.concurrent.CompletionStage<byte[]> getBody() {
            return result;
        }

        @Override
        public void onSubscribe(java.util.concurrent.Flow.Subscription s) {
            subscription = s;
            if (declared > max) {
                s.cancel();
                result.completeExceptionally(new BodyTooLargeException("the response declares " + declared
                        + " bytes (Content-Length), more than the limit of " + max + " bytes; not read"));
                return;
            }
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<java.nio.ByteBuffer> items) {
            if (result.isDone()) {
                return;
            }
            for (java.nio.ByteBuffer b : items) {
                total += b.remaining();
                if (total > max) {
                    subscription.cancel();
                    result.completeExceptionally(new BodyTooLargeException("the response body is longer than the "
                            + "limit of " + max + " bytes; reading stopped there"));
                    return;
                }
                byte[] chunk = new byte[b.remaining()];
                b.get(chunk);
                out.write(chunk, 0, chunk.length);
            }
        }

        @Override
        public void onError(Throwable t) {
            result.completeExceptionally(t);
        }

        @Override
        public void onComplete() {
            result.complete(out.toByteArray());
        }
    }
}
