package org.biaslab.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HtmlPageTest {
    static final String SCRIPT = "<script>alert(1)</script>";
    static final String SCRIPT_ESC = "&lt;script&gt;alert(1)&lt;/script&gt;";
    static final String IMG = "\"><img src=x onerror=alert(1)>";
    static final String IMG_ESC = "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;";
    static final String HOSTILE = SCRIPT + IMG;

    /** The page without its own table-sorting script (the one script the CSP allows, by hash). */
    static String withoutOwnScript(String html) {
        String own = "<script>" + HtmlPage.SCRIPT + "</script>";
        assertEquals(1, html.split(java.util.regex.Pattern.quote(own), -1).length - 1, "the page's own script, once");
        return html.replace(own, "");
    }

    private static void assertNeutralised(String page) {
        String html = withoutOwnScript(page);
        assertFalse(html.contains(SCRIPT), "raw <script> leaked");
        assertFalse(html.toLowerCase().contains("<script"), "a <script tag appeared");
        assertFalse(html.contains(IMG), "raw img payload leaked");
        assertFalse(html.contains("<img src=x"), "an <img> tag appeared");
        assertTrue(html.contains(SCRIPT_ESC), "escaped <script> text missing");
        assertTrue(html.contains(IMG_ESC), "escaped img payload missing");
    }

    private static String renderWith(java.util.function.Consumer<HtmlPage> content) {
        HtmlPage page = new HtmlPage("safe title");
        content.accept(page);
        return page.render();
    }

    @Test
    void titleIsEscaped() {
        String html = new HtmlPage(HOSTILE).render();
        assertNeutralised(html);
        assertTrue(html.contains("<title>" + SCRIPT_ESC + IMG_ESC + "</title>"));
        assertTrue(html.contains("<h1>" + SCRIPT_ESC + IMG_ESC + "</h1>"));
    }

    @Test
    void paragraphIsEscaped() {
        assertNeutralised(renderWith(p -> p.paragraph(HOSTILE)));
    }

    @Test
    void sectionHeadingAndIdAreEscaped() {
        String html = renderWith(p -> p.section(HOSTILE, HOSTILE).paragraph("x"));
        assertNeutralised(html);
        Matcher m = Pattern.compile("<section id=\"([^\"]*)\"").matcher(html);
        assertTrue(m.find());
        assertTrue(m.group(1).matches("[a-z][a-z0-9_-]*"), m.group(1));
    }

    @Test
    void tableHeaderAndCellsAreEscaped() {
        assertNeutralised(renderWith(p -> p.table(List.of(HOSTILE, "b"), List.of(List.of(HOSTILE, "1")))));
        assertNeutralised(renderWith(p -> p.table(HOSTILE, List.of("a"), List.of(List.of("1")))));
    }

    @Test
    void cellTableTextClassAndTitleAreEscaped() {
        assertNeutralised(renderWith(p -> p.cellTable(List.of("a"), List.of(List.of(TableCell.of(HOSTILE))))));
        assertNeutralised(renderWith(p -> p.cellTable(List.of("a"), List.of(List.of(TableCell.num("1", HOSTILE))))));
        String html = renderWith(p -> p.cellTable(List.of("a"),
                List.of(List.of(new TableCell("1", HOSTILE, null)))));
        assertNeutralised(html);
        assertNeutralised(renderWith(p -> p.cellTable(HOSTILE, List.of("a"), List.of(List.of(TableCell.of("1"))))));
    }

    @Test
    void figureCaptionIsEscaped() {
        Chart chart = Charts.horizontalBar("t", "x", List.of("a"), new double[] {1});
        assertNeutralised(renderWith(p -> p.figure(chart, HOSTILE)));
    }

    @Test
    void codeNoteAndDefinitionListAreEscaped() {
        assertNeutralised(renderWith(p -> p.code(HOSTILE)));
        assertNeutralised(renderWith(p -> p.note(HOSTILE)));
        Map<String, String> kv = new LinkedHashMap<>();
        kv.put(SCRIPT, IMG);
        kv.put("model", HOSTILE);
        assertNeutralised(renderWith(p -> p.definitionList(kv)));
    }

    @Test
    void subsectionContentIsEscaped() {
        HtmlPage page = new HtmlPage("t");
        HtmlSection s = page.section("a", "A");
        s.section("b", HOSTILE).paragraph(HOSTILE).code(HOSTILE).note(HOSTILE)
                .table(List.of(HOSTILE), List.of(List.of(HOSTILE)));
        assertNeutralised(page.render());
    }

    @Test
    void rawTrustedHtmlIsVerbatim() {
        String html = renderWith(p -> p.rawTrustedHtml("<p class=\"x\"><b>bold</b></p>"));
        assertTrue(html.contains("<p class=\"x\"><b>bold</b></p>"));
    }

    @Test
    void fullPageHasDoctypeStyleTocAndSections() {
        HtmlPage page = new HtmlPage("Bias report");
        page.paragraph("Introduction.");
        HtmlSection leak = page.section("leakage", "Leakage");
        leak.paragraph("LIC per model.");
        leak.section("leakage-details", "Details").code("cmd --flag");
        page.section("leakage", "Leakage, second run").note("duplicate id is made unique");
        page.section("Bias Amplification!", "Bias amplification");
        String html = page.render();

        assertTrue(html.startsWith("<!DOCTYPE html>\n<html lang=\"en\">"));
        assertTrue(html.contains("<meta charset=\"utf-8\">"));
        assertTrue(html.contains("Content-Security-Policy"));
        assertTrue(html.contains("<style>") && html.contains("@media print"));
        assertTrue(html.trim().endsWith("</html>"));
        // table of contents after the introduction, before the first section
        int intro = html.indexOf("Introduction.");
        int toc = html.indexOf("<nav class=\"toc\"");
        int first = html.indexOf("<section id=\"leakage\">");
        assertTrue(intro >= 0 && intro < toc && toc < first, "order intro < toc < sections");
        // every section is linked from the TOC, ids unique
        for (String id : List.of("leakage", "leakage-details", "leakage-2", "bias-amplification")) {
            assertTrue(html.contains("<a href=\"#" + id + "\">"), "toc link " + id);
            assertTrue(html.contains("<section id=\"" + id + "\">"), "section " + id);
        }
        assertTrue(html.contains("<h2>Leakage</h2>"));
        assertTrue(html.contains("<h3>Details</h3>"));
        // nested TOC entry
        assertTrue(html.contains("<a href=\"#leakage\">Leakage</a><ol><li><a href=\"#leakage-details\">Details</a></li></ol>"));
        assertEquals(html, page.render(), "render is repeatable");
    }

    @Test
    void pageWithoutSectionsHasNoToc() {
        String html = renderWith(p -> p.paragraph("only text"));
        assertFalse(html.contains("class=\"toc\""));
    }

    @Test
    void pageIsSelfContained() {
        HtmlPage page = new HtmlPage("t");
        page.section("f", "Figures").figure(
                Charts.barChartWithErrors("t", "y", List.of("a", "b"), List.of(Series.of("s", new double[] {1, 2}))), "c");
        String html = page.render();
        String lower = withoutOwnScript(html).toLowerCase();
        assertTrue(html.contains("script-src '" + HtmlPage.SCRIPT_HASH + "'"), "the CSP allows the own script by hash");
        for (String bad : List.of("<script", "<link", "<iframe", "@import", "src=\"http", "href=\"http", "url(http",
                "src=\"//", "href=\"//")) {
            assertFalse(lower.contains(bad), bad);
        }
        // the only absolute URLs are SVG namespace names, which are never fetched
        Matcher m = Pattern.compile("https?://[^\"' )]+").matcher(html);
        while (m.find()) {
            assertTrue(m.group().startsWith("http://www.w3.org/"), m.group());
        }
    }

    @Test
    void figureInlinesSvgAndLinksPng() {
        Chart chart = Charts.horizontalBar("t", "x", List.of("a", "b"), new double[] {1, 2});
        HtmlPage page = new HtmlPage("t");
        page.figure(chart, "first").figure(chart, "second");
        String html = page.render();
        assertTrue(html.contains("<div class=\"svg-wrap\"><svg"));
        assertTrue(html.contains("href=\"data:image/png;base64,iVBORw0KGgo"));
        assertTrue(html.contains("download=\"figure-1.png\""));
        assertTrue(html.contains("<span class=\"fig-no\">Figure 2.</span> second"));
        assertTrue(html.contains("id=\"figure-1\"") && html.contains("id=\"figure-2\""));
    }

    @Test
    void pngOnlyChartIsEmbeddedAsImage() throws Exception {
        BufferedImage img = new BufferedImage(2, 2, BufferedImage.TYPE_INT_RGB);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "png", out);
        String html = renderWith(p -> p.figure(new Chart(null, out.toByteArray()), IMG));
        assertTrue(html.contains("<img src=\"data:image/png;base64,"));
        assertTrue(html.contains("alt=\"" + IMG_ESC + "\""));
        assertFalse(html.contains(IMG));
    }

    @Test
    void nullChartRendersPlaceholder() {
        String html = renderWith(p -> p.figure(null, "missing"));
        assertTrue(html.contains("Figure unavailable."));
    }

    @Test
    void raggedAndEmptyTablesRender() {
        String html = renderWith(p -> p.table(List.of("a", "b", "c"), List.of(List.of("1"), List.of("1", "2", "3", "4"))));
        // each cell names its column for narrow screens; the extra column of a long row has no header
        assertTrue(html.contains("<tr><td data-label=\"a\">1</td><td data-label=\"b\"></td><td data-label=\"c\"></td>"
                + "<td></td></tr>"), html);
        assertTrue(html.contains("<tr><td data-label=\"a\">1</td><td data-label=\"b\">2</td><td data-label=\"c\">3</td>"
                + "<td>4</td></tr>"), html);
        String empty = renderWith(p -> p.table(List.of("a"), List.of()));
        assertTrue(empty.contains("(no rows)"));
        String nulls = renderWith(p -> p.table(null, null).definitionList(null).paragraph(null).code(null));
        assertTrue(nulls.contains("<p></p>"));
    }

    @Test
    void numericColumnsAlignHeaderAndCarryTooltips() {
        String html = renderWith(p -> p.cellTable(List.of("model", "value"),
                List.of(List.of(TableCell.of("A"), TableCell.num("0.12", "95% CI [0.1, 0.2]")),
                        List.of(TableCell.of("B"), TableCell.num("0.30")))));
        assertTrue(html.contains("<th scope=\"col\">model</th><th scope=\"col\" class=\"num\">value</th>"));
        assertTrue(html.contains("<td data-label=\"value\" class=\"num\" title=\"95% CI [0.1, 0.2]\">0.12</td>"));
    }

    @Test
    void writeToWritesUtf8File(@TempDir Path dir) throws Exception {
        HtmlPage page = new HtmlPage("Ünïcode report");
        Path file = dir.resolve("sub/report.html");
        page.writeTo(file);
        assertEquals(page.render(), Files.readString(file, StandardCharsets.UTF_8));
    }
}
