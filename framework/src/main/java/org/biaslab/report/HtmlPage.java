package org.biaslab.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

/**
 * Builds one self-contained HTML5 document: inline stylesheet, inline SVG figures, PNGs as data:
 * URIs, no external resources and one small inline script that sorts tables (a
 * Content-Security-Policy meta tag allows that script by its hash and forbids anything else), so
 * the file opens from disk offline and prints cleanly; with scripts off the tables stay plain tables. Every piece of text is escaped with
 * {@link Html#escape(String)} except what is passed to {@link #rawTrustedHtml(String)}.
 *
 * <p>Blocks render in call order. Top-level blocks added before the first section form the
 * introduction; the table of contents (all sections, nested) follows it when there is at least
 * one section.
 *
 * <pre>{@code
 * HtmlPage page = new HtmlPage("Bias report");
 * page.paragraph("Summary ...");
 * HtmlSection s = page.section("leakage", "Leakage");
 * s.table(List.of("model", "LIC"), rows).figure(chart, "Leakage per model");
 * String html = page.render();
 * }</pre>
 */
public final class HtmlPage extends HtmlBlocks<HtmlPage> {
    private final String title;
    private final Set<String> ids = new HashSet<>();
    private int figures;

    /** A page whose {@code <title>} and {@code <h1>} are {@code title} (escaped). */
    public HtmlPage(String title) {
        this.title = title == null ? "" : title;
    }

    /** The page title (unescaped). */
    public String title() {
        return title;
    }

    @Override
    HtmlPage page() {
        return this;
    }

    @Override
    int childLevel() {
        return 2;
    }

    int nextFigureNumber() {
        return ++figures;
    }

    String uniqueId(String requested) {
        String base = Html.slug(requested);
        String id = base;
        for (int k = 2; !ids.add(id); k++) {
            id = base + "-" + k;
        }
        return id;
    }

    /** The complete HTML document. May be called repeatedly; the page can still be extended. */
    public String render() {
        StringBuilder out = new StringBuilder(64 * 1024);
        out.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; ")
                .append("style-src 'unsafe-inline'; img-src data:; script-src '").append(SCRIPT_HASH)
                .append("'; base-uri 'none'; form-action 'none'\">\n")
                .append("<meta name=\"generator\" content=\"biaslab\">\n")
                .append("<title>").append(Html.escape(title)).append("</title>\n")
                .append("<style>\n").append(STYLE).append("</style>\n</head>\n<body>\n")
                .append("<header><h1>").append(Html.escape(title)).append("</h1></header>\n<main>\n");
        boolean tocDone = false;
        for (Object item : items) {
            if (item instanceof HtmlSection s) {
                if (!tocDone) {
                    renderToc(out);
                    tocDone = true;
                }
                s.render(out);
            } else {
                out.append((String) item);
            }
        }
        out.append("</main>\n<script>").append(SCRIPT).append("</script>\n</body>\n</html>\n");
        return out.toString();
    }

    private void renderToc(StringBuilder out) {
        out.append("<nav class=\"toc\" aria-label=\"Contents\">\n<h2>Contents</h2>\n<ol>");
        for (Object item : items) {
            if (item instanceof HtmlSection s) {
                s.renderToc(out);
            }
        }
        out.append("</ol>\n</nav>\n");
    }

