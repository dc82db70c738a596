package org.biaslab.debias.bcs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.biaslab.debias.CorpusCaption;
import org.biaslab.debias.GenderSwapper;
import org.biaslab.debias.lm.MaskedLanguageModel;
import org.biaslab.text.CaptionGender;
import org.junit.jupiter.api.Test;

class BiasedCaptionSynthesisTest {
    static final GenderSwapper SWAPPER = BcsFixture.SWAPPER;
    static final SynthesisConfig ONLY_C2G = SynthesisConfig.defaults().withShares(1, 0, 0);
    static final SynthesisConfig ONLY_G2C = SynthesisConfig.defaults().withShares(0, 1, 0);
    static final SynthesisConfig ONLY_BOTH = SynthesisConfig.defaults().withShares(0, 0, 1);

    static SynthesisResult run(List<CorpusCaption> corpus, SynthesisConfig config, long seed) throws Exception {
        return BiasedCaptionSynthesis.synthesize(corpus, SWAPPER, BcsFixture.gate(), BcsFixture.mlm(), config, seed);
    }

    static double pOf(CaptionGender g, double pFemale) {
        return g == CaptionGender.FEMALE ? pFemale : 1 - pFemale;
    }

    static CaptionGender opposite(CaptionGender g) {
        return g == CaptionGender.MALE ? CaptionGender.FEMALE : CaptionGender.MALE;
    }

    static Map<String, CorpusCaption> byKey(List<CorpusCaption> corpus) {
        Map<String, CorpusCaption> m = new HashMap<>();
        for (CorpusCaption c : corpus) {
            m.put(c.imageId() + "/" + c.index(), c);
        }
        return m;
    }

    @Test
    void contextToGenderKeepsASwapOnlyWhenTheGateGivesTheNewGenderTheThreshold() throws Exception {
        List<CorpusCaption> corpus = BcsFixture.corpus().subList(0, 600);
        GenderLeakageGate gate = BcsFixture.gate();
        Map<String, CorpusCaption> captions = byKey(corpus);
        for (double threshold : new double[] {0.5, 0.8}) {
            SynthesisResult r = run(corpus, ONLY_C2G.withThreshold(threshold), 1);
            assertEquals(600, r.total());
            long kept = r.kept(BiasType.CONTEXT_TO_GENDER);
            long below = r.outcomes().get(SynthesisOutcome.BELOW_THRESHOLD);
            assertEquals(600, kept + below, "every synthetic caption is male or female and swappable: " + r.outcomes());
            // the world puts 15% of objects against the stereotype: about a fifth of the captions
            // have a context pointing to the other gender
            assertTrue(threshold == 0.5 ? kept > 30 && kept < 250 : kept > 0, "kept " + kept + " at " + threshold);
            for (SynthesisResult.CaptionOutcome o : r.perCaption()) {
                CorpusCaption c = captions.get(o.imageId() + "/" + o.index());
                List<String> tokens = BiasedCaptionSynthesis.tokens(SWAPPER, c.caption());
                CaptionGender g = SWAPPER.genderOf(c.caption());
                double pNew = pOf(opposite(g), gate.pFemale(List.of(tokens))[0]);
                if (o.outcome() == SynthesisOutcome.KEPT_CONTEXT_TO_GENDER) {
                    assertTrue(pNew >= threshold, c.caption() + ": p(new) " + pNew);
                } else {
                    assertEquals(SynthesisOutcome.BELOW_THRESHOLD, o.outcome());
                    assertTrue(pNew < threshold, c.caption() + ": p(new) " + pNew);
                }
            }
            for (BiasedCaption b : r.biased()) {
                assertEquals(BiasType.CONTEXT_TO_GENDER, b.type());
                assertEquals(opposite(b.captionGender()), CaptionGender.of(b.biased(), SWAPPER.lexicon()));
                assertEquals(b.pFemaleBefore(), b.pFemaleAfter(), 0.0);
                for (int p : b.changed()) {
                    assertTrue(SWAPPER.lexicon().isGendered(b.original().get(p)), b.describe());
                    assertTrue(SWAPPER.lexicon().isGendered(b.biased().get(p)), b.describe());
                }
            }
            if (threshold == 0.5) {
                assertTrue(r.biased().stream().anyMatch(b -> b.original().contains("man") && b.biased().contains("woman")
                        && b.original().stream().anyMatch(BcsFixture.FEMALE_OBJECTS::contains)));
            }
        }
        long at05 = run(corpus, ONLY_C2G.withThreshold(0.5), 1).kept(BiasType.CONTEXT_TO_GENDER);
        long at08 = run(corpus, ONLY_C2G.withThreshold(0.8), 1).kept(BiasType.CONTEXT_TO_GENDER);
        assertTrue(at08 < at05, at08 + " vs " + at05);
    }

