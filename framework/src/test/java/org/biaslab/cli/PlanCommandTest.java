package org.biaslab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.biaslab.metric.representation.ComparisonPower;
import org.junit.jupiter.api.Test;

class PlanCommandTest {
    private static final String CONFUSION =
            Path.of(System.getProperty("biaslab.root", "..")).resolve("experiments/simulated-confusion.json").toString();

    @Test
    void plansTheCalibrationsChangeThroughTheDeclaredConfusion() {
        CliRun.Result r = CliRun.run("plan", "--change", "0.10", "--share", "0.353", "--occupations", "13",
                "--validity", CONFUSION);
        assertEquals(0, r.code(), r.err());
        // the declared confusion (women read as women 70%, men as women 8%) shows a 10-point change as about 7
        assertTrue(r.out().contains("perceived woman share 0.33"), r.out());
        long unpaired = number(r.out(), "unpaired \\(different seeds\\): ([0-9,]+) images");
        long paired = number(r.out(), "changed are read differently\\): ([0-9,]+) images");
        assertTrue(unpaired > 1000, "unpaired " + unpaired);
        // pairing on the same seeds needs far fewer images, but more than the calibration's 100
        assertTrue(paired > 100 && paired < unpaired / 4, "paired " + paired);
    }

    @Test
    void powerAtAGivenSizeMatchesTheLibrary() {
        CliRun.Result r = CliRun.run("plan", "--change", "-0.10", "--share", "0.45", "--occupations", "13",
                "--images", "100");
        assertEquals(0, r.code(), r.err());
        double expected = 100 * ComparisonPower.unpaired(0.35, 0.45, 100, 100, 0.05 / 13);
        assertTrue(r.out().contains(String.format(java.util.Locale.ROOT, "power %.1f%% at 100 images", expected)), r.out());
    }

    @Test
    void badOptionsAreNamed() {
        CliRun.Result r = CliRun.run("plan", "--change", "0.6", "--share", "0.5");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--share and --share + --change must lie in [0, 1]"), r.err());
        r = CliRun.run("plan", "--change", "0.1", "--discordance", "0.01");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--discordance must lie between"), r.err());
        r = CliRun.run("plan", "--change", "0.1", "--validity", "no-such-file.json");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("no-such-file.json"), r.err());
    }

    private static long number(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        assertTrue(m.find(), regex + " in " + text);
        return Long.parseLong(m.group(1).replace(",", ""));
    }
}
