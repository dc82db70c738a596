package org.biaslab.experiment.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.biaslab.metric.ImageObjectGender;
import org.biaslab.metric.ImageObjectGender.Image;
import org.biaslab.metric.Intervals;
import org.biaslab.report.Finding;
import org.junit.jupiter.api.Test;

/** The object findings follow from Holm's p and the interval of the normalised amplification. */
class ObjectFindingsTest {
    private static AuditResults results(List<Image> images) {
        Map<String, long[]> ref = Map.of("laptop", new long[] {40, 40}, "tie", new long[] {5, 45});
        AuditResults.ObjectGender g = AuditResults.objectGender(images, new org.biaslab.prompt.ObjectGenderReference(
                100, 200, ref), 0.95, 300, 5);
        AuditResults.ObjectSplit split = new AuditResults.ObjectSplit("objects/centernet",
                new AuditResults.ObjectReference("coco/x.csv", "test", 100, 200, 10),
                List.of(new AuditResults.ObjectOccupation("l", "coder", images.size(), images.size(),
                        Intervals.wilson(0, images.size(), 0.95), Intervals.wilson(0, images.size(), 0.95), g)), g);
        return new AuditResults("x", "", false, Map.of(), List.of(), Map.of(), Map.of(), 0.95, 300, Map.of(),
                List.of(), null, List.of(), null, null, null, null, null, null, null, null, split);
    }

    @Test
    void aClassTiedToOneGroupAfterHolmIsAFinding() {
        // 30 women images with a laptop in 25; 30 men images with a laptop in 2; ties only with men
        List<Image> ims = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            ims.add(new Image(true, i < 25 ? Set.of("laptop") : Set.of()));
            ims.add(new Image(false, i < 2 ? Set.of("laptop", "tie") : Set.of("tie")));
        }
        List<Finding> f = AuditFindings.objects(results(ims), "");
        assertTrue(f.stream().anyMatch(x -> x.subject().equals("coder") && x.text().contains(
                "laptop in 83.3% of the 30 images perceived as women vs 6.7% of the 30 perceived as men")), f.toString());
        assertTrue(f.stream().anyMatch(x -> x.subject().equals("coder") && x.text().contains("tie in 0.0%")),
                f.toString());
        // pooled: laptop b*n = 2/3 women, here 25/30 vs 2/30 -> more tied; tie men 0.818 -> 1: amplified
        assertTrue(f.stream().anyMatch(x -> x.subject().isEmpty() && x.text().contains("more than in those photos")),
                f.toString());
    }

    @Test
    void noDifferenceNoFinding() {
        List<Image> ims = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            ims.add(new Image(true, i < 3 ? Set.of("laptop") : Set.of()));
            ims.add(new Image(false, i < 3 ? Set.of("laptop") : Set.of()));
        }
        List<Finding> f = AuditFindings.objects(results(ims), "");
        assertEquals(List.of(), f.stream().filter(x -> !x.subject().isEmpty()).toList());
    }
}
