package org.biaslab.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.biaslab.spec.SpecDocument;
import org.biaslab.spec.SpecException;
import org.biaslab.spec.SpecMap;
import org.biaslab.spec.SpecProblem;

class SpecDocumentTest {
    @TempDir
    Path dir;

    private Path write(String name, String text) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    @Test
    void everyProblemIsReportedAtOnceWithFileLineFieldAndValue() throws Exception {
        Path labels = write("labels.jsonl", "{}\n");
        Path exp = write("bad.yaml", String.join("\n",
                "name: bad",
                "kind: caption-bias",
                "seeds: ten",
                "colour: blue",
                "attributes:",
                "  gender:",
                "    labels: labels.jsonl",
                "    mask: False",
                "  age:",
                "    labels: missing.jsonl",
                "classifiers:",
                "  - type: svm",
                "models:",
                "  - name: A",
                "    captions:",
                "      gender: {file: nowhere.pkl, format: lic-pickle}",
                "  - name: A",
                "    captions:",
                "      gender: {file: labels.jsonl, format: csv}",
                ""));
        SpecException e = assertThrows(SpecException.class, () -> Experiment.load(exp, List.of(), Kinds.REGISTRY));
        String all = e.problems().stream().map(SpecProblem::toString).collect(Collectors.joining("\n"));
        assertTrue(all.contains("bad.yaml:3: seeds: 'ten' is not an integer"), all);
        assertTrue(all.contains("bad.yaml:4: colour: unknown field 'colour'"), all);
        assertTrue(all.contains("bad.yaml:8: attributes.gender.mask: 'False' is not a boolean"), all);
        assertTrue(all.contains("attributes.age: unknown attribute 'age'"), all);
        assertTrue(all.contains("bad.yaml:10: attributes.age.labels: file 'missing.jsonl' not found"), all);
        assertTrue(all.contains("bad.yaml:12: classifiers[0].type: unknown value 'svm'"), all);
        assertTrue(all.contains("bad.yaml:16: models[0].captions.gender.file: file 'nowhere.pkl' not found"), all);
        assertTrue(all.contains("models[1].name: model name 'A' is used twice"), all);
        assertTrue(all.contains("bad.yaml:19: models[1].captions.gender.format: unknown value 'csv'"), all);
        assertTrue(e.problems().size() >= 9, all);
        assertTrue(Files.exists(labels));
    }

    @Test
    void yamlSyntaxErrorNamesTheLine() throws Exception {
        Path exp = write("syntax.yaml", "name: x\nkind: caption-bias\nseeds: [1, 2\n");
        SpecException e = assertThrows(SpecException.class, () -> Experiment.load(exp, List.of(), Kinds.REGISTRY));
        assertTrue(e.getMessage().contains("syntax.yaml:4") || e.getMessage().contains("syntax.yaml:3"), e.getMessage());
        assertTrue(e.getMessage().contains("YAML syntax error"), e.getMessage());
    }

    @Test
    void unknownKindAndMissingFileAreClear() throws Exception {
        Path exp = write("k.yaml", "name: x\nkind: painting\n");
        SpecException e = assertThrows(SpecException.class, () -> Experiment.load(exp, List.of(), Kinds.REGISTRY));
        assertEquals(1, e.problems().size(), e.getMessage());
        assertTrue(e.getMessage().contains("k.yaml:2: kind: unknown value 'painting'"), e.getMessage());
        SpecException missing = assertThrows(SpecException.class,
                () -> Experiment.load(dir.resolve("nope.yaml"), List.of(), Kinds.REGISTRY));
        assertTrue(missing.getMessage().contains("nope.yaml: experiment file not found"), missing.getMessage());
    }

    @Test
    void overridesReplaceNestedValuesAndAreValidated() throws Exception {
        Path exp = write("o.yaml", "name: x\nkind: caption-bias\nseeds: 3\nclassifiers:\n  - type: linear\n    c: 1.0\n");
        SpecDocument doc = SpecDocument.load(exp, List.of("seeds=5", "classifiers.0.c=0.5", "intervals.resamples=500"));
        SpecMap root = doc.root();
        assertEquals(5, root.integer("seeds", 0, 0, 100));
        assertEquals(0.5, root.maps("classifiers", true).get(0).number("c", 0, 0, 10));
        assertEquals(500, root.map("intervals").integer("resamples", 0, 0, 10_000));
        assertTrue(doc.resolvedYaml().contains("seeds: 5"), doc.resolvedYaml());
        SpecException bad = assertThrows(SpecException.class, () -> SpecDocument.load(exp, List.of("classifiers.4.c=1")));
        assertTrue(bad.getMessage().contains("'4' is not an index of this list"), bad.getMessage());
        SpecException noEq = assertThrows(SpecException.class, () -> SpecDocument.load(exp, List.of("seeds")));
        assertTrue(noEq.getMessage().contains("expected key=value"), noEq.getMessage());
    }
}
