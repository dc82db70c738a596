package org.biaslab.metric;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.biaslab.metric.ImageObjectGender.Image;
import org.junit.jupiter.api.Test;

/** Object x perceived-gender co-occurrence and bias amplification on a case counted by hand. */
class ImageObjectGenderTest {
    /** 4 images perceived as women, 6 as men. */
    static List<Image> images() {
        return List.of(
                new Image(true, Set.of("laptop", "cup")), new Image(true, Set.of("cup")),
                new Image(true, Set.of("handbag")), new Image(true, Set.of()),
                new Image(false, Set.of("laptop")), new Image(false, Set.of("laptop", "tie")),
                new Image(false, Set.of("tie")), new Image(false, Set.of()),
                new Image(false, Set.of("cup")), new Image(false, Set.of()));
    }

    /** Reference: 100 women, 200 men; handbag below the 10-image floor. */
    static final Map<String, long[]> REF = Map.of("laptop", new long[] {20, 20}, "cup", new long[] {30, 30},
            "handbag", new long[] {9, 0}, "tie", new long[] {5, 45}, "bus", new long[] {1, 50});

    @Test
    void cooccurrenceCountedByHand() {
        ImageObjectGender.Cooccurrence c = ImageObjectGender.cooccurrence(images(), 0.95);
        assertEquals(4, c.womenImages());
        assertEquals(6, c.menImages());
        // cup 2/4 - 1/6, handbag 1/4 - 0, laptop 1/4 - 2/6, tie 0 - 2/6: most tied to women first
        assertEquals(List.of("cup", "handbag", "laptop", "tie"), c.objects().stream()
                .map(ImageObjectGender.ObjectShare::object).toList());
        ImageObjectGender.ObjectShare cup = c.objects().get(0);
        assertEquals(2, cup.women());
        assertEquals(1, cup.men());
        assertEquals(0.5, cup.shares().a().value(), 1e-12);
        assertEquals(1.0 / 6, cup.shares().b().value(), 1e-12);
        assertEquals(0.5 - 1.0 / 6, cup.shares().difference().value(), 1e-12);
        assertEquals(Intervals.wilson(2, 4, 0.95), cup.shares().a());
        assertEquals(-1.0 / 3, c.objects().get(3).shares().difference().value(), 1e-12);
        // Holm over four p-values: never below the raw one, at most four times it
        for (ImageObjectGender.ObjectShare o : c.objects()) {
            assertTrue(o.holmP() >= o.shares().pValue() - 1e-15 && o.holmP() <= Math.min(1, 4 * o.shares().pValue())
                    + 1e-12, o.toString());
        }
        assertEquals(List.of("cup", "handbag"), c.mostSkewed(true, 1, 5).stream()
                .map(ImageObjectGender.ObjectShare::object).toList());
        assertEquals(List.of("tie", "laptop"), c.mostSkewed(false, 1, 5).stream()
                .map(ImageObjectGender.ObjectShare::object).toList());
        assertEquals(List.of("laptop"), c.mostSkewed(false, 3, 5).stream()
                .map(ImageObjectGender.ObjectShare::object).toList(), "tie is in 2 images, below 3");
    }

    @Test
    void fisherExactMatchesScipy() {
        // scipy.stats.fisher_exact([[2, 0], [5, 59]]) and ([[2, 2], [1, 5]]), ([[1, 3], [2, 4]])
        assertEquals(0.00979020979020979, ImageObjectGender.fisher(2, 2, 5, 64), 1e-13);
        assertEquals(0.5, ImageObjectGender.fisher(2, 4, 1, 6), 1e-13);
        assertEquals(1.0, ImageObjectGender.fisher(1, 4, 2, 6), 1e-13);
        ImageObjectGender.Cooccurrence c = ImageObjectGender.cooccurrence(images(), 0.95);
        assertEquals(ImageObjectGender.fisher(2, 4, 1, 6), c.objects().get(0).shares().pValue(), 1e-15, "cup");
    }

