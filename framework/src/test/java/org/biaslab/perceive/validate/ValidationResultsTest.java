package org.biaslab.perceive.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.biaslab.perceive.skin.ItaCategory;
import org.junit.jupiter.api.Test;

/** Hand-computed counts over a small set of outcomes. */
class ValidationResultsTest {

    private static ImageOutcome face(String file, String truth, String group, String outcome, double p, double ita,
            boolean reliable) {
        LabelledFile l = new LabelledFile(file, truth == null ? "Pass" : truth, truth, Map.of("race", group));
        return new ImageOutcome(l, outcome, p, 30, 1, ita, ItaCategory.of(ita), 5, reliable ? Set.of() : Set.of("OVEREXPOSED"),
                reliable, null);
    }

    private static ImageOutcome none(String file, String truth, String group) {
        LabelledFile l = new LabelledFile(file, truth == null ? "Pass" : truth, truth, Map.of("race", group));
        return new ImageOutcome(l, "no face", Double.NaN, Double.NaN, 0, Double.NaN, null, 0, Set.of(), false, null);
    }

    private static List<ImageOutcome> sample() {
        List<ImageOutcome> o = new ArrayList<>();
        o.add(face("1", "woman", "White", "woman", 0.9, 50, true));
        o.add(face("2", "woman", "White", "man", 0.2, 45, true));
        o.add(face("3", "man", "White", "man", 0.1, 40, false));
        o.add(face("4", "man", "Black", "man", 0.05, -10, true));
        o.add(face("5", "woman", "Black", "woman", 0.8, 0, true));
        o.add(face("6", "man", "Black", "uncertain", 0.55, 5, true));
        o.add(none("7", "woman", "Black"));
        o.add(face("8", null, "Black", "woman", 0.95, 60, true));
        o.add(ImageOutcome.failed(new LabelledFile("9", "male", "man", Map.of("race", "White")), "decode: truncated"));
        return o;
    }

    @Test
    void countsAccuracyAndAbstentionsFollowTheDenominators() {
        ValidationResults r = new ValidationResults(sample(), List.of("race"));
        assertEquals(9, r.images());
        assertEquals(1, r.errors());
        assertEquals(1, r.excluded());
        // scored: labelled and read = 1..7
        assertEquals(7, r.matrix().n());
        assertEquals(5, r.matrix().decided());
        assertEquals(4, r.matrix().correct());
        assertEquals(0.8, r.matrix().accuracy(0.95).value(), 1e-12);
        assertEquals(1, r.matrix().abstainedTotal("no face"));
        assertEquals(1, r.matrix().abstainedTotal("uncertain"));
        // read images 1..8: 7 with a face
        assertEquals(7.0 / 8, r.detectionRate().value(), 1e-12);
        assertEquals(6, r.calibration().n());
    }

    @Test
    void groupSharesCountPassImagesAsPerceivedButNeverAsLabelled() {
        ValidationResults r = new ValidationResults(sample(), List.of("race"));
        ValidationResults.GroupShares black = r.shares("race").get(0);
        assertEquals("Black", black.value());
        assertEquals(5, black.images());
        assertEquals(1, black.excluded());
        // decided faces among Black: 4 man, 5 woman, 8 woman -> 2 of 3
        assertEquals(2.0 / 3, black.perceivedWoman().value(), 1e-12);
        // labelled Black: 4 man, 5 woman, 6 man, 7 woman -> 2 of 4
        assertEquals(0.5, black.labelledWoman().value(), 1e-12);
        assertEquals(1.0, black.agreement().value(), 1e-12);
        assertEquals(0.2, black.noFace().value(), 1e-12);
        ValidationResults.GroupShares white = r.shares("race").get(1);
        assertEquals(3, white.images());
        assertEquals(2.0 / 3, white.agreement().value(), 1e-12);
    }

    @Test
    void itaAucSeparatesWhiteFromBlackAndReliableOnlyDropsFlaggedFaces() {
        ValidationResults r = new ValidationResults(sample(), List.of("race"));
        assertEquals(List.of(List.of("race", "White", "Black")), r.itaPairs());
        // White ITA 50, 45, 40 vs Black -10, 0, 5, 60: pairs won 3*3 of 12
        assertEquals(9.0 / 12, r.itaAuc("race", "White", "Black", false).auc().value(), 1e-12);
        assertEquals(2, r.itaAuc("race", "White", "Black", true).positives());
        ValidationResults.ItaDistribution white = r.ita("race", "White");
        assertEquals(3, white.faces());
        assertEquals(45.0, white.quantiles()[2], 1e-12);
        assertEquals(1.0 / 3, white.unreliable().value(), 1e-12);
        assertTrue(r.toJson().containsKey("itaAuc"));
    }

    @Test
    void theImageTableListsFlagsSortedAndQuotesFormulaLikeCells() {
        LabelledFile l = new LabelledFile("=cmd.jpg", "male", "man", Map.of("race", "White"));
        ImageOutcome o = new ImageOutcome(l, "man", 0.1, 30, 2, 40, ItaCategory.of(40), 4,
                Set.of("UNEVEN_LIGHTING", "COLOURED_LIGHT", "OVEREXPOSED"), false, null);
        String csv = ValidationReport.csv(new ValidationResults(List.of(o), List.of("race")));
        String row = csv.split("\n")[1];
        assertTrue(row.startsWith("\"'=cmd.jpg\",male,man,White,man,0.100000,30.00,2,40.000,intermediate,4,"
                + "COLOURED_LIGHT;OVEREXPOSED;UNEVEN_LIGHTING,false,"), row);
    }
}
