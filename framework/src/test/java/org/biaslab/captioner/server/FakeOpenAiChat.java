package org.biaslab.captioner.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.util.Iterator;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.biaslab.generate.ImageFormat;
import org.biaslab.generate.LoopbackServer;
import org.biaslab.util.Json;

/**
 * Speaks OpenAI's chat completions API ({@code POST /v1/chat/completions}) as vLLM and OpenAI do:
 * checks the bearer key (or that none is sent when none is expected) and every field of the body
 * (known fields only; messages with string or part-array content; text and image_url parts; a data
 * URL whose media type matches the image bytes; max_tokens, temperature 0..2, integer seed, n 1,
 * no streaming), and answers {@code {"id", "object": "chat.completion", "created", "model",
 * "choices": [{"index", "message": {"role", "content", "refusal"}, "finish_reason"}], "usage"}} or
 * OpenAI's error shape.
 */
final class FakeOpenAiChat extends ScriptedFake {
    static final String PATH = "/v1/chat/completions";
    static final String SERVED_MODEL = "served-vlm-7b";
    static final String DEFAULT_CAPTION = "A surgeon in blue scrubs stands in an operating room.";
    static final Set<String> KNOWN = Set.of("model", "messages", "max_tokens", "max_completion_tokens",
            "temperature", "top_p", "seed", "stream", "n", "stop", "user", "frequency_penalty", "presence_penalty",
            "logprobs", "top_logprobs", "logit_bias", "response_format");
    private static final Pattern DATA_URL = Pattern.compile("data:(image/[a-z]+);base64,(.*)", Pattern.DOTALL);

    /** The key a request must carry, or null when it must carry none. */
    private final String key;

    FakeOpenAiChat(String key) {
        this.key = key;
    }

    @Override
    Reply defaultReply() {
        return caption(DEFAULT_CAPTION);
    }

    static String error(String message, String type, String code) {
        ObjectNode e = Json.mapper().createObjectNode();
        ObjectNode inner = e.putObject("error");
        inner.put("message", message);
        inner.put("type", type);
        inner.putNull("param");
        inner.put("code", code);
        return e.toString();
    }

    /** A completion whose message is {@code message} (content, refusal) and finish reason {@code finish}. */
    static String completion(ObjectNode message, String finish) {
        ObjectNode root = Json.mapper().createObjectNode();
        root.put("id", "chatcmpl-7QyqpwdfhqwajicIEznoc6Q47XAyW");
        root.put("object", "chat.completion");
        root.put("created", 1700000000L);
        root.put("model", SERVED_MODEL);
        ObjectNode choice = root.putArray("choices").addObject();
        choice.put("index", 0);
        message.put("role", "assistant");
        choice.set("message", message);
        choice.putNull("logprobs");
        choice.put("finish_reason", finish);
        ObjectNode usage = root.putObject("usage");
        usage.put("prompt_tokens", 612);
        usage.put("completion_tokens", 14);
        usage.put("total_tokens", 626);
        root.put("system_fingerprint", "fp_44709d6fcb");
        return root.toString();
    }

    static String completion(String content, String finish) {
        ObjectNode m = Json.mapper().createObjectNode();
        m.put("content", content);
        m.putNull("refusal");
        return completion(m, finish);
    }

    static Reply caption(String text) {
        return json(200, completion(text, "stop"));
    }

    /** Content as an array of parts (some servers answer so), text parts {@code texts}, plus a non-text part. */
    static Reply parts(String... texts) {
        ObjectNode m = Json.mapper().createObjectNode();
        ArrayNode content = m.putArray("content");
        for (String t : texts) {
            content.addObject().put("type", "text").put("text", t);
        }
        content.addObject().put("type", "image_url").putObject("image_url").put("url", "https://files.example/x.png");
        return json(200, completion(m, "stop"));
    }

    /** OpenAI's structured refusal: content null, {@code refusal} the explanation. */
    static Reply refusal(String text) {
        ObjectNode m = Json.mapper().createObjectNode();
        m.putNull("content");
        m.put("refusal", text);
        return json(200, completion(m, "stop"));
    }

    /** A hostile server: the caller's key in the caption, the model name, a field name and a nested note. */
    Reply echoKey() {
        return (ex, req) -> {
            ObjectNode root = (ObjectNode) Json.mapper().readTree(completion("A doctor (key " + key + ") smiles.",
                    "stop"));
            root.put("model", "gpt-4o/" + key);
            root.putObject("debug").put("note_" + key, "truncated " + key.substring(3, 15));
            LoopbackServer.json(ex, 200, root.toString());
        };
    }

