package org.biaslab.debias.bcs;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.biaslab.debias.CorpusCaption;
import org.biaslab.debias.GenderSwapper;
import org.biaslab.metric.Estimate;
import org.biaslab.metric.Intervals;
import org.biaslab.metric.leakage.CaptionClassifier;
import org.biaslab.metric.leakage.LeakageException;
import org.biaslab.metric.leakage.linear.LinearConfig;
import org.biaslab.metric.leakage.linear.LinearTrainer;
import org.biaslab.text.CaptionGender;
import org.biaslab.util.Hashing;

/**
 * The gender classifier LIBRA's Biased Caption Synthesis filters with (Hirota et al. CVPR 2023,
 * sec. 4.1): it reads a caption whose gender words are masked and says how strongly the rest, the
 * context, points to female or male. It is the linear leakage classifier of biaslab's LIC study
 * ({@link LinearTrainer} with {@link LinearConfig#DEFAULT}: L2 logistic regression on binary
 * unigrams).
 *
 * <p>Masking: every masculine and feminine word of the swapper's lexicon (LIBRA's extended lists,
 * {@code his}, {@code her} included) becomes {@value #MASK_TOKEN}, the token of the LIC study.
 * Gender-neutral person words (person, child, surfer, ...) are kept: they state no gender, LIC
 * keeps them too, and they are the same before and after a gender swap.
 *
 * <p>Training: the captions are split into training and held-out parts by group (when groups are
 * given, e.g. image ids, no group is in both, so the five captions of an image never straddle the
 * split; otherwise each caption is its own group): the sorted distinct groups are shuffled with the
 * seed and the first {@code round(heldOutFraction * groups)} held out. Each part is then balanced
 * by downsampling its majority class to the size of its minority class (seeded), so that the
 * classifier has no prior for either gender and chance accuracy on the held-out part is 0.5.
 *
 * <p>Tokens are lower-cased Treebank tokens ({@link BiasedCaptionSynthesis#tokens}); masking
 * compares lower-cased. Immutable; {@link #pFemale} may be called from several threads.
 */
public final class GenderLeakageGate implements AutoCloseable {
    /** Replaces every gender word (the LIC study's mask token). */
    public static final String MASK_TOKEN = "genderword";
    /** Label of female captions. */
    public static final int FEMALE = 1;
    /** Label of male captions. */
    public static final int MALE = 0;

    /**
     * How the gate was trained and how well it does.
     *
     * @param captionsOffered captions given to {@link #train}
     * @param femaleOffered of them labelled female
     * @param maleOffered of them labelled male
     * @param groupsHeldOut groups (e.g. images) held out
     * @param trainPerClass training captions per class after balancing
     * @param heldOutPerClass held-out captions per class after balancing
     * @param heldOutAccuracy accuracy on the balanced held-out captions (decision p_female &ge; 0.5), Wilson 95%
     * @param heldOutFemaleRecall share of the held-out female captions predicted female
     * @param heldOutMaleRecall share of the held-out male captions predicted male
     * @param classifier the classifier's name and settings
     */
    public record Stats(long captionsOffered, long femaleOffered, long maleOffered, long groupsHeldOut, int trainPerClass,
            int heldOutPerClass, Estimate heldOutAccuracy, Estimate heldOutFemaleRecall, Estimate heldOutMaleRecall,
            Map<String, Object> classifier) {
        public Stats {
            Objects.requireNonNull(heldOutAccuracy, "heldOutAccuracy");
            Objects.requireNonNull(heldOutFemaleRecall, "heldOutFemaleRecall");
            Objects.requireNonNull(heldOutMaleRecall, "heldOutMaleRecall");
            classifier = Map.copyOf(classifier);
        }

        /** Held-out captions (both classes). */
        public int heldOut() {
            return 2 * heldOutPerClass;
        }
    }

    private final CaptionClassifier classifier;
    private final Set<String> maskWords;
    private final Stats stats;

    private GenderLeakageGate(CaptionClassifier classifier, Set<String> maskWords, Stats stats) {
        this.classifier = classifier;
        this.maskWords = Set.copyOf(maskWords);
        this.stats = stats;
    }

    /**
     * Trains on captions labelled by gender, each caption its own group.
     *
     * @param tokens lower-cased Treebank tokens of each caption
     * @param female {@link #FEMALE} (1) or {@link #MALE} (0) per caption
     * @param swapper its lexicon's masculine and feminine words are masked
     * @param heldOutFraction share held out for the accuracy, in (0, 1)
     * @throws LeakageException when a part lacks a class, or training fails
     */
    public static GenderLeakageGate train(List<List<String>> tokens, int[] female, GenderSwapper swapper,
            double heldOutFraction, long seed) throws LeakageException {
        return train(tokens, female, null, swapper, heldOutFraction, seed);
    }

