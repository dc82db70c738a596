package org.biaslab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ModelsCommandTest {

    private static int run(ByteArrayOutputStream out, ByteArrayOutputStream err, String... args) {
        return CliRun.run(out, err, args);
    }

    @Test
    void fetchesANamedManifestAndPrintsWhereItLies() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(Main.OK, run(out, err, "models", "fetch", "vladmandic-face-api.yaml"));
        String text = out.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("@vladmandic/face-api@1.7.15 (MIT, 13 files)")
                && text.contains(".cache/models/vladmandic-face-api-1.7.15"), text);
    }

    @Test
    void anUnknownManifestFailsWithItsPath() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(Main.FAILED, run(out, err, "models", "fetch", "no-such-model.yaml"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("no-such-model.yaml"), err.toString());
    }
}
