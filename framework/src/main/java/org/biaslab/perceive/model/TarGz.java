package org.biaslab.perceive.model;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.zip.GZIPInputStream;

/**
 * Reads a gzip-compressed tar archive (as {@code npm pack} writes it: ustar, with pax or GNU long
 * names where needed) and writes only the regular files asked for. Other entries are skipped;
 * no path from the archive is used unless it equals a requested one, so nothing can be written
 * outside the target folder.
 */
final class TarGz {
    private static final int BLOCK = 512;

    private TarGz() {}

    /**
     * Extracts the entries {@code prefix + name} for every name in {@code wanted} to
     * {@code dir/name}, and returns the names found.
     */
    static Set<String> extract(Path archive, String prefix, Set<String> wanted, Path dir) throws IOException {
        Set<String> found = new HashSet<>();
        try (InputStream in = new GZIPInputStream(new BufferedInputStream(Files.newInputStream(archive)), 1 << 16)) {
            byte[] header = new byte[BLOCK];
            String longName = null;
            while (true) {
                if (!readBlock(in, header)) {
                    break; // end of stream without the two zero blocks: tolerated, as tar does
                }
                if (isZero(header)) {
                    break;
                }
                long size = parseSize(header);
                char type = (char) header[156];
                String name = cString(header, 0, 100);
                if (isUstar(header)) {
                    String pre = cString(header, 345, 155);
                    if (!pre.isEmpty()) {
                        name = pre + "/" + name;
                    }
                }
                if (longName != null) {
                    name = longName;
                    longName = null;
                }
                switch (type) {
                    case 'x' -> longName = paxPath(readData(in, size));
                    case 'L' -> longName = trimNul(new String(readData(in, size), StandardCharsets.UTF_8));
                    case '0', '\0', '7' -> {
                        String rel = name.startsWith(prefix) ? name.substring(prefix.length()) : null;
                        if (rel != null && wanted.contains(rel)) {
                            Path target = dir.resolve(rel);
                            Files.createDirectories(target.getParent());
                            try (OutputStream out = Files.newOutputStream(target)) {
                                copy(in, out, size);
                            }
                            skipPadding(in, size);
                            found.add(rel);
                        } else {
                            skipData(in, size);
                        }
                    }
                    default -> skipData(in, size);
                }
            }
        }
        return found;
    }

    private static boolean readBlock(InputStream in, byte[] block) throws IOException {
        int n = in.readNBytes(block, 0, BLOCK);
        if (n == 0) {
            return false;
        }
        if (n < BLOCK) {
            throw new EOFException("truncated tar header");
        }
        return true;
    }

    private static boolean isZero(byte[] b) {
        for (byte x : b) {
            if (x != 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean isUstar(byte[] h) {
        return h[257] == 'u' && h[258] == 's' && h[259] == 't' && h[260] == 'a' && h[261] == 'r';
    }

    static long parseSize(byte[] h) throws IOException {
        if ((h[124] & 0x80) != 0) { // base-256 (GNU) for sizes of 8 GiB and more
            long v = h[124] & 0x7f;
            for (int i = 125; i < 136; i++) {
                v = (v << 8) | (h[i] & 0xff);
            }
            return v;
        }
        long v = 0;
        boolean digits = false;
        for (int i = 124; i < 136; i++) {
            byte c = h[i];
            if (c == 0 || (c == ' ' && digits)) {
                break;
            }
            if (c == ' ') {
                continue;
            }
            if (c < '0' || c > '7') {
                throw new IOException("bad tar size field");
            }
            v = (v << 3) + (c - '0');
            digits = true;
        }
        return v;
    }

    private static String cString(byte[] h, int off, int len) {
        int end = off;
        while (end < off + len && h[end] != 0) {
            end++;
        }
        return new String(h, off, end - off, StandardCharsets.UTF_8);
    }

    private static String trimNul(String s) {
        int i = s.indexOf('\0');
        return i >= 0 ? s.substring(0, i) : s;
    }

    /** The {@code path} record of a pax extended header ("LEN key=value\n" records), or null. */
    static String paxPath(byte[] data) {
        int pos = 0;
        while (pos < data.length) {
            int space = pos;
            while (space < data.length && data[space] != ' ') {
                space++;
            }
            if (space >= data.length) {
                break;
            }
            int len;
            try {
                len = Integer.parseInt(new String(data, pos, space - pos, StandardCharsets.US_ASCII));
            } catch (NumberFormatException e) {
                break;
            }
            if (len <= space - pos + 1 || pos + len > data.length) {
                break;
            }
            String record = new String(data, space + 1, pos + len - space - 2, StandardCharsets.UTF_8);
            int eq = record.indexOf('=');
            if (eq > 0 && record.substring(0, eq).equals("path")) {
                return record.substring(eq + 1);
            }
            pos += len;
        }
        return null;
    }

    private static byte[] readData(InputStream in, long size) throws IOException {
        if (size > 1 << 20) {
            throw new IOException("tar extended header of " + size + " bytes");
        }
        byte[] data = in.readNBytes((int) size);
        if (data.length < size) {
            throw new EOFException("truncated tar entry");
        }
        skipPadding(in, size);
        return data;
    }

    private static void copy(InputStream in, OutputStream out, long size) throws IOException {
        byte[] buf = new byte[1 << 16];
        long left = size;
        while (left > 0) {
            int n = in.read(buf, 0, (int) Math.min(buf.length, left));
            if (n < 0) {
                throw new EOFException("truncated tar entry");
            }
            out.write(buf, 0, n);
            left -= n;
        }
    }

    private static void skipData(InputStream in, long size) throws IOException {
        in.skipNBytes(size);
        skipPadding(in, size);
    }

    private static void skipPadding(InputStream in, long size) throws IOException {
        long rem = size % BLOCK;
        if (rem != 0) {
            in.skipNBytes(BLOCK - rem);
        }
    }
}
