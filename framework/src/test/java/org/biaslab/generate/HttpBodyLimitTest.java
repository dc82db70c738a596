package org.biaslab.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * A server that sends far more than any image (2 GB, streamed or declared): the request fails with
 * the endpoint and the limit after at most the limit was read, instead of growing memory until the
 * JVM gives up ("too many bytes" after about 6 GB, measured).
 */
class HttpBodyLimitTest {
    private static final long LIMIT = 4L << 20;
    /** The server stops by itself after this many bytes even if the client kept reading. */
    private static final long SERVER_CAP = 2L << 30;

    private static GenerationException call(LoopbackServer server) {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpCall call = new HttpCall(client, Duration.ofSeconds(60), Clock.systemUTC(), List.of(), LIMIT);
        HttpRequest request = HttpRequest.newBuilder(URI.create(server.url() + "/big")).GET().build();
        return assertThrows(GenerationException.class, () -> call.send(request, "test GET /big", server.endpoint(1)));
    }

    @Test
    void aStreamedGiantBodyStopsAtTheLimit() throws Exception {
        AtomicLong sent = new AtomicLong();
        try (LoopbackServer server = new LoopbackServer((ex, req, n) -> {
            ex.sendResponseHeaders(200, 0); // chunked, no length
            byte[] chunk = new byte[1 << 20];
            try (OutputStream out = ex.getResponseBody()) {
                while (sent.get() < SERVER_CAP) {
                    out.write(chunk);
                    sent.addAndGet(chunk.length);
                }
            } catch (IOException clientHungUp) {
                // expected: the client cancels at the limit
            }
        })) {
            GenerationException e = call(server);
            assertEquals(GenerationException.Kind.TOO_LARGE, e.kind());
            assertTrue(e.getMessage().contains("longer than the limit of " + LIMIT + " bytes")
                    && e.getMessage().contains("retry.max_body_mb"), e.getMessage());
            assertEquals(java.util.Optional.of(server.endpoint(1).toString()), e.endpoint());
        }
        assertTrue(sent.get() < SERVER_CAP, "the client stopped reading: " + sent.get() + " bytes sent");
    }

    @Test
    void aDeclaredGiantBodyIsNotReadAtAll() throws Exception {
        try (LoopbackServer server = new LoopbackServer((ex, req, n) -> {
            ex.sendResponseHeaders(200, SERVER_CAP);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(new byte[1024]);
            } catch (IOException clientHungUp) {
                // expected
            }
        })) {
            GenerationException e = call(server);
            assertEquals(GenerationException.Kind.TOO_LARGE, e.kind());
            assertTrue(e.getMessage().contains("declares " + SERVER_CAP + " bytes (Content-Length)"), e.getMessage());
        }
    }
}
