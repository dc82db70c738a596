package org.biaslab.captioner.server;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;
import org.biaslab.spec.SpecMap;
import org.biaslab.util.Hashing;

/**
 * What a server captioner asks for, the same for every API: everything here changes the caption, so
 * all of it goes into the captioner's id.
 *
 * <pre>
 * model: llava:13b                  # required
 * prompt: Describe this image in one sentence.
 * max_tokens: 60                    # 1..4096 (Ollama: options.num_predict)
 * temperature: 0.0                  # 0..2
 * seed: 1234                        # optional, 0..2147483647; sent only when given
 * </pre>
 *
 * @param model the model name sent with each request
 * @param prompt the instruction sent with each image
 * @param maxTokens the most tokens the caption may have, 1..4096
 * @param temperature sampling temperature, 0..2
 * @param seed the sampling seed sent with each request, if one is configured
 */
public record CaptionSettings(String model, String prompt, int maxTokens, double temperature, OptionalLong seed) {
    public static final String DEFAULT_PROMPT = "Describe this image in one sentence.";
    public static final int DEFAULT_MAX_TOKENS = 60;
    public static final int MAX_TOKENS_LIMIT = 4096;
    public static final double MAX_TEMPERATURE = 2.0;
    /** The largest seed accepted: every server (OpenAI, vLLM, llama.cpp, Ollama) takes a 32-bit signed integer. */
    public static final long MAX_SEED = Integer.MAX_VALUE;

    public CaptionSettings {
        if (model == null || model.isBlank()) {
            throw new IllegalArgumentException("model must not be blank, was " + model);
        }
        if (prompt == null || prompt.isBlank()) {
            throw new IllegalArgumentException("prompt must not be blank");
        }
        if (maxTokens < 1 || maxTokens > MAX_TOKENS_LIMIT) {
            throw new IllegalArgumentException("maxTokens must be in 1.." + MAX_TOKENS_LIMIT + ", was " + maxTokens);
        }
        if (!(temperature >= 0 && temperature <= MAX_TEMPERATURE)) {
            throw new IllegalArgumentException("temperature must be in [0, " + MAX_TEMPERATURE + "], was "
                    + temperature);
        }
        if (seed == null) {
            throw new IllegalArgumentException("seed must not be null (OptionalLong.empty() for none)");
        }
        if (seed.isPresent() && (seed.getAsLong() < 0 || seed.getAsLong() > MAX_SEED)) {
            throw new IllegalArgumentException("seed must be in 0.." + MAX_SEED + ", was " + seed.getAsLong());
        }
    }

    /** The settings with the default prompt, token limit and temperature, and no seed. */
    public static CaptionSettings of(String model) {
        return new CaptionSettings(model, DEFAULT_PROMPT, DEFAULT_MAX_TOKENS, 0.0, OptionalLong.empty());
    }

    /**
     * Reads {@code model}, {@code prompt}, {@code max_tokens}, {@code temperature} and {@code seed};
     * every problem goes to the document.
     *
     * @return the settings, or null when the model is missing or the prompt is blank
     */
    public static CaptionSettings read(SpecMap m) {
        String model = m.string("model");
        String prompt = m.string("prompt", DEFAULT_PROMPT);
        if (prompt != null && prompt.isBlank()) {
            m.problem("prompt", "must not be empty");
            prompt = null;
        }
        int maxTokens = m.integer("max_tokens", DEFAULT_MAX_TOKENS, 1, MAX_TOKENS_LIMIT);
        double temperature = m.number("temperature", 0.0, 0.0, MAX_TEMPERATURE);
        long s = m.integer("seed", -1L, 0L, MAX_SEED); // -1: absent or reported as a problem
        OptionalLong seed = s < 0 ? OptionalLong.empty() : OptionalLong.of(s);
        if (model == null || prompt == null) {
            return null;
        }
        return new CaptionSettings(model, prompt, maxTokens, temperature, seed);
    }

    /**
     * The settings part of a captioner id: {@code model=M/prompt=P/max_tokens=N/temperature=T}
     * ({@code /seed=S} when a seed is set), where {@code P} is the first 8 hex digits of the prompt's
     * SHA-256 and {@code T} is written without trailing zeros ({@code 0}, {@code 0.7}).
     */
    public String idPath() {
        return "model=" + model + "/prompt=" + promptHash() + "/max_tokens=" + maxTokens + "/temperature="
                + temperatureText() + (seed.isPresent() ? "/seed=" + seed.getAsLong() : "");
    }

    /** The first 8 hex digits of the prompt's SHA-256 (UTF-8). */
    public String promptHash() {
        return Hashing.sha256(prompt).substring(0, 8);
    }

    /** The temperature without trailing zeros: {@code 0}, {@code 0.7}, {@code 1.25}. */
    public String temperatureText() {
        return BigDecimal.valueOf(temperature).stripTrailingZeros().toPlainString();
    }

    /** The settings as a provenance map (seed "(not sent)" when none is set). */
    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("model", model);
        m.put("prompt", prompt);
        m.put("prompt_sha256", Hashing.sha256(prompt));
        m.put("max_tokens", maxTokens);
        m.put("temperature", temperature);
        m.put("seed", seed.isPresent() ? (Object) seed.getAsLong() : "(not sent)");
        return m;
    }
}
