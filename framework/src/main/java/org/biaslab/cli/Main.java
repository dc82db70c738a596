package org.biaslab.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.biaslab.caption.CaptionFiles;
import org.biaslab.experiment.Experiment;
import org.biaslab.experiment.ExperimentKind;
import org.biaslab.experiment.Kinds;
import org.biaslab.experiment.RunDirectory;
import org.biaslab.experiment.Runner;
import org.biaslab.metric.leakage.ClassifierTypes;
import org.biaslab.spec.Registry;
import org.biaslab.spec.SpecException;
import org.biaslab.store.Shard;
import org.biaslab.util.BuildInfo;
import org.biaslab.util.Json;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Entry point. Exit codes: 0 success, 1 run failed, 2 usage or invalid experiment. */
@Command(name = "biaslab", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Measure and mitigate social bias in generative vision models.",
        subcommands = {Main.Run.class, Main.Merge.class, Main.Validate.class, Main.Report.class, Main.ListComponents.class,
            BenchCommand.class, ModelsCommand.class, ValidatePerceptionCommand.class, DoctorCommand.class, GateCommand.class, CompareCommand.class,
            PlanCommand.class, DetectObjectsCommand.class, ObjectReferenceCommand.class},
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:success", "1:the run failed (input data, model or I/O error)",
            "2:invalid command line or experiment file"})
public final class Main implements Callable<Integer> {
    static final int OK = 0;
    static final int FAILED = 1;
    static final int INVALID = 2;

    @Override
    public Integer call() {
        CommandLine.usage(this, System.out);
        return INVALID;
    }

    public static void main(String[] args) {
        quietLibraryWarnings();
        System.exit(execute(args));
    }

    /**
     * DJL's warnings that say nothing on a CPU-only build go below the console's level: the failed GPU
     * count (biaslab ships the CPU engine) and OnnxRuntime's missing CUDA provider. A user who sets
     * these slf4j-simple properties keeps their own setting. Must run before the first logger.
     */
    static void quietLibraryWarnings() {
        for (String logger : List.of("ai.djl.util.cuda.CudaUtils", "ai.djl.onnxruntime.engine.OrtEngine")) {
            String key = "org.slf4j.simpleLogger.log." + logger;
            if (System.getProperty(key) == null) {
                System.setProperty(key, "error");
            }
        }
    }

    /** Runs the command line and returns the exit code (no System.exit; used by tests). */
    public static int execute(String... args) {
        CommandLine cl = new CommandLine(new Main());
        cl.setExecutionExceptionHandler((ex, cmd, parse) -> {
            cmd.getErr().println("error: " + message(ex));
            if (Boolean.getBoolean("biaslab.debug")) {
                ex.printStackTrace(cmd.getErr());
            }
            cmd.getErr().flush();
            return ex instanceof SpecException ? INVALID : FAILED;
        });
        return cl.execute(args);
    }

    static String message(Throwable ex) {
        String m = ex.getMessage();
        return m == null ? ex.getClass().getSimpleName() : m;
    }

    /** Version from the build. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"biaslab " + BuildInfo.version(), "DJL " + BuildInfo.get("djl.version")};
        }
    }

    @Command(name = "run", mixinStandardHelpOptions = true,
            description = "Validate and run an experiment; an interrupted run resumes, a finished one is not redone.")
    static final class Run implements Callable<Integer> {
        @Parameters(paramLabel = "EXPERIMENT.yaml", description = "experiment file")
        Path experiment;

        @Option(names = "--out", paramLabel = "DIR", description = "output folder (default: reports/<name>)")
        Path out;

        @Option(names = "--set", paramLabel = "KEY=VALUE", description = "override a field, e.g. seeds=3")
        List<String> overrides = new ArrayList<>();

        @Option(names = "--threads", description = "worker threads (default: all cores)")
        int threads = Runtime.getRuntime().availableProcessors();

        @Option(names = "--shard", paramLabel = "i/N|auto", converter = ShardConverter.class,
                description = "run only shard i of N (a partial run without report; combine with `merge`); "
                        + "auto: from a Slurm job array (SLURM_ARRAY_TASK_ID/MIN/MAX) or a Kubernetes Indexed Job "
                        + "(JOB_COMPLETION_INDEX with BIASLAB_SHARD_COUNT); "
                        + "default: output folder reports/<name>-shard-i-of-N")
        Shard shard;

        @Option(names = "--prepare-only", description = "store the spec and provenance in the output folder and run "
                + "nothing: finished units copied into its units/ folder are then reused by the run")
        boolean prepareOnly;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            Experiment<?> exp = Experiment.load(experiment, overrides, Kinds.REGISTRY);
            Runner runner = new Runner(System.err, Math.max(1, threads));
            if (prepareOnly) {
                if (shard != null && shard.count() > 1) {
                    throw new IllegalArgumentException("--prepare-only prepares a whole run; leave out --shard");
                }
                Path dir = out != null ? out : defaultReports().resolve(exp.header().name());
                runner.prepare(exp, dir, overrides);
                spec.commandLine().getOut().println(dir.toAbsolutePath().normalize());
                return OK;
            }
            if (shard != null && shard.count() > 1) {
                Path dir = out != null ? out : defaultReports().resolve(exp.header().name() + "-shard-"
                        + shard.index() + "-of-" + shard.count());
                runner.runShard(exp, dir, overrides, shard);
                spec.commandLine().getOut().println(dir.toAbsolutePath().normalize());
                return OK;
            }
            Path dir = out != null ? out : defaultReports().resolve(exp.header().name());
            runner.run(exp, dir, overrides);
            spec.commandLine().getOut().println(dir.toAbsolutePath().normalize().resolve(RunDirectory.REPORT));
            return OK;
        }
    }

    /** Parses {@code --shard i/N}; a bad value is a usage error naming it. */
    static final class ShardConverter implements CommandLine.ITypeConverter<Shard> {
        @Override
        public Shard convert(String value) {
            try {
                if (value.strip().equals("auto")) {
                    return Shard.fromScheduler(System.getenv());
                }
                return Shard.parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException("'" + value + "': " + e.getMessage());
            }
        }
    }

