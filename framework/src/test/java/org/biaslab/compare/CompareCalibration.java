package org.biaslab.compare;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.biaslab.experiment.Experiment;
import org.biaslab.experiment.Kinds;
import org.biaslab.experiment.Runner;
import org.biaslab.metric.Estimate;
import org.biaslab.metric.Intervals;
import org.biaslab.util.Json;

/**
 * Calibration of {@code compare} on the simulated generator with declared truths (not a test: run by
 * hand, it takes minutes): the quick start's 13 occupations with 100 images each (or the third argument).
 * <ul>
 * <li>Power: run B declares a 10-point higher (or lower) true woman share for 3 occupations, same
 *     seed as run A (paired); how often each of the 3 moves, and how often any of the other 10 does.</li>
 * <li>Null: two runs with the same declared truths and different seeds (unpaired); how often any
 *     occupation is flagged after Holm (the family-wise error rate, nominal alpha = 0.05).</li>
 * </ul>
 * {@code java -Dai.djl.offline=true -Dbiaslab.root=. -cp framework/target/test-classes:framework/target/classes:$(cat
 * framework/target/classpath.txt) org.biaslab.compare.CompareCalibration [powerSeeds] [nullPairs] [imagesPerOccupation]}
 */
public final class CompareCalibration {
    private static final List<String> CHANGED = List.of("cook", "scientist", "flight_attendant");

    private CompareCalibration() {}