    @Test
    void genderToContextKeepsOnlyRefillsThatRaiseTheStatedGender() throws Exception {
        List<CorpusCaption> corpus = BcsFixture.corpus().subList(0, 600);
        GenderLeakageGate gate = BcsFixture.gate();
        MaskedLanguageModel mlm = BcsFixture.mlm();
        SynthesisResult r = run(corpus, ONLY_G2C, 2);
        long kept = r.kept(BiasType.GENDER_TO_CONTEXT);
        assertTrue(kept > 50, "kept " + kept + ", outcomes " + r.outcomes());
        assertTrue(r.outcomes().get(SynthesisOutcome.NO_GAIN) > 0, "some refills do not help: " + r.outcomes());
        assertEquals(600, kept + r.outcomes().get(SynthesisOutcome.NO_GAIN)
                + r.outcomes().get(SynthesisOutcome.NO_CANDIDATE), r.outcomes().toString());
        Set<String> person = new HashSet<>(SWAPPER.lexicon().masculine());
        person.addAll(SWAPPER.lexicon().feminine());
        person.addAll(SWAPPER.lexicon().neutral());
        for (BiasedCaption b : r.biased()) {
            double before = pOf(b.captionGender(), gate.pFemale(List.of(b.original()))[0]);
            double after = pOf(b.captionGender(), gate.pFemale(List.of(b.biased()))[0]);
            assertTrue(after > before, b.describe() + ": " + before + " -> " + after);
            assertEquals(before, b.pStatedBefore(), 1e-12);
            assertEquals(after, b.pStatedAfter(), 1e-12);
            assertEquals(b.captionGender(), CaptionGender.of(b.biased(), SWAPPER.lexicon()));
            // 0.2 of a synthetic caption's 2 to 4 content words rounds to 0 or 1: one word is refilled
            assertEquals(1, b.changed().size(), b.describe());
            for (int p : b.changed()) {
                String w = b.biased().get(p);
                assertTrue(BiasedCaptionSynthesis.isContentWord(w, person), w);
                assertTrue(mlm.vocabulary().isWord(w), w);
            }
        }
        // the refills push toward the stereotype: an object written into a man's caption is a
        // "male" object, into a woman's a "female" one
        long objects = 0;
        long stereo = 0;
        for (BiasedCaption b : r.biased()) {
            String w = b.biased().get(b.changed().get(0));
            if (BcsFixture.MALE_OBJECTS.contains(w) || BcsFixture.FEMALE_OBJECTS.contains(w)) {
                objects++;
                stereo += (b.captionGender() == CaptionGender.MALE ? BcsFixture.MALE_OBJECTS
                        : BcsFixture.FEMALE_OBJECTS).contains(w) ? 1 : 0;
            }
        }
        assertTrue(objects > kept / 3, objects + " of " + kept + " refills are objects");
        assertTrue(stereo > 0.9 * objects, stereo + " of " + objects + " refilled objects are stereotypical");

        SynthesisResult strict = run(corpus, ONLY_G2C.withMinGain(0.99), 2);
        assertEquals(0, strict.kept(BiasType.GENDER_TO_CONTEXT));
        assertEquals(strict.outcomes().get(SynthesisOutcome.NO_GAIN),
                r.outcomes().get(SynthesisOutcome.NO_GAIN) + kept);
    }

