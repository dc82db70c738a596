package org.biaslab.generate;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A real HTTP server on 127.0.0.1 (an ephemeral port) that records every request and answers
 * through a {@link Handler}. Handlers that must hang (for timeouts) wait on {@link #release()},
 * which {@link #close()} opens, so no test depends on wall time.
 */
public final class LoopbackServer implements AutoCloseable {
    /** A request as received. */
    public record Received(String method, String path, Map<String, String> headers, String body) {
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    /** Answers one request; {@code n} counts the requests this server got before it (0-based). */
    @FunctionalInterface
    public interface Handler {
        void handle(HttpExchange exchange, Received request, int n) throws Exception;
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final List<Received> received = new ArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);
    private final List<Throwable> handlerErrors = new ArrayList<>();

    public LoopbackServer(Handler handler) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        server.createContext("/", ex -> {
            Received r;
            int n;
            try {
                Map<String, String> headers = new LinkedHashMap<>();
                ex.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), String.join(",", v)));
                String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                r = new Received(ex.getRequestMethod(), ex.getRequestURI().getPath(), headers, body);
                synchronized (received) {
                    n = received.size();
                    received.add(r);
                }
                handler.handle(ex, r, n);
            } catch (Dropped d) {
                // escaping the handler makes the JDK server close the connection without finishing the body
                throw d;
            } catch (Throwable t) {
                synchronized (handlerErrors) {
                    handlerErrors.add(t);
                }
            }
            ex.close();
        });
        server.setExecutor(executor);
        server.start();
    }

    /** {@code http://127.0.0.1:PORT}. */
    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public Endpoint endpoint(int concurrency) {
        return Endpoint.of(url(), concurrency);
    }

    public List<Received> received() {
        synchronized (received) {
            return List.copyOf(received);
        }
    }

    /** Requests to {@code path}. */
    public List<Received> received(String path) {
        return received().stream().filter(r -> r.path().equals(path)).toList();
    }

    /** Errors thrown inside handlers (a handler bug, or the client hanging up early). */
    public List<Throwable> handlerErrors() {
        synchronized (handlerErrors) {
            return List.copyOf(handlerErrors);
        }
    }

    /** Thrown by {@link #dropMidBody} so that the server drops the connection. */
    static final class Dropped extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Dropped() {
            super("connection dropped on purpose", null, false, false);
        }
    }

    /** Blocks a handler until the server is closed (used to provoke timeouts). */
    public void hang() throws InterruptedException {
        release.await();
    }

    public void release() {
        release.countDown();
    }

    public static void json(HttpExchange ex, int status, String json, String... headerPairs) throws IOException {
        for (int i = 0; i < headerPairs.length; i += 2) {
            ex.getResponseHeaders().add(headerPairs[i], headerPairs[i + 1]);
        }
        ex.getResponseHeaders().set("Content-Type", "application/json");
        byte[] b = json.getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(status, b.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(b);
        }
    }

    /**
     * Declares the full length of {@code json} but sends only its first half, then drops the
     * connection: a handler that throws makes the JDK server close the socket.
     */
    public static void dropMidBody(HttpExchange ex, String json) throws IOException {
        byte[] b = json.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(200, b.length);
        OutputStream out = ex.getResponseBody();
        out.write(b, 0, b.length / 2);
        out.flush();
        throw new Dropped();
    }

    @Override
    public void close() {
        release();
        server.stop(0);
        executor.shutdownNow();
    }
}
