package org.biaslab.store;

import java.nio.file.Path;
import java.util.List;

/**
 * What {@link RunStore#verify()} found.
 *
 * @param generations generation rows
 * @param perceptions perception rows
 * @param images image rows
 * @param databaseCheck the result of SQLite's {@code quick_check} ({@code ok} when sound)
 * @param foreignKeyViolations rows whose foreign key points at nothing
 * @param missingImages images recorded in the database whose file is missing (dangling)
 * @param corruptImages image files whose bytes no longer match their hash
 * @param orphanFiles image files no row refers to (harmless: left by a killed write)
 * @param temporaryFiles unfinished temporary files (harmless: left by a killed write)
 */
public record IntegrityReport(long generations, long perceptions, long images, String databaseCheck,
        long foreignKeyViolations, List<String> missingImages, List<String> corruptImages, List<Path> orphanFiles,
        List<Path> temporaryFiles) {
    public IntegrityReport {
        missingImages = List.copyOf(missingImages);
        corruptImages = List.copyOf(corruptImages);
        orphanFiles = List.copyOf(orphanFiles);
        temporaryFiles = List.copyOf(temporaryFiles);
    }

    /** True when every row is sound and every referenced image is present and intact (orphans allowed). */
    public boolean sound() {
        return databaseCheck.equals("ok") && foreignKeyViolations == 0 && missingImages.isEmpty()
                && corruptImages.isEmpty();
    }
}
