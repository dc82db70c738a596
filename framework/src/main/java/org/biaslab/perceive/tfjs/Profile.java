package org.biaslab.perceive.tfjs;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The calling thread's CPU time per op type of {@link GraphModel} runs, kept only when the JVM runs
 * with {@code -Dbiaslab.tfjs.profile=true} (off: one static final test per node; with
 * {@code biaslab.tfjs.profile.detail=true} per op and shapes). PyTorch's CPU ops run synchronously
 * on the calling thread, so with the engine's intra-op threads set to 1 this is each op's whole
 * cost, and it does not count the time other processes take the core.
 */
public final class Profile {
    static final boolean ON = Boolean.getBoolean("biaslab.tfjs.profile");
    private static final Map<String, LongAdder[]> BY_OP = new ConcurrentHashMap<>();

    private Profile() {}

    static final boolean DETAIL = Boolean.getBoolean("biaslab.tfjs.profile.detail");

    private static final java.lang.management.ThreadMXBean THREADS =
            java.lang.management.ManagementFactory.getThreadMXBean();

    static long now() {
        return THREADS.getCurrentThreadCpuTime();
    }

    static void add(TfNode n, ai.djl.ndarray.NDArray[] in, ai.djl.ndarray.NDArray[] out, long nanos) {
        String op = n.op();
        if (DETAIL) {
            op = op + " " + (in.length > 0 && in[0] != null ? in[0].getShape() : "-") + (in.length > 1 && in[1] != null
                    ? " x " + in[1].getShape() : "") + " -> " + out[0].getShape() + " " + n.attr().keySet()
                    .stream().filter(k -> k.equals("strides") || k.equals("ksize") || k.equals("padding"))
                    .map(k -> k + "=" + n.attr().get(k).toString().replaceAll("[\\s\"]", "")).toList();
        }
        add(op, nanos);
    }

    /** Records {@code nanos} of CPU time under {@code what}. */
    static void add(String what, long nanos) {
        LongAdder[] a = BY_OP.computeIfAbsent(what, k -> new LongAdder[] {new LongAdder(), new LongAdder()});
        a[0].add(nanos);
        a[1].increment();
    }

    /** Forgets what was recorded. */
    public static void reset() {
        BY_OP.clear();
    }

    /** Milliseconds and calls per op type, most expensive first, one line each ("" when off). */
    public static String table() {
        Map<String, long[]> snap = new TreeMap<>();
        BY_OP.forEach((op, a) -> snap.put(op, new long[] {a[0].sum(), a[1].sum()}));
        long total = snap.values().stream().mapToLong(v -> v[0]).sum();
        StringBuilder b = new StringBuilder();
        snap.entrySet().stream().sorted((x, y) -> Long.compare(y.getValue()[0], x.getValue()[0])).forEach(e -> b
                .append(String.format(Locale.ROOT, "  %-28s %9.1f ms %6.1f%% %8d calls %8.3f ms/call%n", e.getKey(),
                        e.getValue()[0] / 1e6, 100.0 * e.getValue()[0] / Math.max(1, total), e.getValue()[1],
                        e.getValue()[0] / 1e6 / Math.max(1, e.getValue()[1]))));
        return b.toString();
    }
}
