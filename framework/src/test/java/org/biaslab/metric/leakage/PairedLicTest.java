package org.biaslab.metric.leakage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.biaslab.caption.LabelledImage;
import org.biaslab.metric.leakage.linear.LinearConfig;
import org.biaslab.metric.leakage.linear.LinearTrainer;
import org.junit.jupiter.api.Test;

/**
 * PairedLic is the caption-bias study's paired protocol: its first caption set scores exactly as
 * LicStudy's paired LIC_M, and further caption sets share the split and initialisation.
 */
class PairedLicTest {
    private static final String[] FEMALE_CUES = {"kitchen", "umbrella", "handbag"};
    private static final String[] MALE_CUES = {"skateboard", "truck", "baseball"};
    private static final String[] NEUTRAL = {"table", "street", "park", "dog", "field", "room"};
    private static final LeakageClassifier LINEAR = new LeakageClassifier("linear", "linear", 2,
            new LinearTrainer(LinearConfig.DEFAULT));

    private final List<LabelledImage> images = new ArrayList<>();
    private final Map<Long, String> cued = new HashMap<>();
    private final Map<Long, String> uncued = new HashMap<>();

    PairedLicTest() {
        Random rng = new Random(3);
        for (int i = 0; i < 200; i++) {
            boolean female = i % 3 == 0;
            List<String> human = new ArrayList<>();
            for (int k = 0; k < 5; k++) {
                human.add("A " + (female ? "woman" : "man") + " near a " + pick(rng, NEUTRAL) + ".");
            }
            long id = 500 + i;
            images.add(new LabelledImage(id, female ? "Female" : "Male", "", human));
            String cue = pick(rng, female ? FEMALE_CUES : MALE_CUES);
            String neutral = pick(rng, NEUTRAL);
            cued.put(id, "a " + (female ? "woman" : "man") + " with a " + cue);
            uncued.put(id, "a " + (female ? "woman" : "man") + " with a " + neutral);
        }
        images.add(new LabelledImage(9999, "Both", "", List.of("two people")));
    }

    private static String pick(Random rng, String[] xs) {
        return xs[rng.nextInt(xs.length)];
    }

    @Test
    void firstCaptionSetIsTheStudysPairedProtocol() throws Exception {
        PairedLic lic = PairedLic.prepare(LicAttribute.GENDER, true, images, null, "M", "test set",
                List.of(cued, uncued));
        assertEquals(200, lic.images());
        List<LabelledImage> annotated = LicData.annotated(images, LicAttribute.GENDER);
        LicData data = LicData.build(LicAttribute.GENDER, true, annotated, null, cued,
                annotated.stream().map(LabelledImage::imageId).toList());
        for (int seed = 0; seed < 2; seed++) {
            PairedLic.SeedResult r = lic.compute(11, LINEAR, seed, 0.1);
            LicUnit u = LicStudy.compute(11, "gender", "M", LINEAR, seed, List.of("paired"), 0.1, data, "test set");
            assertEquals(u.modelSide().get("paired"), r.model().get(0));
            assertEquals(u.human(), r.human());
            assertEquals(u.licD(), r.licD(), 0.0);
            // the cue words carry the leakage: without them LIC_M falls, on the same split
            assertTrue(r.model().get(1).score() < r.model().get(0).score() - 0.2,
                    "seed " + seed + ": " + r.model());
            assertEquals(r.model().get(0).test(), r.model().get(1).test());
        }
    }

    @Test
    void aCaptionSetMissingAnImageIsNamed() {
        Map<Long, String> partial = new HashMap<>(uncued);
        partial.remove(505L);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PairedLic.prepare(
                LicAttribute.GENDER, true, images, null, "M", "test set", List.of(cued, partial)));
        assertTrue(e.getMessage().contains("caption set 1") && e.getMessage().contains("505"), e.getMessage());
    }
}
