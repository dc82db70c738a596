package org.biaslab.gate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.biaslab.cli.CliRun;
import org.biaslab.metric.validity.ClassifierValidity;
import org.biaslab.spec.SpecException;
import org.biaslab.spec.SpecProblem;
import org.biaslab.util.Json;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** The release gate on a real (simulated-generator) audit run: verdicts, exit codes, JUnit XML, Markdown. */
class GateTest {
    @TempDir
    static Path dir;
    static Path run;
    static JsonNode results;

    static Path root() {
        return Path.of(System.getProperty("biaslab.root", Path.of("").toAbsolutePath().getParent().toString()));
    }

    @BeforeAll
    static void audit() throws Exception {
        run = dir.resolve("run");
        CliRun.Result r = CliRun.run("run", root().resolve("experiments/quickstart-simulated.yaml").toString(),
                "--out", run.toString(), "--set", "prompts.images_per_prompt=40");
        assertEquals(0, r.code(), r.err());
        results = Json.mapper().readTree(run.resolve("results.json").toFile());
    }

    private static Path policy(String name, String text) throws Exception {
        return Files.writeString(dir.resolve(name), text);
    }

    private static CliRun.Result gate(Path policy, Path out) {
        return CliRun.run("gate", run.toString(), "--policy", policy.toString(), "--out", out.toString());
    }

    @Test
    void eachVerdictFollowsTheEstimateTheRuleReads() throws Exception {
        Policy p = Policy.read(policy("p.yaml", String.join("\n", "policy: test",
                "rules:",
                "  - {id: parity, metric: distance_from_parity, use: upper, max: 0.3}",
                "  - {id: no-face, metric: no_face_share, use: upper, max: 0.04}",
                "  - {id: bls, metric: woman_share_minus_bls, bls_year: 2021, use: point, max_abs: 0.05}", "")));
        Gate.Evaluation e = Gate.evaluate(p, run);
        JsonNode occs = results.get("occupations");
        assertEquals(3 * occs.size(), e.verdicts().size());
        for (Gate.Verdict v : e.verdicts()) {
            JsonNode occ = null;
            for (JsonNode o : occs) {
                if (o.get("occupationId").asText().equals(v.subject())) {
                    occ = o;
                }
            }
            switch (v.rule().id()) {
                case "parity" -> assertEquals(occ.get("heim").get("upper").asDouble() <= 0.3,
                        v.outcome() == Gate.Outcome.PASS, v.message());
                case "no-face" -> assertEquals(occ.get("gender").get("wilson").get("no face").get("upper").asDouble() <= 0.04,
                        v.outcome() == Gate.Outcome.PASS, v.message());
                default -> {
                    JsonNode row = null;
                    for (JsonNode r : results.get("bls").get(0).get("rows")) {
                        if (r.get("occupationId").asText().equals(v.subject())) {
                            row = r;
                        }
                    }
                    if (row == null) {
                        assertEquals(Gate.Outcome.ERROR, v.outcome(), v.message());
                    } else {
                        assertEquals(Math.abs(row.get("comparison").get("difference").get("value").asDouble()) <= 0.05,
                                v.outcome() == Gate.Outcome.PASS, v.message());
                    }
                }
            }
        }
        // the quick start's generator amplifies by construction: some occupations fail each rule here
        assertTrue(e.count(Gate.Outcome.FAIL) > 0 && e.count(Gate.Outcome.PASS) > 0);
        assertTrue(e.count(Gate.Outcome.ERROR) > 0, "therapist and politician have no BLS row");
        assertEquals(Gate.FAILED, e.exitCode());
    }

