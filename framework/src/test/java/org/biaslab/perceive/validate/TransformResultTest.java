package org.biaslab.perceive.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.biaslab.perceive.image.ImageTransform;
import org.junit.jupiter.api.Test;

/** The paired changes under a transform, on outcomes worked out by hand. */
class TransformResultTest {
    private static ImageOutcome outcome(int i, String truth, String perceived) {
        LabelledFile f = new LabelledFile("f" + i + ".png", truth, truth, Map.of());
        if (perceived.equals("no face")) {
            return new ImageOutcome(f, perceived, Double.NaN, Double.NaN, 0, Double.NaN, null, 0, Set.of(), false, null);
        }
        return new ImageOutcome(f, perceived, perceived.equals("woman") ? 0.9 : 0.1, 30, 1, Double.NaN, null, 0,
                Set.of(), false, null);
    }

    @Test
    void accuracyAndDetectionChangesArePairedTransformMinusOriginal() {
        List<ImageOutcome> base = new ArrayList<>();
        List<ImageOutcome> moved = new ArrayList<>();
        // four images labelled woman: untransformed woman, woman, man, no face; transformed man, woman, man, woman
        String[] before = {"woman", "woman", "man", "no face"};
        String[] after = {"man", "woman", "man", "woman"};
        for (int i = 0; i < 4; i++) {
            base.add(outcome(i, "woman", before[i]));
            moved.add(outcome(i, "woman", after[i]));
        }
        TransformResult t = TransformResult.of(ImageTransform.SEPIA, new ValidationResults(base, List.of()),
                new ValidationResults(moved, List.of()));
        assertEquals("sepia", t.transform());
        // decided in both: images 0-2; correct after [no, yes, no], before [yes, yes, no]: (1 - 2) / 3
        assertEquals(-1.0 / 3, t.accuracyChange().difference().value(), 1e-12);
        assertEquals(3, t.accuracyChange().difference().n());
        // face found after on 4 of 4, before on 3 of 4: +1/4
        assertEquals(0.25, t.detectionChange().difference().value(), 1e-12);
        assertEquals(0.5, t.accuracy().value(), 1e-12, "2 of 4 decided correct under the transform");
        assertEquals(1.0, t.detection().value(), 1e-12);
    }
}
