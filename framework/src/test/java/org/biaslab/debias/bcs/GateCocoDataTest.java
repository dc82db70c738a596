package org.biaslab.debias.bcs;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.biaslab.debias.GenderSwapper;
import org.biaslab.debias.TrainingCorpus;
import org.biaslab.util.TestPaths;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The gate on the real LIBRA training corpus (COCO val2014 human captions minus the 10,780
 * evaluation images). Skips when ../shared/data is absent.
 */
class GateCocoDataTest {
    static Path coco() {
        Path root = TestPaths.root();
        return root.resolve("../shared/data/coco").normalize();
    }

    @Test
    void gateReadsGenderFromMaskedCocoCaptionsWellAboveChance() throws Exception {
        Path coco = coco();
        Path all = coco.resolve("coco_val2014_human_captions_all40504.json");
        Path eval = coco.resolve("coco_val2014_gender_set_10780.jsonl");
        Assumptions.assumeTrue(Files.isRegularFile(all) && Files.isRegularFile(eval),
                "../shared/data absent: skipping the gate on COCO");
        TrainingCorpus corpus = TrainingCorpus.load(all, eval);
        long t0 = System.nanoTime();
        try (GenderLeakageGate gate = GenderLeakageGate.trainOnCorpus(corpus.captions(), GenderSwapper.libra(),
                SynthesisConfig.defaults().maxWords(), 0.2, 1)) {
            GenderLeakageGate.Stats s = gate.stats();
            System.out.printf("gate on COCO (%d captions, %d female / %d male offered, %d held-out images): "
                    + "train %d per class, held-out %d per class, accuracy %.4f [%.4f, %.4f], female recall %.4f, "
                    + "male recall %.4f; %.1f s%n", s.captionsOffered(), s.femaleOffered(), s.maleOffered(),
                    s.groupsHeldOut(), s.trainPerClass(), s.heldOutPerClass(), s.heldOutAccuracy().value(),
                    s.heldOutAccuracy().lower(), s.heldOutAccuracy().upper(), s.heldOutFemaleRecall().value(),
                    s.heldOutMaleRecall().value(), (System.nanoTime() - t0) / 1e9);
            assertTrue(s.heldOutPerClass() > 500, "held-out per class " + s.heldOutPerClass());
            // balanced held-out set: chance is 0.5
            assertTrue(s.heldOutAccuracy().lower() > 0.6, "held-out accuracy " + s.heldOutAccuracy());
            double[] p = gate.pFemale(List.of(
                    BiasedCaptionSynthesis.tokens(GenderSwapper.libra(), "A woman in a kitchen baking a cake."),
                    BiasedCaptionSynthesis.tokens(GenderSwapper.libra(), "A man riding a skateboard down a ramp.")));
            assertTrue(p[0] > 0.5 && p[1] < 0.5, "kitchen " + p[0] + ", skateboard " + p[1]);
        }
    }
}
