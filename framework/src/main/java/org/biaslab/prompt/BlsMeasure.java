package org.biaslab.prompt;

/**
 * The percentages CPS Table 11 gives for each occupation, as shares of the employed in it. BLS
 * notes that people of Hispanic or Latino ethnicity may be of any race, so the race shares and the
 * Hispanic share overlap, and the race shares need not sum to 100 (people of other races, or of
 * two or more, are in none of the race columns).
 */
public enum BlsMeasure {
    WOMEN("pct_women", "% women"),
    WHITE("pct_white", "% White"),
    BLACK("pct_black", "% Black or African American"),
    ASIAN("pct_asian", "% Asian"),
    HISPANIC_LATINO("pct_hispanic_latino", "% Hispanic or Latino");

    private final String column;
    private final String label;

    BlsMeasure(String column, String label) {
        this.column = column;
        this.label = label;
    }

    /** The column in the table files, e.g. {@code pct_women}. */
    public String column() {
        return column;
    }

    /** A label for reports, e.g. {@code % women}. */
    public String label() {
        return label;
    }
}