    @Test
    void bothFlipsThenRefillsTowardTheNewGender() throws Exception {
        List<CorpusCaption> corpus = BcsFixture.corpus().subList(0, 600);
        GenderLeakageGate gate = BcsFixture.gate();
        SynthesisResult r = run(corpus, ONLY_BOTH, 3);
        long kept = r.kept(BiasType.BOTH);
        assertTrue(kept > 10, r.outcomes().toString());
        assertTrue(r.outcomes().get(SynthesisOutcome.BELOW_THRESHOLD) > 0, r.outcomes().toString());
        for (BiasedCaption b : r.biased()) {
            CaptionGender stated = CaptionGender.of(b.biased(), SWAPPER.lexicon());
            assertEquals(opposite(b.captionGender()), stated);
            assertEquals(stated, b.biasedGender());
            double before = pOf(stated, gate.pFemale(List.of(b.original()))[0]);
            double after = pOf(stated, gate.pFemale(List.of(b.biased()))[0]);
            assertTrue(before >= 0.5 && after > before, b.describe() + ": " + before + " -> " + after);
            long genderChanges = b.changed().stream().filter(p -> SWAPPER.lexicon().isGendered(b.original().get(p))).count();
            assertTrue(genderChanges >= 1 && genderChanges < b.changed().size(), b.describe());
        }
    }

    @Test
    void badInputIsCountedNeverThrown() throws Exception {
        List<CorpusCaption> corpus = new ArrayList<>(BcsFixture.corpus().subList(0, 40));
        String longCaption = "a man " + String.join(" ", Collections.nCopies(198, "walking"));
        List<String> bad = List.of("", "   ", "A dog sleeping on a couch.", "A person riding a bike.",
                "A man and a woman eating cake.", "A pregnant woman holding a purse.", longCaption,
                "A woman in a caf\u00e9 holding a purse.", "A man holding a zzyzx near the quuxle.",
                "\u00c9 \u00e0 \u4e2d\u6587 man \ud83d\ude00", "!!! ... ,,,", "man");
        for (int i = 0; i < bad.size(); i++) {
            corpus.add(new CorpusCaption(10_000 + i, 0, bad.get(i)));
        }
        for (SynthesisConfig config : List.of(SynthesisConfig.defaults(), ONLY_C2G, ONLY_G2C, ONLY_BOTH)) {
            SynthesisResult r = run(corpus, config, 4);
            assertEquals(corpus.size(), r.total());
            assertEquals(corpus.size(), r.outcomes().values().stream().mapToLong(Long::longValue).sum());
            for (int i = 0; i < corpus.size(); i++) {
                assertEquals(corpus.get(i).imageId(), r.perCaption().get(i).imageId());
            }
            Map<String, SynthesisOutcome> o = new HashMap<>();
            for (SynthesisResult.CaptionOutcome c : r.perCaption()) {
                if (c.imageId() >= 10_000) {
                    o.put(bad.get((int) c.imageId() - 10_000), c.outcome());
                }
            }
            assertEquals(SynthesisOutcome.EMPTY, o.get(""));
            assertEquals(SynthesisOutcome.EMPTY, o.get("   "));
            assertEquals(SynthesisOutcome.NO_GENDER_WORD, o.get("A dog sleeping on a couch."));
            assertEquals(SynthesisOutcome.NEUTRAL_ONLY, o.get("A person riding a bike."));
            assertEquals(SynthesisOutcome.BOTH_GENDERS, o.get("A man and a woman eating cake."));
            assertEquals(SynthesisOutcome.TOO_LONG, o.get(longCaption));
            assertEquals(SynthesisOutcome.NO_GENDER_WORD, o.get("!!! ... ,,,"));
            if (config == ONLY_C2G || config == ONLY_BOTH) {
                assertEquals(SynthesisOutcome.UNSWAPPABLE_WORD, o.get("A pregnant woman holding a purse."));
            }
            if (config == ONLY_G2C) {
                // a lone gender word has nothing to refill
                assertEquals(SynthesisOutcome.NO_MASKABLE_WORD, o.get("man"));
            }
            assertTrue(r.nonAsciiCaptions() >= 2, "non-ASCII counted: " + r.nonAsciiCaptions());
            assertTrue(r.captionsWithUnknownWords() >= 3, "unknown words counted: " + r.captionsWithUnknownWords());
            assertTrue(r.unknownTokens() >= r.captionsWithUnknownWords());
        }
    }

