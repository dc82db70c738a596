package org.biaslab.report;

import org.biaslab.metric.Estimate;

/**
 * One finding a report leads with, written from the data: a sentence, the section of the report
 * that holds its evidence, and the estimate it rests on. Kept in results.json ({@code findings}) so
 * other tools read the same findings the reader sees.
 *
 * @param kind     {@code effect} (one of the largest effects), {@code within} (what is inside the
 *                 declared tolerance) or {@code unmeasured} (what could not be measured, and why)
 * @param section  the id of the report section with the evidence
 * @param subject  what the finding is about (an occupation id, a model), "" for the whole run
 * @param text     the finding as a sentence
 * @param estimate the estimate it rests on, with its interval (null when none)
 */
public record Finding(String kind, String section, String subject, String text,
        @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
        Estimate estimate) {
    public static final String EFFECT = "effect";
    public static final String WITHIN = "within";
    public static final String UNMEASURED = "unmeasured";

    public Finding {
        if (!kind.equals(EFFECT) && !kind.equals(WITHIN) && !kind.equals(UNMEASURED)) {
            throw new IllegalArgumentException("finding kind must be effect, within or unmeasured, was " + kind);
        }
    }

    /**
     * The findings as the first section of {@code page} (id {@code findings}): a list, each item
     * linking to the section with its evidence. Escapes every text.
     */
    public static void section(HtmlPage page, java.util.List<Finding> findings, String suffix) {
        HtmlSection s = page.section("findings", "Findings" + suffix);
        if (findings.isEmpty()) {
            s.paragraph("Nothing to report: no estimate could be computed.");
            return;
        }
        StringBuilder html = new StringBuilder("<ul class=\"findings\">\n");
        for (Finding f : findings) {
            html.append("<li class=\"finding-").append(Html.escape(f.kind())).append("\">")
                    .append(Html.escape(f.text()));
            if (!f.section().isEmpty()) {
                html.append(" <a href=\"#").append(Html.escape(f.section())).append("\">(evidence)</a>");
            }
            html.append("</li>\n");
        }
        s.rawTrustedHtml(html.append("</ul>\n").toString());
    }
}
