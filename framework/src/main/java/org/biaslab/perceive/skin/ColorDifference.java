package org.biaslab.perceive.skin;

/**
 * Colour differences between CIELAB colours.
 *
 * <p>{@link #ciede2000} follows CIE 142-2001 with kL = kC = kH = 1, written from the equations
 * in G. Sharma, W. Wu, E. N. Dalal, "The CIEDE2000 color-difference formula: implementation
 * notes, supplementary test data, and mathematical observations", Color Research and
 * Application 30(1), 2005, pp. 21-30 (their equations 2-22, including the hue-mean and
 * hue-difference branches when a colour is neutral or the hues straddle 0/360 degrees). Their
 * Table 1 is the test data.
 */
public final class ColorDifference {

    private static final double POW25_7 = Math.pow(25, 7);

    private ColorDifference() {}

    /** CIE 1976 difference: Euclidean distance in L*a*b*. */
    public static double cie76(Lab x, Lab y) {
        double dl = x.l() - y.l();
        double da = x.a() - y.a();
        double db = x.b() - y.b();
        return Math.sqrt(dl * dl + da * da + db * db);
    }

    /** CIEDE2000 difference (symmetric, >= 0). */
    public static double ciede2000(Lab x, Lab y) {
        double l1 = x.l(), a1 = x.a(), b1 = x.b();
        double l2 = y.l(), a2 = y.a(), b2 = y.b();

        double c1 = Math.hypot(a1, b1);
        double c2 = Math.hypot(a2, b2);
        double cMean = (c1 + c2) / 2;
        double cMean7 = Math.pow(cMean, 7);
        double g = 0.5 * (1 - Math.sqrt(cMean7 / (cMean7 + POW25_7)));
        double a1p = (1 + g) * a1;
        double a2p = (1 + g) * a2;
        double c1p = Math.hypot(a1p, b1);
        double c2p = Math.hypot(a2p, b2);
        double h1p = hueDegrees(a1p, b1);
        double h2p = hueDegrees(a2p, b2);

        double dLp = l2 - l1;
        double dCp = c2p - c1p;
        double dhp;
        if (c1p * c2p == 0) {
            dhp = 0;
        } else {
            dhp = h2p - h1p;
            if (dhp > 180) dhp -= 360;
            else if (dhp < -180) dhp += 360;
        }
        double dHp = 2 * Math.sqrt(c1p * c2p) * Math.sin(Math.toRadians(dhp / 2));

        double lMeanP = (l1 + l2) / 2;
        double cMeanP = (c1p + c2p) / 2;
        double hMeanP;
        if (c1p * c2p == 0) {
            hMeanP = h1p + h2p;
        } else if (Math.abs(h1p - h2p) <= 180) {
            hMeanP = (h1p + h2p) / 2;
        } else if (h1p + h2p < 360) {
            hMeanP = (h1p + h2p + 360) / 2;
        } else {
            hMeanP = (h1p + h2p - 360) / 2;
        }

        double t = 1 - 0.17 * Math.cos(Math.toRadians(hMeanP - 30))
                + 0.24 * Math.cos(Math.toRadians(2 * hMeanP))
                + 0.32 * Math.cos(Math.toRadians(3 * hMeanP + 6))
                - 0.20 * Math.cos(Math.toRadians(4 * hMeanP - 63));
        double dTheta = 30 * Math.exp(-Math.pow((hMeanP - 275) / 25, 2));
        double cMeanP7 = Math.pow(cMeanP, 7);
        double rc = 2 * Math.sqrt(cMeanP7 / (cMeanP7 + POW25_7));
        double l50 = (lMeanP - 50) * (lMeanP - 50);
        double sl = 1 + 0.015 * l50 / Math.sqrt(20 + l50);
        double sc = 1 + 0.045 * cMeanP;
        double sh = 1 + 0.015 * cMeanP * t;
        double rt = -Math.sin(Math.toRadians(2 * dTheta)) * rc;

        double tl = dLp / sl;
        double tc = dCp / sc;
        double th = dHp / sh;
        return Math.sqrt(tl * tl + tc * tc + th * th + rt * tc * th);
    }

    /** Hue angle in degrees, [0, 360); 0 when a = b = 0 (Sharma et al. eq. 4). */
    private static double hueDegrees(double a, double b) {
        if (a == 0 && b == 0) return 0;
        double h = Math.toDegrees(Math.atan2(b, a));
        return h < 0 ? h + 360 : h;
    }
}
