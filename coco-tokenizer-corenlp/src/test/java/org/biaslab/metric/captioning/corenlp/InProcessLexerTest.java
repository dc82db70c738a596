package org.biaslab.metric.captioning.corenlp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.biaslab.caption.CaptionFiles;
import org.biaslab.caption.LabelledImage;
import org.biaslab.caption.ModelCaption;
import org.biaslab.metric.captioning.Bleu;
import org.biaslab.metric.captioning.CaptionQuality;
import org.biaslab.metric.captioning.CaptionQualityResult;
import org.biaslab.metric.captioning.CiderD;
import org.biaslab.metric.captioning.CocoTokenizer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * CoreNLP in this JVM (how biaslab tokenized before CoreNLP left its runtime classpath) and
 * biaslab's default, the same CoreNLP release as a child process, give the same words and the same
 * scores to the last bit.
 */
class InProcessLexerTest {
    private static final CocoTokenizer IN_PROCESS = new CocoTokenizer(new InProcessLexer());
    private static final CocoTokenizer CHILD = new CocoTokenizer();

    private static Path data() {
        String r = System.getProperty("biaslab.root");
        Path root = r != null ? Path.of(r) : Path.of("").toAbsolutePath().getParent();
        return root.resolve("../shared/data").normalize();
    }

    @Test
    void sameWordsOnTrickyCaptions() {
        List<String> captions = List.of(
                "A man's dog, and \"the\" cat (big) -- 3\u00A01/2 cats... can't stop!",
                "U.S. flag at 5:30 p.m. costs $3.50 & e-mail http://x.com {x} [y]", "",
                "Café naïve \u2014 \u201cquoted\u201d über \uD83D\uDE00 emoji",
                "a group of people standing in front of  a t.v.", "A group of people in a room with remotes.",
                "1 1/2 loaded hot dogs", "   leading and trailing spaces   ", "TWO  MEN\tRIDING\u00A0HORSES",
                "line\nbreak and\rcarriage", "It's 10:30 in the U.K. Dr. Smith's car.");
        assertEquals(CHILD.tokenizeAll(captions), IN_PROCESS.tokenizeAll(captions));
    }

    @Test
    void sameWordsOnTheGenderSetsHumanCaptions() throws Exception {
        Path set = data().resolve("coco/coco_val2014_gender_set_10780.jsonl");
        Assumptions.assumeTrue(Files.isRegularFile(set), "../shared/data absent: skipping the real-caption check");
        List<String> captions = new ArrayList<>();
        for (LabelledImage img : CaptionFiles.readLabelledImages(set)) {
            captions.addAll(img.humanCaptions());
        }
        assertEquals(53_943, captions.size());
        assertEquals(CHILD.tokenizeAll(captions), IN_PROCESS.tokenizeAll(captions));
    }

    /**
     * The four LIC model files: the default tokenizer (CoreNLP as a child process, off biaslab's
     * classpath) and CoreNLP in this JVM (how biaslab scored before) give the same BLEU-1..4 and
     * CIDEr-D to the last bit, per image too.
     */
    @Test
    void theFourModelsScoreTheSameWithCoreNlpInOrOutOfProcess() throws Exception {
        Path data = data();
        Path set = data.resolve("coco/coco_val2014_gender_set_10780.jsonl");
        Assumptions.assumeTrue(Files.isRegularFile(set), "../shared/data absent: skipping the real-caption check");
        Map<Long, List<String>> refs = new HashMap<>();
        for (LabelledImage img : CaptionFiles.readLabelledImages(set)) {
            refs.put(img.imageId(), img.humanCaptions());
        }
        String[][] models = {
            {"Show-Attend-Tell", "gender_val_sat_cap_mw_entries.pkl"}, {"Att2in_FC", "gender_val_fc_cap_mw_entries.pkl"},
            {"Transformer", "gender_val_transformer_cap_mw_entries.pkl"},
            {"Woman-Snowboard", "gender_val_snowboard_cap_mw_entries.pkl"}};
        List<Map<Long, String>> sets = new ArrayList<>();
        for (String[] m : models) {
            Path pkl = data.resolve("lic-captions").resolve(m[0]).resolve(m[1]);
            Assumptions.assumeTrue(Files.isRegularFile(pkl), pkl + " absent");
            Map<Long, String> candidates = new LinkedHashMap<>();
            for (ModelCaption c : CaptionFiles.readLicPickle(pkl)) {
                candidates.put(c.imageId(), c.caption());
            }
            sets.add(candidates);
        }
        for (Map<Long, String> candidates : sets) {
            CaptionQualityResult child = new CaptionQuality().evaluate(candidates, refs);
            CaptionQualityResult in = new CaptionQuality(IN_PROCESS, new Bleu(), new CiderD())
                    .evaluate(candidates, refs);
            for (int n = 1; n <= 4; n++) {
                assertEquals(in.bleu().corpus(n), child.bleu().corpus(n), 0.0, "BLEU-" + n);
            }
            assertEquals(in.ciderDScore(), child.ciderDScore(), 0.0, "CIDEr-D");
            assertEquals(in.ciderD().perImage(), child.ciderD().perImage());
            System.out.printf(java.util.Locale.ROOT, "%d images: BLEU-4 %.17g, CIDEr-D %.17g%n", child.n(),
                    child.bleu().corpus(4), child.ciderDScore());
        }
    }
}
