package org.biaslab.caption;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The labelled-images reader takes the common lines with the streaming parser and every other line
 * as a tree: both must give what the tree gave for every line, and the same errors.
 */
class CaptionFilesTest {
    @TempDir
    Path dir;

    private Path file(String... lines) throws Exception {
        Path f = dir.resolve("labels.jsonl");
        Files.writeString(f, String.join("\n", lines) + "\n");
        return f;
    }

    @Test
    void everyKindOfLineGivesWhatTheTreeGave() throws Exception {
        List<LabelledImage> got = CaptionFiles.readLabelledImages(file(
                "{\"img_id\": 1, \"gender\": \"Female\", \"bb_skin\": \"Light\", \"split\": \"train\", "
                        + "\"human_captions\": [\"a\", \"b\"]}",
                "{\"img_id\": 2, \"gender\": null, \"bb_gender\": \"Male\", \"human_captions\": [\"c\"], "
                        + "\"extra\": {\"x\": [1, {\"y\": 2}]}, \"ratio\": \"[0.5]\"}",
                "",
                "{\"img_id\": 3.0, \"human_captions\": [\"d\"]}",
                "{\"img_id\": 4, \"bb_gender\": \"Female\", \"bb_gender\": \"Male\", \"human_captions\": [\"e\"]}",
                "{\"img_id\": 5, \"gender\": 7, \"bb_skin\": null, \"human_captions\": [\"f\"]}",
                "{\"human_captions\": [\"g\", \"caf\\u00e9\"], \"img_id\": 6} trailing",
                "{\"img_id\": -7, \"bb_gender\": \"Female\", \"bb_skin\": \"Dark\", \"human_captions\": [\"h\"]}",
                "{\"img_id\": 11, \"bb_gender\": \"Female\", \"gender\": \"Male\", \"human_captions\": [\"i\"]}",
                "{\"img_id\": 12, \"human_captions\": [\"j\"], \"meta\": {\"gender\": \"Female\"}, \"n\": [[1], {}]}"));
        assertEquals(List.of(
                new LabelledImage(1, "Female", "Light", List.of("a", "b")),
                new LabelledImage(2, "Male", "", List.of("c")),
                new LabelledImage(3, "", "", List.of("d")),
                new LabelledImage(4, "Male", "", List.of("e")), // the last of a repeated key, as the tree
                new LabelledImage(5, "7", "", List.of("f")),
                new LabelledImage(6, "", "", List.of("g", "caf\u00e9")),
                new LabelledImage(-7, "Female", "Dark", List.of("h")),
                new LabelledImage(11, "Male", "", List.of("i")), // gender before bb_gender
                new LabelledImage(12, "", "", List.of("j"))), got); // a nested object's fields are not the line's
    }

    private String error(String... lines) throws Exception {
        Path f = file(lines);
        return assertThrows(CaptionFormatException.class, () -> CaptionFiles.readLabelledImages(f)).getMessage();
    }

    @Test
    void badLinesAreNamedAsBefore() throws Exception {
        String ok = "{\"img_id\": 1, \"gender\": \"Female\", \"human_captions\": [\"a\"]}";
        assertTrue(error(ok, "{\"img_id\": 7, \"human_captions\": []}")
                .endsWith("labels.jsonl: line 2 (img_id 7): missing or empty list human_captions"));
        assertTrue(error("{\"img_id\": 8, \"human_captions\": [\"x\", 5]}")
                .endsWith("labels.jsonl: line 1: human_captions holds a non-string 5"));
        assertTrue(error("{\"img_id\": \"9\", \"human_captions\": [\"x\"]}")
                .endsWith("labels.jsonl: line 1: missing integer field img_id"));
        assertTrue(error(ok, "{\"img_id\": 10,").contains("labels.jsonl: line 2: malformed JSON"));
        assertTrue(error("[1, 2]").endsWith("labels.jsonl: line 1: expected a JSON object"));
        assertTrue(error(ok, ok).endsWith("labels.jsonl: line 2: img_id 1 appears twice"));
        assertTrue(error(ok, "{\"img_id\": 1.0, \"human_captions\": [\"y\"]}")
                .endsWith("labels.jsonl: line 2: img_id 1 appears twice"));
    }
}
