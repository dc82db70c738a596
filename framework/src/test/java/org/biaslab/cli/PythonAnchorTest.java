package org.biaslab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Python anchors' shared runner: skip lines, the result line, the failure line. */
class PythonAnchorTest {
    private static final PythonAnchor ANCHOR = new PythonAnchor("demo-anchor:", "tools/demo/demo.py", "--demo",
            "BIASLAB_DEMO_PYTHON", "numpy", "numpy");

    /** A stand-in for python: {@code -c} (the import check) exits with {@code importExit}, a script run prints. */
    private static String fakePython(Path dir, int importExit, String output, int runExit) throws Exception {
        Path py = dir.resolve("python");
        Files.writeString(py, "#!/bin/sh\nif [ \"$1\" = -c ]; then echo 'ModuleNotFoundError: numpy'; exit " + importExit
                + "; fi\nprintf '" + output + "'\nexit " + runExit + "\n");
        Files.setPosixFilePermissions(py, PosixFilePermissions.fromString("rwxr-xr-x"));
        return py.toString();
    }

    private static Path root(Path dir) throws Exception {
        Path script = dir.resolve("tools/demo/demo.py");
        Files.createDirectories(script.getParent());
        Files.writeString(script, "");
        return dir;
    }

    @Test
    void returnsTheLastResultLine(@TempDir Path dir) throws Exception {
        StringWriter s = new StringWriter();
        PythonAnchor.Output o = ANCHOR.run(new PrintWriter(s), root(dir),
                fakePython(dir, 0, "noise\\ndemo-anchor: a=1\\ndemo-anchor: a=2\\nbye\\n", 0), List.of("--x"),
                "demo-anchor:");
        assertNotNull(o);
        assertEquals(0, o.exit());
        assertEquals("demo-anchor: a=2", o.line());
        assertEquals("", s.toString());
    }

    @Test
    void saysWhySkipped(@TempDir Path dir) throws Exception {
        StringWriter s = new StringWriter();
        assertNull(ANCHOR.run(new PrintWriter(s), dir, fakePython(dir, 0, "", 0), List.of(), "demo-anchor:"));
        assertTrue(s.toString().startsWith("demo-anchor: skipped: ") && s.toString().contains("demo.py not found"),
                s.toString());
        StringWriter t = new StringWriter();
        String py = fakePython(dir, 1, "", 0);
        assertNull(ANCHOR.run(new PrintWriter(t), root(dir), py, List.of(), "demo-anchor:"));
        assertEquals("demo-anchor: skipped: " + py + " has no numpy (ModuleNotFoundError: numpy) (pass --demo "
                + "/path/to/venv/bin/python or set BIASLAB_DEMO_PYTHON; see tools/demo/README.md)\n", t.toString());
    }

    @Test
    void aFailedRunPrintsItsExitAndLastLine(@TempDir Path dir) throws Exception {
        StringWriter s = new StringWriter();
        PrintWriter out = new PrintWriter(s);
        PythonAnchor.Output o = ANCHOR.run(out, root(dir), fakePython(dir, 0, "Traceback\\nValueError: bad\\n", 3),
                List.of(), "demo-anchor:");
        assertNull(o.line());
        ANCHOR.failed(out, o);
        assertEquals("demo-anchor: failed (exit 3): ValueError: bad\n", s.toString());
    }
}