    @Test
    void exitCodesJunitXmlAndMarkdown() throws Exception {
        Path lenient = policy("lenient.yaml", "rules:\n  - {id: parity, metric: distance_from_parity, use: upper, max: 1.0}\n");
        CliRun.Result pass = gate(lenient, dir.resolve("g-pass"));
        assertEquals(0, pass.code(), pass.err());
        assertTrue(pass.out().contains("PASSED"), pass.out());

        Path strict = policy("strict.yaml", String.join("\n", "policy: strict",
                "rules:", "  - {id: parity, metric: distance_from_parity, use: point, max: 0.0}",
                "  - {id: bls-2020, metric: woman_share_minus_bls, bls_year: 2020, use: point, max_abs: 1.0}", ""));
        CliRun.Result fail = gate(strict, dir.resolve("g-fail"));
        assertEquals(3, fail.code(), fail.err());
        Document xml = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(dir.resolve("g-fail/junit.xml").toFile());
        Element suite = (Element) xml.getElementsByTagName("testsuite").item(0);
        NodeList cases = xml.getElementsByTagName("testcase");
        int occupations = results.get("occupations").size();
        assertEquals(2 * occupations, cases.getLength());
        assertEquals(Integer.toString(cases.getLength()), suite.getAttribute("tests"));
        assertEquals(Integer.toString(xml.getElementsByTagName("failure").getLength()), suite.getAttribute("failures"));
        assertEquals(Integer.toString(xml.getElementsByTagName("error").getLength()), suite.getAttribute("errors"));
        assertEquals(occupations, xml.getElementsByTagName("error").getLength(), "the run has no BLS 2020 comparison");
        assertEquals("parity", ((Element) cases.item(0)).getAttribute("classname"));
        String md = Files.readString(dir.resolve("g-fail/summary.md"));
        assertTrue(md.startsWith("# biaslab gate: strict - FAILED") && md.contains("| parity | "), md);

        Path unevaluable = policy("unevaluable.yaml",
                "rules:\n  - {id: bls-2020, metric: woman_share_minus_bls, bls_year: 2020, use: point, max_abs: 1.0}\n");
        assertEquals(1, gate(unevaluable, dir.resolve("g-error")).code());
    }

    @Test
    void aPolicyWithTyposFailsValidationWithFileAndLine() throws Exception {
        Path bad = policy("typo.yaml", String.join("\n", "policy: typo", "rules:",
                "  - id: parity", "    metrc: distance_from_parity", "    use: upper", "    max: 0.3",
                "  - id: parity", "    metric: no_face_share", "    use: middle",
                "  - id: acc", "    metric: validity_accuracy", "    validity: missing.json", "    use: lower",
                "    min: 0.9", ""));
        SpecException e = assertThrows(SpecException.class, () -> Policy.read(bad));
        String all = String.join("\n", e.problems().stream().map(SpecProblem::toString).toList());
        assertTrue(all.contains("typo.yaml:4: rules[0].metrc: unknown field 'metrc'"), all);
        assertTrue(all.contains("rules[0].metric: missing required field") || all.contains("missing required field 'metric'"),
                all);
        assertTrue(all.contains("typo.yaml:9: rules[1].use: unknown value 'middle'"), all);
        assertTrue(all.contains("rule id 'parity' is used twice"), all);
        assertTrue(all.contains("give at least one limit"), all);
        assertTrue(all.contains("rules[2].validity: file 'missing.json' not found"), all);
        CliRun.Result cli = gate(bad, dir.resolve("g-bad"));
        assertEquals(2, cli.code());
        assertTrue(cli.err().contains("typo.yaml:4"), cli.err());
    }

    @Test
    void validityAccuracyReadsTheNamedFile() throws Exception {
        Path validity = root().resolve("models/validity/faceapi-utkface-dev-padding0.5-margin0.1.json");
        double lower = ClassifierValidity.read(validity).matrix().accuracy(0.95).lower();
        Path p = policy("validity.yaml", String.join("\n", "rules:",
                "  - {id: acc, metric: validity_accuracy, validity: " + validity + ", use: lower, min: "
                        + (lower - 0.001) + "}",
                "  - {id: acc-strict, metric: validity_accuracy, validity: " + validity + ", use: lower, min: "
                        + (lower + 0.001) + "}", ""));
        List<Gate.Verdict> v = Gate.evaluate(Policy.read(p), run).verdicts();
        assertEquals(List.of(Gate.Outcome.PASS, Gate.Outcome.FAIL), v.stream().map(Gate.Verdict::outcome).toList());
        assertEquals("run", v.get(0).subject());
    }

