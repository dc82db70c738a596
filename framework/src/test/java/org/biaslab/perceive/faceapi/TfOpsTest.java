package org.biaslab.perceive.faceapi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.biaslab.engine.Torch;
import org.biaslab.perceive.tfjs.TfjsWeights;

/** TF "SAME" semantics against hand values and a plain reference implementation of TF's definition. */
class TfOpsTest {
    private static NDManager m;

    @BeforeAll
    static void open() {
        m = Torch.newManager();
    }

    @AfterAll
    static void close() {
        m.close();
    }

    @Test
    void samePaddingPutsTheOddPixelAtTheBottomRight() {
        assertArrayEquals(new int[] {0, 1}, TfOps.samePadding(112, 3, 2)); // out 56: 55*2+3-112 = 1
        assertArrayEquals(new int[] {0, 1}, TfOps.samePadding(56, 3, 2));
        assertArrayEquals(new int[] {1, 1}, TfOps.samePadding(5, 3, 2));   // out 3: 2*2+3-5 = 2
        assertArrayEquals(new int[] {1, 1}, TfOps.samePadding(7, 3, 1));
        assertArrayEquals(new int[] {0, 1}, TfOps.samePadding(207, 2, 2)); // out 104
        assertArrayEquals(new int[] {0, 0}, TfOps.samePadding(414, 2, 2));
        assertArrayEquals(new int[] {0, 1}, TfOps.samePadding(13, 2, 1));
        assertArrayEquals(new int[] {0, 0}, TfOps.samePadding(56, 1, 2));  // 27*2+1-56 < 0
        assertArrayEquals(new int[] {2, 3}, TfOps.samePadding(10, 7, 2));  // out 5: 4*2+7-10 = 5
    }

    @Test
    void strideTwoSameConvolutionSamplesFromTheTopLeft() {
        // 1 channel 4x4 input 0..15, 3x3 kernel with a single 1 at the centre: SAME stride 2 pads only
        // after, so the centre tap reads (1,1), (1,3), (3,1), (3,3); PyTorch's symmetric padding 1 would
        // read (0,0), (0,2), (2,0), (2,2) = 0, 2, 8, 10
        float[] in = new float[16];
        for (int i = 0; i < 16; i++) {
            in[i] = i;
        }
        float[] k = new float[9];
        k[4] = 1;
        try (NDManager s = m.newSubManager()) {
            NDArray x = s.create(in, new Shape(1, 1, 4, 4));
            NDArray w = s.create(k, new Shape(1, 1, 3, 3));
            NDArray y = TfOps.convSame(x, w, null, 2, 1);
            assertEquals(new Shape(1, 1, 2, 2), y.getShape());
            assertArrayEquals(new float[] {5, 7, 13, 15}, y.toFloatArray());
        }
    }

    @Test
    void convolutionsMatchTfDefinition() {
        Random r = new Random(7);
        int[][] cases = {{9, 3, 2}, {8, 3, 2}, {7, 3, 1}, {6, 1, 2}, {11, 3, 2}};
        for (int[] c : cases) {
            int size = c[0];
            int kernel = c[1];
            int stride = c[2];
            int cin = 3;
            int cout = 2;
            float[] in = random(r, cin * size * size);
            float[] w = random(r, cout * cin * kernel * kernel);
            float[] b = random(r, cout);
            float[] dw = random(r, cin * kernel * kernel);
            try (NDManager s = m.newSubManager()) {
                NDArray x = s.create(in, new Shape(1, cin, size, size));
                float[] y = TfOps.convSame(x, s.create(w, new Shape(cout, cin, kernel, kernel)), s.create(b), stride, 1)
                        .toFloatArray();
                assertArrayEquals(refConv(in, cin, size, w, cout, kernel, stride, b, false), y, 1e-5f,
                        "conv " + size + "/" + kernel + "/" + stride);
                float[] d = TfOps.convSame(x, s.create(dw, new Shape(cin, 1, kernel, kernel)), null, stride, cin)
                        .toFloatArray();
                assertArrayEquals(refConv(in, cin, size, dw, cin, kernel, stride, null, true), d, 1e-5f,
                        "depthwise " + size + "/" + kernel + "/" + stride);
            }
        }
    }

