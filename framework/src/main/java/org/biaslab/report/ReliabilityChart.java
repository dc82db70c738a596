package org.biaslab.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.biaslab.metric.validity.Calibration;

/**
 * The reliability diagram of a classifier (Guo et al. 2017, fig. 1): one group of bars per
 * confidence bin, the accuracy of the bin's items with its Wilson interval as whiskers next to the
 * bin's mean confidence. A calibrated classifier has the two bars equal in every bin; the
 * difference, weighted by the bin's share of items, is what the ECE sums. Drawn with
 * {@link Charts#barChartWithErrors}, so it is deterministic and inline-safe like every other chart.
 *
 * <p>Bins are labelled with their range and item count. Empty bins are kept (drawn as gaps) except
 * those below the first non-empty bin: for binary probabilities the top-label confidence is never
 * below 0.5, so those bins are empty by construction.
 */
public final class ReliabilityChart {
    private ReliabilityChart() {}

    /** The chart of a reliability diagram. */
    public static Chart render(String title, Calibration.ReliabilityDiagram diagram) {
        List<Calibration.Bin> bins = diagram.bins();
        int first = 0;
        while (first < bins.size() - 1 && bins.get(first).n() == 0) {
            first++;
        }
        List<Calibration.Bin> shown = bins.subList(first, bins.size());
        int k = shown.size();
        List<String> categories = new ArrayList<>(k);
        double[] acc = new double[k];
        double[] lo = new double[k];
        double[] hi = new double[k];
        double[] conf = new double[k];
        for (int i = 0; i < k; i++) {
            Calibration.Bin b = shown.get(i);
            categories.add(String.format(Locale.ROOT, "%s%.1f-%.1f] n=%d", b.index() == 0 ? "[" : "(", b.lower(),
                    b.upper(), b.n()));
            acc[i] = b.accuracy().value();
            lo[i] = b.accuracy().lower();
            hi[i] = b.accuracy().upper();
            conf[i] = b.meanConfidence();
        }
        String level = shown.stream().filter(b -> b.n() > 0).findFirst()
                .map(b -> b.accuracy().method()).orElse("Wilson");
        List<Series> series = List.of(
                new Series("accuracy (" + level + ")", acc, lo, hi),
                Series.of("mean confidence", conf));
        return Charts.barChartWithErrors(title, "share of items", categories, series);
    }
}
