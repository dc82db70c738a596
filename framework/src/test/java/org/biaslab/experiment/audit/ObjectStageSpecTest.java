package org.biaslab.experiment.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.biaslab.experiment.Experiment;
import org.biaslab.experiment.ExperimentKind;
import org.biaslab.spec.Registry;
import org.biaslab.spec.SpecException;
import org.junit.jupiter.api.Test;

/** {@code perception.objects}: off when absent, one known detector, refused on simulated pictograms. */
class ObjectStageSpecTest {
    private static Registry<ExperimentKind<?>> kinds() {
        return new Registry<ExperimentKind<?>>("experiment kind").register("t2i-audit", "test", new T2iAuditKind());
    }

    @Test
    void absentMeansNoObjectStage() throws Exception {
        Experiment<?> e = Experiment.load(T2iAuditKindTest.quickstart(), List.of(), kinds());
        T2iAuditSpec spec = (T2iAuditSpec) e.spec();
        assertEquals(Optional.empty(), spec.perception().objects());
        assertTrue(new T2iAuditKind().stages(spec, List.of(), 1).stream().noneMatch(s -> s instanceof ObjectStage));
    }

    @Test
    void simulatedPictogramsAndUnknownDetectorsAreRefusedWithFileAndLine() {
        SpecException e = assertThrows(SpecException.class, () -> Experiment.load(T2iAuditKindTest.quickstart(),
                List.of("perception.objects=centernet"), kinds()));
        String m = e.getMessage();
        assertTrue(m.contains("perception.objects: an object detector needs real images"), m);
        assertTrue(m.contains("quickstart-simulated.yaml:"), "names the file: " + m);

        SpecException f = assertThrows(SpecException.class, () -> Experiment.load(T2iAuditKindTest.quickstart(),
                List.of("perception.objects=yolo"), kinds()));
        assertTrue(f.getMessage().contains("perception.objects: unknown value 'yolo'; expected one of centernet"),
                f.getMessage());
    }
}
