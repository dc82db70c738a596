package org.biaslab.prompt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OccupationListTest {
    @TempDir
    Path dir;

    private Path write(String name, String text) throws Exception {
        Path f = dir.resolve(name);
        Files.writeString(f, text);
        return f;
    }

    @Test
    void readsCommentsQuotesCrlfAndByteOrderMark() throws Exception {
        Path f = write("demo.csv", "\uFEFF# source: somewhere\r\nid,name,source\r\n\r\nchef,chef,a chef\r\n"
                + "# a comment between rows\r\nit_specialist,IT specialist,\"it_specialist, as \"\"quoted\"\"\"\r\n");
        OccupationList list = OccupationList.read(f);
        assertEquals("demo", list.id());
        assertEquals(List.of("chef", "it_specialist"), list.ids());
        assertEquals("it_specialist, as \"quoted\"", list.find("it_specialist").orElseThrow().source());
        assertEquals("IT specialist", list.occupations().get(1).name());
    }

    @Test
    void sourceColumnIsOptional() throws Exception {
        OccupationList list = OccupationList.read("x", write("x.csv", "id,name\nnurse,nurse\n"));
        assertEquals("", list.occupations().get(0).source());
    }

    @Test
    void badIdNamesLineAndField() throws Exception {
        Path f = write("l.csv", "# header comment\nid,name\nchef,chef\nTaxi Driver,taxi driver\n");
        PromptFileException e = assertThrows(PromptFileException.class, () -> OccupationList.read(f));
        assertEquals(4, e.line());
        assertEquals("id", e.field());
        assertEquals(f + ":4: field 'id': 'Taxi Driver' is not a valid id (" + Ids.RULE + ")", e.getMessage());
    }

    @Test
    void duplicateIdNamesBothLines() throws Exception {
        Path f = write("l.csv", "id,name\nchef,chef\ncook,cook\nchef,head chef\n");
        PromptFileException e = assertThrows(PromptFileException.class, () -> OccupationList.read(f));
        assertEquals(4, e.line());
        assertEquals("id", e.field());
        assertTrue(e.getMessage().contains("'chef' already used on line 2"), e.getMessage());
    }

    @Test
    void duplicateNameAndEmptyNameAreErrors() throws Exception {
        Path f = write("l.csv", "id,name\nchef,chef\nchef2,chef\n");
        PromptFileException e = assertThrows(PromptFileException.class, () -> OccupationList.read(f));
        assertEquals("name", e.field());
        assertEquals(3, e.line());
        Path g = write("m.csv", "id,name\nchef,\n");
        e = assertThrows(PromptFileException.class, () -> OccupationList.read(g));
        assertEquals("name", e.field());
        assertEquals(2, e.line());
        assertTrue(e.getMessage().endsWith("is empty"), e.getMessage());
        Path h = write("n.csv", "id,name\nchef, chef\n");
        e = assertThrows(PromptFileException.class, () -> OccupationList.read(h));
        assertTrue(e.getMessage().contains("white space"), e.getMessage());
    }

    @Test
    void wrongFieldCountAndBadQuotingNameTheLine() throws Exception {
        Path f = write("l.csv", "id,name\nchef,chef\ncook,cook,extra\n");
        PromptFileException e = assertThrows(PromptFileException.class, () -> OccupationList.read(f));
        assertEquals(3, e.line());
        assertNull(e.field());
        assertTrue(e.getMessage().contains("has 3 fields, the header (line 1) has 2"), e.getMessage());

        Path g = write("g.csv", "id,name\nchef,\"chef\n");
        e = assertThrows(PromptFileException.class, () -> OccupationList.read(g));
        assertEquals(2, e.line());
        assertTrue(e.getMessage().contains("is not closed"), e.getMessage());

        Path h = write("h.csv", "id,name\nchef,che\"f\n");
        e = assertThrows(PromptFileException.class, () -> OccupationList.read(h));
        assertTrue(e.getMessage().contains("quote inside an unquoted field at column 9"), e.getMessage());

        Path k = write("k.csv", "id,name\nchef,\"chef\"x\n");
        e = assertThrows(PromptFileException.class, () -> OccupationList.read(k));
        assertTrue(e.getMessage().contains("text after the closing quote at column 12"), e.getMessage());
    }

    @Test
    void headerProblems() throws Exception {
        Path f = write("l.csv", "# only a comment\nid,label\nchef,chef\n");
        PromptFileException e = assertThrows(PromptFileException.class, () -> OccupationList.read(f));
        assertEquals(2, e.line());
        assertEquals("label", e.field());
        assertTrue(e.getMessage().contains("unknown column"), e.getMessage());

        Path g = write("g.csv", "id\nchef\n");
        e = assertThrows(PromptFileException.class, () -> OccupationList.read(g));
        assertEquals("name", e.field());
        assertTrue(e.getMessage().contains("missing from the header"), e.getMessage());

        Path h = write("h.csv", "# nothing but comments\n");
        e = assertThrows(PromptFileException.class, () -> OccupationList.read(h));
        assertEquals(0, e.line());
        assertTrue(e.getMessage().contains("no header line"), e.getMessage());

        Path empty = write("e.csv", "id,name\n");
        e = assertThrows(PromptFileException.class, () -> OccupationList.read(empty));
        assertTrue(e.getMessage().contains("holds no occupations"), e.getMessage());

        e = assertThrows(PromptFileException.class, () -> OccupationList.read(dir.resolve("absent.csv")));
        assertTrue(e.getMessage().endsWith("file not found"), e.getMessage());
    }

    @Test
    void fileNameMustGiveAValidListId() throws Exception {
        Path f = write("My List.csv", "id,name\nchef,chef\n");
        PromptFileException e = assertThrows(PromptFileException.class, () -> OccupationList.read(f));
        assertTrue(e.getMessage().contains("list id 'My List'"), e.getMessage());
    }
}
