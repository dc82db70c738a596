package org.biaslab.generate.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import org.biaslab.generate.BlankImageException;
import org.biaslab.generate.Endpoint;
import org.biaslab.generate.GeneratedImage;
import org.biaslab.generate.GenerationException;
import org.biaslab.generate.GenerationRequest;
import org.biaslab.generate.HttpCall;
import org.biaslab.generate.ImageInspection;
import org.biaslab.generate.PooledGenerator;
import org.biaslab.generate.Secret;
import org.biaslab.generate.ServerInfo;
import org.biaslab.util.Json;

/** One attempt against an OpenAI-compatible {@code /v1/images/generations} (see the package doc). */
public final class OpenAiImagesBackend implements PooledGenerator.Backend {
    public static final String ID = "openai-images";
    static final String PATH = "/v1/images/generations";
    static final Set<String> RESERVED = Set.of("model", "prompt", "n", "size", "response_format");

    private final String model;
    private final Secret apiKey;
    private final boolean sendResponseFormat;

    /**
     * @param model the model to ask for, e.g. {@code dall-e-3}
     * @param apiKey the API key
     * @param sendResponseFormat whether to send {@code response_format: b64_json} (models that always
     *     answer in base64 and reject the field, such as {@code gpt-image-1}, need false)
     */
    public OpenAiImagesBackend(String model, Secret apiKey, boolean sendResponseFormat) {
        if (model == null || model.isBlank()) {
            throw new IllegalArgumentException("model must not be blank, was " + model);
        }
        if (apiKey == null) {
            throw new IllegalArgumentException("apiKey must not be null");
        }
        this.model = model;
        this.apiKey = apiKey;
        this.sendResponseFormat = sendResponseFormat;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<Secret> secrets() {
        return List.of(apiKey);
    }

    @Override
    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("model", model);
        m.put("api_key_env", apiKey.variable());
        m.put("response_format", sendResponseFormat ? "b64_json" : "(not sent)");
        return m;
    }

    @Override
    public GeneratedImage attempt(HttpCall call, Endpoint endpoint, GenerationRequest request)
            throws GenerationException {
        String what = ID + " POST " + endpoint.resolve(PATH);
        String ep = endpoint.toString();
        if (!request.negativePrompt().isEmpty()) {
            throw new GenerationException(GenerationException.Kind.UNSUPPORTED, ep,
                    what + ": the images API has no negative prompt; remove it for this generator");
        }
        if (request.steps().isPresent() || request.guidance().isPresent() || request.sampler().isPresent()) {
            throw new GenerationException(GenerationException.Kind.UNSUPPORTED, ep,
                    what + ": the images API has no steps, guidance or sampler settings; remove them for this generator");
        }
        for (String k : request.extra().keySet()) {
            if (RESERVED.contains(k)) {
                throw new GenerationException(GenerationException.Kind.UNSUPPORTED, ep,
                        what + ": extra parameter '" + k + "' would override a field this backend sets");
            }
        }
        ObjectNode body = Json.mapper().createObjectNode();
        body.put("model", model);
        body.put("prompt", request.prompt());
        body.put("n", 1);
        body.put("size", request.width() + "x" + request.height());
        if (sendResponseFormat) {
            body.put("response_format", "b64_json");
        }
        body.setAll((ObjectNode) Json.mapper().valueToTree(request.extra()));
        HttpRequest http = HttpRequest.newBuilder(endpoint.resolve(PATH)).timeout(call.timeout())
                .header("Content-Type", "application/json").header("Accept", "application/json")
                .header("Authorization", "Bearer " + apiKey.reveal())
                .POST(HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8)).build();

        long start = System.nanoTime();
        HttpResponse<byte[]> response = call.send(http, what, endpoint);
        Duration latency = Duration.ofNanos(System.nanoTime() - start);

        JsonNode root = call.json(response.body(), what, endpoint);
        JsonNode data = root.path("data");
        if (!data.isArray() || data.isEmpty() || !data.get(0).isObject()) {
            throw call.malformed(what, endpoint, "response has no 'data' array of images");
        }
        JsonNode first = data.get(0);
        JsonNode b64 = first.path("b64_json");
        if (!b64.isTextual()) {
            if (first.path("url").isTextual()) {
                throw new GenerationException(GenerationException.Kind.UNSUPPORTED, ep,
                        what + ": the server answered with an image URL, not b64_json; biaslab does not fetch URLs");
            }
            throw call.malformed(what, endpoint, "data[0] has no 'b64_json' string");
        }
        byte[] bytes = call.base64(b64.asText(), what, endpoint);
        ImageInspection inspection;
        try {
            inspection = ImageInspection.of(bytes);
        } catch (IOException e) {
            throw call.malformed(what, endpoint, "image does not decode: " + e.getMessage());
        }
        if (inspection.width() != request.width() || inspection.height() != request.height()) {
            throw new GenerationException(GenerationException.Kind.MISMATCH, ep,
                    what + ": requested " + request.width() + "x" + request.height() + " but the image is "
                            + inspection.width() + "x" + inspection.height());
        }
        String reported = root.path("model").isTextual() && !root.path("model").asText().isBlank()
                ? root.path("model").asText() : model;

        ObjectNode kept = ((ObjectNode) root).deepCopy();
        kept.remove("data");
        ObjectNode item = first.deepCopy();
        item.remove("b64_json");
        kept.set("image", item);
        kept.put("images_returned", data.size());
        kept.put("seed_supported", false);
        kept.put("requested_seed_not_sent", request.seed());
        GeneratedImage image = new GeneratedImage(bytes, inspection.format(), inspection.width(),
                inspection.height(), OptionalLong.empty(), false, reported, ID, ep, latency, 1,
                call.scrub(ServerInfo.sanitize(kept).toString()));
        if (inspection.blank()) {
            throw new BlankImageException(image, inspection.meanRgb(), "the image is one flat colour (prompt "
                    + request.promptId() + ")");
        }
        return image;
    }

    @Override
    public String toString() {
        return "OpenAiImagesBackend[model=" + model + ", key=" + apiKey + "]";
    }
}
