package org.biaslab.metric;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.biaslab.text.CaptionGender;
import org.biaslab.text.WordList;

/**
 * Co-occurrence of gender words with context words in human (reference) and model captions, the
 * statistics of caption-bias studies: Zhao et al., "Men Also Like Shopping", EMNLP 2017 (bias
 * amplification over objects); Hendricks, Burns et al., "Women also Snowboard", ECCV 2018;
 * Hirota et al., "Quantifying Societal Bias Amplification in Image Captioning", CVPR 2022.
 *
 * <h2>Definitions</h2>
 * <ul>
 *   <li>A caption's gender is {@link CaptionGender#of(List, CaptionGender.Lexicon)}. It describes
 *       the caption's words, not the person pictured, so the two groups are called
 *       {@value #MALE_WORDS} and {@value #FEMALE_WORDS}. Only MALE and FEMALE captions enter the
 *       counts; BOTH, NEUTRAL and NONE captions are counted in {@link CaptionCounts} only.</li>
 *   <li>Human side: every human caption of every image is one caption. Model side: one caption per
 *       image.</li>
 *   <li>c(w,g) = number of captions of gender g that contain context word w (once per caption).</li>
 *   <li>b(w,g) = c(w,g) / sum_g' c(w,g') (Zhao et al. 2017, sec. 3); b* on human captions, b~ on
 *       model captions.</li>
 *   <li>Context words ({@link Vocabulary}): {@code OBJECTS} = the bundled single-word COCO object
 *       vocabulary {@code coco-objects} (Lin et al. 2014, categories with caption synonyms and
 *       plurals); {@code ALL} = every alphabetic token that is not in the bundled NLTK English
 *       stopword list {@code stopwords}. In both modes the lexicon's masculine, feminine and
 *       neutral words are never context words.</li>
 *   <li>W = words with at least {@link Options#minCount()} gendered human captions (sum_g c*(w,g))
 *       and at least one gendered model caption (so b~ is defined). Words of the vocabulary seen in
 *       some gendered caption but failing either condition are counted as excluded, per reason.</li>
 *   <li>BA = {@link BiasAmplification#fromRatios} with reference b* and predictions b~ over W
 *       (Zhao et al. 2017, eq. 1): words whose b* is exactly 1/2 favour no group, add 0 and still
 *       count in |W|.</li>
 *   <li>Directional BiasAmp (Wang and Russakovsky, ICML 2021, eq. 2) via
 *       {@link DirectionalBiasAmp#compute}: instances are images; A = annotated perceived gender
 *       one-hot [Male, Female]; A^ = the model caption's gender (MALE [1,0], FEMALE [0,1], else
 *       [0,0]); T(image, w) = share of the image's human captions (all of them, gendered or not)
 *       that contain w (in [0,1]); T^(image, w) = 1 if the model caption contains w. The measure
 *       depends on the images only through sums within the six (A, A^) groups, so each image is
 *       passed the mean T and T^ rows of its group (same value, Delta and y; 6 distinct rows in
 *       memory, not images x words). The computation is still O(images x words), so it covers at
 *       most {@link Options#directionalTopN()} words: when |W| is larger, the most frequent words
 *       of W (by gendered human-caption count, ties by word), and {@link Directional#restricted()}
 *       says so.</li>
 * </ul>
 *
 * <p>Counting is one pass over all tokens with hash maps (O(total tokens)); the directional
 * matrices take one more pass. Pure functions: no I/O besides the bundled word lists.
 */
public final class CaptionCooccurrence {
    private CaptionCooccurrence() {}

    /** Default minimum number of gendered reference captions a word needs. */
    public static final int DEFAULT_MIN_COUNT = 10;
    /** Default cap on the number of words in the directional BiasAmp matrices. */
    public static final int DEFAULT_DIRECTIONAL_TOP_N = 500;
    /** Group 0: captions whose gender words are masculine only. */
    public static final String MALE_WORDS = "male-word captions";
    /** Group 1: captions whose gender words are feminine only. */
    public static final String FEMALE_WORDS = "female-word captions";
    /** Group names in index order (0 = male-word captions, 1 = female-word captions). */
    public static final List<String> GROUPS = List.of(MALE_WORDS, FEMALE_WORDS);
    /** Favoured-group name of a word whose reference bias is exactly 1/2. */
    public static final String NO_GROUP = "none";

