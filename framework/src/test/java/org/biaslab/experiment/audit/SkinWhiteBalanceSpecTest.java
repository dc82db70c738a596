package org.biaslab.experiment.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.biaslab.experiment.Experiment;
import org.biaslab.experiment.ExperimentKind;
import org.biaslab.perceive.skin.WhiteBalance;
import org.biaslab.spec.Registry;
import org.biaslab.spec.SpecException;
import org.junit.jupiter.api.Test;

/** {@code perception.skin_white_balance}: none when absent, sclera when named, anything else refused. */
class SkinWhiteBalanceSpecTest {
    private static Registry<ExperimentKind<?>> kinds() {
        return new Registry<ExperimentKind<?>>("experiment kind").register("t2i-audit", "test", new T2iAuditKind());
    }

    @Test
    void absentMeansNoneAndScleraIsRead() throws Exception {
        T2iAuditSpec none = (T2iAuditSpec) Experiment.load(T2iAuditKindTest.quickstart(), List.of(), kinds()).spec();
        assertEquals(WhiteBalance.NONE, none.perception().skinWhiteBalance());
        T2iAuditSpec sclera = (T2iAuditSpec) Experiment.load(T2iAuditKindTest.quickstart(),
                List.of("perception.skin_white_balance=sclera"), kinds()).spec();
        assertEquals(WhiteBalance.SCLERA, sclera.perception().skinWhiteBalance());
    }

    @Test
    void unknownMethodIsRefused() {
        SpecException e = assertThrows(SpecException.class, () -> Experiment.load(T2iAuditKindTest.quickstart(),
                List.of("perception.skin_white_balance=gray-world"), kinds()));
        assertTrue(e.getMessage().contains("perception.skin_white_balance: unknown value 'gray-world'; expected one of "
                + "none, sclera"), e.getMessage());
    }
}
