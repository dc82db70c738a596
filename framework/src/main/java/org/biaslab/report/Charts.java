package org.biaslab.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.Shape;
import java.awt.font.FontRenderContext;
import java.awt.font.TextLayout;
import java.awt.geom.AffineTransform;
import java.awt.geom.Line2D;
import java.awt.geom.Rectangle2D;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.Utils;
import org.knowm.xchart.internal.chartpart.Annotation;
import org.knowm.xchart.style.AxesChartStyler;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Deterministic XChart figures for reports, each returned as a {@link Chart} (inline-safe SVG plus
 * PNG). All charts are {@value #WIDTH}x{@value #HEIGHT} px, white, use the colour-blind-safe
 * Okabe-Ito palette ({@link #PALETTE}) and a root locale, so the same input gives the same SVG and
 * PNG bytes on the same machine (fonts are the JDK's logical "SansSerif").
 *
 * <p>Safety: XChart draws all text (titles, category labels, legend names) as glyph outlines, so no
 * data text appears in the SVG as markup; the SVG also gets a {@code <title>} and a {@code <desc>}
 * (chart title, categories, series and values, XML-escaped) for accessibility and text search. The
 * XML declaration and DOCTYPE are stripped and element ids are prefixed with a content hash so
 * several charts can be inlined into one page.
 *
 * <p>NaN: a NaN value is drawn as a gap (no bar, no point), never as zero; axis ranges ignore NaN;
 * a chart without any finite value still renders (empty axes).
 *
 * <p>Intervals: XChart's own error bars are symmetric only, so {@link #barChartWithErrors} draws
 * the whiskers itself (an overlay annotation placed with XChart's bar geometry): asymmetric
 * intervals {@code [lower, upper]} are drawn exactly as given.
 */
public final class Charts {
    /** Chart width in pixels. */
    public static final int WIDTH = 800;
    /** Chart height in pixels. */
    public static final int HEIGHT = 450;

    /**
     * Okabe-Ito colours in the order series use them (black, the eighth Okabe-Ito colour, is
     * replaced by grey so that black whiskers stay visible).
     */
    public static final List<String> PALETTE = List.of(
            "#0072B2", "#E69F00", "#009E73", "#D55E00", "#56B4E9", "#CC79A7", "#F0E442", "#7F7F7F");

    private static final Color[] COLORS = PALETTE.stream().map(Color::decode).toArray(Color[]::new);
    private static final Color FG = new Color(0x1F, 0x23, 0x28);
    private static final Color AXIS = new Color(0x8C, 0x95, 0x9F);
    private static final Color GRID = new Color(0xE3, 0xE7, 0xEB);
    private static final Color WHISKER = new Color(0x22, 0x22, 0x22);
    private static final String SANS = Font.SANS_SERIF;
    private static final Font TICK_FONT = new Font(SANS, Font.PLAIN, 11);
    private static final FontRenderContext FRC = new FontRenderContext(null, true, true);
    /** Longest category/legend/word label drawn in a chart (the SVG description keeps the full text). */
    private static final int MAX_LABEL = 32;
    /** Scatter plots label at most this many points. */
    public static final int MAX_POINT_LABELS = 40;
    private static final int MAX_DESC = 6000;
    private static final double IRREGULAR = 0.3819660112501051;
    private static final String NO_DATA = "(no data)";

    static {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    private Charts() {}

    // ------------------------------------------------------------------------------------------
    // Chart kinds

    /** A category chart of the standard size with title, y label and the common styling. */
    private static CategoryChart categoryChart(String title, String yLabel) {
        CategoryChart c = new CategoryChart(WIDTH, HEIGHT);
        c.setTitle(oneLine(title));
        c.setYAxisTitle(oneLine(yLabel));
        c.setXAxisTitle("");
        styleCommon(c.getStyler(), title);
        return c;
    }

    /**
     * Grouped bars, one group per category and one bar per series, with whiskers for series that
     * carry intervals. Intervals are drawn asymmetrically as given ({@code lower..upper}); a bound
     * that is NaN suppresses that whisker; a NaN value suppresses the bar but a finite interval is
     * still drawn. The y range always includes 0 and every finite value and bound.
     *
     * @throws IllegalArgumentException when a series length differs from the number of categories
     */
    public static Chart barChartWithErrors(String title, String yLabel, List<String> categories, List<Series> series) {
        List<String> cats = categoryLabels(categories);
        List<Series> ss = series == null ? List.of() : series;
        checkLengths(cats.size(), ss);
        CategoryChart c = categoryChart(title, yLabel);
        AxesChartStyler st = c.getStyler();
        c.getStyler().setAvailableSpaceFill(0.8);
        st.setLegendVisible(ss.size() > 1);
        Range r = new Range();
        for (Series s : ss) {
            r.addAll(s.values());
            if (s.hasIntervals()) {
                r.addAll(s.lower());
                r.addAll(s.upper());
            }
        }
        r.include(0);
        applyYRange(st, r);
        rotateLabelsIfCrowded(st, cats, ss.size() > 1 ? 620 : 700);
        if (cats.isEmpty() || ss.isEmpty()) {
            addEmptyCategorySeries(c);
        } else {
            List<String> names = seriesNames(ss);
            boolean anyIntervals = false;
            for (int k = 0; k < ss.size(); k++) {
                CategorySeries cs = c.addSeries(names.get(k), cats, nullable(ss.get(k).values()));
                cs.setChartCategorySeriesRenderStyle(CategorySeries.CategorySeriesRenderStyle.Bar);
                anyIntervals |= ss.get(k).hasIntervals();
            }
            if (anyIntervals) {
                c.addAnnotation(new Whiskers(cats.size(), ss, 0.8, st.getPlotContentSize()));
            }
        }
        String desc = "Grouped bar chart" + (ss.stream().anyMatch(Series::hasIntervals)
                ? " with interval whiskers [lower, upper]" : "") + ". " + describeCategories(categories, ss);
        return render(c, title, desc);
    }

    /**
     * Horizontal bars, one per label, first label at the top (pass them sorted, e.g. the top
     * amplified words). Bars start at 0 and may be negative; each bar is annotated with its value.
     * NaN values show "n/a" and no bar. XChart 3.8 has no horizontal bar type, so an XY chart
     * provides the frame and x axis and the bars and labels are drawn as an overlay.
     *
     * @throws IllegalArgumentException when labels and values differ in length
     */
    public static Chart horizontalBar(String title, String xLabel, List<String> labels, double[] values) {
        double[] vals = values == null ? new double[0] : values.clone();
        List<String> raw = labels == null ? List.of() : labels;
        if (raw.size() != vals.length) {
            throw new IllegalArgumentException("labels and values differ in length: " + raw.size() + " vs " + vals.length);
        }
        int n = vals.length;
        List<String> shown = new ArrayList<>();
        for (String l : raw) {
            shown.add(clip(l));
        }
        XYChart c = new XYChart(WIDTH, HEIGHT);
        c.setTitle(oneLine(title));
        c.setXAxisTitle(oneLine(xLabel));
        c.setYAxisTitle("");
        AxesChartStyler st = c.getStyler();
        styleCommon(st, title);
        st.setLegendVisible(false);
        st.setYAxisTicksVisible(false);
        st.setPlotGridHorizontalLinesVisible(false);
        Range r = new Range();
        r.addAll(vals);
        r.include(0);
        double span = r.hi - r.lo == 0 ? 1 : r.hi - r.lo;
        double lo = r.lo < 0 ? r.lo - 0.14 * span : 0;
        double hi = r.hi > 0 || r.lo >= 0 ? r.hi + 0.14 * span : 0;
        if (hi <= lo) {
            hi = lo + 1;
        }
        st.setXAxisMin(lo);
        st.setXAxisMax(hi);
        st.setYAxisMin(-0.5);
        st.setYAxisMax(Math.max(n, 1) - 0.5);
        float fontSize = (float) Math.max(8, Math.min(12, Math.floor(330.0 / Math.max(n, 1) * 0.72)));
        Font labelFont = TICK_FONT.deriveFont(fontSize);
        double widest = 0;
        for (String l : shown) {
            widest = Math.max(widest, textWidth(l, labelFont));
        }
        st.setYAxisLeftWidthHint((int) Math.ceil(Math.min(widest, 260)) + 24);
        // The frame series: invisible, it only gives XChart the data extent. Its x values are
        // deliberately unevenly spaced: XChart puts ticks exactly on evenly spaced data values.
        double[] fx = {lo, lo + IRREGULAR * (hi - lo), hi};
        double[] fy = {-0.5, 0, Math.max(n, 1) - 0.5};
        XYSeries frame = c.addSeries("frame", fx, fy);
        frame.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        frame.setMarker(SeriesMarkers.NONE);
        c.addAnnotation(new HorizontalBars(shown, vals, labelFont));
        String desc = "Horizontal bar chart. " + describePairs(raw, vals);
        return render(c, title, desc);
    }

    /**
     * Dot and whisker, one row per label (first on top): a dot at each value with a whisker from
     * {@code lower} to {@code upper}, and, where {@code reference} is finite, a vertical tick at the
     * reference value (e.g. a perceived share with its interval against the share in reference
     * labels or a workforce). A dashed vertical line marks {@code guide} when it is finite (e.g.
     * parity). The x axis spans [0, 100] (percent); the chart grows in height with the rows. Say in
     * {@code xLabel} what the dot, tick and line are: the chart draws no key.
     *
     * @throws IllegalArgumentException when the arrays and labels differ in length
     */
    public static Chart dotWhisker(String title, String xLabel, List<String> labels, double[] values, double[] lower,
            double[] upper, double[] reference, String referenceName, double guide) {
        return dotWhisker(title, xLabel, labels, values, lower, upper, reference, referenceName, guide, 0, 100);
    }

    /**
     * {@link #dotWhisker} on the x range [{@code xMin}, {@code xMax}]; NaN bounds are fitted to the
     * data (every value, bound, reference and the guide) and rounded out to a multiple of 5, so
     * differences between 93 and 100 are not squeezed into a 0-100 axis.
     */
    public static Chart dotWhisker(String title, String xLabel, List<String> labels, double[] values, double[] lower,
            double[] upper, double[] reference, String referenceName, double guide, double xMin, double xMax) {
        int n = labels == null ? 0 : labels.size();
        for (double[] a : new double[][] {values, lower, upper, reference}) {
            if (a == null || a.length != n) {
                throw new IllegalArgumentException("labels and values, bounds and references differ in length");
            }
        }
        List<String> shown = new ArrayList<>();
        for (String l : labels) {
            shown.add(clip(l));
        }
        int height = Math.max(HEIGHT, 110 + 22 * n);
        XYChart c = new XYChart(WIDTH, height);
        c.setTitle(oneLine(title));
        c.setXAxisTitle(oneLine(xLabel));
        c.setYAxisTitle("");
        AxesChartStyler st = c.getStyler();
        styleCommon(st, title);
        st.setLegendVisible(false);
        st.setYAxisTicksVisible(false);
        st.setPlotGridHorizontalLinesVisible(false);
        Range r = new Range();
        for (double[] a : new double[][] {values, lower, upper, reference}) {
            r.addAll(a);
        }
        if (Double.isFinite(guide)) {
            r.include(guide);
        }
        if (r.empty()) {
            r.include(0);
            r.include(100);
        }
        double lo = Double.isNaN(xMin) ? 5 * Math.floor(r.lo / 5 - 1e-9) : xMin;
        double hi = Double.isNaN(xMax) ? 5 * Math.ceil(r.hi / 5 + 1e-9) : xMax;
        if (hi <= lo) {
            hi = lo + 5;
        }
        st.setXAxisMin(lo);
        st.setXAxisMax(hi);
        st.setYAxisMin(-0.5);
        st.setYAxisMax(Math.max(n, 1) - 0.5);
        Font labelFont = TICK_FONT.deriveFont(12f);
        double widest = 0;
        for (String l : shown) {
            widest = Math.max(widest, textWidth(l, labelFont));
        }
        st.setYAxisLeftWidthHint((int) Math.ceil(Math.min(widest, 260)) + 24);
        double[] fx = {lo, lo + IRREGULAR * (hi - lo), hi};
        double[] fy = {-0.5, 0, Math.max(n, 1) - 0.5};
        XYSeries frame = c.addSeries("frame", fx, fy);
        frame.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        frame.setMarker(SeriesMarkers.NONE);
        c.addAnnotation(new DotWhiskers(shown, values.clone(), lower.clone(), upper.clone(), reference.clone(),
                referenceName, guide, labelFont));
        StringBuilder d = new StringBuilder("Dot and whisker chart: value [lower, upper]");
        d.append(referenceName == null || referenceName.isEmpty() ? "" : ", " + referenceName + " as a tick").append(". ");
        for (int i = 0; i < n; i++) {
            d.append(i == 0 ? "" : "; ").append(labels.get(i)).append(' ').append(fmt(values[i])).append(" [")
                    .append(fmt(lower[i])).append(", ").append(fmt(upper[i])).append(']');
            if (Double.isFinite(reference[i])) {
                d.append(", ").append(referenceName).append(' ').append(fmt(reference[i]));
            }
        }
        return render(c, title, n == 0 ? "Dot and whisker chart. No data." : d.append('.').toString());
    }

    /**
     * Stacked bars: one bar per category made of one segment per series (shares per category
     * summing to 1 are the intended use, but any non-negative values work). A series with intervals
     * gets a whisker per segment, from the segment's base plus its lower bound to its base plus its
     * upper bound (where the segment's top edge could lie). A NaN share is a missing segment. The y axis spans [0, 1] unless a stack
     * exceeds 1.
     *
     * @throws IllegalArgumentException when a series length differs from the number of categories
     */
    public static Chart stackedBar(String title, String yLabel, List<String> categories, List<Series> series) {
        List<String> cats = categoryLabels(categories);
        List<Series> ss = series == null ? List.of() : series;
        checkLengths(cats.size(), ss);
        CategoryChart c = categoryChart(title, yLabel);
        AxesChartStyler st = c.getStyler();
        c.getStyler().setStacked(true);
        c.getStyler().setAvailableSpaceFill(0.7);
        st.setLegendVisible(!ss.isEmpty());
        double maxPos = 0;
        double minNeg = 0;
        for (int i = 0; i < cats.size(); i++) {
            double pos = 0;
            double neg = 0;
            for (Series s : ss) {
                double v = s.values()[i];
                if (Double.isFinite(v)) {
                    if (v >= 0) {
                        pos += v;
                    } else {
                        neg += v;
                    }
                }
            }
            maxPos = Math.max(maxPos, pos);
            minNeg = Math.min(minNeg, neg);
        }
        Range r = new Range();
        r.include(minNeg);
        r.include(Math.max(maxPos, minNeg < 0 ? 0 : 1));
        if (maxPos > 1 + 1e-9 || minNeg < 0) {
            applyYRange(st, r);
        } else {
            st.setYAxisMin(0.0);
            st.setYAxisMax(1.0);
        }
        rotateLabelsIfCrowded(st, cats, 620);
        if (cats.isEmpty() || ss.isEmpty()) {
            addEmptyCategorySeries(c);
        } else {
            List<String> names = seriesNames(ss);
            for (int k = 0; k < ss.size(); k++) {
                CategorySeries cs = c.addSeries(names.get(k), cats, nullable(ss.get(k).values()));
                cs.setChartCategorySeriesRenderStyle(CategorySeries.CategorySeriesRenderStyle.Bar);
            }
            if (ss.stream().anyMatch(Series::hasIntervals)) {
                c.addAnnotation(new StackedWhiskers(cats.size(), ss, st.getPlotContentSize()));
            }
        }
        String desc = "Stacked bar chart" + (ss.stream().anyMatch(Series::hasIntervals)
                ? " with a whisker per segment at its top edge" : "") + ". " + describeCategories(categories, ss);
        return render(c, title, desc);
    }

    /**
     * Scatter plot of {@code (x[i], y[i])} with the diagonal {@code y = x} dashed; both axes share
     * one range so points above the diagonal have {@code y > x}. Points with a NaN coordinate are
     * skipped. When {@code pointLabels} is non-null (same length) and there are at most
     * {@link #MAX_POINT_LABELS} points, each point is labelled.
     *
     * @throws IllegalArgumentException when x, y (and pointLabels) differ in length
     */
    public static Chart scatterWithDiagonal(String title, String xLabel, String yLabel, List<String> pointLabels,
            double[] x, double[] y) {
        double[] xs = x == null ? new double[0] : x.clone();
        double[] ys = y == null ? new double[0] : y.clone();
        if (xs.length != ys.length) {
            throw new IllegalArgumentException("x and y differ in length: " + xs.length + " vs " + ys.length);
        }
        if (pointLabels != null && pointLabels.size() != xs.length) {
            throw new IllegalArgumentException("pointLabels and x differ in length: " + pointLabels.size() + " vs " + xs.length);
        }
        List<double[]> pts = new ArrayList<>();
        List<String> ptLabels = new ArrayList<>();
        Range r = new Range();
        for (int i = 0; i < xs.length; i++) {
            if (Double.isFinite(xs[i]) && Double.isFinite(ys[i])) {
                pts.add(new double[] {xs[i], ys[i]});
                ptLabels.add(pointLabels == null ? "" : clip(pointLabels.get(i)));
                r.include(xs[i]);
                r.include(ys[i]);
            }
        }
        if (r.empty()) {
            r.include(0);
            r.include(1);
        }
        double span = r.hi - r.lo == 0 ? Math.max(Math.abs(r.hi), 1) : r.hi - r.lo;
        double lo = r.lo - 0.06 * span;
        double hi = r.hi + 0.06 * span;
        XYChart c = new XYChart(WIDTH, HEIGHT);
        c.setTitle(oneLine(title));
        c.setXAxisTitle(oneLine(xLabel));
        c.setYAxisTitle(oneLine(yLabel));
        AxesChartStyler st = c.getStyler();
        styleCommon(st, title);
        st.setLegendVisible(false);
        st.setXAxisMin(lo);
        st.setXAxisMax(hi);
        st.setYAxisMin(lo);
        st.setYAxisMax(hi);
        st.setMarkerSize(8);
        // Unevenly spaced on purpose: XChart puts ticks exactly on evenly spaced data values.
        double mid = lo + IRREGULAR * (hi - lo);
        XYSeries diag = c.addSeries("y = x", new double[] {lo, mid, hi}, new double[] {lo, mid, hi});
        diag.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        diag.setMarker(SeriesMarkers.NONE);
        diag.setLineColor(AXIS);
        diag.setLineStyle(new BasicStroke(1.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f));
        if (!pts.isEmpty()) {
            double[] px = new double[pts.size()];
            double[] py = new double[pts.size()];
            for (int i = 0; i < pts.size(); i++) {
                px[i] = pts.get(i)[0];
                py[i] = pts.get(i)[1];
            }
            XYSeries points = c.addSeries("points", px, py);
            points.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            points.setMarker(SeriesMarkers.CIRCLE);
            points.setMarkerColor(COLORS[0]);
            boolean label = pointLabels != null && pts.size() <= MAX_POINT_LABELS;
            c.addAnnotation(new PointLabels(label ? ptLabels : List.of(), px, py, lo, hi));
        } else {
            c.addAnnotation(new PointLabels(List.of(), new double[0], new double[0], lo, hi));
        }
        List<String> descLabels = pointLabels == null ? null : pointLabels;
        StringBuilder d = new StringBuilder("Scatter plot with the diagonal y = x. Points (x, y): ");
        for (int i = 0; i < xs.length; i++) {
            d.append(i == 0 ? "" : "; ").append(descLabels == null ? "#" + (i + 1) : descLabels.get(i))
                    .append(" (").append(fmt(xs[i])).append(", ").append(fmt(ys[i])).append(')');
        }
        return render(c, title, d.append('.').toString());
    }

    // ------------------------------------------------------------------------------------------
    // Rendering and SVG post-processing

    private static Chart render(org.knowm.xchart.internal.chartpart.Chart<?, ?> chart, String title, String desc) {
        try {
            ByteArrayOutputStream svgOut = new ByteArrayOutputStream(64 * 1024);
            VectorGraphicsEncoder.saveVectorGraphic(chart, svgOut, VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
            byte[] png = BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
            String svg = inlineSvg(svgOut.toString(StandardCharsets.UTF_8), title, desc);
            return new Chart(svg, png);
        } catch (IOException e) {
            throw new UncheckedIOException("chart rendering failed: " + e.getMessage(), e);
        }
    }

    private static final Pattern ID_ATTR = Pattern.compile("\\sid=\"([^\"]+)\"");

    /**
     * Makes encoder output inlinable: drops everything before {@code <svg} (XML declaration,
     * DOCTYPE), prefixes ids with a content hash (unique per chart on a page, deterministic), and
     * adds an escaped {@code <title>}/{@code <desc>} with ARIA attributes.
     */
    static String inlineSvg(String raw, String title, String desc) {
        int start = raw.indexOf("<svg");
        int end = raw.lastIndexOf("</svg>");
        if (start < 0 || end < start) {
            throw new IllegalStateException("encoder produced no <svg> element");
        }
        String svg = roundCoordinates(raw.substring(start, end + "</svg>".length()));
        String prefix = "c" + sha256(svg + '\u0000' + title + '\u0000' + desc).substring(0, 12);
        Set<String> ids = new LinkedHashSet<>();
        Matcher m = ID_ATTR.matcher(svg);
        while (m.find()) {
            ids.add(m.group(1));
        }
        for (String id : ids) {
            String nid = prefix + "-" + id;
            svg = svg.replace("id=\"" + id + "\"", "id=\"" + nid + "\"")
                    .replace("url(#" + id + ")", "url(#" + nid + ")")
                    .replace("href=\"#" + id + "\"", "href=\"#" + nid + "\"");
        }
        int open = svg.indexOf('>');
        String head = svg.substring(0, open);
        if (head.endsWith("/")) {
            throw new IllegalStateException("empty <svg/> element");
        }
        String t = prefix + "-title";
        String dsc = prefix + "-desc";
        String descText = desc == null ? "" : desc;
        if (descText.length() > MAX_DESC) {
            descText = descText.substring(0, MAX_DESC) + "…";
        }
        return head + " role=\"img\" aria-labelledby=\"" + t + " " + dsc + "\">\n"
                + "  <title id=\"" + t + "\">" + Html.escape(oneLine(title)) + "</title>\n"
                + "  <desc id=\"" + dsc + "\">" + Html.escape(descText) + "</desc>"
                + svg.substring(open + 1);
    }

    private static final Pattern LONG_DECIMAL = Pattern.compile("-?\\d+\\.\\d{3,}");

    /** Rounds coordinates to 1/100 px (about 40% smaller SVG, visually identical). */
    private static String roundCoordinates(String svg) {
        Matcher m = LONG_DECIMAL.matcher(svg);
        StringBuilder out = new StringBuilder(svg.length());
        while (m.find()) {
            String r = new BigDecimal(m.group()).setScale(2, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
            m.appendReplacement(out, r.equals("-0") ? "0" : r);
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String sha256(String s) {
        try {
            return Html.hex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    // ------------------------------------------------------------------------------------------
    // Styling helpers

    private static void styleCommon(AxesChartStyler st, String title) {
        st.setChartBackgroundColor(Color.WHITE);
        st.setPlotBackgroundColor(Color.WHITE);
        st.setPlotBorderVisible(true);
        st.setPlotBorderColor(AXIS);
        st.setPlotGridLinesColor(GRID);
        st.setPlotGridLinesStroke(new BasicStroke(1f));
        st.setPlotGridVerticalLinesVisible(false);
        st.setChartFontColor(FG);
        st.setAxisTickLabelsColor(FG);
        st.setAxisTickMarksColor(AXIS);
        st.setChartTitleFont(new Font(SANS, Font.BOLD, 15));
        st.setChartTitleVisible(title != null && !title.isBlank());
        st.setChartTitleBoxVisible(false);
        st.setAxisTitleFont(new Font(SANS, Font.PLAIN, 13));
        st.setAxisTickLabelsFont(TICK_FONT);
        st.setLegendFont(new Font(SANS, Font.PLAIN, 12));
        st.setLegendBorderColor(Color.WHITE);
        st.setLegendBackgroundColor(Color.WHITE);
        st.setLegendPosition(Styler.LegendPosition.OutsideE);
        st.setSeriesColors(COLORS);
        st.setLocale(Locale.ROOT);
        st.setAntiAlias(true);
        st.setToolTipsEnabled(false);
        st.setChartPadding(12);
        st.setErrorBarsColor(WHISKER);
    }

    private static void applyYRange(AxesChartStyler st, Range r) {
        if (r.empty()) {
            r.include(0);
            r.include(1);
        }
        double span = r.hi - r.lo;
        if (span == 0) {
            span = Math.max(Math.abs(r.hi), 1);
        }
        double lo = r.lo < 0 ? r.lo - 0.06 * span : r.lo;
        double hi = r.hi > 0 ? r.hi + 0.06 * span : r.hi;
        if (hi <= lo) {
            hi = lo + 1;
        }
        st.setYAxisMin(lo);
        st.setYAxisMax(hi);
    }

    private static void rotateLabelsIfCrowded(AxesChartStyler st, List<String> cats, double plotWidth) {
        double total = 0;
        for (String c : cats) {
            total += textWidth(c, TICK_FONT) + 8;
        }
        if (total > plotWidth) {
            st.setXAxisLabelRotation(cats.size() > 24 ? 90 : 40);
        }
    }

    private static void addEmptyCategorySeries(CategoryChart c) {
        List<Double> none = new ArrayList<>();
        none.add(null);
        c.addSeries(NO_DATA, List.of(NO_DATA), none);
        c.getStyler().setLegendVisible(false);
    }

    private static void checkLengths(int categories, List<Series> series) {
        for (Series s : series) {
            if (s == null) {
                throw new IllegalArgumentException("null series");
            }
            if (s.values().length != categories) {
                throw new IllegalArgumentException("series '" + s.name() + "' has " + s.values().length
                        + " values for " + categories + " categories");
            }
        }
    }

    /** Display labels: single line, clipped, made unique (XChart drops duplicate tick labels). */
    private static List<String> categoryLabels(List<String> categories) {
        return unique(categories == null ? List.of() : categories, "");
    }

    private static List<String> seriesNames(List<Series> series) {
        List<String> names = new ArrayList<>();
        for (int k = 0; k < series.size(); k++) {
            String n = series.get(k).name();
            names.add(n == null || n.isBlank() ? "series " + (k + 1) : n);
        }
        return unique(names, "series");
    }

    private static List<String> unique(List<String> raw, String blank) {
        Set<String> seen = new HashSet<>();
        List<String> out = new ArrayList<>();
        for (String s : raw) {
            String base = clip(s);
            if (base.isEmpty()) {
                base = blank.isEmpty() ? " " : blank;
            }
            String u = base;
            for (int k = 2; !seen.add(u); k++) {
                u = base + " (" + k + ")";
            }
            out.add(u);
        }
        return out;
    }

    private static List<Double> nullable(double[] values) {
        List<Double> out = new ArrayList<>(values.length);
        for (double v : values) {
            out.add(Double.isFinite(v) ? v : null);
        }
        return out;
    }

    /** Single line, control characters removed. */
    private static String oneLine(String s) {
        if (s == null) {
            return "";
        }
        return s.replaceAll("[\\p{Cntrl}\\s]+", " ").strip();
    }

    /** {@link #oneLine} clipped to {@link #MAX_LABEL} characters with an ellipsis. */
    private static String clip(String s) {
        String t = oneLine(s);
        return t.length() <= MAX_LABEL ? t : t.substring(0, MAX_LABEL - 1) + "…";
    }

    private static double textWidth(String s, Font font) {
        if (s == null || s.isEmpty()) {
            return 0;
        }
        return font.getStringBounds(s, FRC).getWidth();
    }

    /** Four significant digits, root locale; "n/a" for NaN. */
    static String fmt(double v) {
        if (Double.isNaN(v)) {
            return "n/a";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "inf" : "-inf";
        }
        if (v == 0) {
            return "0";
        }
        double a = Math.abs(v);
        if (a >= 1e-4 && a < 1e7) {
            return new BigDecimal(v).round(new MathContext(4)).stripTrailingZeros().toPlainString();
        }
        return String.format(Locale.ROOT, "%.3e", v);
    }

    private static String describeCategories(List<String> categories, List<Series> series) {
        StringBuilder d = new StringBuilder();
        List<String> cats = categories == null ? List.of() : categories;
        for (int k = 0; k < series.size(); k++) {
            Series s = series.get(k);
            d.append(k == 0 ? "" : " ").append("Series ").append(s.name() == null ? "series " + (k + 1) : s.name())
                    .append(": ");
            double[] v = s.values();
            double[] lo = s.lower();
            double[] up = s.upper();
            for (int i = 0; i < v.length; i++) {
                d.append(i == 0 ? "" : "; ").append(i < cats.size() ? cats.get(i) : "").append(' ').append(fmt(v[i]));
                if (lo != null) {
                    d.append(" [").append(fmt(lo[i])).append(", ").append(fmt(up[i])).append(']');
                }
            }
            d.append('.');
        }
        if (series.isEmpty()) {
            d.append("No data.");
        }
        return d.toString();
    }

    private static String describePairs(List<String> labels, double[] values) {
        StringBuilder d = new StringBuilder();
        for (int i = 0; i < values.length; i++) {
            d.append(i == 0 ? "" : "; ").append(labels.get(i)).append(' ').append(fmt(values[i]));
        }
        return d.length() == 0 ? "No data." : d.append('.').toString();
    }

    /** Draws {@code text} as glyph outlines (never as SVG text), left edge at x, baseline at y. */
    private static void drawText(Graphics2D g, String text, Font font, double x, double baseline) {
        if (text == null || text.isEmpty()) {
            return;
        }
        TextLayout tl = new TextLayout(text, font, g.getFontRenderContext());
        Shape outline = tl.getOutline(AffineTransform.getTranslateInstance(x, baseline));
        g.fill(outline);
    }

    private static void drawCentered(Graphics2D g, String text, Rectangle2D area) {
        Font f = TICK_FONT.deriveFont(14f);
        drawText(g, text, f, area.getCenterX() - advance(g, text, f) / 2, area.getCenterY());
    }

    private static double advance(Graphics2D g, String text, Font font) {
        if (text == null || text.isEmpty()) {
            return 0;
        }
        return new TextLayout(text, font, g.getFontRenderContext()).getAdvance();
    }

    /** Min/max over finite values. */
    private static final class Range {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;

        void include(double v) {
            if (Double.isFinite(v)) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
        }

        void addAll(double[] vs) {
            if (vs != null) {
                for (double v : vs) {
                    include(v);
                }
            }
        }

        boolean empty() {
            return lo > hi;
        }
    }

    // ------------------------------------------------------------------------------------------
    // Overlays. Annotations are painted by XChart after the plot, on the same Graphics2D, so they
    // reach both the PNG and the SVG encoders.

    /** Base for overlays: plot-area rectangle and the saving/restoring of graphics state. */
    private abstract static class Overlay extends Annotation {
        Overlay() {
            super(false);
        }

        Rectangle2D plotArea() {
            double x0 = getXAxisScreenValueForMin();
            double x1 = getXAxisScreenValueForMax();
            double y0 = Math.min(getYAxisScreenValueForMin(), getYAxisScreenValueForMax());
            double y1 = Math.max(getYAxisScreenValueForMin(), getYAxisScreenValueForMax());
            return new Rectangle2D.Double(x0, y0, x1 - x0, y1 - y0);
        }

        /** The left edge of the first category's slot and the slot width, as XChart lays out category bars. */
        double[] categorySlots(Rectangle2D plot, double plotContentSize, int categories) {
            double width = plot.getWidth();
            double tickSpace = plotContentSize * width;
            return new double[] {plot.getX() + Utils.getTickStartOffset(width, tickSpace), tickSpace / categories};
        }

        /** A vertical interval at {@code cx} from {@code yLo} to {@code yHi} (screen units) with caps {@code cap} wide each side. */
        static void verticalWhisker(Graphics2D g, double cx, double yLo, double yHi, double cap) {
            g.draw(new Line2D.Double(cx, yLo, cx, yHi));
            g.draw(new Line2D.Double(cx - cap, yLo, cx + cap, yLo));
            g.draw(new Line2D.Double(cx - cap, yHi, cx + cap, yHi));
        }

        @Override
        public Rectangle2D getBounds() {
            return new Rectangle2D.Double();
        }

        @Override
        public final void paint(Graphics2D g) {
            Graphics2D g2 = (Graphics2D) g.create();
            try {
                draw(g2);
            } finally {
                g2.dispose();
            }
        }

        abstract void draw(Graphics2D g);
    }

    /**
     * Asymmetric whiskers on grouped bars. The bar geometry mirrors XChart 3.8's
     * PlotContent_Category_Bar: tick space = plotContentSize x plot width, centred; one slot per
     * category; within a slot, bars of width slot/nSeries x fill, the group centred.
     */
    private static final class Whiskers extends Overlay {
        private final int categories;
        private final List<Series> series;
        private final double fill;
        private final double plotContentSize;

        Whiskers(int categories, List<Series> series, double fill, double plotContentSize) {
            this.categories = categories;
            this.series = series;
            this.fill = fill;
            this.plotContentSize = plotContentSize;
        }

        @Override
        void draw(Graphics2D g) {
            Rectangle2D plot = plotArea();
            g.clip(plot);
            double[] slots = categorySlots(plot, plotContentSize, categories);
            double left = slots[0];
            double slot = slots[1];
            double barWidth = slot / series.size() * fill;
            double margin = slot * (1 - fill) / 2;
            double cap = Math.max(2, Math.min(barWidth * 0.22, 7));
            g.setColor(WHISKER);
            g.setStroke(new BasicStroke(1.4f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER));
            for (int k = 0; k < series.size(); k++) {
                Series s = series.get(k);
                if (!s.hasIntervals()) {
                    continue;
                }
                double[] lo = s.lower();
                double[] up = s.upper();
                for (int i = 0; i < categories; i++) {
                    if (!Double.isFinite(lo[i]) || !Double.isFinite(up[i])) {
                        continue;
                    }
                    double cx = left + slot * i + margin + k * barWidth + barWidth / 2;
                    double yLo = chart.getScreenYFromChart(Math.min(lo[i], up[i]));
                    verticalWhisker(g, cx, yLo, chart.getScreenYFromChart(Math.max(lo[i], up[i])), cap);
                }
            }
        }
    }

    /** Per segment of {@link #stackedBar}, the interval of its share drawn from the segment's base. */
    private static final class StackedWhiskers extends Overlay {
        private final int categories;
        private final List<Series> series;
        private final double plotContentSize;

        StackedWhiskers(int categories, List<Series> series, double plotContentSize) {
            this.categories = categories;
            this.series = series;
            this.plotContentSize = plotContentSize;
        }

        @Override
        void draw(Graphics2D g) {
            Rectangle2D plot = plotArea();
            g.clip(plot);
            double[] slots = categorySlots(plot, plotContentSize, categories);
            double left = slots[0];
            double slot = slots[1];
            double cap = Math.max(2, Math.min(slot * 0.08, 5));
            g.setColor(WHISKER);
            g.setStroke(new BasicStroke(1.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER));
            for (int i = 0; i < categories; i++) {
                double base = 0;
                for (int k = 0; k < series.size(); k++) {
                    Series s = series.get(k);
                    double v = s.values()[i];
                    if (s.hasIntervals() && Double.isFinite(v) && Double.isFinite(s.lower()[i])
                            && Double.isFinite(s.upper()[i])) {
                        // side by side within the bar, so the whiskers of adjacent edges do not overlap
                        double cx = left + slot * i + slot / 2 + (k - (series.size() - 1) / 2.0) * Math.min(6,
                                slot * 0.1);
                        double yLo = chart.getScreenYFromChart(base + s.lower()[i]);
                        verticalWhisker(g, cx, yLo, chart.getScreenYFromChart(base + s.upper()[i]), cap);
                    }
                    if (Double.isFinite(v) && v >= 0) {
                        base += v;
                    }
                }
            }
        }
    }

    /** Bars, word labels (left of the plot) and value labels for {@link #horizontalBar}. */
    private static final class HorizontalBars extends Overlay {
        private final List<String> labels;
        private final double[] values;
        private final Font font;

        HorizontalBars(List<String> labels, double[] values, Font font) {
            this.labels = labels;
            this.values = values;
            this.font = font;
        }

        @Override
        void draw(Graphics2D g) {
            Rectangle2D plot = plotArea();
            int n = values.length;
            double x0 = chart.getScreenXFromChart(0);
            Font valueFont = font.deriveFont(Math.max(8f, font.getSize2D() - 1f));
            for (int i = 0; i < n; i++) {
                double pos = n - 1 - i; // first label on top
                double yc = chart.getScreenYFromChart(pos);
                double yTop = chart.getScreenYFromChart(pos + 0.36);
                double yBottom = chart.getScreenYFromChart(pos - 0.36);
                double v = values[i];
                String vText = fmt(v);
                double ascent = font.getSize2D() * 0.72;
                if (Double.isFinite(v)) {
                    double x1 = chart.getScreenXFromChart(v);
                    g.setColor(v >= 0 ? COLORS[0] : COLORS[3]);
                    g.fill(new Rectangle2D.Double(Math.min(x0, x1), Math.min(yTop, yBottom), Math.abs(x1 - x0),
                            Math.abs(yBottom - yTop)));
                    g.setColor(FG);
                    double w = advance(g, vText, valueFont);
                    double tx = v >= 0 ? x1 + 4 : x1 - 4 - w;
                    drawText(g, vText, valueFont, tx, yc + ascent / 2);
                } else {
                    g.setColor(AXIS);
                    drawText(g, vText, valueFont, x0 + 4, yc + ascent / 2);
                }
                g.setColor(FG);
                String label = labels.get(i);
                double lw = advance(g, label, font);
                drawText(g, label, font, plot.getX() - 6 - lw, yc + ascent / 2);
            }
            g.setColor(AXIS);
            g.setStroke(new BasicStroke(1f));
            g.draw(new Line2D.Double(x0, plot.getY(), x0, plot.getMaxY()));
            if (n == 0) {
                drawCentered(g, NO_DATA, plot);
            }
        }
    }

    /** Rows of dot, whisker and reference tick for {@link #dotWhisker}. */
    private static final class DotWhiskers extends Overlay {
        private final List<String> labels;
        private final double[] values;
        private final double[] lower;
        private final double[] upper;
        private final double[] reference;
        private final String referenceName;
        private final double guide;
        private final Font font;

        DotWhiskers(List<String> labels, double[] values, double[] lower, double[] upper, double[] reference,
                String referenceName, double guide, Font font) {
            this.labels = labels;
            this.values = values;
            this.lower = lower;
            this.upper = upper;
            this.reference = reference;
            this.referenceName = referenceName == null ? "" : referenceName;
            this.guide = guide;
            this.font = font;
        }

        @Override
        void draw(Graphics2D g) {
            Rectangle2D plot = plotArea();
            int n = values.length;
            if (Double.isFinite(guide)) {
                double gx = chart.getScreenXFromChart(guide);
                g.setColor(AXIS);
                g.setStroke(new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {5f, 4f},
                        0f));
                g.draw(new Line2D.Double(gx, plot.getY(), gx, plot.getMaxY()));
            }
            double ascent = font.getSize2D() * 0.72;
            for (int i = 0; i < n; i++) {
                double pos = n - 1 - i;
                double yc = chart.getScreenYFromChart(pos);
                double half = Math.abs(chart.getScreenYFromChart(pos + 0.3) - yc);
                g.setColor(FG);
                String label = labels.get(i);
                drawText(g, label, font, plot.getX() - 6 - advance(g, label, font), yc + ascent / 2);
                if (Double.isFinite(lower[i]) && Double.isFinite(upper[i])) {
                    g.setColor(WHISKER);
                    g.setStroke(new BasicStroke(1.6f));
                    double x1 = chart.getScreenXFromChart(lower[i]);
                    double x2 = chart.getScreenXFromChart(upper[i]);
                    g.draw(new Line2D.Double(x1, yc, x2, yc));
                    g.draw(new Line2D.Double(x1, yc - half / 2, x1, yc + half / 2));
                    g.draw(new Line2D.Double(x2, yc - half / 2, x2, yc + half / 2));
                }
                if (Double.isFinite(reference[i])) {
                    double rx = chart.getScreenXFromChart(reference[i]);
                    g.setColor(COLORS[1]);
                    g.setStroke(new BasicStroke(3f));
                    g.draw(new Line2D.Double(rx, yc - half, rx, yc + half));
                }
                if (Double.isFinite(values[i])) {
                    double x = chart.getScreenXFromChart(values[i]);
                    g.setColor(COLORS[0]);
                    g.fill(new java.awt.geom.Ellipse2D.Double(x - 4.5, yc - 4.5, 9, 9));
                } else {
                    g.setColor(AXIS);
                    drawText(g, "n/a", font, plot.getX() + 4, yc + ascent / 2);
                }
            }
            if (n == 0) {
                drawCentered(g, NO_DATA, plot);
            }
        }
    }

    /** Point labels and the "y = x" tag for {@link #scatterWithDiagonal}. */
    private static final class PointLabels extends Overlay {
        private final List<String> labels;
        private final double[] x;
        private final double[] y;
        private final double lo;
        private final double hi;

        PointLabels(List<String> labels, double[] x, double[] y, double lo, double hi) {
            this.labels = labels;
            this.x = x;
            this.y = y;
            this.lo = lo;
            this.hi = hi;
        }

        @Override
        void draw(Graphics2D g) {
            Rectangle2D plot = plotArea();
            Font f = TICK_FONT;
            g.setColor(AXIS);
            if (x.length == 0) {
                drawCentered(g, NO_DATA, plot);
            }
            // "y = x" just below-right of a point near the top end of the diagonal
            double p = hi - 0.1 * (hi - lo);
            drawText(g, "y = x", f, chart.getScreenXFromChart(p) + 8, chart.getScreenYFromChart(p) + 16);
            g.clip(plot);
            g.setColor(FG);
            for (int i = 0; i < labels.size() && i < x.length; i++) {
                String l = labels.get(i);
                if (l.isEmpty()) {
                    continue;
                }
                double sx = chart.getScreenXFromChart(x[i]);
                double sy = chart.getScreenYFromChart(y[i]);
                double w = advance(g, l, f);
                double lx = sx + 7 + w > plot.getMaxX() ? sx - 7 - w : sx + 7;
                drawText(g, l, f, lx, sy - 5);
            }
        }
    }
}