    /** Context vocabulary. */
    public enum Vocabulary {
        /** Words of the bundled COCO object list {@code coco-objects}. */
        OBJECTS,
        /** Every alphabetic token that is not a stopword. */
        ALL
    }

    /**
     * One image.
     *
     * @param imageId image id
     * @param gender annotated perceived gender: 0 = Male, 1 = Female
     * @param humanTokens lower-cased tokens of each human caption (at least one caption)
     * @param modelTokens lower-cased tokens of the model caption; null when only human statistics
     *     are wanted
     */
    public record Image(long imageId, int gender, List<List<String>> humanTokens, List<String> modelTokens) {
        public Image {
            if (gender != 0 && gender != 1) {
                throw new IllegalArgumentException("image " + imageId + ": gender must be 0 (Male) or 1 (Female), got "
                        + gender);
            }
            Objects.requireNonNull(humanTokens, () -> "image " + imageId + ": humanTokens is null");
            if (humanTokens.isEmpty()) {
                throw new IllegalArgumentException("image " + imageId + ": humanTokens has no caption");
            }
            List<List<String>> copy = new ArrayList<>(humanTokens.size());
            for (int c = 0; c < humanTokens.size(); c++) {
                copy.add(tokens(humanTokens.get(c), imageId, "humanTokens[" + c + "]"));
            }
            humanTokens = Collections.unmodifiableList(copy);
            modelTokens = modelTokens == null ? null : tokens(modelTokens, imageId, "modelTokens");
        }

        private static List<String> tokens(List<String> tokens, long imageId, String field) {
            if (tokens == null) {
                throw new IllegalArgumentException("image " + imageId + ": " + field + " is null");
            }
            for (String t : tokens) {
                if (t == null) {
                    throw new IllegalArgumentException("image " + imageId + ": " + field + " holds a null token");
                }
            }
            return List.copyOf(tokens);
        }
    }

    /**
     * Options.
     *
     * @param vocabulary context vocabulary
     * @param minCount a word is used only if at least this many gendered human captions contain it
     * @param lexicon gender lexicon deciding each caption's gender
     * @param directionalTopN most words in the directional BiasAmp matrices
     */
    public record Options(Vocabulary vocabulary, int minCount, CaptionGender.Lexicon lexicon, int directionalTopN) {
        public Options {
            Objects.requireNonNull(vocabulary, "vocabulary");
            Objects.requireNonNull(lexicon, "lexicon");
            if (minCount < 1) {
                throw new IllegalArgumentException("minCount must be >= 1, got " + minCount);
            }
            if (directionalTopN < 1) {
                throw new IllegalArgumentException("directionalTopN must be >= 1, got " + directionalTopN);
            }
        }

        /** OBJECTS, minCount 10, LIC lexicon, directional top 500. */
        public static Options defaults() {
            return new Options(Vocabulary.OBJECTS, DEFAULT_MIN_COUNT, CaptionGender.Lexicon.lic(),
                    DEFAULT_DIRECTIONAL_TOP_N);
        }

        public Options withVocabulary(Vocabulary v) {
            return new Options(v, minCount, lexicon, directionalTopN);
        }

        public Options withMinCount(int m) {
            return new Options(vocabulary, m, lexicon, directionalTopN);
        }

        public Options withLexicon(CaptionGender.Lexicon l) {
            return new Options(vocabulary, minCount, l, directionalTopN);
        }

        public Options withDirectionalTopN(int n) {
            return new Options(vocabulary, minCount, lexicon, n);
        }
    }

    /** How many captions had each {@link CaptionGender}. */
    public record CaptionCounts(long captions, long male, long female, long both, long neutral, long none) {}

    /**
     * One word of the human-only statistics.
     *
     * @param word the word
     * @param male c*(w, male-word captions)
     * @param female c*(w, female-word captions)
     * @param favoured the group with b* > 1/2, or {@value CaptionCooccurrence#NO_GROUP}
     * @param bias b*(w, favoured) (NaN when no group is favoured)
     */
    public record HumanWord(String word, long male, long female, String favoured, double bias) {}

