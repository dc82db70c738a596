package org.biaslab.util;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The schema check itself can fail: a missing required field, an unknown kind, no version. */
class ResultsSchemasTest {
    @TempDir
    Path tmp;

    @Test
    void documentsThatBreakTheirSchemaFail() throws Exception {
        Path f = tmp.resolve("results.json");
        Files.writeString(f, "{\"schemaVersion\": 1, \"kind\": \"caption-bias\", \"experiment\": \"x\"}");
        AssertionError e = assertThrows(AssertionError.class, () -> ResultsSchemas.assertValid(f));
        assertTrue(e.getMessage().contains("seeds"), e.getMessage());
        Files.writeString(f, "{\"schemaVersion\": 1, \"kind\": \"no-such-kind\"}");
        assertThrows(AssertionError.class, () -> ResultsSchemas.assertValid(f));
        Files.writeString(f, "{\"kind\": \"caption-bias\"}");
        assertThrows(AssertionError.class, () -> ResultsSchemas.assertValid(f));
    }
}
