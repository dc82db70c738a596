package org.biaslab.engine;

import java.util.Locale;
import java.util.Optional;

/**
 * The instruction-set cap on oneDNN, the kernel library inside libtorch that runs convolutions and
 * the LSTM.
 *
 * <p>libtorch 2.7.1's oneDNN AVX-512 kernels compute wrong numbers on some AMD EPYC processors
 * (measured: face-api's perceived-gender probability off by up to 0.007, the LIC LSTM's logit off
 * five-fold; {@code DNNL_MAX_CPU_ISA=AVX2} gives the right ones, the AVX-512 levels do not; see
 * {@code docs/numerics.md}). oneDNN reads its cap from the C environment once, at its first kernel,
 * so biaslab sets {@code DNNL_MAX_CPU_ISA=AVX2} in the process's own C environment ({@code
 * setenv(3)}) before it loads the engine: from the launcher, Maven's test JVM, {@code bench} and a
 * user's own JVM alike, with nothing asked of the caller. On a processor without AVX-512 the cap
 * changes nothing.
 *
 * <p>A caller who set {@code ONEDNN_MAX_CPU_ISA} or {@code DNNL_MAX_CPU_ISA} keeps that setting;
 * {@code -Dbiaslab.onednn.maxIsa=NATIVE} (or the environment variable {@code
 * BIASLAB_ONEDNN_MAX_ISA}) lifts biaslab's cap, another value replaces AVX2. Whatever is in force,
 * {@link SelfCheck} then tells whether the numbers are right.
 *
 * @param value  the cap oneDNN will read, or empty for none (oneDNN uses the best the CPU has)
 * @param source who set it, in words
 */
public record IsaCap(Optional<String> value, String source) {
    public static final String DNNL_VARIABLE = "DNNL_MAX_CPU_ISA";
    public static final String ONEDNN_VARIABLE = "ONEDNN_MAX_CPU_ISA";
    public static final String PROPERTY = "biaslab.onednn.maxIsa";
    public static final String ENVIRONMENT = "BIASLAB_ONEDNN_MAX_ISA";
    /** biaslab's default cap. */
    public static final String DEFAULT = "AVX2";
    /** The value that lifts biaslab's cap. */
    public static final String NATIVE = "NATIVE";

    /** One line for logs, doctor and provenance. */
    public String describe() {
        return value.map(v -> v + " (" + source + ")").orElse("none (" + source + ")");
    }

    /**
     * Sets the cap in the C environment unless a caller already did, and returns what is in force.
     * Call before the engine's first computation; later it has no effect on oneDNN (the self-check
     * still shows whether the numbers are right).
     */
    static IsaCap apply(CpuInfo cpu) {
        for (String variable : new String[] {ONEDNN_VARIABLE, DNNL_VARIABLE}) {
            Optional<String> set = NativeEnvironment.get(variable);
            if (set.isPresent()) {
                return new IsaCap(set, "set by the caller: " + variable);
            }
        }
        if (!cpu.isX86()) {
            return new IsaCap(Optional.empty(), "not applicable on " + cpu.arch());
        }
        String wanted = requested();
        if (wanted.equalsIgnoreCase(NATIVE)) {
            return new IsaCap(Optional.empty(), "lifted by " + PROPERTY + "/" + ENVIRONMENT + "=" + NATIVE);
        }
        if (!NativeEnvironment.supported()) {
            return new IsaCap(Optional.empty(), "cannot be set on " + System.getProperty("os.name")
                    + "; set " + DNNL_VARIABLE + "=" + wanted + " before starting Java");
        }
        String inForce = NativeEnvironment.setIfAbsent(DNNL_VARIABLE, wanted);
        String source = wanted.equals(DEFAULT) ? "biaslab default" : "requested by " + PROPERTY + "/" + ENVIRONMENT;
        return new IsaCap(Optional.of(inForce), source + ", set in the process environment");
    }

    private static String requested() {
        String p = System.getProperty(PROPERTY);
        if (p != null && !p.isBlank()) {
            return p.trim().toUpperCase(Locale.ROOT);
        }
        String e = System.getenv(ENVIRONMENT);
        if (e != null && !e.isBlank()) {
            return e.trim().toUpperCase(Locale.ROOT);
        }
        return DEFAULT;
    }
}
