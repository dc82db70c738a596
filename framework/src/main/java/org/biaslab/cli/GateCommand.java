package org.biaslab.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.biaslab.gate.Gate;
import org.biaslab.gate.GateOutputs;
import org.biaslab.gate.Policy;
import org.biaslab.spec.SpecException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code gate RUN --policy POLICY.yaml}: a release decision a CI pipeline can act on. */
@Command(name = "gate", mixinStandardHelpOptions = true,
        description = "Evaluate a policy's rules on a finished run; writes junit.xml and summary.md. "
                + "Exit 0 all rules passed, 3 a rule failed, 1 a rule could not be evaluated, 2 invalid policy.",
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:every rule passed", "1:a rule could not be evaluated (and none failed), or the run is unreadable",
            "2:invalid policy file or command line", "3:a rule failed"})
final class GateCommand implements Callable<Integer> {
    @Parameters(paramLabel = "RUN_DIR", description = "a finished run")
    Path run;

    @Option(names = "--policy", required = true, paramLabel = "POLICY.yaml", description = "the rules (docs/gate.md)")
    Path policy;

    @Option(names = "--out", paramLabel = "DIR", description = "where junit.xml and summary.md go (default: RUN_DIR/gate)")
    Path out;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Policy p;
        try {
            p = Policy.read(policy);
        } catch (SpecException e) {
            PrintWriter err = spec.commandLine().getErr();
            err.println("error: " + e.getMessage());
            err.flush();
            return Gate.BAD_POLICY;
        }
        Gate.Evaluation e = Gate.evaluate(p, run);
        Path dir = out != null ? out : run.resolve("gate");
        GateOutputs.write(dir, e);
        if (out == null && e.exitCode() != Gate.NOT_EVALUATED && "t2i-audit".equals(e.kind())) {
            // the run's own gate folder: its report gains a "Release gate" section
            org.biaslab.experiment.Kinds.REGISTRY.get(e.kind()).orElseThrow()
                    .report(new org.biaslab.experiment.RunDirectory(run));
        }
        PrintWriter o = spec.commandLine().getOut();
        o.print(GateOutputs.markdown(e));
        o.println();
        o.println("JUnit XML: " + dir.resolve("junit.xml").toAbsolutePath().normalize());
        o.flush();
        return e.exitCode();
    }
}
