package org.biaslab.experiment;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.biaslab.engine.CpuInfo;
import org.biaslab.engine.Torch;
import org.biaslab.util.BuildInfo;
import org.biaslab.util.Hashing;

/**
 * Where a run's numbers came from: framework and library versions, platform, the experiment file
 * and every input file with its SHA-256, and the seed. No environment variables or secrets are
 * recorded.
 *
 * @param experiment experiment name
 * @param kind experiment kind
 * @param biaslabVersion framework version stamped at build
 * @param libraries versions of the libraries that compute results
 * @param java Java runtime version and vendor
 * @param os operating system name and version
 * @param arch CPU architecture
 * @param processors available processors
 * @param cpu the processor model and its SIMD flags
 * @param engine the numeric engine, oneDNN's ISA cap and the engine self-check's outcome
 * @param startedAt when this run (or resumption) started, ISO-8601
 * @param experimentFile the experiment file
 * @param experimentSha256 SHA-256 of the experiment file
 * @param resolvedSpecSha256 SHA-256 of the resolved spec (overrides applied)
 * @param overrides the --set overrides given
 * @param seed the experiment seed
 * @param inputs input file -> SHA-256
 */
public record Provenance(
        String experiment,
        String kind,
        String biaslabVersion,
        Map<String, String> libraries,
        String java,
        String os,
        String arch,
        int processors,
        Cpu cpu,
        EngineRecord engine,
        String startedAt,
        String experimentFile,
        String experimentSha256,
        String resolvedSpecSha256,
        List<String> overrides,
        long seed,
        Map<String, String> inputs) {

    /**
     * The processor.
     *
     * @param model    model name
     * @param isaFlags SIMD flags (sse4_2, avx, avx2, fma, avx512*, ...)
     */
    public record Cpu(String model, List<String> isaFlags) {
        static Cpu of(CpuInfo c) {
            return new Cpu(c.model(), c.isaFlags());
        }
    }

    /**
     * The PyTorch engine as this JVM found it (see {@link Torch}).
     *
     * @param version          libtorch version, or null when the engine could not be loaded
     * @param onednnCap        oneDNN's ISA cap in force and who set it
     * @param selfCheckPassed  whether every self-check computation matched its plain-Java reference
     * @param intraOpThreads   PyTorch's intra-op threads during the check
     * @param selfCheck        each computation's largest |engine - reference|
     * @param error            why the engine could not be loaded, or why it was not (a run that
     *                         uses no network does not load it), or null
     */
    public record EngineRecord(String version, String onednnCap, boolean selfCheckPassed, int intraOpThreads,
            Map<String, Double> selfCheck, String error) {
        /** The record of a run that uses no network: the engine was not loaded. */
        static EngineRecord notLoaded() {
            return new EngineRecord(null, null, false, 0, Map.of(),
                    "not loaded: this experiment uses no neural network");
        }

        static EngineRecord current() {
            try {
                Torch.State s = Torch.initialise();
                Map<String, Double> diffs = new LinkedHashMap<>();
                s.selfCheck().results().forEach(r -> diffs.put(r.op(), r.maxAbsDiff()));
                return new EngineRecord(s.version(), s.cap().describe(), s.selfCheck().passed(),
                        s.selfCheck().threads(), diffs, null);
            } catch (RuntimeException e) {
                // a run that needs no network still runs; one that does fails at its first use of the engine
                return new EngineRecord(null, null, false, 0, Map.of(), String.valueOf(e.getMessage()));
            }
        }
    }

    /**
     * The ONNX Runtime on the class path (it runs BlazeFace and centernet's network), from its jar's
     * manifest without loading the native library; empty when absent.
     */
    static Optional<String> onnxRuntimeVersion() {
        try {
            Package p = Class.forName("ai.onnxruntime.OrtEnvironment", false, Provenance.class.getClassLoader())
                    .getPackage();
            return Optional.ofNullable(p == null ? null : p.getImplementationVersion());
        } catch (ClassNotFoundException | LinkageError e) {
            return Optional.empty();
        }
    }

    public static Provenance capture(Experiment<?> exp, String resolvedSpec, List<String> overrides,
            List<Path> inputs) throws IOException {
        Map<String, String> hashes = new TreeMap<>();
        for (Path p : inputs) {
            hashes.put(p.toAbsolutePath().normalize().toString(), Hashing.sha256(p));
        }
        Map<String, String> libs = new TreeMap<>();
        libs.put("djl", BuildInfo.get("djl.version"));
        onnxRuntimeVersion().ifPresent(v -> libs.put("onnxruntime", v));
        return new Provenance(
                exp.header().name(),
                exp.header().kind(),
                BuildInfo.version(),
                libs,
                System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")",
                System.getProperty("os.name") + " " + System.getProperty("os.version"),
                System.getProperty("os.arch").toLowerCase(Locale.ROOT),
                Runtime.getRuntime().availableProcessors(),
                Cpu.of(CpuInfo.current()),
                exp.usesEngine() ? EngineRecord.current() : EngineRecord.notLoaded(),
                Instant.now().toString(),
                exp.header().file().toAbsolutePath().normalize().toString(),
                Hashing.sha256(exp.header().file()),
                Hashing.sha256(resolvedSpec),
                List.copyOf(overrides),
                exp.header().seed(),
                hashes);
    }
}
