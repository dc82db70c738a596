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
import org.biaslab.spec.SpecMap;

/**
 * Reads an {@code ollama} captioner section.
 *
 * <pre>
 * captioner:
 *   type: ollama
 *   model: llava:13b                    # required
 *   api: chat                           # chat (POST /api/chat, default) or generate (POST /api/generate)
 *   prompt: Describe this image in one sentence.
 *   max_tokens: 60                      # sent as options.num_predict
 *   temperature: 0.0                    # options.temperature
 *   seed: 1234                          # optional; options.seed only when given
 *   endpoints:                          # default: http://127.0.0.1:11434, concurrency 1
 *     - {url: http://gpu-1:11434, concurrency: 2}
 *   retry: {attempts: 5, timeout_s: 300}
 * </pre>
 *
 * Ollama takes no credentials, so there is no key field.
 */
public final class OllamaType implements CaptionerType {
    public static final String DEFAULT_URL = "http://127.0.0.1:11434";
    private static final List<String> APIS = List.of("chat", "generate");

    /** An Ollama captioner type. */
    public OllamaType() {
        this(System::getenv);
    }

    /**
     * Built like the other server captioner types; {@code env} is not read, because Ollama takes no
     * credentials.
     *
     * @param env environment lookup (unused)
     */
    public OllamaType(Function<String, String> env) {
        if (env == null) {
            throw new IllegalArgumentException("env must not be null");
        }
    }

    /**
     * @param settings model, prompt, token limit, temperature, seed
     * @param api which endpoint each request goes to
     * @param endpoints servers
     * @param retry retry policy
     */
    public record Config(CaptionSettings settings, OllamaBackend.Api api, List<Endpoint> endpoints, RetryPolicy retry)
            implements CaptionerConfig {
        public Config {
            if (settings == null || api == null || retry == null) {
                throw new IllegalArgumentException("settings, api and retry are required");
            }
            endpoints = List.copyOf(endpoints);
            if (endpoints.isEmpty()) {
                throw new IllegalArgumentException("endpoints must not be empty");
            }
        }

        @Override
        public String type() {
            return OllamaBackend.ID;
        }

        /**
         * {@code ollama/api=A/model=M/prompt=P/max_tokens=N/temperature=T[/seed=S]}: chat applies the
         * model's chat template and generate its prompt template, so the API is part of the identity.
         */
        @Override
        public String id() {
            return OllamaBackend.ID + "/api=" + api.specName() + "/" + settings.idPath();
        }

        @Override
        public Captioner open() {
            return new PooledCaptioner(new OllamaBackend(settings, api), endpoints, retry);
        }

        @Override
        public Map<String, Object> describe() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("type", OllamaBackend.ID);
            m.put("id", id());
            m.put("api", api.specName());
            m.putAll(settings.describe());
            m.putAll(NetworkSettings.describe(endpoints, retry));
            return m;
        }

        @Override
        public String toString() {
            return "ollama[" + settings.model() + " via /api/" + api.specName() + " at " + endpoints + "]";
        }
    }

    @Override
    public CaptionerConfig read(SpecMap m, long experimentSeed) {
        CaptionSettings settings = CaptionSettings.read(m);
        String api = m.choice("api", APIS, "chat");
        List<Endpoint> endpoints = NetworkSettings.endpoints(m, DEFAULT_URL);
        RetryPolicy retry = NetworkSettings.retry(m, experimentSeed);
        if (settings == null || endpoints.isEmpty()) {
            return null;
        }
        return new Config(settings, api.equals("generate") ? OllamaBackend.Api.GENERATE : OllamaBackend.Api.CHAT,
                endpoints, retry);
    }
}
