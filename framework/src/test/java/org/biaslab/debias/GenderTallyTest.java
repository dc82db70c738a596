package org.biaslab.debias;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.biaslab.metric.Estimate;
import org.biaslab.text.CaptionGender;
import org.junit.jupiter.api.Test;

class GenderTallyTest {
    @Test
    void countsEveryClassAndEmptyCaptions() {
        GenderTally t = new GenderTally(GenderSwapper.libra());
        assertEquals(CaptionGender.MALE, t.add("A man on a horse."));
        assertEquals(CaptionGender.MALE, t.add("A man and a person."));
        assertEquals(CaptionGender.FEMALE, t.add("Two ladies at a table"));
        assertEquals(CaptionGender.BOTH, t.add("A boy and his mother"));
        assertEquals(CaptionGender.NEUTRAL, t.add("Kids playing soccer"));
        assertEquals(CaptionGender.NONE, t.add("A red bus"));
        assertEquals(CaptionGender.NONE, t.add(""));
        assertEquals(CaptionGender.NONE, t.add(null));
        assertEquals(CaptionGender.NONE, t.add("Ünïcödé ✓ 👍"));
        assertEquals(9, t.total());
        assertEquals(2, t.empty());
        assertEquals(2, t.count(CaptionGender.MALE));
        assertEquals(4, t.count(CaptionGender.NONE));
        Estimate share = t.share(CaptionGender.MALE);
        assertEquals(2.0 / 9, share.value(), 1e-12);
        assertEquals(9, share.n());
        assertFalse(new GenderTally(GenderSwapper.libra()).share(CaptionGender.MALE).defined());
    }
}
