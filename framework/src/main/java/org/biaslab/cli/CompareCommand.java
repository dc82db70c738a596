package org.biaslab.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.biaslab.compare.AuditComparison;
import org.biaslab.compare.CompareOutputs;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code compare RUN_A RUN_B}: what changed between two audits, occupation by occupation. */
@Command(name = "compare", mixinStandardHelpOptions = true,
        description = "Compare two finished runs of one kind (A - B): t2i-audit per occupation (perceived woman share, "
                + "no-face share, estimated skin tone, captions) with intervals and Holm / Benjamini-Hochberg adjusted "
                + "tests; caption-bias (LIC) and debias (gender error, LIC after debiasing) per model; results.json "
                + "and index.html.")
final class CompareCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "RUN_A")
    Path a;

    @Parameters(index = "1", paramLabel = "RUN_B")
    Path b;

    @Option(names = "--out", paramLabel = "DIR", description = "output folder (default: reports/compare-<A>-vs-<B>)")
    Path out;

    @Option(names = "--confidence", description = "interval confidence (default 0.95)")
    double confidence = 0.95;

    @Option(names = "--alpha", description = "level of the adjusted tests (default 0.05)")
    double alpha = 0.05;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (!(confidence > 0 && confidence < 1) || !(alpha > 0 && alpha < 1)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--confidence and --alpha must be in (0, 1)");
        }
        Path dir = out != null ? out : Main.defaultReports().resolve("compare-" + a.getFileName() + "-vs-" + b.getFileName());
        String finding;
        if (org.biaslab.compare.StudyComparison.handles(org.biaslab.compare.StudyComparison.kindOf(a))) {
            var c = org.biaslab.compare.StudyComparison.of(a, b, confidence);
            CompareOutputs.write(dir, c);
            finding = CompareOutputs.finding(c);
        } else {
            AuditComparison c = AuditComparison.of(a, b, confidence, alpha);
            CompareOutputs.write(dir, c);
            finding = CompareOutputs.finding(c);
        }
        PrintWriter o = spec.commandLine().getOut();
        o.println(finding);
        o.println(dir.toAbsolutePath().normalize().resolve("index.html"));
        o.flush();
        return Main.OK;
    }
}
