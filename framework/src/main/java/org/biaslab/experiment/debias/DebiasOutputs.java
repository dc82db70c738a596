package org.biaslab.experiment.debias;

import java.io.IOException;
import org.biaslab.experiment.RunDirectory;

/** Writes the report of a {@code debias} run (index.html and charts) from its results and context. */
final class DebiasOutputs {
    private DebiasOutputs() {}

    static void write(RunDirectory dir, DebiasResults results, DebiasReport.Context context) throws IOException {
        DebiasReport.write(dir.root(), results, context);
    }
}