    /**
     * Human-caption statistics.
     *
     * @param vocabulary context vocabulary used
     * @param minCount minimum gendered-caption count
     * @param images images
     * @param captions caption genders of all human captions
     * @param belowMinCount vocabulary words seen in some gendered caption but in fewer than minCount
     * @param words words with at least minCount gendered captions, by count descending, ties by word
     */
    public record HumanStats(String vocabulary, int minCount, int images, CaptionCounts captions, int belowMinCount,
            List<HumanWord> words) {
        public HumanStats {
            words = List.copyOf(words);
        }
    }

    /**
     * One word of W.
     *
     * @param word the word
     * @param humanMale c*(w, male-word captions)
     * @param humanFemale c*(w, female-word captions)
     * @param modelMale c~(w, male-word captions)
     * @param modelFemale c~(w, female-word captions)
     * @param favoured group favoured by the human captions (b* > 1/2), or {@value CaptionCooccurrence#NO_GROUP}
     * @param humanBias b*(w, favoured) (NaN when no group is favoured)
     * @param modelBias b~(w, favoured) (NaN when no group is favoured)
     * @param amplification b~ - b* (0 when no group is favoured, as in BA)
     */
    public record WordRow(String word, long humanMale, long humanFemale, long modelMale, long modelFemale,
            String favoured, double humanBias, double modelBias, double amplification) {}

    /**
     * Directional bias amplification over images.
     *
     * @param attributeToTask BiasAmp A->T (NaN when no pair is defined)
     * @param attributeToTaskPairs defined (a,t) pairs for A->T
     * @param attributeToTaskSkipped pairs left out for A->T (conditioning event never occurs)
     * @param taskToAttribute BiasAmp T->A
     * @param taskToAttributePairs defined pairs for T->A
     * @param taskToAttributeSkipped pairs left out for T->A
     * @param images instances
     * @param words the task words, in matrix column order
     * @param restricted whether the words are only the most frequent directionalTopN of W
     * @param note how the words were chosen
     */
    public record Directional(double attributeToTask, int attributeToTaskPairs, int attributeToTaskSkipped,
            double taskToAttribute, int taskToAttributePairs, int taskToAttributeSkipped, int images,
            List<String> words, boolean restricted, String note) {
        public Directional {
            words = List.copyOf(words);
        }
    }

    /**
     * Human vs model comparison.
     *
     * @param vocabulary context vocabulary used
     * @param minCount minimum gendered human-caption count
     * @param images images
     * @param humanCaptions caption genders of all human captions
     * @param modelCaptions caption genders of the model captions
     * @param biasAmplification Zhao et al. BA over W (NaN when W is empty)
     * @param words |W|
     * @param excludedBelowMinCount vocabulary words seen in some gendered caption (either side) but
     *     in fewer than minCount gendered human captions
     * @param excludedNoModelOccurrence words with enough human captions but no gendered model caption
     * @param noModelOccurrenceWords those words, sorted
     * @param rows one row per word of W, sorted by word
     * @param directional directional BiasAmp
     */
    public record Result(String vocabulary, int minCount, int images, CaptionCounts humanCaptions,
            CaptionCounts modelCaptions, double biasAmplification, int words, int excludedBelowMinCount,
            int excludedNoModelOccurrence, List<String> noModelOccurrenceWords, List<WordRow> rows,
            Directional directional) {
        public Result {
            noModelOccurrenceWords = List.copyOf(noModelOccurrenceWords);
            rows = List.copyOf(rows);
        }

        /**
         * The most amplified words: per favoured group (in {@link CaptionCooccurrence#GROUPS} order), the top k rows by
         * amplification descending, ties by word.
         */
        public Map<String, List<WordRow>> mostAmplified(int k) {
            return CaptionCooccurrence.mostAmplified(rows, k);
        }
    }

    /** The bundled COCO object vocabulary. */
    public static WordList objectList() {
        return Bundled.OBJECTS;
    }

    /** The bundled English stopword list. */
    public static WordList stopwordList() {
        return Bundled.STOPWORDS;
    }

    /** Per favoured group (in {@link CaptionCooccurrence#GROUPS} order), the top k rows by amplification. */
    public static Map<String, List<WordRow>> mostAmplified(List<WordRow> rows, int k) {
        if (k < 0) {
            throw new IllegalArgumentException("k must be >= 0, got " + k);
        }
        Comparator<WordRow> order = Comparator.comparingDouble(WordRow::amplification).reversed()
                .thenComparing(WordRow::word);
        Map<String, List<WordRow>> out = new LinkedHashMap<>();
        for (String g : GROUPS) {
            out.put(g, rows.stream().filter(r -> r.favoured().equals(g)).sorted(order).limit(k).toList());
        }
        return Collections.unmodifiableMap(out);
    }

