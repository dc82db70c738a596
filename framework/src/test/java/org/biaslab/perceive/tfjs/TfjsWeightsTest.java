package org.biaslab.perceive.tfjs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.biaslab.perceive.model.ModelException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TfjsWeightsTest {
    @TempDir
    Path dir;

    private static byte[] bytes(int size, java.util.function.Consumer<ByteBuffer> fill) {
        ByteBuffer b = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        fill.accept(b);
        return b.array();
    }

    @Test
    void decodesUint8Uint16AndFloat32InManifestOrderAcrossShardsAndGroups() throws Exception {
        // group 1: "a" uint8 [2,2] (q * 0.5 - 1), "b" float32 [2], split over two shards mid-value;
        // group 2: "c" uint16 [3] (q * 0.001 + 2)
        byte[] g1 = bytes(4 + 8, b -> {
            b.put((byte) 0).put((byte) 1).put((byte) 2).put((byte) 255);
            b.putFloat(1.5f).putFloat(-2.25f);
        });
        Files.write(dir.resolve("g1-shard1of2.bin"), java.util.Arrays.copyOfRange(g1, 0, 6));
        Files.write(dir.resolve("g1-shard2of2.bin"), java.util.Arrays.copyOfRange(g1, 6, g1.length));
        Files.write(dir.resolve("g2.bin"), bytes(6, b -> b.putShort((short) 0).putShort((short) 1000)
                .putShort((short) 65535)));
        Path manifest = dir.resolve("m-weights_manifest.json");
        Files.writeString(manifest, """
                [{"paths": ["g1-shard1of2.bin", "g1-shard2of2.bin"], "weights": [
                   {"name": "a", "shape": [2, 2], "dtype": "float32",
                    "quantization": {"dtype": "uint8", "scale": 0.5, "min": -1}},
                   {"name": "b", "shape": [2], "dtype": "float32"}]},
                 {"paths": ["g2.bin"], "weights": [
                   {"name": "c", "shape": [3], "dtype": "float32",
                    "quantization": {"dtype": "uint16", "scale": 0.001, "min": 2}}]}]
                """);
        TfjsWeights.Weights w = TfjsWeights.read(manifest);
        assertEquals(List.of("a", "b", "c"), List.copyOf(w.tensors().keySet()));
        assertArrayEquals(new int[] {2, 2}, w.tensors().get("a").shape());
        assertArrayEquals(new float[] {-1f, -0.5f, 0f, 126.5f}, w.tensors().get("a").data());
        assertArrayEquals(new float[] {1.5f, -2.25f}, w.tensors().get("b").data());
        // 1000 * 0.001 + 2 in double is 3.0; 65535 * 0.001 + 2 = 67.535 rounded to float32 once
        assertArrayEquals(new float[] {2f, 3f, (float) 67.535}, w.tensors().get("c").data());
        assertEquals(List.of(dir.resolve("g1-shard1of2.bin"), dir.resolve("g1-shard2of2.bin"), dir.resolve("g2.bin")),
                w.shards());
    }

    @Test
    void quantizedValuesRoundOnceFromDoubleAsTfjsDoes() throws Exception {
        // with the detector's conv0 quantization, code 4 gives -1.1709157f when computed in double and
        // rounded once (TF.js), but -1.1709158f in float arithmetic
        Files.write(dir.resolve("w.bin"), new byte[] {4});
        Path manifest = dir.resolve("w.json");
        Files.writeString(manifest, """
                [{"paths": ["w.bin"], "weights": [{"name": "x", "shape": [1], "dtype": "float32",
                  "quantization": {"dtype": "uint8", "scale": 0.009007044399485869, "min": -1.2069439495311063}}]}]
                """);
        float v = TfjsWeights.read(manifest).tensors().get("x").data()[0];
        assertEquals(-1.1709157f, v);
        assertTrue(4f * 0.009007044399485869f + -1.2069439495311063f != v, "float arithmetic would differ here");
    }

    @Test
    void realDetectorWeightsDecodeToTheirManifestShapes() throws Exception {
        var store = org.biaslab.perceive.model.ModelStore.forProject();
        Path pkg = store.fetch(store.manifest("vladmandic-face-api.yaml"));
        TfjsWeights.Weights w = TfjsWeights.read(pkg.resolve("model/tiny_face_detector_model-weights_manifest.json"));
        assertEquals(19, w.tensors().size());
        TfjsWeights.Tensor conv0 = w.tensors().get("conv0/filters");
        assertArrayEquals(new int[] {3, 3, 3, 16}, conv0.shape());
        // uint8 codes decode to q * scale + min: every value lies on that grid within [min, min + 255 scale]
        double scale = 0.009007044399485869;
        double min = -1.2069439495311063;
        for (float f : conv0.data()) {
            double q = (f - min) / scale;
            assertTrue(q > -1e-3 && q < 255 + 1e-3 && Math.abs(q - Math.rint(q)) < 1e-3, "off-grid value " + f);
        }
    }

    @Test
    void decodesFloat16AndInt32AsTfjsDoes() throws Exception {
        // half-precision codes: 1, -2, the smallest subnormal 2^-24, the largest normal 65504, -0,
        // +infinity, 1/3 rounded to half (0x3555 = 0.333251953125); then int32 values
        short[] halves = {0x3c00, (short) 0xc000, 0x0001, 0x7bff, (short) 0x8000, 0x7c00, 0x3555};
        byte[] data = bytes(2 * halves.length + 12, b -> {
            for (short h : halves) {
                b.putShort(h);
            }
            b.putInt(-1).putInt(7).putInt(Integer.MAX_VALUE);
        });
        Files.write(dir.resolve("h.bin"), data);
        Path model = dir.resolve("model.json");
        Files.writeString(model, """
                [{"paths": ["h.bin"], "weights": [
                  {"name": "h", "shape": [7], "dtype": "float32",
                   "quantization": {"dtype": "float16", "original_dtype": "float32"}},
                  {"name": "i", "shape": [3], "dtype": "int32"}]}]
                """);
        TfjsWeights.Weights w = TfjsWeights.read(model);
        float[] h = w.tensors().get("h").data();
        assertArrayEquals(new float[] {1f, -2f, 0x1p-24f, 65504f, -0f, Float.POSITIVE_INFINITY, 0.333251953125f}, h);
        assertEquals(Float.floatToRawIntBits(-0f), Float.floatToRawIntBits(h[4]), "negative zero keeps its sign");
        assertEquals("int32", w.tensors().get("i").dtype());
        assertArrayEquals(new int[] {-1, 7, Integer.MAX_VALUE}, w.tensors().get("i").ints());
        assertThrows(IllegalStateException.class, () -> w.tensors().get("i").data());
        // every finite half widens exactly: float32 back to half by rounding gives the same code
        for (int code = 0; code < 0x10000; code++) {
            float f = TfjsWeights.halfToFloat((short) code);
            int exponent = (code >>> 10) & 0x1f;
            if (exponent != 0x1f) {
                double magnitude = exponent == 0 ? (code & 0x3ff) * 0x1p-24
                        : (1 + (code & 0x3ff) / 1024.0) * Math.pow(2, exponent - 15);
                assertEquals((code & 0x8000) != 0 ? -magnitude : magnitude, f, 0.0, "code " + code);
            } else {
                assertTrue((code & 0x3ff) == 0 ? Float.isInfinite(f) : Float.isNaN(f), "code " + code);
            }
        }
    }

    @Test
    void errorsNameTheFileAndWeight() throws Exception {
        Path manifest = dir.resolve("bad.json");
        Files.write(dir.resolve("s.bin"), new byte[] {1, 2});
        Files.writeString(manifest, """
                [{"paths": ["s.bin"], "weights": [{"name": "too_big", "shape": [4], "dtype": "float32"}]}]
                """);
        ModelException e = assertThrows(ModelException.class, () -> TfjsWeights.read(manifest));
        assertTrue(e.getMessage().contains("bad.json") && e.getMessage().contains("too_big"), e.getMessage());

        Files.writeString(manifest, """
                [{"paths": ["s.bin"], "weights": [{"name": "h", "shape": [2], "dtype": "float32",
                  "quantization": {"dtype": "int8"}}]}]
                """);
        e = assertThrows(ModelException.class, () -> TfjsWeights.read(manifest));
        assertTrue(e.getMessage().contains("'h'") && e.getMessage().contains("int8"), e.getMessage());

        Files.writeString(manifest, """
                [{"paths": ["s.bin"], "weights": [{"name": "b", "shape": [2], "dtype": "bool"}]}]
                """);
        e = assertThrows(ModelException.class, () -> TfjsWeights.read(manifest));
        assertTrue(e.getMessage().contains("'b'") && e.getMessage().contains("bool"), e.getMessage());

        Files.writeString(manifest, """
                [{"paths": ["missing.bin"], "weights": []}]
                """);
        e = assertThrows(ModelException.class, () -> TfjsWeights.read(manifest));
        assertTrue(e.getMessage().contains("missing.bin"), e.getMessage());

        Files.writeString(manifest, """
                [{"paths": ["s.bin"], "weights": [{"name": "one", "shape": [1], "dtype": "float32",
                  "quantization": {"dtype": "uint8", "scale": 1, "min": 0}}]}]
                """);
        e = assertThrows(ModelException.class, () -> TfjsWeights.read(manifest));
        assertTrue(e.getMessage().contains("not used"), e.getMessage());
    }
}
