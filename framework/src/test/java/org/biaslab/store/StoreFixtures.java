package org.biaslab.store;

import java.time.Duration;
import java.util.OptionalLong;
import org.biaslab.generate.BlankImageException;
import org.biaslab.generate.GeneratedImage;
import org.biaslab.generate.GenerationException;
import org.biaslab.generate.GenerationRequest;
import org.biaslab.generate.ImageFormat;
import org.biaslab.generate.Seeds;
import org.biaslab.generate.TestImages;

/**
 * A deterministic little "run": key k is a blank image when {@code k % 7 == 3}, a failure when
 * {@code k % 11 == 5}, otherwise an image (with one perceived face) whose pixels come from k.
 */
final class StoreFixtures {
    static final String PERCEIVER = "test-faces";
    static final long EXPERIMENT_SEED = 2024;

    private StoreFixtures() {}

    static WorkKey key(int k) {
        return new WorkKey("sd15", "p" + (k % 10), k / 10);
    }

    static GenerationRequest request(int k) {
        WorkKey key = key(k);
        long seed = Seeds.perImage(EXPERIMENT_SEED, key.promptId(), key.sampleIndex());
        return GenerationRequest.of(key.promptId(), "a photo of worker " + key.promptId(), seed, key.sampleIndex(), 8, 8);
    }

    static GenerationRecord.Status expectedStatus(int k) {
        if (k % 7 == 3) {
            return GenerationRecord.Status.BLANK;
        }
        return k % 11 == 5 ? GenerationRecord.Status.FAILED : GenerationRecord.Status.OK;
    }

    static GeneratedImage image(int k) {
        GenerationRequest r = request(k);
        byte[] png = expectedStatus(k) == GenerationRecord.Status.BLANK
                ? TestImages.flatPng(8, 8, (k % 3) * 0x101010)
                : TestImages.noisyPng(8, 8, k);
        return new GeneratedImage(png, ImageFormat.PNG, 8, 8, OptionalLong.of(r.seed()), true, "v1-5 [6ce0161689]",
                "a1111", "http://gpu-" + (k % 2) + ":7860", Duration.ofMillis(1000 + k), 1,
                "{\"info\":{\"seed\":" + r.seed() + "}}");
    }

    static GenerationException failure(int k) {
        return new GenerationException(GenerationException.Kind.HTTP_STATUS, true, 500, "http://gpu-0:7860", null, 3,
                "gave up after 3 attempts: HTTP 500 for key " + k, null);
    }

    static String faces(int k) {
        return "[{\"box\":[1,1,6,6],\"perceived_gender\":{\"female\":" + (k % 10) / 10.0 + ",\"male\":"
                + (10 - k % 10) / 10.0 + "}}]";
    }

    /** Records key k the way an experiment would: generation, then perception of ok images. */
    static void record(RunStore store, int k) throws Exception {
        WorkKey key = key(k);
        switch (expectedStatus(k)) {
            case BLANK -> store.recordBlank(key, request(k), new BlankImageException(image(k), "#000000", "test"));
            case FAILED -> store.recordFailure(key, request(k), "a1111", failure(k));
            case OK -> {
                GeneratedImage img = image(k);
                store.recordImage(key, request(k), img);
                store.putPerception(PerceptionRecord.ok(img.sha256(), PERCEIVER, faces(k)));
            }
            default -> throw new IllegalStateException();
        }
    }

    /** Records every key of 0..n-1 that is not done yet (failed ones again), printing "done k" after each. */
    static void resume(RunStore store, int n, java.io.PrintStream progress) throws Exception {
        java.util.List<WorkKey> planned = new java.util.ArrayList<>();
        for (int k = 0; k < n; k++) {
            planned.add(key(k));
        }
        java.util.Set<WorkKey> pending = new java.util.HashSet<>(store.pending(planned));
        for (int k = 0; k < n; k++) {
            WorkKey key = key(k);
            if (!pending.contains(key)) {
                // an ok image whose perception was cut off still needs its perception
                if (expectedStatus(k) == GenerationRecord.Status.OK
                        && store.perception(image(k).sha256(), PERCEIVER).isEmpty() && store.accepts(key)) {
                    store.putPerception(PerceptionRecord.ok(image(k).sha256(), PERCEIVER, faces(k)));
                }
                continue;
            }
            record(store, k);
            if (progress != null) {
                progress.println("done " + k);
                progress.flush();
            }
        }
    }
}
