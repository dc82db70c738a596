package org.biaslab.debias;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.biaslab.caption.CaptionFormatException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingCorpusTest {
    @TempDir
    Path tmp;

    @Test
    void dropsEvaluationImagesAndCountsEverything() {
        Map<Long, List<String>> all = new LinkedHashMap<>();
        all.put(1L, List.of("A man.", "A dog."));
        all.put(2L, List.of("A woman."));
        all.put(3L, List.of("", "Café au lait"));
        all.put(4L, List.of());
        TrainingCorpus c = TrainingCorpus.of(all, Set.of(2L, 99L));
        TrainingCorpus.Stats s = c.stats();
        assertEquals(4, s.imagesInFile());
        assertEquals(5, s.captionsInFile());
        assertEquals(2, s.evaluationImages());
        assertEquals(1, s.evaluationImagesNotInFile());
        assertEquals(1, s.imagesExcluded());
        assertEquals(3, s.imagesKept());
        assertEquals(1, s.imagesWithoutCaptions());
        assertEquals(4, s.captionsKept());
        assertEquals(1, s.emptyCaptions());
        assertEquals(1, s.nonAsciiCaptions());
        assertEquals(List.of(new CorpusCaption(1, 0, "A man."), new CorpusCaption(1, 1, "A dog."),
                new CorpusCaption(3, 0, ""), new CorpusCaption(3, 1, "Café au lait")), c.captions());
    }

    @Test
    void loadsTheFileFormatsAndNamesBadFiles() throws IOException {
        Path all = tmp.resolve("all.json");
        Files.writeString(all, "{\"10\": [\"A man.\", \"A cat.\"], \"11\": [\"A girl.\"]}");
        Path eval = tmp.resolve("eval.jsonl");
        Files.writeString(eval, "{\"img_id\": 11, \"gender\": \"Female\", \"human_captions\": [\"A girl.\"]}\n");
        TrainingCorpus c = TrainingCorpus.load(all, eval);
        assertEquals(2, c.stats().captionsKept());
        assertEquals(10L, c.captions().get(0).imageId());
        Path bad = tmp.resolve("bad.json");
        Files.writeString(bad, "[1, 2]");
        CaptionFormatException e = assertThrows(CaptionFormatException.class, () -> TrainingCorpus.load(bad, eval));
        assertTrue(e.getMessage().contains("bad.json"), e.getMessage());
    }

    @Test
    void statsMustAddUp() {
        assertThrows(IllegalArgumentException.class, () -> new TrainingCorpus.Stats(10, 50, 2, 0, 2, 7, 0, 35, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new TrainingCorpus(List.of(),
                new TrainingCorpus.Stats(1, 1, 0, 0, 0, 1, 0, 1, 0, 0)));
    }
}
