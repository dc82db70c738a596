package org.biaslab.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.biaslab.metric.validity.Calibration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

class ReliabilityChartTest {
    static final double[] P = {0.95, 0.85, 0.85, 0.65, 0.35, 0.1, 0.5, 0.72};
    static final boolean[] Y = {true, true, false, true, false, false, true, false};

    @Test
    void rendersBinsWithAccuracyIntervalsAndMeanConfidence(@TempDir Path dir) throws Exception {
        Calibration.Result r = Calibration.binary(P, Y, 10, 0.95, 100, 1);
        Chart chart = ReliabilityChart.render("Perceived gender <calibration>", r.diagram());
        Document doc = ChartsTest.assertValid(chart);
        assertEquals("Perceived gender <calibration>", ChartsTest.text(doc, "title"));
        String desc = ChartsTest.text(doc, "desc");
        // bins below the first non-empty one (0.4-0.5] are left out; the rest are kept, empty ones as gaps
        assertFalse(desc.contains("0.3-0.4"), desc);
        assertTrue(desc.contains("(0.4-0.5] n=1"), desc);
        assertTrue(desc.contains("(0.5-0.6] n=0"), desc);
        assertTrue(desc.contains("(0.8-0.9] n=3"), desc);
        assertTrue(desc.contains("accuracy (Wilson 95%)"), desc);
        assertTrue(desc.contains("mean confidence"), desc);
        // the 2/3 accuracy of bin (0.8, 0.9] with its Wilson interval [0.2077, 0.9385]
        assertTrue(desc.contains("0.667 [0.208, 0.939]") || desc.contains("0.6667 [0.2077, 0.9385]"), desc);
        chart.writeTo(dir, "reliability");
        assertTrue(Files.size(dir.resolve("reliability.png")) > 0);
        assertTrue(Files.readString(dir.resolve("reliability.svg")).startsWith("<?xml"));
        // deterministic: the same diagram gives the same bytes
        assertEquals(chart, ReliabilityChart.render("Perceived gender <calibration>", r.diagram()));
    }

    @Test
    void emptyDiagramStillRenders() throws Exception {
        Calibration.ReliabilityDiagram d = Calibration.reliability(new double[0], new boolean[0], 10, 0.95);
        Document doc = ChartsTest.assertValid(ReliabilityChart.render("empty", d));
        assertTrue(ChartsTest.text(doc, "desc").contains("[0.9-1.0] n=0") || ChartsTest.text(doc, "desc")
                .contains("(0.9-1.0] n=0"), ChartsTest.text(doc, "desc"));
    }
}
