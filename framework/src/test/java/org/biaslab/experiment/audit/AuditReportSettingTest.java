package org.biaslab.experiment.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The Methods section's settings, as a reader wants them (issue 15, point 9). */
class AuditReportSettingTest {
    @Test
    void numbersAreRoundedAndLongMapsSummarised() {
        assertEquals("0.206", AuditReport.setting("x", 0.20599999999999996));
        assertEquals("1.5", AuditReport.setting("x", 1.5));
        assertEquals("2021", AuditReport.setting("x", 2021));
        Map<String, Object> small = new LinkedHashMap<>();
        small.put("very light", 0.25);
        small.put("dark", 0.050000000000000003);
        assertEquals("very light: 0.25, dark: 0.05", AuditReport.setting("generator.skin_tone", small));
        Map<String, Object> big = new LinkedHashMap<>();
        IntStream.range(0, 250).forEach(i -> big.put("o" + i, i / 7.0));
        assertEquals("250 entries (in full in results.json, generator.declared_shares_women)",
                AuditReport.setting("generator.declared_shares_women", big));
        assertEquals("a, b", AuditReport.setting("x", List.of("a", "b")));
    }
}
