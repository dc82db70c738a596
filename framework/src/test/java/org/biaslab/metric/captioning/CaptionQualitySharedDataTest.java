package org.biaslab.metric.captioning;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.biaslab.caption.CaptionFiles;
import org.biaslab.caption.LabelledImage;
import org.biaslab.caption.ModelCaption;
import org.biaslab.util.TestPaths;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Show-Attend-Tell captions of the LIC release scored against the five (six, seven) COCO human
 * references of the 10,780-image gender set. The expected figures were produced by pycocoevalcap's
 * own pipeline outside this project: the CoreNLP 3.4.1 command line through ptbtokenizer.py's
 * steps, then bleu_scorer.py and cider_scorer.py (tylin/coco-caption; Python 3, NumPy 2), images in
 * the pickle's order. Skips when ../shared/data is absent.
 */
class CaptionQualitySharedDataTest {
    @Test
    void showAttendTellOnTheGenderSetMatchesPycocoevalcap() throws Exception {
        Path root = TestPaths.root();
        Path data = root.resolve("../shared/data").normalize();
        Path set = data.resolve("coco/coco_val2014_gender_set_10780.jsonl");
        Path sat = data.resolve("lic-captions/Show-Attend-Tell/gender_val_sat_cap_mw_entries.pkl");
        Assumptions.assumeTrue(Files.isRegularFile(set) && Files.isRegularFile(sat),
                "../shared/data absent: skipping the real-caption quality check");
        Map<Long, List<String>> refs = new HashMap<>();
        for (LabelledImage img : CaptionFiles.readLabelledImages(set)) {
            refs.put(img.imageId(), img.humanCaptions());
        }
        Map<Long, String> candidates = new LinkedHashMap<>();
        for (ModelCaption c : CaptionFiles.readLicPickle(sat)) {
            candidates.put(c.imageId(), c.caption());
        }
        CaptionQualityResult q = new CaptionQuality().evaluate(candidates, refs);
        assertEquals(10_780, q.n());
        assertEquals(0.7413539545179426, q.bleu().corpus(1), 1e-14);
        assertEquals(0.5821783040221855, q.bleu().corpus(2), 1e-14);
        assertEquals(0.44796735511508756, q.bleu().corpus(3), 1e-14);
        assertEquals(0.34476490113958164, q.bleu().corpus(4), 1e-14);
        assertEquals(0.9458252051371375, q.ciderDScore(), 1e-14);
        // two per-image CIDEr-D values of the reference run
        assertEquals(0.574465004729885, q.ciderD().perImage().get(q.imageIds().indexOf(272357L)), 1e-14);
        assertEquals(1.694300142470596, q.ciderD().perImage().get(q.imageIds().indexOf(498453L)), 1e-14);
    }
}