    /** Human-only statistics; model captions, if any, are ignored. */
    public static HumanStats humanStatistics(List<Image> images, Options options) {
        Objects.requireNonNull(images, "images");
        Objects.requireNonNull(options, "options");
        Vocab vocab = new Vocab(options);
        Map<String, Counter> counts = new HashMap<>();
        long[] genders = new long[CaptionGender.values().length];
        int caption = 0;
        for (Image im : images) {
            for (List<String> cap : im.humanTokens()) {
                count(cap, HUMAN, caption++, genders, counts, vocab, options.lexicon());
            }
        }
        List<HumanWord> words = new ArrayList<>();
        int below = 0;
        for (Map.Entry<String, Counter> e : counts.entrySet()) {
            long m = e.getValue().c[0];
            long f = e.getValue().c[1];
            if (m + f < options.minCount()) {
                below++;
                continue;
            }
            int fav = favoured(m, f);
            words.add(new HumanWord(e.getKey(), m, f, fav < 0 ? NO_GROUP : GROUPS.get(fav),
                    fav < 0 ? Double.NaN : (double) (fav == 0 ? m : f) / (m + f)));
        }
        words.sort(Comparator.comparingLong((HumanWord w) -> -(w.male() + w.female())).thenComparing(HumanWord::word));
        return new HumanStats(options.vocabulary().name(), options.minCount(), images.size(), captionCounts(genders),
                below, words);
    }

    /** Human vs model statistics; every image needs a model caption. */
    public static Result compare(List<Image> images, Options options) {
        Objects.requireNonNull(images, "images");
        Objects.requireNonNull(options, "options");
        Vocab vocab = new Vocab(options);
        CaptionGender.Lexicon lex = options.lexicon();
        Map<String, Counter> counts = new HashMap<>();
        long[] humanGenders = new long[CaptionGender.values().length];
        long[] modelGenders = new long[CaptionGender.values().length];
        CaptionGender[] modelGender = new CaptionGender[images.size()];
        int caption = 0;
        for (int i = 0; i < images.size(); i++) {
            Image im = images.get(i);
            if (im.modelTokens() == null) {
                throw new IllegalArgumentException("image " + im.imageId()
                        + ": modelTokens is null (use humanStatistics for human captions only)");
            }
            for (List<String> cap : im.humanTokens()) {
                count(cap, HUMAN, caption++, humanGenders, counts, vocab, lex);
            }
            modelGender[i] = count(im.modelTokens(), MODEL, caption++, modelGenders, counts, vocab, lex);
        }

        List<String> sorted = new ArrayList<>(counts.keySet());
        Collections.sort(sorted);
        List<long[]> sortedCounts = new ArrayList<>(sorted.size());
        for (String word : sorted) {
            sortedCounts.add(counts.get(word).c);
        }
        Selection sel = select(sorted, sortedCounts, options.minCount());
        List<String> w = sel.words();
        List<long[]> wCounts = sel.counts();
        BiasAmplification.Result ba = sel.amplification();
        List<WordRow> rows = new ArrayList<>(w.size());
        for (int o = 0; o < w.size(); o++) {
            BiasAmplification.Term term = ba.terms().get(o);
            long[] c = wCounts.get(o);
            rows.add(new WordRow(w.get(o), c[0], c[1], c[2], c[3],
                    term.group() < 0 ? NO_GROUP : GROUPS.get(term.group()), term.reference(), term.predicted(),
                    term.amplification()));
        }
        Directional dir = directional(images, modelGender, w, wCounts, options.directionalTopN());
        return new Result(options.vocabulary().name(), options.minCount(), images.size(),
                captionCounts(humanGenders), captionCounts(modelGenders), ba.value(), w.size(), sel.belowMinCount(),
                sel.noModel().size(), sel.noModel(), rows, dir);
    }

