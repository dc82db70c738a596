package org.biaslab.generate.folder;

import java.util.List;
import java.util.stream.Collectors;
import org.biaslab.spec.SpecProblem;

/** Every problem found in an image manifest, each with file, line and field. */
public final class ManifestException extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient List<SpecProblem> problems;

    public ManifestException(List<SpecProblem> problems) {
        super(problems.size() + " problem" + (problems.size() == 1 ? "" : "s") + " in the image manifest:\n"
                + problems.stream().map(p -> "  " + p).collect(Collectors.joining("\n")));
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("problems must not be empty");
        }
        this.problems = List.copyOf(problems);
    }

    public List<SpecProblem> problems() {
        return problems;
    }
}