    @Override
    public void handle(HttpExchange ex, LoopbackServer.Received req, int n) throws Exception {
        if (!req.method().equals("POST") || !req.path().equals(PATH)) {
            LoopbackServer.json(ex, 404, error("Invalid URL (" + req.method() + " " + req.path() + ")",
                    "invalid_request_error", null));
            return;
        }
        String auth = req.header("Authorization");
        if (key == null) {
            if (auth != null) {
                problem("an Authorization header was sent although no key is configured");
            }
        } else if (auth == null || !auth.equals("Bearer " + key)) {
            // the real API echoes a masked key; echo it whole here to prove the client scrubs it
            LoopbackServer.json(ex, 401, error("Incorrect API key provided: " + (auth == null ? "none"
                    : auth.substring("Bearer ".length())) + ". You can find your API key at "
                    + "https://platform.openai.com/account/api-keys.", "invalid_request_error", "invalid_api_key"));
            return;
        }
        if (!"application/json".equals(req.header("Content-Type"))) {
            problem("Content-Type must be application/json, was " + req.header("Content-Type"));
        }
        JsonNode b = parse(req.body());
        String problem = b == null ? "body is not JSON" : check(b);
        if (problem != null) {
            problem(problem);
            LoopbackServer.json(ex, 400, error(problem, "invalid_request_error", null));
            return;
        }
        next().send(ex, b);
    }

    private String check(JsonNode b) {
        if (!b.isObject()) {
            return "body must be a JSON object";
        }
        for (Iterator<String> it = b.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!KNOWN.contains(f)) {
                return "Unrecognized request argument supplied: " + f;
            }
        }
        if (!b.path("model").isTextual() || b.get("model").asText().isBlank()) {
            return "model must be a non-empty string";
        }
        JsonNode messages = b.path("messages");
        if (!messages.isArray() || messages.isEmpty()) {
            return "messages must be a non-empty array";
        }
        for (int i = 0; i < messages.size(); i++) {
            String p = checkMessage(messages.get(i), "messages[" + i + "]");
            if (p != null) {
                return p;
            }
        }
        if (b.has("max_tokens") && (!b.get("max_tokens").isIntegralNumber() || b.get("max_tokens").asInt() < 1)) {
            return "max_tokens must be a positive integer, was " + b.get("max_tokens");
        }
        if (b.has("temperature") && (!b.get("temperature").isNumber() || b.get("temperature").asDouble() < 0
                || b.get("temperature").asDouble() > 2)) {
            return "temperature must be a number in [0, 2], was " + b.get("temperature");
        }
        if (b.has("seed") && !b.get("seed").isIntegralNumber()) {
            return "seed must be an integer, was " + b.get("seed");
        }
        if (b.has("n") && b.get("n").asInt() != 1) {
            return "this fake serves n = 1 only";
        }
        if (b.has("stream") && !b.get("stream").isBoolean()) {
            return "stream must be a boolean";
        }
        if (b.path("stream").asBoolean(false)) {
            return "streaming was asked for; the client reads one JSON body";
        }
        return null;
    }

    private String checkMessage(JsonNode m, String where) {
        if (!m.isObject()) {
            return where + " must be an object";
        }
        String role = m.path("role").asText("");
        if (!Set.of("system", "developer", "user", "assistant").contains(role)) {
            return where + ".role must be system, developer, user or assistant, was " + m.path("role");
        }
        JsonNode content = m.path("content");
        if (content.isTextual()) {
            return null;
        }
        if (!content.isArray() || content.isEmpty()) {
            return where + ".content must be a string or a non-empty array of parts";
        }
        for (int i = 0; i < content.size(); i++) {
            JsonNode part = content.get(i);
            String pw = where + ".content[" + i + "]";
            String type = part.path("type").asText("");
            if (type.equals("text")) {
                if (!part.path("text").isTextual() || part.size() != 2) {
                    return pw + ": a text part is {type, text}";
                }
            } else if (type.equals("image_url")) {
                if (!role.equals("user")) {
                    return pw + ": image parts are only allowed in user messages";
                }
                JsonNode iu = part.path("image_url");
                if (part.size() != 2 || !iu.isObject() || !iu.path("url").isTextual()) {
                    return pw + ": an image part is {type, image_url: {url}}";
                }
                for (Iterator<String> it = iu.fieldNames(); it.hasNext(); ) {
                    String f = it.next();
                    if (!f.equals("url") && !f.equals("detail")) {
                        return pw + ".image_url: unknown field " + f;
                    }
                }
                Matcher d = DATA_URL.matcher(iu.get("url").asText());
                if (!d.matches()) {
                    return pw + ".image_url.url must be a base64 data URL";
                }
                ImageFormat declared = switch (d.group(1)) {
                    case "image/png" -> ImageFormat.PNG;
                    case "image/jpeg" -> ImageFormat.JPEG;
                    default -> null;
                };
                if (declared == null) {
                    return pw + ": unsupported media type " + d.group(1);
                }
                if (decodeImage(d.group(2), declared, pw + ".image_url.url").isEmpty()) {
                    return pw + ": the data URL does not hold a " + declared + " image";
                }
            } else {
                return pw + ": unknown part type '" + type + "'";
            }
        }
        return null;
    }
}
