package org.biaslab.spec;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Every problem found while reading a spec file (an experiment, a gate policy), reported together
 * before any work starts; each names its file and line.
 */
public class SpecException extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient List<SpecProblem> problems;

    public SpecException(List<SpecProblem> problems) {
        super(problems.size() + " problem" + (problems.size() == 1 ? "" : "s") + " (file:line: field: problem):\n"
                + problems.stream().map(p -> "  " + p).collect(Collectors.joining("\n")));
        this.problems = List.copyOf(problems);
    }

    public List<SpecProblem> problems() {
        return problems;
    }
}
