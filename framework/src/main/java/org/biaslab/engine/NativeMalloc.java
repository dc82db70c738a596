package org.biaslab.engine;

import com.sun.jna.Function;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;
import java.util.Optional;

/**
 * glibc's malloc thresholds for the engine's large tensors. libtorch allocates every op's result
 * with {@code posix_memalign}; glibc serves blocks above its mmap threshold (128 KiB, raised
 * dynamically only in the process's main arena) with a fresh {@code mmap} and gives freed memory at
 * the top of a thread's arena back to the kernel once more than 128 KiB is free there. A
 * convolution network on a 512 x 512 image makes and frees tensors of 1-16 MiB at every op, so each
 * op's output was a new mapping whose every page the kernel had to fault in and zero: 20% of the
 * CPU samples of centernet were page faults (perf, docs/benchmarks.md). With blocks up to 32 MiB
 * served from the arenas and up to 256 MiB of free top kept per arena, the pages are reused.
 *
 * <p>A process-wide setting of the C library, applied once before the engine is loaded; the
 * numbers computed do not change. Memory is held, not leaked: a freed block is reused by the next
 * allocation of any size, and a thread's arena returns its free top beyond 256 MiB. Left alone when
 * the user set glibc's own variables ({@code GLIBC_TUNABLES} naming malloc,
 * {@code MALLOC_MMAP_THRESHOLD_}, {@code MALLOC_TRIM_THRESHOLD_}), and off glibc.
 */
final class NativeMalloc {
    /** mallopt's parameter numbers (malloc.h). */
    static final int M_TRIM_THRESHOLD = -1;
    static final int M_MMAP_THRESHOLD = -3;
    /** glibc's largest mmap threshold on 64-bit (DEFAULT_MMAP_THRESHOLD_MAX). */
    static final int MMAP_THRESHOLD = 32 << 20;
    static final int TRIM_THRESHOLD = 256 << 20;

    private NativeMalloc() {}

    /** Sets the thresholds; returns why not when it did not. */
    static Optional<String> keepLargeBlocks() {
        if (!Platform.isLinux()) {
            return Optional.of("not Linux");
        }
        Optional<String> tunables = NativeEnvironment.get("GLIBC_TUNABLES");
        if (tunables.isPresent() && tunables.get().contains("malloc")
                || NativeEnvironment.get("MALLOC_MMAP_THRESHOLD_").isPresent()
                || NativeEnvironment.get("MALLOC_TRIM_THRESHOLD_").isPresent()) {
            return Optional.of("malloc settings of the environment kept");
        }
        try {
            NativeLibrary c = NativeLibrary.getInstance(Platform.C_LIBRARY_NAME);
            c.getFunction("gnu_get_libc_version"); // glibc only (musl has no such call)
            Function mallopt = c.getFunction("mallopt");
            // mallopt returns 1 on success
            if (mallopt.invokeInt(new Object[] {M_MMAP_THRESHOLD, MMAP_THRESHOLD}) != 1
                    || mallopt.invokeInt(new Object[] {M_TRIM_THRESHOLD, TRIM_THRESHOLD}) != 1) {
                return Optional.of("mallopt refused");
            }
            return Optional.empty();
        } catch (UnsatisfiedLinkError e) {
            return Optional.of("not glibc: " + e.getMessage());
        }
    }
}
