package org.biaslab.debias.lm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

class VocabularyTest {
    private static final List<List<String>> CORPUS = List.of(
            List.of("a", "man", "rides", "a", "horse", "."),
            List.of("a", "woman", "rides", "a", "bike", "."),
            List.of("the", "man", "holds", "a", "<mask>", "kite"),
            List.of("zebra"));

    @Test
    void specialsFirstThenCountDescendingThenWord() {
        Vocabulary v = Vocabulary.build(CORPUS, 1, 100);
        // a:5, .:2, man:2, rides:2, then count 1 in code-point order; "<mask>" is not counted
        assertEquals(List.of("<pad>", "<unk>", "<mask>", "<ev>", "a", ".", "man", "rides",
                "bike", "holds", "horse", "kite", "the", "woman", "zebra"), v.tokens());
        assertEquals(0, v.indexOf(Vocabulary.PAD));
        assertEquals(Vocabulary.MASK_INDEX, v.indexOf("<mask>"));
        assertEquals(Vocabulary.UNK_INDEX, v.indexOf("giraffe"));
        assertEquals(5, v.count(v.indexOf("a")));
        assertEquals(0, v.count(Vocabulary.EVIDENCE_INDEX));
        assertTrue(v.isWord("kite"));
        assertFalse(v.isWord("<unk>"));
        assertFalse(v.isWord("giraffe"));
        assertArrayEquals(new long[] {4, 6, 1}, v.encode(List.of("a", "man", "giraffe")));
    }

    @Test
    void minCountAndMaxWords() {
        Vocabulary v = Vocabulary.build(CORPUS, 2, 100);
        assertEquals(List.of("a", ".", "man", "rides"), v.tokens().subList(Vocabulary.SPECIALS, v.size()));
        Vocabulary top2 = Vocabulary.build(CORPUS, 1, 2);
        assertEquals(List.of("a", "."), top2.tokens().subList(Vocabulary.SPECIALS, top2.size()));
        assertEquals(2, top2.words());
    }

    @Test
    void orderDoesNotDependOnCorpusOrder() {
        List<List<String>> reversed = new ArrayList<>(CORPUS);
        java.util.Collections.reverse(reversed);
        assertEquals(Vocabulary.build(CORPUS, 1, 100), Vocabulary.build(reversed, 1, 100));
    }

    @Test
    void saveLoadRoundTrip(@TempDir Path dir) throws IOException {
        Vocabulary v = Vocabulary.build(CORPUS, 1, 100);
        Path file = dir.resolve("vocab.tsv");
        v.save(file);
        Vocabulary loaded = Vocabulary.load(file);
        assertEquals(v, loaded);
        assertEquals(v.tokens(), loaded.tokens());
        assertEquals(2, loaded.count(loaded.indexOf("man")));
    }

    @Test
    void loadRejectsTamperedFilesNamingTheLine(@TempDir Path dir) throws IOException {
        Vocabulary v = Vocabulary.build(CORPUS, 1, 100);
        Path file = dir.resolve("vocab.tsv");
        v.save(file);
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        // swap "man" (count 2) and "bike" (count 1): out of order
        List<String> swapped = new ArrayList<>(lines);
        int man = swapped.indexOf("man\t2");
        int bike = swapped.indexOf("bike\t1");
        swapped.set(man, "bike\t1");
        swapped.set(bike, "man\t2");
        Files.write(file, swapped, StandardCharsets.UTF_8);
        IOException e = assertThrows(IOException.class, () -> Vocabulary.load(file));
        // "bike 1" now follows ". 2" (fine); the next line, "rides 2", breaks the order
        assertTrue(e.getMessage().contains("line " + (man + 2) + ": 'rides'"), e.getMessage());

        List<String> badSpecial = new ArrayList<>(lines);
        badSpecial.set(2, "<oov>\t0");
        Files.write(file, badSpecial, StandardCharsets.UTF_8);
        e = assertThrows(IOException.class, () -> Vocabulary.load(file));
        assertTrue(e.getMessage().contains("line 3"), e.getMessage());

        List<String> duplicate = new ArrayList<>(lines);
        duplicate.add("a\t1");
        Files.write(file, duplicate, StandardCharsets.UTF_8);
        assertThrows(IOException.class, () -> Vocabulary.load(file));

        Files.writeString(file, "a\t5\n");
        e = assertThrows(IOException.class, () -> Vocabulary.load(file));
        assertTrue(e.getMessage().contains("line 1"), e.getMessage());
    }

    @Test
    void rejectsBadInput() {
        assertThrows(IllegalArgumentException.class, () -> Vocabulary.build(List.of(List.of("two words")), 1, 10));
        assertThrows(IllegalArgumentException.class, () -> Vocabulary.build(List.of(List.of("")), 1, 10));
        List<String> withNull = new ArrayList<>();
        withNull.add(null);
        assertThrows(IllegalArgumentException.class, () -> Vocabulary.build(List.of(withNull), 1, 10));
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> Vocabulary.build(CORPUS, 0, 10));
        assertTrue(e.getMessage().contains("minCount"), e.getMessage());
    }
}
