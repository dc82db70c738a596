package org.biaslab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.biaslab.experiment.RunDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportCommandTest {

    private static int run(ByteArrayOutputStream err, String... args) {
        PrintStream e = System.err;
        try {
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            return Main.execute(args);
        } finally {
            System.setErr(e);
        }
    }

    @Test
    void resultsWrittenByAnotherVersionGetAClearErrorNamingTheField(@TempDir Path dir) throws Exception {
        // a field this version does not know (as runs of t2i-audit before 'truth' replaced 'truthWoman')
        Files.writeString(dir.resolve(RunDirectory.PROVENANCE), "{\"kind\": \"debias\"}");
        Files.writeString(dir.resolve(RunDirectory.RESULTS), "{\"truthWoman\": 0.5}");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(Main.FAILED, run(err, "report", dir.toString()));
        String text = err.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("cannot be read by this biaslab version") && text.contains("another version")
                && text.contains(dir.toString()), text);
        // a field missing that this version needs
        Files.writeString(dir.resolve(RunDirectory.RESULTS), "{\"images\": 3}");
        err.reset();
        assertEquals(Main.FAILED, run(err, "report", dir.toString()));
        text = err.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("cannot be read by this biaslab version") && text.contains(dir.toString()), text);
    }

    @Test
    void aFolderWithoutResultsIsNotAFinishedRun(@TempDir Path dir) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(Main.FAILED, run(err, "report", dir.toString()));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("not a finished run"), err.toString(StandardCharsets.UTF_8));
    }
}
