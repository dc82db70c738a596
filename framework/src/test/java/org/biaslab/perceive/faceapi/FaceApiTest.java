package org.biaslab.perceive.faceapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.biaslab.perceive.FaceBox;
import org.biaslab.perceive.FaceDetection;
import org.biaslab.perceive.Point;
import org.biaslab.perceive.RgbImage;
import org.biaslab.perceive.TestImages;
import org.biaslab.perceive.model.ModelException;
import org.biaslab.perceive.model.ModelStore;
import org.biaslab.util.Hashing;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pipeline's contract beyond the numbers: threads, memory, closing, inputs without faces, provenance. */
class FaceApiTest {
    private static Path pkg;
    private static FaceApi api;
    private static List<RgbImage> images;

    @BeforeAll
    static void load() throws Exception {
        ModelStore store = ModelStore.forProject();
        pkg = store.fetch(store.manifest(FaceApi.MANIFEST));
        api = FaceApi.open(pkg, FaceApi.Options.defaults());
        images = new ArrayList<>();
        for (int i : new int[] {1, 3, 5}) {
            RgbImage full = TestImages.read(pkg.resolve("demo/sample" + i + ".jpg"));
            images.add(TestImages.crop(full, 0, 0, 1000, 900));
        }
    }

    @AfterAll
    static void close() {
        if (api != null) {
            api.close();
        }
    }

    @Test
    void givenBoxesAreReadLikeItsOwnDetections() throws Exception {
        for (RgbImage img : images) {
            List<FaceAnalysis> own = api.analyze(img);
            List<FaceDetection> boxes = own.stream().map(FaceAnalysis::detection).toList();
            assertEquals(own, api.analyze(img, boxes), "face-api's own boxes handed back give the same analysis");
        }
        // a box from elsewhere (here: the first face's box shifted by 3 px) is read, not re-detected
        RgbImage img = images.get(0);
        FaceAnalysis first = api.analyze(img).get(0);
        FaceBox b = first.detection().box();
        FaceDetection moved = new FaceDetection(new FaceBox(b.x() + 3, b.y() + 3, b.width(),
                b.height()), 0.5);
        List<FaceAnalysis> one = api.analyze(img, List.of(moved));
        assertEquals(1, one.size());
        assertEquals(moved, one.get(0).detection());
        assertEquals(first.femaleProbability(), one.get(0).femaleProbability(), 0.1, "same face, nearly the same reading");
        assertEquals(List.of(), api.analyze(img, List.of()), "no box, no face");
    }

