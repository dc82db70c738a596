package org.biaslab.cli;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * CPU time and peak memory of this JVM process, for the benchmarks: what {@code /usr/bin/time}
 * would report, read from inside. CPU is user + system time of every thread, JVM threads (JIT
 * compilers, garbage collector) included; peak memory is the resident set's high-water mark
 * ({@code VmHWM} of {@code /proc/self/status}, Linux only).
 */
final class ProcessFigures {
    private ProcessFigures() {}

    /** User + system CPU seconds of this process so far, or NaN when the JVM does not say. */
    static double cpuSeconds() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            long ns = os.getProcessCpuTime();
            return ns < 0 ? Double.NaN : ns / 1e9;
        }
        return Double.NaN;
    }

    /** Peak resident set size in MB, or NaN where {@code /proc/self/status} is not there. */
    static double peakRssMb() {
        return statusKb("VmHWM:") / 1024.0;
    }

    private static double statusKb(String key) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(key)) {
                    return Long.parseLong(line.substring(key.length()).trim().split("\\s+")[0]);
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or an unexpected format
        }
        return Double.NaN;
    }

    /**
     * CPU seconds of the live threads whose names start with {@code prefix} (Linux
     * {@code /proc/self/task}), e.g. "C2 CompilerThre" or "GC Thread"; NaN where unknown.
     */
    static double threadCpuSeconds(String... prefixes) {
        Path tasks = Path.of("/proc/self/task");
        if (!Files.isDirectory(tasks)) {
            return Double.NaN;
        }
        long ticks = 0;
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(tasks)) {
            for (Path t : ds) {
                String stat;
                try {
                    stat = Files.readString(t.resolve("stat"));
                } catch (IOException e) {
                    continue; // the thread ended
                }
                int open = stat.indexOf('(');
                int close = stat.lastIndexOf(')');
                if (open < 0 || close < open) {
                    continue;
                }
                String name = stat.substring(open + 1, close);
                boolean match = false;
                for (String p : prefixes) {
                    match |= name.startsWith(p);
                }
                if (match) {
                    String[] f = stat.substring(close + 2).split(" ");
                    ticks += Long.parseLong(f[11]) + Long.parseLong(f[12]);
                }
            }
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
        return ticks / 100.0; // USER_HZ is 100 on Linux
    }

    static String seconds(double s) {
        return Double.isNaN(s) ? "n/a" : String.format(Locale.ROOT, "%.1f s", s);
    }

    static String mb(double m) {
        return Double.isNaN(m) ? "n/a" : String.format(Locale.ROOT, "%.0f MB", m);
    }
}
