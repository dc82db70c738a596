package org.biaslab.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.biaslab.caption.CaptionFiles;
import org.biaslab.experiment.Experiment;
import org.biaslab.experiment.Kinds;
import org.biaslab.experiment.RunContext;
import org.biaslab.experiment.RunDirectory;
import org.biaslab.experiment.Runner;
import org.biaslab.experiment.audit.AuditBench;
import org.biaslab.experiment.audit.T2iAuditSpec;
import org.biaslab.metric.CaptionCooccurrence;
import org.biaslab.text.Tokenizer;
import org.biaslab.text.TreebankTokenizer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Prints wall times of the caption-bias workloads on the shared data: the four-model perceived
 * gender LIC table with each classifier, co-occurrence statistics over all COCO val2014 human
 * captions, and the LIC LSTM's training rate beside PyTorch's ({@link TorchLstmAnchor}). Figures go
 * to docs/benchmarks.md by hand, with this command.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Time the caption-bias workloads on ../shared/data and print the figures.")
final class BenchCommand implements Callable<Integer> {
    @Option(names = "--data", paramLabel = "DIR", description = "shared data folder (default: ../shared/data)")
    Path data;

    @Option(names = "--only", split = ",", paramLabel = "WHAT",
            description = "lic-linear, lic-lstm, lstm-rate, cooccurrence, perception, audit, debias (default: all)")
    List<String> only = new ArrayList<>(List.of("cooccurrence", "lic-linear", "lic-lstm", "lstm-rate", "perception",
            "audit", "debias"));

    @Option(names = "--audit-images", paramLabel = "N",
            description = "images per occupation of --only audit (150 Stable Bias occupations; default 8)")
    int auditImages = 8;

    @Option(names = "--perception-images", paramLabel = "N",
            description = "images perceived (cycling) for the native-memory check of --only perception (default 2000)")
    int perceptionImages = 2000;

    @Option(names = "--detector", paramLabel = "NAME",
            description = "face detector of --only perception: tiny-face (face-api's, default), blazeface or blazeface-back")
    String detector = org.biaslab.perceive.Perceiver.Detector.TINY_FACE.id();

    @Option(names = "--gender-model", paramLabel = "NAME",
            description = "perceived-gender network of --only perception: faceapi (default) or faceres")
    String genderModel = org.biaslab.perceive.Perceiver.GenderModel.FACEAPI.id();

    @Option(names = "--objects", description = "--only perception also detects COCO objects (centernet) in every "
            + "image: the audit's detection + perception per image")
    boolean objects;

    @Option(names = "--seeds", description = "seeds of the linear table (default 10, as the paper)")
    int seeds = 10;

    @Option(names = "--lic-extra", paramLabel = "DIR",
            description = "--only lic-linear runs issue 17's workload instead: the paper's ten gender caption files "
                    + "(the four in ../shared plus six from DIR, the bias_data folder of the LIC authors' repository), "
                    + "paired protocol, 600 trainings; the scikit-learn anchor does the same")
    Path licExtra;

    @Option(names = "--lstm-seeds", description = "seeds of the LSTM table (default 1; the paper uses 10)")
    int lstmSeeds = 1;

    @Option(names = "--lstm-epochs", description = "LSTM epochs (default 20, as the paper)")
    int lstmEpochs = 20;

    @Option(names = "--sklearn", paramLabel = "PYTHON",
            description = "Python with scikit-learn and numpy that runs the scikit-learn anchor of lic-linear "
                    + "(tools/lic-sklearn) beside it (default: $BIASLAB_SKLEARN_PYTHON, else python3; skipped "
                    + "with a note when it lacks scikit-learn)")
    String sklearnPython;

    @Option(names = "--lstm-rate-sequences", paramLabel = "N",
            description = "synthetic sequences (8-20 tokens) of --only lstm-rate, one epoch (default 6000)")
    int lstmRateSequences = 6000;

