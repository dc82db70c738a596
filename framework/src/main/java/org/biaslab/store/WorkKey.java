package org.biaslab.store;

/**
 * Names one image of a run: which generator (the experiment's label for it, e.g. {@code sd15}),
 * which prompt, which sample.
 *
 * @param generator the experiment's label for the generator, non-blank, no control characters
 * @param promptId the prompt's id, non-blank, no control characters
 * @param sampleIndex the sample index, {@code >= 0}
 */
public record WorkKey(String generator, String promptId, int sampleIndex) implements Comparable<WorkKey> {
    public WorkKey {
        check("generator", generator);
        check("promptId", promptId);
        if (sampleIndex < 0) {
            throw new IllegalArgumentException("sampleIndex must be >= 0, was " + sampleIndex);
        }
    }

    private static void check(String field, String v) {
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException(field + " must not be blank, was " + (v == null ? "null" : "'" + v + "'"));
        }
        if (v.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException(field + " must not contain control characters, was '"
                    + v.replaceAll("\\p{Cntrl}", "?") + "'");
        }
    }

    /** The text hashed for shard assignment: {@code generator \n promptId \n sampleIndex}. */
    public String text() {
        return generator + "\n" + promptId + "\n" + sampleIndex;
    }

    @Override
    public int compareTo(WorkKey o) {
        int c = generator.compareTo(o.generator);
        if (c == 0) {
            c = promptId.compareTo(o.promptId);
        }
        return c != 0 ? c : Integer.compare(sampleIndex, o.sampleIndex);
    }

    @Override
    public String toString() {
        return generator + "/" + promptId + "#" + sampleIndex;
    }
}
