package org.biaslab.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.biaslab.generate.ImageFormat;
import org.biaslab.util.Hashing;

/**
 * Content-addressed image files: {@code images/ab/<sha256>.<ext>}. Writes are durable and atomic:
 * temporary file, {@code fsync}, rename, {@code fsync} of the folder. (Unlike
 * {@link org.biaslab.util.AtomicFiles}, which only renames: here the file must be on disk before a
 * committed database row may point at it.)
 */
final class BlobStore {
    private static final AtomicLong COUNTER = new AtomicLong();
    static final String TMP_SUFFIX = ".blobtmp";

    private final Path root;

    BlobStore(Path root) {
        this.root = root;
    }

    Path root() {
        return root;
    }

    Path path(String sha, ImageFormat format) {
        return root.resolve(sha.substring(0, 2)).resolve(sha + "." + format.extension());
    }

    /** Writes {@code bytes} under its hash unless an intact copy is already there. */
    void put(String sha, ImageFormat format, byte[] bytes) throws IOException {
        Path file = path(sha, format);
        if (Files.isRegularFile(file) && Files.size(file) == bytes.length && Hashing.sha256(file).equals(sha)) {
            return;
        }
        Path dir = file.getParent();
        Files.createDirectories(dir);
        Path tmp = dir.resolve("." + file.getFileName() + "." + ProcessHandle.current().pid() + "-"
                + COUNTER.incrementAndGet() + TMP_SUFFIX);
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                ByteBuffer buf = ByteBuffer.wrap(bytes);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
            syncDirectory(dir);
            syncDirectory(root);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** The stored bytes, checked against their hash. */
    byte[] read(String sha, ImageFormat format) throws IOException, StoreException {
        Path file = path(sha, format);
        if (!Files.isRegularFile(file)) {
            throw new StoreException("image " + sha + " is recorded but its file " + file + " is missing");
        }
        byte[] bytes = Files.readAllBytes(file);
        String actual = Hashing.sha256(bytes);
        if (!actual.equals(sha)) {
            throw new StoreException("image file " + file + " is corrupt: its SHA-256 is " + actual);
        }
        return bytes;
    }

    /** Every image file (name {@code <sha>.<ext>}) and every leftover temporary file. */
    List<Path> files() throws IOException {
        List<Path> out = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return out;
        }
        try (Stream<Path> s = Files.walk(root, 2)) {
            s.filter(Files::isRegularFile).sorted().forEach(out::add);
        }
        return out;
    }

    static boolean isTemporary(Path p) {
        return p.getFileName().toString().endsWith(TMP_SUFFIX);
    }

    /** Flushes a folder's entries (the rename) to disk; not possible on every platform, so best effort there. */
    private static void syncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            // Windows cannot open a directory as a channel; NTFS journals the rename itself
        }
    }
}
