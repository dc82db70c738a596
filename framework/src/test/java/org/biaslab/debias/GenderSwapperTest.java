package org.biaslab.debias;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.biaslab.text.CaptionGender;
import org.biaslab.text.TreebankTokenizer;
import org.biaslab.text.WordList;
import org.junit.jupiter.api.Test;

class GenderSwapperTest {
    private final GenderSwapper sw = GenderSwapper.libra();

    private String flip(String s) {
        return sw.flip(s).swapped();
    }

    @Test
    void swapsPairsBothWaysKeepingEverythingElse() {
        assertEquals("A woman riding a wave on her surfboard.", flip("A man riding a wave on his surfboard."));
        assertEquals("A man riding a wave on his surfboard.", flip("A woman riding a wave on her surfboard."));
        assertEquals("two girls and their mothers  ,at the park", flip("two boys and their fathers  ,at the park"));
        assertEquals("The bride and the groom", flip("The groom and the bride"));
    }

    @Test
    void keepsCapitalisationAndClitics() {
        assertEquals("Woman's hat", flip("Man's hat"));
        assertEquals("WOMEN AT WORK", flip("MEN AT WORK"));
        assertEquals("She's happy; he isn't.", flip("He's happy; she isn't."));
        assertEquals("Mrs. Smith and the waitress", flip("Mr. Smith and the waiter"));
    }

    @Test
    void swapsWholeWordsOnly() {
        String s = "A human in Manhattan with a shepherd, a mandolin and the theme";
        GenderSwapper.SwapResult r = sw.flip(s);
        assertEquals(s, r.swapped());
        assertFalse(r.changed());
        assertEquals("a police-woman and a fire-fighter", flip("a police-man and a fire-fighter"));
    }

    @Test
    void herBecomesHisBeforeAWordAndHimOtherwise() {
        assertEquals("A man holding his dog", flip("A woman holding her dog"));
        assertEquals("A man with his two kids", flip("A woman with her two kids"));
        assertEquals("A woman hugging him.", flip("A man hugging her."));
        assertEquals("a man giving him a gift", flip("a woman giving her a gift"));
        assertEquals("a dog next to him and a cat", flip("a dog next to her and a cat"));
        assertEquals("a boy teaching him to ski", flip("a girl teaching her to ski"));
        assertEquals("a dog behind him", flip("a dog behind her"));
    }

    @Test
    void hisBecomesHerBeforeAWordAndHersOtherwise() {
        assertEquals("the girl and her bike", flip("the boy and his bike"));
        assertEquals("the bike is hers.", flip("the bike is his."));
        assertEquals("the bike is his", flip("the bike is hers"));
        assertEquals("she taught herself", flip("he taught himself"));
        assertEquals("a woman with a dog beside her", flip("a man with a dog beside him"));
    }

    @Test
    void flipsTheStatedGenderAndRecordsEverySwap() {
        GenderSwapper.SwapResult r = sw.flip("A man and his son");
        assertEquals(CaptionGender.MALE, r.before());
        assertEquals(CaptionGender.FEMALE, r.after());
        assertEquals(List.of(new GenderSwapper.Swap(2, "man", "woman"), new GenderSwapper.Swap(10, "his", "her"),
                new GenderSwapper.Swap(14, "son", "daughter")), r.swaps());
        assertEquals("A man and his son", sw.flip(r.swapped()).swapped());
        // a caption with both genders stays BOTH
        assertEquals(CaptionGender.BOTH, sw.flip("a man and a woman").after());
    }

    @Test
    void everyLibraGenderWordButPregnantHasACounterpart() {
        for (String list : List.of("libra-masculine", "libra-feminine")) {
            for (String w : WordList.bundled(list).words()) {
                GenderSwapper.SwapResult r = sw.flip(w);
                if (w.equals("pregnant")) {
                    assertEquals(List.of("pregnant"), r.unswappable());
                    assertFalse(r.changed());
                } else {
                    assertTrue(r.changed(), list + ": " + w);
                    assertTrue(r.unswappable().isEmpty(), w);
                }
            }
        }
    }

    @Test
    void guyAndDudeSwapOneWay() {
        assertEquals("a woman on a skateboard", flip("a guy on a skateboard"));
        assertEquals("two women", flip("two dudes"));
        assertEquals("two men", flip("two women"));
    }

    @Test
    void badInputNeverThrows() {
        GenderSwapper.SwapResult empty = sw.flip("");
        assertEquals("", empty.swapped());
        assertEquals(CaptionGender.NONE, empty.before());
        assertEquals("   ", flip("   "));
        // no gender word, unknown words
        assertEquals("xqzzt blorf a zebra", flip("xqzzt blorf a zebra"));
        // non-ASCII text, emoji, letters outside Latin
        assertEquals("Une femme 👩 im Café with a woman—Ålesund", flip("Une femme 👩 im Café with a man—Ålesund"));
        assertEquals("Мужчина and a girl", flip("Мужчина and a boy"));
        // very long caption
        String longCaption = "a man and his dog ".repeat(2000);
        GenderSwapper.SwapResult r = sw.flip(longCaption);
        assertEquals("a woman and her dog ".repeat(2000), r.swapped());
        assertEquals(4000, r.swaps().size());
        assertThrows(NullPointerException.class, () -> sw.flip(null));
    }

    @Test
    void caseRuleAndBoundaryRule() {
        assertEquals("WOMAN", GenderSwapper.withCaseOf("MAN", "woman"));
        assertEquals("Woman", GenderSwapper.withCaseOf("Man", "woman"));
        assertEquals("woman", GenderSwapper.withCaseOf("mAN", "woman"));
        assertEquals("He", GenderSwapper.withCaseOf("S", "he"));
        assertTrue(GenderSwapper.boundaryFollows("her", 3));
        assertTrue(GenderSwapper.boundaryFollows("her , x", 3));
        assertTrue(GenderSwapper.boundaryFollows("her   The end", 3));
        assertFalse(GenderSwapper.boundaryFollows("her 2", 3));
        assertFalse(GenderSwapper.boundaryFollows("her dog", 3));
    }

    @Test
    void rejectsInconsistentPairs() {
        CaptionGender.Lexicon lex = CaptionGender.Lexicon.libra();
        assertThrows(IllegalArgumentException.class, () -> new GenderSwapper(Map.of("man", "woman"),
                Map.of("man", "woman"), lex, new TreebankTokenizer()));
        assertThrows(IllegalArgumentException.class, () -> new GenderSwapper(Map.of("his", "her"), Map.of(), lex,
                new TreebankTokenizer()));
    }
}
