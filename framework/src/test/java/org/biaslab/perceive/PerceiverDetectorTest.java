package org.biaslab.perceive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.biaslab.perceive.faceapi.FaceApi;
import org.biaslab.perceive.model.ModelStore;
import org.junit.jupiter.api.Test;

/** BlazeFace in front of face-api's landmark and age/gender networks (Perceiver.Detector.BLAZEFACE). */
class PerceiverDetectorTest {

    @Test
    void blazeFaceFindsTheFacesThatFaceApiThenReads() throws Exception {
        ModelStore store = ModelStore.forProject();
        Path pkg = store.fetch(store.manifest(FaceApi.MANIFEST));
        // a close head-and-shoulders crop of the package's first demo photo (a woman), as BlazeFace front expects
        RgbImage photo = TestImages.read(pkg.resolve("demo/sample1.jpg"));
        try (Perceiver tiny = Perceiver.load(PerceptionPolicy.defaults());
                Perceiver blaze = Perceiver.load(PerceptionPolicy.defaults(), FaceApi.Options.defaults(),
                        Perceiver.Detector.BLAZEFACE)) {
            assertEquals(Perceiver.Detector.TINY_FACE, tiny.detector());
            assertEquals(Perceiver.Detector.BLAZEFACE, blaze.detector());
            ImagePerception t = tiny.perceive(photo);
            assertTrue(!t.faces().isEmpty(), "face-api finds a face in sample1");
            FaceBox face = t.faces().get(0).analysis().detection().box();
            int side = (int) Math.round(Math.max(face.width(), face.height()) * 2.0);
            int x = (int) Math.max(0, Math.round(face.x() + face.width() / 2 - side / 2.0));
            int y = (int) Math.max(0, Math.round(face.y() + face.height() / 2 - side / 2.0));
            RgbImage crop = TestImages.crop(photo, x, y, Math.min(side, photo.width() - x), Math.min(side, photo.height() - y));
            ImagePerception b = blaze.perceive(crop);
            assertEquals(1, b.faces().size(), "BlazeFace finds the one face of the crop");
            FacePerception f = b.faces().get(0);
            assertEquals(68, f.analysis().landmarks().size());
            assertEquals("woman", f.gender(), "the face face-api reads as a woman in the whole photo: p(woman) "
                    + f.analysis().femaleProbability());
            assertTrue(blaze.modelFiles().keySet().stream().anyMatch(k -> k.endsWith(".onnx")), blaze.modelFiles().toString());
            assertTrue(tiny.modelFiles().keySet().stream().noneMatch(k -> k.endsWith(".onnx")));
        }
        assertEquals(" detector=blazeface flip", Perceiver.optionSuffix(new FaceApi.Options(416, 0.5, true),
                Perceiver.Detector.BLAZEFACE));
        assertEquals("", Perceiver.optionSuffix(FaceApi.Options.defaults(), Perceiver.Detector.TINY_FACE));
        var e = assertThrows(IllegalArgumentException.class, () -> Perceiver.Detector.parse("mtcnn"));
        assertTrue(e.getMessage().contains("'mtcnn'") && e.getMessage().contains("blazeface"), e.getMessage());
    }

    @Test
    void blazeFaceBackFindsTheFacesOfWholePhotosThatFaceApiThenReads() throws Exception {
        ModelStore store = ModelStore.forProject();
        Path pkg = store.fetch(store.manifest(FaceApi.MANIFEST));
        assertEquals(Perceiver.Detector.BLAZEFACE_BACK, Perceiver.Detector.parse("blazeface-back"));
        assertEquals(" detector=blazeface-back", Perceiver.optionSuffix(FaceApi.Options.defaults(),
                Perceiver.Detector.BLAZEFACE_BACK));
        try (Perceiver back = Perceiver.load(PerceptionPolicy.defaults(), FaceApi.Options.defaults(),
                Perceiver.Detector.BLAZEFACE_BACK)) {
            assertEquals(Perceiver.Detector.BLAZEFACE_BACK, back.detector());
            assertTrue(back.modelFiles().containsKey("models/blazeface-back.json")
                    && back.modelFiles().containsKey("models/blazeface-back.bin")
                    && back.modelFiles().keySet().stream().noneMatch(k -> k.endsWith(".onnx")), back.modelFiles().toString());
            // the whole 1920-px photos (faces of 60-130 px): the faces TF.js's run of the model keeps
            // (BlazeFaceBackGoldenTest: 3 and 5), each read by face-api's landmark and age/gender networks
            for (var c : java.util.Map.of("sample1", 3, "sample5", 5).entrySet()) {
                ImagePerception p = back.perceive(TestImages.read(pkg.resolve("demo/" + c.getKey() + ".jpg")));
                assertEquals(c.getValue(), p.faces().size(), c.getKey());
                for (FacePerception f : p.faces()) {
                    assertEquals(68, f.analysis().landmarks().size());
                    assertTrue(f.analysis().femaleProbability() >= 0 && f.analysis().femaleProbability() <= 1);
                }
            }
        }
    }
}
