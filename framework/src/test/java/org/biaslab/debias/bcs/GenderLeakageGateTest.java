package org.biaslab.debias.bcs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.biaslab.debias.CorpusCaption;
import org.biaslab.metric.leakage.LeakageException;
import org.junit.jupiter.api.Test;

class GenderLeakageGateTest {
    @Test
    void masksMasculineAndFeminineWordsButKeepsNeutralOnes() throws Exception {
        GenderLeakageGate gate = BcsFixture.gate();
        assertEquals(List.of("a", "genderword", "'s", "genderword", "dog", "near", "a", "person", "and", "genderword", "."),
                gate.mask(List.of("A", "man", "'s", "his", "dog", "near", "a", "person", "and", "HER", ".")));
        assertTrue(gate.maskWords().contains("policewoman"));
        assertTrue(gate.maskWords().contains("him"));
        assertTrue(!gate.maskWords().contains("child"));
    }

    @Test
    void learnsTheContextOfTheSyntheticWorld() throws Exception {
        GenderLeakageGate gate = BcsFixture.gate();
        GenderLeakageGate.Stats s = gate.stats();
        // each of the two objects follows the stated gender with p = 0.85: the Bayes classifier is
        // right when both do (0.7225) and half the time when one does (0.255 / 2), 85% in all
        assertTrue(s.heldOutAccuracy().value() > 0.75, "held-out accuracy " + s.heldOutAccuracy());
        assertEquals(2L * s.heldOutPerClass(), s.heldOutAccuracy().n());
        assertEquals(1200, s.captionsOffered());
        assertEquals(s.captionsOffered(), s.femaleOffered() + s.maleOffered());
        // 600 images of two captions, 20% held out by image
        assertEquals(120, s.groupsHeldOut());
        assertTrue(2 * (s.trainPerClass() + s.heldOutPerClass()) <= s.captionsOffered());
        double[] p = gate.pFemale(List.of(
                List.of("a", "man", "holding", "a", "purse", "near", "the", "cake", "."),
                List.of("a", "woman", "holding", "a", "skateboard", "near", "the", "truck", ".")));
        assertTrue(p[0] > 0.8, "female context: " + p[0]);
        assertTrue(p[1] < 0.2, "male context: " + p[1]);
    }

    @Test
    void scoresDoNotDependOnTheBatch() throws Exception {
        GenderLeakageGate gate = BcsFixture.gate();
        List<List<String>> tokens = BcsFixture.tokens(BcsFixture.corpus().subList(0, 50));
        double[] all = gate.pFemale(tokens);
        for (int i = 0; i < tokens.size(); i += 7) {
            assertEquals(all[i], gate.pFemale(List.of(tokens.get(i)))[0], 0.0);
        }
    }

    @Test
    void balancesEachPartByDownsamplingTheMajority() throws Exception {
        List<List<String>> tokens = new ArrayList<>();
        int[] labels = new int[400];
        for (int i = 0; i < 400; i++) {
            boolean female = i % 4 == 0; // 100 female, 300 male
            labels[i] = female ? 1 : 0;
            tokens.add(List.of("a", female ? "woman" : "man", "with", female ? "cake" : (i % 3 == 0 ? "cake" : "truck")));
        }
        try (GenderLeakageGate gate = GenderLeakageGate.train(tokens, labels, BcsFixture.SWAPPER, 0.25, 9)) {
            GenderLeakageGate.Stats s = gate.stats();
            assertEquals(100, s.femaleOffered());
            assertEquals(300, s.maleOffered());
            assertEquals(100, s.groupsHeldOut());
            // female is the minority in both parts: every female caption is used once
            assertEquals(100, s.trainPerClass() + s.heldOutPerClass());
            assertTrue(s.heldOutPerClass() > 10 && s.heldOutPerClass() < 40, "held-out per class " + s.heldOutPerClass());
        }
    }

    @Test
    void sameSeedSameGate() throws Exception {
        List<CorpusCaption> corpus = BcsFixture.corpus();
        try (GenderLeakageGate a = GenderLeakageGate.trainOnCorpus(corpus, BcsFixture.SWAPPER, 32, 0.2, 42);
                GenderLeakageGate b = GenderLeakageGate.trainOnCorpus(corpus, BcsFixture.SWAPPER, 32, 0.2, 42)) {
            List<List<String>> tokens = BcsFixture.tokens(corpus.subList(0, 40));
            assertArrayEquals(a.pFemale(tokens), b.pFemale(tokens), 0.0);
            assertEquals(a.stats(), b.stats());
        }
    }

    @Test
    void rejectsDataWithOneClassOrBadLabels() {
        List<List<String>> tokens = List.of(List.of("a", "man"), List.of("a", "boy"), List.of("the", "man"));
        LeakageException e = assertThrows(LeakageException.class,
                () -> GenderLeakageGate.train(tokens, new int[] {0, 0, 0}, BcsFixture.SWAPPER, 0.34, 1));
        assertTrue(e.getMessage().contains("0 female and"), e.getMessage());
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> GenderLeakageGate.train(tokens, new int[] {0, 2, 1}, BcsFixture.SWAPPER, 0.34, 1));
        assertTrue(bad.getMessage().contains("caption 1") && bad.getMessage().contains("got 2"), bad.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> GenderLeakageGate.train(tokens, new int[] {0, 1, 1}, BcsFixture.SWAPPER, 0.0, 1));
        assertThrows(IllegalArgumentException.class,
                () -> GenderLeakageGate.train(tokens, new int[] {0, 1}, BcsFixture.SWAPPER, 0.3, 1));
    }
}
