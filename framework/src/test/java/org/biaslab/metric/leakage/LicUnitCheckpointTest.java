package org.biaslab.metric.leakage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.biaslab.caption.LabelledImage;
import org.biaslab.metric.leakage.linear.LinearConfig;
import org.biaslab.metric.leakage.linear.LinearTrainer;
import org.biaslab.util.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A unit's checkpoint records each finished training's score; a resumed unit reads them back instead
 * of training again, unless they were recorded for another configuration or other data (then they
 * are ignored, by name). The epoch-level resume of the LSTM is checked in LstmCheckpointTest and,
 * through a whole run, in CaptionBiasKindTest.
 */
class LicUnitCheckpointTest {
    private static final LeakageClassifier LINEAR = new LeakageClassifier("linear", "linear", 1,
            new LinearTrainer(LinearConfig.DEFAULT));
    private static final List<String> PROTOCOLS = List.of("paper", "paired");

    @TempDir
    Path dir;

    private static LicData data(long seed) {
        String[] female = {"kitchen", "umbrella", "handbag"};
        String[] male = {"skateboard", "truck", "baseball"};
        String[] neutral = {"table", "street", "park", "dog", "field", "room"};
        Random rng = new Random(seed);
        List<LabelledImage> images = new ArrayList<>();
        Map<Long, String> captions = new HashMap<>();
        for (int i = 0; i < 120; i++) {
            boolean woman = i % 3 == 0;
            List<String> human = new ArrayList<>();
            for (int k = 0; k < 5; k++) {
                human.add("A " + (woman ? "woman" : "man") + " near a " + neutral[rng.nextInt(neutral.length)] + ".");
            }
            images.add(new LabelledImage(500 + i, woman ? "Female" : "Male", "", human));
            String[] cues = woman ? female : male;
            captions.put(500L + i, "a " + (woman ? "woman" : "man") + " with a " + cues[rng.nextInt(cues.length)]);
        }
        return LicData.build(LicAttribute.GENDER, true, images, null, captions,
                images.stream().map(LabelledImage::imageId).toList());
    }

    private static LicUnit compute(LicData data, LicUnitCheckpoint checkpoint) throws LeakageException {
        return LicStudy.compute(11, "gender", "M", LINEAR, 0, PROTOCOLS, 0.1, data, "test set", checkpoint);
    }

    private static String fingerprint(LicData data) {
        return LicStudy.fingerprint(11, "gender", "M", LINEAR, 0, PROTOCOLS, 0.1, data, "test set");
    }

    @Test
    void finishedTrainingsAreRecordedAndNotRunAgain() throws Exception {
        LicData data = data(3);
        LicUnit plain = compute(data, null);
        List<String> log = new ArrayList<>();
        LicUnitCheckpoint checkpoint = new LicUnitCheckpoint(dir.resolve("seed-0.partial"), "unit", log::add);
        LicUnit recorded = compute(data, checkpoint);
        assertEquals(plain.human(), recorded.human());
        assertEquals(plain.modelSide(), recorded.modelSide());
        List<Leakage.Score> all = new ArrayList<>(plain.human());
        all.addAll(plain.modelSide().values());
        assertEquals(all, checkpoint.finished(fingerprint(data)), "every training, in the unit's order");

        // an interrupted unit: trainings 1-3 finished (their recorded scores, recognisable here, are used)
        Leakage.Score marker = new Leakage.Score(0.125, 0.5, 1, 2);
        Json.write(checkpoint.dir().resolve(LicUnitCheckpoint.TRAININGS),
                new LicUnitCheckpoint.Finished(fingerprint(data), List.of(marker, marker, marker)));
        LicUnit resumed = compute(data, checkpoint);
        assertEquals(List.of(marker, marker, marker, plain.human().get(3), plain.human().get(4)), resumed.human());
        assertEquals(plain.modelSide(), resumed.modelSide());
        assertTrue(log.isEmpty(), log.toString());

        checkpoint.delete();
        assertFalse(Files.exists(checkpoint.dir()));
    }

    @Test
    void aRecordOfOtherDataIsIgnoredByName() throws Exception {
        LicData first = data(3);
        LicData other = data(4);
        List<String> log = new ArrayList<>();
        LicUnitCheckpoint checkpoint = new LicUnitCheckpoint(dir.resolve("seed-0.partial"), "gender M linear seed 0",
                log::add);
        compute(first, checkpoint);
        LicUnit resumed = compute(other, checkpoint);
        LicUnit plain = compute(other, null);
        assertEquals(plain.human(), resumed.human());
        assertEquals(plain.modelSide(), resumed.modelSide());
        assertEquals(List.of("ignoring " + checkpoint.dir().resolve(LicUnitCheckpoint.TRAININGS)
                + " for gender M linear seed 0: it was written for another configuration or other data of this unit;"
                + " the unit's finished trainings are redone"), log);
    }
}
