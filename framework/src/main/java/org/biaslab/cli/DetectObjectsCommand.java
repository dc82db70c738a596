package org.biaslab.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.biaslab.metric.Estimate;
import org.biaslab.perceive.PerceptionPolicy;
import org.biaslab.perceive.RgbImage;
import org.biaslab.perceive.image.ImageDecoder;
import org.biaslab.perceive.objects.ObjectDetector;
import org.biaslab.perceive.objects.PersonRecall;
import org.biaslab.perceive.validate.LabelFile;
import org.biaslab.perceive.validate.LabelledFile;
import org.biaslab.util.Csv;
import org.biaslab.util.CsvRows;
import org.biaslab.util.Hashing;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code detect-objects}: runs the COCO object detector ({@link ObjectDetector}, Human's centernet
 * at Human's thresholds) on a labelled image folder, one image at a time, and prints person recall
 * over the images whose label says a person is there (Wilson intervals, overall and per group), the
 * misses by file name, the share of images with a person detected among those where a run's face
 * perception found no face ({@code --faces}), and the detector's time per image.
 */
@Command(name = "detect-objects", mixinStandardHelpOptions = true,
        description = "Detect COCO objects (Human's centernet) in a labelled image folder; print person recall "
                + "over the person-labelled images, the misses, and (with --faces) how often a person is detected "
                + "where face perception found no face.")
final class DetectObjectsCommand implements Callable<Integer> {
    static final double CONFIDENCE = 0.95;

    @Option(names = "--images", required = true, paramLabel = "DIR", description = "folder of the images")
    Path images;

    @Option(names = "--labels", required = true, paramLabel = "CSV",
            description = "labels file (layouts as validate-perception: t2i-sd-annotated is detected); a row whose "
                    + "label maps to woman or man (e.g. Male / Female) has a person, Pass does not count")
    Path labels;

    @Option(names = "--file-column", paramLabel = "C", description = "column of the file names (default: by layout)")
    String fileColumn;

    @Option(names = "--label-column", paramLabel = "C", description = "column of the labels (default: by layout)")
    String labelColumn;

    @Option(names = "--group-column", paramLabel = "C", description = "group column (default: the layout's first)")
    String groupColumn;

    @Option(names = "--faces", paramLabel = "CSV",
            description = "images.csv of a `biaslab run` over the same images (columns sha256, outcome): joined by "
                    + "the files' SHA-256")
    Path faces;

    @Option(names = "--min-confidence", paramLabel = "S", description = "score threshold (default 0.2, Human's)")
    double minConfidence = ObjectDetector.Options.defaults().minConfidence();

    @Option(names = "--out", paramLabel = "CSV", description = "also write one row per image here")
    Path out;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** One image's detections and timing. */
    record Result(LabelledFile row, String group, String sha256, List<ObjectDetector.Detection> detections,
            long nanos, String error) {
        boolean person() {
            return detections.stream().anyMatch(ObjectDetector.Detection::isPerson);
        }
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter o = spec.commandLine().getOut();
        if (!Files.isDirectory(images)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--images: " + images + " is not a folder");
        }
        if (!Files.isRegularFile(labels)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--labels: " + labels + " is not a file");
        }
        ObjectDetector.Options options;
        try {
            ObjectDetector.Options d = ObjectDetector.Options.defaults();
            options = new ObjectDetector.Options(minConfidence, d.iouThreshold(), d.maxDetected());
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--min-confidence: " + e.getMessage());
        }
        LabelFile lf = LabelFile.read(labels, fileColumn, labelColumn, groupColumn == null ? null : List.of(groupColumn));
        List<String> groupColumns = lf.layout().groupColumns();
        String gc = groupColumns.isEmpty() ? null : groupColumns.get(0);
        Map<String, String> faceOutcomes = faces == null ? Map.of() : faceOutcomes(faces);
        err.printf(Locale.ROOT, "detect-objects: %d images (layout %s), centernet min-confidence %s, IoU %s, max %d, "
                + "one image at a time%n", lf.rows().size(), lf.layout().name(), options.minConfidence(),
                options.iouThreshold(), options.maxDetected());
        err.flush();
        ImageDecoder decoder = new ImageDecoder();
        List<Result> results = new ArrayList<>();
        Map<String, String> models;
        try (ObjectDetector detector = ObjectDetector.load()) {
            models = detector.modelFiles();
            int done = 0;
            for (LabelledFile row : lf.rows()) {
                Path file = images.resolve(row.file());
                String group = gc == null ? PersonRecall.ALL : row.groups().getOrDefault(gc, "");
                String sha = null;
                try {
                    sha = Hashing.sha256(file);
                    RgbImage img = decoder.decode(file).image();
                    long start = System.nanoTime();
                    List<ObjectDetector.Detection> ds = detector.detect(img, options);
                    results.add(new Result(row, group, sha, ds, System.nanoTime() - start, null));
                } catch (Exception e) {
                    results.add(new Result(row, group, sha, List.of(), 0, Main.message(e)));
                }
                if (++done % 50 == 0 || done == lf.rows().size()) {
                    err.printf(Locale.ROOT, "  %d / %d%n", done, lf.rows().size());
                    err.flush();
                }
            }
        }
        List<Result> ok = results.stream().filter(r -> r.error() == null).toList();
        List<PersonRecall.Image> outcomes = ok.stream().map(r -> new PersonRecall.Image(r.row().file(), r.group(),
                r.row().labelled(), r.person(), faceOutcomes.get(r.sha256()))).toList();
        o.printf(Locale.ROOT, "model: %s%n", models);
        o.printf(Locale.ROOT, "person recall over images labelled with a person (%s majority woman or man), "
                + "Wilson %.0f%%:%n", lf.layout().labelColumn(), CONFIDENCE * 100);
        printShares(o, PersonRecall.recall(outcomes, CONFIDENCE));
        List<PersonRecall.Image> misses = PersonRecall.misses(outcomes);
        o.printf(Locale.ROOT, "missed (%d):%n", misses.size());
        Map<String, Result> byFile = new HashMap<>();
        results.forEach(r -> byFile.put(r.row().file(), r));
        for (PersonRecall.Image m : misses) {
            Result r = byFile.get(m.file());
            o.printf(Locale.ROOT, "  %s  %s, label %s, face %s; detected: %s%n", m.file(), m.group(), r.row().rawLabel(),
                    m.faceOutcome() == null ? "?" : m.faceOutcome(), describe(r.detections()));
        }
        long unlabelled = ok.stream().filter(r -> !r.row().labelled()).count();
        long unlabelledPerson = ok.stream().filter(r -> !r.row().labelled() && r.person()).count();
        o.printf(Locale.ROOT, "images not labelled with a person (e.g. Pass): person detected in %d of %d%n",
                unlabelledPerson, unlabelled);
        if (faces != null) {
            long joined = outcomes.stream().filter(i -> i.faceOutcome() != null).count();
            o.printf(Locale.ROOT, "face perception found no face (%s, %d of %d images joined by SHA-256): share with a "
                    + "person detected, Wilson %.0f%%:%n", faces, joined, outcomes.size(), CONFIDENCE * 100);
            printShares(o, PersonRecall.personWhereNoFace(outcomes, PerceptionPolicy.NO_FACE, CONFIDENCE));
            List<PersonRecall.Image> labelledOnly = outcomes.stream().filter(PersonRecall.Image::personLabelled).toList();
            o.printf(Locale.ROOT, "  of them labelled with a person:%n");
            printShares(o, PersonRecall.personWhereNoFace(labelledOnly, PerceptionPolicy.NO_FACE, CONFIDENCE));
        }
        long[] nanos = ok.stream().mapToLong(Result::nanos).sorted().toArray();
        if (nanos.length > 0) {
            double mean = Arrays.stream(nanos).average().orElse(Double.NaN) / 1e6;
            o.printf(Locale.ROOT, "detector time per image (resize, network, decoding; image decoding excluded), %d "
                    + "images in a loop, one at a time: median %.0f ms, mean %.0f ms, first %.0f ms, max %.0f ms "
                    + "(%d processors)%n", nanos.length, nanos[nanos.length / 2] / 1e6, mean,
                    ok.get(0).nanos() / 1e6, nanos[nanos.length - 1] / 1e6, Runtime.getRuntime().availableProcessors());
        }
        long errors = results.size() - ok.size();
        if (errors > 0) {
            o.printf(Locale.ROOT, "errors (%d):%n", errors);
            results.stream().filter(r -> r.error() != null)
                    .forEach(r -> o.printf(Locale.ROOT, "  %s: %s%n", r.row().file(), r.error()));
        }
        if (out != null) {
            write(out, results, faceOutcomes);
            o.println(out.toAbsolutePath().normalize());
        }
        o.flush();
        return Main.OK;
    }

    private static void printShares(PrintWriter o, List<PersonRecall.Share> shares) {
        for (PersonRecall.Share s : shares) {
            Estimate e = s.estimate();
            o.printf(Locale.ROOT, "  %-20s %3d / %3d = %s%n", s.group(), s.hits(), s.n(), s.n() == 0 ? "-"
                    : String.format(Locale.ROOT, "%.3f [%.3f, %.3f]", e.value(), e.lower(), e.upper()));
        }
    }

    static String describe(List<ObjectDetector.Detection> ds) {
        if (ds.isEmpty()) {
            return "nothing";
        }
        return ds.stream().map(d -> String.format(Locale.ROOT, "%s %.2f", d.label(), d.score()))
                .collect(Collectors.joining(", "));
    }

    /** sha256 -> outcome from a run's images.csv. */
    static Map<String, String> faceOutcomes(Path csv) throws IOException {
        List<CsvRows.Row> rows = CsvRows.parse(Files.readString(csv, StandardCharsets.UTF_8));
        if (rows.isEmpty()) {
            throw new IOException(csv + ": empty");
        }
        List<String> header = rows.get(0).fields();
        int sha = header.indexOf("sha256");
        int outcome = header.indexOf("outcome");
        if (sha < 0 || outcome < 0) {
            throw new IOException(csv + ": needs columns sha256 and outcome (a run's images.csv); has " + header);
        }
        Map<String, String> out = new HashMap<>();
        for (CsvRows.Row r : rows.subList(1, rows.size())) {
            if (r.fields().size() != header.size()) {
                throw new IOException(csv + " line " + r.line() + ": " + r.fields().size() + " fields, header has "
                        + header.size());
            }
            String previous = out.put(r.fields().get(sha), r.fields().get(outcome));
            if (previous != null && !previous.equals(r.fields().get(outcome))) {
                throw new IOException(csv + " line " + r.line() + ": the same image has outcomes '" + previous
                        + "' and '" + r.fields().get(outcome) + "'");
            }
        }
        return out;
    }

    private static void write(Path file, List<Result> results, Map<String, String> faceOutcomes) throws IOException {
        StringBuilder b = new StringBuilder(Csv.row("file", "group", "label", "person_labelled", "person_detected",
                "persons", "best_person_score", "detections", "face_outcome", "detect_ms", "error")).append('\n');
        for (Result r : results) {
            double best = r.detections().stream().filter(ObjectDetector.Detection::isPerson)
                    .mapToDouble(ObjectDetector.Detection::rawScore).max().orElse(Double.NaN);
            String ds = r.detections().stream().map(d -> String.format(Locale.ROOT, "%s %.4f [%d %d %d %d]", d.label(),
                    d.rawScore(), d.box().x(), d.box().y(), d.box().width(), d.box().height()))
                    .collect(Collectors.joining("; "));
            String face = r.sha256() == null ? null : faceOutcomes.get(r.sha256());
            b.append(Csv.row(r.row().file(), r.group(), r.row().rawLabel(), String.valueOf(r.row().labelled()),
                    r.error() != null ? "" : String.valueOf(r.person()),
                    String.valueOf(r.detections().stream().filter(ObjectDetector.Detection::isPerson).count()),
                    Double.isNaN(best) ? "" : String.format(Locale.ROOT, "%.4f", best), ds, face == null ? "" : face,
                    r.error() != null ? "" : String.format(Locale.ROOT, "%.1f", r.nanos() / 1e6),
                    r.error() == null ? "" : r.error())).append('\n');
        }
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(file, b.toString(), StandardCharsets.UTF_8);
    }
}
