package org.biaslab.perceive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.biaslab.perceive.faceapi.FaceApi;
import org.biaslab.perceive.model.ModelStore;
import org.biaslab.perceive.tfjs.FaceRes;
import org.junit.jupiter.api.Test;

/** Human's faceres as the perceived-gender network behind face-api's detector and landmarks (GenderModel.FACERES). */
class PerceiverGenderModelTest {

    @Test
    void faceresReadsTheFacesTheDetectorFound() throws Exception {
        ModelStore store = ModelStore.forProject();
        Path pkg = store.fetch(store.manifest(FaceApi.MANIFEST));
        PerceptionPolicy all = new PerceptionPolicy(PerceptionPolicy.DEFAULT_MARGIN, PerceptionPolicy.FacePolicy.ALL, 0);
        try (Perceiver faceapi = Perceiver.load(all, FaceApi.Options.defaults(),
                Perceiver.Detector.TINY_FACE, Perceiver.GenderModel.FACEAPI);
                Perceiver faceres = Perceiver.load(all, FaceApi.Options.defaults(),
                        Perceiver.Detector.TINY_FACE, Perceiver.GenderModel.FACERES);
                FaceRes direct = FaceRes.load()) {
            assertEquals(Perceiver.GenderModel.FACERES, faceres.genderModel());
            int differ = 0;
            int faces = 0;
            for (int k = 1; k <= 6; k++) {
                RgbImage photo = TestImages.read(pkg.resolve("demo/sample" + k + ".jpg"));
                ImagePerception a = faceapi.perceive(photo);
                ImagePerception b = faceres.perceive(photo);
                assertEquals(a.faces().size(), b.faces().size(), "the same detector finds the same faces");
                faces += a.faces().size();
                for (int i = 0; i < a.faces().size(); i++) {
                    FacePerception fa = a.faces().get(i);
                    FacePerception fb = b.faces().get(i);
                    assertEquals(fa.analysis().detection().box(), fb.analysis().detection().box());
                    assertEquals(fa.analysis().landmarks(), fb.analysis().landmarks());
                    assertEquals(fa.skin(), fb.skin(), "the estimated skin tone does not depend on the gender model");
                    // p(woman) is 1 - faceres's male score on its crop of the detector's box
                    FaceRes.Result r = direct.analyze(photo, FaceRes.cropBox(fb.analysis().detection().box()));
                    assertEquals(1 - r.maleScore(), fb.pWoman(), 1e-6);
                    assertEquals(all.genderLabel(fb.pWoman()), fb.gender());
                    differ += Math.abs(fa.pWoman() - fb.pWoman()) > 1e-3 ? 1 : 0;
                }
            }
            assertTrue(faces > 10, "faces in the six demo photos: " + faces);
            assertTrue(differ > 0, "two networks give different probabilities");
            assertTrue(faceres.modelFiles().keySet().stream().anyMatch(k -> k.contains("faceres")), faceres.modelFiles()
                    .toString());
            assertTrue(faceapi.modelFiles().keySet().stream().noneMatch(k -> k.contains("faceres")));
        }
        assertEquals(" detector=blazeface gender=faceres", Perceiver.optionSuffix(FaceApi.Options.defaults(),
                Perceiver.Detector.BLAZEFACE, Perceiver.GenderModel.FACERES));
        var e = assertThrows(IllegalArgumentException.class, () -> Perceiver.GenderModel.parse("clip"));
        assertTrue(e.getMessage().contains("'clip'") && e.getMessage().contains("faceres"), e.getMessage());
    }
}
