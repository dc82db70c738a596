package org.biaslab.experiment.debias;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.biaslab.caption.CaptionFiles;
import org.biaslab.caption.LabelledImage;
import org.biaslab.caption.ModelCaption;
import org.biaslab.util.Json;
import org.biaslab.util.TestPaths;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The evaluation on a real model file (Show-Attend-Tell's captions of the 10,780-image
 * perceived-gender set) with a test-only stand-in for a debiaser whose effect is known in
 * direction. Skips when ../shared/data is absent.
 */
class DebiasEvaluationSharedDataTest {
    @TempDir
    Path out;

    static Path root() {
        return TestPaths.root();
    }

    /**
     * TEST ONLY, not a debiaser: on images annotated Female, the token "man" becomes "woman"; every
     * caption comes back as lower-cased tokens joined by spaces, the form the debiaser writes.
     */
    static Map<Long, String> testOnlyManToWomanOnFemaleImages(List<LabelledImage> images, Map<Long, String> before) {
        Map<Long, String> after = new HashMap<>();
        for (LabelledImage img : images) {
            List<String> tokens = new ArrayList<>(DebiasEvaluation.tokens(before.get(img.imageId())));
            if (img.perceivedGender().equals("Female")) {
                tokens.replaceAll(t -> t.equals("man") ? "woman" : t);
            }
            after.put(img.imageId(), String.join(" ", tokens));
        }
        return after;
    }

    @Test
    void showAttendTellWithManTurnedWomanOnFemaleImages() throws Exception {
        Path data = root().resolve("../shared/data").normalize();
        Path labels = data.resolve("coco/coco_val2014_gender_set_10780.jsonl");
        Path sat = data.resolve("lic-captions/Show-Attend-Tell/gender_val_sat_cap_mw_entries.pkl");
        Path vocab = data.resolve("lic-captions/model_vocab/sat_vocab.pkl");
        Assumptions.assumeTrue(Files.isRegularFile(labels) && Files.isRegularFile(sat) && Files.isRegularFile(vocab),
                "../shared/data absent: skipping the real-data debias evaluation");
        List<LabelledImage> images = CaptionFiles.readLabelledImages(labels);
        Map<Long, String> before = new HashMap<>();
        for (ModelCaption c : CaptionFiles.readModelCaptions(sat, "lic-pickle")) {
            before.put(c.imageId(), c.caption());
        }
        Map<Long, String> after = testOnlyManToWomanOnFemaleImages(images, before);
        int touched = 0;
        for (LabelledImage img : images) {
            if (img.perceivedGender().equals("Female")
                    && DebiasEvaluation.tokens(before.get(img.imageId())).contains("man")) {
                touched++;
            }
        }

        DebiasResults r = DebiasEvaluation.evaluate(images, labels.getFileName().toString(), List.of(
                new DebiasEvaluation.ModelCaptions("SAT", CaptionFiles.readVocabPickle(vocab), before, after)),
                List.of(DebiasEvaluationTest.LINEAR), DebiasEvaluation.Settings.defaults(1).withResamples(200), 2);
        assertEquals(10_780, r.images());
        assertEquals(7_466, r.maleImages());
        assertEquals(3_314, r.femaleImages());
        DebiasResults.ModelResult m = r.models().get(0);

        // exactly the touched captions changed, each in a gender word (re-joined tokens are no change)
        assertTrue(touched > 100, "female images whose SAT caption says 'man': " + touched);
        assertEquals(touched, m.changes().changed());
        assertEquals(touched, m.changes().genderWordChanged());
        assertEquals(0, m.changes().changedMale());

        // gender error: unchanged on Male images, lower on Female ones and overall; more female-word captions
        DebiasResults.GenderErrorComparison g = m.genderError();
        assertEquals(0.0, g.male().difference().value(), 0.0);
        assertTrue(g.female().difference().upper() < 0, g.female().difference().toString());
        assertTrue(g.overall().difference().upper() < 0, g.overall().difference().toString());
        assertTrue(g.ratio().difference().lower() > 0, g.ratio().difference().toString());
        assertEquals(3_314.0 / 7_466, g.groundTruthRatio(), 1e-12);

        // LIC masks man and woman alike: the masked captions, hence every classifier, are the same
        DebiasResults.LicComparison l = m.lic().get(0);
        for (DebiasResults.LicSeed s : l.perSeed()) {
            assertEquals(s.licMBefore(), s.licMAfter(), 0.0, "seed " + s.seed());
            assertTrue(s.licD() > 35 && s.licD() < 55, "LIC_D " + s.licD());
        }
        assertEquals(0.0, l.lic().difference().value(), 0.0);

        // the references of Female images say woman: quality rises
        assertTrue(m.quality().bleu4().difference().lower() > 0, m.quality().bleu4().difference().toString());
        assertTrue(m.quality().ciderD().difference().lower() > 0, m.quality().ciderD().difference().toString());
        assertTrue(m.amplification().biasAmplification().before().defined());
        assertTrue(m.amplification().wordsBefore() > 30);

        DebiasReport.write(out, r, new DebiasReport.Context("SAT, test-only man->woman", "", null, Map.of()));
        assertTrue(Files.size(out.resolve("index.html")) > 10_000);
        Json.write(out.resolve("results.json"), r);
        System.out.println(Json.pretty(Map.of("lic", l, "genderError", Map.of("overall", g.overall(), "female",
                g.female(), "ratio", g.ratio()), "quality", m.quality(), "changes", m.changes().changedShare(),
                "ba", m.amplification().biasAmplification())));
    }
}
