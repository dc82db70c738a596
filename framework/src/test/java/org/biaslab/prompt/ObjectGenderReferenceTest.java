package org.biaslab.prompt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.biaslab.caption.CaptionFiles;
import org.biaslab.caption.LabelledImage;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The object x gender reference: counted by hand on a few captions, and the shipped file against its data. */
class ObjectGenderReferenceTest {
    @TempDir
    Path dir;

    @Test
    void countsImagesNotCaptionsAndLeavesOutOtherLabels() throws Exception {
        ClassNouns n = ClassNounsTest.shipped();
        List<LabelledImage> images = List.of(
                new LabelledImage(1, "Female", "", List.of("A woman at her laptop", "a lady with a laptop and a cup")),
                new LabelledImage(2, "Female", "", List.of("A woman holding an umbrella")),
                new LabelledImage(3, "Male", "", List.of("A man with a laptop", "a man in a tie", "a man in a tie")),
                new LabelledImage(4, "Both", "", List.of("a man and a woman with a laptop")),
                new LabelledImage(5, "Male", "", List.of("A man standing")));
        ObjectGenderReference r = ObjectGenderReference.build(images, n);
        assertEquals(2, r.women());
        assertEquals(2, r.men(), "'Both' is neither group");
        assertArrayEquals(new long[] {1, 1}, r.images().get("laptop"), "once per image, not per caption");
        assertArrayEquals(new long[] {1, 0}, r.images().get("cup"));
        assertArrayEquals(new long[] {1, 0}, r.images().get("umbrella"));
        assertArrayEquals(new long[] {0, 1}, r.images().get("tie"));
        assertArrayEquals(new long[] {0, 0}, r.images().get("bus"));
        assertEquals(80, r.images().size());

        // written and read back
        Path f = dir.resolve("ref.csv");
        Files.writeString(f, "# test\n" + r.toCsv());
        ObjectGenderReference back = ObjectGenderReference.read(f);
        assertEquals(r.women(), back.women());
        assertArrayEquals(r.images().get("laptop"), back.images().get("laptop"));
    }

    @Test
    void badFilesAreRefusedWithFileLineAndField() throws Exception {
        Path f = dir.resolve("ref.csv");
        Files.writeString(f, "class,images_women,images_men\n*,10,20\nlaptop,11,3\n");
        PromptFileException e = assertThrows(PromptFileException.class, () -> ObjectGenderReference.read(f));
        assertEquals(3, e.line());
        assertTrue(e.getMessage().contains("more than the totals"), e.getMessage());
        Files.writeString(f, "class,images_women,images_men\nlaptop,1,3\n");
        e = assertThrows(PromptFileException.class, () -> ObjectGenderReference.read(f));
        assertTrue(e.getMessage().contains("must come first"), e.getMessage());
        Files.writeString(f, "class,images_women,images_men\n*,10,20\nlaptop,x,3\n");
        e = assertThrows(PromptFileException.class, () -> ObjectGenderReference.read(f));
        assertEquals("images_women", e.field());
        assertTrue(e.getMessage().contains("'x' is not a whole number"), e.getMessage());
    }

    @Test
    void shippedFileIsTheCountOfTheLicGenderSet() throws Exception {
        Path root = ShippedPromptsTest.root();
        PromptLibrary lib = new PromptLibrary(root.resolve("prompts"));
        ObjectGenderReference shipped = lib.objectGenderReference();
        assertEquals(3314, shipped.women());
        assertEquals(7466, shipped.men());
        // known from the file: ties are named with men, umbrellas with women
        assertTrue(shipped.images().get("tie")[1] > 10 * shipped.images().get("tie")[0]);
        assertTrue(shipped.images().get("umbrella")[0] > shipped.images().get("umbrella")[1]);
        Path coco = root.resolve("../shared/data/coco/coco_val2014_gender_set_10780.jsonl").normalize();
        Assumptions.assumeTrue(Files.isRegularFile(coco), "../shared/data absent: shipped counts not recounted");
        ObjectGenderReference recount = ObjectGenderReference.build(CaptionFiles.readLabelledImages(coco),
                lib.classNouns());
        assertEquals(recount.toCsv(), shipped.toCsv(), "rebuild with ./biaslab object-reference");
    }
}
