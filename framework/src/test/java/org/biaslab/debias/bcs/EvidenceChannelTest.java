package org.biaslab.debias.bcs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.biaslab.debias.lm.GenderEvidence;
import org.biaslab.metric.validity.ValidityFormatException;
import org.biaslab.util.TestPaths;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvidenceChannelTest {
    @TempDir
    Path dir;

    /** The counts of models/validity/faceapi-t2i-sd-annotated-padding0-margin0.1.json. */
    static String validity(String labels, String kinds, String womanRow, String manRow) {
        return """
                {
                  "abstentionKinds" : %s,
                  "classifier" : { "id" : "faceapi test", "modelFiles" : { } },
                  "confusion" : { "man" : %s, "woman" : %s },
                  "createdBy" : "test",
                  "dataset" : "t2i-sd-annotated",
                  "format" : "biaslab-classifier-validity",
                  "labels" : %s,
                  "version" : 1
                }
                """.formatted(kinds, manRow, womanRow, labels);
    }

    static final String KINDS = "[ \"uncertain\", \"no face\" ]";
    static final String LABELS = "[ \"woman\", \"man\" ]";
    static final String WOMAN = "{ \"man\" : 4, \"no face\" : 35, \"uncertain\" : 2, \"woman\" : 94 }";
    static final String MAN = "{ \"man\" : 70, \"no face\" : 36, \"uncertain\" : 0, \"woman\" : 5 }";

    private Path write(String name, String json) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, json);
        return f;
    }

    EvidenceChannel channel() throws IOException {
        return EvidenceChannel.fromValidityFile(write("v.json", validity(LABELS, KINDS, WOMAN, MAN)));
    }

    @Test
    void evidenceIsTheSmoothedPosteriorUnderEqualPrevalence() throws IOException {
        EvidenceChannel c = channel();
        assertEquals(List.of("woman", "man", "uncertain", "no face"), c.outcomes());
        Map<String, GenderEvidence> ev = c.outcomeEvidence();
        // q(o|A) = (count + 0.5) / (n_A + 0.5 * 4); n_woman = 135, n_man = 111 (hand-computed)
        assertEquals(0.9340885234429671, ev.get("woman").female(), 1e-12);
        assertEquals(1 - 0.9340885234429671, ev.get("woman").male(), 1e-12);
        assertEquals(0.05001475361463559, ev.get("man").female(), 1e-12);
        assertEquals(0.8048433048433048, ev.get("uncertain").female(), 1e-12);
        assertTrue(ev.get("uncertain").present());
        assertEquals(GenderEvidence.absent(), ev.get("no face"));
        assertEquals(94.0 / 135, c.rowProbabilities("woman").get("woman"), 1e-12);
        assertEquals(36.0 / 111, c.rowProbabilities("man").get("no face"), 1e-12);
        assertEquals(0L, c.count("man", "uncertain"));
        String d = c.describe();
        assertTrue(d.contains("faceapi test on t2i-sd-annotated") && d.contains("no face absent")
                && d.contains("woman 0.696"), d);
    }

    @Test
    void drawsFollowTheMeasuredRows() throws IOException {
        EvidenceChannel c = channel();
        for (String annotated : List.of("woman", "man")) {
            Map<String, Integer> seen = new HashMap<>();
            int n = 20_000;
            for (int i = 0; i < n; i++) {
                EvidenceChannel.Draw d = c.draw(annotated, 17, "image:" + i);
                seen.merge(d.outcome(), 1, Integer::sum);
                assertEquals(c.outcomeEvidence().get(d.outcome()), d.evidence());
            }
            for (Map.Entry<String, Double> e : c.rowProbabilities(annotated).entrySet()) {
                double share = seen.getOrDefault(e.getKey(), 0) / (double) n;
                assertEquals(e.getValue(), share, 0.01, annotated + " -> " + e.getKey());
            }
            if (annotated.equals("man")) {
                assertFalse(seen.containsKey("uncertain"), "a zero cell is never drawn");
            }
        }
    }

    @Test
    void drawsAreDeterministicPerSeedAndKey() throws IOException {
        EvidenceChannel c = channel();
        int differentKey = 0;
        int differentSeed = 0;
        for (int i = 0; i < 200; i++) {
            assertEquals(c.draw("woman", 3, "k" + i), c.draw("woman", 3, "k" + i));
            differentKey += c.draw("woman", 3, "k" + i).equals(c.draw("woman", 3, "k" + (i + 1))) ? 0 : 1;
            differentSeed += c.draw("man", 3, "k" + i).equals(c.draw("man", 4, "k" + i)) ? 0 : 1;
        }
        assertTrue(differentKey > 40, "keys give different draws: " + differentKey);
        assertTrue(differentSeed > 40, "seeds give different draws: " + differentSeed);
        assertEquals(c.sample("man", 9, "x"), c.draw("man", 9, "x").evidence());
        assertThrows(IllegalArgumentException.class, () -> c.draw("Woman", 1, "x"));
    }

    @Test
    void readsTheCommittedValidityFiles() throws IOException {
        Path root = TestPaths.root();
        Path f = root.resolve("models/validity/faceapi-utkface-dev-padding0.5-margin0.1.json");
        EvidenceChannel c = EvidenceChannel.fromValidityFile(f);
        assertEquals(335L, c.count("woman", "woman"));
        assertEquals(122L, c.count("man", "no face"));
        assertTrue(c.outcomeEvidence().get("man").male() > 0.9);
    }

    @Test
    void rejectsMalformedFilesNamingFileAndField() throws IOException {
        Path labels = write("labels.json", validity(LABELS, KINDS, WOMAN, MAN)
                .replace("\"man\"", "\"male\"").replace("\"woman\"", "\"female\""));
        ValidityFormatException e = assertThrows(ValidityFormatException.class,
                () -> EvidenceChannel.fromValidityFile(labels));
        assertTrue(e.getMessage().contains(labels.toString()) && e.getMessage().contains("'labels'"), e.getMessage());

        Path kinds = write("kinds.json", validity(LABELS, "[ \"uncertain\", \"blurry\" ]",
                WOMAN.replace("no face", "blurry"), MAN.replace("no face", "blurry")));
        e = assertThrows(ValidityFormatException.class, () -> EvidenceChannel.fromValidityFile(kinds));
        assertTrue(e.getMessage().contains("'abstentionKinds'") && e.getMessage().contains("blurry"), e.getMessage());

        Path empty = write("empty.json", validity(LABELS, KINDS, WOMAN,
                "{ \"man\" : 0, \"no face\" : 0, \"uncertain\" : 0, \"woman\" : 0 }"));
        e = assertThrows(ValidityFormatException.class, () -> EvidenceChannel.fromValidityFile(empty));
        assertTrue(e.getMessage().contains("confusion.man") && e.getMessage().contains("no items"), e.getMessage());

        Path missing = write("missing.json", validity(LABELS, KINDS, WOMAN, "{ \"man\" : 70, \"woman\" : 5 }"));
        e = assertThrows(ValidityFormatException.class, () -> EvidenceChannel.fromValidityFile(missing));
        assertTrue(e.getMessage().contains("confusion.man.uncertain"), e.getMessage());

        Path notJson = write("broken.json", "{ \"format\" : ");
        e = assertThrows(ValidityFormatException.class, () -> EvidenceChannel.fromValidityFile(notJson));
        assertTrue(e.getMessage().contains(notJson.toString()), e.getMessage());
    }
}
