package org.biaslab.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/**
 * Opens a generated report in headless Chromium from disk and asserts what a reader would see:
 * no console errors, exceptions or failed loads; every expected section present and rendered
 * with a non-zero height; every image decoded; no element fetched from the network. Saves a
 * full-page screenshot under {@code target/screenshots/} for a human to look at.
 */
public final class BrowserCheck {
    private BrowserCheck() {
    }

    /**
     * Skips the calling test when no Chromium is installed, unless CI requires it
     * ({@code BIASLAB_REQUIRE_CHROMIUM=1}), in which case a missing browser is a failure.
     */
    public static Path chromiumOrSkip() {
        Optional<Path> bin = HeadlessChromium.find();
        if (bin.isEmpty() && HeadlessChromium.required()) {
            throw new AssertionError("BIASLAB_REQUIRE_CHROMIUM=1 but no chromium found (apt-get install chromium)");
        }
        Assumptions.assumeTrue(bin.isPresent(), "chromium not installed: browser check skipped");
        return bin.get();
    }

    /** What is wider than the window: the page itself, or a table inside its scroll box. */
    private static final String OVERFLOW = "(() => { const out = []; const w = window.innerWidth;"
            + " if (document.documentElement.scrollWidth > w + 1) out.push('page ' + document.documentElement"
            + ".scrollWidth + ' px'); document.querySelectorAll('.table-wrap').forEach(d => { if (d.scrollWidth"
            + " > d.clientWidth + 1) { const c = d.querySelector('caption, th'); out.push('table \"' +"
            + " (c ? c.textContent.slice(0, 60) : '?') + '\" ' + d.scrollWidth + ' px in ' + d.clientWidth);"
            + " } }); return out; })()";

    /**
     * A rendered page without its own table-sorting script, the one script element the page's CSP
     * allows (by hash), so tests can check that no other script reached it.
     */
    public static String withoutOwnScript(String html) {
        return html.replace("<script>" + HtmlPage.SCRIPT + "</script>", "");
    }

    /** Loads {@code page}, checks it, and writes {@code target/screenshots/<name>.png}. */
    public static void assertRendersCleanly(Path page, List<String> sectionIds, String name) throws Exception {
        Path bin = chromiumOrSkip();
        try (HeadlessChromium chrome = new HeadlessChromium(bin)) {
            chrome.open(page);
            List<String> missing = new ArrayList<>();
            for (String id : sectionIds) {
                JsonNode h = chrome.evaluate("(() => { const e = document.getElementById("
                        + org.biaslab.util.Json.mapper().writeValueAsString(id)
                        + "); return e ? e.getBoundingClientRect().height : -1; })()");
                if (h.asDouble() <= 0) missing.add(id + " (height " + h.asDouble() + ")");
            }
            assertTrue(missing.isEmpty(), "sections missing or not rendered: " + missing);
            JsonNode broken = chrome.evaluate("Array.from(document.images).filter(i => !i.complete || i.naturalWidth === 0)"
                    + ".map(i => i.getAttribute('alt') || i.src.slice(0, 60))");
            assertEquals(0, broken.size(), "images that did not decode: " + broken);
            JsonNode remote = chrome.evaluate("performance.getEntriesByType('resource').map(r => r.name)"
                    + ".filter(n => !n.startsWith('data:') && !n.startsWith('file:'))");
            assertEquals(0, remote.size(), "the report fetched from the network: " + remote);
            // nothing wider than the 1280 px window: neither the page nor a table inside its scroll box
            JsonNode overflow = chrome.evaluate(OVERFLOW);
            assertEquals(0, overflow.size(), "wider than the 1280 px window: " + overflow);
            // the sorting script runs (the CSP allows it by hash): a click on a header sorts its table
            JsonNode sorted = chrome.evaluate("(() => { const th = document.querySelector('table.sortable thead th');"
                    + " if (!th) return 'no table'; th.click(); return th.getAttribute('aria-sort'); })()");
            assertTrue(sorted.asText().equals("ascending") || sorted.asText().equals("no table"),
                    "clicking a column header did not sort: " + sorted);
            byte[] png = chrome.screenshot();
            Path shots = Path.of(System.getProperty("biaslab.root", ".")).resolve("framework/target/screenshots");
            Files.createDirectories(shots);
            Files.write(shots.resolve(name + ".png"), png);
            assertTrue(png.length > 1000, "screenshot is empty");
            // a phone: tables turn into one card per row (every column kept, labelled), nothing wider than the screen
            chrome.viewport(412, 900, true);
            JsonNode phone = chrome.evaluate(OVERFLOW);
            assertEquals(0, phone.size(), "wider than a 412 px phone screen: " + phone);
            Files.write(shots.resolve(name + "-phone.png"), chrome.screenshot());
            assertEquals(List.of(), chrome.problems(), "browser reported problems");
        }
    }
}
