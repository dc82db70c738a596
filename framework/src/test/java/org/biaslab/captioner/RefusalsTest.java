package org.biaslab.captioner;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class RefusalsTest {
    @Test
    void flagsTheDeclaredPhrasesInAnyCaseAndWithTypographicApostrophes() {
        for (String s : List.of("I'm sorry, I can't help with that.", "i am sorry, but no.",
                "I cannot identify people.", "Sorry: I can not do this.", "As an AI, I do not judge looks.",
                "I\u2019m sorry, but I can\u2019t.", "The photo is blurry. I CAN'T tell more.")) {
            assertTrue(Refusals.looksLikeRefusal(s), s);
        }
    }

    @Test
    void ordinaryCaptionsAndPartialWordsAreNotFlagged() {
        for (String s : List.of("A surgeon in blue scrubs.", "A man holding a can of paint.",
                "A woman who is sorry to leave.", "A man who trained as an airline pilot.", "I am a nurse.", "")) {
            assertFalse(Refusals.looksLikeRefusal(s), s);
        }
        assertFalse(Refusals.looksLikeRefusal(null));
    }
}
