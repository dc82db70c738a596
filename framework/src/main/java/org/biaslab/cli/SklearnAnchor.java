package org.biaslab.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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
    private static final PythonAnchor ANCHOR = new PythonAnchor("sklearn-anchor:", "tools/lic-sklearn/lic_sklearn.py",
            "--sklearn", ENV, "sklearn, numpy", "scikit-learn/numpy");
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
        List<String> args = new ArrayList<>(List.of("--data", data.toString(), "--seeds", String.valueOf(seeds)));
        if (extra != null) {
            args.addAll(List.of("--extra", extra.toString(), "--protocols", "paired"));
        }
        PythonAnchor.Output o = ANCHOR.run(out, root, python, args, "sklearn-anchor:");
        if (o == null) {
            return;
        }
        String line = o.line();
        if (o.exit() != 0 || line == null) {
            ANCHOR.failed(out, o);
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
}