    @Test
    void amplificationCountedByHand() {
        ImageObjectGender.Amplification a = ImageObjectGender.amplification(images(), 100, 200, REF, 10, 0.95, 500,
                7);
        // O = {cup, laptop, tie}: handbag has 9 reference images, bus is never found
        assertEquals(List.of("cup", "laptop", "tie"), a.terms().stream().map(ImageObjectGender.Term::object).sorted()
                .toList());
        // Zhao: laptop and cup b* = 1/2 add 0; tie favours men, b* = 45/50, b~ = 2/2
        assertEquals((1.0 - 0.9) / 3, a.value().value(), 1e-12);
        ImageObjectGender.Term tie = a.terms().stream().filter(t -> t.object().equals("tie")).findFirst()
                .orElseThrow();
        assertEquals(ImageObjectGender.MEN, tie.favours());
        assertEquals(0.9, tie.reference(), 1e-12);
        assertEquals(1.0, tie.found(), 1e-12);
        assertEquals("", a.terms().stream().filter(t -> t.object().equals("cup")).findFirst().orElseThrow()
                .favours());
        // normalised: reference shares laptop .2/.1, cup .3/.15 (both 2/3 women), tie .05/.225 (men .225/.275);
        // found: laptop (1/4)/(1/4+2/6), cup (2/4)/(2/4+1/6), tie men (2/6)/(0+2/6) = 1
        double laptop = 0.25 / (0.25 + 2.0 / 6) - 2.0 / 3;
        double cup = 0.5 / (0.5 + 1.0 / 6) - 2.0 / 3;
        double tieN = 1.0 - 0.225 / 0.275;
        assertEquals((laptop + cup + tieN) / 3, a.normalised().value(), 1e-12);
        assertEquals(ImageObjectGender.WOMEN, a.terms().stream().filter(t -> t.object().equals("cup")).findFirst()
                .orElseThrow().favoursNormalised());
        assertTrue(a.value().lower() <= a.value().value() && a.value().value() <= a.value().upper());
        assertTrue(a.value().upper() > a.value().lower(), "resampling ten images moves BA");
        assertEquals(10, a.value().n());
        assertEquals(4, a.womenImages());
        assertEquals(6, a.menImages());
        // same seed, same interval
        assertEquals(a, ImageObjectGender.amplification(images(), 100, 200, REF, 10, 0.95, 500, 7));
    }

    @Test
    void imagesThatCopyTheReferenceAmplifyNothing() {
        // 20 women and 40 men images holding objects at the reference's shares: both BAs are exactly 0
        List<Image> ims = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            ims.add(new Image(true, i < 4 ? Set.of("laptop") : i < 5 ? Set.of("tie") : Set.of()));
        }
        for (int i = 0; i < 40; i++) {
            ims.add(new Image(false, i < 4 ? Set.of("laptop") : i < 13 ? Set.of("tie") : Set.of()));
        }
        // reference laptop 20/20 of 100/200 -> shares .2/.1; tie 5/45 -> .05/.225; here laptop 4/20 = .2 and
        // 4/40 = .1, tie 1/20 = .05 and 9/40 = .225; by counts laptop 4/8 = 1/2 as b*, tie 9/10 = b*
        ImageObjectGender.Amplification a = ImageObjectGender.amplification(ims, 100, 200, REF, 10, 0.95, 200, 1);
        assertEquals(0, a.value().value(), 1e-12);
        assertEquals(0, a.normalised().value(), 1e-12);
    }

    @Test
    void oneGroupOnlyLeavesTheNormalisedFormUndefined() {
        List<Image> ims = List.of(new Image(true, Set.of("laptop")), new Image(true, Set.of("cup")));
        ImageObjectGender.Amplification a = ImageObjectGender.amplification(ims, 100, 200, REF, 10, 0.95, 100, 3);
        assertTrue(a.value().defined());
        assertFalse(a.normalised().defined());
        assertTrue(a.normalised().method().contains("needs images perceived as women and as men"),
                a.normalised().method());
        ImageObjectGender.Amplification none = ImageObjectGender.amplification(List.of(new Image(true,
                Set.of("handbag"))), 100, 200, REF, 10, 0.95, 100, 3);
        assertFalse(none.value().defined());
        assertTrue(none.value().method().contains("10 reference images"), none.value().method());
    }
}