    /**
     * Trains on captions labelled by gender, holding out whole groups.
     *
     * @param groups group of each caption (e.g. its image id); null: each caption its own group
     * @see #train(List, int[], GenderSwapper, double, long)
     */
    public static GenderLeakageGate train(List<List<String>> tokens, int[] female, long[] groups, GenderSwapper swapper,
            double heldOutFraction, long seed) throws LeakageException {
        Objects.requireNonNull(tokens, "tokens");
        Objects.requireNonNull(female, "female");
        Objects.requireNonNull(swapper, "swapper");
        if (tokens.size() != female.length) {
            throw new IllegalArgumentException(tokens.size() + " captions but " + female.length + " labels");
        }
        if (groups != null && groups.length != female.length) {
            throw new IllegalArgumentException(tokens.size() + " captions but " + groups.length + " groups");
        }
        if (!(heldOutFraction > 0.0 && heldOutFraction < 1.0)) {
            throw new IllegalArgumentException("heldOutFraction must be in (0, 1), got " + heldOutFraction);
        }
        long nFemale = 0;
        for (int i = 0; i < female.length; i++) {
            if (female[i] != FEMALE && female[i] != MALE) {
                throw new IllegalArgumentException("label of caption " + i + " must be 1 (female) or 0 (male), got "
                        + female[i]);
            }
            if (tokens.get(i) == null) {
                throw new IllegalArgumentException("tokens of caption " + i + " are null");
            }
            nFemale += female[i];
        }
        Set<String> maskWords = new HashSet<>(swapper.lexicon().masculine());
        maskWords.addAll(swapper.lexicon().feminine());

        // held-out groups
        long[] g = groups != null ? groups : new long[female.length];
        if (groups == null) {
            for (int i = 0; i < g.length; i++) {
                g[i] = i;
            }
        }
        long[] distinct = Arrays.stream(g).distinct().sorted().toArray();
        SplittableRandom rng = new SplittableRandom(Hashing.seed(seed, "gate-split"));
        shuffle(distinct, rng);
        int nHeld = (int) Math.round(heldOutFraction * distinct.length);
        Set<Long> held = new HashSet<>();
        for (int i = 0; i < nHeld; i++) {
            held.add(distinct[i]);
        }
        List<List<Integer>> trainByClass = List.of(new ArrayList<>(), new ArrayList<>());
        List<List<Integer>> heldByClass = List.of(new ArrayList<>(), new ArrayList<>());
        for (int i = 0; i < female.length; i++) {
            (held.contains(g[i]) ? heldByClass : trainByClass).get(female[i]).add(i);
        }
        int trainPerClass = balanced(trainByClass, "training", female.length, heldOutFraction);
        int heldPerClass = balanced(heldByClass, "held-out", female.length, heldOutFraction);
        int[] trainIdx = sample(trainByClass, trainPerClass, new SplittableRandom(Hashing.seed(seed, "gate-balance-train")));
        int[] heldIdx = sample(heldByClass, heldPerClass, new SplittableRandom(Hashing.seed(seed, "gate-balance-heldout")));

        List<List<String>> texts = new ArrayList<>(trainIdx.length);
        int[] labels = new int[trainIdx.length];
        for (int j = 0; j < trainIdx.length; j++) {
            texts.add(mask(tokens.get(trainIdx[j]), maskWords));
            labels[j] = female[trainIdx[j]];
        }
        LinearTrainer trainer = new LinearTrainer(LinearConfig.DEFAULT);
        CaptionClassifier classifier = trainer.train(texts, labels, Hashing.seed(seed, "gate-train"));

        List<List<String>> heldTexts = new ArrayList<>(heldIdx.length);
        for (int i : heldIdx) {
            heldTexts.add(mask(tokens.get(i), maskWords));
        }
        double[][] scores = classifier.scores(heldTexts);
        long correctFemale = 0;
        long correctMale = 0;
        for (int j = 0; j < heldIdx.length; j++) {
            boolean saysFemale = scores[j][FEMALE] >= 0.5;
            if (female[heldIdx[j]] == FEMALE && saysFemale) {
                correctFemale++;
            } else if (female[heldIdx[j]] == MALE && !saysFemale) {
                correctMale++;
            }
        }
        Stats stats = new Stats(female.length, nFemale, female.length - nFemale, nHeld, trainPerClass, heldPerClass,
                Intervals.wilson(correctFemale + correctMale, heldIdx.length, 0.95),
                Intervals.wilson(correctFemale, heldPerClass, 0.95), Intervals.wilson(correctMale, heldPerClass, 0.95),
                trainer.config());
        return new GenderLeakageGate(classifier, maskWords, stats);
    }

