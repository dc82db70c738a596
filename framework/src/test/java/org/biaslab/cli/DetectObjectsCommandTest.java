package org.biaslab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.biaslab.perceive.model.ModelStore;
import org.biaslab.util.Hashing;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code detect-objects} end to end on two face-api sample photos, a flat grey image and a missing file. */
class DetectObjectsCommandTest {
    @TempDir
    Path dir;

    @Test
    void printsRecallMissesNoFaceSharesAndTimes() throws Exception {
        ModelStore store = ModelStore.forProject();
        Path demo = store.fetch(store.manifest("vladmandic-face-api.yaml")).resolve("demo");
        Path images = Files.createDirectories(dir.resolve("images"));
        Files.copy(demo.resolve("sample1.jpg"), images.resolve("s1.jpg"));
        Files.copy(demo.resolve("sample4.jpg"), images.resolve("s4.jpg"));
        BufferedImage grey = new BufferedImage(320, 240, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 240; y++) {
            for (int x = 0; x < 320; x++) {
                grey.setRGB(x, y, 0x808080);
            }
        }
        ImageIO.write(grey, "png", images.resolve("grey.png").toFile());
        Path labels = dir.resolve("labels.csv");
        Files.writeString(labels, "name,who,job\ns1.jpg,Female,a\ns4.jpg,Male,b\ngrey.png,Pass,a\nmissing.jpg,Male,b\n");
        Path faces = dir.resolve("images.csv");
        Files.writeString(faces, "sha256,outcome\n" + Hashing.sha256(images.resolve("s1.jpg")) + ",no face\n"
                + Hashing.sha256(images.resolve("s4.jpg")) + ",man\n" + Hashing.sha256(images.resolve("grey.png"))
                + ",no face\n");
        Path out = dir.resolve("objects.csv");
        CliRun.Result r = CliRun.run("detect-objects", "--images", images.toString(), "--labels", labels.toString(),
                "--file-column", "name", "--label-column", "who", "--group-column", "job", "--faces", faces.toString(),
                "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        String o = r.out();
        assertTrue(o.contains("  all                    2 /   2 = 1.000"), o);
        assertTrue(o.contains("  a                      1 /   1 = 1.000"), o);
        assertTrue(o.contains("  b                      1 /   1 = 1.000"), o);
        assertTrue(o.contains("missed (0):"), o);
        assertTrue(o.contains("person detected in 0 of 1"), o);
        // no face: s1 (a person) and grey (none)
        assertTrue(o.contains("3 of 3 images joined by SHA-256"), o);
        assertTrue(o.contains("  all                    1 /   2 = 0.500"), o);
        assertTrue(o.contains("errors (1):") && o.contains("missing.jpg"), o);
        assertTrue(o.contains("detector time per image") && o.contains("3 images in a loop"), o);
        List<String> rows = Files.readAllLines(out);
        assertEquals(5, rows.size());
        assertTrue(rows.get(1).startsWith("s1.jpg,a,Female,true,true,"), rows.get(1));
        assertTrue(rows.get(1).contains("person 0.6651 [1209 171 672 1090]"), rows.get(1)); // as Human in TF.js
        assertTrue(rows.get(3).startsWith("grey.png,a,Pass,false,false,0,,"), rows.get(3));
    }

    @Test
    void aFacesFileWithoutItsColumnsIsAnError() throws Exception {
        Path faces = dir.resolve("images.csv");
        Files.writeString(faces, "file,outcome\nx.jpg,no face\n");
        try {
            DetectObjectsCommand.faceOutcomes(faces);
        } catch (java.io.IOException e) {
            assertTrue(e.getMessage().contains("sha256"), e.getMessage());
            return;
        }
        throw new AssertionError("no error");
    }
}
