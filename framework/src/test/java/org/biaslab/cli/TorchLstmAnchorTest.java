package org.biaslab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The pure logic of {@code bench --only lstm-rate}: the anchor's line, the comparison, the workload. */
class TorchLstmAnchorTest {
    private static final String LINE = "lstm-torch: sequences_per_s=412.5 wall_s=14.55 cpu_s=28.90 sequences=6000 "
            + "epochs=1 threads=2 batch=64 vocab=1003 torch=2.13.0+cpu";

    @Test
    void parsesTheAnchorsLine() {
        TorchLstmAnchor.Figures f = TorchLstmAnchor.parse(LINE);
        assertEquals(412.5, f.sequencesPerSecond());
        assertEquals(14.55, f.wallSeconds());
        assertEquals(28.90, f.cpuSeconds());
        assertEquals(2, f.threads());
        assertEquals("2.13.0+cpu", f.torch());
    }

    @Test
    void refusesALineWithoutItsFigures() {
        assertNull(TorchLstmAnchor.parse("sklearn-anchor: CPU 3.0 s"));
        assertNull(TorchLstmAnchor.parse("lstm-torch: wall_s=1.0 cpu_s=2.0 threads=2"));
        assertNull(TorchLstmAnchor.parse("lstm-torch: sequences_per_s=nan? wall_s=1.0 cpu_s=2.0 threads=2"));
    }

    @Test
    void findsTheLastPrefixedLineAmongWarnings() {
        String text = "UserWarning: something\nlstm-torch: sequences_per_s=1 wall_s=1 cpu_s=1 threads=1\n"
                + "lstm-torch: sequences_per_s=2 wall_s=1 cpu_s=1 threads=1\r\ntrailing noise\n";
        assertEquals("lstm-torch: sequences_per_s=2 wall_s=1 cpu_s=1 threads=1",
                PythonAnchor.lastLine(text, "lstm-torch:"));
        assertNull(PythonAnchor.lastLine("nothing here", "lstm-torch:"));
    }

    @Test
    void comparisonIsBiaslabOverPyTorch() {
        String line = TorchLstmAnchor.comparison(206.25, TorchLstmAnchor.parse(LINE));
        assertEquals("lstm-rate vs PyTorch: 206.3 vs 412.5 sequences/s = 0.50x (torch 2.13.0+cpu, 2 thread(s))", line);
    }

    @Test
    void workloadIsTheHarnessesAndDeterministic() {
        TorchLstmAnchor.Workload a = TorchLstmAnchor.Workload.of(500);
        TorchLstmAnchor.Workload b = TorchLstmAnchor.Workload.of(500);
        assertEquals(a.texts(), b.texts());
        int ones = 0;
        for (int i = 0; i < 500; i++) {
            List<String> text = a.texts().get(i);
            assertTrue(text.size() >= 8 && text.size() <= 20, "length " + text.size());
            assertEquals(a.labels()[i] == 1, text.contains("x"));
            ones += a.labels()[i];
        }
        assertTrue(ones > 200 && ones < 300, ones + " of 500 labelled 1");
        // the first draws of java.util.Random(42), which tools/lic-lstm-torch re-implements
        assertEquals(List.of("w763", "w248", "w884", "w970", "w525"), a.texts().get(0).subList(0, 5));
    }
}
