package org.biaslab.debias.bcs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.biaslab.debias.CorpusCaption;
import org.biaslab.debias.lm.DenoiseExample;
import org.biaslab.debias.lm.GenderEvidence;
import org.biaslab.text.CaptionGender;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DenoiserDataTest {
    static List<CorpusCaption> corpus;
    static SynthesisResult result;
    static EvidenceChannel channel;

    @BeforeAll
    static void synthesize(@TempDir Path dir) throws Exception {
        corpus = new ArrayList<>(BcsFixture.corpus().subList(0, 400));
        // captions that state no single gender are drawn as originals too
        for (int i = 0; i < 100; i++) {
            corpus.add(new CorpusCaption(5_000 + i, 0, i % 2 == 0 ? "A dog near a truck." : "A person holding a cake."));
        }
        corpus.add(new CorpusCaption(9_999, 0, ""));
        result = BiasedCaptionSynthesis.synthesize(corpus, BcsFixture.SWAPPER, BcsFixture.gate(), BcsFixture.mlm(),
                SynthesisConfig.defaults(), 3);
        Path f = dir.resolve("v.json");
        Files.writeString(f, EvidenceChannelTest.validity(EvidenceChannelTest.LABELS, EvidenceChannelTest.KINDS,
                EvidenceChannelTest.WOMAN, EvidenceChannelTest.MAN));
        channel = EvidenceChannel.fromValidityFile(f);
    }

    @Test
    void mixesBiasedAndOriginalCaptionsAtTheRatio() {
        long biased = result.biased().size();
        assertTrue(biased > 50, "biased " + biased);
        for (double ratio : new double[] {1.0, 2.0, 0.5, 3.0}) {
            SynthesisConfig config = SynthesisConfig.defaults().withBiasedPerOriginal(ratio);
            DenoiserData d = DenoiserData.assemble(result, corpus, channel, config, 1);
            long kept = biased - d.counts().swapsWithoutEvidence();
            assertTrue(d.counts().swapsWithoutEvidence() > 0, "some swaps drew 'no face'");
            long originals = Math.round(kept / ratio);
            assertEquals(kept, d.counts().biasedPairs());
            assertEquals(originals, d.counts().originalsRequested());
            assertEquals(originals, d.counts().originals(), "ratio " + ratio);
            assertEquals(0, d.counts().originalsShortfall());
            assertEquals(kept + originals, d.examples().size());
            long same = d.examples().stream().filter(e -> e.input().equals(e.target())).count();
            assertEquals(originals, same, "originals are the examples with input = target");
            assertEquals(d.examples(), DenoiserData.build(result, corpus, channel, config, 1));
        }
        // more originals than the corpus holds (500 non-empty captions): all are taken, the rest counted missing
        DenoiserData all = DenoiserData.assemble(result, corpus, channel,
                SynthesisConfig.defaults().withBiasedPerOriginal(biased / 2000.0), 1);
        assertTrue(all.counts().originalsRequested() > 1000, "requested " + all.counts().originalsRequested());
        assertEquals(500, all.counts().originals());
        assertEquals(all.counts().originalsRequested() - 500, all.counts().originalsShortfall());
        assertEquals(1, all.counts().originalsSkipped(), "the empty caption");
    }

    @Test
    void evidenceIsTheImagesDrawForTheHumanCaptionsGender() {
        long seed = 4;
        DenoiserData d = DenoiserData.assemble(result, corpus, channel, SynthesisConfig.defaults(), seed);
        Map<String, Integer> expected = new HashMap<>();
        long dropped = 0;
        for (BiasedCaption b : result.biased()) {
            String annotated = b.captionGender() == CaptionGender.FEMALE ? "woman" : "man";
            GenderEvidence ev = channel.sample(annotated, seed, "image:" + b.imageId());
            if (!ev.present() && b.type() != BiasType.GENDER_TO_CONTEXT) {
                dropped++; // a gender swap with no evidence cannot be learned: left out
                continue;
            }
            expected.merge(key(new DenoiseExample(b.biased(), ev.toVector(), b.original())), 1, Integer::sum);
        }
        assertTrue(dropped > 0);
        assertEquals(dropped, d.counts().swapsWithoutEvidence());
        Map<String, Integer> seen = new HashMap<>();
        long absent = 0;
        for (DenoiseExample e : d.examples()) {
            if (!e.input().equals(e.target())) {
                seen.merge(key(e), 1, Integer::sum);
            } else {
                CaptionGender g = CaptionGender.of(e.target(), BcsFixture.SWAPPER.lexicon());
                if (g != CaptionGender.MALE && g != CaptionGender.FEMALE) {
                    assertArrayEquals(GenderEvidence.absent().toVector(), e.evidence());
                    absent++;
                }
            }
        }
        assertEquals(expected, seen);
        assertTrue(absent > 0, "some originals state no single gender");
        Map<String, Long> ev = d.counts().evidence();
        assertEquals(absent, ev.get(DenoiserData.ABSENT_NO_SINGLE_GENDER));
        assertEquals(d.examples().size(), ev.values().stream().mapToLong(Long::longValue).sum());
        assertTrue(ev.get("no face") > 0 && ev.get("woman") > 0 && ev.get("man") > 0, ev.toString());
        assertEquals(d.counts().originals(), d.counts().originalsByGender().values().stream()
                .mapToLong(Long::longValue).sum());
        assertEquals(absent, d.counts().originalsByGender().get(CaptionGender.NONE)
                + d.counts().originalsByGender().get(CaptionGender.NEUTRAL)
                + d.counts().originalsByGender().get(CaptionGender.BOTH));
    }

    @Test
    void sameSeedSameDataOtherSeedOtherOriginals() {
        DenoiserData a = DenoiserData.assemble(result, corpus, channel, SynthesisConfig.defaults(), 9);
        DenoiserData b = DenoiserData.assemble(result, corpus, channel, SynthesisConfig.defaults(), 9);
        DenoiserData c = DenoiserData.assemble(result, corpus, channel, SynthesisConfig.defaults(), 10);
        assertEquals(a, b);
        assertTrue(!a.examples().equals(c.examples()));
        // biased and original examples are interleaved, not in two blocks
        int half = a.examples().size() / 2;
        long originalsInFirstHalf = a.examples().subList(0, half).stream()
                .filter(e -> e.input().equals(e.target())).count();
        assertTrue(originalsInFirstHalf > half / 4 && originalsInFirstHalf < 3 * half / 4, "" + originalsInFirstHalf);
    }

    private static String key(DenoiseExample e) {
        return e.input() + "|" + java.util.Arrays.toString(e.evidence()) + "|" + e.target();
    }
}
