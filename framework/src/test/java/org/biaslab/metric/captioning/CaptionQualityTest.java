package org.biaslab.metric.captioning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.biaslab.metric.Estimate;
import org.junit.jupiter.api.Test;

class CaptionQualityTest {
    private static final String[][] SCENES = {
        {"a man riding a wave on a surfboard", "a surfer rides a large wave", "a person surfing in the ocean"},
        {"two dogs playing in the snow", "dogs run through deep snow", "a pair of dogs in a snowy field"},
        {"a red bus parked on the street", "a double decker bus on a city road", "a bus stopped at the curb"},
        {"a plate of food with broccoli", "a dinner plate with meat and vegetables", "broccoli and rice on a plate"},
        {"a cat sleeping on a couch", "a cat curled up on a sofa", "a sleeping cat on the cushions"},
        {"a woman holding an umbrella", "a lady with an umbrella in the rain", "a person walking with an umbrella"},
        {"a train on the tracks", "a passenger train pulling into a station", "a long train near a platform"},
        {"a kitchen with a stove", "a small kitchen with white cabinets", "a stove and sink in a kitchen"},
    };

    private final CaptionQuality quality = new CaptionQuality();

    private static Map<Long, List<String>> references(int images) {
        Map<Long, List<String>> refs = new HashMap<>();
        for (int i = 0; i < images; i++) {
            String[] s = SCENES[i % SCENES.length];
            refs.put((long) i, List.of(s[0], s[1] + " " + (i / SCENES.length), s[2]));
        }
        return refs;
    }

    /** Weak captions: the first two words of the first reference. */
    private static Map<Long, String> weak(int images) {
        Map<Long, String> out = new LinkedHashMap<>();
        for (int i = 0; i < images; i++) {
            String[] w = SCENES[i % SCENES.length][0].split(" ");
            out.put((long) i, w[0] + " " + w[1]);
        }
        return out;
    }

    /** Good captions: the first reference, capitalised with a final period (tokenization undoes both). */
    private static Map<Long, String> good(int images) {
        Map<Long, String> out = new LinkedHashMap<>();
        for (int i = 0; i < images; i++) {
            String s = SCENES[i % SCENES.length][0];
            out.put((long) i, Character.toUpperCase(s.charAt(0)) + s.substring(1) + ".");
        }
        return out;
    }

    @Test
    void evaluateAllEqualsEvaluatingEachSetAlone() {
        Map<Long, List<String>> refs = references(16);
        List<CaptionQualityResult> both = quality.evaluateAll(List.of(weak(16), good(16)), refs);
        for (int k = 0; k < 2; k++) {
            CaptionQualityResult alone = quality.evaluate(k == 0 ? weak(16) : good(16), refs);
            assertEquals(alone.bleu(), both.get(k).bleu());
            assertEquals(alone.ciderD(), both.get(k).ciderD());
            assertEquals(alone.referencesHash(), both.get(k).referencesHash());
        }
        Map<Long, String> fewer = new LinkedHashMap<>(good(16));
        fewer.remove(3L);
        assertThrows(IllegalArgumentException.class, () -> quality.evaluateAll(List.of(weak(16), fewer), refs));
    }

    @Test
    void tokenizationMakesCaseAndFinalPeriodIrrelevant() {
        Map<Long, List<String>> refs = references(8);
        Map<Long, String> plain = new LinkedHashMap<>();
        for (int i = 0; i < 8; i++) {
            plain.put((long) i, SCENES[i][0]);
        }
        CaptionQualityResult a = quality.evaluate(good(8), refs);
        CaptionQualityResult b = quality.evaluate(plain, refs);
        assertEquals(b.bleu(), a.bleu());
        assertEquals(b.ciderD(), a.ciderD());
        assertTrue(a.bleu4() > 0.5, "a reference as candidate scores high: " + a.bleu4());
    }

    @Test
    void referencesOfOtherImagesAreIgnored() {
        Map<Long, List<String>> refs = references(8);
        Map<Long, List<String>> more = new HashMap<>(references(16));
        CaptionQualityResult a = quality.evaluate(good(8), refs);
        CaptionQualityResult b = quality.evaluate(good(8), more);
        // images 0..7 hold the same references in both maps only for the first 8 keys
        assertEquals(a.ciderDScore(), b.ciderDScore(), 0.0);
        assertEquals(a.referencesHash(), b.referencesHash());
    }

