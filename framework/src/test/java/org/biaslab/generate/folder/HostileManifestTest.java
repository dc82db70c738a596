package org.biaslab.generate.folder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.biaslab.generate.GenerationException;
import org.biaslab.generate.GenerationRequest;
import org.biaslab.generate.ImageInspection;
import org.biaslab.generate.TestImages;
import org.biaslab.spec.SpecProblem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Manifests built to escape the image folder, count an image twice, or exhaust memory. */
class HostileManifestTest {
    @TempDir
    Path dir;

    private static String all(ManifestException e) {
        return e.problems().stream().map(SpecProblem::toString).collect(Collectors.joining("\n"));
    }

    @Test
    void rowsThatLeaveTheImageFolderAreRefusedUnlessAllowed() throws Exception {
        Path images = Files.createDirectories(dir.resolve("images"));
        Path secret = Files.write(dir.resolve("secret.png"), TestImages.noisyPng(6, 6, 9));
        Files.write(images.resolve("ok.png"), TestImages.noisyPng(6, 6, 1));
        Files.createSymbolicLink(images.resolve("link.png"), secret);
        Path manifest = Files.writeString(images.resolve("m.csv"), String.join("\n",
                "file,prompt,occupation,seed",
                "ok.png,a nurse,nurse,1",
                "../secret.png,a nurse,nurse,2",
                secret + ",a nurse,nurse,3",
                "link.png,a nurse,nurse,4", ""));
        ManifestException e = assertThrows(ManifestException.class, () -> ImageManifest.read(manifest));
        String all = all(e);
        assertTrue(all.contains("m.csv:3: file: '../secret.png' is outside the image folder"), all);
        assertTrue(all.contains("m.csv:4: file: '" + secret + "' is outside the image folder"), all);
        assertTrue(all.contains("m.csv:5: file: 'link.png' is a link to " + secret.toRealPath()), all);
        assertTrue(all.contains("set allow_outside_image_dir: true"), all);
        assertTrue(all.contains("m.csv:4: file: '" + secret + "' is already used on line 3"), all);
        assertEquals(4, e.problems().size(), all);
        // the spec opts in: read, but the same content twice is still refused (secret = link target)
        ManifestException twice = assertThrows(ManifestException.class,
                () -> ImageManifest.read(manifest, Map.of(), null, true));
        assertTrue(all(twice).contains("has the same content (SHA-256) as the image on line 3"), all(twice));
    }

    @Test
    void theSameImageUnderAnotherNameIsRefusedByContent() throws Exception {
        byte[] png = TestImages.noisyPng(6, 6, 1);
        Files.write(dir.resolve("a.png"), png);
        Files.write(dir.resolve("copy-of-a.png"), png);
        Files.createSymbolicLink(dir.resolve("alias.png"), dir.resolve("a.png"));
        Files.write(dir.resolve("b.png"), TestImages.noisyPng(6, 6, 2));
        Path manifest = Files.writeString(dir.resolve("m.csv"), String.join("\n",
                "file,prompt,occupation,seed", "a.png,a judge,judge,1", "b.png,a judge,judge,2",
                "copy-of-a.png,a judge,judge,3", "alias.png,a judge,judge,4", ""));
        String all = all(assertThrows(ManifestException.class, () -> ImageManifest.read(manifest)));
        assertTrue(all.contains("m.csv:4: file: 'copy-of-a.png' has the same content (SHA-256) as the image on line 2"),
                all);
        assertTrue(all.contains("m.csv:5: file: 'alias.png' has the same content (SHA-256) as the image on line 2"),
                all);
    }

    @Test
    void aFolderNamedLikeAnImageIsNamedAsAFolder() throws Exception {
        Files.createDirectories(dir.resolve("x.jpg"));
        Path manifest = Files.writeString(dir.resolve("m.csv"), "file,prompt,occupation,seed\nx.jpg,a cook,cook,1\n");
        assertTrue(all(assertThrows(ManifestException.class, () -> ImageManifest.read(manifest)))
                .contains("m.csv:2: file: 'x.jpg' is a directory, not an image file"));
    }

    @Test
    void aGiantFileFailsItsOwnRowWithoutBeingRead() throws Exception {
        // a sparse 3 GB file with a JPEG header: it used to end the run with OutOfMemoryError
        Path giant = dir.resolve("giant.jpg");
        try (RandomAccessFile f = new RandomAccessFile(giant.toFile(), "rw")) {
            f.write(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0});
            f.setLength(3L << 30);
        }
        Files.write(dir.resolve("ok.png"), TestImages.noisyPng(6, 6, 1));
        Path manifest = Files.writeString(dir.resolve("m.csv"),
                "file,prompt,occupation,seed\nok.png,a cook,cook,1\ngiant.jpg,a cook,cook,2\n");
        FolderGenerator g = new FolderGenerator(ImageManifest.read(manifest), Optional.of("test"));
        g.generate(GenerationRequest.of("cook/t0", "a cook", 1, 0, 6, 6));
        GenerationException e = assertThrows(GenerationException.class,
                () -> g.generate(GenerationRequest.of("cook/t0", "a cook", 2, 1, 6, 6)));
        assertTrue(e.getMessage().contains("m.csv:3 (giant.jpg): the file is 3221225472 bytes; an image is at most "
                + ImageInspection.MAX_BYTES), e.getMessage());
    }

    @Test
    void aSmallPngDeclaringHugeDimensionsIsRefusedBeforeDecoding() throws Exception {
        // 30000 x 30000 declared in the header of a tiny file: it used to be decoded (about 90 s, 1 GB)
        Files.write(dir.resolve("bomb.png"), declaring(TestImages.noisyPng(4, 4, 1), 30_000, 30_000));
        Path manifest = Files.writeString(dir.resolve("m.csv"), "file,prompt,occupation,seed\nbomb.png,a cook,cook,1\n");
        FolderGenerator g = new FolderGenerator(ImageManifest.read(manifest), Optional.of("test"));
        GenerationException e = assertThrows(GenerationException.class,
                () -> g.generate(GenerationRequest.of("cook/t0", "a cook", 1, 0, 6, 6)));
        assertTrue(e.getMessage().contains("declares 30000x30000 pixels, more than " + ImageInspection.MAX_PIXELS
                + "; not decoded"), e.getMessage());
    }

    /** A PNG whose IHDR chunk declares another size (with its CRC recomputed). */
    static byte[] declaring(byte[] png, int width, int height) {
        byte[] b = png.clone();
        java.nio.ByteBuffer.wrap(b, 16, 8).putInt(width).putInt(height);
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(b, 12, 17); // chunk type IHDR and its 13 data bytes
        java.nio.ByteBuffer.wrap(b, 29, 4).putInt((int) crc.getValue());
        return b;
    }
}