    @Option(names = "--torch", paramLabel = "PYTHON",
            description = "Python with torch that runs the PyTorch anchor of lstm-rate (tools/lic-lstm-torch) "
                    + "beside it (default: $BIASLAB_TORCH_PYTHON, else python3; skipped with a note when it lacks "
                    + "torch)")
    String torchPython;

    @Option(names = "--threads", description = "worker threads (default: all cores)")
    int threads = Runtime.getRuntime().availableProcessors();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Whether a workload ran in this process before the current one (its figures then include theirs). */
    private boolean ranBefore;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Path dataDir = data != null ? data : Path.of(System.getProperty("biaslab.root", ".")).resolve("../shared/data");
        dataDir = dataDir.toAbsolutePath().normalize();
        boolean captions = only.stream().anyMatch(o -> !o.equals("perception") && !o.equals("audit")
                && !o.equals("debias") && !o.equals("lstm-rate"));
        if (captions && !Files.isDirectory(dataDir.resolve("lic-captions"))) {
            throw new java.io.IOException(dataDir + " does not hold the shared data (lic-captions/); pass --data DIR");
        }
        out.printf(Locale.ROOT, "biaslab bench on %d cores, Java %s, data %s%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), dataDir);
        out.flush();
        if (only.contains("cooccurrence")) {
            cooccurrence(out, dataDir);
            ranBefore = true;
        }
        if (only.contains("lic-linear")) {
            licTable(out, dataDir, "linear", "type: linear", seeds, licExtra);
        }
        if (only.contains("lic-lstm")) {
            licTable(out, dataDir, "lstm", "type: lstm\n    epochs: " + lstmEpochs, lstmSeeds, null);
        }
        if (only.contains("lstm-rate")) {
            TorchLstmAnchor.run(out, Path.of(System.getProperty("biaslab.root", ".")), lstmRateSequences, 1,
                    Math.max(1, threads), torchPython);
            ranBefore = true;
        }
        if (only.contains("perception")) {
            PerceptionBench.run(out, dataDir, threads, perceptionImages,
                    org.biaslab.perceive.Perceiver.Detector.parse(detector),
                    org.biaslab.perceive.Perceiver.GenderModel.parse(genderModel), objects);
        }
        if (only.contains("audit")) {
            audit(out);
        }
        if (only.contains("debias")) {
            debias(out);
        }
        return Main.OK;
    }

    private void cooccurrence(PrintWriter out, Path dataDir) throws Exception {
        Path file = dataDir.resolve("coco/coco_val2014_human_captions_all40504.json");
        long t0 = System.nanoTime();
        Map<Long, List<String>> captions = CaptionFiles.readCaptionsById(file);
        long t1 = System.nanoTime();
        Tokenizer tok = new TreebankTokenizer();
        List<CaptionCooccurrence.Image> images = captions.entrySet().parallelStream().map(e -> {
            List<List<String>> toks = new ArrayList<>();
            for (String c : e.getValue()) {
                toks.add(tok.tokenize(c.toLowerCase(Locale.ROOT)));
            }
            return new CaptionCooccurrence.Image(e.getKey(), 0, toks, null);
        }).toList();
        long t2 = System.nanoTime();
        CaptionCooccurrence.HumanStats objects = CaptionCooccurrence.humanStatistics(images,
                CaptionCooccurrence.Options.defaults());
        long t3 = System.nanoTime();
        CaptionCooccurrence.HumanStats all = CaptionCooccurrence.humanStatistics(images,
                CaptionCooccurrence.Options.defaults().withVocabulary(CaptionCooccurrence.Vocabulary.ALL));
        long t4 = System.nanoTime();
        out.printf(Locale.ROOT, "cooccurrence: %d captions of %d images: read JSON %.2f s, tokenize %.2f s, "
                        + "count (objects, %d words) %.2f s, count (all words, %d words) %.2f s; total %.2f s%n",
                objects.captions().captions(), images.size(), sec(t0, t1), sec(t1, t2), objects.words().size(),
                sec(t2, t3), all.words().size(), sec(t3, t4), sec(t0, t4));
        out.flush();
    }

