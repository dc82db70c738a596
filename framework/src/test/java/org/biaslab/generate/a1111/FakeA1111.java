package org.biaslab.generate.a1111;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import org.biaslab.generate.LoopbackServer;
import org.biaslab.generate.TestImages;
import org.biaslab.util.Json;

/**
 * Speaks the AUTOMATIC1111 web API ({@code GET /sdapi/v1/options}, {@code POST /sdapi/v1/txt2img})
 * and checks each txt2img body the way its pydantic model would (types, batch of one), answering
 * 422 with FastAPI's error shape when a field is wrong. Each txt2img call takes the next scripted
 * {@link Reply}; an empty script means {@link Reply#OK}.
 */
final class FakeA1111 implements LoopbackServer.Handler {
    enum Reply { OK, ERROR_500, RATE_LIMITED, UNAVAILABLE_503, HANG, DROP, TRUNCATED_JSON, BAD_BASE64, NOT_AN_IMAGE,
        NSFW_BLACK, WRONG_SEED, NO_SEED, WRONG_SIZE, BAD_REQUEST_400, UNAUTHORIZED_401 }

    static final String MODEL = "v1-5-pruned-emaonly";
    static final String HASH = "6ce0161689";
    static final String CHECKPOINT = "v1-5-pruned-emaonly.safetensors [6ce0161689]";

    private final Deque<Reply> script = new ArrayDeque<>();
    private final List<String> schemaProblems = Collections.synchronizedList(new ArrayList<>());
    volatile String retryAfter = "3";
    volatile String unauthorizedEcho = "";
    LoopbackServer server;

    FakeA1111(Reply... replies) {
        script.addAll(List.of(replies));
    }

    /** Problems found in the requests received; empty when every body matched the schema. */
    List<String> schemaProblems() {
        return List.copyOf(schemaProblems);
    }

    private synchronized Reply next() {
        return script.isEmpty() ? Reply.OK : script.poll();
    }

    @Override
    public void handle(HttpExchange ex, LoopbackServer.Received req, int n) throws Exception {
        if (req.method().equals("GET") && req.path().equals("/sdapi/v1/options")) {
            LoopbackServer.json(ex, 200, "{\"sd_model_checkpoint\":\"" + CHECKPOINT + "\",\"sd_vae\":\"Automatic\","
                    + "\"samples_format\":\"png\",\"CLIP_stop_at_last_layers\":1}");
            return;
        }
        if (!req.method().equals("POST") || !req.path().equals("/sdapi/v1/txt2img")) {
            LoopbackServer.json(ex, 404, "{\"detail\":\"Not Found\"}");
            return;
        }
        JsonNode body = Json.mapper().readTree(req.body());
        String problem = check(body, req);
        if (problem != null) {
            schemaProblems.add(problem);
            LoopbackServer.json(ex, 422, "{\"detail\":[{\"loc\":[\"body\"],\"msg\":\"" + problem
                    + "\",\"type\":\"value_error\"}]}");
            return;
        }
        long seed = body.get("seed").asLong();
        int w = body.get("width").asInt();
        int h = body.get("height").asInt();
        Reply reply = next();
        switch (reply) {
            case ERROR_500 -> LoopbackServer.json(ex, 500, "{\"error\":\"RuntimeError\",\"detail\":\"\",\"body\":\"\","
                    + "\"errors\":\"CUDA out of memory\"}");
            case RATE_LIMITED -> LoopbackServer.json(ex, 429, "{\"detail\":\"Too Many Requests\"}",
                    "Retry-After", retryAfter);
            case UNAVAILABLE_503 -> LoopbackServer.json(ex, 503, "{\"detail\":\"queue full\"}", "Retry-After",
                    retryAfter);
            case HANG -> server.hang();
            case DROP -> LoopbackServer.dropMidBody(ex, ok(body, seed, w, h, TestImages.noisyPng(w, h, seed)));
            case TRUNCATED_JSON -> {
                String full = ok(body, seed, w, h, TestImages.noisyPng(w, h, seed));
                LoopbackServer.json(ex, 200, full.substring(0, full.length() / 2));
            }
            case BAD_BASE64 -> LoopbackServer.json(ex, 200, okWithImageText(body, seed, w, h, "iVBORw0KGgo!!not*base64"));
            case NOT_AN_IMAGE -> LoopbackServer.json(ex, 200, okWithImageText(body, seed, w, h,
                    Base64.getEncoder().encodeToString("<html>oops</html>".getBytes())));
            case NSFW_BLACK -> LoopbackServer.json(ex, 200, ok(body, seed, w, h, TestImages.flatPng(w, h, 0x000000)));
            case WRONG_SEED -> LoopbackServer.json(ex, 200, ok(body, seed + 1, w, h, TestImages.noisyPng(w, h, seed)));
            case NO_SEED -> LoopbackServer.json(ex, 200, ok(body, -999, w, h, TestImages.noisyPng(w, h, seed))
                    .replace("\\\"seed\\\": -999, ", ""));
            case WRONG_SIZE -> LoopbackServer.json(ex, 200, ok(body, seed, w, h, TestImages.noisyPng(w / 2, h, seed)));
            case BAD_REQUEST_400 -> LoopbackServer.json(ex, 400, "{\"detail\":\"Sampler not found: Euler q\"}");
            case UNAUTHORIZED_401 -> LoopbackServer.json(ex, 401, "{\"detail\":\"Incorrect username or password"
                    + unauthorizedEcho + "\"}", "WWW-Authenticate", "Basic");
            case OK -> LoopbackServer.json(ex, 200, ok(body, seed, w, h, TestImages.noisyPng(w, h, seed)));
            default -> throw new IllegalStateException(reply.toString());
        }
    }