    /**
     * Trains on the male and female captions of a corpus (caption gender by the swapper's lexicon;
     * neutral, none and both-gender captions are left out), holding out whole images.
     *
     * @param maxWords captions with more tokens are left out (as synthesis leaves them out)
     */
    public static GenderLeakageGate trainOnCorpus(List<CorpusCaption> corpus, GenderSwapper swapper, int maxWords,
            double heldOutFraction, long seed) throws LeakageException {
        Objects.requireNonNull(corpus, "corpus");
        Objects.requireNonNull(swapper, "swapper");
        List<List<String>> tokens = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        List<Long> groups = new ArrayList<>();
        for (CorpusCaption c : corpus) {
            if (c.caption().isBlank()) {
                continue;
            }
            List<String> t = BiasedCaptionSynthesis.tokens(swapper, c.caption());
            if (t.size() > maxWords) {
                continue;
            }
            CaptionGender g = CaptionGender.of(t, swapper.lexicon());
            if (g == CaptionGender.MALE || g == CaptionGender.FEMALE) {
                tokens.add(t);
                labels.add(g == CaptionGender.FEMALE ? FEMALE : MALE);
                groups.add(c.imageId());
            }
        }
        return train(tokens, labels.stream().mapToInt(Integer::intValue).toArray(),
                groups.stream().mapToLong(Long::longValue).toArray(), swapper, heldOutFraction, seed);
    }

    private static int balanced(List<List<Integer>> byClass, String part, int n, double fraction)
            throws LeakageException {
        int min = Math.min(byClass.get(0).size(), byClass.get(1).size());
        if (min == 0) {
            throw new LeakageException("gender gate: the " + part + " part of " + n + " captions (held-out fraction "
                    + fraction + ") has " + byClass.get(FEMALE).size() + " female and " + byClass.get(MALE).size()
                    + " male captions; both classes are needed");
        }
        return min;
    }

    /** {@code perClass} items of each class, uniformly without replacement, in index order. */
    private static int[] sample(List<List<Integer>> byClass, int perClass, SplittableRandom rng) {
        int[] out = new int[2 * perClass];
        for (int c = 0; c < 2; c++) {
            int[] items = byClass.get(c).stream().mapToInt(Integer::intValue).toArray();
            for (int i = 0; i < perClass; i++) {
                int j = i + rng.nextInt(items.length - i);
                int t = items[i];
                items[i] = items[j];
                items[j] = t;
            }
            int[] chosen = Arrays.copyOf(items, perClass);
            Arrays.sort(chosen);
            System.arraycopy(chosen, 0, out, c * perClass, perClass);
        }
        return out;
    }

    private static void shuffle(long[] a, SplittableRandom rng) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            long t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    private static List<String> mask(List<String> tokens, Set<String> maskWords) {
        List<String> out = new ArrayList<>(tokens.size());
        for (String t : tokens) {
            String lower = t.toLowerCase(Locale.ROOT);
            out.add(maskWords.contains(lower) ? MASK_TOKEN : lower);
        }
        return out;
    }

    /** The caption as the gate reads it: lower-cased, every gender word replaced by {@value #MASK_TOKEN}. */
    public List<String> mask(List<String> tokens) {
        return mask(tokens, maskWords);
    }

    /** Whether a (lower-case) token is masked. */
    public boolean isMasked(String token) {
        return maskWords.contains(token);
    }

    /** The masked words (the lexicon's masculine and feminine words), sorted. */
    public Set<String> maskWords() {
        return new TreeSet<>(maskWords);
    }

    /**
     * The probability that each caption's context is female, by the gate; male is {@code 1 -} it.
     * Gender words are masked here. Batched; each value depends on its caption only.
     */
    public double[] pFemale(List<List<String>> tokens) {
        List<List<String>> masked = new ArrayList<>(tokens.size());
        for (List<String> t : tokens) {
            masked.add(mask(t));
        }
        return pFemaleMasked(masked);
    }

    /** {@link #pFemale} of captions already masked by {@link #mask(List)}. */
    double[] pFemaleMasked(List<List<String>> masked) {
        double[][] scores;
        try {
            scores = classifier.scores(masked);
        } catch (LeakageException e) {
            // the linear classifier never throws here; another backend's failure is a bug to surface
            throw new IllegalStateException("gender gate scoring failed: " + e.getMessage(), e);
        }
        double[] out = new double[scores.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = scores[i][FEMALE];
        }
        return out;
    }

    /** How the gate was trained and its held-out accuracy. */
    public Stats stats() {
        return stats;
    }

    @Override
    public void close() {
        classifier.close();
    }
}