    @Test
    void maxPoolIgnoresPaddingEvenWhenAllValuesAreNegative() {
        // 3x3 of negative values, 2x2 stride 1 SAME: padding after (bottom, right); zero padding would win
        float[] in = {-9, -8, -7, -6, -5, -4, -3, -2, -1};
        try (NDManager s = m.newSubManager()) {
            NDArray y = TfOps.maxPoolSame(s.create(in, new Shape(1, 1, 3, 3)), 2, 1);
            assertEquals(new Shape(1, 1, 3, 3), y.getShape());
            assertArrayEquals(new float[] {-5, -4, -4, -2, -1, -1, -2, -1, -1}, y.toFloatArray());
            // 3x3 stride 2 on 4x4 (out 2, padding 0 before, 1 after)
            float[] in4 = new float[16];
            for (int i = 0; i < 16; i++) {
                in4[i] = -i;
            }
            NDArray z = TfOps.maxPoolSame(s.create(in4, new Shape(1, 1, 4, 4)), 3, 2);
            assertArrayEquals(new float[] {0, -2, -8, -10}, z.toFloatArray());
            // odd size 5, 2x2 stride 2: out 3, last window holds one row/column
            float[] in5 = new float[25];
            for (int i = 0; i < 25; i++) {
                in5[i] = -i;
            }
            NDArray v = TfOps.maxPoolSame(s.create(in5, new Shape(1, 1, 5, 5)), 2, 2);
            assertArrayEquals(new float[] {0, -2, -4, -10, -12, -14, -20, -22, -24}, v.toFloatArray());
        }
    }

    @Test
    void weightLayoutsConvertFromTf() {
        // HWIO [kh=1, kw=2, in=2, out=3]: value = 100*y + 10*x + ... encode indices
        float[] hwio = new float[12];
        for (int x = 0; x < 2; x++) {
            for (int i = 0; i < 2; i++) {
                for (int o = 0; o < 3; o++) {
                    hwio[(x * 2 + i) * 3 + o] = 100 * o + 10 * i + x;
                }
            }
        }
        try (NDManager s = m.newSubManager()) {
            NDArray f = TfOps.filters(s, new TfjsWeights.Tensor("f", new int[] {1, 2, 2, 3}, hwio));
            assertEquals(new Shape(3, 2, 1, 2), f.getShape());
            float[] oihw = f.toFloatArray();
            for (int o = 0; o < 3; o++) {
                for (int i = 0; i < 2; i++) {
                    for (int x = 0; x < 2; x++) {
                        assertEquals(100 * o + 10 * i + x, oihw[(o * 2 + i) * 2 + x]);
                    }
                }
            }
            float[] dw = {0, 1, 10, 11}; // [kh=1, kw=2, C=2, 1]: value = 10*x + c
            NDArray d = TfOps.depthwise(s, new TfjsWeights.Tensor("d", new int[] {1, 2, 2, 1}, dw));
            assertEquals(new Shape(2, 1, 1, 2), d.getShape());
            assertArrayEquals(new float[] {0, 10, 1, 11}, d.toFloatArray());
        }
    }

    private static float[] random(Random r, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) r.nextGaussian();
        }
        return a;
    }

    /** TF conv2d / depthwiseConv2d with SAME padding, straight from the definition, in double. */
    private static float[] refConv(float[] in, int cin, int size, float[] w, int cout, int k, int stride, float[] b,
            boolean depthwise) {
        int out = (size + stride - 1) / stride;
        int before = TfOps.samePadding(size, k, stride)[0];
        float[] y = new float[cout * out * out];
        for (int o = 0; o < cout; o++) {
            for (int oy = 0; oy < out; oy++) {
                for (int ox = 0; ox < out; ox++) {
                    double acc = b == null ? 0 : b[o];
                    for (int i = depthwise ? o : 0; i < (depthwise ? o + 1 : cin); i++) {
                        for (int ky = 0; ky < k; ky++) {
                            for (int kx = 0; kx < k; kx++) {
                                int iy = oy * stride + ky - before;
                                int ix = ox * stride + kx - before;
                                if (iy < 0 || ix < 0 || iy >= size || ix >= size) {
                                    continue;
                                }
                                double wv = depthwise ? w[(o * k + ky) * k + kx] : w[((o * cin + i) * k + ky) * k + kx];
                                acc += wv * in[(i * size + iy) * size + ix];
                            }
                        }
                    }
                    y[(o * out + oy) * out + ox] = (float) acc;
                }
            }
        }
        return y;
    }
}
