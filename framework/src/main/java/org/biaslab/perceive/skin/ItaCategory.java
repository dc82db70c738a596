package org.biaslab.perceive.skin;

/**
 * The six skin-colour categories of the Individual Typology Angle (Chardon, Cretois and Hourseau,
 * Int. J. Cosmetic Science 13, 1991; category edges as in Del Bino and Bernerd, British J.
 * Dermatology 169 Suppl. 3, 2013): very light &gt; 55 &gt; light &gt; 41 &gt; intermediate &gt; 28 &gt;
 * tan &gt; 10 &gt; brown &gt; -30 &gt; dark, in degrees.
 *
 * <p>Edges: the papers give the edges but not which side owns them. Here every category owns its
 * <b>upper</b> edge and excludes its lower one: light is {@code 41 < ITA <= 55}, intermediate
 * {@code 28 < ITA <= 41}, tan {@code 10 < ITA <= 28}, brown {@code -30 < ITA <= 10}, dark
 * {@code ITA <= -30}, very light {@code ITA > 55}. So 55 exactly is light, 41 intermediate,
 * 28 tan, 10 brown, -30 dark.
 *
 * <p>Fitzpatrick-style labels: bias studies commonly pair the six categories one-to-one with
 * Fitzpatrick types I to VI in this order. That pairing is a convention, not an equivalence:
 * Fitzpatrick types describe reported reaction to UV, ITA measures colour; the label here is
 * "Fitzpatrick-style" and refers to estimated skin tone only.
 */
public enum ItaCategory {
    VERY_LIGHT("very light", "I", 55, Double.POSITIVE_INFINITY),
    LIGHT("light", "II", 41, 55),
    INTERMEDIATE("intermediate", "III", 28, 41),
    TAN("tan", "IV", 10, 28),
    BROWN("brown", "V", -30, 10),
    DARK("dark", "VI", Double.NEGATIVE_INFINITY, -30);

    private final String label;
    private final String fitzpatrickStyle;
    private final double lowerExclusive;
    private final double upperInclusive;

    ItaCategory(String label, String fitzpatrickStyle, double lowerExclusive, double upperInclusive) {
        this.label = label;
        this.fitzpatrickStyle = fitzpatrickStyle;
        this.lowerExclusive = lowerExclusive;
        this.upperInclusive = upperInclusive;
    }

    /** Human-readable name, e.g. "very light". */
    public String label() { return label; }

    /** The Fitzpatrick-style type conventionally paired with this category, "I" to "VI". */
    public String fitzpatrickStyle() { return fitzpatrickStyle; }

    /** Lower edge in degrees, not included (-infinity for dark). */
    public double lowerExclusive() { return lowerExclusive; }

    /** Upper edge in degrees, included (+infinity for very light). */
    public double upperInclusive() { return upperInclusive; }

    /** The category of an ITA in degrees. */
    public static ItaCategory of(double itaDegrees) {
        if (Double.isNaN(itaDegrees)) throw new IllegalArgumentException("ITA must not be NaN");
        for (ItaCategory c : values()) {
            if (itaDegrees > c.lowerExclusive && itaDegrees <= c.upperInclusive) return c;
        }
        throw new AssertionError("categories cover the real line; ITA " + itaDegrees);
    }
}
