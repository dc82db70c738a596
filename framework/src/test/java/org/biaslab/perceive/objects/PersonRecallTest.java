package org.biaslab.perceive.objects;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class PersonRecallTest {
    private static PersonRecall.Image img(String file, String group, boolean labelled, boolean detected, String face) {
        return new PersonRecall.Image(file, group, labelled, detected, face);
    }

    private final List<PersonRecall.Image> images = List.of(
            img("a1", "artist", true, true, "no face"),
            img("a2", "artist", true, false, "no face"),
            img("a3", "artist", false, true, "no face"), // Pass: not in recall, but in the no-face share
            img("n1", "nurse", true, true, "woman"),
            img("n2", "nurse", true, true, "no face"),
            img("n3", "nurse", true, false, null)); // no face outcome known: not in the no-face share

    @Test
    void recallCountsOnlyPersonLabelledImagesOverallThenByGroup() {
        List<PersonRecall.Share> r = PersonRecall.recall(images, 0.95);
        assertEquals(List.of("all", "artist", "nurse"), r.stream().map(PersonRecall.Share::group).toList());
        assertEquals(List.of(3L, 1L, 2L), r.stream().map(PersonRecall.Share::hits).toList());
        assertEquals(List.of(5L, 2L, 3L), r.stream().map(PersonRecall.Share::n).toList());
        assertEquals(0.6, r.get(0).estimate().value(), 1e-12);
        // Wilson 95% for 3 / 5: [0.2307, 0.8824]
        assertEquals(0.2307, r.get(0).estimate().lower(), 1e-4);
        assertEquals(0.8824, r.get(0).estimate().upper(), 1e-4);
        assertEquals(List.of("a2", "n3"), PersonRecall.misses(images).stream().map(PersonRecall.Image::file).toList());
    }

    @Test
    void noFaceShareIsOverImagesWhoseFaceOutcomeIsNoFace() {
        List<PersonRecall.Share> s = PersonRecall.personWhereNoFace(images, "no face", 0.95);
        assertEquals(List.of(3L, 2L, 1L), s.stream().map(PersonRecall.Share::hits).toList());
        assertEquals(List.of(4L, 3L, 1L), s.stream().map(PersonRecall.Share::n).toList());
        List<PersonRecall.Share> none = PersonRecall.personWhereNoFace(List.of(images.get(3)), "no face", 0.95);
        assertEquals(1, none.size());
        assertEquals(0, none.get(0).n());
        assertTrue(Double.isNaN(none.get(0).estimate().value()));
    }
}
