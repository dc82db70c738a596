package org.biaslab.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The plain-Java references on cases computed by hand. */
class ReferenceMathTest {
    private static final double EPS = 1e-12;

    @Test
    void matMul() {
        assertArrayEquals(new double[] {19, 22, 43, 50},
                ReferenceMath.matMul(new double[] {1, 2, 3, 4}, new double[] {5, 6, 7, 8}, 2, 2, 2), EPS);
    }

    @Test
    void convolutionWithStridePaddingAndGroups() {
        double[] x = {1, 2, 3, 4, 5, 6, 7, 8, 9};
        double[] ones = {1, 1, 1, 1};
        // valid 2x2 sums
        assertArrayEquals(new double[] {12, 16, 24, 28},
                ReferenceMath.conv2d(x, new int[] {1, 1, 3, 3}, ones, new int[] {1, 1, 2, 2}, null, 1, 0, 1), EPS);
        // padding 1, stride 2: windows start at -1 and 1 in both axes; bias 0.5
        assertArrayEquals(new double[] {1.5, 5.5, 11.5, 28.5},
                ReferenceMath.conv2d(x, new int[] {1, 1, 3, 3}, ones, new int[] {1, 1, 2, 2}, new double[] {0.5}, 2, 1, 1),
                EPS);
        // two channels, groups 2 (depthwise): channel 1 is x * 10, its filter doubles
        double[] x2 = new double[18];
        for (int i = 0; i < 9; i++) {
            x2[i] = x[i];
            x2[9 + i] = 10 * x[i];
        }
        double[] w = {1, 1, 1, 1, 2, 2, 2, 2};
        assertArrayEquals(new double[] {12, 16, 24, 28, 240, 320, 480, 560},
                ReferenceMath.conv2d(x2, new int[] {1, 2, 3, 3}, w, new int[] {2, 1, 2, 2}, null, 1, 0, 2), EPS);
    }

    @Test
    void maxPoolAndLeakyRelu() {
        double[] x = {1, -2, 3, 4, 5, 6, -7, 8, 9, 10, 11, 12, 13, 14, 15, -16};
        assertArrayEquals(new double[] {6, 8, 14, 15}, ReferenceMath.maxPool(x, new int[] {1, 1, 4, 4}, 2), EPS);
        assertArrayEquals(new double[] {-0.2, 3}, ReferenceMath.leakyRelu(new double[] {-2, 3}, 0.1), EPS);
    }

    @Test
    void lstmTwoStepsByHand() {
        // input 1, hidden 1, all weights 0, bias of the cell gate g = 1: i = f = o = 1/2, g = tanh 1
        double[] zero4 = new double[4];
        double[] bih = {0, 0, 1, 0};
        double[] h = ReferenceMath.lstm(new double[] {0.7, -0.3}, 1, 2, 1, 1, zero4, zero4, bih, zero4);
        double c1 = 0.5 * Math.tanh(1);
        double c2 = 0.5 * c1 + 0.5 * Math.tanh(1);
        assertEquals(0.18169974219452625, h[0], EPS);
        assertEquals(0.5 * Math.tanh(c1), h[0], EPS);
        assertEquals(0.258118401869521, h[1], EPS);
        assertEquals(0.5 * Math.tanh(c2), h[1], EPS);
    }

    @Test
    void layerNormSoftmaxGeluLinear() {
        double r = Math.sqrt(1.5);
        assertArrayEquals(new double[] {-r, 0, r}, ReferenceMath.layerNorm(new double[] {1, 2, 3}, 1, 3,
                new double[] {1, 1, 1}, new double[] {0, 0, 0}, 0), 1e-12);
        assertArrayEquals(new double[] {0.25, 0.75}, ReferenceMath.softmaxRows(new double[] {0, Math.log(3)}, 1, 2),
                EPS);
        // x * Phi(x): Phi(1) = 0.8413447460685429
        assertArrayEquals(new double[] {0.8413447460685429, -0.15865525393145707, 0},
                ReferenceMath.gelu(new double[] {1, -1, 0}), 1e-9);
        // W = [[1, 2], [3, 4], [5, 6]], x = [1, -1], b = [0, 1, 2]
        assertArrayEquals(new double[] {-1, 0, 1}, ReferenceMath.linear(new double[] {1, -1}, 1, 2,
                new double[] {1, 2, 3, 4, 5, 6}, 3, new double[] {0, 1, 2}), EPS);
    }
}