    /**
     * The word counts behind {@link #compare}'s bias amplification, kept per image, so that the BA of
     * a resample of the images (a bootstrap over images) is a weighted sum of per-image counts rather
     * than a recount of tokens. The set W is chosen anew for each weighting by the rules of
     * {@link #compare} (min count, at least one gendered model caption). With every weight 1,
     * {@link #biasAmplification(int[])} equals {@link Result#biasAmplification()} of {@link #compare}
     * on the same images and options.
     */
    public static final class Tally {
        private final List<String> words;
        private final int[][] entries;
        private final int minCount;

        private Tally(List<String> words, int[][] entries, int minCount) {
            this.words = words;
            this.entries = entries;
            this.minCount = minCount;
        }

        /** Number of images. */
        public int images() {
            return entries.length;
        }

        /** Context words seen in some gendered caption (either side), sorted. */
        public List<String> words() {
            return words;
        }

        /**
         * BA (Zhao et al. 2017, eq. 1) of the images each taken {@code weights[i]} times (NaN when
         * W is empty).
         *
         * @param weights one non-negative multiplicity per image, e.g. from a bootstrap draw
         */
        public double biasAmplification(int[] weights) {
            if (weights.length != entries.length) {
                throw new IllegalArgumentException("need one weight per image: " + weights.length + " weights, "
                        + entries.length + " images");
            }
            long[] flat = new long[4 * words.size()];
            for (int i = 0; i < entries.length; i++) {
                int wt = weights[i];
                if (wt < 0) {
                    throw new IllegalArgumentException("weight of image " + i + " is negative: " + wt);
                }
                if (wt == 0) {
                    continue;
                }
                int[] e = entries[i];
                for (int k = 0; k < e.length; k += 2) {
                    flat[e[k]] += (long) wt * e[k + 1];
                }
            }
            List<long[]> counts = new ArrayList<>(words.size());
            for (int o = 0; o < words.size(); o++) {
                counts.add(Arrays.copyOfRange(flat, 4 * o, 4 * o + 4));
            }
            return select(words, counts, minCount).amplification().value();
        }
    }

    /** The per-image counts of {@link #compare}'s BA; every image needs a model caption. */
    public static Tally tally(List<Image> images, Options options) {
        Objects.requireNonNull(images, "images");
        Objects.requireNonNull(options, "options");
        Vocab vocab = new Vocab(options);
        CaptionGender.Lexicon lex = options.lexicon();
        long[] genders = new long[CaptionGender.values().length];
        Map<String, Integer> index = new HashMap<>();
        List<String> seen = new ArrayList<>();
        List<Map<String, Counter>> perImage = new ArrayList<>(images.size());
        int caption = 0;
        for (Image im : images) {
            if (im.modelTokens() == null) {
                throw new IllegalArgumentException("image " + im.imageId() + ": modelTokens is null");
            }
            Map<String, Counter> local = new HashMap<>();
            for (List<String> cap : im.humanTokens()) {
                count(cap, HUMAN, caption++, genders, local, vocab, lex);
            }
            count(im.modelTokens(), MODEL, caption++, genders, local, vocab, lex);
            for (String word : local.keySet()) {
                if (index.putIfAbsent(word, seen.size()) == null) {
                    seen.add(word);
                }
            }
            perImage.add(local);
        }
        List<String> sorted = new ArrayList<>(seen);
        Collections.sort(sorted);
        Map<String, Integer> position = new HashMap<>();
        for (int o = 0; o < sorted.size(); o++) {
            position.put(sorted.get(o), o);
        }
        int[][] entries = new int[images.size()][];
        for (int i = 0; i < images.size(); i++) {
            List<Integer> e = new ArrayList<>();
            List<String> local = new ArrayList<>(perImage.get(i).keySet());
            Collections.sort(local);
            for (String word : local) {
                long[] c = perImage.get(i).get(word).c;
                for (int slot = 0; slot < 4; slot++) {
                    if (c[slot] > 0) {
                        e.add(4 * position.get(word) + slot);
                        e.add((int) c[slot]);
                    }
                }
            }
            entries[i] = e.stream().mapToInt(Integer::intValue).toArray();
        }
        return new Tally(List.copyOf(sorted), entries, options.minCount());
    }

    /** W and its BA, chosen from every counted word (sorted) by the rules of {@link #compare}. */
    private record Selection(List<String> words, List<long[]> counts, int belowMinCount, List<String> noModel,
            BiasAmplification.Result amplification) {}

