package org.biaslab.generate.a1111;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
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

/** One attempt against an AUTOMATIC1111-compatible {@code /sdapi/v1/txt2img} (see the package doc). */
public final class A1111Backend implements PooledGenerator.Backend {
    public static final String ID = "a1111";
    static final String TXT2IMG = "/sdapi/v1/txt2img";
    static final String OPTIONS = "/sdapi/v1/options";
    /** Body fields set from the request; extras may not override them. */
    static final Set<String> RESERVED = Set.of("prompt", "negative_prompt", "seed", "width", "height", "batch_size",
            "n_iter", "steps", "cfg_scale", "sampler_name", "sampler_index", "send_images", "save_images");

    private final Secret basicAuth;
    private final Map<Endpoint, Optional<String>> checkpoints = new ConcurrentHashMap<>();

    /** @param basicAuth {@code user:password} for {@code --api-auth}, or null */
    public A1111Backend(Secret basicAuth) {
        this.basicAuth = basicAuth;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<Secret> secrets() {
        return basicAuth == null ? List.of() : List.of(basicAuth);
    }

    @Override
    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        if (basicAuth != null) {
            m.put("auth_env", basicAuth.variable());
        }
        return m;
    }

    @Override
    public GeneratedImage attempt(HttpCall call, Endpoint endpoint, GenerationRequest request)
            throws GenerationException {
        String what = ID + " POST " + endpoint.resolve(TXT2IMG);
        for (String k : request.extra().keySet()) {
            if (RESERVED.contains(k)) {
                throw new GenerationException(GenerationException.Kind.UNSUPPORTED, endpoint.toString(),
                        what + ": extra parameter '" + k + "' would override a request field; set it on the request");
            }
        }
        Optional<String> checkpoint = checkpoint(call, endpoint);

        ObjectNode body = Json.mapper().createObjectNode();
        body.put("prompt", request.prompt());
        body.put("negative_prompt", request.negativePrompt());
        body.put("seed", request.seed());
        body.put("width", request.width());
        body.put("height", request.height());
        body.put("batch_size", 1);
        body.put("n_iter", 1);
        request.steps().ifPresent(s -> body.put("steps", s));
        request.guidance().ifPresent(g -> body.put("cfg_scale", g));
        request.sampler().ifPresent(s -> body.put("sampler_name", s));
        body.put("send_images", true);
        body.put("save_images", false);
        body.setAll((ObjectNode) Json.mapper().valueToTree(request.extra()));

        long start = System.nanoTime();
        HttpResponse<byte[]> response = call.send(post(call, endpoint.resolve(TXT2IMG).toString(), body),
                what, endpoint);
        Duration latency = Duration.ofNanos(System.nanoTime() - start);

        JsonNode root = call.json(response.body(), what, endpoint);
        JsonNode images = root.path("images");
        if (!images.isArray() || images.isEmpty() || !images.get(0).isTextual()) {
            throw call.malformed(what, endpoint, "response has no 'images' array of base64 strings");
        }
        byte[] bytes = call.base64(images.get(0).asText(), what, endpoint);
        JsonNode info = info(call, root.path("info"), what, endpoint);

        JsonNode seedNode = info.path("seed");
        if (!seedNode.canConvertToLong()) {
            throw new GenerationException(GenerationException.Kind.MISMATCH, endpoint.toString(),
                    what + ": the response info reports no seed, so the requested seed " + request.seed()
                            + " cannot be confirmed");
        }
        long seedUsed = seedNode.asLong();
        if (seedUsed != request.seed()) {
            throw new GenerationException(GenerationException.Kind.MISMATCH, endpoint.toString(),
                    what + ": requested seed " + request.seed() + " but the server used " + seedUsed);
        }

        ImageInspection inspection;
        try {
            inspection = ImageInspection.of(bytes);
        } catch (IOException e) {
            throw call.malformed(what, endpoint, "image does not decode: " + e.getMessage());
        }
        if (inspection.width() != request.width() || inspection.height() != request.height()) {
            throw new GenerationException(GenerationException.Kind.MISMATCH, endpoint.toString(),
                    what + ": requested " + request.width() + "x" + request.height() + " but the image is "
                            + inspection.width() + "x" + inspection.height());
        }
        String model = model(info, checkpoint);
        if (model == null) {
            throw new GenerationException(GenerationException.Kind.MISMATCH, endpoint.toString(),
                    what + ": neither the info (sd_model_name) nor /sdapi/v1/options (sd_model_checkpoint) "
                            + "names the model");
        }

        ObjectNode kept = Json.mapper().createObjectNode();
        kept.set("info", ServerInfo.sanitize(info));
        checkpoint.ifPresent(c -> kept.put("options_sd_model_checkpoint", c));
        kept.put("images_returned", images.size());
        GeneratedImage image = new GeneratedImage(bytes, inspection.format(), inspection.width(),
                inspection.height(), OptionalLong.of(seedUsed), true, model, ID, endpoint.toString(), latency, 1,
                kept.toString());
        if (inspection.blank()) {
            throw new BlankImageException(image, inspection.meanRgb(),
                    "A1111 returns a flat black image when its NSFW filter fires (prompt " + request.promptId()
                            + ", seed " + request.seed() + ")");
        }
        return image;
    }

