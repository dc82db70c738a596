package org.biaslab.metric;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import org.biaslab.metric.representation.ShareDifference;
import org.biaslab.text.CaptionGender;
import org.biaslab.text.WordList;

/**
 * What a captioner says about generated images, set against a per-image gender label: the
 * perceived gender of the image (from perception) or a reference label (a manifest's annotation, a
 * simulation's declared truth). No human captions are involved, so this is a study of one
 * captioner on one image set.
 *
 * <h2>Definitions</h2>
 * <ul>
 *   <li>Items are the captioned images whose label is {@code woman} or {@code man}; others (uncertain,
 *       no face, no label) are counted apart ({@link Result#unlabelled()}).</li>
 *   <li>A caption's gender is {@link CaptionGender#of} over its tokens with LIBRA's word lists
 *       ({@link CaptionGender.Lexicon#libra()}): MALE, FEMALE, BOTH, NEUTRAL (only gender-neutral person
 *       words) or NONE.</li>
 *   <li>Gender error: {@link CaptionGenderError} (Burns et al. 2018) with the label as the image's
 *       gender: the error rate is the share of images whose caption states the other gender, per label
 *       and overall, with Wilson intervals; and the woman:man ratio of captions against that of labels.</li>
 *   <li>Context words: lower-cased alphabetic tokens of two or more letters that are neither in the
 *       bundled NLTK English stopword list nor gender or person words of the lexicon; each counts
 *       once per caption. For word w, {@code rate(w | g)} = captions of images labelled g that contain
 *       w / images labelled g, with Wilson intervals, and the skew {@code rate(w | woman) - rate(w | man)}
 *       with Newcombe's interval and the two-proportion p-value ({@link ShareDifference#of}). Words
 *       in fewer than {@code minCount} labelled captions are not reported.</li>
 *   <li>Per occupation: captioned labelled images, the female-word share among captions stating
 *       one gender, and the error rate against the label, each with a Wilson interval; and the context
 *       words most skewed within the occupation (rates over its own images labelled woman and man).</li>
 * </ul>
 * Pure functions; deterministic (ties sorted by word).
 */
public final class ImageCaptionBias {
    private ImageCaptionBias() {}

    /** The labels items may carry; any other label is not an item. */
    public static final String WOMAN = "woman";
    public static final String MAN = "man";

    /**
     * One captioned image.
     *
     * @param occupationId its occupation
     * @param label woman, man, or anything else (not counted in the rates)
     * @param tokens the caption's tokens
     */
    public record Item(String occupationId, String label, List<String> tokens) {
        public Item {
            Objects.requireNonNull(occupationId, "occupationId");
            Objects.requireNonNull(label, "label");
            tokens = List.copyOf(tokens);
        }
    }

    /**
     * The captioner's gender words on images of one label.
     *
     * @param label woman or man
     * @param images labelled images captioned
     * @param female captions stating FEMALE
     * @param male captions stating MALE
     * @param both captions with both
     * @param neutral only neutral person words
     * @param none no person word
     * @param femaleRate female / images
     * @param maleRate male / images
     */
    public record GenderWords(String label, long images, long female, long male, long both, long neutral, long none,
            Estimate femaleRate, Estimate maleRate) {}

    /** One context word's rates on images labelled woman and man, and the skew between them. */
    public record Word(String word, long woman, long man, Estimate rateWoman, Estimate rateMan, Estimate skew,
            double pValue) {}

    /**
     * One occupation.
     *
     * @param words the context words most skewed within the occupation (at most {@link #WORDS_PER_OCCUPATION},
     *     each in at least {@code minCount} of its labelled captions), most skewed first
     */
    public record Occupation(String occupationId, long images, long femaleCaptions, long maleCaptions,
            Estimate femaleAmongGendered, Estimate errorRate, List<Word> words) {}

    /** Context words listed per occupation. */
    public static final int WORDS_PER_OCCUPATION = 5;

    /**
     * @param images captioned images with label woman or man
     * @param unlabelled captioned images with any other label
     * @param women the captioner's gender words on images labelled woman
     * @param men the same on images labelled man
     * @param error Burns et al. error and ratio against the labels
     * @param minCount least labelled captions a reported word appears in
     * @param words every reported context word, most skewed first (by |skew|, then word)
     * @param occupations per occupation, in input order of first appearance
     */
    public record Result(long images, long unlabelled, GenderWords women, GenderWords men,
            CaptionGenderError.Result error, int minCount, List<Word> words, List<Occupation> occupations) {

        /** The {@code k} words most skewed towards {@code label} (positive skew for woman, negative for man). */
        public List<Word> mostSkewedTowards(String label, int k) {
            return words.stream().filter(w -> label.equals(WOMAN) ? w.skew().value() > 0 : w.skew().value() < 0)
                    .limit(k).toList();
        }
    }

