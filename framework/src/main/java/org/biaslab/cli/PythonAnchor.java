package org.biaslab.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Python speed anchor under {@code tools/} that {@code bench} runs beside its own figures: finds
 * the Python (the option's value, else the environment variable, else {@code python3}) and the
 * script, checks the modules it imports, runs it, and hands back its output. When the script or a
 * module is missing it prints why it is skipped instead; biaslab itself never needs Python.
 *
 * @param label how its lines start ({@code sklearn-anchor:}, {@code lstm-rate: PyTorch anchor})
 * @param script the script, relative to the checkout
 * @param option the bench option that names the Python ({@code --sklearn}, {@code --torch})
 * @param env the environment variable that names it when the option is not given
 * @param modules the script's Python import list
 * @param what the modules in words, for the skip line
 */
record PythonAnchor(String label, String script, String option, String env, String modules, String what) {
    /** What the script printed and how it ended; {@code line} is its last line starting with the prefix, or null. */
    record Output(int exit, String text, String line) {}

    /**
     * Runs the script with {@code args}, or prints why it is skipped and returns null.
     *
     * @param python the Python given with the option, or null
     * @param prefix how the script's result line starts
     */
    Output run(PrintWriter out, Path root, String python, List<String> args, String prefix)
            throws IOException, InterruptedException {
        String py = python != null ? python : System.getenv().getOrDefault(env, "python3");
        Path file = root.toAbsolutePath().normalize().resolve(script);
        if (!Files.isRegularFile(file)) {
            out.printf("%s skipped: %s not found%n", label, file);
            out.flush();
            return null;
        }
        String missing = missingModules(py, modules, what);
        if (missing != null) {
            out.printf("%s skipped: %s (pass %s /path/to/venv/bin/python or set %s; see %s/README.md)%n", label,
                    missing, option, env, Path.of(script).getParent());
            out.flush();
            return null;
        }
        List<String> cmd = new ArrayList<>(List.of(py, file.toString()));
        cmd.addAll(args);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int exit = p.waitFor();
        return new Output(exit, text, lastLine(text, prefix));
    }

    /** Prints that the script failed: its exit status and the last line it wrote. */
    void failed(PrintWriter out, Output o) {
        out.printf("%s failed (exit %d): %s%n", label, o.exit(), tail(o.text()));
        out.flush();
    }

    /**
     * Null when {@code python} can {@code import modules} (a Python import list), else why not
     * ({@code what}: the modules in words).
     */
    static String missingModules(String python, String modules, String what) throws InterruptedException {
        try {
            Process p = new ProcessBuilder(python, "-c", "import " + modules).redirectErrorStream(true).start();
            String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return python + " did not answer";
            }
            return p.exitValue() == 0 ? null : python + " has no " + what + " (" + tail(text) + ")";
        } catch (IOException e) {
            return python + " not found";
        }
    }

    /** The last line of {@code text} starting with {@code prefix}, or null. */
    static String lastLine(String text, String prefix) {
        String found = null;
        for (String l : text.split("\n")) {
            if (l.startsWith(prefix)) {
                found = l.strip();
            }
        }
        return found;
    }

    /** The last line of a process's output. */
    static String tail(String text) {
        String t = text.strip();
        int nl = t.lastIndexOf('\n');
        return nl < 0 ? t : t.substring(nl + 1);
    }
}