    @Test
    void concurrentCallsOnOneInstanceGiveTheSequentialResults() throws Exception {
        List<List<FaceAnalysis>> sequential = new ArrayList<>();
        for (RgbImage img : images) {
            sequential.add(api.analyze(img));
        }
        assertTrue(sequential.stream().mapToInt(List::size).sum() > 0, "the crops hold faces");
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Future<List<FaceAnalysis>>> futures = new ArrayList<>();
            for (int round = 0; round < 3; round++) {
                for (RgbImage img : images) {
                    futures.add(pool.submit(() -> api.analyze(img)));
                }
            }
            for (int k = 0; k < futures.size(); k++) {
                List<FaceAnalysis> expected = sequential.get(k % images.size());
                List<FaceAnalysis> actual = futures.get(k).get();
                assertEquals(expected.size(), actual.size());
                for (int f = 0; f < expected.size(); f++) {
                    assertEquals(expected.get(f).age(), actual.get(f).age(), 1e-6);
                    assertEquals(expected.get(f).maleProbability(), actual.get(f).maleProbability(), 1e-6);
                    assertEquals(expected.get(f).detection().box().x(), actual.get(f).detection().box().x(), 1e-6);
                    assertEquals(expected.get(f).landmarks().get(30).y(), actual.get(f).landmarks().get(30).y(), 1e-6);
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void callsLeaveNoArraysBehindInTheWeightsScope() throws Exception {
        int before = api.weightArrayCount();
        assertTrue(before > 100, "the three networks hold their weights: " + before);
        for (int i = 0; i < 5; i++) {
            api.analyze(images.get(i % images.size()));
            api.detect(images.get(i % images.size()));
        }
        assertEquals(before, api.weightArrayCount());
    }

    @Test
    void imagesWithoutFacesGiveEmptyLists() throws Exception {
        RgbImage grey = new RgbImage(64, 48, filled(64 * 48 * 3, (byte) 128));
        assertEquals(List.of(), api.analyze(grey));
        assertEquals(List.of(), api.detect(grey));
        RgbImage tiny = new RgbImage(1, 1, new byte[3]);
        assertEquals(List.of(), api.analyze(tiny));
    }

    @Test
    void detectionsAreOrderedByScoreAndReportedInImagePixels() throws Exception {
        List<FaceDetection> d = api.detect(images.get(2));
        assertTrue(d.size() >= 2, "sample5's crop has several faces: " + d.size());
        for (int i = 1; i < d.size(); i++) {
            assertTrue(d.get(i - 1).score() >= d.get(i).score());
        }
        for (FaceDetection f : d) {
            FaceBox b = f.box();
            assertTrue(b.width() > 50 && b.x() > -b.width() && b.right() < 1000 + b.width(), b.toString());
            assertTrue(f.score() > 0.5);
        }
        // a higher threshold keeps a prefix of the same detections
        double cut = (d.get(0).score() + d.get(1).score()) / 2;
        List<FaceDetection> strict = api.detect(images.get(2), new FaceApi.Options(416, cut));
        assertEquals(d.subList(0, 1), strict.subList(0, 1));
        assertTrue(strict.stream().allMatch(f -> f.score() > cut));
    }

    @Test
    void landmarksLieInTheirFacesAndTheAlignedBoxEnclosesThem() throws Exception {
        for (FaceAnalysis a : api.analyze(images.get(0))) {
            FaceBox box = a.detection().box();
            for (Point p : a.landmarks()) {
                assertTrue(p.x() > box.x() - box.width() * 0.25 && p.x() < box.right() + box.width() * 0.25, p.toString());
                assertTrue(p.y() > box.y() - box.height() * 0.25 && p.y() < box.bottom() + box.height() * 0.25,
                        p.toString());
                assertTrue(p.x() >= a.alignedBox().x() && p.x() <= a.alignedBox().right());
            }
            // iBUG order: the left eye's corner (36) is left of the right eye's (45), the chin (8) below the nose tip (30)
            assertTrue(a.landmarks().get(36).x() < a.landmarks().get(45).x());
            assertTrue(a.landmarks().get(8).y() > a.landmarks().get(30).y());
            assertEquals(1, a.maleProbability() + a.femaleProbability(), 1e-6);
        }
    }

    @Test
    void flipAverageKeepsTheFacesAndAveragesWithTheMirrorsOutput() throws Exception {
        FaceApi.Options flip = new FaceApi.Options(416, 0.5, true);
        int changed = 0;
        int faces = 0;
        for (RgbImage img : images) {
            List<FaceAnalysis> plain = api.analyze(img);
            List<FaceAnalysis> averaged = api.analyze(img, flip);
            assertEquals(plain.size(), averaged.size());
            for (int f = 0; f < plain.size(); f++) {
                FaceAnalysis a = plain.get(f);
                FaceAnalysis b = averaged.get(f);
                faces++;
                // detection and landmarks are face-api's; only the age/gender network's output changes
                assertEquals(a.detection(), b.detection());
                assertEquals(a.landmarks(), b.landmarks());
                assertEquals(a.alignedBox(), b.alignedBox());
                assertEquals(1, b.maleProbability() + b.femaleProbability(), 1e-6);
                // the mean of the plain output and the mirror's: the mirror's implied output is a probability
                double mirrorFemale = 2 * b.femaleProbability() - a.femaleProbability();
                assertTrue(mirrorFemale > -1e-6 && mirrorFemale < 1 + 1e-6, "mirror's p(female) " + mirrorFemale);
                changed += Math.abs(a.femaleProbability() - b.femaleProbability()) > 1e-6 ? 1 : 0;
            }
        }
        assertTrue(faces > 0);
        assertTrue(changed > 0, "the mirror changes some face's output (" + faces + " faces)");
    }

    @Test
    void reportsTheWeightFilesWithTheirHashes() throws Exception {
        var files = api.weightFiles();
        assertEquals(6, files.size());
        assertEquals(Hashing.sha256(pkg.resolve("model/age_gender_model.bin")), files.get("model/age_gender_model.bin"));
        assertTrue(files.containsKey(FaceApi.DETECTOR));
    }

    @Test
    void closedInstancesRefuseWorkAndCloseIsIdempotent() throws Exception {
        FaceApi other = FaceApi.open(pkg, FaceApi.Options.defaults());
        other.close();
        other.close();
        assertThrows(IllegalStateException.class, () -> other.detect(images.get(0)));
    }

    @Test
    void optionsAreValidated() {
        assertEquals(new FaceApi.Options(416, 0.5), FaceApi.Options.defaults());
        assertEquals(new FaceApi.Options(416, 0.5, false), FaceApi.Options.defaults());
        assertTrue(FaceApi.Options.defaults().isDefault());
        assertFalse(new FaceApi.Options(416, 0.5, true).isDefault());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new FaceApi.Options(400, 0.5));
        assertTrue(e.getMessage().contains("inputSize") && e.getMessage().contains("400"));
        e = assertThrows(IllegalArgumentException.class, () -> new FaceApi.Options(416, 1.0));
        assertTrue(e.getMessage().contains("scoreThreshold") && e.getMessage().contains("1.0"));
        assertThrows(IllegalArgumentException.class, () -> new FaceApi.Options(0, 0.5));
    }

    @Test
    void missingOrForeignWeightsAreReportedWithTheFile(@TempDir Path dir) throws Exception {
        ModelException e = assertThrows(ModelException.class, () -> FaceApi.open(dir, FaceApi.Options.defaults()));
        assertTrue(e.getMessage().contains("tiny_face_detector_model-weights_manifest.json"), e.getMessage());
        // the tiny landmark model in place of the full one: wrong names and shapes
        Files.createDirectories(dir.resolve("model"));
        for (String f : List.of("tiny_face_detector_model-weights_manifest.json", "tiny_face_detector_model.bin")) {
            Files.copy(pkg.resolve("model").resolve(f), dir.resolve("model").resolve(f));
        }
        Files.writeString(dir.resolve(FaceApi.LANDMARKS), Files.readString(pkg.resolve(FaceApi.DETECTOR)));
        e = assertThrows(ModelException.class, () -> FaceApi.open(dir, FaceApi.Options.defaults()));
        assertTrue(e.getMessage().contains("face_landmark_68_model") && e.getMessage().contains("dense0/conv0/filters"),
                e.getMessage());
    }

    private static byte[] filled(int n, byte v) {
        byte[] b = new byte[n];
        java.util.Arrays.fill(b, v);
        return b;
    }
}
