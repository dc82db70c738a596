package org.biaslab.util;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 of files and strings, and stable 64-bit seeds derived from several parts. */
public final class Hashing {
    private Hashing() {}

    /** Hex SHA-256 of a file's bytes. */
    public static String sha256(Path file) throws IOException {
        MessageDigest md = newDigest();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[1 << 16];
            int n;
            while ((n = in.read(buf)) > 0) {
                md.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /** Hex SHA-256 of a byte array. */
    public static String sha256(byte[] bytes) {
        return HexFormat.of().formatHex(newDigest().digest(bytes));
    }

    /** Hex SHA-256 of a UTF-8 string. */
    public static String sha256(String text) {
        return HexFormat.of().formatHex(newDigest().digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * A seed derived from a base seed and named parts, e.g. {@code seed(expSeed, "gender", "SAT",
     * "3")}. Stable across JVMs and platforms (SHA-256 of the parts), so splits and initialisations
     * are reproducible from the recorded experiment seed.
     */
    public static long seed(long base, Object... parts) {
        StringBuilder sb = new StringBuilder().append(base);
        for (Object p : parts) {
            sb.append('\u001f').append(p);
        }
        byte[] d = newDigest().digest(sb.toString().getBytes(StandardCharsets.UTF_8));
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (d[i] & 0xff);
        }
        return v;
    }

    private static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from the JVM", e);
        }
    }
}
