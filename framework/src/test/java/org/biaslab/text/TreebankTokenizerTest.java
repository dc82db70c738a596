package org.biaslab.text;

import static org.junit.jupiter.api.Assertions.assertEquals;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.biaslab.caption.CaptionFiles;
import org.biaslab.caption.LabelledImage;
import org.biaslab.caption.ModelCaption;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** Expected outputs are NLTK's {@code word_tokenize} results (NLTK documentation and doctests). */
class TreebankTokenizerTest {
    private final Tokenizer tok = new TreebankTokenizer();

    @Test
    void nltkDocumentationExample() {
        String s = "Good muffins cost $3.88\nin New York.  Please buy me\ntwo of them.\nThanks.";
        assertEquals(List.of("Good", "muffins", "cost", "$", "3.88", "in", "New", "York", ".", "Please", "buy", "me",
                "two", "of", "them", ".", "Thanks", "."), tok.tokenize(s));
    }

    @Test
    void nltkTreebankDoctest() {
        String s = "They'll save and invest more.";
        assertEquals(List.of("They", "'ll", "save", "and", "invest", "more", "."), tok.tokenize(s));
        assertEquals(List.of("hi", ",", "my", "name", "ca", "n't", "hello", ","), tok.tokenize("hi, my name can't hello,"));
    }

    @Test
    void captionsSplitPossessivesPunctuationAndNumbers() {
        assertEquals(List.of("a", "man", "'s", "dog", "on", "a", "1,000", "ft", "hill", "."),
                tok.tokenize("a man's dog on a 1,000 ft hill."));
        assertEquals(List.of("a", "woman", ",", "holding", "an", "umbrella", "(", "red", ")", "!"),
                tok.tokenize("a woman, holding an umbrella (red)!"));
        assertEquals(List.of("``", "stop", "''", "sign"), tok.tokenize("\"stop\" sign"));
        assertEquals(List.of("i", "can", "not", "go"), tok.tokenize("i cannot go"));
    }

    @Test
    void sentencesSplitButNotAfterAbbreviationsOrInitials() {
        assertEquals(List.of("a", "dog", ".", "a", "cat", "."), tok.tokenize("a dog. a cat."));
        assertEquals(List.of("mr.", "smith", "runs", "."), tok.tokenize("mr. smith runs."));
        assertEquals(List.of("the", "u.s.", "flag"), tok.tokenize("the u.s. flag"));
        assertEquals(List.of("a", "b.", "c", "d", "!", "e"), tok.tokenize("a b. c d! e"));
    }

    @Test
    void emptyAndWhitespace() {
        assertEquals(List.of(), tok.tokenize(""));
        assertEquals(List.of(), tok.tokenize("   \t "));
        assertEquals(List.of("a", "b"), tok.tokenize(" a\u00a0b "));
    }

    /** The plain-text shortcut gives what the rules give, and steps aside for everything else. */
    @Test
    void plainTextShortcutAgreesWithTheRules() {
        List<String> plain = List.of("", " ", "a", ".", "a.", "a .", "a man riding a wave.", "A Man Riding 2 waves",
                "  two  dogs   on a bed ", "the 1990s room", "Woman On A Bench.", "x.");
        for (String t : plain) {
            assertNotNull(TreebankTokenizer.plainWords(t), t);
            assertEquals(TreebankTokenizer.rules(t), TreebankTokenizer.plainWords(t), t);
        }
        List<String> notPlain = List.of("a dog. a cat", "a man's dog", "a, b", "a dog..", "a dog!", "i cannot go",
                "I CANNOT go", "gonna go", "tab\tbetween", "caf\u00e9", "a-b", "a dog. ", "(a)", "a\u00a0b", "q?",
                "wanna", "Gimme that", "lemme see", "gotta go");
        for (String t : notPlain) {
            assertNull(TreebankTokenizer.plainWords(t), t);
        }
    }

    /** On every caption of the released LIC data (human and model, as the study tokenizes them). */
    @Test
    void plainTextShortcutAgreesOnTheReleasedCaptions() throws Exception {
        Path root = Path.of(System.getProperty("biaslab.root", "..")).toAbsolutePath().normalize();
        Path data = root.resolve("../shared/data").normalize();
        Assumptions.assumeTrue(Files.isDirectory(data.resolve("lic-captions")),
                "../shared/data absent: skipping the released-caption check");
        List<String> texts = new ArrayList<>();
        for (LabelledImage i : CaptionFiles.readLabelledImages(data.resolve("coco/coco_val2014_gender_set_10780.jsonl"))) {
            for (String c : i.humanCaptions()) {
                texts.add(c.toLowerCase(Locale.ROOT));
                texts.add(c);
            }
        }
        for (String f : List.of("Show-Attend-Tell/gender_val_sat_cap_mw_entries.pkl",
                "Woman-Snowboard/gender_val_snowboard_cap_mw_entries.pkl")) {
            for (ModelCaption c : CaptionFiles.readLicPickle(data.resolve("lic-captions").resolve(f))) {
                texts.add(c.caption());
            }
        }
        int plain = 0;
        for (String t : texts) {
            List<String> p = TreebankTokenizer.plainWords(t);
            if (p != null) {
                plain++;
                assertEquals(TreebankTokenizer.rules(t), p, t);
            }
        }
        assertTrue(plain > texts.size() / 2, plain + " of " + texts.size() + " captions plain");
    }
}
