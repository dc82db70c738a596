package org.biaslab.prompt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PromptTemplateTest {
    @TempDir
    Path dir;

    @Test
    void rendersOccupationAndArticle() {
        PromptTemplate t = new PromptTemplate("heim-face", "a photo of the face of {a} {occupation}");
        assertEquals("a photo of the face of a chef", t.render(new Occupation("chef", "chef", "")));
        assertEquals("a photo of the face of an IT specialist", t.render("IT specialist"));
        assertEquals("a photo of the face of a CEO", t.render("CEO"));
    }

    @Test
    void capitalArticleAndArticleBeforeFixedWords() {
        PromptTemplate t = new PromptTemplate("t", "{A} {occupation} at work");
        assertEquals("An engineer at work", t.render("engineer"));
        assertEquals("A nurse at work", t.render("nurse"));
        PromptTemplate adj = new PromptTemplate("t2", "Photo portrait of {a} honest {occupation}");
        assertEquals("Photo portrait of an honest baker", adj.render("baker"));
    }

    @Test
    void rejectsBadTemplates() {
        assertMessage("unknown placeholder {job}", () -> new PromptTemplate("t", "a {job}"));
        assertMessage("must appear exactly once, found 0", () -> new PromptTemplate("t", "a photo of a person"));
        assertMessage("must appear exactly once, found 2", () -> new PromptTemplate("t", "{occupation} and {occupation}"));
        assertMessage("must be followed by one space", () -> new PromptTemplate("t", "{occupation} is {a}"));
        assertMessage("must be followed by one space", () -> new PromptTemplate("t", "{a}{occupation}"));
        assertMessage("is not closed", () -> new PromptTemplate("t", "a {occupation"));
        assertMessage("'}' without '{'", () -> new PromptTemplate("t", "a occupation} {occupation}"));
        assertMessage("not a valid id", () -> new PromptTemplate("Heim Face", "{occupation}"));
    }

    @Test
    void namesWithBracesAreRefused() {
        PromptTemplate t = new PromptTemplate("t", "{a} {occupation}");
        assertMessage("braces", () -> t.render("{a} chef"));
    }

    @Test
    void readsFileAndNamesLineAndFieldOfABadTemplate() throws Exception {
        Path f = dir.resolve("templates.csv");
        Files.writeString(f, "# comment\nid,template,source\nok,\"Photo portrait of {a} {occupation}\",\"x, y\"\n");
        List<PromptTemplate> all = PromptTemplate.readAll(f);
        assertEquals(1, all.size());
        assertEquals("x, y", all.get(0).source());

        Files.writeString(f, "id,template\nok,{a} {occupation}\nbad,a photo of {person}\n");
        PromptFileException e = assertThrows(PromptFileException.class, () -> PromptTemplate.readAll(f));
        assertEquals(3, e.line());
        assertEquals("template", e.field());
        assertTrue(e.getMessage().startsWith(f + ":3: field 'template': "), e.getMessage());
        assertTrue(e.getMessage().contains("{person}"), e.getMessage());

        Files.writeString(f, "id,template\nsame,{a} {occupation}\nsame,the {occupation}\n");
        e = assertThrows(PromptFileException.class, () -> PromptTemplate.readAll(f));
        assertEquals(3, e.line());
        assertEquals("id", e.field());
        assertTrue(e.getMessage().contains("already used on line 2"), e.getMessage());
    }

    private static void assertMessage(String part, org.junit.jupiter.api.function.Executable x) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, x);
        assertTrue(e.getMessage().contains(part), "expected '" + part + "' in: " + e.getMessage());
    }
}
