package org.biaslab.captioner.detections;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.biaslab.captioner.detections.TemplateGrammar.Found;
import org.biaslab.metric.ImageCaptionBias;
import org.biaslab.perceive.objects.ObjectDetector;
import org.biaslab.text.CaptionGender;
import org.junit.jupiter.api.Test;

/** The template grammar by hand: every person-phrase case, object choice and order, sentence forms, the table. */
class TemplateGrammarTest {
    private static final TemplateGrammar G = TemplateGrammar.bundled();
    private static final String W = "woman";
    private static final String M = "man";
    private static final String U = "uncertain";

    private static Found f(String label, double score) {
        return new Found(label, score);
    }

    private static List<Found> persons(int n) {
        List<Found> out = new ArrayList<>();
        for (int i = 0; i < n; i++) out.add(f("person", 0.9 - 0.1 * i));
        return out;
    }

    @Test
    void personPhraseForEachCase() {
        assertEquals("", TemplateGrammar.personPhrase(List.of(), 0));
        // one person: the face's decided gender, else "a person"
        assertEquals("a woman", TemplateGrammar.personPhrase(List.of(W), 0));
        assertEquals("a woman", TemplateGrammar.personPhrase(List.of(W), 1));
        assertEquals("a man", TemplateGrammar.personPhrase(List.of(M), 1));
        assertEquals("a person", TemplateGrammar.personPhrase(List.of(U), 1), "uncertain gives no gender");
        assertEquals("a person", TemplateGrammar.personPhrase(List.of(U), 0));
        assertEquals("a person", TemplateGrammar.personPhrase(List.of(), 1), "a person detected, no face readable");
        // two people: gendered only when both faces were found and decided
        assertEquals("two women", TemplateGrammar.personPhrase(List.of(W, W), 2));
        assertEquals("two men", TemplateGrammar.personPhrase(List.of(M, M), 0));
        assertEquals("a woman and a man", TemplateGrammar.personPhrase(List.of(M, W), 1));
        assertEquals("a woman and a man", TemplateGrammar.personPhrase(List.of(W, M), 2));
        assertEquals("two people", TemplateGrammar.personPhrase(List.of(W, U), 2));
        assertEquals("two people", TemplateGrammar.personPhrase(List.of(U, U), 0));
        assertEquals("two people", TemplateGrammar.personPhrase(List.of(W), 2), "one face of two people");
        assertEquals("two people", TemplateGrammar.personPhrase(List.of(), 2));
        // three or more, by faces or by person detections
        assertEquals("a group of people", TemplateGrammar.personPhrase(List.of(W, W, W), 0));
        assertEquals("a group of people", TemplateGrammar.personPhrase(List.of(M), 3));
        assertEquals("a group of people", TemplateGrammar.personPhrase(List.of(), 7));
        assertThrows(IllegalArgumentException.class, () -> TemplateGrammar.personPhrase(List.of("no face"), 0));
        assertThrows(IllegalArgumentException.class, () -> TemplateGrammar.personPhrase(List.of(), -1));
    }

    @Test
    void sentencesWithAndWithoutPeopleAndObjects() {
        List<Found> desk = new ArrayList<>(persons(1));
        desk.add(f("laptop", 0.8));
        desk.add(f("dining table", 0.5));
        assertEquals("a woman with a laptop at a dining table", G.caption(List.of(W), desk, 2).text());
        assertEquals("a man with a laptop", G.caption(List.of(M), desk, 1).text());
        assertEquals("a person with a laptop at a dining table", G.caption(List.of(U), desk, 3).text());
        assertEquals("a person with a laptop at a dining table", G.caption(List.of(), desk, 3).text());
        // grouped by preposition in the order prepositions first occur; lists joined with commas and "and"
        List<Found> kitchen = List.of(f("dining table", 0.9), f("cup", 0.7), f("laptop", 0.8));
        assertEquals("two women at a dining table with a laptop and a cup",
                G.caption(List.of(W, W), kitchen, 3).text());
        assertEquals("a group of people with a bottle, a cup and a wine glass", G.caption(List.of(), List.of(
                f("person", 0.6), f("person", 0.5), f("person", 0.4), f("bottle", 0.3), f("cup", 0.3),
                f("wine glass", 0.3)), 3).text());
        assertEquals("a woman and a man on a bench next to a car and a bus", G.caption(List.of(M, W), List.of(
                f("bench", 0.7), f("car", 0.6), f("bus", 0.5)), 3).text());
        // no person: a scene with the objects, no preposition to a person
        assertEquals("a scene with a car", G.caption(List.of(), List.of(f("car", 0.5)), 2).text());
        assertEquals("a scene with an umbrella and skis",
                G.caption(List.of(), List.of(f("skis", 0.3), f("umbrella", 0.6)), 2).text());
        assertEquals("a scene with a car, a bus and a truck", G.caption(List.of(), List.of(f("truck", 0.3),
                f("car", 0.9), f("bus", 0.4)), 3).text());
        // a person alone, and nothing at all
        assertEquals("a woman", G.caption(List.of(W), List.of(), 2).text());
        assertEquals("two people", G.caption(List.of(), persons(2), 2).text());
        TemplateGrammar.Caption none = G.caption(List.of(), List.of(), 2);
        assertEquals(TemplateGrammar.NOTHING, none.text());
        assertEquals(0, none.people());
        assertEquals("", none.personPhrase());
        TemplateGrammar.Caption c = G.caption(List.of(W), List.of(f("person", 0.4), f("person", 0.3), f("cup", 0.5)), 2);
        assertEquals("two people with a cup", c.text());
        assertEquals(2, c.people());
        assertEquals(List.of(f("cup", 0.5)), c.objects());
    }

