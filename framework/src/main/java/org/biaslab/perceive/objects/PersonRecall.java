package org.biaslab.perceive.objects;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.biaslab.metric.Estimate;
import org.biaslab.metric.Intervals;

/**
 * How often the object detector finds a person where people saw one, per group: recall of "person"
 * over the images annotators labelled with a person's gender, and the share of images with a person
 * detected among those where face perception found no face. Plain counting with Wilson intervals.
 */
public final class PersonRecall {
    /** Name of the row over all groups. */
    public static final String ALL = "all";

    private PersonRecall() {}

    /**
     * One image's outcome.
     *
     * @param file           file name
     * @param group          its group (e.g. occupation)
     * @param personLabelled whether the annotators' label says a person is there (majority Male or
     *                       Female)
     * @param personDetected whether at least one "person" was detected
     * @param faceOutcome    face perception's outcome for the image ("no face", "woman", ...), or
     *                       null when not known
     */
    public record Image(String file, String group, boolean personLabelled, boolean personDetected,
            String faceOutcome) {
        public Image {
            Objects.requireNonNull(file, "file");
            Objects.requireNonNull(group, "group");
        }
    }

    /**
     * A proportion in one group.
     *
     * @param group    the group, or {@link #ALL}
     * @param hits     images counted as hits
     * @param n        images in the denominator
     * @param estimate hits / n with its Wilson interval (undefined when n = 0)
     */
    public record Share(String group, long hits, long n, Estimate estimate) {}

    /** Recall of "person" over the person-labelled images: {@link #ALL} first, then each group. */
    public static List<Share> recall(List<Image> images, double confidence) {
        return shares(images, Image::personLabelled, Image::personDetected, confidence);
    }

    /** The person-labelled images without a detected person, in input order. */
    public static List<Image> misses(List<Image> images) {
        return images.stream().filter(i -> i.personLabelled() && !i.personDetected()).toList();
    }

    /**
     * Among the images whose face outcome is {@code noFace}: the share with a person detected
     * ({@link #ALL} first, then each group). Images without a face outcome are left out.
     */
    public static List<Share> personWhereNoFace(List<Image> images, String noFace, double confidence) {
        return shares(images, i -> noFace.equals(i.faceOutcome()), Image::personDetected, confidence);
    }

    private static List<Share> shares(List<Image> images, Predicate<Image> inDenominator, Predicate<Image> hit,
            double confidence) {
        Map<String, long[]> byGroup = new TreeMap<>();
        long[] all = new long[2];
        for (Image i : images) {
            if (!inDenominator.test(i)) {
                continue;
            }
            long[] g = byGroup.computeIfAbsent(i.group(), k -> new long[2]);
            int h = hit.test(i) ? 1 : 0;
            g[0] += h;
            g[1]++;
            all[0] += h;
            all[1]++;
        }
        List<Share> out = new ArrayList<>();
        out.add(new Share(ALL, all[0], all[1], Intervals.wilson(all[0], all[1], confidence)));
        byGroup.forEach((k, v) -> out.add(new Share(k, v[0], v[1], Intervals.wilson(v[0], v[1], confidence))));
        return out;
    }
}