    private static Selection select(List<String> sorted, List<long[]> sortedCounts, int minCount) {
        List<String> w = new ArrayList<>();
        List<long[]> wCounts = new ArrayList<>();
        List<String> noModel = new ArrayList<>();
        int below = 0;
        for (int k = 0; k < sorted.size(); k++) {
            long[] c = sortedCounts.get(k);
            if (c[0] + c[1] < minCount) {
                below++;
            } else if (c[2] + c[3] == 0) {
                noModel.add(sorted.get(k));
            } else {
                w.add(sorted.get(k));
                wCounts.add(c);
            }
        }
        long[][] ref = new long[w.size()][];
        long[][] pred = new long[w.size()][];
        for (int o = 0; o < w.size(); o++) {
            long[] c = wCounts.get(o);
            ref[o] = new long[] {c[0], c[1]};
            pred[o] = new long[] {c[2], c[3]};
        }
        BiasAmplification.Result ba = BiasAmplification.fromRatios(w, BiasAmplification.ratios(ref),
                BiasAmplification.ratios(pred));
        return new Selection(w, wCounts, below, noModel, ba);
    }

    // ---------------------------------------------------------------------------------------------

    private static final int HUMAN = 0;
    private static final int MODEL = 2;

    /** Gendered-caption counts of one word: [human male, human female, model male, model female]. */
    private static final class Counter {
        final long[] c = new long[4];
        int lastCaption = -1;
    }

    private static final class Bundled {
        static final WordList OBJECTS = WordList.bundled("coco-objects");
        static final WordList STOPWORDS = WordList.bundled("stopwords");
        static final Set<String> OBJECT_SET = OBJECTS.asSet();
        static final Set<String> STOPWORD_SET = STOPWORDS.asSet();
    }

    /** Decides whether a token is a context word. */
    private static final class Vocab {
        private final boolean objects;
        private final CaptionGender.Lexicon lex;

        Vocab(Options o) {
            this.objects = o.vocabulary() == Vocabulary.OBJECTS;
            this.lex = o.lexicon();
        }

        boolean accepts(String w) {
            if (lex.isGendered(w) || lex.neutral().contains(w)) {
                return false;
            }
            if (objects) {
                return Bundled.OBJECT_SET.contains(w);
            }
            if (w.isEmpty()) {
                return false;
            }
            for (int i = 0; i < w.length(); ) {
                int cp = w.codePointAt(i);
                if (!Character.isLetter(cp)) {
                    return false;
                }
                i += Character.charCount(cp);
            }
            return !Bundled.STOPWORD_SET.contains(w);
        }
    }

    /** Records one caption's gender and, if gendered, its context words. Returns the gender. */
    private static CaptionGender count(List<String> tokens, int side, int caption, long[] genders,
            Map<String, Counter> counts, Vocab vocab, CaptionGender.Lexicon lex) {
        CaptionGender g = CaptionGender.of(tokens, lex);
        genders[g.ordinal()]++;
        int group = g == CaptionGender.MALE ? 0 : g == CaptionGender.FEMALE ? 1 : -1;
        if (group < 0) {
            return g;
        }
        for (String raw : tokens) {
            String t = raw.toLowerCase(Locale.ROOT);
            Counter c = counts.get(t);
            if (c == null) {
                if (!vocab.accepts(t)) {
                    continue;
                }
                c = new Counter();
                counts.put(t, c);
            }
            if (c.lastCaption != caption) {
                c.lastCaption = caption;
                c.c[side + group]++;
            }
        }
        return g;
    }

    private static int favoured(long male, long female) {
        return male > female ? 0 : female > male ? 1 : -1;
    }

    private static CaptionCounts captionCounts(long[] g) {
        long total = 0;
        for (long v : g) {
            total += v;
        }
        return new CaptionCounts(total, g[CaptionGender.MALE.ordinal()], g[CaptionGender.FEMALE.ordinal()],
                g[CaptionGender.BOTH.ordinal()], g[CaptionGender.NEUTRAL.ordinal()], g[CaptionGender.NONE.ordinal()]);
    }

