package org.biaslab.generate.openai;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.biaslab.generate.Endpoint;
import org.biaslab.generate.GenerationException;
import org.biaslab.generate.GeneratorConfig;
import org.biaslab.generate.GeneratorType;
import org.biaslab.generate.ImageGenerator;
import org.biaslab.generate.NetworkSettings;
import org.biaslab.generate.PooledGenerator;
import org.biaslab.generate.RetryPolicy;
import org.biaslab.generate.Secret;
import org.biaslab.spec.SpecMap;

/**
 * Reads an {@code openai-images} generator section.
 *
 * <pre>
 * generator:
 *   type: openai-images
 *   model: dall-e-3
 *   api_key_env: OPENAI_API_KEY     # the variable's NAME; the key itself never goes in a file
 *   response_format: true           # send response_format b64_json (false for gpt-image-1)
 *   endpoints:                      # default: https://api.openai.com, concurrency 1
 *     - {url: https://api.openai.com, concurrency: 2}
 *   retry: {attempts: 5}
 * </pre>
 */
public final class OpenAiImagesType implements GeneratorType {
    public static final String DEFAULT_URL = "https://api.openai.com";
    private final Function<String, String> env;

    public OpenAiImagesType() {
        this(System::getenv);
    }

    /** @param env environment lookup (tests pass a map) */
    public OpenAiImagesType(Function<String, String> env) {
        this.env = env;
    }

    /**
     * @param model model name sent in each request
     * @param apiKeyEnv name of the variable holding the API key
     * @param sendResponseFormat whether {@code response_format: b64_json} is sent
     * @param endpoints servers
     * @param retry retry policy
     * @param env environment lookup
     */
    public record Config(String model, String apiKeyEnv, boolean sendResponseFormat, List<Endpoint> endpoints,
            RetryPolicy retry, Function<String, String> env) implements GeneratorConfig {
        public Config {
            if (model == null || model.isBlank()) {
                throw new IllegalArgumentException("model must not be blank, was " + model);
            }
            if (apiKeyEnv == null || apiKeyEnv.isBlank()) {
                throw new IllegalArgumentException("apiKeyEnv must not be blank");
            }
            endpoints = List.copyOf(endpoints);
            if (endpoints.isEmpty() || retry == null || env == null) {
                throw new IllegalArgumentException("endpoints, retry and env are required");
            }
        }

        @Override
        public String type() {
            return OpenAiImagesBackend.ID;
        }

        @Override
        public ImageGenerator open() throws GenerationException {
            Secret key = Secret.fromEnvironment(apiKeyEnv, env);
            return new PooledGenerator(new OpenAiImagesBackend(model, key, sendResponseFormat), endpoints, retry);
        }

        @Override
        public Map<String, Object> describe() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", OpenAiImagesBackend.ID);
            m.putAll(NetworkSettings.describe(endpoints, retry));
            m.put("model", model);
            m.put("api_key_env", apiKeyEnv);
            m.put("response_format", sendResponseFormat ? "b64_json" : "(not sent)");
            return m;
        }

        @Override
        public String toString() {
            return "openai-images[" + model + " at " + endpoints + ", key from $" + apiKeyEnv + "]";
        }
    }

    @Override
    public GeneratorConfig read(SpecMap m, long experimentSeed) {
        String model = m.string("model");
        String keyEnv = NetworkSettings.envName(m, "api_key_env");
        if (keyEnv == null && !m.has("api_key_env")) {
            m.problem("missing required field 'api_key_env' (the NAME of the variable holding the API key)");
        }
        boolean responseFormat = m.bool("response_format", true);
        List<Endpoint> endpoints = NetworkSettings.endpoints(m, DEFAULT_URL);
        RetryPolicy retry = NetworkSettings.retry(m, experimentSeed);
        if (keyEnv != null) {
            String v = env.apply(keyEnv);
            if (v == null || v.isBlank()) {
                m.problem("api_key_env", "environment variable " + keyEnv + " is not set");
            }
        }
        if (model == null || keyEnv == null || endpoints.isEmpty()) {
            return null;
        }
        return new Config(model, keyEnv, responseFormat, endpoints, retry, env);
    }
}