    /** Writes {@link #render()} as UTF-8 to {@code file}, atomically. */
    public void writeTo(Path file) throws IOException {
        org.biaslab.util.AtomicFiles.writeBytes(file, render().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The page's only script: click (or Enter on) a column header of a table to sort its rows by that
     * column, numbers by their leading value, text alphabetically; again to reverse. With scripts off
     * the tables are plain tables. Allowed by its SHA-256 in the Content-Security-Policy, nothing else.
     */
    static final String SCRIPT = """
            (function () {
              function key(cell) {
                var t = cell ? cell.textContent.trim() : '';
                var m = t.replace('\u2212', '-').match(/^[-+]?\\d+(\\.\\d+)?/);
                return m ? parseFloat(m[0]) : t.toLowerCase();
              }
              function sort(th) {
                var table = th.closest('table');
                var body = table.tBodies[0];
                var i = Array.prototype.indexOf.call(th.parentNode.children, th);
                var up = th.getAttribute('aria-sort') !== 'ascending';
                var rows = Array.prototype.slice.call(body.rows);
                rows.sort(function (a, b) {
                  var x = key(a.cells[i]), y = key(b.cells[i]);
                  if (typeof x !== typeof y) { return typeof x === 'number' ? -1 : 1; }
                  return (x < y ? -1 : x > y ? 1 : 0) * (up ? 1 : -1);
                });
                rows.forEach(function (r) { body.appendChild(r); });
                th.parentNode.querySelectorAll('th').forEach(function (h) { h.removeAttribute('aria-sort'); });
                th.setAttribute('aria-sort', up ? 'ascending' : 'descending');
              }
              document.querySelectorAll('table.sortable thead th').forEach(function (th) {
                th.tabIndex = 0;
                th.title = 'sort by this column';
                th.addEventListener('click', function () { sort(th); });
                th.addEventListener('keydown', function (e) { if (e.key === 'Enter') { sort(th); } });
              });
            })();
            """;

    /** {@code 'sha256-...'} of {@link #SCRIPT}, as the Content-Security-Policy names it. */
    static final String SCRIPT_HASH = "sha256-" + java.util.Base64.getEncoder().encodeToString(
            java.util.HexFormat.of().parseHex(org.biaslab.util.Hashing.sha256(SCRIPT)));

    private static final String STYLE = """
            :root { --fg: #1f2328; --muted: #59636e; --line: #d0d7de; --soft: #f6f8fa; --accent: #0072b2;
              --note-bg: #fff8e6; --note-line: #e69f00; --good: #007a5a; --bad: #b34700; }
            * { box-sizing: border-box; }
            html { -webkit-text-size-adjust: 100%; }
            body { margin: 0 auto; max-width: 1280px; padding: 24px 28px 64px; color: var(--fg); background: #fff;
              font: 15px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
            h1 { font-size: 1.9em; margin: 0.2em 0 0.6em; line-height: 1.2; }
            h2 { font-size: 1.4em; margin: 1.8em 0 0.6em; padding-bottom: 0.25em; border-bottom: 1px solid var(--line); }
            h3 { font-size: 1.15em; margin: 1.4em 0 0.5em; }
            h4, h5, h6 { font-size: 1em; margin: 1.2em 0 0.4em; }
            p { margin: 0.6em 0; }
            a { color: var(--accent); }
            section { scroll-margin-top: 12px; }
            nav.toc { background: var(--soft); border: 1px solid var(--line); border-radius: 6px; padding: 10px 18px; margin: 1.2em 0; }
            nav.toc h2 { font-size: 1em; margin: 0.2em 0; border: 0; }
            nav.toc ol { margin: 0.2em 0; padding-left: 1.4em; }
            nav.toc a { text-decoration: none; }
            nav.toc a:hover { text-decoration: underline; }
            .table-wrap { overflow-x: auto; margin: 0.8em 0 1.2em; max-width: 100%; }
            table { border-collapse: collapse; font-size: 0.92em; min-width: 40%; }
            caption { caption-side: top; text-align: left; font-weight: 600; padding: 0 0 6px; }
            th, td { border: 1px solid var(--line); padding: 5px 9px; text-align: left; vertical-align: top; }
            thead th { background: var(--soft); font-weight: 600; position: sticky; top: 0; }
            tbody tr:nth-child(even) { background: #fbfcfd; }
            td[title], th[title] { cursor: help; text-decoration: underline dotted #9aa4ae; text-underline-offset: 3px; }
            .num { text-align: right; font-variant-numeric: tabular-nums; }
            .num .ci { white-space: nowrap; }
            table.sortable thead th { cursor: pointer; }
            th[aria-sort=ascending]::after { content: " \\25B2"; font-size: 0.75em; }
            th[aria-sort=descending]::after { content: " \\25BC"; font-size: 0.75em; }
            .gallery-filter > input { margin: 0 4px 0 14px; }
            .gallery-filter > input:first-child { margin-left: 0; }
            figure.tile { display: inline-block; margin: 4px; width: 128px; vertical-align: top; }
            figure.tile figcaption { font-size: 11px; margin-top: 2px; }
            #gf-dis:checked ~ .gallery-body figure.tile:not(.t-dis),
            #gf-noface:checked ~ .gallery-body figure.tile:not(.t-noface),
            #gf-unc:checked ~ .gallery-body figure.tile:not(.t-unc) { display: none; }
            ul.findings { padding-left: 1.3em; }
            ul.findings li { margin: 0.35em 0; }
            li.finding-effect { font-weight: 600; }
            li.finding-effect a { font-weight: 400; }
            .muted { color: var(--muted); }
            .mono, code, pre { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace; }
            .good { color: var(--good); }
            .bad { color: var(--bad); font-weight: 600; }
            .warn { background: var(--note-bg); }
            pre { background: var(--soft); border: 1px solid var(--line); border-radius: 6px; padding: 10px 12px;
              overflow-x: auto; font-size: 0.86em; line-height: 1.45; white-space: pre-wrap; word-break: break-word; }
            dl.kv { display: grid; grid-template-columns: max-content 1fr; gap: 4px 18px; margin: 0.8em 0; }
            dl.kv dt { font-weight: 600; color: var(--muted); }
            dl.kv dd { margin: 0; overflow-wrap: anywhere; }
            aside.note { background: var(--note-bg); border-left: 4px solid var(--note-line); border-radius: 4px;
              padding: 10px 14px; margin: 1em 0; white-space: pre-line; }
            figure.chart { margin: 1.2em 0 1.6em; }
            figure.chart .svg-wrap svg, figure.chart img { display: block; width: 100%; max-width: 800px; height: auto; }
            figure.chart .missing { border: 1px dashed var(--line); padding: 2em; text-align: center; color: var(--muted); max-width: 800px; }
            figcaption { font-size: 0.9em; color: var(--muted); margin-top: 6px; max-width: 800px; }
            .fig-no { font-weight: 600; color: var(--fg); }
            a.png-link { font-size: 0.9em; margin-left: 0.4em; }
            @media (max-width: 640px) {
              body { padding: 14px 12px 40px; font-size: 14px; }
              /* tables become one card per row, every cell labelled with its column: nothing is hidden */
              table.sortable, table.sortable tbody, table.sortable tr, table.sortable td,
              table.cards, table.cards tbody, table.cards tr, table.cards td { display: block; width: 100%; }
              table.sortable, table.cards { min-width: 0; }
              table.sortable thead, table.cards thead { display: none; }
              table.sortable tr, table.cards tr { border: 1px solid var(--line); border-radius: 4px; margin: 0 0 8px; }
              table.sortable caption, table.cards caption { display: block; }
              table.sortable td, table.cards td { display: flow-root; border: 0; border-bottom: 1px solid var(--soft);
                text-align: right;
                overflow-wrap: anywhere; min-height: 1.9em; }
              table.sortable td::before, table.cards td::before { content: attr(data-label); float: left; max-width: 48%; margin-right: 10px;
                font-weight: 600; color: var(--muted); text-align: left; }
              table.sortable td.num, table.cards td.num { white-space: normal; }
              dl.kv { grid-template-columns: 1fr; }
              dl.kv dd { margin-bottom: 6px; }
            }
            @media print {
              body { max-width: none; padding: 0; font-size: 11pt; }
              nav.toc { break-after: page; }
              h2, h3 { break-after: avoid; }
              figure, table, pre, aside.note, dl.kv { break-inside: avoid; }
              thead { display: table-header-group; }
              thead th { position: static; }
              .table-wrap { overflow: visible; }
              a.png-link { display: none; }
              a { color: inherit; text-decoration: none; }
            }
            @page { margin: 16mm 14mm; }
            """;
}