    /** Tokens of a caption: lower-cased runs of letters and apostrophes (a possessive "'s" kept apart). */
    public static List<String> tokens(String caption) {
        List<String> out = new ArrayList<>();
        for (String t : caption.toLowerCase(Locale.ROOT).split("[^a-z']+")) {
            if (t.endsWith("'s") && t.length() > 2) {
                out.add(t.substring(0, t.length() - 2));
                out.add("'s");
            } else if (!t.isEmpty() && !t.equals("'")) {
                out.add(t);
            }
        }
        return out;
    }

    public static Result compute(List<Item> items, double confidence, int minCount) {
        if (minCount < 1) {
            throw new IllegalArgumentException("minCount must be >= 1, was " + minCount);
        }
        CaptionGender.Lexicon lex = CaptionGender.Lexicon.libra();
        Set<String> stop = WordList.bundled("stopwords").asSet();
        List<CaptionGenderError.Item> errItems = new ArrayList<>();
        long[][] counts = new long[2][5]; // [woman, man][FEMALE, MALE, BOTH, NEUTRAL, NONE]
        long unlabelled = 0;
        long nWoman = 0;
        long nMan = 0;
        Map<String, long[]> wordCounts = new TreeMap<>();
        Map<String, long[]> occ = new LinkedHashMap<>(); // images, female, male, wrong, women, men
        Map<String, Map<String, long[]>> occWords = new LinkedHashMap<>();
        long id = 0;
        for (Item it : items) {
            int g = it.label().equals(WOMAN) ? 0 : it.label().equals(MAN) ? 1 : -1;
            if (g < 0) {
                unlabelled++;
                continue;
            }
            CaptionGender cg = CaptionGender.of(it.tokens(), lex);
            errItems.add(new CaptionGenderError.Item(id++, g == 0 ? 1 : 0, cg));
            int c = switch (cg) {
                case FEMALE -> 0;
                case MALE -> 1;
                case BOTH -> 2;
                case NEUTRAL -> 3;
                case NONE -> 4;
            };
            counts[g][c]++;
            if (g == 0) nWoman++; else nMan++;
            long[] o = occ.computeIfAbsent(it.occupationId(), k -> new long[6]);
            o[g == 0 ? 4 : 5]++;
            Map<String, long[]> ow = occWords.computeIfAbsent(it.occupationId(), k -> new TreeMap<>());
            o[0]++;
            if (cg == CaptionGender.FEMALE) o[1]++;
            if (cg == CaptionGender.MALE) o[2]++;
            if ((g == 0 && cg == CaptionGender.MALE) || (g == 1 && cg == CaptionGender.FEMALE)) o[3]++;
            Set<String> seen = new HashSet<>();
            for (String t : it.tokens()) {
                if (t.length() >= 2 && t.chars().allMatch(ch -> ch >= 'a' && ch <= 'z') && !stop.contains(t)
                        && !lex.masculine().contains(t) && !lex.feminine().contains(t) && !lex.neutral().contains(t)
                        && seen.add(t)) {
                    wordCounts.computeIfAbsent(t, k -> new long[2])[g]++;
                    ow.computeIfAbsent(t, k -> new long[2])[g]++;
                }
            }
        }
        List<Word> words = skewed(wordCounts, nWoman, nMan, minCount, confidence);
        List<Occupation> occs = new ArrayList<>();
        for (Map.Entry<String, long[]> e : occ.entrySet()) {
            long[] o = e.getValue();
            List<Word> ow = skewed(occWords.get(e.getKey()), o[4], o[5], minCount, confidence);
            occs.add(new Occupation(e.getKey(), o[0], o[1], o[2], Intervals.wilson(o[1], o[1] + o[2], confidence),
                    Intervals.wilson(o[3], o[0], confidence), ow.subList(0, Math.min(WORDS_PER_OCCUPATION,
                            ow.size()))));
        }
        CaptionGenderError.Result error = CaptionGenderError.compute(errItems, confidence);
        return new Result(nWoman + nMan, unlabelled, words(WOMAN, counts[0], nWoman, confidence),
                words(MAN, counts[1], nMan, confidence), error, minCount, words, occs);
    }

    /** Words in at least {@code minCount} labelled captions with their rates and skew, most skewed first. */
    private static List<Word> skewed(Map<String, long[]> counts, long nWoman, long nMan, int minCount,
            double confidence) {
        List<Word> words = new ArrayList<>();
        for (Map.Entry<String, long[]> e : counts.entrySet()) {
            long w = e.getValue()[0];
            long m = e.getValue()[1];
            if (w + m < minCount) continue;
            ShareDifference d = ShareDifference.of(w, nWoman, m, nMan, confidence);
            words.add(new Word(e.getKey(), w, m, d.a(), d.b(), d.difference(), d.pValue()));
        }
        words.sort(Comparator.comparingDouble((Word w) -> w.skew().defined() ? -Math.abs(w.skew().value()) : 0)
                .thenComparing(Word::word));
        return words;
    }

    private static GenderWords words(String label, long[] c, long n, double confidence) {
        return new GenderWords(label, n, c[0], c[1], c[2], c[3], c[4], Intervals.wilson(c[0], n, confidence),
                Intervals.wilson(c[1], n, confidence));
    }
}
