package org.biaslab.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.biaslab.metric.validity.ConfusionMatrix;
import org.junit.jupiter.api.Test;

class ConfusionTableTest {
    static final String SCRIPT = "<script>alert(1)</script>";

    @Test
    void countsMetricsAndAbstentionsApart() {
        ConfusionMatrix m = ConfusionMatrix.of(List.of("man", "woman"), List.of("uncertain", "no face"),
                new long[][] {{40, 10}, {5, 45}}, new long[][] {{5, 2}, {3, 0}});
        HtmlPage page = new HtmlPage("validity");
        ConfusionTable.addTo(page.section("gender", "Perceived gender"), m, "UTKFace test", 0.95);
        String html = page.render();
        assertTrue(html.contains("<th scope=\"col\" class=\"num\">abstained: uncertain</th>"), html);
        assertTrue(html.contains("<th scope=\"col\" class=\"num\">abstained: no face</th>"), html);
        // row "man": 40 10 | 5 2 | 57
        Matcher row = Pattern.compile("<tr><td[^>]*>man</td>(.*?)</tr>").matcher(html);
        assertTrue(row.find());
        List<String> cells = Pattern.compile(">([^<]*)</td>").matcher(row.group(1)).results().map(r -> r.group(1))
                .toList();
        assertEquals(List.of("40", "10", "5", "2", "57"), cells);
        assertTrue(Pattern.compile("<td data-label=\"[^\"]*\" class=\"num good\">40</td>").matcher(html).find(),
                "diagonal marked");
        // totals: predicted 45 55, abstained 8 2, all 110
        Matcher total = Pattern.compile("<tr><td[^>]*>total</td>(.*?)</tr>").matcher(html);
        assertTrue(total.find());
        assertEquals(List.of("45", "55", "8", "2", "110"), Pattern.compile(">([^<]*)</td>").matcher(total.group(1))
                .results().map(r -> r.group(1)).toList());
        // the interval may wrap under the value as a whole
        assertTrue(html.contains(">0.850 <span class=\"ci\">[0.767, 0.907]</span></td>"), "accuracy with Wilson interval");
        assertTrue(html.contains("title=\"n = 100, Wilson 95%\""), html);
        assertTrue(html.contains(">0.700 <span class=\"ci\">[0.561, 0.839]</span></td>"), "kappa");
        assertTrue(html.contains("<caption>UTKFace test - metrics</caption>"), html);
    }

    @Test
    void labelsAreEscapedAndUndefinedIsShown() {
        ConfusionMatrix m = ConfusionMatrix.of(List.of(SCRIPT, "b"), List.of("\"><img src=x>"),
                new long[][] {{0, 0}, {0, 0}}, new long[][] {{1}, {0}});
        HtmlPage page = new HtmlPage("t");
        ConfusionTable.addTo(page, m, SCRIPT, 0.95);
        String html = page.render();
        assertFalse(html.contains(SCRIPT), "raw label leaked");
        assertFalse(html.contains("<img src=x"), "raw abstention kind leaked");
        assertTrue(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assertTrue(Pattern.compile("<td data-label=\"[^\"]*\" class=\"muted\" title=\"undefined: no items \\(n = 0\\)\">"
                + "undefined</td>").matcher(html).find(), html);
    }
}
