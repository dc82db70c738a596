package org.biaslab.debias;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.biaslab.text.CaptionGender;
import org.biaslab.text.WordList;
import org.biaslab.util.TestPaths;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The LIBRA training corpus from the real COCO files. Skips when ../shared/data is absent. */
class DebiasSharedDataTest {
    private static TrainingCorpus corpus;

    @BeforeAll
    static void load() throws Exception {
        Path root = TestPaths.root();
        Path coco = root.resolve("../shared/data/coco").normalize();
        Path all = coco.resolve("coco_val2014_human_captions_all40504.json");
        Path eval = coco.resolve("coco_val2014_gender_set_10780.jsonl");
        Assumptions.assumeTrue(Files.isRegularFile(all) && Files.isRegularFile(eval),
                "../shared/data absent: skipping the training-corpus checks");
        corpus = TrainingCorpus.load(all, eval);
    }

    @Test
    void corpusIsTheValImagesOutsideTheGenderSet() {
        TrainingCorpus.Stats s = corpus.stats();
        assertEquals(40_504, s.imagesInFile());
        assertEquals(202_654, s.captionsInFile());
        assertEquals(10_780, s.imagesExcluded());
        assertEquals(0, s.evaluationImagesNotInFile());
        assertEquals(29_724, s.imagesKept());
        assertEquals(148_711, s.captionsKept());
        assertEquals(0, s.emptyCaptions());
    }

    /**
     * Caption genders by the Treebank tokenizer agree with an independent count that takes words
     * as runs of ASCII letters (the two differ only on hyphenated and similar tokens: within 0.2%).
     */
    @Test
    void genderTallyAgreesWithAWholeWordCount() {
        GenderTally tally = new GenderTally(GenderSwapper.libra());
        Set<String> m = WordList.bundled("libra-masculine").asSet();
        Set<String> f = WordList.bundled("libra-feminine").asSet();
        Set<String> n = WordList.bundled("libra-neutral").asSet();
        Map<CaptionGender, Long> simple = new EnumMap<>(CaptionGender.class);
        Pattern word = Pattern.compile("[a-z]+");
        for (CorpusCaption c : corpus.captions()) {
            tally.add(c.caption());
            Set<String> words = new HashSet<>();
            Matcher mt = word.matcher(c.caption().toLowerCase(Locale.ROOT));
            while (mt.find()) {
                words.add(mt.group());
            }
            boolean hm = words.stream().anyMatch(m::contains);
            boolean hf = words.stream().anyMatch(f::contains);
            boolean hn = words.stream().anyMatch(n::contains);
            CaptionGender g = hm && hf ? CaptionGender.BOTH : hm ? CaptionGender.MALE : hf ? CaptionGender.FEMALE
                    : hn ? CaptionGender.NEUTRAL : CaptionGender.NONE;
            simple.merge(g, 1L, Long::sum);
        }
        assertEquals(148_711, tally.total());
        for (CaptionGender g : CaptionGender.values()) {
            long a = tally.count(g);
            long b = simple.getOrDefault(g, 0L);
            assertTrue(Math.abs(a - b) <= Math.max(5, 0.002 * b), g + ": " + a + " vs " + b);
        }
        assertTrue(tally.count(CaptionGender.MALE) > 2 * tally.count(CaptionGender.FEMALE),
                "COCO captions mention men more than twice as often as women");
    }

    @Test
    void everySwappedCaptionStatesTheOppositeGenderAndFlipsBack() {
        GenderSwapper sw = GenderSwapper.libra();
        GenderSwapSynthesis s = GenderSwapSynthesis.build(corpus.captions(), sw, 80, null);
        assertEquals(148_711, s.total());
        long male = 0;
        long roundTripDifferences = 0;
        for (SwappedCaption c : s.swapped()) {
            assertEquals(c.swappedGender(), sw.genderOf(c.swapped()));
            male += c.originalGender() == CaptionGender.MALE ? 1 : 0;
            boolean oneWay = c.original().toLowerCase(Locale.ROOT).matches("(?s).*\\b(guy|guys|dude|dudes)\\b.*");
            if (!oneWay && !sw.flip(c.swapped()).swapped().equals(c.original())) {
                roundTripDifferences++;
            }
        }
        assertTrue(male > s.swapped().size() / 2);
        // only her/him/his ambiguity (and typos) can break a round trip of two-way pairs
        assertTrue(roundTripDifferences < 0.002 * s.swapped().size(), roundTripDifferences + " round-trip differences");
        assertTrue(s.outcomes().get(SwapOutcome.SWAPPED) > 10_000);
    }
}
