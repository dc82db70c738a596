package org.biaslab.captioner.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.biaslab.captioner.CaptionRequest;
import org.biaslab.captioner.GeneratedCaption;
import org.biaslab.generate.Endpoint;
import org.biaslab.generate.GenerationException;
import org.biaslab.generate.HttpCall;
import org.biaslab.util.Json;

/** One attempt against Ollama's native API, {@code /api/chat} or {@code /api/generate} (see the package doc). */
public final class OllamaBackend implements PooledCaptioner.Backend {
    public static final String ID = "ollama";

    /** Which of Ollama's endpoints to use. */
    public enum Api {
        /** {@code POST /api/chat}: one user message with {@code images}; the model's chat template applies. */
        CHAT("/api/chat"),
        /** {@code POST /api/generate}: a prompt with {@code images}. */
        GENERATE("/api/generate");

        private final String path;

        Api(String path) {
            this.path = path;
        }

        public String path() {
            return path;
        }

        /** The spec name: {@code chat}, {@code generate}. */
        public String specName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final CaptionSettings settings;
    private final Api api;

    public OllamaBackend(CaptionSettings settings, Api api) {
        if (settings == null || api == null) {
            throw new IllegalArgumentException("settings and api must not be null");
        }
        this.settings = settings;
        this.api = api;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>(settings.describe());
        m.put("api", api.specName());
        return m;
    }

    /** The request body for {@link #api}; the image goes as plain base64 (Ollama takes no data URL). */
    ObjectNode body(CaptionRequest request) {
        ObjectNode body = Json.mapper().createObjectNode();
        body.put("model", settings.model());
        String image = CaptionReplies.base64(request.image());
        if (api == Api.CHAT) {
            ObjectNode message = body.putArray("messages").addObject();
            message.put("role", "user");
            message.put("content", settings.prompt());
            message.putArray("images").add(image);
        } else {
            body.put("prompt", settings.prompt());
            body.putArray("images").add(image);
        }
        body.put("stream", false);
        ObjectNode options = body.putObject("options");
        options.put("temperature", settings.temperature());
        options.put("num_predict", settings.maxTokens());
        if (settings.seed().isPresent()) {
            options.put("seed", settings.seed().getAsLong());
        }
        return body;
    }

    @Override
    public GeneratedCaption attempt(HttpCall call, Endpoint endpoint, CaptionRequest request)
            throws GenerationException {
        URI url = endpoint.resolve(api.path());
        String what = ID + " POST " + url + " for " + request.label();
        HttpRequest http = HttpRequest.newBuilder(url).timeout(call.timeout())
                .header("Content-Type", "application/json").header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body(request).toString(), StandardCharsets.UTF_8)).build();

        long start = System.nanoTime();
        // a non-2xx answer ({"error": "model \"x\" not found, try pulling it first"}) fails here with its text
        HttpResponse<byte[]> response = call.send(http, what, endpoint);
        Duration latency = Duration.ofNanos(System.nanoTime() - start);

        JsonNode root = call.json(response.body(), what, endpoint);
        if (!root.isObject()) {
            throw call.malformed(what, endpoint, "response is not a JSON object");
        }
        String error = CaptionReplies.text(root, "error");
        if (error != null) {
            throw call.malformed(what, endpoint, "the server reported an error: " + CaptionReplies.quote(error));
        }
        ObjectNode info = ((ObjectNode) root).deepCopy();
        String text;
        if (api == Api.CHAT) {
            JsonNode message = root.path("message");
            if (!message.isObject()) {
                throw call.malformed(what, endpoint, "response has no 'message' object");
            }
            text = caption(call, endpoint, what, message, "message.content");
            ((ObjectNode) info.get("message")).remove("content");
        } else {
            if (!root.has("response")) {
                throw call.malformed(what, endpoint, "response has no 'response' field");
            }
            text = caption(call, endpoint, what, root, "response");
            info.remove("response");
            // the token ids of the whole exchange: large and of no use once the caption is kept
            JsonNode context = info.remove("context");
            if (context != null && context.isArray()) {
                info.put("context_length", context.size());
            }
        }
        return CaptionReplies.caption(call, endpoint, what, text, root.path("model"), settings.model(),
                CaptionReplies.text(root, "done_reason"), latency, info);
    }

    /** The caption field ({@code content} of a message, or {@code response}); null when null. */
    private static String caption(HttpCall call, Endpoint endpoint, String what, JsonNode parent, String field)
            throws GenerationException {
        String key = field.substring(field.lastIndexOf('.') + 1);
        JsonNode v = parent.path(key);
        if (v.isMissingNode() || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw call.malformed(what, endpoint, "'" + field + "' is not a string (" + v.getNodeType() + ")");
        }
        return v.asText();
    }

    @Override
    public String toString() {
        return "OllamaBackend[model=" + settings.model() + ", api=" + api.specName() + "]";
    }
}
