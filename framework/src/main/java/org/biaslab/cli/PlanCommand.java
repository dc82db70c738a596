package org.biaslab.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.biaslab.metric.representation.ComparisonPower;
import org.biaslab.metric.validity.ClassifierValidity;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code plan}: how many images per occupation a comparison needs to find a change of the perceived
 * woman share, or, with {@code --images}, how often it finds one at that size; the tests and the
 * multiple-testing level of {@code compare} ({@link ComparisonPower}).
 */
@Command(name = "plan", mixinStandardHelpOptions = true,
        description = "Images per occupation that `compare` (or an intervention) needs to find a change of the "
                + "perceived woman share with a wanted power, unpaired and paired, after the classifier's errors "
                + "(--validity) and Holm across occupations; or the power at --images.")
final class PlanCommand implements Callable<Integer> {
    @Option(names = "--change", required = true, paramLabel = "D",
            description = "change of the true woman share to find, e.g. 0.10 for 10 points")
    double change;

    @Option(names = "--share", paramLabel = "P", description = "true woman share before the change (default 0.5)")
    double share = 0.5;

    @Option(names = "--occupations", paramLabel = "M", description = "occupations compared (default 1)")
    int occupations = 1;

    @Option(names = "--alpha", description = "family-wise level of the Holm-adjusted tests (default 0.05)")
    double alpha = 0.05;

    @Option(names = "--power", description = "wanted power (default 0.8)")
    double power = 0.8;

    @Option(names = "--validity", paramLabel = "FILE",
            description = "classifier validity record (biaslab-classifier-validity JSON, e.g. models/validity/...): "
                    + "its confusion rates shrink the change and the images that enter the share")
    Path validity;

    @Option(names = "--discordance", paramLabel = "PSI",
            description = "paired design: share of images decided in both runs that the runs read differently "
                    + "(default: only the images whose truth changed, the best case)")
    Double discordance;

    @Option(names = "--images", paramLabel = "N", description = "print the power at N images per occupation and run")
    Long images;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        double after = share + change;
        if (!(share >= 0 && share <= 1) || !(after >= 0 && after <= 1) || change == 0) {
            throw bad("--share and --share + --change must lie in [0, 1] and --change must not be 0 (got " + share
                    + " and " + change + ")");
        }
        if (occupations < 1 || !(alpha > 0 && alpha < 1) || !(power > 0 && power < 1)) {
            throw bad("--occupations must be at least 1 and --alpha, --power in (0, 1)");
        }
        if (images != null && images < 1) {
            throw bad("--images must be at least 1, got " + images);
        }
        double[] rates = {1, 0, 0, 1};
        String perceiver = "a perceiver that reads every image right";
        if (validity != null) {
            ClassifierValidity v = ClassifierValidity.read(validity);
            try {
                rates = ComparisonPower.rates(v.matrix());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(validity + ": " + e.getMessage(), e);
            }
            perceiver = v.classifierId() + " on " + v.dataset() + " (" + validity + ")";
        }
        double[] before = ComparisonPower.perceived(share, rates);
        double[] later = ComparisonPower.perceived(after, rates);
        double seen = later[0] - before[0];
        double decided = (before[1] + later[1]) / 2;
        double level = ComparisonPower.perTestLevel(alpha, occupations);
        PrintWriter o = spec.commandLine().getOut();
        o.printf(Locale.ROOT, "change of the true woman share %.3f -> %.3f (%+.1f points), %d occupation(s), Holm at %s "
                + "(a single change is found at alpha / %d = %.4g), power %.0f%%%n", share, after, change * 100,
                occupations, alpha, occupations, level, power * 100);
        o.printf(Locale.ROOT, "perceiver: %s%n  perceived woman share %.3f -> %.3f (%+.1f points), %.1f%% of images "
                + "decided (a woman or a man)%n", perceiver, before[0], later[0], seen * 100, decided * 100);
        // unpaired: two independent sets of images
        if (images != null) {
            o.printf(Locale.ROOT, "unpaired (different seeds): power %.1f%% at %d images per occupation and run%n",
                    100 * ComparisonPower.unpaired(later[0], before[0], images * later[1], images * before[1], level), images);
        } else {
            long n = ComparisonPower.imagesNeededUnpaired(later[0], before[0], decided, level, power);
            o.println("unpaired (different seeds): " + count(n) + " per occupation and run");
        }
        // paired: the same prompts and seeds; among images decided in both runs, psi read differently
        double psi = discordance != null ? discordance : Math.abs(seen);
        if (!(psi >= Math.abs(seen) && psi <= 1)) {
            throw bad("--discordance must lie between the perceived change " + String.format(Locale.ROOT, "%.3f",
                    Math.abs(seen)) + " and 1, got " + psi);
        }
        String how = discordance != null ? String.format(Locale.ROOT, "%.1f%% of decided images read differently", psi * 100)
                : "best case: only the images whose truth changed are read differently";
        if (images != null) {
            o.printf(Locale.ROOT, "paired (same seeds; %s): power %.1f%% at %d images per occupation (if the runs decide "
                    + "the same images)%n", how,
                    100 * ComparisonPower.paired(seen, psi, images * decided, level), images);
        } else {
            long n = ComparisonPower.imagesNeededPaired(seen, psi, level, power);
            long total = n < 0 ? -1 : (long) Math.ceil(n / decided);
            o.println("paired (same seeds; " + how + "): " + count(total) + " per occupation (" + count(n)
                    + " decided in both runs, if the runs decide the same images)");
        }
        o.println("normal approximations of the pooled z-test and McNemar's test, the tests of `compare`; docs/compare.md");
        o.flush();
        return Main.OK;
    }

    private static String count(long n) {
        return n < 0 ? "more than " + String.format(Locale.ROOT, "%,d", ComparisonPower.MAX_IMAGES) + " images"
                : String.format(Locale.ROOT, "%,d images", n);
    }

    private CommandLine.ParameterException bad(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }
}