    /**
     * experiments/libra-debias.yaml from scratch (models trained into a temporary cache, never the
     * project's), LIC with 1 seed: training time by stage and debiasing throughput per model.
     */
    private void debias(PrintWriter out) throws Exception {
        Path root = Path.of(System.getProperty("biaslab.root", ".")).toAbsolutePath().normalize();
        Path tmp = Files.createTempDirectory("biaslab-bench-debias");
        try {
            var kinds = new org.biaslab.spec.Registry<org.biaslab.experiment.ExperimentKind<?>>("experiment kind")
                    .register("debias", "bench", org.biaslab.experiment.debias.DebiasKind.withCache(tmp.resolve("cache")));
            List<String> overrides = List.of("evaluation.seeds=1");
            Experiment<?> exp = Experiment.load(root.resolve("experiments/libra-debias.yaml"), overrides, kinds);
            PrintStream quiet = new PrintStream(java.io.OutputStream.nullOutputStream());
            long t0 = System.nanoTime();
            new Runner(quiet, Math.max(1, threads)).run(exp, tmp.resolve("out"), overrides);
            long t1 = System.nanoTime();
            var context = org.biaslab.util.Json.mapper().readTree(tmp.resolve("out/debias-context.json").toFile());
            var t = context.path("training").path("timingsSeconds");
            double mlm = t.path("maskedLmSeconds").asDouble();
            double gate = t.path("gateSeconds").asDouble();
            double synth = t.path("synthesisSeconds").asDouble();
            double den = t.path("denoiserSeconds").asDouble();
            out.printf(Locale.ROOT, "debias: training from scratch on %d cores: masked LM %.0f s, gate %.1f s, synthesis "
                    + "%.0f s, denoiser %.0f s; training total %.1f min; whole run incl. evaluation (LIC 1 seed) %.1f min%n",
                    Runtime.getRuntime().availableProcessors(), mlm, gate, synth, den, (mlm + gate + synth + den) / 60,
                    sec(t0, t1) / 60);
            var it = t.fields();
            while (it.hasNext()) {
                var e = it.next();
                if (e.getKey().startsWith("debias ")) {
                    out.printf(Locale.ROOT, "debias: %s %.0f%n", e.getKey().substring(7), e.getValue().asDouble());
                }
            }
            out.flush();
        } finally {
            deleteQuietly(tmp);
        }
    }

