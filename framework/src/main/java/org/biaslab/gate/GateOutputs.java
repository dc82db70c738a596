package org.biaslab.gate;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.biaslab.util.AtomicFiles;

/**
 * A gate's verdicts for CI systems: JUnit XML (one test case per rule and occupation; a failed rule
 * is a {@code <failure>}, one that could not be evaluated an {@code <error>}) and a Markdown summary.
 */
public final class GateOutputs {
    private GateOutputs() {}

    /** JUnit XML of the evaluation. */
    public static String junitXml(Gate.Evaluation e) {
        StringBuilder b = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        b.append("<testsuites>\n");
        b.append(String.format(Locale.ROOT, "  <testsuite name=\"%s\" tests=\"%d\" failures=\"%d\" errors=\"%d\" "
                + "skipped=\"0\" time=\"0\">\n", xml("biaslab gate: " + e.policy().name()), e.verdicts().size(),
                e.count(Gate.Outcome.FAIL), e.count(Gate.Outcome.ERROR)));
        for (Gate.Verdict v : e.verdicts()) {
            b.append("    <testcase classname=\"").append(xml(v.rule().id())).append("\" name=\"")
                    .append(xml(v.subject())).append("\" time=\"0\"");
            if (v.outcome() == Gate.Outcome.PASS) {
                b.append(">\n      <system-out>").append(xml(v.message())).append("</system-out>\n    </testcase>\n");
            } else {
                String tag = v.outcome() == Gate.Outcome.FAIL ? "failure" : "error";
                b.append(">\n      <").append(tag).append(" message=\"").append(xml(v.message())).append("\" type=\"")
                        .append(tag).append("\"/>\n    </testcase>\n");
            }
        }
        b.append("  </testsuite>\n</testsuites>\n");
        return b.toString();
    }

    /** A Markdown summary: the verdict first, then each rule's counts and every case that did not pass. */
    public static String markdown(Gate.Evaluation e) {
        StringBuilder b = new StringBuilder();
        String verdict = switch (e.exitCode()) {
            case Gate.PASSED -> "PASSED";
            case Gate.FAILED -> "FAILED";
            default -> "NOT EVALUATED";
        };
        b.append("# biaslab gate: ").append(md(e.policy().name())).append(" - ").append(verdict).append("\n\n");
        b.append(String.format(Locale.ROOT, "Run `%s` (%s): %d checks, %d passed, %d failed, %d could not be evaluated.%n%n",
                md(e.run().toString()), md(e.kind()), e.verdicts().size(), e.count(Gate.Outcome.PASS),
                e.count(Gate.Outcome.FAIL), e.count(Gate.Outcome.ERROR)));
        b.append("| rule | checks | passed | failed | not evaluated |\n|---|---|---|---|---|\n");
        Map<String, long[]> byRule = new LinkedHashMap<>();
        for (Gate.Verdict v : e.verdicts()) {
            long[] c = byRule.computeIfAbsent(v.rule().id() + " (" + v.rule().describe() + ")", k -> new long[4]);
            c[0]++;
            c[1 + v.outcome().ordinal()]++;
        }
        byRule.forEach((k, c) -> b.append(String.format(Locale.ROOT, "| %s | %d | %d | %d | %d |%n", md(k), c[0], c[1],
                c[2], c[3])));
        boolean header = false;
        for (Gate.Verdict v : e.verdicts()) {
            if (v.outcome() == Gate.Outcome.PASS) {
                continue;
            }
            if (!header) {
                b.append("\n| rule | occupation | outcome | detail |\n|---|---|---|---|\n");
                header = true;
            }
            b.append("| ").append(md(v.rule().id())).append(" | ").append(md(v.subject())).append(" | ")
                    .append(v.outcome() == Gate.Outcome.FAIL ? "failed" : "not evaluated").append(" | ")
                    .append(md(v.message())).append(" |\n");
        }
        b.append("\nEstimates are of perceived gender (appearance as a classifier reads it, not identity); each "
                + "rule says whether it reads the point estimate or an interval bound.\n");
        return b.toString();
    }

    /** The evaluation file a run's report reads for its "Release gate" section. */
    public static final String GATE_JSON = "gate.json";

    /** Writes {@code junit.xml}, {@code summary.md} and {@value #GATE_JSON} into {@code dir}. */
    public static void write(Path dir, Gate.Evaluation e) throws IOException {
        AtomicFiles.writeString(dir.resolve("junit.xml"), junitXml(e));
        AtomicFiles.writeString(dir.resolve("summary.md"), markdown(e));
        org.biaslab.util.Json.write(dir.resolve(GATE_JSON), summary(e));
    }

    /**
     * The evaluation as data: policy, verdict, per rule its description and counts, and every case that
     * did not pass (what a run's report shows).
     */
    public static Map<String, Object> summary(Gate.Evaluation e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("policy", e.policy().name());
        m.put("policyFile", e.policy().file().toString());
        m.put("verdict", e.exitCode() == Gate.PASSED ? "PASSED" : e.exitCode() == Gate.FAILED ? "FAILED"
                : "NOT EVALUATED");
        m.put("exitCode", e.exitCode());
        List<Map<String, Object>> rules = new java.util.ArrayList<>();
        for (Policy.Rule r : e.policy().rules()) {
            Map<String, Object> rm = new LinkedHashMap<>();
            rm.put("id", r.id());
            rm.put("rule", r.describe());
            List<Gate.Verdict> vs = e.verdicts().stream().filter(v -> v.rule().equals(r)).toList();
            rm.put("checks", vs.size());
            rm.put("passed", vs.stream().filter(v -> v.outcome() == Gate.Outcome.PASS).count());
            rm.put("failed", vs.stream().filter(v -> v.outcome() == Gate.Outcome.FAIL).count());
            rm.put("notEvaluated", vs.stream().filter(v -> v.outcome() == Gate.Outcome.ERROR).count());
            List<Map<String, String>> cases = new java.util.ArrayList<>();
            for (Gate.Verdict v : vs) {
                if (v.outcome() != Gate.Outcome.PASS) {
                    cases.add(Map.of("subject", v.subject(), "outcome", v.outcome().name().toLowerCase(Locale.ROOT),
                            "detail", v.message()));
                }
            }
            rm.put("notPassed", cases);
            rules.add(rm);
        }
        m.put("rules", rules);
        return m;
    }

    static String xml(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&apos;");
                default -> {
                    if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
                        b.append(' '); // not allowed in XML 1.0
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.toString();
    }

    /** Markdown table cell text: pipes and line breaks escaped, HTML-significant characters too. */
    static String md(String s) {
        return s.replace("\\", "\\\\").replace("|", "\\|").replace("<", "&lt;").replace(">", "&gt;")
                .replace("\r", " ").replace("\n", " ");
    }
}