    private static String check(JsonNode b, LoopbackServer.Received req) {
        if (!"application/json".equals(req.header("content-type"))) {
            return "Content-Type must be application/json, was " + req.header("content-type");
        }
        if (b == null || !b.isObject()) {
            return "body must be a JSON object";
        }
        if (!b.path("prompt").isTextual()) {
            return "prompt must be a string";
        }
        if (!b.path("negative_prompt").isTextual()) {
            return "negative_prompt must be a string";
        }
        for (String f : List.of("seed", "width", "height", "batch_size", "n_iter")) {
            if (!b.path(f).isIntegralNumber()) {
                return f + " must be an integer";
            }
        }
        if (b.get("batch_size").asInt() != 1 || b.get("n_iter").asInt() != 1) {
            return "batch_size and n_iter must be 1";
        }
        if (b.has("steps") && !b.get("steps").isIntegralNumber()) {
            return "steps must be an integer";
        }
        if (b.has("cfg_scale") && !b.get("cfg_scale").isNumber()) {
            return "cfg_scale must be a number";
        }
        if (b.has("sampler_name") && !b.get("sampler_name").isTextual()) {
            return "sampler_name must be a string";
        }
        if (!b.path("send_images").asBoolean(false) || b.path("save_images").asBoolean(true)) {
            return "send_images must be true and save_images false";
        }
        return null;
    }

    private static String ok(JsonNode req, long seed, int w, int h, byte[] png) {
        return okWithImageText(req, seed, w, h, Base64.getEncoder().encodeToString(png));
    }

    private static String okWithImageText(JsonNode req, long seed, int w, int h, String imageText) {
        ObjectNode info = Json.mapper().createObjectNode();
        info.put("prompt", req.get("prompt").asText());
        info.putArray("all_prompts").add(req.get("prompt").asText());
        info.put("negative_prompt", req.get("negative_prompt").asText());
        info.put("seed", seed);
        info.putArray("all_seeds").add(seed);
        info.put("subseed", 1234);
        info.put("width", w);
        info.put("height", h);
        info.put("sampler_name", req.path("sampler_name").asText("Euler"));
        info.put("cfg_scale", req.path("cfg_scale").asDouble(7.0));
        info.put("steps", req.path("steps").asInt(50));
        info.put("batch_size", 1);
        info.put("sd_model_name", MODEL);
        info.put("sd_model_hash", HASH);
        info.put("version", "v1.10.1");
        info.putArray("infotexts").add(req.get("prompt").asText() + "\nSteps: 20, Seed: " + seed);
        ObjectNode root = Json.mapper().createObjectNode();
        ArrayNode images = root.putArray("images");
        images.add(imageText);
        root.set("parameters", req);
        // A1111 sends info as a JSON string inside the JSON object
        root.put("info", info.toString().replace(",\"", ", \"").replace("\":", "\": "));
        return root.toString();
    }
}
