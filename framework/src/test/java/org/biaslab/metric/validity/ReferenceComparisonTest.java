package org.biaslab.metric.validity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.biaslab.metric.Estimate;
import org.junit.jupiter.api.Test;

class ReferenceComparisonTest {

    @Test
    void pairedDifferenceMatchesNewcombesSquareAndAddOnAPublishedTable() {
        // Cavo et al. 2012 (complete response before / after consolidation therapy), Fagerland, Lydersen
        // and Laake 2017, chapter 8: n = [[59, 6], [16, 80]], estimate -0.0621, Newcombe 95% CI
        // -0.1186 to -0.0046
        Estimate e = ReferenceComparison.pairedDifference(59, 6, 16, 80, 0.95);
        assertEquals(-10.0 / 161, e.value(), 1e-12);
        assertEquals(-0.1186, e.lower(), 5e-5);
        assertEquals(-0.0046, e.upper(), 5e-5);
        assertEquals(161, e.n());
        assertTrue(e.method().contains("Newcombe"), e.method());
    }

    @Test
    void pairedDifferenceWithoutDiscordantPairsIsZeroAndTheIntervalHoldsIt() {
        Estimate e = ReferenceComparison.pairedDifference(30, 0, 0, 50, 0.95);
        assertEquals(0, e.value(), 0);
        assertTrue(e.lower() < 0 && e.upper() > 0, e.toString());
        assertTrue(e.lower() >= -1 && e.upper() <= 1);
        // the same margins without the pairing (independent-looking table) give a wider interval:
        // the positive correlation of paired answers narrows it
        Estimate loose = ReferenceComparison.pairedDifference(12, 18, 18, 32, 0.95);
        assertTrue(loose.upper() - loose.lower() > e.upper() - e.lower());
        assertFalse(ReferenceComparison.pairedDifference(0, 0, 0, 0, 0.95).defined());
        assertThrows(IllegalArgumentException.class, () -> ReferenceComparison.pairedDifference(-1, 0, 0, 1, 0.95));
    }

    @Test
    void splitsImagesIntoPairedUndecidedAndUnlabelledByHand() {
        List<String> perceived = List.of("woman", "man", "no face", "woman", "uncertain", "", "woman", "man");
        List<String> reference = List.of("woman", "woman", "woman", "man", "man", "woman", "other", "man");
        ReferenceComparison c = ReferenceComparison.of(perceived, reference, 0.95);
        assertEquals(8, c.images());
        assertEquals(4.0 / 7, c.referenceWoman().value(), 1e-12);
        assertEquals(7, c.referenceWoman().n());
        assertEquals(3.0 / 5, c.perceivedWoman().value(), 1e-12);
        assertEquals(5, c.perceivedWoman().n());
        assertEquals(1.0 / 7, c.noFace().value(), 1e-12); // the unperceived image is not in the denominator
        assertEquals(2.0 / 4, c.undecidedWoman().value(), 1e-12); // no face + not perceived
        assertEquals(1.0 / 3, c.undecidedMan().value(), 1e-12); // uncertain
        assertEquals(1, c.decidedUnlabelled());
        ReferenceComparison.Paired p = c.same();
        assertEquals(List.of(1L, 1L, 1L, 1L), List.of(p.womanWoman(), p.womanMan(), p.manWoman(), p.manMan()));
        assertEquals(4, p.n());
        assertEquals(0.5, p.reference().value(), 1e-12);
        assertEquals(0.5, p.perceived().value(), 1e-12);
        assertEquals(0, p.difference().value(), 1e-12);
        assertEquals(0.5, p.agreement().value(), 1e-12);
    }

    @Test
    void theGapIsSelectionPlusClassifierErrorPlusUnlabelledImages() {
        // reference women are often undecided (selection), one reference man is read as a woman
        // (classifier error), and one unlabelled image is decided as a woman
        List<String> perceived = List.of("no face", "no face", "woman", "woman", "man", "man", "woman", "woman");
        List<String> reference = List.of("woman", "woman", "woman", "man", "man", "man", "other", "woman");
        ReferenceComparison c = ReferenceComparison.of(perceived, reference, 0.95);
        double gap = c.perceivedWoman().value() - c.referenceWoman().value();
        double selection = c.same().reference().value() - c.referenceWoman().value();
        double classifier = c.same().difference().value();
        double unlabelled = c.perceivedWoman().value() - c.same().perceived().value();
        assertEquals(gap, selection + classifier + unlabelled, 1e-12);
        assertEquals(4.0 / 7, c.referenceWoman().value(), 1e-12);
        assertEquals(2.0 / 5, c.same().reference().value(), 1e-12);
        assertEquals(1.0 / 5, classifier, 1e-12);
        assertEquals(0.5, c.undecidedWoman().value(), 1e-12);
        assertEquals(0, c.undecidedMan().value(), 1e-12);
    }

    @Test
    void noLabelsGiveUndefinedSharesNotZeros() {
        ReferenceComparison c = ReferenceComparison.of(List.of("woman", "no face"), List.of("", "other"), 0.95);
        assertFalse(c.referenceWoman().defined());
        assertFalse(c.same().difference().defined());
        assertFalse(c.undecidedWoman().defined());
        assertEquals(1.0, c.perceivedWoman().value(), 0);
    }

    @Test
    void unknownValuesAreNamedWithTheirItem() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ReferenceComparison.of(List.of("woman", "female"), List.of("woman", "man"), 0.95));
        assertTrue(e.getMessage().contains("perceived item 1") && e.getMessage().contains("'female'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> ReferenceComparison.of(List.of("woman"), List.of("Pass"), 0.95));
        assertTrue(e.getMessage().contains("reference item 0") && e.getMessage().contains("'Pass'"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ReferenceComparison.of(List.of("woman"), List.of(), 0.95));
    }
}