    @Test
    void objectsAreTheBestPerClassByScoreThenLabelWhateverTheInputOrder() {
        List<Found> in = new ArrayList<>(List.of(f("cup", 0.3), f("person", 0.99), f("cup", 0.6), f("bottle", 0.5),
                f("laptop", 0.5), f("book", 0.5), f("tv", 0.2)));
        List<Found> expected = List.of(f("cup", 0.6), f("book", 0.5), f("bottle", 0.5));
        Random rnd = new Random(7);
        for (int i = 0; i < 20; i++) {
            Collections.shuffle(in, rnd);
            assertEquals(expected, G.objects(in, 3), in.toString());
            assertEquals(expected.subList(0, 2), G.objects(in, 2));
            assertEquals("a man with a cup, a book and a bottle", G.caption(List.of(M), in, 3).text());
        }
        // ties broken by label alone: equal scores give alphabetical order
        assertEquals(List.of(f("apple", 0.4), f("banana", 0.4)), G.objects(List.of(f("carrot", 0.4),
                f("banana", 0.4), f("apple", 0.4)), 2));
        assertThrows(IllegalArgumentException.class, () -> G.objects(List.of(), 0));
        assertThrows(IllegalArgumentException.class, () -> G.objects(List.of(), 4));
        assertThrows(IllegalArgumentException.class, () -> G.objects(List.of(f("unicorn", 0.9)), 2));
    }

    @Test
    void theTableCoversEveryNonPersonCocoClassWithArticlesThatAgree() {
        Set<String> labels = new java.util.LinkedHashSet<>(ObjectDetector.labels());
        assertEquals(80, labels.size());
        labels.remove("person");
        assertEquals(labels, G.phrases().keySet());
        for (TemplateGrammar.Phrase p : G.phrases().values()) {
            assertTrue(TemplateGrammar.PREPOSITIONS.contains(p.preposition()), p.toString());
            String[] w = p.noun().split(" ");
            if (w[0].equals("a") || w[0].equals("an")) {
                boolean vowel = "aeiou".indexOf(w[1].charAt(0)) >= 0;
                assertEquals(vowel ? "an" : "a", w[0], p.toString());
            } else {
                // no article: plural or mass nouns only
                assertTrue(Set.of("skis", "broccoli", "scissors").contains(p.noun()), p.toString());
            }
            assertTrue(p.noun().endsWith(p.label().equals("skis") || p.label().equals("scissors")
                    || p.label().equals("broccoli") ? p.label() : " " + p.label()), "the noun names the class: " + p);
        }
        assertEquals(64, G.sha256().length());
    }

    @Test
    void genderWordsComeOnlyFromThePersonPhrase() {
        CaptionGender.Lexicon lex = CaptionGender.Lexicon.libra();
        for (TemplateGrammar.Phrase p : G.phrases().values()) {
            for (String t : ImageCaptionBias.tokens("x " + p.preposition() + " " + p.noun())) {
                assertFalse(lex.masculine().contains(t) || lex.feminine().contains(t) || lex.neutral().contains(t),
                        p + " holds the gender or person word '" + t + "'");
            }
        }
        List<Found> objects = List.of(f("laptop", 0.5), f("dining table", 0.4));
        assertEquals(CaptionGender.FEMALE, gender(G.caption(List.of(W), objects, 2).text(), lex));
        assertEquals(CaptionGender.MALE, gender(G.caption(List.of(M), objects, 2).text(), lex));
        assertEquals(CaptionGender.NEUTRAL, gender(G.caption(List.of(U), objects, 2).text(), lex));
        assertEquals(CaptionGender.BOTH, gender(G.caption(List.of(W, M), objects, 2).text(), lex));
        assertEquals(CaptionGender.FEMALE, gender(G.caption(List.of(W, W), objects, 2).text(), lex));
        assertEquals(CaptionGender.NEUTRAL, gender(G.caption(List.of(), persons(5), 2).text(), lex));
        assertEquals(CaptionGender.NONE, gender(G.caption(List.of(), objects, 2).text(), lex));
        assertEquals(CaptionGender.NONE, gender(TemplateGrammar.NOTHING, lex), "no person, no person word");
    }

    private static CaptionGender gender(String caption, CaptionGender.Lexicon lex) {
        return CaptionGender.of(ImageCaptionBias.tokens(caption), lex);
    }

    @Test
    void badTablesAreRefusedNamingTheLine() {
        List<String> labels = List.of("person", "cup", "laptop");
        assertEquals(2, TemplateGrammar.parse("# c\ncup | with | a cup\n\nlaptop | with | a laptop\n", labels)
                .phrases().size());
        String[][] bad = {
            {"cup | with | a cup\n", "no phrase for [laptop]"},
            {"cup | with | a cup\ncup | with | a mug\nlaptop | with | a laptop\n", ":2: 'cup' is given twice"},
            {"cup | with | a cup\nlaptop | under | a laptop\n", ":2: preposition 'under'"},
            {"cup | with\n", ":1: expected 'label | preposition | noun phrase'"},
            {"cup | with | A Cup\n", ":1: noun phrase 'A Cup'"},
            {"person | with | a person\n", ":1: 'person' is not a non-person COCO label"},
            {"mug | with | a mug\n", ":1: 'mug' is not"},
        };
        for (String[] b : bad) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> TemplateGrammar.parse(b[0], labels), b[1]);
            assertTrue(e.getMessage().contains(b[1]), e.getMessage());
        }
    }
}
