package org.biaslab.metric.captioning;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.biaslab.caption.CaptionFiles;
import org.biaslab.caption.LabelledImage;
import org.biaslab.util.TestPaths;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the command pycocoevalcap runs ({@code java -cp stanford-corenlp-3.4.1.jar
 * edu.stanford.nlp.process.PTBTokenizer -preserveLines -lowerCase FILE}) in a child JVM and applies
 * pycocoevalcap's post-processing, written out here independently of {@link CocoTokenizer}; the
 * tokenizer must give the same words for every caption.
 */
class CocoTokenizerReferenceTest {
    private static final Set<String> PUNCT = Set.of(
            "''", "'", "``", "`", "-LRB-", "-RRB-", "-LCB-", "-RCB-", ".", "?", "!", ",", ":", "-", "--", "...", ";");

    @TempDir
    Path tmp;

    static List<String> tricky() {
        return List.of(
                "A man's dog, and \"the\" cat (big) -- 3\u00A01/2 cats... can't stop!",
                "U.S. flag at 5:30 p.m. costs $3.50 & e-mail http://x.com {x} [y]",
                "",
                "Café naïve \u2014 \u201cquoted\u201d \u2018single\u2019 über \uD83D\uDE00 emoji",
                "I'm gonna run--fast; ok?",
                "a group of people standing in front of  a t.v.",
                "A group of people in a room with remotes.",
                "Fruits, herbs (leeks, etc.)",
                "1 1/2 loaded hot dogs",
                "   leading and trailing spaces   ",
                "TWO  MEN\tRIDING\u00A0HORSES",
                "a sign that reads K.",
                "Another caption: with colon; semicolon! question? `backtick' ''quotes''",
                "ÉCOLE İstanbul straße ß Σισυφος",
                "<b>html</b> &amp; &lt; tags",
                "colour neighbour favourite",
                "It's 10:30 in the U.K. Dr. Smith's car.",
                "\u00BD cup and \u00BE pint, 3/4 in.",
                "word ".repeat(300));
    }

    @Test
    void equalsTheReferenceCommandLineOnTrickyCaptions() throws Exception {
        compare(tricky());
    }

    @Test
    void equalsTheReferenceCommandLineOnTheGenderSetsHumanCaptions() throws Exception {
        Path root = TestPaths.root();
        Path file = root.resolve("../shared/data/coco/coco_val2014_gender_set_10780.jsonl").normalize();
        Assumptions.assumeTrue(Files.isRegularFile(file), "../shared/data absent: skipping the real-caption check");
        List<String> captions = new ArrayList<>();
        for (LabelledImage img : CaptionFiles.readLabelledImages(file)) {
            captions.addAll(img.humanCaptions());
        }
        assertEquals(53_943, captions.size()); // 5 per image; 41 images have 6, one has 7
        compare(captions);
    }

    private void compare(List<String> captions) throws IOException, InterruptedException {
        List<List<String>> expected = reference(captions);
        List<List<String>> actual = new CocoTokenizer().tokenizeAll(captions);
        assertEquals(captions.size(), actual.size());
        for (int i = 0; i < captions.size(); i++) {
            assertEquals(expected.get(i), actual.get(i), "caption " + i + ": " + captions.get(i));
        }
    }

    /** pycocoevalcap's ptbtokenizer.py: one file, the CoreNLP command, then its per-line filter. */
    private List<List<String>> reference(List<String> captions) throws IOException, InterruptedException {
        List<String> lines = new ArrayList<>();
        for (String c : captions) {
            lines.add(c.replace('\n', ' '));
        }
        Path in = tmp.resolve("captions.txt");
        Files.writeString(in, String.join("\n", lines), StandardCharsets.UTF_8);
        String jar = CoreNlpJar.path().toString();
        Path outFile = tmp.resolve("tokens.txt");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", jar,
                "edu.stanford.nlp.process.PTBTokenizer", "-preserveLines", "-lowerCase", in.toString())
                .redirectOutput(outFile.toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        assertEquals(0, p.waitFor(), "reference tokenizer exit code");
        String[] out = Files.readString(outFile, StandardCharsets.UTF_8).split("\n", -1);
        List<List<String>> result = new ArrayList<>();
        for (int i = 0; i < captions.size(); i++) {
            String line = out[i].stripTrailing();
            StringBuilder kept = new StringBuilder();
            for (String w : line.split(" ", -1)) {
                if (!PUNCT.contains(w)) {
                    kept.append(w).append(' ');
                }
            }
            List<String> words = new ArrayList<>();
            // Python str.split(): CoreNLP's only non-ASCII white space in tokens is U+00A0
            for (String w : kept.toString().replace('\u00A0', ' ').trim().split(" +")) {
                if (!w.isEmpty()) {
                    words.add(w);
                }
            }
            result.add(words);
        }
        return result;
    }
}
