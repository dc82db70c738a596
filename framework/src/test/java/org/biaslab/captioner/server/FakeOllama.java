package org.biaslab.captioner.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Set;
import org.biaslab.generate.LoopbackServer;
import org.biaslab.util.Json;

/**
 * Speaks Ollama's native API: {@code POST /api/chat} and {@code POST /api/generate}. Checks every
 * field of the body (known fields only; {@code stream} present and false, since Ollama streams by
 * default; images as plain base64, which Ollama requires, not data URLs; known {@code options} of
 * the right types) and answers as Ollama 0.5 does ({@code model}, {@code created_at},
 * {@code message} or {@code response}, {@code done}, {@code done_reason}, durations, counts, and
 * {@code context} for generate), or with Ollama's error shape {@code {"error": "..."}}.
 */
final class FakeOllama extends ScriptedFake {
    static final String CHAT = "/api/chat";
    static final String GENERATE = "/api/generate";
    static final String DEFAULT_CAPTION = "A nurse in green scrubs holds a clipboard.";
    static final Set<String> CHAT_FIELDS = Set.of("model", "messages", "stream", "options", "format", "keep_alive",
            "tools", "think");
    static final Set<String> GENERATE_FIELDS = Set.of("model", "prompt", "suffix", "images", "stream", "options",
            "system", "template", "raw", "format", "keep_alive", "context", "think");
    static final Set<String> MESSAGE_FIELDS = Set.of("role", "content", "images", "tool_calls", "thinking");
    static final Set<String> OPTIONS = Set.of("temperature", "num_predict", "seed", "top_k", "top_p", "min_p",
            "num_ctx", "repeat_penalty", "stop");

    @Override
    Reply defaultReply() {
        return caption(DEFAULT_CAPTION);
    }

    static String error(String message) {
        ObjectNode e = Json.mapper().createObjectNode();
        e.put("error", message);
        return e.toString();
    }

    /** Ollama's answer for the request's API, the model named as the request named it. */
    static String answer(JsonNode req, String text, String doneReason) {
        ObjectNode root = Json.mapper().createObjectNode();
        root.put("model", req.path("model").asText());
        root.put("created_at", "2024-11-05T10:21:33.123456Z");
        if (req.has("messages")) {
            ObjectNode m = root.putObject("message");
            m.put("role", "assistant");
            if (text == null) {
                m.putNull("content");
            } else {
                m.put("content", text);
            }
        } else {
            if (text == null) {
                root.putNull("response");
            } else {
                root.put("response", text);
            }
        }
        root.put("done_reason", doneReason);
        root.put("done", true);
        root.put("total_duration", 2_143_000_000L);
        root.put("load_duration", 11_000_000L);
        root.put("prompt_eval_count", 586);
        root.put("prompt_eval_duration", 1_400_000_000L);
        root.put("eval_count", 13);
        root.put("eval_duration", 700_000_000L);
        if (!req.has("messages")) {
            root.putArray("context").add(106).add(3048).add(19).add(1024);
        }
        return root.toString();
    }

    static Reply caption(String text) {
        return (ex, req) -> LoopbackServer.json(ex, 200, answer(req, text, "stop"));
    }

    static Reply caption(String text, String doneReason) {
        return (ex, req) -> LoopbackServer.json(ex, 200, answer(req, text, doneReason));
    }

    /** A complete answer cut in half. */
    static Reply truncatedAnswer() {
        return (ex, req) -> truncated(answer(req, DEFAULT_CAPTION, "stop")).send(ex, req);
    }

    /** Ollama's answer for a model it does not have. */
    static Reply modelNotFound() {
        return (ex, req) -> LoopbackServer.json(ex, 404, error("model \"" + req.path("model").asText()
                + "\" not found, try pulling it first"));
    }

