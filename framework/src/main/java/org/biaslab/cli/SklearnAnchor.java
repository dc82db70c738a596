package org.biaslab.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs the scikit-learn anchor of {@code bench --only lic-linear} ({@code tools/lic-sklearn}: the same
 * table with CountVectorizer + LogisticRegression(liblinear), one Python process) and prints its
 * CPU time and peak memory beside biaslab's. A speed comparison only: biaslab never needs Python,
 * and without a Python that has scikit-learn the anchor is skipped with a note.
 */
final class SklearnAnchor {
    /** Environment variable naming the Python to use when {@code --sklearn} is not given. */
    static final String ENV = "BIASLAB_SKLEARN_PYTHON";
    private static final Pattern FIGURES = Pattern.compile("CPU ([0-9.]+) s .*peak RSS ([0-9]+) MB");

    private SklearnAnchor() {}

    /**
     * @param root the biaslab checkout (holds tools/lic-sklearn)
     * @param python the Python given with {@code --sklearn}, or null
     * @param biaslabCpu biaslab's CPU seconds for the same work
     * @param biaslabRss biaslab's peak RSS in MB
     * @param extra the LIC repository's bias_data folder for the paper's ten-file workload (paired protocol), or
     *     null for the four files in ../shared (paper + paired)
     */
    static void run(PrintWriter out, Path root, Path data, int seeds, String python, double biaslabCpu,
            double biaslabRss, Path extra) throws IOException, InterruptedException {
        String py = python != null ? python : System.getenv().getOrDefault(ENV, "python3");
        Path script = root.toAbsolutePath().normalize().resolve("tools/lic-sklearn/lic_sklearn.py");
        if (!Files.isRegularFile(script)) {
            out.printf("sklearn-anchor: skipped: %s not found%n", script);
            out.flush();
            return;
        }
        String missing = check(py);
        if (missing != null) {
            out.printf("sklearn-anchor: skipped: %s (pass --sklearn /path/to/venv/bin/python or set %s; "
                    + "see tools/lic-sklearn/README.md)%n", missing, ENV);
            out.flush();
            return;
        }
        List<String> cmd = new ArrayList<>(List.of(py, script.toString(), "--data", data.toString(), "--seeds",
                String.valueOf(seeds)));
        if (extra != null) {
            cmd.addAll(List.of("--extra", extra.toString(), "--protocols", "paired"));
        }
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int rc = p.waitFor();
        String line = null;
        for (String l : text.split("\n")) {
            if (l.startsWith("sklearn-anchor:")) {
                line = l;
            }
        }
        if (rc != 0 || line == null) {
            out.printf("sklearn-anchor: failed (exit %d): %s%n", rc, tail(text));
            out.flush();
            return;
        }
        out.println(line);
        Matcher m = FIGURES.matcher(line);
        if (m.find()) {
            double cpu = Double.parseDouble(m.group(1));
            double rss = Double.parseDouble(m.group(2));
            out.printf(Locale.ROOT, "lic-linear vs scikit-learn: CPU %s vs %.1f s = %.2fx; peak RSS %s vs %.0f MB = %.2fx%n",
                    ProcessFigures.seconds(biaslabCpu), cpu, biaslabCpu / cpu, ProcessFigures.mb(biaslabRss), rss,
                    biaslabRss / rss);
        }
        out.flush();
    }

    /** Null when {@code python} imports scikit-learn and numpy, else why not. */
    private static String check(String python) throws InterruptedException {
        return missingModules(python, "sklearn, numpy", "scikit-learn/numpy");
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

    /** The last line of a process's output. */
    static String tail(String text) {
        String t = text.strip();
        int nl = t.lastIndexOf('\n');
        return nl < 0 ? t : t.substring(nl + 1);
    }
}