    private static String model(JsonNode info, Optional<String> checkpoint) {
        JsonNode name = info.path("sd_model_name");
        if (name.isTextual() && !name.asText().isBlank()) {
            JsonNode hash = info.path("sd_model_hash");
            return name.asText() + (hash.isTextual() && !hash.asText().isBlank() ? " [" + hash.asText() + "]" : "");
        }
        return checkpoint.orElse(null);
    }

    /** The info field: A1111 sends a JSON string; an object is accepted too. */
    private static JsonNode info(HttpCall call, JsonNode info, String what, Endpoint endpoint)
            throws GenerationException {
        if (info.isObject()) {
            return info;
        }
        if (!info.isTextual()) {
            throw call.malformed(what, endpoint, "response has no 'info' string");
        }
        JsonNode parsed = call.json(info.asText().getBytes(StandardCharsets.UTF_8), what + " (info)", endpoint);
        if (!parsed.isObject()) {
            throw call.malformed(what, endpoint, "'info' is not a JSON object");
        }
        return parsed;
    }

    /** sd_model_checkpoint from the options, fetched once per endpoint (absent when the server has none). */
    private Optional<String> checkpoint(HttpCall call, Endpoint endpoint) throws GenerationException {
        Optional<String> known = checkpoints.get(endpoint);
        if (known != null) {
            return known;
        }
        String what = ID + " GET " + endpoint.resolve(OPTIONS);
        HttpRequest.Builder b = HttpRequest.newBuilder(endpoint.resolve(OPTIONS)).timeout(call.timeout()).GET()
                .header("Accept", "application/json");
        auth(b);
        JsonNode options = call.json(call.send(b.build(), what, endpoint).body(), what, endpoint);
        if (!options.isObject()) {
            throw call.malformed(what, endpoint, "options are not a JSON object");
        }
        JsonNode c = options.path("sd_model_checkpoint");
        Optional<String> value = c.isTextual() && !c.asText().isBlank() ? Optional.of(c.asText()) : Optional.empty();
        checkpoints.put(endpoint, value);
        return value;
    }

    private HttpRequest post(HttpCall call, String url, ObjectNode body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(java.net.URI.create(url)).timeout(call.timeout())
                .header("Content-Type", "application/json").header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString(),
                        StandardCharsets.UTF_8));
        auth(b);
        return b.build();
    }

    private void auth(HttpRequest.Builder b) {
        if (basicAuth != null) {
            b.header("Authorization", "Basic " + Base64.getEncoder()
                    .encodeToString(basicAuth.reveal().getBytes(StandardCharsets.UTF_8)));
        }
    }

    @Override
    public String toString() {
        return "A1111Backend[auth=" + (basicAuth == null ? "none" : basicAuth) + "]";
    }
}
