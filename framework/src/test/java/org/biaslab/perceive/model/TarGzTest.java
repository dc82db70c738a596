package org.biaslab.perceive.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TarGzTest {
    @TempDir
    Path dir;

    /** A tar header block: name, size and type, ustar magic, optional prefix field. */
    private static byte[] header(String name, String prefix, long size, char type) {
        byte[] h = new byte[512];
        byte[] n = name.getBytes(StandardCharsets.UTF_8);
        System.arraycopy(n, 0, h, 0, Math.min(n.length, 100));
        byte[] s = String.format("%011o", size).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(s, 0, h, 124, s.length);
        h[156] = (byte) type;
        System.arraycopy("ustar".getBytes(StandardCharsets.US_ASCII), 0, h, 257, 5);
        byte[] p = prefix.getBytes(StandardCharsets.UTF_8);
        System.arraycopy(p, 0, h, 345, p.length);
        return h;
    }

    private static void entry(OutputStream out, byte[] header, byte[] data) throws IOException {
        out.write(header);
        out.write(data);
        out.write(new byte[(512 - data.length % 512) % 512]);
    }

    @Test
    void extractsOnlyRequestedRegularFilesWithLongNames() throws Exception {
        String longDir = "model/" + "d".repeat(120);
        String paxName = "package/" + longDir + "/pax.bin";
        String gnuName = "package/" + "g".repeat(110) + ".bin";
        // a pax record "LEN path=...\n" counts its own length digits: iterate until stable
        String rec = " path=" + paxName + "\n";
        int len = rec.length();
        while (String.valueOf(len).length() + rec.length() != len) {
            len = String.valueOf(len).length() + rec.length();
        }
        byte[] pax = (len + rec).getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream tar = new ByteArrayOutputStream();
        entry(tar, header("package/", "", 0, '5'), new byte[0]);
        entry(tar, header("package/a.txt", "", 5, '0'), "hello".getBytes(StandardCharsets.UTF_8));
        entry(tar, header("package/skip.txt", "", 700, '0'), new byte[700]);
        entry(tar, header("PaxHeader", "", pax.length, 'x'), pax);
        entry(tar, header("truncated-name", "", 3, '0'), new byte[] {1, 2, 3});
        byte[] gnu = (gnuName + "\0").getBytes(StandardCharsets.UTF_8);
        entry(tar, header("././@LongLink", "", gnu.length, 'L'), gnu);
        entry(tar, header("short", "", 2, '0'), new byte[] {9, 8});
        entry(tar, header("b.txt", "package/sub", 1, '0'), new byte[] {42});
        entry(tar, header("package/../evil.txt", "", 4, '0'), "evil".getBytes(StandardCharsets.UTF_8));
        tar.write(new byte[1024]);
        Path tgz = dir.resolve("p.tgz");
        try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(tgz))) {
            o.write(tar.toByteArray());
        }
        Path out = Files.createDirectory(dir.resolve("out"));
        String gnuRel = gnuName.substring("package/".length());
        Set<String> wanted = Set.of("a.txt", longDir + "/pax.bin", gnuRel, "sub/b.txt", "missing.txt");
        Set<String> found = TarGz.extract(tgz, "package/", wanted, out);
        assertEquals(Set.of("a.txt", longDir + "/pax.bin", gnuRel, "sub/b.txt"), found);
        assertEquals("hello", Files.readString(out.resolve("a.txt")));
        assertEquals(3, Files.size(out.resolve(longDir + "/pax.bin")));
        assertEquals(2, Files.size(out.resolve(gnuRel)));
        assertEquals(42, Files.readAllBytes(out.resolve("sub/b.txt"))[0]);
        assertFalse(Files.exists(out.resolve("skip.txt")));
        assertFalse(Files.exists(dir.resolve("evil.txt")));
        try (var s = Files.walk(out)) {
            assertEquals(4, s.filter(Files::isRegularFile).count());
        }
    }

    @Test
    void parsesOctalAndBase256Sizes() throws Exception {
        assertEquals(0755, TarGz.parseSize(header("x", "", 0755, '0')));
        byte[] h = new byte[512];
        h[124] = (byte) 0x80;
        h[135] = 1;
        h[134] = 2;
        assertEquals(0x0201, TarGz.parseSize(h));
        assertTrue(TarGz.paxPath("14 path=abcde\n".getBytes(StandardCharsets.UTF_8)).equals("abcde"));
    }
}
