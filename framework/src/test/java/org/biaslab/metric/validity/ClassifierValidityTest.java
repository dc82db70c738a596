package org.biaslab.metric.validity;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.biaslab.util.Hashing;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClassifierValidityTest {
    static final String SHA = Hashing.sha256("model bytes");

    static ClassifierValidity record() {
        ConfusionMatrix m = ConfusionMatrix.of(List.of("woman", "man"), List.of("uncertain", "no face"),
                new long[][] {{45, 5}, {10, 40}}, new long[][] {{3, 0}, {5, 2}});
        return new ClassifierValidity("faceapi-gender band=0.1", new TreeMap<>(Map.of("gender.pt", SHA)),
                "utkface-test", "biaslab 0.1.0 validate", m);
    }

    @Test
    void writesSortedStableJson() {
        String expected = "{\n"
                + "  \"abstentionKinds\" : [ \"uncertain\", \"no face\" ],\n"
                + "  \"classifier\" : {\n"
                + "    \"id\" : \"faceapi-gender band=0.1\",\n"
                + "    \"modelFiles\" : {\n"
                + "      \"gender.pt\" : \"" + SHA + "\"\n"
                + "    }\n"
                + "  },\n"
                + "  \"confusion\" : {\n"
                + "    \"man\" : {\n"
                + "      \"man\" : 40,\n"
                + "      \"no face\" : 2,\n"
                + "      \"uncertain\" : 5,\n"
                + "      \"woman\" : 10\n"
                + "    },\n"
                + "    \"woman\" : {\n"
                + "      \"man\" : 5,\n"
                + "      \"no face\" : 0,\n"
                + "      \"uncertain\" : 3,\n"
                + "      \"woman\" : 45\n"
                + "    }\n"
                + "  },\n"
                + "  \"createdBy\" : \"biaslab 0.1.0 validate\",\n"
                + "  \"dataset\" : \"utkface-test\",\n"
                + "  \"format\" : \"biaslab-classifier-validity\",\n"
                + "  \"labels\" : [ \"woman\", \"man\" ],\n"
                + "  \"version\" : 1\n"
                + "}\n";
        assertEquals(expected, record().toJson());
    }

    @Test
    void roundTripsThroughAFile(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("validity.json");
        record().write(f);
        byte[] first = Files.readAllBytes(f);
        ClassifierValidity back = ClassifierValidity.read(f);
        assertEquals(record(), back);
        // the order of labels and kinds survives, so the matrix is identical, not just equivalent
        assertEquals(List.of("woman", "man"), back.matrix().labels());
        assertEquals(List.of("uncertain", "no face"), back.matrix().abstentionKinds());
        back.write(f);
        assertArrayEquals(first, Files.readAllBytes(f));
        // metrics can be recomputed from the saved counts
        assertEquals(85 / 100.0, back.matrix().accuracy(0.95).value(), 1e-12);
    }

    /** Replaces one piece of the good JSON and returns the reader's message. */
    static String problem(String from, String to) {
        String json = record().toJson();
        assertTrue(json.contains(from), from);
        Path file = Path.of("runs", "v.json");
        ValidityFormatException e = assertThrows(ValidityFormatException.class,
                () -> ClassifierValidity.parse(file, json.replace(from, to)));
        assertTrue(e.getMessage().startsWith(file + ": "), e.getMessage());
        return e.getMessage().substring(file.toString().length() + 2);
    }

    @Test
    void readerErrorsNameFileFieldAndValue() {
        assertEquals("field 'confusion.man.woman' must be a count (integer >= 0), got -10",
                problem("\"woman\" : 10", "\"woman\" : -10"));
        assertEquals("field 'confusion.man.woman' must be a count (integer >= 0), got 10.5",
                problem("\"woman\" : 10", "\"woman\" : 10.5"));
        assertEquals("field 'confusion.man.woman' is missing (every cell is stored, zeros included)",
                problem(",\n      \"woman\" : 10", ""));
        assertEquals("field 'confusion.man.female': 'female' is neither a label [woman, man] nor an abstention kind "
                + "[uncertain, no face]", problem("\"woman\" : 10", "\"female\" : 10"));
        assertEquals("field 'confusion.girl': 'girl' is not one of the labels [woman, man]",
                problem("\"woman\" : {\n      \"man\" : 5", "\"girl\" : {\n      \"man\" : 5"));
        assertEquals("field 'format' must be 'biaslab-classifier-validity', got 'other'",
                problem("biaslab-classifier-validity", "other"));
        assertEquals("field 'version' must be 1, got 2", problem("\"version\" : 1", "\"version\" : 2"));
        assertEquals("field 'dataset' is missing", problem("\"dataset\" : \"utkface-test\",\n", ""));
        assertEquals("field 'dataset' must be a non-blank string, got 3", problem("\"utkface-test\"", "3"));
        assertEquals("field 'labels[1]' must be a non-blank string, got \"\"", problem("\"woman\", \"man\"", "\"woman\", \"\""));
        assertEquals("field 'classifier.modelFiles.gender.pt' must be a lower-case hex SHA-256 (64 digits), got \"abc\"",
                problem(SHA, "abc"));
        assertEquals("unknown field 'createdAt' (fields are [abstentionKinds, classifier, confusion, createdBy, dataset, "
                + "format, labels, version])", problem("\"createdBy\"", "\"createdAt\" : 1,\n  \"createdBy\""));
        assertEquals("unknown field 'classifier.name' (fields are [id, modelFiles])",
                problem("\"id\" :", "\"name\" : \"x\",\n    \"id\" :"));
        assertEquals("labels contains 'man' twice", problem("[ \"woman\", \"man\" ]", "[ \"woman\", \"man\", \"man\" ]"));
        assertTrue(problem("\"version\" : 1\n}", "\"version\" : 1\n").startsWith("not valid JSON: "));
        assertEquals("expected a JSON object at the top level", problem(record().toJson(), "[1]"));
    }

    @Test
    void missingFileIsAnIoErrorNamingIt(@TempDir Path dir) {
        Path f = dir.resolve("nope.json");
        NoSuchFileException e = assertThrows(NoSuchFileException.class, () -> ClassifierValidity.read(f));
        assertTrue(e.getMessage().contains("nope.json"), e.getMessage());
    }

    @Test
    void nonUtf8FileIsNamed(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("latin1.json");
        Files.write(f, new byte[] {'{', (byte) 0xE9, '}'});
        ValidityFormatException e = assertThrows(ValidityFormatException.class, () -> ClassifierValidity.read(f));
        assertEquals(f + ": not UTF-8 text", e.getMessage());
    }

    @Test
    void constructorChecksFields() {
        ConfusionMatrix m = record().matrix();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ClassifierValidity(" ", new TreeMap<>(), "d", "c", m));
        assertEquals("classifierId must be non-blank, got ' '", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new ClassifierValidity("x", new TreeMap<>(Map.of("f", "ABC")), "d", "c", m));
        assertEquals("modelFiles['f'] must be a lower-case hex SHA-256 (64 digits), got 'ABC'", e.getMessage());
        // a record without model files (a rule, or human annotators) is allowed
        String json = new ClassifierValidity("x", new TreeMap<>(), "d", "c", m).toJson();
        assertTrue(json.contains("\"modelFiles\" : { }"), json);
        assertEquals(json.getBytes(StandardCharsets.UTF_8).length, json.length());
    }
}
