package org.biaslab.engine;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The C library's view of this process's environment. {@link System#getenv()} is a copy taken when
 * the JVM started and cannot be changed; native libraries (libtorch and the oneDNN inside it) read
 * the live C environment, which {@code setenv(3)} changes for everything in the process that reads
 * it later.
 */
final class NativeEnvironment {
    private NativeEnvironment() {}

    /** The POSIX calls used; loaded on first use. */
    interface LibC extends Library {
        String getenv(String name);

        int setenv(String name, String value, int overwrite);
    }

    private static final class Holder {
        static final LibC LIBC = Native.load(Platform.C_LIBRARY_NAME, LibC.class);
    }

    /** Whether this platform has POSIX {@code setenv} (Linux and macOS). */
    static boolean supported() {
        return !Platform.isWindows();
    }

    /** The variable as native code sees it now. */
    static Optional<String> get(String name) {
        if (!supported()) {
            return Optional.ofNullable(System.getenv(name));
        }
        return Optional.ofNullable(Holder.LIBC.getenv(name));
    }

    /**
     * Sets an exported {@code int} global of a shared library this process has already loaded (found
     * by file name in {@code /proc/self/maps}, Linux). Returns the reason when it could not.
     */
    static Optional<String> setLoadedLibraryInt(String fileName, String symbol, int value) {
        Path maps = Path.of("/proc/self/maps");
        if (!Files.isReadable(maps)) {
            return Optional.of(maps + " is not readable");
        }
        try (Stream<String> lines = Files.lines(maps)) {
            Optional<String> path = lines.map(l -> l.substring(l.lastIndexOf(' ') + 1))
                    .filter(p -> p.endsWith("/" + fileName)).findFirst();
            if (path.isEmpty()) {
                return Optional.of(fileName + " is not loaded");
            }
            NativeLibrary.getInstance(path.get()).getGlobalVariableAddress(symbol).setInt(0, value);
            return Optional.empty();
        } catch (IOException | UnsatisfiedLinkError e) {
            return Optional.of(symbol + " in " + fileName + ": " + e.getMessage());
        }
    }

    /** Sets the variable for native code unless it is already set; returns the value in force. */
    static String setIfAbsent(String name, String value) {
        if (!supported()) {
            throw new UnsupportedOperationException("setenv is not available on " + System.getProperty("os.name"));
        }
        if (Holder.LIBC.setenv(name, value, 0) != 0) {
            throw new IllegalStateException("setenv(" + name + ") failed: errno " + Native.getLastError());
        }
        return get(name).orElseThrow();
    }
}
