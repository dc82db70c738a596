package org.biaslab.captioner.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import org.biaslab.generate.ImageFormat;
import org.biaslab.generate.LoopbackServer;
import org.biaslab.util.Json;

/**
 * The part the fake caption servers share: a queue of scripted replies (the default reply once it
 * is empty), schema problems recorded for the test's {@code @AfterEach}, and the images every
 * request carried, decoded.
 */
abstract class ScriptedFake implements LoopbackServer.Handler {
    /** One scripted answer to a request whose body passed the schema check. */
    @FunctionalInterface
    interface Reply {
        void send(HttpExchange ex, JsonNode request) throws Exception;
    }

    private final Deque<Reply> script = new ArrayDeque<>();
    private final List<String> schemaProblems = Collections.synchronizedList(new ArrayList<>());
    private final List<byte[]> images = Collections.synchronizedList(new ArrayList<>());
    volatile LoopbackServer server;

    /** Queues replies, answered in order. */
    final ScriptedFake then(Reply... replies) {
        synchronized (script) {
            script.addAll(List.of(replies));
        }
        return this;
    }

    final List<String> schemaProblems() {
        return List.copyOf(schemaProblems);
    }

    /** The images the requests carried, decoded from base64, in arrival order. */
    final List<byte[]> images() {
        return List.copyOf(images);
    }

    final void problem(String p) {
        schemaProblems.add(p);
    }

    final void image(byte[] b) {
        images.add(b);
    }

    /** The answer once the script is spent. */
    abstract Reply defaultReply();

    final Reply next() {
        synchronized (script) {
            return script.isEmpty() ? defaultReply() : script.poll();
        }
    }

    /** Blocks until the server closes (a timeout for the client) and then answers nothing. */
    final Reply hang() {
        return (ex, req) -> server.hang();
    }

    /** Any status and JSON body, with header name/value pairs. */
    static Reply json(int status, String body, String... headers) {
        return (ex, req) -> LoopbackServer.json(ex, status, body, headers);
    }

    /** A 200 whose body is the first half of {@code fullJson}, sent whole (Content-Length of the half). */
    static Reply truncated(String fullJson) {
        return (ex, req) -> {
            byte[] b = fullJson.getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "application/json");
            ex.sendResponseHeaders(200, b.length / 2);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(b, 0, b.length / 2);
            }
        };
    }

    /** A valid JSON 200 of about {@code bytes} bytes, streamed without a declared length. */
    static Reply huge(int bytes) {
        return (ex, req) -> {
            ex.getResponseHeaders().set("Content-Type", "application/json");
            ex.sendResponseHeaders(200, 0);
            try (OutputStream out = ex.getResponseBody()) {
                out.write("{\"padding\":\"".getBytes(StandardCharsets.UTF_8));
                byte[] chunk = "x".repeat(64 * 1024).getBytes(StandardCharsets.UTF_8);
                for (int sent = 0; sent < bytes; sent += chunk.length) {
                    out.write(chunk);
                }
                out.write("\"}".getBytes(StandardCharsets.UTF_8));
            } catch (IOException clientHungUp) {
                // expected: the client stops reading at its cap
            }
        };
    }

    /** {@code text} parsed, or null after recording a problem. */
    final JsonNode parse(String text) {
        try {
            return Json.mapper().readTree(text);
        } catch (IOException e) {
            problem("body is not JSON: " + e.getMessage());
            return null;
        }
    }

    /**
     * Decodes strict standard base64 (no line breaks, no data URL) and checks that it is an image
     * of {@code expected} format (null: any); records a problem and returns empty otherwise.
     */
    final Optional<byte[]> decodeImage(String b64, ImageFormat expected, String where) {
        if (!b64.matches("[A-Za-z0-9+/]*={0,2}") || b64.length() % 4 != 0) {
            problem(where + " is not plain standard base64 (starts '" + b64.substring(0, Math.min(20, b64.length()))
                    + "')");
            return Optional.empty();
        }
        byte[] bytes = Base64.getDecoder().decode(b64);
        Optional<ImageFormat> sniffed = ImageFormat.sniff(bytes);
        if (sniffed.isEmpty() || (expected != null && sniffed.get() != expected)) {
            problem(where + " holds " + sniffed.map(Enum::name).orElse("no known image") + ", declared "
                    + (expected == null ? "(any)" : expected.name()));
            return Optional.empty();
        }
        image(bytes);
        return Optional.of(bytes);
    }
}
