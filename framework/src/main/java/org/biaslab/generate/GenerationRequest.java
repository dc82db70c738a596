package org.biaslab.generate;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.TreeMap;

/**
 * One image to generate.
 *
 * @param promptId stable id of the prompt in the experiment (e.g. {@code nurse/t03}); with
 *     {@code sampleIndex} it names the image
 * @param prompt the text prompt
 * @param negativePrompt the negative prompt; empty for none
 * @param seed the seed to ask for, {@code >= 0} (AUTOMATIC1111 and ComfyUI read -1 as "random");
 *     use {@link Seeds#perImage} to derive it from the experiment seed
 * @param sampleIndex index of this sample among the images of one prompt, {@code >= 0}
 * @param width requested width in pixels, 1..16384
 * @param height requested height in pixels, 1..16384
 * @param steps sampling steps; empty for the backend's default
 * @param guidance classifier-free guidance scale (A1111 {@code cfg_scale}); empty for the default
 * @param sampler sampler name as the backend spells it (e.g. {@code DPM++ 2M}); empty for the default
 * @param extra further backend parameters, passed through as JSON (strings, numbers, booleans, lists
 *     and maps with string keys); a backend refuses keys that collide with the fields above
 */
public record GenerationRequest(String promptId, String prompt, String negativePrompt, long seed, int sampleIndex,
        int width, int height, OptionalInt steps, OptionalDouble guidance, Optional<String> sampler,
        Map<String, Object> extra) {

    public static final int MAX_SIDE = 16384;

    public GenerationRequest {
        if (promptId == null || promptId.isBlank()) {
            throw new IllegalArgumentException("promptId must not be blank, was " + quote(promptId));
        }
        if (promptId.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("promptId must not contain control characters, was " + quote(promptId));
        }
        if (prompt == null || prompt.isBlank()) {
            throw new IllegalArgumentException("prompt must not be blank, was " + quote(prompt));
        }
        Objects.requireNonNull(negativePrompt, "negativePrompt (use \"\" for none)");
        if (seed < 0) {
            throw new IllegalArgumentException("seed must be >= 0 (negative means 'random' to A1111), was " + seed);
        }
        if (sampleIndex < 0) {
            throw new IllegalArgumentException("sampleIndex must be >= 0, was " + sampleIndex);
        }
        if (width < 1 || width > MAX_SIDE) {
            throw new IllegalArgumentException("width must be in 1.." + MAX_SIDE + ", was " + width);
        }
        if (height < 1 || height > MAX_SIDE) {
            throw new IllegalArgumentException("height must be in 1.." + MAX_SIDE + ", was " + height);
        }
        Objects.requireNonNull(steps, "steps (use OptionalInt.empty() for the default)");
        if (steps.isPresent() && (steps.getAsInt() < 1 || steps.getAsInt() > 10_000)) {
            throw new IllegalArgumentException("steps must be in 1..10000, was " + steps.getAsInt());
        }
        Objects.requireNonNull(guidance, "guidance (use OptionalDouble.empty() for the default)");
        if (guidance.isPresent() && !(guidance.getAsDouble() >= 0 && guidance.getAsDouble() <= 100)) {
            throw new IllegalArgumentException("guidance must be in 0..100, was " + guidance.getAsDouble());
        }
        Objects.requireNonNull(sampler, "sampler (use Optional.empty() for the default)");
        if (sampler.isPresent() && sampler.get().isBlank()) {
            throw new IllegalArgumentException("sampler must not be blank when given");
        }
        extra = copyMap(Objects.requireNonNull(extra, "extra (use Map.of() for none)"), "extra");
    }

    /** A request with only the essentials: no negative prompt, backend defaults, no extras. */
    public static GenerationRequest of(String promptId, String prompt, long seed, int sampleIndex, int width,
            int height) {
        return new GenerationRequest(promptId, prompt, "", seed, sampleIndex, width, height, OptionalInt.empty(),
                OptionalDouble.empty(), Optional.empty(), Map.of());
    }

    public GenerationRequest withNegativePrompt(String negative) {
        return new GenerationRequest(promptId, prompt, negative, seed, sampleIndex, width, height, steps, guidance,
                sampler, extra);
    }

    public GenerationRequest withSampling(int steps, double guidance, String sampler) {
        return new GenerationRequest(promptId, prompt, negativePrompt, seed, sampleIndex, width, height,
                OptionalInt.of(steps), OptionalDouble.of(guidance), Optional.of(sampler), extra);
    }

    public GenerationRequest withExtra(Map<String, Object> extra) {
        return new GenerationRequest(promptId, prompt, negativePrompt, seed, sampleIndex, width, height, steps,
                guidance, sampler, extra);
    }

    /** The request as a JSON-ready map with sorted keys (absent settings left out), for storage. */
    public Map<String, Object> describe() {
        Map<String, Object> m = new TreeMap<>();
        m.put("prompt_id", promptId);
        m.put("prompt", prompt);
        m.put("negative_prompt", negativePrompt);
        m.put("seed", seed);
        m.put("sample_index", sampleIndex);
        m.put("width", width);
        m.put("height", height);
        steps.ifPresent(s -> m.put("steps", s));
        guidance.ifPresent(g -> m.put("guidance", g));
        sampler.ifPresent(s -> m.put("sampler", s));
        if (!extra.isEmpty()) {
            m.put("extra", extra);
        }
        return m;
    }

    private static String quote(String s) {
        return s == null ? "null" : "'" + s + "'";
    }

    private static Map<String, Object> copyMap(Map<?, ?> in, String path) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : in.entrySet()) {
            if (!(e.getKey() instanceof String k) || k.isBlank()) {
                throw new IllegalArgumentException(path + " keys must be non-blank strings, found " + e.getKey());
            }
            out.put(k, copyValue(e.getValue(), path + "." + k));
        }
        return Collections.unmodifiableMap(out);
    }

    private static Object copyValue(Object v, String path) {
        if (v instanceof String || v instanceof Boolean || v instanceof Integer || v instanceof Long
                || v instanceof java.math.BigDecimal || v instanceof java.math.BigInteger) {
            return v;
        }
        if (v instanceof Double d) {
            if (!Double.isFinite(d)) {
                throw new IllegalArgumentException(path + " must be a finite number, was " + d);
            }
            return d;
        }
        if (v instanceof Float f) {
            return copyValue(f.doubleValue(), path);
        }
        if (v instanceof Short || v instanceof Byte) {
            return ((Number) v).intValue();
        }
        if (v instanceof Map<?, ?> m) {
            return copyMap(m, path);
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>(l.size());
            for (int i = 0; i < l.size(); i++) {
                out.add(copyValue(l.get(i), path + "[" + i + "]"));
            }
            return Collections.unmodifiableList(out);
        }
        throw new IllegalArgumentException(path + " must be a string, number, boolean, list or map, was "
                + (v == null ? "null" : v.getClass().getSimpleName() + " " + v));
    }
}
