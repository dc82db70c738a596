package org.biaslab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.biaslab.engine.SelfCheck;
import org.junit.jupiter.api.Test;

class DoctorCommandTest {
    private static int run(ByteArrayOutputStream out, ByteArrayOutputStream err) {
        return CliRun.run(out, err, "doctor");
    }

    @Test
    void printsThePlatformCapAndSelfCheck() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(Main.OK, run(out, err), err.toString(StandardCharsets.UTF_8));
        String text = out.toString(StandardCharsets.UTF_8);
        for (String row : new String[] {"java ", "cpu ", "isa flags ", "engine ", "onednn cap ", "self-check   passed",
            "conv-stack", "lstm-small", "transformer-layer", "model ", "npm ", "chromium "}) {
            assertTrue(text.contains(row), row + " missing from\n" + text);
        }
    }

    @Test
    void aFailedSelfCheckExitsOneWithTheRemedy() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setProperty(SelfCheck.DRILL_PROPERTY, "conv-stack");
        int code;
        try {
            code = run(out, err);
        } finally {
            System.clearProperty(SelfCheck.DRILL_PROPERTY);
        }
        assertEquals(Main.FAILED, code);
        String e = err.toString(StandardCharsets.UTF_8);
        assertTrue(e.startsWith("error: the PyTorch engine's self-check failed on this CPU") && e.contains("conv-stack")
                && e.contains("Remedy:"), e);
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("self-check   FAILED"));
    }
}
