package org.biaslab.generate.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.biaslab.generate.LoopbackServer;
import org.biaslab.generate.TestImages;
import org.biaslab.util.Json;

/**
 * Speaks the OpenAI images API ({@code POST /v1/images/generations}): checks the bearer key and the
 * body (model, prompt, n = 1, size WxH, response_format, no unknown fields), and answers with
 * {@code {"created", "data": [{"b64_json", "revised_prompt"}]}} or OpenAI's error shape.
 */
final class FakeOpenAiImages implements LoopbackServer.Handler {
    enum Reply { OK, RATE_LIMITED, URL_ONLY, BLANK, CONTENT_POLICY, SERVER_ERROR, ECHO_KEY }

    static final Set<String> KNOWN = Set.of("model", "prompt", "n", "size", "response_format", "quality", "style",
            "user", "background", "output_format", "moderation");

    private final String key;
    private final Deque<Reply> script = new ArrayDeque<>();
    private final List<String> schemaProblems = Collections.synchronizedList(new ArrayList<>());
    volatile boolean expectResponseFormat = true;

    FakeOpenAiImages(String key, Reply... replies) {
        this.key = key;
        script.addAll(List.of(replies));
    }

    List<String> schemaProblems() {
        return List.copyOf(schemaProblems);
    }

    private synchronized Reply next() {
        return script.isEmpty() ? Reply.OK : script.poll();
    }

    private static String error(String message, String type, String code) {
        ObjectNode e = Json.mapper().createObjectNode();
        ObjectNode inner = e.putObject("error");
        inner.put("message", message);
        inner.put("type", type);
        inner.putNull("param");
        inner.put("code", code);
        return e.toString();
    }

    @Override
    public void handle(HttpExchange ex, LoopbackServer.Received req, int n) throws Exception {
        if (!req.method().equals("POST") || !req.path().equals("/v1/images/generations")) {
            LoopbackServer.json(ex, 404, error("Invalid URL (" + req.method() + " " + req.path() + ")",
                    "invalid_request_error", null));
            return;
        }
        String auth = req.header("Authorization");
        if (auth == null || !auth.equals("Bearer " + key)) {
            // the real API echoes a masked key; echo it whole here to prove the client scrubs it
            LoopbackServer.json(ex, 401, error("Incorrect API key provided: " + (auth == null ? "none"
                    : auth.substring("Bearer ".length())) + ". You can find your API key at "
                    + "https://platform.openai.com/account/api-keys.", "invalid_request_error", "invalid_api_key"));
            return;
        }
        JsonNode b = Json.mapper().readTree(req.body());
        String problem = check(b);
        if (problem != null) {
            schemaProblems.add(problem);
            LoopbackServer.json(ex, 400, error(problem, "invalid_request_error", null));
            return;
        }
        String[] size = b.get("size").asText().split("x");
        int w = Integer.parseInt(size[0]);
        int h = Integer.parseInt(size[1]);
        Reply reply = next();
        switch (reply) {
            case RATE_LIMITED -> LoopbackServer.json(ex, 429, error("Rate limit reached for images per minute.",
                    "requests", "rate_limit_exceeded"), "Retry-After", "20");
            case CONTENT_POLICY -> LoopbackServer.json(ex, 400, error("Your request was rejected as a result of our "
                    + "safety system.", "invalid_request_error", "content_policy_violation"));
            case SERVER_ERROR -> LoopbackServer.json(ex, 500, error("The server had an error while processing your "
                    + "request.", "server_error", null));
            case URL_ONLY -> LoopbackServer.json(ex, 200, "{\"created\":1700000000,\"data\":[{\"url\":"
                    + "\"https://files.example/img.png\"}]}");
            case BLANK -> LoopbackServer.json(ex, 200, ok(b, TestImages.flatPng(w, h, 0xFFFFFF)));
            case OK -> LoopbackServer.json(ex, 200, ok(b, TestImages.noisyPng(w, h, 5)));
            case ECHO_KEY -> LoopbackServer.json(ex, 200, echoKey(b, TestImages.noisyPng(w, h, 5)));
            default -> throw new IllegalStateException(reply.toString());
        }
    }

    private String check(JsonNode b) {
        if (b == null || !b.isObject()) {
            return "body must be a JSON object";
        }
        for (Iterator<String> it = b.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!KNOWN.contains(f)) {
                return "Unrecognized request argument supplied: " + f;
            }
        }
        if (!b.path("model").isTextual() || !b.path("prompt").isTextual()) {
            return "model and prompt must be strings";
        }
        if (!b.path("n").isIntegralNumber() || b.get("n").asInt() != 1) {
            return "n must be 1";
        }
        if (!b.path("size").asText("").matches("\\d+x\\d+")) {
            return "size must be WIDTHxHEIGHT, was " + b.path("size");
        }
        if (expectResponseFormat != b.has("response_format")
                || (b.has("response_format") && !b.get("response_format").asText().equals("b64_json"))) {
            return "response_format must " + (expectResponseFormat ? "be b64_json" : "be absent");
        }
        return null;
    }

    /** A hostile server: the caller's key in the model name, the revised prompt, a field name and a nested note. */
    private String echoKey(JsonNode req, byte[] png) throws java.io.IOException {
        ObjectNode root = (ObjectNode) Json.mapper().readTree(ok(req, png));
        root.put("model", "gpt-image-1/" + key);
        ObjectNode item = (ObjectNode) root.get("data").get(0);
        item.put("revised_prompt", "A photograph (key " + key + ") of " + req.get("prompt").asText());
        root.putObject("usage").put("note_" + key, "truncated " + key.substring(3, 15));
        return root.toString();
    }

    private static String ok(JsonNode req, byte[] png) {
        ObjectNode root = Json.mapper().createObjectNode();
        root.put("created", 1700000000L);
        ObjectNode item = root.putArray("data").addObject();
        item.put("b64_json", Base64.getEncoder().encodeToString(png));
        item.put("revised_prompt", "A realistic photograph of " + req.get("prompt").asText());
        return root.toString();
    }
}
