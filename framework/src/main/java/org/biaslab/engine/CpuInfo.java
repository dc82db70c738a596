package org.biaslab.engine;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * The processor this JVM runs on, as {@code /proc/cpuinfo} describes its first core (Linux); on
 * other systems only the architecture is known.
 *
 * @param model    the model name, or "unknown"
 * @param arch     {@code os.arch}
 * @param cores    available processors
 * @param isaFlags the SIMD flags among the core's flags (sse4_2, avx, avx2, fma, avx512*, amx*,
 *                 avx_vnni), sorted
 */
public record CpuInfo(String model, String arch, int cores, List<String> isaFlags) {
    public CpuInfo {
        isaFlags = List.copyOf(isaFlags);
    }

    private static final Path PROC = Path.of("/proc/cpuinfo");

    /** This machine. */
    public static CpuInfo current() {
        String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
        int cores = Runtime.getRuntime().availableProcessors();
        if (!Files.isReadable(PROC)) {
            return new CpuInfo("unknown", arch, cores, List.of());
        }
        try {
            return parse(Files.readString(PROC, StandardCharsets.UTF_8), arch, cores);
        } catch (IOException e) {
            return new CpuInfo("unknown (" + PROC + ": " + e.getMessage() + ")", arch, cores, List.of());
        }
    }

    /** The first core's model name and SIMD flags from a {@code /proc/cpuinfo} text. */
    static CpuInfo parse(String cpuinfo, String arch, int cores) {
        String model = "unknown";
        TreeSet<String> isa = new TreeSet<>();
        boolean flagsSeen = false;
        for (String line : cpuinfo.split("\n")) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String key = line.substring(0, colon).trim();
            String value = line.substring(colon + 1).trim();
            if (key.equals("model name") && model.equals("unknown")) {
                model = value;
            } else if (key.equals("flags") && !flagsSeen) {
                flagsSeen = true;
                Arrays.stream(value.split("\\s+")).filter(CpuInfo::isSimd).forEach(isa::add);
            }
        }
        return new CpuInfo(model, arch, cores, List.copyOf(isa));
    }

    private static boolean isSimd(String flag) {
        return flag.equals("sse4_2") || flag.equals("avx") || flag.equals("avx2") || flag.equals("fma")
                || flag.startsWith("avx512") || flag.startsWith("amx") || flag.equals("avx_vnni");
    }

    /** Whether the core has AVX-512 Foundation. */
    public boolean hasAvx512() {
        return isaFlags.contains("avx512f");
    }

    /** Whether this is an x86-64 processor (the only one oneDNN's ISA cap applies to). */
    public boolean isX86() {
        return arch.equals("amd64") || arch.equals("x86_64");
    }

    /** Model, architecture and cores in one line. */
    public String describe() {
        return model + " (" + arch + ", " + cores + " cores" + (hasAvx512() ? ", AVX-512" : "") + ")";
    }
}
