package org.biaslab.perceive.skin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.geom.AffineTransform;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SkinRegionsTest {

    private static List<int[]> pixels(double[][] poly, int w, int h) {
        List<int[]> out = new ArrayList<>();
        SkinRegions.rasterise(poly, w, h, (x, y) -> out.add(new int[] {x, y}));
        return out;
    }

    @Test
    void pixelCentresInsideTheSquare() {
        double[][] square = {{0, 2, 2, 0}, {0, 0, 2, 2}};
        assertEquals(4, pixels(square, 10, 10).size());
        double[][] offset = {{0.6, 2.4, 2.4, 0.6}, {0.6, 0.6, 2.4, 2.4}}; // only centre (1.5, 1.5) inside
        List<int[]> one = pixels(offset, 10, 10);
        assertEquals(1, one.size());
        assertEquals(1, one.get(0)[0]);
        assertEquals(1, one.get(0)[1]);
        double[][] triangle = {{0, 10, 0}, {0, 0, 10}}; // x + y < 10 for centres: 45 pixels
        assertEquals(45, pixels(triangle, 20, 20).size());
    }

    @Test
    void clippingCountsWhatFellOutside() {
        double[][] square = {{-5, 5, 5, -5}, {-5, -5, 5, 5}};
        List<int[]> in = new ArrayList<>();
        long unclipped = SkinRegions.rasterise(square, 3, 3, (x, y) -> in.add(new int[] {x, y}));
        assertEquals(100, unclipped);
        assertEquals(9, in.size());
        for (int[] p : in) assertTrue(p[0] >= 0 && p[0] < 3 && p[1] >= 0 && p[1] < 3);
    }

    @Test
    void regionsLieOnTheCheeksAndAboveTheBrows() {
        Map<SkinRegion, double[][]> polys = SkinRegions.polygons(SyntheticFace.TEMPLATE);
        double[][] right = polys.get(SkinRegion.RIGHT_CHEEK);
        double[][] left = polys.get(SkinRegion.LEFT_CHEEK);
        double[][] forehead = polys.get(SkinRegion.FOREHEAD);
        for (double x : right[0]) assertTrue(x < 100, "right cheek is on the image's left");
        for (double x : left[0]) assertTrue(x > 100, "left cheek is on the image's right");
        for (double y : right[1]) assertTrue(y > 81 && y < 150, "cheek between eyes and jaw: " + y);
        double browTop = 63;
        for (double y : forehead[1]) assertTrue(y < browTop, "forehead above the brows: " + y);
        // brow-to-eye distance ~22.3: the band reaches about 1.3 of it above the brow points
        double minY = Double.POSITIVE_INFINITY;
        for (double y : forehead[1]) minY = Math.min(minY, y);
        assertEquals(63 - 1.3 * 22.3, minY, 1.0);
        // mirror symmetry of the template carries over to the regions
        assertEquals(area(right), area(left), 1e-6);
    }

    /** The forehead follows head roll and stays on the side away from the mouth, even upside down. */
    @Test
    void foreheadFollowsRotation() {
        for (double degrees : new double[] {-35, 20, 180}) {
            AffineTransform t = AffineTransform.getRotateInstance(Math.toRadians(degrees), 100, 100);
            double[][] lm = SyntheticFace.landmarks(t);
            double[][] forehead = SkinRegions.polygons(lm).get(SkinRegion.FOREHEAD);
            double[] eyes = {(lm[39][0] + lm[42][0]) / 2, (lm[39][1] + lm[42][1]) / 2};
            double[] toMouth = {lm[57][0] - eyes[0], lm[57][1] - eyes[1]};
            for (int i = 0; i < forehead[0].length; i++) {
                double along = (forehead[0][i] - eyes[0]) * toMouth[0] + (forehead[1][i] - eyes[1]) * toMouth[1];
                assertTrue(along < 0, "rotation " + degrees + ": forehead point on the mouth's side");
            }
            // the rotated polygon is the template's polygon rotated
            double[][] template = SkinRegions.polygons(SyntheticFace.TEMPLATE).get(SkinRegion.FOREHEAD);
            double[] p = {template[0][0], template[1][0]};
            t.transform(p, 0, p, 0, 1);
            assertEquals(p[0], forehead[0][0], 1e-9);
            assertEquals(p[1], forehead[1][0], 1e-9);
        }
    }

    @Test
    void landmarkValidation() {
        assertThrows(IllegalArgumentException.class, () -> SkinRegions.polygons(new double[67][2]));
        double[][] nan = SyntheticFace.landmarks(new AffineTransform());
        nan[30][1] = Double.NaN;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SkinRegions.polygons(nan));
        assertTrue(e.getMessage().contains("landmark 30"), e.getMessage());
        double[][] shortRow = SyntheticFace.landmarks(new AffineTransform());
        shortRow[3] = new double[] {1};
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SkinRegions.polygons(shortRow))
                .getMessage().contains("landmark 3"));
        assertThrows(IllegalArgumentException.class, () -> SkinRegions.polygons(null));
    }

    private static double area(double[][] poly) {
        double s = 0;
        int n = poly[0].length;
        for (int i = 0, j = n - 1; i < n; j = i++) s += poly[0][j] * poly[1][i] - poly[0][i] * poly[1][j];
        return Math.abs(s) / 2;
    }
}
