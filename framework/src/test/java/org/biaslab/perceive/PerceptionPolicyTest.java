package org.biaslab.perceive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PerceptionPolicyTest {

    @Test
    void theUncertainBandIsOpenAroundOneHalf() {
        PerceptionPolicy p = new PerceptionPolicy(0.1, PerceptionPolicy.FacePolicy.LARGEST, 0);
        assertEquals("man", p.genderLabel(0.0));
        assertEquals("man", p.genderLabel(0.4));          // on the edge: decided
        assertEquals("uncertain", p.genderLabel(0.4001));
        assertEquals("uncertain", p.genderLabel(0.5));
        assertEquals("uncertain", p.genderLabel(0.5999));
        assertEquals("woman", p.genderLabel(0.6));
        PerceptionPolicy none = new PerceptionPolicy(0, PerceptionPolicy.FacePolicy.ALL, 0);
        assertEquals("woman", none.genderLabel(0.5001));
        assertEquals("man", none.genderLabel(0.5));        // a tie is not "woman"
    }

    @Test
    void badSettingsNameTheFieldAndValue() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> new PerceptionPolicy(0.5, PerceptionPolicy.FacePolicy.LARGEST, 0));
        assertTrue(e.getMessage().contains("uncertainMargin") && e.getMessage().contains("0.5"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> PerceptionPolicy.FacePolicy.parse("biggest"));
        assertTrue(e.getMessage().contains("biggest"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new PerceptionPolicy(0.1, PerceptionPolicy.FacePolicy.LARGEST, -1));
        assertTrue(e.getMessage().contains("cropPadding"), e.getMessage());
    }

    @Test
    void paddingReplicatesTheEdgePixels() {
        // 2x1 image: red, blue
        RgbImage img = new RgbImage(2, 1, new byte[] {(byte) 255, 0, 0, 0, 0, (byte) 255});
        RgbImage padded = Perceiver.padWithEdges(img, 2, 1);
        assertEquals(6, padded.width());
        assertEquals(3, padded.height());
        for (int y = 0; y < 3; y++) {
            for (int x = 0; x < 6; x++) {
                boolean leftHalf = x < 3;
                assertEquals(leftHalf ? 255 : 0, padded.red(x, y), "red at " + x + "," + y);
                assertEquals(leftHalf ? 0 : 255, padded.blue(x, y), "blue at " + x + "," + y);
            }
        }
    }
}
