package org.biaslab.captioner.server;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.biaslab.captioner.Captioner;
import org.biaslab.captioner.CaptionerConfig;
import org.biaslab.captioner.CaptionerType;
import org.biaslab.generate.Endpoint;
import org.biaslab.generate.GenerationException;
import org.biaslab.generate.NetworkSettings;
import org.biaslab.generate.RetryPolicy;
import org.biaslab.generate.Secret;
import org.biaslab.spec.SpecMap;

/**
 * Reads an {@code openai-chat} captioner section.
 *
 * <pre>
 * captioner:
 *   type: openai-chat
 *   model: Qwen/Qwen2-VL-7B-Instruct    # required
 *   prompt: Describe this image in one sentence.
 *   max_tokens: 60                      # 1..4096
 *   temperature: 0.0                    # 0..2
 *   seed: 1234                          # optional; sent as "seed" only when given
 *   api_key_env: OPENAI_API_KEY         # optional: the variable's NAME; no key, no Authorization header
 *   endpoints:                          # default: http://127.0.0.1:8000 (vLLM), concurrency 1
 *     - {url: http://gpu-1:8000, concurrency: 4}
 *   retry: {attempts: 5, timeout_s: 120}
 * </pre>
 */
public final class OpenAiChatType implements CaptionerType {
    public static final String DEFAULT_URL = "http://127.0.0.1:8000";
    private final Function<String, String> env;

    /** Reads credentials with {@code System::getenv}. */
    public OpenAiChatType() {
        this(System::getenv);
    }

    /** @param env environment lookup (tests pass a map) */
    public OpenAiChatType(Function<String, String> env) {
        if (env == null) {
            throw new IllegalArgumentException("env must not be null");
        }
        this.env = env;
    }

    /**
     * @param settings model, prompt, token limit, temperature, seed
     * @param apiKeyEnv name of the variable holding the API key, or null when the server needs none
     * @param endpoints servers
     * @param retry retry policy
     * @param env environment lookup
     */
    public record Config(CaptionSettings settings, String apiKeyEnv, List<Endpoint> endpoints, RetryPolicy retry,
            Function<String, String> env) implements CaptionerConfig {
        public Config {
            if (settings == null || retry == null || env == null) {
                throw new IllegalArgumentException("settings, retry and env are required");
            }
            if (apiKeyEnv != null && apiKeyEnv.isBlank()) {
                throw new IllegalArgumentException("apiKeyEnv must be null or a variable name");
            }
            endpoints = List.copyOf(endpoints);
            if (endpoints.isEmpty()) {
                throw new IllegalArgumentException("endpoints must not be empty");
            }
        }

        @Override
        public String type() {
            return OpenAiChatBackend.ID;
        }

        /**
         * {@code openai-chat/model=M/prompt=P/max_tokens=N/temperature=T[/seed=S]} (see
         * {@link CaptionSettings#idPath()}); the key, endpoints and retry settings do not change a caption.
         */
        @Override
        public String id() {
            return OpenAiChatBackend.ID + "/" + settings.idPath();
        }

        @Override
        public Captioner open() throws GenerationException {
            Secret key = apiKeyEnv == null ? null : Secret.fromEnvironment(apiKeyEnv, env);
            return new PooledCaptioner(new OpenAiChatBackend(settings, key), endpoints, retry);
        }

        @Override
        public Map<String, Object> describe() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("type", OpenAiChatBackend.ID);
            m.put("id", id());
            m.putAll(settings.describe());
            m.put("api_key_env", apiKeyEnv == null ? "(none)" : apiKeyEnv);
            m.putAll(NetworkSettings.describe(endpoints, retry));
            return m;
        }

        @Override
        public String toString() {
            return "openai-chat[" + settings.model() + " at " + endpoints
                    + (apiKeyEnv == null ? ", no key" : ", key from $" + apiKeyEnv) + "]";
        }
    }

    @Override
    public CaptionerConfig read(SpecMap m, long experimentSeed) {
        CaptionSettings settings = CaptionSettings.read(m);
        String keyEnv = NetworkSettings.envName(m, "api_key_env");
        boolean keyUnusable = keyEnv == null && m.has("api_key_env");
        if (keyEnv != null) {
            String v = env.apply(keyEnv);
            if (v == null || v.isBlank()) {
                m.problem("api_key_env", "environment variable " + keyEnv + " is not set (it should hold the API "
                        + "key; leave api_key_env out for servers that need none)");
                keyUnusable = true;
            }
        }
        List<Endpoint> endpoints = NetworkSettings.endpoints(m, DEFAULT_URL);
        RetryPolicy retry = NetworkSettings.retry(m, experimentSeed);
        if (settings == null || keyUnusable || endpoints.isEmpty()) {
            return null;
        }
        return new Config(settings, keyEnv, endpoints, retry, env);
    }
}