    @Test
    void captionRulesReadTheRunsCaptionMetrics() throws Exception {
        JsonNode err = results.path("captions").path("perceived").path("error").path("overall").path("errorRate");
        double upper = err.path("upper").asDouble();
        JsonNode lic = results.path("captions").path("leakage").get(0).path("result").path("lic");
        Path p = policy("captions.yaml", String.join("\n", "rules:",
                "  - {id: err-ok, metric: caption_error, use: upper, max: " + (upper + 0.001) + "}",
                "  - {id: err-strict, metric: caption_error, use: upper, max: " + (upper - 0.001) + "}",
                "  - {id: leak, metric: caption_leakage, classifier: linear, use: point, max: "
                        + (lic.path("value").asDouble() + 0.01) + "}",
                "  - {id: leak-unknown, metric: caption_leakage, classifier: lstm, use: point, max: 50}",
                "  - {id: debias, metric: caption_error_change_after_debiasing, use: point, max: 0}", ""));
        List<Gate.Verdict> v = Gate.evaluate(Policy.read(p), run).verdicts();
        assertEquals(List.of(Gate.Outcome.PASS, Gate.Outcome.FAIL, Gate.Outcome.PASS, Gate.Outcome.ERROR,
                Gate.Outcome.ERROR), v.stream().map(Gate.Verdict::outcome).toList());
        assertTrue(v.get(3).message().contains("classifier 'lstm'"), v.get(3).message());
        assertTrue(v.get(4).message().contains("did not debias"), v.get(4).message());
        assertEquals(Gate.FAILED, Gate.evaluate(Policy.read(p), run).exitCode());
    }

    @Test
    void aGateOnTheRunsOwnFolderAddsAReleaseGateSectionToItsReport() throws Exception {
        Path p = policy("report.yaml", String.join("\n", "policy: \"<b>release</b>\"", "rules:",
                "  - {id: faces-found, metric: no_face_share, use: upper, max: 0.01}", ""));
        CliRun.Result r = CliRun.run("gate", run.toString(), "--policy", p.toString());
        assertEquals(Gate.FAILED, r.code(), r.err());
        JsonNode g = Json.mapper().readTree(run.resolve("gate/gate.json").toFile());
        assertEquals("FAILED", g.path("verdict").asText());
        assertEquals(13, g.path("rules").get(0).path("checks").asInt());
        String html = Files.readString(run.resolve("index.html"));
        assertTrue(html.contains("<section id=\"gate\">"), "a Release gate section");
        assertTrue(html.contains("&lt;b&gt;release&lt;/b&gt;") && !html.contains("<b>release</b>"), "escaped");
        assertTrue(new org.biaslab.experiment.RunDirectory(run).isComplete(), "the run is still complete");
    }

    @Test
    void captionBiasAndDebiasRunsAreGatedOnLicAndOnTheErrorAfterDebiasing() throws Exception {
        Path golden = root().resolve("framework/src/test/resources/org/biaslab/golden");
        Path cb = Files.createDirectories(dir.resolve("caption-bias-run"));
        Files.copy(golden.resolve("caption-bias/expected-results.json"), cb.resolve("results.json"));
        Path db = Files.createDirectories(dir.resolve("debias-run"));
        Files.copy(golden.resolve("debias/expected-results.json"), db.resolve("results.json"));
        JsonNode lic = Json.mapper().readTree(cb.resolve("results.json").toFile()).path("lic");
        double worst = 0;
        for (JsonNode row : lic) worst = Math.max(worst, row.path("lic").path("upper").asDouble());
        Path p = policy("studies.yaml", String.join("\n", "rules:",
                "  - {id: lic-ok, metric: lic, use: upper, max: " + (worst + 0.01) + "}",
                "  - {id: lic-strict, metric: lic, use: upper, max: 5}",
                "  - {id: no-harm, metric: debias_error_change, use: point, max: 0}", ""));
        List<Gate.Verdict> v = Gate.evaluate(Policy.read(p), cb).verdicts();
        assertEquals(lic.size() * 2 + 1, v.size());
        assertTrue(v.stream().filter(x -> x.rule().id().equals("lic-ok")).allMatch(x -> x.outcome() == Gate.Outcome.PASS));
        assertTrue(v.stream().filter(x -> x.rule().id().equals("lic-strict")).allMatch(x -> x.outcome() == Gate.Outcome.FAIL),
                "the synthetic study's LIC is far above 5");
        Gate.Verdict wrongKind = v.get(v.size() - 1);
        assertEquals(Gate.Outcome.ERROR, wrongKind.outcome());
        assertTrue(wrongKind.message().contains("measured by debias runs"), wrongKind.message());

        double change = Json.mapper().readTree(db.resolve("results.json").toFile()).path("models").get(0)
                .path("genderError").path("overall").path("difference").path("value").asDouble();
        List<Gate.Verdict> d = Gate.evaluate(Policy.read(p), db).verdicts();
        Gate.Verdict harm = d.stream().filter(x -> x.rule().id().equals("no-harm")).findFirst().orElseThrow();
        assertEquals(change <= 0 ? Gate.Outcome.PASS : Gate.Outcome.FAIL, harm.outcome(), harm.message());
        assertEquals("model", harm.subject());
    }
}
