package org.biaslab.experiment.debias;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.biaslab.report.BrowserCheck;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DebiasReportTest {
    static final List<String> SECTIONS = List.of("findings", "summary", "charts", "lic", "gender-error", "amplification",
            "quality", "changes", "examples", "inputs", "training", "methods", "evidence", "limitations");
    static final String SCRIPT = "<script>alert(1)</script>";

    static DebiasResults results;

    @TempDir
    Path dir;

    /** The leaky set, with a model whose name and one caption before and after hold a script tag. */
    @BeforeAll
    static void evaluate() throws Exception {
        DebiasEvaluationTest.Leaky d = DebiasEvaluationTest.leaky();
        Map<Long, String> before = new HashMap<>(d.before());
        Map<Long, String> after = new HashMap<>(d.after());
        before.put(1000L, "a woman with a " + SCRIPT);
        after.put(1000L, "a man with a " + SCRIPT);
        results = DebiasEvaluation.evaluate(d.images(), "leaky", List.of(
                new DebiasEvaluation.ModelCaptions(SCRIPT, null, before, after),
                new DebiasEvaluation.ModelCaptions("unchanged", null, d.before(), d.before())),
                List.of(DebiasEvaluationTest.LINEAR), DebiasEvaluationTest.SETTINGS.withExamples(40), 2);
    }

    static DebiasReport.Context context() {
        Map<String, Object> card = new LinkedHashMap<>();
        card.put("layers", 2);
        card.put("vocabulary <b>", "12,000 words & more");
        card.put("nested", Map.of("lr", 0.001));
        card.put("epochs", List.of(Map.of("epoch", 1, "loss", 2.5), Map.of("epoch", 2, "loss", 1.25)));
        Map<String, Object> training = new LinkedHashMap<>();
        training.put("synthesized captions", 148_711);
        training.put("seeds", List.of(1, 2, 3));
        training.put("denoiser " + SCRIPT, card);
        DebiasReport.EvidenceChannel ev = new DebiasReport.EvidenceChannel("FairFace on UTKFace dev (926 faces)",
                List.of("Male", "Female"), List.of("Male", "Female", "no face"),
                List.of(List.of(0.9, 0.07, 0.03), List.of(0.12, 0.85, 0.03)), "channel seed 17");
        return new DebiasReport.Context("Debiasing " + SCRIPT, "LIBRA-style debiasing of four models.", ev, training);
    }

    @Test
    void everySectionIsPresentAndDataIsEscaped() throws Exception {
        DebiasReport.write(dir, results, context());
        String html = Files.readString(dir.resolve("index.html"));
        for (String id : SECTIONS) {
            assertTrue(html.contains("id=\"" + id + "\""), "missing section " + id);
        }
        assertFalse(html.contains(SCRIPT), "a script tag from data reached the page");
        assertFalse(org.biaslab.report.BrowserCheck.withoutOwnScript(html).contains("<script"),
                "the report holds a script element besides its own sorting script");
        assertTrue(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assertTrue(html.contains("perceived gender"));
        assertTrue(html.contains("COCO images are not available"));
        assertTrue(html.contains("FairFace on UTKFace dev (926 faces)"));
        assertTrue(html.contains("0.850") && html.contains("no face"));
        // example edits: a word-level diff; the tag inside the caption is escaped within it
        assertTrue(html.contains("<del>woman</del>") && html.contains("<ins>man</ins>"));
        assertTrue(html.contains("&lt; script &gt;") || html.contains("&lt;script&gt;"));
        // training: escaped keys, nested values, tables of lists
        assertTrue(html.contains("vocabulary &lt;b&gt;") && html.contains("12,000 words &amp; more"));
        assertTrue(html.contains("nested.lr") && html.contains("148711") && html.contains("1, 2, 3"));
        assertTrue(html.contains("<th scope=\"col\">loss</th>"));
        // outcomes stated per model and classifier
        assertTrue(html.contains("LIC after &lt; before (linear)"));
        assertTrue(html.contains("lower (interval below 0)"));
        assertTrue(html.contains("No caption was changed."));
        assertTrue(Files.isRegularFile(dir.resolve("charts/debias_lic_linear.svg")));
        assertTrue(Files.isRegularFile(dir.resolve("charts/debias_gender_error.png")));
        assertTrue(html.contains("Content-Security-Policy"));
    }

    @Test
    void aReportWithoutDeclaredEvidenceSaysSo() throws Exception {
        String html = DebiasReport.page(results, new DebiasReport.Context(null, null, null, null), null).render();
        assertTrue(html.contains("No image-evidence channel was declared"));
        assertTrue(html.contains("No training information was given"));
        assertFalse(Files.exists(dir.resolve("charts")));
    }

    @Test
    void theEvidenceChannelMustBeAConfusionMatrix() {
        assertThrows(IllegalArgumentException.class, () -> new DebiasReport.EvidenceChannel("x", List.of("Male"),
                List.of("Male", "Female"), List.of(List.of(0.5, 0.6)), null));
        assertThrows(IllegalArgumentException.class, () -> new DebiasReport.EvidenceChannel("x", List.of("Male", "Female"),
                List.of("Male", "Female"), List.of(List.of(1.0, 0.0)), null));
        assertThrows(IllegalArgumentException.class, () -> new DebiasReport.EvidenceChannel("x", List.of("Male"),
                List.of("Male", "Female"), List.of(List.of(1.0)), null));
    }

    @Test
    void undefinedValuesShowAsUndefined() throws Exception {
        DebiasResults r = DebiasEvaluation.evaluate(DebiasEvaluationTest.handImages().subList(0, 12), "male only",
                List.of(new DebiasEvaluation.ModelCaptions("M", null, DebiasEvaluationTest.handBefore(),
                        DebiasEvaluationTest.handAfter())), List.of(DebiasEvaluationTest.LINEAR),
                DebiasEvaluationTest.SETTINGS, 1);
        String html = DebiasReport.page(r, context(), null).render();
        assertTrue(html.contains("undefined: perceived gender annotations in male only: class 1 is empty"), html);
        assertFalse(html.contains(">NaN<"));
    }

    @Test
    void theReportRendersInABrowserFromDiskWithoutErrors() throws Exception {
        BrowserCheck.chromiumOrSkip();
        DebiasReport.write(dir, results, context());
        BrowserCheck.assertRendersCleanly(dir.resolve("index.html"), SECTIONS, "debias-report");
    }

    @Test
    void sameResultsGiveTheSamePage() throws Exception {
        assertEquals(DebiasReport.page(results, context(), null).render(),
                DebiasReport.page(results, context(), null).render());
    }
}