    @Command(name = "merge", mixinStandardHelpOptions = true,
            description = "Merge the finished shard runs of one experiment (run with --shard i/N) into OUT_RUN_DIR "
                    + "and compute results and report there as a whole run would.")
    static final class Merge implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "OUT_RUN_DIR", description = "folder of the merged run")
        Path out;

        @Parameters(index = "1..*", arity = "1..*", paramLabel = "SHARD_RUN_DIR", description = "every shard's folder")
        List<Path> shards = new ArrayList<>();

        @Option(names = "--threads", description = "worker threads (default: all cores)")
        int threads = Runtime.getRuntime().availableProcessors();

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            // the experiment (file and --set overrides) as the first shard recorded it; every shard must hold
            // the same resolved spec, which Runner.merge checks
            Path prov = shards.get(0).resolve(RunDirectory.PROVENANCE);
            if (!Files.isRegularFile(prov)) {
                throw new java.io.IOException(shards.get(0) + " holds no " + RunDirectory.PROVENANCE
                        + ": not a shard run");
            }
            var p = Json.mapper().readTree(prov.toFile());
            List<String> overrides = new ArrayList<>();
            p.path("overrides").forEach(o -> overrides.add(o.asText()));
            Experiment<?> exp = Experiment.load(Path.of(p.path("experimentFile").asText()), overrides,
                    Kinds.REGISTRY);
            new Runner(System.err, Math.max(1, threads)).merge(exp, out, overrides, shards);
            spec.commandLine().getOut().println(out.toAbsolutePath().normalize().resolve(RunDirectory.REPORT));
            return OK;
        }
    }

    @Command(name = "validate", mixinStandardHelpOptions = true,
            description = "Check an experiment file completely (every problem at once) without running it.")
    static final class Validate implements Callable<Integer> {
        @Parameters(paramLabel = "EXPERIMENT.yaml")
        Path experiment;

        @Option(names = "--set", paramLabel = "KEY=VALUE")
        List<String> overrides = new ArrayList<>();

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            Experiment<?> exp = Experiment.load(experiment, overrides, Kinds.REGISTRY);
            spec.commandLine().getOut().println(experiment + ": valid " + exp.header().kind() + " experiment '"
                    + exp.header().name() + "'");
            return OK;
        }
    }

    @Command(name = "report", mixinStandardHelpOptions = true,
            description = "Re-render the report of a finished run from its stored results.")
    static final class Report implements Callable<Integer> {
        @Parameters(paramLabel = "RUN_DIR")
        Path runDir;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            RunDirectory dir = new RunDirectory(runDir);
            if (!Files.isRegularFile(dir.resolve(RunDirectory.RESULTS))) {
                throw new java.io.IOException(runDir + " holds no " + RunDirectory.RESULTS + ": not a finished run");
            }
            String kindName = Json.mapper().readTree(Files.readString(dir.resolve(RunDirectory.PROVENANCE)))
                    .path("kind").asText("");
            ExperimentKind<?> kind = Kinds.REGISTRY.get(kindName).orElseThrow(() ->
                    new java.io.IOException(dir.resolve(RunDirectory.PROVENANCE) + ": unknown experiment kind '"
                            + kindName + "'"));
            try {
                kind.report(dir);
            } catch (com.fasterxml.jackson.databind.DatabindException e) {
                String detail = e instanceof com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException u
                        ? "unknown field '" + u.getPropertyName() + "' in " + u.getReferringClass().getSimpleName()
                        : e.getOriginalMessage();
                throw new java.io.IOException(runDir + ": its stored results cannot be read by this biaslab version ("
                        + detail + "); the run was written by another version, or its files were edited. Run the "
                        + "experiment again into a new folder (biaslab run EXPERIMENT.yaml --out NEW_DIR) to get a "
                        + "report from this version.", e);
            }
            spec.commandLine().getOut().println(dir.resolve(RunDirectory.REPORT));
            return OK;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List registered components.")
    static final class ListComponents implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            print(out, Kinds.REGISTRY);
            print(out, org.biaslab.generate.Generators.REGISTRY);
            print(out, org.biaslab.captioner.Captioners.REGISTRY);
            print(out, ClassifierTypes.REGISTRY);
            out.println("caption formats:");
            CaptionFiles.FORMATS.entrySet().stream().sorted(java.util.Map.Entry.comparingByKey())
                    .forEach(e -> out.printf("  %-14s %s%n", e.getKey(), e.getValue()));
            out.flush();
            return OK;
        }

        private static void print(PrintWriter out, Registry<?> r) {
            out.println(r.what() + "s:");
            for (var e : r.entries()) {
                out.printf("  %-14s %s%n", e.name(), e.description());
            }
        }
    }

    /** {@code reports/} under the project root (the launcher sets biaslab.root), else the working folder. */
    static Path defaultReports() {
        String root = System.getProperty("biaslab.root");
        return (root == null ? Path.of("") : Path.of(root)).resolve("reports");
    }
}
