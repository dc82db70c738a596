package org.biaslab.metric.leakage;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.biaslab.caption.LabelledImage;
import org.biaslab.text.WordList;

/**
 * A protected attribute of the LIC study: its two classes (label 0, label 1), where an image's
 * annotation is read, and the words masked in captions.
 *
 * @param name attribute name used in YAML ({@code gender}, {@code race})
 * @param displayName wording for reports ("perceived gender", ...)
 * @param classes annotation values of label 0 and label 1
 * @param annotation reads an image's annotation value
 * @param maskLists bundled word lists whose words are masked
 * @param maskToken token that replaces a masked word
 */
public record LicAttribute(String name, String displayName, List<String> classes,
        Function<LabelledImage, String> annotation, List<String> maskLists, String maskToken) {

    /** Perceived gender: Male = 0, Female = 1 (labels of Zhao et al. 2021 used by LIC). */
    public static final LicAttribute GENDER = new LicAttribute("gender", "perceived gender", List.of("Male", "Female"),
            LabelledImage::perceivedGender, List.of("lic-masculine", "lic-feminine"), "genderword");

    /** Perceived skin tone group: Light = 0, Dark = 1 ({@code bb_skin}); Unsure/Both/empty are left out. */
    public static final LicAttribute RACE = new LicAttribute("race", "perceived skin tone group (Light/Dark)",
            List.of("Light", "Dark"), LabelledImage::skin, List.of("lic-race"), "raceword");

    public static final Map<String, LicAttribute> ALL = Map.of("gender", GENDER, "race", RACE);

    public LicAttribute {
        classes = List.copyOf(classes);
        if (classes.size() != 2) {
            throw new IllegalArgumentException("LIC needs exactly two classes, got " + classes);
        }
        maskLists = List.copyOf(maskLists);
    }

    /** Label 0 or 1 of an image, or -1 when its annotation is neither class. */
    public int label(LabelledImage image) {
        return classes.indexOf(annotation.apply(image));
    }

    public Set<String> maskWords() {
        Set<String> words = new LinkedHashSet<>();
        for (String l : maskLists) {
            words.addAll(WordList.bundled(l).words());
        }
        return words;
    }
}
