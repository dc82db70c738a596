package org.biaslab.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** Runs the command line in this JVM with standard output and error captured. */
final class CliRun {
    private CliRun() {}

    static int run(ByteArrayOutputStream out, ByteArrayOutputStream err, String... args) {
        PrintStream o = System.out;
        PrintStream e = System.err;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            return Main.execute(args);
        } finally {
            System.setOut(o);
            System.setErr(e);
        }
    }
}
