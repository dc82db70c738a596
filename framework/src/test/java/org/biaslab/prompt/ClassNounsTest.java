package org.biaslab.prompt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shipped COCO class nouns and how captions are matched against them, checked by hand. */
class ClassNounsTest {
    @TempDir
    Path dir;

    static ClassNouns shipped() throws Exception {
        return new PromptLibrary(ShippedPromptsTest.root().resolve("prompts")).classNouns();
    }

    @Test
    void shippedTableCoversTheDetectorsEightyLabels() throws Exception {
        ClassNouns n = shipped();
        List<String> labels = new java.io.BufferedReader(new java.io.InputStreamReader(
                org.biaslab.perceive.objects.ObjectDetector.class.getResourceAsStream("coco-labels.txt"),
                java.nio.charset.StandardCharsets.UTF_8)).lines().filter(l -> !l.isBlank() && !l.startsWith("#"))
                .toList();
        assertEquals(80, labels.size());
        assertEquals(labels, n.classes(), "one row per detector label, in the detector's order");
    }

    @Test
    void matchesWordsPluralsAndTwoWordPhrases() throws Exception {
        ClassNouns n = shipped();
        assertEquals(Set.of("dining table", "laptop"), n.classesIn("Two men sitting at a desk with laptops."));
        assertEquals(Set.of("bus", "motorcycle"), n.classesIn("Buses and a motor bike on the street"));
        assertEquals(Set.of("bus"), n.classesIn("a bus"), "'bus' as written, though CHAIR's rule makes it 'bu'");
        assertEquals(Set.of("teddy bear", "bed"), n.classesIn("Two TEDDY BEARS on a bed"));
        assertEquals(Set.of("tie"), n.classesIn("men in ties"), "ties -> tie (final -s dropped)");
        assertEquals(Set.of("knife", "fork"), n.classesIn("knives and forks"));
        assertEquals(Set.of("cell phone", "person"), n.classesIn("a woman talks on her cell phone"));
        assertEquals(Set.of("wine glass"), n.classesIn("two wine glasses"), "the phrase, not 'glass'");
        assertEquals(Set.of(), n.classesIn("A smiling face in the sun."));
        assertTrue(n.classesIn("a man and a woman").contains("person"), "person is in the table; the metric drops it");
    }

    @Test
    void seatIsNotAChairNextToAToilet() throws Exception {
        ClassNouns n = shipped();
        assertEquals(Set.of("toilet"), n.classesIn("a toilet with the seat up"));
        assertEquals(Set.of("chair"), n.classesIn("a man in a seat on the train")
                .stream().filter(c -> !c.equals("train") && !c.equals("person"))
                .collect(java.util.stream.Collectors.toSet()));
    }

    @Test
    void singularFollowsChairsFallbackRule() {
        assertEquals("puppy", ClassNouns.singular("puppies"));
        assertEquals("key", ClassNouns.singular("keys"));
        assertEquals("box", ClassNouns.singular("boxes"));
        assertEquals("bench", ClassNouns.singular("benches"));
        assertEquals("glass", ClassNouns.singular("glass"));
        assertEquals("car", ClassNouns.singular("cars"));
    }

    @Test
    void aNounUnderTwoClassesIsRefusedWithFileAndLine() throws Exception {
        Path f = dir.resolve("nouns.csv");
        Files.writeString(f, "# c\nclass,nouns\ncup,cup;mug\nvase,vase;mug\n");
        PromptFileException e = assertThrows(PromptFileException.class, () -> ClassNouns.read(f));
        assertEquals(4, e.line());
        assertEquals("nouns", e.field());
        assertTrue(e.getMessage().contains("'mug' is also a noun of class 'cup'"), e.getMessage());
        Files.writeString(f, "class,nouns\ncup,cup;coffee mug holder\n");
        e = assertThrows(PromptFileException.class, () -> ClassNouns.read(f));
        assertTrue(e.getMessage().contains("'coffee mug holder'"), e.getMessage());
    }
}