    @Test
    void sameSeedSameResultWhateverTheOrder() throws Exception {
        List<CorpusCaption> corpus = BcsFixture.corpus().subList(0, 300);
        SynthesisResult a = run(corpus, SynthesisConfig.defaults(), 7);
        SynthesisResult b = run(corpus, SynthesisConfig.defaults(), 7);
        assertEquals(a.biased(), b.biased());
        assertEquals(a.perCaption(), b.perCaption());
        assertEquals(a.outcomes(), b.outcomes());
        assertEquals(a.examples(), b.examples());

        List<CorpusCaption> reversed = new ArrayList<>(corpus);
        Collections.reverse(reversed);
        SynthesisResult c = run(reversed, SynthesisConfig.defaults(), 7);
        assertEquals(new HashSet<>(a.biased()), new HashSet<>(c.biased()));
        assertEquals(a.outcomes(), c.outcomes());

        SynthesisResult d = run(corpus, SynthesisConfig.defaults(), 8);
        assertNotEquals(a.perCaption(), d.perCaption());
    }

    @Test
    void typesFollowTheSharesAndExamplesAreTheFirstKept() throws Exception {
        List<CorpusCaption> corpus = BcsFixture.corpus();
        SynthesisResult r = run(corpus, SynthesisConfig.defaults(), 5);
        Map<BiasType, Long> assigned = new EnumMap<>(r.assigned());
        assertEquals(1200, assigned.values().stream().mapToLong(Long::longValue).sum());
        // 0.4 / 0.4 / 0.2 of 1200: binomial sd about 17 and 14
        assertEquals(480, assigned.get(BiasType.CONTEXT_TO_GENDER), 60);
        assertEquals(480, assigned.get(BiasType.GENDER_TO_CONTEXT), 60);
        assertEquals(240, assigned.get(BiasType.BOTH), 50);
        for (BiasType t : BiasType.values()) {
            List<BiasedCaption> kept = r.biased(t);
            assertEquals(kept.subList(0, Math.min(5, kept.size())), r.examples().get(t));
            assertEquals(kept.size(), r.kept(t));
        }
        SynthesisResult.Timings timings = r.timings();
        assertTrue(timings.genderToContextCaptions() > 0 && timings.mlmQueries() >= timings.genderToContextCaptions()
                - r.outcomes().get(SynthesisOutcome.NO_MASKABLE_WORD));
    }

    @Test
    void rejectsTopKBeyondTheVocabulary() throws Exception {
        int words = BcsFixture.mlm().vocabulary().words();
        SynthesisConfig d = SynthesisConfig.defaults();
        SynthesisConfig tooMany = new SynthesisConfig(0.5, 0.2, words + 1, 0, 0.4, 0.4, 0.2, 1, 32, 5);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> run(BcsFixture.corpus().subList(0, 5), tooMany, 1));
        assertTrue(e.getMessage().contains("topK " + (words + 1)), e.getMessage());
        assertEquals(5, d.topK());
    }
}
