package org.biaslab.cli;

import ai.djl.engine.Engine;
import java.io.File;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.biaslab.engine.EngineCheckException;
import org.biaslab.engine.SelfCheck;
import org.biaslab.engine.Torch;
import org.biaslab.perceive.model.ModelException;
import org.biaslab.perceive.model.ModelManifest;
import org.biaslab.perceive.model.ModelStore;
import org.biaslab.util.BuildInfo;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code doctor}: what this machine gives biaslab, and whether the engine computes right here: Java,
 * OS, processor and its SIMD flags, engine versions, the oneDNN ISA cap in force, the engine
 * self-check's results, the model cache, and the external programs biaslab runs (npm, Chromium).
 * Exit 0 when the self-check passed, 1 when it failed (with the remedy).
 */
@Command(name = "doctor", mixinStandardHelpOptions = true,
        description = "Show the platform, engine, oneDNN ISA cap, engine self-check, model cache, npm and Chromium; "
                + "exit 1 when the engine computes wrongly on this CPU.")
final class DoctorCommand implements Callable<Integer> {
    private static final List<String> CHROMIUM = List.of("chromium", "chromium-browser", "google-chrome");

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Torch.State s = Torch.recheck();
        row(out, "biaslab", BuildInfo.version());
        row(out, "java", System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")");
        row(out, "os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " ("
                + System.getProperty("os.arch") + ")");
        row(out, "cpu", s.cpu().model() + ", " + s.cpu().cores() + " cores");
        row(out, "isa flags", s.cpu().isaFlags().isEmpty() ? "unknown" : String.join(" ", s.cpu().isaFlags()));
        row(out, "engine", "DJL " + BuildInfo.get("djl.version") + ", PyTorch (libtorch) " + s.version() + ", "
                + s.selfCheck().threads() + " intra-op threads");
        row(out, "onnxruntime", onnxRuntime());
        row(out, "onednn cap", s.cap().describe());
        SelfCheck.Report r = s.selfCheck();
        row(out, "self-check", (r.passed() ? "passed" : "FAILED") + " in " + r.millis() + " ms");
        for (SelfCheck.Result result : r.results()) {
            out.println("  " + result.summary());
        }
        models(out);
        row(out, "npm", onPath("npm").map(Path::toString).orElse("not found (needed once, to fetch the face models)"));
        row(out, "chromium", CHROMIUM.stream().map(DoctorCommand::onPath).flatMap(Optional::stream).findFirst()
                .map(Path::toString).orElse("not found (only the report screenshot tests use it)"));
        out.flush();
        try {
            s.requirePassed();
            return Main.OK;
        } catch (EngineCheckException e) {
            PrintWriter err = spec.commandLine().getErr();
            err.println("error: " + e.getMessage());
            err.flush();
            return Main.FAILED;
        }
    }

    private static void row(PrintWriter out, String key, String value) {
        out.println(String.format(Locale.ROOT, "%-12s %s", key, value));
    }

    private static void models(PrintWriter out) {
        ModelStore store = ModelStore.forProject();
        try {
            for (ModelManifest m : store.manifests()) {
                row(out, "model", m.spec() + " (" + m.license() + "): " + store.cacheState(m) + ", "
                        + store.cacheDir(m));
            }
        } catch (ModelException e) {
            row(out, "model", "cannot read the manifests: " + e.getMessage());
        }
    }

    private static String onnxRuntime() {
        try {
            return Engine.getEngine("OnnxRuntime").getVersion();
        } catch (RuntimeException e) {
            return "cannot be loaded: " + e.getMessage();
        }
    }

    /** The first executable named {@code name} on the PATH. */
    static Optional<Path> onPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path p = Path.of(dir, name);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}
