package org.biaslab.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.biaslab.spec.SpecException;
import org.biaslab.spec.SpecProblem;

/** Experiment files built to hurt: huge, one endless value, not UTF-8, an invalid name, a folder. */
class HostileSpecTest {
    @TempDir
    Path dir;

    private static String all(SpecException e) {
        return e.problems().stream().map(SpecProblem::toString).collect(Collectors.joining("\n"));
    }

    private SpecException fails(Path exp) {
        return assertThrows(SpecException.class, () -> Experiment.load(exp, List.of(), Kinds.REGISTRY));
    }

    @Test
    void aFiftyMegabyteValueIsRefusedBeforeParsing() throws Exception {
        // measured before: a 2 MB quoted value kept validate busy for 20 s, 50 MB for minutes
        Path exp = dir.resolve("huge.yaml");
        try (OutputStream out = Files.newOutputStream(exp)) {
            out.write("name: huge\nkind: t2i-audit\ndescription: \"".getBytes(StandardCharsets.UTF_8));
            byte[] chunk = "x".repeat(1 << 20).getBytes(StandardCharsets.UTF_8);
            for (int i = 0; i < 50; i++) {
                out.write(chunk);
            }
            out.write("\"\n".getBytes(StandardCharsets.UTF_8));
        }
        String all = all(fails(exp));
        assertTrue(all.contains("huge.yaml: experiment file is 52428" ) && all.contains("at most 262144 bytes"), all);
    }

    @Test
    void aLongOneLineValueIsRefusedWithItsLine() throws Exception {
        Path exp = dir.resolve("long.yaml");
        Files.writeString(exp, "name: long\nkind: t2i-audit\ndescription: \"" + "y".repeat(100_000) + "\"\n");
        String all = all(fails(exp));
        assertTrue(all.contains("long.yaml:3: ") && all.contains("line 3 is 100015 characters long; at most 16384"), all);
    }

    @Test
    void bytesThatAreNotUtf8AreNamedWithLineAndColumn() throws Exception {
        Path exp = dir.resolve("latin1.yaml");
        byte[] head = "name: latin\nkind: t2i-audit\ndescription: caf".getBytes(StandardCharsets.UTF_8);
        byte[] bytes = new byte[head.length + 2];
        System.arraycopy(head, 0, bytes, 0, head.length);
        bytes[head.length] = (byte) 0xE9; // 'é' in ISO-8859-1
        bytes[head.length + 1] = '\n';
        Files.write(exp, bytes);
        SpecException e = fails(exp);
        assertEquals(1, e.problems().size(), all(e));
        assertTrue(all(e).contains("latin1.yaml:3: the file is not UTF-8: invalid byte 0xE9 at column 17 of line 3"),
                all(e));
    }

    @Test
    void anInvalidNameIsTheOnlyProblemOfAnOtherwiseValidExperiment() throws Exception {
        Path root = Path.of(System.getProperty("biaslab.root", ".."));
        String text = Files.readString(root.resolve("experiments/quickstart-simulated.yaml"))
                .replace("name: quickstart-simulated", "name: \"../evil name\"");
        Path exp = root.resolve("experiments").resolve("hostile-spec-test-" + ProcessHandle.current().pid() + ".yaml");
        Files.writeString(exp, text);
        try {
            SpecException e = fails(exp);
            assertEquals(1, e.problems().size(), all(e));
            assertTrue(all(e).contains("name: '../evil name' is not a valid name"), all(e));
        } finally {
            Files.delete(exp);
        }
    }

    @Test
    void aFolderIsNotAnExperiment() throws Exception {
        Path folder = Files.createDirectory(dir.resolve("x.yaml"));
        assertTrue(all(fails(folder)).contains("is a directory, not an experiment file"));
    }
}