    @Override
    public void handle(HttpExchange ex, LoopbackServer.Received req, int n) throws Exception {
        boolean chat = req.path().equals(CHAT);
        if (!req.method().equals("POST") || !(chat || req.path().equals(GENERATE))) {
            byte[] b = "404 page not found".getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "text/plain");
            ex.sendResponseHeaders(404, b.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(b);
            }
            problem("request to " + req.method() + " " + req.path());
            return;
        }
        if (req.header("Authorization") != null) {
            problem("Ollama takes no credentials, but an Authorization header was sent");
        }
        JsonNode b = parse(req.body());
        String problem = b == null ? "body is not JSON" : chat ? checkChat(b) : checkGenerate(b);
        if (problem == null && b != null) {
            problem = checkCommon(b);
        }
        if (problem != null) {
            problem(problem);
            LoopbackServer.json(ex, 400, error(problem));
            return;
        }
        next().send(ex, b);
    }

    private static String unknown(JsonNode node, Set<String> known, String where) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!known.contains(f)) {
                return where + ": unknown field '" + f + "'";
            }
        }
        return null;
    }

    private String checkChat(JsonNode b) {
        if (!b.isObject()) {
            return "body must be a JSON object";
        }
        String u = unknown(b, CHAT_FIELDS, "/api/chat body");
        if (u != null) {
            return u;
        }
        JsonNode messages = b.path("messages");
        if (!messages.isArray() || messages.isEmpty()) {
            return "messages must be a non-empty array";
        }
        for (int i = 0; i < messages.size(); i++) {
            JsonNode m = messages.get(i);
            String where = "messages[" + i + "]";
            if (!m.isObject()) {
                return where + " must be an object";
            }
            u = unknown(m, MESSAGE_FIELDS, where);
            if (u != null) {
                return u;
            }
            if (!Set.of("system", "user", "assistant", "tool").contains(m.path("role").asText(""))) {
                return where + ".role must be system, user, assistant or tool";
            }
            if (!m.path("content").isTextual()) {
                return where + ".content must be a string (Ollama takes no content parts)";
            }
            String p = checkImages(m, where);
            if (p != null) {
                return p;
            }
        }
        return null;
    }

    private String checkGenerate(JsonNode b) {
        if (!b.isObject()) {
            return "body must be a JSON object";
        }
        String u = unknown(b, GENERATE_FIELDS, "/api/generate body");
        if (u != null) {
            return u;
        }
        if (!b.path("prompt").isTextual()) {
            return "prompt must be a string";
        }
        return checkImages(b, "body");
    }

    private String checkImages(JsonNode holder, String where) {
        if (!holder.has("images")) {
            return null;
        }
        JsonNode images = holder.get("images");
        if (!images.isArray()) {
            return where + ".images must be an array of base64 strings";
        }
        for (int i = 0; i < images.size(); i++) {
            JsonNode img = images.get(i);
            if (!img.isTextual()) {
                return where + ".images[" + i + "] must be a base64 string";
            }
            if (img.asText().startsWith("data:")) {
                // what Ollama answers to a data URL
                return "illegal base64 data at input byte 4";
            }
            if (decodeImage(img.asText(), null, where + ".images[" + i + "]").isEmpty()) {
                return where + ".images[" + i + "] is not a base64 image";
            }
        }
        return null;
    }

    private static String checkCommon(JsonNode b) {
        if (!b.path("model").isTextual() || b.get("model").asText().isBlank()) {
            return "model is required";
        }
        if (!b.has("stream") || !b.get("stream").isBoolean() || b.get("stream").asBoolean()) {
            return "stream must be sent as false (Ollama streams by default)";
        }
        if (b.has("options")) {
            JsonNode o = b.get("options");
            if (!o.isObject()) {
                return "options must be an object";
            }
            String u = unknown(o, OPTIONS, "options");
            if (u != null) {
                return u;
            }
            if (o.has("temperature") && !o.get("temperature").isNumber()) {
                return "options.temperature must be a number";
            }
            if (o.has("num_predict") && !o.get("num_predict").isIntegralNumber()) {
                return "options.num_predict must be an integer";
            }
            if (o.has("seed") && !o.get("seed").isIntegralNumber()) {
                return "options.seed must be an integer";
            }
        }
        return null;
    }
}
