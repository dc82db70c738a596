package org.biaslab.report;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Block content shared by {@link HtmlPage} and {@link HtmlSection}: every method appends one block
 * in call order and returns {@code this} for chaining (except {@link #section}, which returns the
 * new section). All text arguments are escaped; only {@link #rawTrustedHtml(String)} is not.
 *
 * @param <T> the concrete builder type returned for chaining
 */
public abstract sealed class HtmlBlocks<T extends HtmlBlocks<T>> permits HtmlPage, HtmlSection {
    /** Rendered fragments ({@link String}) and child sections ({@link HtmlSection}), in order. */
    final List<Object> items = new ArrayList<>();

    HtmlBlocks() {}

    abstract HtmlPage page();

    /** Heading level of the sections created from this container. */
    abstract int childLevel();

    @SuppressWarnings("unchecked")
    private T self() {
        return (T) this;
    }

    private T add(String html) {
        items.add(html);
        return self();
    }

    /** A paragraph of escaped text. */
    public T paragraph(String text) {
        return add("<p>" + Html.escape(text) + "</p>\n");
    }

    /**
     * Adds and returns a new section with a heading; it is listed in the table of contents. The id
     * is normalised with {@link Html#slug} and made unique within the page by a numeric suffix, so
     * any text may be passed; the id actually used is {@link HtmlSection#id()}.
     */
    public HtmlSection section(String id, String heading) {
        HtmlPage page = page();
        HtmlSection s = new HtmlSection(page, page.uniqueId(id == null || id.isBlank() ? heading : id),
                heading, Math.min(childLevel(), 6));
        items.add(s);
        return s;
    }

    /** A table of escaped text cells. Short rows are padded with empty cells. */
    public T table(List<String> header, List<List<String>> rows) {
        return table(null, header, rows);
    }

    /** A table of escaped text cells with a caption (null for none). */
    public T table(String caption, List<String> header, List<List<String>> rows) {
        List<List<TableCell>> cells = new ArrayList<>();
        if (rows != null) {
            for (List<String> row : rows) {
                List<TableCell> r = new ArrayList<>();
                if (row != null) {
                    for (String text : row) {
                        r.add(TableCell.of(text));
                    }
                }
                cells.add(r);
            }
        }
        return cellTable(caption, header, cells);
    }

    /** A table of {@link TableCell}s (CSS class and tooltip per cell). */
    public T cellTable(List<String> header, List<List<TableCell>> rows) {
        return cellTable(null, header, rows);
    }

    /**
     * A table of {@link TableCell}s with a caption (null for none). A header cell gets class
     * {@code num} when every body cell of its column has it, so numeric columns align throughout.
     */
    public T cellTable(String caption, List<String> header, List<List<TableCell>> rows) {
        List<String> head = header == null ? List.of() : header;
        List<List<TableCell>> body = rows == null ? List.of() : rows;
        int columns = head.size();
        for (List<TableCell> row : body) {
            columns = Math.max(columns, row == null ? 0 : row.size());
        }
        StringBuilder sb = new StringBuilder("<div class=\"table-wrap\"><table").append(head.isEmpty() ? ""
                : " class=\"sortable\"").append(">\n");
        if (caption != null && !caption.isBlank()) {
            sb.append("<caption>").append(Html.escape(caption)).append("</caption>\n");
        }
        if (!head.isEmpty()) {
            sb.append("<thead><tr>");
            for (int c = 0; c < columns; c++) {
                String text = c < head.size() ? head.get(c) : "";
                sb.append("<th scope=\"col\"").append(numericColumn(body, c) ? " class=\"num\"" : "")
                        .append('>').append(Html.escape(text)).append("</th>");
            }
            sb.append("</tr></thead>\n");
        }
        sb.append("<tbody>\n");
        if (body.isEmpty()) {
            sb.append("<tr><td class=\"muted\" colspan=\"").append(Math.max(columns, 1))
                    .append("\">(no rows)</td></tr>\n");
        }
        for (List<TableCell> row : body) {
            sb.append("<tr>");
            for (int c = 0; c < columns; c++) {
                TableCell cell = row != null && c < row.size() ? row.get(c) : null;
                appendCell(sb, cell, c < head.size() ? head.get(c) : "");
            }
            sb.append("</tr>\n");
        }
        sb.append("</tbody></table></div>\n");
        return add(sb.toString());
    }

    private static boolean numericColumn(List<List<TableCell>> body, int c) {
        if (body.isEmpty()) {
            return false;
        }
        for (List<TableCell> row : body) {
            TableCell cell = row != null && c < row.size() ? row.get(c) : null;
            if (!hasClass(cell, "num")) {
                return false;
            }
        }
        return true;
    }

    /** Whether the cell carries the CSS class {@code name} (among its space-separated classes). */
    private static boolean hasClass(TableCell cell, String name) {
        return cell != null && cell.cssClass() != null && List.of(cell.cssClass().trim().split("\\s+")).contains(name);
    }

    /** A body cell; {@code label} (its column's header) names it when a narrow screen stacks the row. */
    private static void appendCell(StringBuilder sb, TableCell cell, String label) {
        sb.append("<td");
        if (!label.isEmpty()) {
            sb.append(" data-label=\"").append(Html.escape(label)).append('"');
        }
        if (cell != null && cell.cssClass() != null && !cell.cssClass().isBlank()) {
            sb.append(" class=\"").append(Html.escape(cell.cssClass().trim())).append('"');
        }
        if (cell != null && cell.title() != null && !cell.title().isEmpty()) {
            sb.append(" title=\"").append(Html.escape(cell.title())).append('"');
        }
        sb.append('>');
        String text = cell == null ? "" : cell.text();
        int ci = text.indexOf(" [");
        if (ci > 0 && hasClass(cell, "num")) {
            // "value [lower, upper]": the interval may wrap under the value as a whole, never inside
            sb.append(Html.escape(text.substring(0, ci))).append(" <span class=\"ci\">")
                    .append(Html.escape(text.substring(ci + 1))).append("</span>");
        } else {
            sb.append(Html.escape(text));
        }
        sb.append("</td>");
    }

    /**
     * A numbered figure: the chart's SVG inlined (or, when it has none, its PNG as a data: URI
     * image), an escaped caption and a link to download the PNG. A null chart renders a visible
     * "figure unavailable" placeholder instead of failing the report.
     */
    public T figure(Chart chart, String caption) {
        HtmlPage page = page();
        int number = page.nextFigureNumber();
        String id = page.uniqueId("figure-" + number);
        StringBuilder sb = new StringBuilder();
        sb.append("<figure class=\"chart\" id=\"").append(id).append("\">\n");
        byte[] png = chart == null ? null : chart.png();
        String pngUri = png == null ? null : "data:image/png;base64," + Base64.getEncoder().encodeToString(png);
        if (chart == null) {
            sb.append("<div class=\"missing\">Figure unavailable.</div>\n");
        } else if (chart.svg() != null) {
            sb.append("<div class=\"svg-wrap\">").append(chart.svg()).append("</div>\n");
        } else {
            sb.append("<img src=\"").append(pngUri).append("\" alt=\"").append(Html.escape(caption))
                    .append("\">\n");
        }
        sb.append("<figcaption><span class=\"fig-no\">Figure ").append(number).append(".</span> ")
                .append(Html.escape(caption));
        if (pngUri != null) {
            sb.append(" <a class=\"png-link\" href=\"").append(pngUri).append("\" download=\"")
                    .append(String.format(Locale.ROOT, "figure-%d.png", number)).append("\">PNG</a>");
        }
        sb.append("</figcaption>\n</figure>\n");
        return add(sb.toString());
    }

    /** Preformatted, escaped text (logs, commands, configuration). */
    public T code(String text) {
        return add("<pre><code>" + Html.escape(text) + "</code></pre>\n");
    }

    /** A key/value list in the map's iteration order (use a LinkedHashMap to control it). */
    public T definitionList(Map<String, String> entries) {
        StringBuilder sb = new StringBuilder("<dl class=\"kv\">\n");
        if (entries != null) {
            for (Map.Entry<String, String> e : entries.entrySet()) {
                sb.append("<dt>").append(Html.escape(e.getKey())).append("</dt><dd>")
                        .append(Html.escape(e.getValue())).append("</dd>\n");
            }
        }
        sb.append("</dl>\n");
        return add(sb.toString());
    }

    /** A highlighted caveat box; line breaks in the text are kept. */
    public T note(String text) {
        return add("<aside class=\"note\" role=\"note\">" + Html.escape(text) + "</aside>\n");
    }

    /**
     * Appends markup verbatim, without escaping. Only for HTML generated by this program from
     * trusted templates; never pass text that contains data (file contents, words, model names,
     * messages) unless every such piece was passed through {@link Html#escape(String)}.
     */
    public T rawTrustedHtml(String html) {
        return add(html == null ? "" : html + "\n");
    }

    void renderItems(StringBuilder out) {
        for (Object item : items) {
            if (item instanceof HtmlSection s) {
                s.render(out);
            } else {
                out.append((String) item);
            }
        }
    }
}