    /**
     * Directional BiasAmp over images. {@link DirectionalBiasAmp#compute} depends on the instances
     * only through n and sums of A, T, A*T, A*T^ and A^*T; A and A^ take one of 2 x 3 values here,
     * so every image is given the mean T and T^ rows of the images sharing its (A, A^). That leaves
     * every sum, hence value, Delta, y and the pair counts, as with one row per image (up to
     * floating-point rounding), while the matrices hold 6 distinct rows instead of images x words.
     */
    private static Directional directional(List<Image> images, CaptionGender[] modelGender, List<String> w,
            List<long[]> wCounts, int topN) {
        List<String> words;
        boolean restricted = w.size() > topN;
        String note;
        if (restricted) {
            List<Integer> idx = new ArrayList<>(w.size());
            for (int o = 0; o < w.size(); o++) {
                idx.add(o);
            }
            idx.sort(Comparator.comparingLong((Integer o) -> -(wCounts.get(o)[0] + wCounts.get(o)[1]))
                    .thenComparing(w::get));
            words = idx.subList(0, topN).stream().map(w::get).sorted().toList();
            note = String.format(Locale.ROOT, "the %d most frequent of the %d words of W (by gendered human-caption "
                    + "count, ties by word); directionalTopN = %d caps the O(images x words) computation",
                    topN, w.size(), topN);
        } else {
            words = List.copyOf(w);
            note = "all " + w.size() + " words of W";
        }
        int nt = words.size();
        Map<String, Integer> col = new HashMap<>();
        for (int j = 0; j < nt; j++) {
            col.put(words.get(j), j);
        }
        int n = images.size();
        double[][] oneHot = {{1, 0}, {0, 1}, {0, 0}};
        // group of an image = 3 * annotated gender + predicted (0 MALE, 1 FEMALE, 2 other)
        int[] groupOf = new int[n];
        int[] groupSize = new int[6];
        double[][] tSum = new double[6][nt];
        double[][] tHatSum = new double[6][nt];
        int[] stamp = new int[nt];
        Arrays.fill(stamp, -1);
        int[] hits = new int[nt];
        int[] touched = new int[nt];
        int caption = 0;
        for (int i = 0; i < n; i++) {
            Image im = images.get(i);
            int pred = modelGender[i] == CaptionGender.MALE ? 0 : modelGender[i] == CaptionGender.FEMALE ? 1 : 2;
            int g = 3 * im.gender() + pred;
            groupOf[i] = g;
            groupSize[g]++;
            int k = 0;
            for (List<String> cap : im.humanTokens()) {
                for (String raw : cap) {
                    Integer j = col.get(raw.toLowerCase(Locale.ROOT));
                    if (j != null && stamp[j] != caption) {
                        stamp[j] = caption;
                        if (hits[j]++ == 0) {
                            touched[k++] = j;
                        }
                    }
                }
                caption++;
            }
            double captions = im.humanTokens().size();
            for (int x = 0; x < k; x++) {
                tSum[g][touched[x]] += hits[touched[x]] / captions;
                hits[touched[x]] = 0;
            }
            for (String raw : im.modelTokens()) {
                Integer j = col.get(raw.toLowerCase(Locale.ROOT));
                if (j != null && stamp[j] != caption) {
                    stamp[j] = caption;
                    tHatSum[g][j] += 1;
                }
            }
            caption++;
        }
        for (int g = 0; g < 6; g++) {
            for (int j = 0; j < nt; j++) {
                if (groupSize[g] > 0) {
                    tSum[g][j] /= groupSize[g];
                    tHatSum[g][j] /= groupSize[g];
                }
            }
        }
        double[][] a = new double[n][];
        double[][] aHat = new double[n][];
        double[][] t = new double[n][];
        double[][] tHat = new double[n][];
        for (int i = 0; i < n; i++) {
            int g = groupOf[i];
            a[i] = oneHot[g / 3];
            aHat[i] = oneHot[g % 3];
            t[i] = tSum[g];
            tHat[i] = tHatSum[g];
        }
        DirectionalBiasAmp.Result at = DirectionalBiasAmp.compute(a, t, aHat, tHat,
                DirectionalBiasAmp.Direction.ATTRIBUTE_TO_TASK);
        DirectionalBiasAmp.Result ta = DirectionalBiasAmp.compute(a, t, aHat, tHat,
                DirectionalBiasAmp.Direction.TASK_TO_ATTRIBUTE);
        return new Directional(at.value(), at.pairs(), at.skipped(), ta.value(), ta.pairs(), ta.skipped(), n, words,
                restricted, note);
    }
}
