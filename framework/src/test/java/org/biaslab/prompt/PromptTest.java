package org.biaslab.prompt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class PromptTest {
    private final OccupationList list = new OccupationList("demo", List.of(
            new Occupation("engineer", "engineer", ""), new Occupation("nurse", "nurse", "")));
    private final PromptTemplate person = new PromptTemplate("person", "A person who works as {a} {occupation}");
    private final PromptTemplate face = new PromptTemplate("face", "a photo of the face of {a} {occupation}");

    @Test
    void expandsTemplatesOuterOccupationsInnerWithStableIds() {
        List<Prompt> prompts = Prompt.expand(list, List.of(person, face));
        assertEquals(List.of("demo.engineer.person", "demo.nurse.person", "demo.engineer.face", "demo.nurse.face"),
                prompts.stream().map(Prompt::id).toList());
        assertEquals(List.of("A person who works as an engineer", "A person who works as a nurse",
                "a photo of the face of an engineer", "a photo of the face of a nurse"),
                prompts.stream().map(Prompt::text).toList());
        // the same inputs give the same prompts
        assertEquals(prompts, Prompt.expand(list, List.of(person, face)));
    }

    @Test
    void duplicateTemplatesAndEmptyTemplateListAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> Prompt.expand(list, List.of(person, person)));
        assertThrows(IllegalArgumentException.class, () -> Prompt.expand(list, List.of()));
    }

    @Test
    void listRecordRejectsDuplicates() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new OccupationList("x", List.of(
                new Occupation("a", "nurse", ""), new Occupation("a", "doctor", ""))));
        assertEquals("list 'x': occupation id 'a' appears twice", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new OccupationList("x", List.of()));
        assertThrows(IllegalArgumentException.class, () -> new Prompt("x", "a.b", "t", "text"));
    }
}
