package org.biaslab.perceive.skin;

/**
 * Individual Typology Angle, in degrees throughout (never radians: DALL-Eval's released skin-tone
 * code is reported to have mixed the units; every angle and every category edge here is degrees).
 *
 * <p>Definition (Chardon et al. 1991): {@code ITA = atan((L* - 50) / b*) * 180 / pi}. It is the
 * angle, seen from the point (b* = 0, L* = 50), between the b* axis and the colour in the
 * (b*, L*) plane. For skin b* &gt; 0 and the formula gives (-90, 90) degrees.
 *
 * <p>b* &lt;= 0 (a bluish or neutral colour: not skin, usually coloured light or a wrong region)
 * is undefined in the original formula (division by zero at b* = 0, and a sign flip below,
 * where a nearly white bluish patch would come out as "dark"). Here ITA is computed as
 * {@code atan2(L* - 50, b*)} in degrees, which equals the formula for every b* &gt; 0 and
 * continues it through the angle: b* = 0 gives +90 (L* &gt; 50) or -90 (L* &lt; 50), b* &lt; 0
 * gives |ITA| &gt; 90, still very light above L* = 50 and dark below. Such values are never
 * silent: {@link SkinToneEstimator} flags them as {@link SkinQualityFlag#COLOURED_LIGHT}.
 */
public final class Ita {

    private Ita() {}

    /** ITA in degrees, (-180, 180]; NaN only for NaN input. For L* = 50 and b* = 0, 0. */
    public static double degrees(double lightness, double b) {
        return Math.toDegrees(Math.atan2(lightness - 50, b));
    }

    /**
     * A number that orders colours exactly as {@link #degrees(double, double)} does, without
     * trigonometry: the "diamond angle" of (b*, L* - 50), in [-2, 2]. {@link #pseudoToDegrees}
     * turns it back into the ITA.
     */
    static double pseudo(double lightness, double b) {
        double y = lightness - 50;
        double x = b;
        double s = Math.abs(x) + Math.abs(y);
        if (s == 0) return 0;
        double q = y / s;
        if (x >= 0) return q;                 // -90 .. 90 degrees
        return y >= 0 ? 2 - q : -2 - q;       // (90, 180] and (-180, -90)
    }

    /** The ITA in degrees of a {@link #pseudo} value. */
    static double pseudoToDegrees(double p) {
        if (p >= -1 && p <= 1) return Math.toDegrees(Math.atan2(p, 1 - Math.abs(p)));
        if (p > 1) {
            double q = 2 - p;
            return Math.toDegrees(Math.atan2(q, -(1 - q)));
        }
        double q = -2 - p;
        return Math.toDegrees(Math.atan2(q, -(1 + q)));
    }

    /** ITA of a CIELAB colour, in degrees. */
    public static double degrees(Lab lab) {
        return degrees(lab.l(), lab.b());
    }
}
