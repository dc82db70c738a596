package org.biaslab.golden;

import java.io.IOException;
import java.nio.file.Path;

/** The stored golden fixtures, for tests that start from one of them. */
public final class GoldenFixtures {
    private GoldenFixtures() {}

    /** The classifier validity file of the debias fixture (face-api on UTKFace). */
    public static Path debiasValidity() {
        return GoldenResultsTest.FIXTURES.resolve("debias/validity.json");
    }

    /** Copies fixture {@code kind}'s inputs (not its expected files) into {@code to}. */
    public static void copy(String kind, Path to) throws IOException {
        GoldenResultsTest.copyTree(GoldenResultsTest.FIXTURES.resolve(kind), to);
    }
}
