package org.biaslab.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
    @TempDir
    Path dir;

    @Test
    void aFullDiskNamesTheFileAndKeepsThePreviousVersion() throws Exception {
        Path file = dir.resolve("results.json");
        AtomicFiles.writeString(file, "old");
        // what the JDK throws when the disk fills mid-write: no path in the message
        IOException e = assertThrows(IOException.class, () -> AtomicFiles.write(file, out -> {
            out.write(new byte[10]);
            throw new IOException("No space left on device");
        }));
        assertEquals("cannot write " + file.toAbsolutePath() + ": No space left on device", e.getMessage());
        assertEquals("old", Files.readString(file));
        try (var s = Files.list(dir)) {
            assertFalse(s.anyMatch(p -> p.getFileName().toString().endsWith(".tmp")), "no temporary file left");
        }
    }
}
