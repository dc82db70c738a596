package org.biaslab.prompt;

/**
 * The BLS row chosen for one occupation of one list in one year's table.
 *
 * @param listId occupation list, e.g. {@code dalleval}
 * @param occupationId occupation within the list
 * @param year the table year
 * @param kind how well the row matches; {@link MatchKind#UNMAPPED} when there is none
 * @param blsTitle the row title exactly as the table writes it; empty when unmapped
 * @param note what else the row counts, what it leaves out, or why there is no row; required for
 *     every kind but {@link MatchKind#EXACT}
 */
public record BlsMatch(String listId, String occupationId, int year, MatchKind kind, String blsTitle, String note) {
    public BlsMatch {
        Ids.require("list", listId);
        Ids.require("occupation_id", occupationId);
        if (kind == null) {
            throw new IllegalArgumentException("match is missing");
        }
        blsTitle = blsTitle == null ? "" : blsTitle;
        note = note == null ? "" : note;
        String who = listId + "/" + occupationId + " (" + year + ")";
        if (kind == MatchKind.UNMAPPED && !blsTitle.isEmpty()) {
            throw new IllegalArgumentException(who + ": bls_title '" + blsTitle + "' given for an unmapped occupation");
        }
        if (kind != MatchKind.UNMAPPED && blsTitle.isEmpty()) {
            throw new IllegalArgumentException(who + ": bls_title is empty for match '" + kind.token() + "'");
        }
        if (kind != MatchKind.EXACT && note.isBlank()) {
            throw new IllegalArgumentException(who + ": note is empty; match '" + kind.token()
                    + "' needs a note saying " + (kind == MatchKind.UNMAPPED ? "why there is no row" : "how the row differs"));
        }
    }

    public boolean mapped() {
        return kind != MatchKind.UNMAPPED;
    }
}
