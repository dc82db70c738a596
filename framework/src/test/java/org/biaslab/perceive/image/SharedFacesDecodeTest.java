package org.biaslab.perceive.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** Every real face crop in ../shared/data/faces/utkface-dev decodes; skipped when the data is absent. */
class SharedFacesDecodeTest {

    private static Path root() {
        String prop = System.getProperty("biaslab.root");
        if (prop != null && !prop.isBlank()) return Paths.get(prop).toAbsolutePath();
        return Paths.get("").toAbsolutePath().getParent();
    }

    @Test
    void everyUtkfaceDevImageDecodesAt200x200() throws IOException {
        Path dir = root().resolve("../shared/data/faces/utkface-dev").normalize();
        Assumptions.assumeTrue(Files.isDirectory(dir), "../shared/data absent: " + dir + " not found");
        List<Path> images;
        try (Stream<Path> files = Files.walk(dir)) {
            images = files.filter(Files::isRegularFile)
                    .filter(p -> p.getFileName().toString().toLowerCase().matches(".*\\.(jpe?g|png)$"))
                    .sorted().toList();
        }
        assertTrue(images.size() >= 900, "expected the 926 UTKFace crops, found " + images.size());
        ImageDecoder decoder = new ImageDecoder();
        List<String> failures = new ArrayList<>();
        for (Path p : images) {
            try {
                DecodedImage d = decoder.decode(p);
                if (d.image().width() != 200 || d.image().height() != 200 || d.subsampling() != 1) {
                    failures.add(p.getFileName() + ": " + d.image().width() + "x" + d.image().height());
                }
            } catch (ImageDecodeException e) {
                failures.add(e.getMessage());
            }
        }
        assertEquals(List.of(), failures);
    }
}
