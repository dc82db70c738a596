package org.biaslab.perceive.skin;

/**
 * A CIELAB colour (CIE 1976 L*a*b*, D65 reference white as used by sRGB).
 *
 * @param l lightness L*, 0 (black) to 100 (white); values slightly outside are allowed for
 *          numerical round-off, NaN and infinities are not
 * @param a a*, green (-) to red (+)
 * @param b b*, blue (-) to yellow (+)
 */
public record Lab(double l, double a, double b) {

    public Lab {
        if (!Double.isFinite(l) || l < -1e-6 || l > 100 + 1e-6) {
            throw new IllegalArgumentException("L* must be finite and in [0, 100], was " + l);
        }
        if (!Double.isFinite(a)) throw new IllegalArgumentException("a* must be finite, was " + a);
        if (!Double.isFinite(b)) throw new IllegalArgumentException("b* must be finite, was " + b);
    }

    /** Chroma C*ab = sqrt(a*^2 + b*^2). */
    public double chroma() {
        return Math.hypot(a, b);
    }

    /** Hue angle h_ab in degrees, [0, 360); 0 for a neutral colour. */
    public double hue() {
        if (a == 0 && b == 0) return 0;
        double h = Math.toDegrees(Math.atan2(b, a));
        return h < 0 ? h + 360 : h;
    }
}
