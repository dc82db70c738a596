package org.biaslab.engine;

import java.util.Locale;

/**
 * The engine computed a self-check computation wrongly on this processor: biaslab's numbers would be
 * wrong, so nothing is computed. The message names the processor, the computation, by how much it
 * disagreed, the cap in force and the remedy.
 */
public final class EngineCheckException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    EngineCheckException(SelfCheck.Report report, CpuInfo cpu, IsaCap cap) {
        super(message(report, cpu, cap));
    }

    /** What to try, given the cap that was in force. */
    static String remedy(IsaCap cap) {
        if (cap.value().isEmpty() && cap.source().startsWith("lifted")) {
            return "remove " + IsaCap.PROPERTY + "/" + IsaCap.ENVIRONMENT + "=" + IsaCap.NATIVE + ", so that biaslab caps "
                    + "oneDNN at " + IsaCap.DEFAULT + " (right on every CPU measured), then run `./biaslab doctor`.";
        }
        if (cap.value().isEmpty() || !cap.value().get().equalsIgnoreCase(IsaCap.DEFAULT)) {
            return "start Java with " + IsaCap.DNNL_VARIABLE + "=" + IsaCap.DEFAULT + " in the environment and no other "
                    + "ISA setting, then run `./biaslab doctor`.";
        }
        return "with the " + IsaCap.DEFAULT + " cap in force this CPU is still wrong: try " + IsaCap.DNNL_VARIABLE
                + "=AVX in the environment, or -Dai.djl.pytorch.num_threads=1, and report the output of "
                + "`./biaslab doctor`.";
    }

    static String message(SelfCheck.Report report, CpuInfo cpu, IsaCap cap) {
        SelfCheck.Result f = report.firstFailure().orElseThrow(() -> new IllegalArgumentException("report passed"));
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT,
                "the PyTorch engine's self-check failed on this CPU (%s): %s (%s) differs from the plain-Java "
                        + "reference by %.3g (tolerance %.1g; expected %.6g, computed %.6g), with %d intra-op "
                        + "threads and oneDNN ISA cap %s.",
                cpu.describe(), f.op(), f.description(), f.maxAbsDiff(), f.tolerance(), f.expected(), f.actual(),
                report.threads(), cap.describe()));
        report.drill().ifPresent(d -> b.append(" This was a drill: -D" + SelfCheck.DRILL_PROPERTY + "=" + d
                + " shifted that reference on purpose."));
        b.append(" biaslab's numbers would be wrong here, so it stops. Remedy: ").append(remedy(cap));
        return b.toString();
    }
}
