package org.biaslab.perceive.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LabelFileTest {
    @TempDir
    Path dir;

    @Test
    void utkfaceLayoutIsDetectedAndMapsMaleFemale() throws Exception {
        Path f = dir.resolve("labels.csv");
        Files.writeString(f, "file,age,gender_code,gender,race_code,race\n"
                + "a.jpg,30,0,male,1,Black\nb.jpg,40,1,female,0,White\n");
        LabelFile lf = LabelFile.read(f, null, null, null);
        assertEquals(LabelFile.UTKFACE, lf.layout());
        assertEquals(List.of(new LabelledFile("a.jpg", "male", "man", Map.of("race", "Black")),
                new LabelledFile("b.jpg", "female", "woman", Map.of("race", "White"))), lf.rows());
        assertEquals(0, lf.excluded());
    }

    @Test
    void t2iLayoutMapsCapitalisedLabelsAndExcludesPass() throws Exception {
        Path f = dir.resolve("labels.csv");
        Files.writeString(f, "filename,source,profession,annotator_id_0,annotation,prompt\n"
                + "x.jpg,SD,nurse,Female,Female,\"A picture of a nurse, smiling\"\n"
                + "y.jpg,SD,artist,Pass,Pass,A picture\n"
                + "z.jpg,SD,artist,Male,Male,A picture\n");
        LabelFile lf = LabelFile.read(f, null, null, null);
        assertEquals("t2i-sd-annotated", lf.layout().name());
        assertEquals("woman", lf.rows().get(0).truth());
        assertNull(lf.rows().get(1).truth());
        assertEquals("Pass", lf.rows().get(1).rawLabel());
        assertEquals("man", lf.rows().get(2).truth());
        assertEquals(1, lf.excluded());
        assertEquals(Map.of("profession", "nurse"), lf.rows().get(0).groups());
    }

    @Test
    void explicitColumnsOverrideAndEveryBadRowIsNamed() throws Exception {
        Path f = dir.resolve("labels.csv");
        Files.writeString(f, "img,sex,site\n1.png,Female,A\n2.png,robot,B\n1.png,male,C\n");
        LabelFileException e = assertThrows(LabelFileException.class, () -> LabelFile.read(f, "img", "sex", List.of("site")));
        assertTrue(e.getMessage().contains("line 3") && e.getMessage().contains("'robot'"), e.getMessage());
        assertTrue(e.getMessage().contains("line 4") && e.getMessage().contains("listed twice"), e.getMessage());
        LabelFileException unknown = assertThrows(LabelFileException.class, () -> LabelFile.read(f, null, null, null));
        assertTrue(unknown.getMessage().contains("--file-column"), unknown.getMessage());
    }
}
