package org.biaslab.debias;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.biaslab.text.CaptionGender;
import org.junit.jupiter.api.Test;

class GenderSwapSynthesisTest {
    private static List<CorpusCaption> corpus(String... captions) {
        List<CorpusCaption> out = new ArrayList<>();
        for (int i = 0; i < captions.length; i++) {
            out.add(new CorpusCaption(100 + i, 0, captions[i]));
        }
        return out;
    }

    @Test
    void everyCaptionEndsInExactlyOneOutcome() {
        List<CorpusCaption> c = corpus(
                "A man riding his bike.",                 // SWAPPED
                "Two girls play with their dog",          // SWAPPED
                "",                                       // EMPTY
                "   ",                                    // EMPTY
                "A red bus on a street",                  // NO_GENDER_WORD
                "People waiting for a train",             // NEUTRAL_ONLY
                "A man and a woman talking",              // BOTH_GENDERS
                "A pregnant woman on a couch",            // UNSWAPPABLE_WORD
                "A cowboy rides a horse",                 // NOT_OPPOSITE_AFTER_SWAP: cowgirl is not in LIBRA's lists
                "a man " + "walks ".repeat(100),          // TOO_LONG
                "Une femme et un homme, café ☕ man");      // SWAPPED, non-ASCII
        GenderSwapSynthesis s = GenderSwapSynthesis.build(c, GenderSwapper.libra(), 50, null);
        assertEquals(3L, s.outcomes().get(SwapOutcome.SWAPPED));
        assertEquals(2L, s.outcomes().get(SwapOutcome.EMPTY));
        assertEquals(1L, s.outcomes().get(SwapOutcome.NO_GENDER_WORD));
        assertEquals(1L, s.outcomes().get(SwapOutcome.NEUTRAL_ONLY));
        assertEquals(1L, s.outcomes().get(SwapOutcome.BOTH_GENDERS));
        assertEquals(1L, s.outcomes().get(SwapOutcome.UNSWAPPABLE_WORD));
        assertEquals(1L, s.outcomes().get(SwapOutcome.NOT_OPPOSITE_AFTER_SWAP));
        assertEquals(1L, s.outcomes().get(SwapOutcome.TOO_LONG));
        assertEquals(c.size(), s.total());
        assertEquals(1, s.nonAsciiCaptions());
        SwappedCaption first = s.swapped().get(0);
        assertEquals("A woman riding her bike.", first.swapped());
        assertEquals(CaptionGender.MALE, first.originalGender());
        assertEquals(CaptionGender.FEMALE, first.swappedGender());
        assertEquals(100L, first.imageId());
        assertEquals("Two boys play with their dog", s.swapped().get(1).swapped());
        assertEquals("Une femme et un homme, café ☕ woman", s.swapped().get(2).swapped());
    }

    @Test
    void unknownWordsAreCountedAgainstAVocabulary() {
        GenderSwapSynthesis s = GenderSwapSynthesis.build(corpus("A man with a zorbly hat.", "A woman."),
                GenderSwapper.libra(), 50, Set.of("a", "man", "woman", "with", "hat", "."));
        assertEquals(1, s.captionsWithUnknownWords());
        assertEquals(1, s.unknownTokens());
        assertEquals(2L, s.outcomes().get(SwapOutcome.SWAPPED));
    }

    @Test
    void swappedCaptionRecordRejectsWhatIsNotAFlip() {
        List<GenderSwapper.Swap> swaps = List.of(new GenderSwapper.Swap(0, "man", "woman"));
        assertThrows(IllegalArgumentException.class, () -> new SwappedCaption(1, 0, "man", "woman",
                CaptionGender.MALE, CaptionGender.MALE, swaps));
        assertThrows(IllegalArgumentException.class, () -> new SwappedCaption(1, 0, "man", "woman",
                CaptionGender.BOTH, CaptionGender.FEMALE, swaps));
        assertThrows(IllegalArgumentException.class, () -> new SwappedCaption(1, 0, "man", "woman",
                CaptionGender.MALE, CaptionGender.FEMALE, List.of()));
        assertThrows(IllegalArgumentException.class, () -> GenderSwapSynthesis.build(List.of(),
                GenderSwapper.libra(), 0, null));
    }
}
