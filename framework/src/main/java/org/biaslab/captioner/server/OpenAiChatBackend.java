package org.biaslab.captioner.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.biaslab.captioner.CaptionRequest;
import org.biaslab.captioner.GeneratedCaption;
import org.biaslab.generate.Endpoint;
import org.biaslab.generate.GenerationException;
import org.biaslab.generate.HttpCall;
import org.biaslab.generate.Secret;
import org.biaslab.util.Json;

/** One attempt against an OpenAI-compatible {@code /v1/chat/completions} (see the package doc). */
public final class OpenAiChatBackend implements PooledCaptioner.Backend {
    public static final String ID = "openai-chat";
    static final String PATH = "/v1/chat/completions";

    private final CaptionSettings settings;
    private final Secret apiKey;

    /**
     * @param settings model, prompt, token limit, temperature, seed
     * @param apiKey the API key sent as {@code Authorization: Bearer}, or null for servers that want
     *     none (vLLM, llama.cpp, LM Studio, Ollama's {@code /v1})
     */
    public OpenAiChatBackend(CaptionSettings settings, Secret apiKey) {
        if (settings == null) {
            throw new IllegalArgumentException("settings must not be null");
        }
        this.settings = settings;
        this.apiKey = apiKey;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<Secret> secrets() {
        return apiKey == null ? List.of() : List.of(apiKey);
    }

    @Override
    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>(settings.describe());
        m.put("api_key_env", apiKey == null ? "(none)" : apiKey.variable());
        return m;
    }

    /** The request body: one user message with a text part and an image part (a base64 data URL). */
    ObjectNode body(CaptionRequest request) {
        ObjectNode body = Json.mapper().createObjectNode();
        body.put("model", settings.model());
        ObjectNode message = body.putArray("messages").addObject();
        message.put("role", "user");
        ArrayNode content = message.putArray("content");
        ObjectNode text = content.addObject();
        text.put("type", "text");
        text.put("text", settings.prompt());
        ObjectNode image = content.addObject();
        image.put("type", "image_url");
        image.putObject("image_url").put("url", "data:" + request.format().mediaType() + ";base64,"
                + CaptionReplies.base64(request.image()));
        body.put("max_tokens", settings.maxTokens());
        body.put("temperature", settings.temperature());
        if (settings.seed().isPresent()) {
            body.put("seed", settings.seed().getAsLong());
        }
        return body;
    }

    @Override
    public GeneratedCaption attempt(HttpCall call, Endpoint endpoint, CaptionRequest request)
            throws GenerationException {
        URI url = endpoint.resolve(PATH);
        String what = ID + " POST " + url + " for " + request.label();
        HttpRequest.Builder http = HttpRequest.newBuilder(url).timeout(call.timeout())
                .header("Content-Type", "application/json").header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body(request).toString(), StandardCharsets.UTF_8));
        if (apiKey != null) {
            http.header("Authorization", "Bearer " + apiKey.reveal());
        }

        long start = System.nanoTime();
        HttpResponse<byte[]> response = call.send(http.build(), what, endpoint);
        Duration latency = Duration.ofNanos(System.nanoTime() - start);

        JsonNode root = call.json(response.body(), what, endpoint);
        if (!root.isObject()) {
            throw call.malformed(what, endpoint, "response is not a JSON object");
        }
        JsonNode choices = root.path("choices");
        if (!choices.isArray() || choices.isEmpty() || !choices.get(0).isObject()) {
            throw call.malformed(what, endpoint, "response has no 'choices' array");
        }
        JsonNode first = choices.get(0);
        JsonNode message = first.path("message");
        if (!message.isObject()) {
            throw call.malformed(what, endpoint, "choices[0] has no 'message' object");
        }
        String finish = CaptionReplies.text(first, "finish_reason");
        String text = content(call, endpoint, what, message.path("content"));
        String refusal = CaptionReplies.text(message, "refusal");
        if ((text == null || text.isBlank()) && refusal != null && !refusal.isBlank()) {
            throw CaptionReplies.refused(call, endpoint, what, refusal);
        }

        ObjectNode info = ((ObjectNode) root).deepCopy();
        for (JsonNode choice : info.path("choices")) {
            if (choice.path("message") instanceof ObjectNode m) {
                m.remove("content");
            }
        }
        info.put("choices_returned", choices.size());
        return CaptionReplies.caption(call, endpoint, what, text, root.path("model"), settings.model(), finish,
                latency, info);
    }

    /**
     * {@code message.content}: a string, or an array of parts whose {@code text} parts are joined;
     * null when it is null or absent.
     */
    private static String content(HttpCall call, Endpoint endpoint, String what, JsonNode content)
            throws GenerationException {
        if (content.isMissingNode() || content.isNull()) {
            return null;
        }
        if (content.isTextual()) {
            return content.asText();
        }
        if (content.isArray()) {
            StringBuilder sb = new StringBuilder();
            for (JsonNode part : content) {
                if (part.isObject() && "text".equals(part.path("type").asText()) && part.path("text").isTextual()) {
                    sb.append(part.get("text").asText());
                }
            }
            return sb.toString();
        }
        throw call.malformed(what, endpoint, "choices[0].message.content is neither a string nor an array of "
                + "content parts (" + content.getNodeType() + ")");
    }

    @Override
    public String toString() {
        return "OpenAiChatBackend[model=" + settings.model() + ", key=" + (apiKey == null ? "none" : apiKey) + "]";
    }
}
