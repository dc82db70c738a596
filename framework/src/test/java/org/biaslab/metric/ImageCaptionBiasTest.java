package org.biaslab.metric;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Hand-counted cases of the caption metrics on generated images. */
class ImageCaptionBiasTest {
    private static ImageCaptionBias.Item item(String occ, String label, String caption) {
        return new ImageCaptionBias.Item(occ, label, ImageCaptionBias.tokens(caption));
    }

    @Test
    void countsGenderWordsErrorsAndSkewByHand() {
        List<ImageCaptionBias.Item> items = new ArrayList<>();
        // nurse: 4 perceived women (3 "woman" + kitchen, 1 "man"), 2 perceived men ("man" + truck)
        for (int i = 0; i < 3; i++) items.add(item("nurse", "woman", "A woman in a kitchen."));
        items.add(item("nurse", "woman", "a man near the kitchen"));
        for (int i = 0; i < 2; i++) items.add(item("nurse", "man", "a man with a truck"));
        items.add(item("nurse", "uncertain", "a person"));
        items.add(item("pilot", "man", "a person's truck"));
        ImageCaptionBias.Result r = ImageCaptionBias.compute(items, 0.95, 2);
        assertEquals(7, r.images());
        assertEquals(1, r.unlabelled());
        assertEquals(3, r.women().female());
        assertEquals(1, r.women().male());
        assertEquals(2, r.men().male());
        assertEquals(1, r.men().neutral(), "person is a neutral person word");
        assertEquals(0.25, r.error().female().errorRate().value(), 1e-12, "1 of 4 perceived women called a man");
        assertEquals(0.0, r.error().male().errorRate().value(), 1e-12);
        ImageCaptionBias.Word kitchen = r.words().stream().filter(w -> w.word().equals("kitchen")).findFirst()
                .orElseThrow();
        assertEquals(4, kitchen.woman());
        assertEquals(0, kitchen.man());
        assertEquals(1.0, kitchen.skew().value(), 1e-12);
        ImageCaptionBias.Word truck = r.words().stream().filter(w -> w.word().equals("truck")).findFirst().orElseThrow();
        assertEquals(-1.0, truck.skew().value(), 1e-12, "truck: 3 of 3 perceived men, 0 of 4 women");
        assertTrue(r.words().stream().noneMatch(w -> w.word().equals("woman") || w.word().equals("the")
                || w.word().equals("person")), "gender, person and stop words are not context words");
        ImageCaptionBias.Occupation nurse = r.occupations().get(0);
        assertEquals("nurse", nurse.occupationId());
        assertEquals(6, nurse.images());
        assertEquals(3, nurse.femaleCaptions());
        assertEquals(3, nurse.maleCaptions());
        assertEquals(0.5, nurse.femaleAmongGendered().value(), 1e-12);
        assertEquals(List.of("kitchen", "truck"), nurse.words().stream().map(ImageCaptionBias.Word::word).toList());
        assertEquals(List.of(), r.occupations().get(1).words(), "pilot: no word in 2 of its captions");
    }

    @Test
    void tokensSplitPossessivesAndPunctuation() {
        assertEquals(List.of("a", "woman", "'s", "bike", "it", "'s"), ImageCaptionBias.tokens("A woman's bike, it's!"));
    }
}
