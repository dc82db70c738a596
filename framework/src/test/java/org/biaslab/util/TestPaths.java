package org.biaslab.util;

import java.nio.file.Path;

/** Where the tests find the repository and the shared data beside it. */
public final class TestPaths {
    private TestPaths() {}

    /** The repository root: the {@code biaslab.root} property Surefire sets, else the parent of the working folder. */
    public static Path root() {
        String r = System.getProperty("biaslab.root");
        return r != null ? Path.of(r) : Path.of("").toAbsolutePath().getParent();
    }

    /** {@code ../shared/data} beside the repository (absent on machines without the shared data). */
    public static Path sharedData() {
        return root().resolve("../shared/data").normalize();
    }
}
