package org.biaslab.debias.lm;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Small deterministic languages for the tests. */
final class Synthetic {
    static final int NOUNS = 20;
    static final List<String> OBJECTS = List.of(
            "ball", "kite", "horse", "bike", "board", "cake", "dog", "cat", "bus", "tree",
            "phone", "bench", "table", "plate", "car", "boat", "train", "frisbee", "umbrella", "skis");

    private Synthetic() {}

    static String noun(int i) {
        return "n" + i;
    }

    /** The adjective that always follows noun {@code i}: a bijection, so either word gives the other. */
    static String adjective(int i) {
        return "a" + ((i * 7 + 3) % NOUNS);
    }

    /** {@code the nI is aF(I) .} or {@code a nI looks aF(I) .}, nouns uniform. */
    static List<List<String>> nounIsAdjective(int count, long seed) {
        Random random = new Random(seed);
        List<List<String>> out = new ArrayList<>(count);
        for (int k = 0; k < count; k++) {
            int i = random.nextInt(NOUNS);
            out.add(random.nextBoolean()
                    ? List.of("the", noun(i), "is", adjective(i), ".")
                    : List.of("a", noun(i), "looks", adjective(i), "."));
        }
        return out;
    }

    /** Gender word a caption must carry for evidence {@code [male, female, present]}. */
    static String genderFor(float[] evidence) {
        if (evidence[2] == 0f) {
            return "person";
        }
        return evidence[0] > evidence[1] ? "man" : "woman";
    }

    static float[] evidence(int kind) {
        return switch (kind) {
            case 0 -> GenderEvidence.of(0.9, 0.1).toVector();
            case 1 -> GenderEvidence.of(0.15, 0.85).toVector();
            default -> GenderEvidence.absent().toVector();
        };
    }

    /**
     * {@code a G is riding a O .} / {@code the G holds a O near the O2 .} with a random gender
     * word G in the input and the evidence's gender word in the target; everything else copied.
     */
    static List<DenoiseExample> genderPairs(int count, long seed) {
        Random random = new Random(seed);
        List<String> genders = List.of("man", "woman", "person");
        List<DenoiseExample> out = new ArrayList<>(count);
        for (int k = 0; k < count; k++) {
            float[] ev = evidence(random.nextInt(3));
            String wrong = genders.get(random.nextInt(3));
            String right = genderFor(ev);
            String o = OBJECTS.get(random.nextInt(OBJECTS.size()));
            String o2 = OBJECTS.get(random.nextInt(OBJECTS.size()));
            List<String> input;
            List<String> target;
            if (random.nextBoolean()) {
                input = List.of("a", wrong, "is", "riding", "a", o, ".");
                target = List.of("a", right, "is", "riding", "a", o, ".");
            } else {
                input = List.of("the", wrong, "holds", "a", o, "near", "the", o2, ".");
                target = List.of("the", right, "holds", "a", o, "near", "the", o2, ".");
            }
            out.add(new DenoiseExample(input, ev, target));
        }
        return out;
    }

    static List<List<String>> targets(List<DenoiseExample> examples) {
        List<List<String>> out = new ArrayList<>();
        for (DenoiseExample e : examples) {
            out.add(e.target());
            out.add(e.input());
        }
        return out;
    }
}