    public static void main(String[] args) throws Exception {
        int powerSeeds = args.length > 0 ? Integer.parseInt(args[0]) : 50;
        int nullPairs = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        int images = args.length > 2 ? Integer.parseInt(args[2]) : 100;
        String perPrompt = "prompts.images_per_prompt=" + images;
        Path root = Path.of(System.getProperty("biaslab.root", ".")).toAbsolutePath().normalize();
        Path work = Files.createTempDirectory("biaslab-compare-calibration");
        Path spec = work.resolve("calibration.yaml");
        String text = Files.readString(root.resolve("experiments/quickstart-simulated.yaml"));
        text = text.substring(0, text.indexOf("sample_photos:"))
                .replace("library: ../prompts", "library: " + root.resolve("prompts"))
                .replace("validity: simulated-confusion.json", "validity: "
                        + root.resolve("experiments/simulated-confusion.json"))
                .replace("gallery_per_occupation: 4", "gallery_per_occupation: 0")
                .replace("resamples: 1000", "resamples: 200");
        Files.writeString(spec, text);

        Map<String, Double> base = null;
        int[] detected = new int[CHANGED.size()];
        int[] detectedBh = new int[CHANGED.size()];
        int falseBh = 0;
        int falseInPower = 0;
        int anyFalseInPower = 0;
        for (int s = 1; s <= powerSeeds; s++) {
            Path a = run(spec, work.resolve("a-" + s), List.of("seed=" + s, perPrompt));
            if (base == null) {
                base = declared(a);
            }
            StringBuilder shares = new StringBuilder("generator.shares={");
            for (int i = 0; i < CHANGED.size(); i++) {
                String o = CHANGED.get(i);
                double shift = i == 1 ? -0.10 : 0.10;
                shares.append(i == 0 ? "" : ", ").append(o).append(": ")
                        .append(String.format(Locale.ROOT, "%.6f", base.get(o) + shift));
            }
            shares.append('}');
            Path b = run(spec, work.resolve("b-" + s), List.of("seed=" + s, perPrompt,
                    shares.toString()));
            AuditComparison c = AuditComparison.of(b, a, 0.95, 0.05);
            int falseHere = 0;
            for (org.biaslab.metric.representation.OccupationChanges.Change ch : c.occupations()) {
                int k = CHANGED.indexOf(ch.occupationId());
                if (k >= 0 && ch.moved()) {
                    detected[k]++;
                } else if (k < 0 && ch.moved()) {
                    falseHere++;
                }
                if (k >= 0 && ch.womanBh() < 0.05) {
                    detectedBh[k]++;
                } else if (k < 0 && ch.womanBh() < 0.05) {
                    falseBh++;
                }
            }
            falseInPower += falseHere;
            anyFalseInPower += falseHere > 0 ? 1 : 0;
            delete(a);
            delete(b);
            System.out.printf(Locale.ROOT, "power seed %d/%d (%s)%n", s, powerSeeds, c.design());
        }
        int familyErrors = 0;
        int familyErrorsBh = 0;
        String design = "";
        Path previous = run(spec, work.resolve("n-0"), List.of("seed=1000", perPrompt));
        for (int p = 1; p <= nullPairs; p++) {
            Path next = run(spec, work.resolve("n-" + p), List.of("seed=" + (1000 + p), perPrompt));
            AuditComparison c = AuditComparison.of(next, previous, 0.95, 0.05);
            design = c.design();
            if (c.occupations().stream().anyMatch(org.biaslab.metric.representation.OccupationChanges.Change::moved)) {
                familyErrors++;
            }
            if (c.occupations().stream().anyMatch(ch -> ch.womanBh() < 0.05)) {
                familyErrorsBh++;
            }
            delete(previous);
            previous = next;
            if (p % 10 == 0) {
                System.out.printf(Locale.ROOT, "null pair %d/%d: %d with a false positive so far%n", p, nullPairs,
                        familyErrors);
            }
        }
        delete(previous);
        System.out.printf(Locale.ROOT, "%nPOWER (%d seeds, %d images per occupation, declared change of 10 points, "
                + "paired, Holm at 0.05):%n", powerSeeds, images);
        double[] rates = org.biaslab.metric.representation.ComparisonPower.rates(
                org.biaslab.metric.validity.ClassifierValidity.read(root.resolve("experiments/simulated-confusion.json"))
                        .matrix());
        double level = org.biaslab.metric.representation.ComparisonPower.perTestLevel(0.05, 13);
        for (int i = 0; i < CHANGED.size(); i++) {
            double from = base.get(CHANGED.get(i));
            double to = from + (i == 1 ? -0.10 : 0.10);
            double[] before = org.biaslab.metric.representation.ComparisonPower.perceived(from, rates);
            double[] after = org.biaslab.metric.representation.ComparisonPower.perceived(to, rates);
            double seen = after[0] - before[0];
            double planned = org.biaslab.metric.representation.ComparisonPower.paired(seen, Math.abs(seen),
                    images * (before[1] + after[1]) / 2, level);
            System.out.printf(Locale.ROOT, "  %s (declared %.3f -> %.3f): moved in %s; `plan` (best case, normal "
                    + "approximation): %.1f%%%n", CHANGED.get(i), from, to, share(detected[i], powerSeeds), 100 * planned);
        }
        System.out.printf(Locale.ROOT, "  unchanged occupations flagged: %d of %d (%s of seed pairs had any)%n",
                falseInPower, 10 * powerSeeds, share(anyFalseInPower, powerSeeds));
        System.out.printf(Locale.ROOT, "POWER with Benjamini-Hochberg (q < 0.05) instead of Holm:%n");
        for (int i = 0; i < CHANGED.size(); i++) {
            System.out.printf(Locale.ROOT, "  %s: moved in %s%n", CHANGED.get(i), share(detectedBh[i], powerSeeds));
        }
        System.out.printf(Locale.ROOT, "  unchanged occupations flagged: %d of %d%n", falseBh, 10 * powerSeeds);
        System.out.printf(Locale.ROOT, "NULL (%d pairs of runs with the same declared truths, other seeds, %s, Holm at "
                + "0.05): any occupation flagged in %s (nominal at most 5%%)%n", nullPairs, design,
                share(familyErrors, nullPairs));
        System.out.printf(Locale.ROOT, "NULL with Benjamini-Hochberg: any occupation flagged in %s (under the global "
                + "null the false discovery rate is the family-wise rate)%n", share(familyErrorsBh, nullPairs));
    }

    private static String share(long k, long n) {
        Estimate e = Intervals.wilson(k, n, 0.95);
        return String.format(Locale.ROOT, "%d of %d = %.1f%% [%.1f, %.1f]", k, n, 100 * e.value(), 100 * e.lower(),
                100 * e.upper());
    }

    private static Path run(Path spec, Path out, List<String> overrides) throws Exception {
        Experiment<?> e = Experiment.load(spec, overrides, Kinds.REGISTRY);
        new Runner(new PrintStream(new ByteArrayOutputStream()), 2).run(e, out, overrides);
        return out;
    }

    private static Map<String, Double> declared(Path run) throws Exception {
        Map<String, Double> out = new LinkedHashMap<>();
        for (var o : Json.mapper().readTree(run.resolve("results.json").toFile()).get("occupations")) {
            out.put(o.get("occupationId").asText(), o.get("declaredShareWomen").asDouble());
        }
        return out;
    }

    private static void delete(Path dir) throws Exception {
        try (var s = Files.walk(dir)) {
            List<Path> all = new ArrayList<>(s.toList());
            java.util.Collections.reverse(all);
            for (Path p : all) {
                Files.deleteIfExists(p);
            }
        }
    }
}