    /** Deletes a benchmark's temporary folder, deepest first; what cannot be deleted is left (best effort). */
    private static void deleteQuietly(Path tmp) throws java.io.IOException {
        try (var s = Files.walk(tmp)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private void licTable(PrintWriter out, Path dataDir, String name, String classifier, int n, Path extra)
            throws Exception {
        if (extra != null) {
            for (String[] m : EXTRA_MODELS) {
                for (Path f : List.of(extra.resolve(m[1]), extra.resolve("model_vocab/" + m[2] + "_vocab.pkl"))) {
                    if (!Files.isRegularFile(f)) {
                        throw new java.io.IOException("--lic-extra " + extra + ": no " + f.getFileName() + " at " + f
                                + " (expected the bias_data folder of the LIC authors' repository)");
                    }
                }
            }
        }
        Path tmp = Files.createTempDirectory("biaslab-bench");
        try {
            Path yaml = tmp.resolve("bench-" + name + ".yaml");
            Files.writeString(yaml, benchYaml(dataDir, name, classifier, n, extra));
            boolean first = !ranBefore;
            ranBefore = true;
            double cpu0 = ProcessFigures.cpuSeconds();
            Experiment<?> exp = Experiment.load(yaml, List.of(), Kinds.REGISTRY);
            PrintStream quiet = new PrintStream(java.io.OutputStream.nullOutputStream());
            long t0 = System.nanoTime();
            new Runner(quiet, Math.max(1, threads)).run(exp, tmp.resolve("out"), List.of());
            long t1 = System.nanoTime();
            double cpu1 = ProcessFigures.cpuSeconds();
            double rss = ProcessFigures.peakRssMb();
            if (extra == null) {
                out.printf(Locale.ROOT, "lic-%s: four-model perceived-gender table, %d seed(s), paper + paired protocols "
                        + "(%d classifier trainings), %d thread(s): %.1f s%n", name, n, n * 4 * 7, threads, sec(t0, t1));
            } else {
                out.printf(Locale.ROOT, "lic-%s: ten caption files (issue 17's workload), perceived gender, %d seed(s), "
                        + "paired protocol (%d classifier trainings), %d thread(s): %.1f s%n", name, n,
                        n * (4 + EXTRA_MODELS.length) * 6, threads, sec(t0, t1));
            }
            // the whole process is what /usr/bin/time and the anchor's getrusage measure: JVM start included
            out.printf(Locale.ROOT, "lic-%s: CPU %s for this workload; JVM process since start %s (JIT compiler "
                    + "threads %s, GC threads %s)%s; peak RSS %s%s%n", name, ProcessFigures.seconds(cpu1 - cpu0),
                    ProcessFigures.seconds(cpu1), ProcessFigures.seconds(ProcessFigures.threadCpuSeconds("C1 Compiler",
                            "C2 Compiler")), ProcessFigures.seconds(ProcessFigures.threadCpuSeconds("GC Thread",
                            "G1 ", "VM Thread")), first ? "" : " [other workloads ran before it in this process]",
                    ProcessFigures.mb(rss), first ? "" : " [process-wide]");
            out.flush();
            if (name.equals("linear")) {
                SklearnAnchor.run(out, Path.of(System.getProperty("biaslab.root", ".")), dataDir, n, sklearnPython,
                        first ? cpu1 : cpu1 - cpu0, rss, extra);
            }
        } finally {
            deleteQuietly(tmp);
        }
    }

    /**
     * Framework overhead of a t2i-audit run: simulated generator and simulated perception over the
     * 150 Stable Bias occupations, so the figures are the runner's and the store's cost, not a model's.
     */
    private void audit(PrintWriter out) throws Exception {
        Path root = Path.of(System.getProperty("biaslab.root", ".")).toAbsolutePath().normalize();
        Path tmp = Files.createTempDirectory("biaslab-bench-audit");
        try {
            Path yaml = tmp.resolve("bench-audit.yaml");
            Files.writeString(yaml, "name: bench-audit\nkind: t2i-audit\nseed: 2024\nprompts:\n  library: "
                    + root.resolve("prompts") + "\n  lists: [stable-bias]\n  templates: [stable-bias-portrait]\n"
                    + "  images_per_prompt: " + auditImages + "\ngenerator:\n  type: simulated\n  library: "
                    + root.resolve("prompts") + "\n  bls_year: 2021\n  amplification: 1.5\n  unmapped_share: 0.5\n"
                    + "perception:\n  mode: simulated\n  validity: " + root.resolve("experiments/simulated-confusion.json")
                    + "\n  model_abstentions: [uncertain, no face]\n  unreliable_skin_rate: 0.1\nreference:\n"
                    + "  bls_years: [2021]\nintervals:\n  confidence: 0.95\n  resamples: 1000\n"
                    + "gallery_per_occupation: 4\n");
            Experiment<?> exp = Experiment.load(yaml, List.of(), Kinds.REGISTRY);
            if (!(exp.spec() instanceof T2iAuditSpec spec)) {
                throw new IllegalStateException("bench-audit.yaml is not a t2i-audit experiment");
            }
            PrintStream quiet = new PrintStream(java.io.OutputStream.nullOutputStream());
            Path outDir = tmp.resolve("out");
            Files.createDirectories(outDir);
            RunContext ctx = new RunContext(exp.header(), new RunDirectory(outDir), quiet, Math.max(1, threads));
            AuditBench.Phases p = AuditBench.measure(spec, ctx);
            double n = p.images();
            out.printf(Locale.ROOT, "audit: %d images (150 occupations x %d), simulated generator + simulated "
                            + "perception, %d thread(s): generator alone %.2f ms/image; generate+store %.2f ms/image "
                            + "(%.1f s); perceive+store %.2f ms/image (%.1f s); results+outputs+HTML report %.1f s%n",
                    p.images(), auditImages, threads, 1e3 * p.generatorAlone() / n, 1e3 * p.generateAndStore() / n,
                    p.generateAndStore(), 1e3 * p.perceiveAndStore() / n, p.perceiveAndStore(), p.report());
            out.flush();
        } finally {
            deleteQuietly(tmp);
        }
    }

    /**
     * The paper's other gender caption files, in the LIC authors' bias_data folder (not in ../shared):
     * name, file, vocabulary. With the four of ../shared, the ten files issue 17 measured.
     */
    static final String[][] EXTRA_MODELS = {{"NIC", "Show-Tell/gender_val_st10_cap_mw_entries.pkl", "nic"},
        {"Att2in", "Att2in_FC/gender_val_att2in_cap_mw_entries.pkl", "att2in"},
        {"UpDn", "UpDn/gender_val_updn_cap_mw_entries.pkl", "updn"},
        {"OSCAR", "Oscar/gender_val_oscar_cap_mw_entries.pkl", "oscar"},
        {"OSCAR-CIDEr", "Oscar/gender_val_cider_oscar_cap_mw_entries.pkl", "oscar"},
        {"NIC+", "Woman-Snowboard/gender_val_baselineft_cap_mw_entries.pkl", "nic_plus"}};

    static String benchYaml(Path data, String name, String classifier, int seeds) {
        return benchYaml(data, name, classifier, seeds, null);
    }

    static String benchYaml(Path data, String name, String classifier, int seeds, Path extra) {
        StringBuilder sb = new StringBuilder();
        sb.append("name: bench-").append(name).append("\nkind: caption-bias\nseed: 2022\nseeds: ").append(seeds)
                .append("\nattributes:\n  gender:\n    labels: ")
                .append(data.resolve("coco/coco_val2014_gender_set_10780.jsonl"))
                .append("\nclassifiers:\n  - name: ").append(name).append("\n    ").append(classifier)
                .append("\ncooccurrence:\n  enabled: false\n").append(extra != null ? "protocols: [paired]\n" : "")
                .append("models:\n");
        String[][] models = {{"SAT", "Show-Attend-Tell/gender_val_sat_cap_mw_entries.pkl", "sat"},
            {"FC", "Att2in_FC/gender_val_fc_cap_mw_entries.pkl", "fc"},
            {"Transformer", "Transformer/gender_val_transformer_cap_mw_entries.pkl", "transformer"},
            {"NIC+Equalizer", "Woman-Snowboard/gender_val_snowboard_cap_mw_entries.pkl", "nic_equalizer"}};
        appendModels(sb, data.resolve("lic-captions"), models);
        if (extra != null) {
            appendModels(sb, extra, EXTRA_MODELS);
        }
        return sb.toString();
    }

    /** Model entries (name, caption file, vocabulary name) whose files lie in {@code dir} as in the LIC data. */
    private static void appendModels(StringBuilder sb, Path dir, String[][] models) {
        for (String[] m : models) {
            sb.append("  - name: ").append(m[0]).append("\n    vocabulary: ")
                    .append(dir.resolve("model_vocab/" + m[2] + "_vocab.pkl")).append("\n    captions:\n      gender: {file: ")
                    .append(dir.resolve(m[1])).append(", format: lic-pickle}\n");
        }
    }

    private static double sec(long a, long b) {
        return (b - a) / 1e9;
    }
}