    @Test
    void missingReferencesAreNamed() {
        Map<Long, List<String>> refs = new HashMap<>(references(8));
        refs.remove(3L);
        refs.put(5L, List.of());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> quality.evaluate(good(8), refs));
        assertTrue(e.getMessage().contains("2 of 8") && e.getMessage().contains("[3, 5]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> quality.evaluate(Map.of(), refs));
    }

    @Test
    void pairedDifferenceOfIdenticalSetsIsExactlyZero() {
        Map<Long, List<String>> refs = references(24);
        CaptionQualityResult a = quality.evaluate(weak(24), refs);
        CaptionQualityResult b = quality.evaluate(weak(24), refs);
        Estimate d = QualityBootstrap.ciderDDifference(a, b, 0.95, 500, 7);
        assertEquals(0.0, d.value(), 0.0);
        assertEquals(0.0, d.lower(), 0.0);
        assertEquals(0.0, d.upper(), 0.0);
        Estimate db = QualityBootstrap.bleuDifference(a, b, 4, 0.95, 500, 7);
        assertEquals(0.0, db.lower(), 0.0);
        assertEquals(0.0, db.upper(), 0.0);
        assertEquals(24, db.n());
    }

    @Test
    void betterCaptionsGiveAPositiveDifferenceWhoseIntervalExcludesZero() {
        Map<Long, List<String>> refs = references(40);
        CaptionQualityResult before = quality.evaluate(weak(40), refs);
        CaptionQualityResult after = quality.evaluate(good(40), refs);
        Estimate dc = QualityBootstrap.ciderDDifference(before, after, 0.95, 1000, 11);
        Estimate db = QualityBootstrap.bleuDifference(before, after, 4, 0.95, 1000, 11);
        assertEquals(after.ciderDScore() - before.ciderDScore(), dc.value(), 1e-12);
        assertTrue(dc.lower() > 0, dc.toString());
        assertTrue(db.lower() > 0, db.toString());
        assertTrue(dc.sd() > 0 && Double.isNaN(db.sd()));
        // the other direction flips the sign
        Estimate back = QualityBootstrap.ciderDDifference(after, before, 0.95, 1000, 11);
        assertEquals(-dc.value(), back.value(), 1e-12);
        assertEquals(-dc.upper(), back.lower(), 1e-12);
    }

    @Test
    void bootstrapIsSeededAndItsIntervalContainsThePointValue() {
        Map<Long, List<String>> refs = references(40);
        CaptionQualityResult r = quality.evaluate(weak(40), refs);
        Estimate a = QualityBootstrap.ciderD(r, 0.95, 400, 3);
        Estimate b = QualityBootstrap.ciderD(r, 0.95, 400, 3);
        Estimate c = QualityBootstrap.ciderD(r, 0.95, 400, 4);
        assertEquals(a, b);
        assertNotEquals(a.lower(), c.lower());
        assertTrue(a.lower() <= a.value() && a.value() <= a.upper());
        assertEquals(40, a.n());
        Estimate bl = QualityBootstrap.bleu(r, 1, 0.95, 400, 3);
        assertEquals(r.bleu().corpus(1), bl.value(), 0.0);
        assertTrue(bl.lower() < bl.value() && bl.value() < bl.upper(), bl.toString());
    }

    @Test
    void comparisonsRequireTheSameImagesAndReferences() {
        Map<Long, List<String>> refs = references(16);
        CaptionQualityResult a = quality.evaluate(weak(16), refs);
        CaptionQualityResult fewer = quality.evaluate(weak(8), refs);
        Map<Long, List<String>> other = new HashMap<>(refs);
        other.put(0L, List.of("something else entirely"));
        CaptionQualityResult otherRefs = quality.evaluate(weak(16), other);
        assertThrows(IllegalArgumentException.class, () -> QualityBootstrap.ciderDDifference(a, fewer, 0.95, 10, 1));
        assertThrows(IllegalArgumentException.class, () -> QualityBootstrap.bleuDifference(a, otherRefs, 4, 0.95, 10, 1));
        assertThrows(IllegalArgumentException.class, () -> QualityBootstrap.ciderD(a, 1.5, 10, 1));
    }
}
