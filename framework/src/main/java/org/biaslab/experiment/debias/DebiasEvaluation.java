package org.biaslab.experiment.debias;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.biaslab.caption.LabelledImage;
import org.biaslab.experiment.captionbias.CaptionBiasSpec;
import org.biaslab.metric.CaptionCooccurrence;
import org.biaslab.metric.CaptionGenderError;
import org.biaslab.metric.Estimate;
import org.biaslab.metric.Intervals;
import org.biaslab.metric.captioning.CaptionQuality;
import org.biaslab.metric.captioning.CaptionQualityResult;
import org.biaslab.metric.captioning.QualityBootstrap;
import org.biaslab.metric.leakage.BalancedSplit;
import org.biaslab.metric.leakage.LeakageClassifier;
import org.biaslab.metric.leakage.LeakageException;
import org.biaslab.metric.leakage.LicAttribute;
import org.biaslab.metric.leakage.PairedLic;
import org.biaslab.text.CaptionGender;
import org.biaslab.text.Tokenizer;
import org.biaslab.text.TreebankTokenizer;
import org.biaslab.util.Hashing;

/**
 * Before/after evaluation of a caption debiaser (LIBRA, Hirota, Nakashima and Garcia, CVPR 2023):
 * each model's own captions ("before") against the debiaser's edit of them ("after") on the
 * perceived-gender evaluation set, with every statistic's interval and the paired difference
 * after - before over the same images:
 * <ul>
 *   <li>caption gender error per annotated group and the woman:man ratio (Burns et al. 2018,
 *       {@link CaptionGenderError});</li>
 *   <li>LIC, paired protocol, per classifier (Hirota et al. 2022, {@link PairedLic}): one split and
 *       one initialisation seed per seed index for both caption sets;</li>
 *   <li>bias amplification of gender-word x context-word co-occurrence (Zhao et al. 2017,
 *       {@link CaptionCooccurrence});</li>
 *   <li>the share of captions changed, and how;</li>
 *   <li>BLEU-4 and CIDEr-D against the human references ({@link CaptionQuality},
 *       {@link QualityBootstrap});</li>
 *   <li>example edits, and counts of odd inputs.</li>
 * </ul>
 * Pure computation: nothing is read or written except through the {@link UnitStore} passed in.
 * Every random draw derives from {@link Settings#seed()}; work runs on {@code threads} threads and
 * the results are identical for a seed whatever the thread count.
 */
public final class DebiasEvaluation {
    /** Example edits shown by default. */
    public static final int DEFAULT_EXAMPLES = 12;
    /** A caption of more tokens than this counts as very long (COCO captions have about 10). */
    public static final int VERY_LONG_TOKENS = 50;
    /** Change kind: the caption's masculine/feminine words changed. */
    public static final String GENDER_WORD = "gender-word";
    /** Change kind: only other words changed. */
    public static final String OTHER_WORDS = "other-words";
    /** Context-word biases listed per model as most changed. */
    public static final int MOST_CHANGED_WORDS = 10;

    private static final Tokenizer TOKENIZER = new TreebankTokenizer();
    private static final LicAttribute GENDER = LicAttribute.GENDER;

    private DebiasEvaluation() {}

    /**
     * Settings of the evaluation.
     *
     * @param testFraction LIC test share of the minority class (0.1 in the LIC paper)
     * @param confidence interval confidence, e.g. 0.95
     * @param resamples bootstrap resamples (images for gender error, ratio, BA and quality; seeds for LIC)
     * @param seed experiment seed
     * @param examples example edits to pick
     * @param lexicon gender word lists deciding a caption's gender: {@code lic} (as the caption-bias
     *     study) or {@code libra}
     * @param cooccurrenceVocabulary context words of bias amplification
     * @param cooccurrenceMinCount minimum gendered human captions of a context word
     */
    public record Settings(double testFraction, double confidence, int resamples, long seed, int examples,
            String lexicon, CaptionCooccurrence.Vocabulary cooccurrenceVocabulary, int cooccurrenceMinCount) {
        public Settings {
            if (!(testFraction > 0 && testFraction < 1)) {
                throw new IllegalArgumentException("testFraction must be in (0, 1), got " + testFraction);
            }
            if (!(confidence > 0 && confidence < 1)) {
                throw new IllegalArgumentException("confidence must be in (0, 1), got " + confidence);
            }
            if (resamples < 1) {
                throw new IllegalArgumentException("resamples must be >= 1, got " + resamples);
            }
            if (examples < 0) {
                throw new IllegalArgumentException("examples must be >= 0, got " + examples);
            }
            if (!"lic".equals(lexicon) && !"libra".equals(lexicon)) {
                throw new IllegalArgumentException("lexicon must be 'lic' or 'libra', got " + lexicon);
            }
            Objects.requireNonNull(cooccurrenceVocabulary, "cooccurrenceVocabulary");
            if (cooccurrenceMinCount < 1) {
                throw new IllegalArgumentException("cooccurrenceMinCount must be >= 1, got " + cooccurrenceMinCount);
            }
        }

        /**
         * Test fraction 0.1, 95% intervals, 2000 resamples (as the caption-bias study), 12 examples,
         * LIC word lists, COCO object words with min count 10.
         */
        public static Settings defaults(long seed) {
            return new Settings(0.1, 0.95, 2000, seed, DEFAULT_EXAMPLES, "lic", CaptionCooccurrence.Vocabulary.OBJECTS,
                    CaptionCooccurrence.DEFAULT_MIN_COUNT);
        }

        public Settings withResamples(int n) {
            return new Settings(testFraction, confidence, n, seed, examples, lexicon, cooccurrenceVocabulary,
                    cooccurrenceMinCount);
        }

        public Settings withExamples(int n) {
            return new Settings(testFraction, confidence, resamples, seed, n, lexicon, cooccurrenceVocabulary,
                    cooccurrenceMinCount);
        }

        public Settings withCooccurrenceMinCount(int n) {
            return new Settings(testFraction, confidence, resamples, seed, examples, lexicon, cooccurrenceVocabulary,
                    n);
        }

        CaptionGender.Lexicon words() {
            return lexicon.equals("libra") ? CaptionGender.Lexicon.libra() : CaptionGender.Lexicon.lic();
        }

        CaptionCooccurrence.Options cooccurrence() {
            return CaptionCooccurrence.Options.defaults().withVocabulary(cooccurrenceVocabulary)
                    .withMinCount(cooccurrenceMinCount).withLexicon(words());
        }
    }

    /**
     * One model's captions before and after debiasing.
     *
     * @param name model name (unique among the models)
     * @param vocabulary the captioning model's vocabulary (LIC aligns human captions to it, as the
     *     caption-bias study does), or null
     * @param before image id -> the model's caption; must hold every evaluated image (a null caption
     *     is scored as "" and counted as empty)
     * @param after image id -> the debiased caption (tokens joined by spaces); must hold every
     *     evaluated image
     */
    public record ModelCaptions(String name, Collection<String> vocabulary, Map<Long, String> before,
            Map<Long, String> after) {
        public ModelCaptions {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("model name must not be blank, got '" + name + "'");
            }
            vocabulary = vocabulary == null ? null : Set.copyOf(vocabulary);
            Objects.requireNonNull(before, () -> "model " + name + ": before is null");
            Objects.requireNonNull(after, () -> "model " + name + ": after is null");
            before = Collections.unmodifiableMap(new HashMap<>(before));
            after = Collections.unmodifiableMap(new HashMap<>(after));
        }
    }

    /**
     * Where finished LIC units are kept between runs, so that an interrupted evaluation resumes
     * (e.g. backed by {@code RunDirectory.unit/saveUnit}). Called from worker threads.
     */
    public interface UnitStore {
        Optional<DebiasResults.LicUnit> load(String id) throws IOException;

        void save(String id, DebiasResults.LicUnit unit) throws IOException;

        /** Keeps nothing. */
        static UnitStore none() {
            return new UnitStore() {
                @Override
                public Optional<DebiasResults.LicUnit> load(String id) {
                    return Optional.empty();
                }

                @Override
                public void save(String id, DebiasResults.LicUnit unit) {}
            };
        }
    }

    /**
     * The store id of one LIC unit: {@code debias-lic/<model>/<classifier>/seed-<k>}, each name made
     * file-safe (characters outside {@code [A-Za-z0-9._-]} become '_', and a name so changed gets a
     * short hash of the original, so distinct names give distinct ids).
     */
    public static String unitId(String model, String classifier, int seed) {
        return "debias-lic/" + safe(model) + "/" + safe(classifier) + "/seed-" + seed;
    }

    /** {@link #evaluate(List, String, List, List, Settings, int, UnitStore, Consumer)} without store or log. */
    public static DebiasResults evaluate(List<LabelledImage> images, String labelsName, List<ModelCaptions> models,
            List<LeakageClassifier> classifiers, Settings settings, int threads)
            throws LeakageException, IOException, InterruptedException {
        return evaluate(images, labelsName, models, classifiers, settings, threads, UnitStore.none(), s -> {});
    }

    /**
     * Evaluates every model.
     *
     * @param images the perceived-gender evaluation set (e.g. {@code coco_val2014_gender_set_10780.jsonl});
     *     images annotated neither Male nor Female are left out and counted
     * @param labelsName the set's name for messages (e.g. its file name)
     * @param models each model's captions before and after
     * @param classifiers LIC classifiers, each with its seeds (may be empty: no LIC)
     * @param settings settings
     * @param threads worker threads (classifiers whose trainer says it cannot share the machine run one
     *     unit at a time)
     * @param store finished LIC units (read before, written after each unit)
     * @param log progress lines (called from worker threads)
     * @throws IllegalArgumentException on inconsistent input: no evaluated image, duplicate image ids or
     *     model names, an image without human captions, an evaluated image without a caption
     * @throws LeakageException when a LIC classifier fails to train
     */
    public static DebiasResults evaluate(List<LabelledImage> images, String labelsName, List<ModelCaptions> models,
            List<LeakageClassifier> classifiers, Settings settings, int threads, UnitStore store,
            Consumer<String> log) throws LeakageException, IOException, InterruptedException {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(log, "log");
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        EvaluationSet set = EvaluationSet.of(images, labelsName);
        checkNames(models, classifiers);

        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Prepared>> preparing = new ArrayList<>();
            for (ModelCaptions m : models) {
                preparing.add(pool.submit(() -> Prepared.of(set, m, settings.words())));
            }
            List<Prepared> prepared = new ArrayList<>();
            for (Future<Prepared> f : preparing) {
                prepared.add(get(f));
            }
            List<Future<PairedLic>> lics = new ArrayList<>();
            List<Future<Statistics>> stats = new ArrayList<>();
            List<Future<DebiasResults.QualityComparison>> quality = new ArrayList<>();
            for (Prepared p : prepared) {
                lics.add(classifiers.isEmpty() ? null : pool.submit(() -> PairedLic.prepare(GENDER, true, set.images,
                        p.model.vocabulary(), p.model.name(), set.name, List.of(p.lowerBefore(), p.lowerAfter()))));
                stats.add(pool.submit(() -> statistics(set, p, settings, log)));
                quality.add(pool.submit(() -> quality(set, p, settings, log)));
            }
            String classesProblem = classesProblem(set, settings.testFraction());
            Map<String, Future<DebiasResults.LicUnit>> units = new LinkedHashMap<>();
            List<Callable<DebiasResults.LicUnit>> serial = new ArrayList<>();
            List<String> serialIds = new ArrayList<>();
            if (classesProblem == null) {
                for (int k = 0; k < prepared.size(); k++) {
                    if (lics.get(k) == null) {
                        continue;
                    }
                    PairedLic lic = get(lics.get(k));
                    String model = prepared.get(k).model.name();
                    for (LeakageClassifier c : classifiers) {
                        for (int s = 0; s < c.seeds(); s++) {
                            final int seed = s;
                            String id = unitId(model, c.name(), s);
                            Callable<DebiasResults.LicUnit> task = () -> licUnit(lic, model, c, seed, settings, id,
                                    store, log);
                            if (c.trainer().parallelUnits()) {
                                units.put(id, pool.submit(task));
                            } else {
                                serial.add(task);
                                serialIds.add(id);
                            }
                        }
                    }
                }
            }
            Map<String, DebiasResults.LicUnit> done = new HashMap<>();
            for (var e : units.entrySet()) {
                done.put(e.getKey(), get(e.getValue()));
            }
            for (int i = 0; i < serial.size(); i++) {
                done.put(serialIds.get(i), call(serial.get(i)));
            }

            List<DebiasResults.ModelResult> out = new ArrayList<>();
            for (int k = 0; k < prepared.size(); k++) {
                Prepared p = prepared.get(k);
                Statistics st = get(stats.get(k));
                List<DebiasResults.LicComparison> licRows = new ArrayList<>();
                for (LeakageClassifier c : classifiers) {
                    licRows.add(classesProblem != null ? undefinedLic(c, classesProblem)
                            : aggregate(p.model.name(), c, done, settings));
                }
                out.add(new DebiasResults.ModelResult(p.model.name(), p.n(), p.inputs, st.changes, st.genderError,
                        licRows, st.amplification, get(quality.get(k)), st.examples));
            }
            Map<String, Map<String, Object>> configs = new LinkedHashMap<>();
            for (LeakageClassifier c : classifiers) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("type", c.type());
                m.put("seeds", c.seeds());
                m.putAll(c.trainer().config());
                configs.put(c.name(), m);
            }
            return new DebiasResults(set.n(), set.count(0), set.count(1), set.leftOut, settings.lexicon(),
                    settings.testFraction(), settings.confidence(), settings.resamples(), settings.seed(),
                    settings.cooccurrenceVocabulary().name(), settings.cooccurrenceMinCount(), VERY_LONG_TOKENS,
                    configs, out);
        } finally {
            pool.shutdownNow();
        }
    }

    // ---------------------------------------------------------------------------------------------
    // inputs

    /** The evaluated images: those annotated Male or Female, in the set's order. */
    private static final class EvaluationSet {
        final List<LabelledImage> images;
        final String name;
        final long[] ids;
        final int[] gender;
        final Map<Long, Integer> position;
        final int leftOut;
        /** Lower-cased Treebank tokens of every human caption of every image. */
        final List<List<List<String>>> humanTokens;

        private EvaluationSet(List<LabelledImage> images, String name, int leftOut) {
            this.images = images;
            this.name = name;
            this.leftOut = leftOut;
            ids = new long[images.size()];
            gender = new int[images.size()];
            position = new HashMap<>();
            humanTokens = new ArrayList<>(images.size());
            for (int i = 0; i < images.size(); i++) {
                ids[i] = images.get(i).imageId();
                gender[i] = GENDER.label(images.get(i));
                position.put(ids[i], i);
                List<List<String>> caps = new ArrayList<>();
                for (String c : images.get(i).humanCaptions()) {
                    caps.add(tokens(nonNull(c)));
                }
                humanTokens.add(caps);
            }
        }

        static EvaluationSet of(List<LabelledImage> all, String name) {
            Objects.requireNonNull(all, "images");
            String what = name == null ? "the evaluation set" : name;
            Set<Long> seen = new HashSet<>();
            List<LabelledImage> kept = new ArrayList<>();
            for (LabelledImage img : all) {
                if (!seen.add(img.imageId())) {
                    throw new IllegalArgumentException(what + ": image " + img.imageId() + " appears twice");
                }
                if (GENDER.label(img) < 0) {
                    continue;
                }
                if (img.humanCaptions().isEmpty()) {
                    throw new IllegalArgumentException(what + ": image " + img.imageId()
                            + " has no human caption (human_captions is empty)");
                }
                kept.add(img);
            }
            if (kept.isEmpty()) {
                throw new IllegalArgumentException(what + ": no image is annotated Male or Female (of " + all.size()
                        + " images); nothing to evaluate");
            }
            return new EvaluationSet(List.copyOf(kept), what, all.size() - kept.size());
        }

        int n() {
            return ids.length;
        }

        int count(int g) {
            int c = 0;
            for (int x : gender) {
                c += x == g ? 1 : 0;
            }
            return c;
        }
    }

    /** One model's captions tokenized, classified and checked. */
    private static final class Prepared {
        final ModelCaptions model;
        final String[] before;
        final String[] after;
        final List<List<String>> tokensBefore;
        final List<List<String>> tokensAfter;
        final CaptionGender[] genderBefore;
        final CaptionGender[] genderAfter;
        final String[] kind;
        final DebiasResults.Inputs inputs;
        final EvaluationSet set;

        private Prepared(EvaluationSet set, ModelCaptions model, CaptionGender.Lexicon lex) {
            this.set = set;
            this.model = model;
            int n = set.n();
            before = new String[n];
            after = new String[n];
            tokensBefore = new ArrayList<>(n);
            tokensAfter = new ArrayList<>(n);
            genderBefore = new CaptionGender[n];
            genderAfter = new CaptionGender[n];
            kind = new String[n];
            List<Long> missingBefore = new ArrayList<>();
            List<Long> missingAfter = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                long id = set.ids[i];
                if (!model.before().containsKey(id)) {
                    missingBefore.add(id);
                }
                if (!model.after().containsKey(id)) {
                    missingAfter.add(id);
                }
            }
            if (!missingBefore.isEmpty() || !missingAfter.isEmpty()) {
                throw new IllegalArgumentException("model " + model.name() + ": of the " + n + " images of "
                        + set.name + " annotated Male or Female, " + missingBefore.size() + " have no caption before"
                        + head(missingBefore) + " and " + missingAfter.size() + " no debiased caption"
                        + head(missingAfter));
            }
            Counts cb = new Counts();
            Counts ca = new Counts();
            for (int i = 0; i < n; i++) {
                long id = set.ids[i];
                before[i] = nonNull(model.before().get(id));
                after[i] = nonNull(model.after().get(id));
                List<String> tb = tokens(before[i]);
                List<String> ta = tokens(after[i]);
                tokensBefore.add(tb);
                tokensAfter.add(ta);
                genderBefore[i] = CaptionGender.of(tb, lex);
                genderAfter[i] = CaptionGender.of(ta, lex);
                cb.add(before[i], tb, genderBefore[i]);
                ca.add(after[i], ta, genderAfter[i]);
                if (tb.equals(ta)) {
                    kind[i] = null;
                } else {
                    kind[i] = genderWords(tb, lex).equals(genderWords(ta, lex)) ? OTHER_WORDS : GENDER_WORD;
                }
            }
            inputs = new DebiasResults.Inputs(cb.result(n), ca.result(n), outside(model.before(), set),
                    outside(model.after(), set));
        }

        static Prepared of(EvaluationSet set, ModelCaptions model, CaptionGender.Lexicon lex) {
            return new Prepared(set, model, lex);
        }

        int n() {
            return set.n();
        }

        Map<Long, String> lowerBefore() {
            return lower(before);
        }

        Map<Long, String> lowerAfter() {
            return lower(after);
        }

        private Map<Long, String> lower(String[] captions) {
            Map<Long, String> out = new HashMap<>();
            for (int i = 0; i < captions.length; i++) {
                out.put(set.ids[i], captions[i].toLowerCase(Locale.ROOT));
            }
            return out;
        }

        private static int outside(Map<Long, String> captions, EvaluationSet set) {
            int c = 0;
            for (Long id : captions.keySet()) {
                c += set.position.containsKey(id) ? 0 : 1;
            }
            return c;
        }

        private static String head(List<Long> ids) {
            return ids.isEmpty() ? "" : " (e.g. image ids " + ids.subList(0, Math.min(5, ids.size())) + ")";
        }
    }

    /** Tallies odd captions of one side. */
    private static final class Counts {
        int empty;
        int noGender;
        int nonAscii;
        int veryLong;

        void add(String caption, List<String> tokens, CaptionGender g) {
            empty += caption.isBlank() ? 1 : 0;
            noGender += g == CaptionGender.MALE || g == CaptionGender.FEMALE || g == CaptionGender.BOTH ? 0 : 1;
            nonAscii += caption.chars().anyMatch(c -> c > 0x7F) ? 1 : 0;
            veryLong += tokens.size() > VERY_LONG_TOKENS ? 1 : 0;
        }

        DebiasResults.InputCounts result(int captions) {
            return new DebiasResults.InputCounts(captions, empty, noGender, nonAscii, veryLong);
        }
    }

    private static String nonNull(String s) {
        return s == null ? "" : s;
    }

    /** Lower-cased Treebank tokens: the form in which captions are compared and gender words found. */
    static List<String> tokens(String caption) {
        return TOKENIZER.tokenize(caption.toLowerCase(Locale.ROOT));
    }

    private static List<String> genderWords(List<String> tokens, CaptionGender.Lexicon lex) {
        List<String> out = new ArrayList<>();
        for (String t : tokens) {
            if (lex.isGendered(t)) {
                out.add(t);
            }
        }
        return out;
    }

    private static void checkNames(List<ModelCaptions> models, List<LeakageClassifier> classifiers) {
        Objects.requireNonNull(models, "models");
        Objects.requireNonNull(classifiers, "classifiers");
        Set<String> names = new HashSet<>();
        for (ModelCaptions m : models) {
            if (!names.add(m.name())) {
                throw new IllegalArgumentException("model name '" + m.name() + "' is given twice");
            }
        }
        Set<String> cs = new HashSet<>();
        for (LeakageClassifier c : classifiers) {
            if (!cs.add(c.name())) {
                throw new IllegalArgumentException("classifier name '" + c.name() + "' is given twice");
            }
            if (c.seeds() < 1) {
                throw new IllegalArgumentException("classifier " + c.name() + ": seeds must be >= 1, got " + c.seeds());
            }
        }
    }

    // ---------------------------------------------------------------------------------------------
    // gender error, bias amplification, changes, examples

    private record Statistics(DebiasResults.Changes changes, DebiasResults.GenderErrorComparison genderError,
            DebiasResults.AmplificationComparison amplification, List<DebiasResults.ExampleEdit> examples) {}

    private static Statistics statistics(EvaluationSet set, Prepared p, Settings settings, Consumer<String> log) {
        int n = set.n();
        double conf = settings.confidence();
        CaptionGenderError.Result errB = CaptionGenderError.compute(items(set, p.genderBefore), conf);
        CaptionGenderError.Result errA = CaptionGenderError.compute(items(set, p.genderAfter), conf);

        CaptionCooccurrence.Options options = settings.cooccurrence();
        List<List<List<String>>> human = set.humanTokens;
        List<CaptionCooccurrence.Image> imgB = new ArrayList<>(n);
        List<CaptionCooccurrence.Image> imgA = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            imgB.add(new CaptionCooccurrence.Image(set.ids[i], set.gender[i], human.get(i), p.tokensBefore.get(i)));
            imgA.add(new CaptionCooccurrence.Image(set.ids[i], set.gender[i], human.get(i), p.tokensAfter.get(i)));
        }
        CaptionCooccurrence.Result coB = CaptionCooccurrence.compare(imgB, options);
        CaptionCooccurrence.Result coA = CaptionCooccurrence.compare(imgA, options);
        CaptionCooccurrence.Tally tallyB = CaptionCooccurrence.tally(imgB, options);
        CaptionCooccurrence.Tally tallyA = CaptionCooccurrence.tally(imgA, options);

        // one paired bootstrap over images for the gender-error differences, the ratios and BA
        int[] capB = code(p.genderBefore);
        int[] capA = code(p.genderAfter);
        int r = settings.resamples();
        double[][] s = new double[Stat.values().length][r];
        SplittableRandom rng = new SplittableRandom(Hashing.seed(settings.seed(), "debias-bootstrap", p.model.name()));
        int[] w = new int[n];
        for (int b = 0; b < r; b++) {
            Arrays.fill(w, 0);
            for (int i = 0; i < n; i++) {
                w[rng.nextInt(n)]++;
            }
            GenderTotals tb = GenderTotals.of(set.gender, capB, w);
            GenderTotals ta = GenderTotals.of(set.gender, capA, w);
            s[Stat.ERR_ALL.ordinal()][b] = ta.error(-1) - tb.error(-1);
            s[Stat.ERR_MALE.ordinal()][b] = ta.error(0) - tb.error(0);
            s[Stat.ERR_FEMALE.ordinal()][b] = ta.error(1) - tb.error(1);
            s[Stat.RATIO_B.ordinal()][b] = tb.ratio();
            s[Stat.RATIO_A.ordinal()][b] = ta.ratio();
            s[Stat.RATIO_D.ordinal()][b] = ta.ratio() - tb.ratio();
            s[Stat.DELTA_B.ordinal()][b] = tb.delta();
            s[Stat.DELTA_A.ordinal()][b] = ta.delta();
            s[Stat.DELTA_D.ordinal()][b] = ta.delta() - tb.delta();
            double bab = tallyB.biasAmplification(w);
            double baa = tallyA.biasAmplification(w);
            s[Stat.BA_B.ordinal()][b] = bab;
            s[Stat.BA_A.ordinal()][b] = baa;
            s[Stat.BA_D.ordinal()][b] = baa - bab;
        }
        GenderTotals fb = GenderTotals.of(set.gender, capB, ones(n));
        GenderTotals fa = GenderTotals.of(set.gender, capA, ones(n));
        Boot boot = new Boot(s, conf, r);
        DebiasResults.Comparison overall = new DebiasResults.Comparison(errB.overall().errorRate(),
                errA.overall().errorRate(), boot.of(Stat.ERR_ALL, fa.error(-1) - fb.error(-1),
                        sdOfDifferences(set.gender, capB, capA, -1), errB.overall().images(), "error rate difference"));
        DebiasResults.Comparison male = new DebiasResults.Comparison(errB.male().errorRate(), errA.male().errorRate(),
                boot.of(Stat.ERR_MALE, fa.error(0) - fb.error(0), sdOfDifferences(set.gender, capB, capA, 0),
                        errB.male().images(), "error rate difference, images annotated Male"));
        DebiasResults.Comparison female = new DebiasResults.Comparison(errB.female().errorRate(),
                errA.female().errorRate(), boot.of(Stat.ERR_FEMALE, fa.error(1) - fb.error(1),
                        sdOfDifferences(set.gender, capB, capA, 1), errB.female().images(),
                        "error rate difference, images annotated Female"));
        DebiasResults.Comparison ratio = new DebiasResults.Comparison(
                boot.of(Stat.RATIO_B, fb.ratio(), Double.NaN, n, "predicted woman:man ratio"),
                boot.of(Stat.RATIO_A, fa.ratio(), Double.NaN, n, "predicted woman:man ratio"),
                boot.of(Stat.RATIO_D, fa.ratio() - fb.ratio(), Double.NaN, n, "ratio difference"));
        DebiasResults.Comparison delta = new DebiasResults.Comparison(
                boot.of(Stat.DELTA_B, fb.delta(), Double.NaN, n, "|predicted - annotated| woman:man ratio"),
                boot.of(Stat.DELTA_A, fa.delta(), Double.NaN, n, "|predicted - annotated| woman:man ratio"),
                boot.of(Stat.DELTA_D, fa.delta() - fb.delta(), Double.NaN, n, "ratio-gap difference"));
        DebiasResults.GenderErrorComparison genderError = new DebiasResults.GenderErrorComparison(errB, errA, overall,
                male, female, ratio, errB.ratio().groundTruth(), delta);
        DebiasResults.AmplificationComparison amplification = new DebiasResults.AmplificationComparison(
                new DebiasResults.Comparison(
                        boot.of(Stat.BA_B, coB.biasAmplification(), Double.NaN, n, "bias amplification"),
                        boot.of(Stat.BA_A, coA.biasAmplification(), Double.NaN, n, "bias amplification"),
                        boot.of(Stat.BA_D, coA.biasAmplification() - coB.biasAmplification(), Double.NaN, n,
                                "bias amplification difference")),
                coB.words(), coA.words(), mostChanged(coB, coA));

        DebiasResults.Changes changes = changes(set, p, conf);
        List<DebiasResults.ExampleEdit> examples = examples(set, p, settings);
        log.accept(String.format(Locale.ROOT, "%s: %d of %d captions changed; gender error %.1f%% -> %.1f%%; "
                + "BA %+.4f -> %+.4f", p.model.name(), changes.changed(), n, 100 * errB.overall().errorRate().value(),
                100 * errA.overall().errorRate().value(), coB.biasAmplification(), coA.biasAmplification()));
        return new Statistics(changes, genderError, amplification, examples);
    }

    private enum Stat {
        ERR_ALL, ERR_MALE, ERR_FEMALE, RATIO_B, RATIO_A, RATIO_D, DELTA_B, DELTA_A, DELTA_D, BA_B, BA_A, BA_D
    }

    /** Percentile intervals of the bootstrapped statistics. */
    private record Boot(double[][] stats, double confidence, int resamples) {
        Estimate of(Stat stat, double value, double sd, int n, String what) {
            return percentile(value, stats[stat.ordinal()], sd, n, confidence, resamples, what);
        }
    }

    /**
     * A percentile bootstrap estimate (Efron and Tibshirani 1993, ch. 13) around the full-sample
     * value; resamples where the statistic is undefined (e.g. no image of a group drawn) are left out
     * and counted in the method. Undefined when the full-sample value is.
     */
    static Estimate percentile(double value, double[] stats, double sd, int n, double confidence, int resamples,
            String what) {
        if (Double.isNaN(value)) {
            return Estimate.undefined(what + " is undefined on these images (empty denominator)");
        }
        double[] defined = Arrays.stream(stats).filter(v -> !Double.isNaN(v)).sorted().toArray();
        int left = stats.length - defined.length;
        if (defined.length == 0) {
            return new Estimate(value, value, value, sd, n, what + ": no resample defined, no interval");
        }
        double alpha = (1 - confidence) / 2;
        double lo = Intervals.quantile(defined, alpha);
        double hi = Intervals.quantile(defined, 1 - alpha);
        return new Estimate(value, Math.min(lo, value), Math.max(hi, value), sd, n, String.format(Locale.ROOT,
                "%s, paired bootstrap percentile %.0f%% over images (%d resamples%s)", what, confidence * 100,
                resamples, left == 0 ? "" : ", " + left + " undefined left out"));
    }

    /** Sums over weighted images of one side: images and wrong captions per annotated gender, caption genders. */
    private record GenderTotals(long[] images, long[] wrong, long femaleCaptions, long maleCaptions) {
        static GenderTotals of(int[] gender, int[] caption, int[] w) {
            long[] images = new long[2];
            long[] wrong = new long[2];
            long f = 0;
            long m = 0;
            for (int i = 0; i < gender.length; i++) {
                int k = w[i];
                if (k == 0) {
                    continue;
                }
                images[gender[i]] += k;
                if (caption[i] == 1 - gender[i]) {
                    wrong[gender[i]] += k;
                }
                if (caption[i] == 0) {
                    m += k;
                } else if (caption[i] == 1) {
                    f += k;
                }
            }
            return new GenderTotals(images, wrong, f, m);
        }

        /** Error rate of a group (0 Male, 1 Female, -1 all); NaN for no images. */
        double error(int g) {
            long n = g < 0 ? images[0] + images[1] : images[g];
            long x = g < 0 ? wrong[0] + wrong[1] : wrong[g];
            return n == 0 ? Double.NaN : (double) x / n;
        }

        double ratio() {
            return maleCaptions == 0 ? Double.NaN : (double) femaleCaptions / maleCaptions;
        }

        double delta() {
            double gt = images[0] == 0 ? Double.NaN : (double) images[1] / images[0];
            return Math.abs(ratio() - gt);
        }
    }

    /** sd of the per-image differences (after wrong - before wrong) in a group (-1 all). */
    private static double sdOfDifferences(int[] gender, int[] capB, int[] capA, int g) {
        List<Double> d = new ArrayList<>();
        for (int i = 0; i < gender.length; i++) {
            if (g < 0 || gender[i] == g) {
                d.add((capA[i] == 1 - gender[i] ? 1.0 : 0.0) - (capB[i] == 1 - gender[i] ? 1.0 : 0.0));
            }
        }
        return Intervals.sd(d.stream().mapToDouble(Double::doubleValue).toArray());
    }

    private static int[] code(CaptionGender[] g) {
        int[] out = new int[g.length];
        for (int i = 0; i < g.length; i++) {
            out[i] = g[i] == CaptionGender.MALE ? 0 : g[i] == CaptionGender.FEMALE ? 1 : 2;
        }
        return out;
    }

    private static int[] ones(int n) {
        int[] w = new int[n];
        Arrays.fill(w, 1);
        return w;
    }

    private static List<CaptionGenderError.Item> items(EvaluationSet set, CaptionGender[] genders) {
        List<CaptionGenderError.Item> out = new ArrayList<>(set.n());
        for (int i = 0; i < set.n(); i++) {
            out.add(new CaptionGenderError.Item(set.ids[i], set.gender[i], genders[i]));
        }
        return out;
    }

    private static List<DebiasResults.WordShift> mostChanged(CaptionCooccurrence.Result before,
            CaptionCooccurrence.Result after) {
        Map<String, CaptionCooccurrence.WordRow> a = new HashMap<>();
        after.rows().forEach(w -> a.put(w.word(), w));
        List<DebiasResults.WordShift> shifts = new ArrayList<>();
        for (CaptionCooccurrence.WordRow wb : before.rows()) {
            CaptionCooccurrence.WordRow wa = a.get(wb.word());
            if (wa == null || wb.favoured().equals(CaptionCooccurrence.NO_GROUP) || wb.modelBias() == wa.modelBias()) {
                continue;
            }
            shifts.add(new DebiasResults.WordShift(wb.word(), wb.favoured(), wb.humanBias(), wb.modelBias(),
                    wa.modelBias()));
        }
        shifts.sort(Comparator.comparingDouble((DebiasResults.WordShift x) -> -Math.abs(x.after() - x.before()))
                .thenComparing(DebiasResults.WordShift::word));
        return shifts.subList(0, Math.min(MOST_CHANGED_WORDS, shifts.size()));
    }

    private static DebiasResults.Changes changes(EvaluationSet set, Prepared p, double conf) {
        int changed = 0;
        int gender = 0;
        int other = 0;
        int[] byAnnotation = new int[2];
        int[][] transitions = new int[CaptionGender.values().length][CaptionGender.values().length];
        for (int i = 0; i < set.n(); i++) {
            transitions[p.genderBefore[i].ordinal()][p.genderAfter[i].ordinal()]++;
            if (p.kind[i] == null) {
                continue;
            }
            changed++;
            byAnnotation[set.gender[i]]++;
            if (p.kind[i].equals(GENDER_WORD)) {
                gender++;
            } else {
                other++;
            }
        }
        List<DebiasResults.Transition> list = new ArrayList<>();
        for (CaptionGender b : CaptionGender.values()) {
            for (CaptionGender a : CaptionGender.values()) {
                int c = transitions[b.ordinal()][a.ordinal()];
                if (c > 0) {
                    list.add(new DebiasResults.Transition(b.name(), a.name(), c));
                }
            }
        }
        int n = set.n();
        return new DebiasResults.Changes(n, changed, gender, other, Intervals.wilson(changed, n, conf),
                Intervals.wilson(gender, n, conf), Intervals.wilson(other, n, conf),
                changed == 0 ? Estimate.undefined("no caption changed") : Intervals.wilson(gender, changed, conf),
                byAnnotation[0], byAnnotation[1], list);
    }

    /**
     * Up to {@link Settings#examples()} changed captions, drawn with the seed from four strata
     * (gender-word / other-words change x annotated Male / Female) in turn, so every kind of change
     * present is shown; listed by kind, then annotation, then image id.
     */
    private static List<DebiasResults.ExampleEdit> examples(EvaluationSet set, Prepared p, Settings settings) {
        List<List<Integer>> strata = new ArrayList<>();
        for (String kind : List.of(GENDER_WORD, OTHER_WORDS)) {
            for (int g = 0; g < 2; g++) {
                List<Integer> s = new ArrayList<>();
                for (int i = 0; i < set.n(); i++) {
                    if (kind.equals(p.kind[i]) && set.gender[i] == g) {
                        s.add(i);
                    }
                }
                strata.add(s);
            }
        }
        SplittableRandom rng = new SplittableRandom(Hashing.seed(settings.seed(), "debias-examples", p.model.name()));
        for (List<Integer> s : strata) {
            for (int i = s.size() - 1; i > 0; i--) {
                Collections.swap(s, i, rng.nextInt(i + 1));
            }
        }
        List<Integer> chosen = new ArrayList<>();
        int[] next = new int[strata.size()];
        boolean more = true;
        while (chosen.size() < settings.examples() && more) {
            more = false;
            for (int k = 0; k < strata.size() && chosen.size() < settings.examples(); k++) {
                if (next[k] < strata.get(k).size()) {
                    chosen.add(strata.get(k).get(next[k]++));
                    more = true;
                }
            }
        }
        chosen.sort(Comparator.comparing((Integer i) -> p.kind[i].equals(GENDER_WORD) ? 0 : 1)
                .thenComparingInt(i -> set.gender[i]).thenComparingLong(i -> set.ids[i]));
        List<DebiasResults.ExampleEdit> out = new ArrayList<>();
        for (int i : chosen) {
            out.add(new DebiasResults.ExampleEdit(set.ids[i], GENDER.classes().get(set.gender[i]), p.kind[i],
                    p.before[i], p.after[i], p.genderBefore[i].name(), p.genderAfter[i].name()));
        }
        return out;
    }

    // ---------------------------------------------------------------------------------------------
    // caption quality

    private static DebiasResults.QualityComparison quality(EvaluationSet set, Prepared p, Settings settings,
            Consumer<String> log) {
        Map<Long, String> before = new LinkedHashMap<>();
        Map<Long, String> after = new LinkedHashMap<>();
        Map<Long, List<String>> refs = new HashMap<>();
        int references = 0;
        for (int i = 0; i < set.n(); i++) {
            before.put(set.ids[i], p.before[i]);
            after.put(set.ids[i], p.after[i]);
            List<String> r = set.images.get(i).humanCaptions().stream().map(DebiasEvaluation::nonNull).toList();
            refs.put(set.ids[i], r);
            references += r.size();
        }
        List<CaptionQualityResult> both = new CaptionQuality().evaluateAll(List.of(before, after), refs);
        CaptionQualityResult rb = both.get(0);
        CaptionQualityResult ra = both.get(1);
        double conf = settings.confidence();
        int n = settings.resamples();
        long seed = Hashing.seed(settings.seed(), "debias-quality", p.model.name());
        DebiasResults.Comparison bleu = new DebiasResults.Comparison(
                QualityBootstrap.bleu(rb, 4, conf, n, Hashing.seed(seed, 1)),
                QualityBootstrap.bleu(ra, 4, conf, n, Hashing.seed(seed, 2)),
                QualityBootstrap.bleuDifference(rb, ra, 4, conf, n, Hashing.seed(seed, 3)));
        DebiasResults.Comparison cider = new DebiasResults.Comparison(
                QualityBootstrap.ciderD(rb, conf, n, Hashing.seed(seed, 4)),
                QualityBootstrap.ciderD(ra, conf, n, Hashing.seed(seed, 5)),
                QualityBootstrap.ciderDDifference(rb, ra, conf, n, Hashing.seed(seed, 6)));
        log.accept(String.format(Locale.ROOT, "%s: BLEU-4 %.2f -> %.2f, CIDEr-D %.2f -> %.2f (x100)", p.model.name(),
                100 * rb.bleu4(), 100 * ra.bleu4(), 100 * rb.ciderDScore(), 100 * ra.ciderDScore()));
        return new DebiasResults.QualityComparison(set.n(), references, bleu, cider);
    }

    // ---------------------------------------------------------------------------------------------
    // LIC

    /** Why LIC cannot be computed on this set (a class empty or too small to split), or null. */
    private static String classesProblem(EvaluationSet set, double testFraction) {
        try {
            BalancedSplit.draw(set.gender, testFraction, 0L, "perceived gender annotations in " + set.name);
            return null;
        } catch (LeakageException e) {
            return e.getMessage();
        }
    }

    private static DebiasResults.LicUnit licUnit(PairedLic lic, String model, LeakageClassifier c, int seed,
            Settings settings, String id, UnitStore store, Consumer<String> log) throws LeakageException, IOException {
        Optional<DebiasResults.LicUnit> stored = store.load(id);
        if (stored.isPresent()) {
            return stored.get();
        }
        long start = System.nanoTime();
        PairedLic.SeedResult r = lic.compute(settings.seed(), c, seed, settings.testFraction());
        DebiasResults.LicUnit u = new DebiasResults.LicUnit(model, c.name(), seed, r.human(), r.model().get(0),
                r.model().get(1));
        store.save(id, u);
        log.accept(String.format(Locale.ROOT, "%s %s seed %d: LIC_D %.1f, LIC_M %.1f -> %.1f (%.1f s)", model, c.name(),
                seed, 100 * r.licD(), 100 * u.before().score(), 100 * u.after().score(),
                (System.nanoTime() - start) / 1e9));
        return u;
    }

    private static DebiasResults.LicComparison aggregate(String model, LeakageClassifier c,
            Map<String, DebiasResults.LicUnit> done, Settings settings) {
        int n = c.seeds();
        double[] mb = new double[n];
        double[] ma = new double[n];
        double[] md = new double[n];
        double[] d = new double[n];
        double[] licB = new double[n];
        double[] licA = new double[n];
        double[] ab = new double[n];
        double[] aa = new double[n];
        double[] ad = new double[n];
        double[] accD = new double[n];
        List<DebiasResults.LicSeed> seeds = new ArrayList<>();
        for (int s = 0; s < n; s++) {
            DebiasResults.LicUnit u = done.get(unitId(model, c.name(), s));
            double licD = 100 * u.human().stream().mapToDouble(x -> x.score()).average().orElse(Double.NaN);
            accD[s] = 100 * u.human().stream().mapToDouble(x -> x.accuracy()).average().orElse(Double.NaN);
            mb[s] = 100 * u.before().score();
            ma[s] = 100 * u.after().score();
            md[s] = ma[s] - mb[s];
            d[s] = licD;
            licB[s] = mb[s] - licD;
            licA[s] = ma[s] - licD;
            ab[s] = 100 * u.before().accuracy();
            aa[s] = 100 * u.after().accuracy();
            ad[s] = aa[s] - ab[s];
            seeds.add(new DebiasResults.LicSeed(s, mb[s], ma[s], licD, ab[s], aa[s], accD[s]));
        }
        long bs = Hashing.seed(settings.seed(), "debias-lic-bootstrap", model, c.name());
        double conf = settings.confidence();
        int r = settings.resamples();
        return new DebiasResults.LicComparison(c.name(), c.type(), n,
                new DebiasResults.Comparison(boot(mb, conf, r, bs, 1), boot(ma, conf, r, bs, 2),
                        boot(md, conf, r, bs, 3)),
                boot(d, conf, r, bs, 4),
                new DebiasResults.Comparison(boot(licB, conf, r, bs, 5), boot(licA, conf, r, bs, 6),
                        boot(md, conf, r, bs, 3)),
                new DebiasResults.Comparison(boot(ab, conf, r, bs, 7), boot(aa, conf, r, bs, 8),
                        boot(ad, conf, r, bs, 9)),
                boot(accD, conf, r, bs, 10), seeds, null);
    }

    private static Estimate boot(double[] x, double confidence, int resamples, long seed, int stream) {
        return Intervals.bootstrapMean(x, confidence, resamples, Hashing.seed(seed, stream));
    }

    private static DebiasResults.LicComparison undefinedLic(LeakageClassifier c, String why) {
        Estimate u = Estimate.undefined(why);
        DebiasResults.Comparison uc = new DebiasResults.Comparison(u, u, u);
        return new DebiasResults.LicComparison(c.name(), c.type(), 0, uc, u, uc, uc, u, List.of(), why);
    }

    // ---------------------------------------------------------------------------------------------

    private static <T> T get(Future<T> f) throws LeakageException, IOException, InterruptedException {
        try {
            return f.get();
        } catch (ExecutionException e) {
            throw unwrap(e.getCause());
        }
    }

    private static <T> T call(Callable<T> c) throws LeakageException, IOException, InterruptedException {
        try {
            return c.call();
        } catch (LeakageException | IOException | InterruptedException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static RuntimeException unwrap(Throwable cause) throws LeakageException, IOException {
        if (cause instanceof LeakageException le) {
            throw le;
        }
        if (cause instanceof IOException io) {
            throw io;
        }
        if (cause instanceof RuntimeException re) {
            return re;
        }
        if (cause instanceof Error err) {
            throw err;
        }
        return new IllegalStateException(cause);
    }

    private static String safe(String s) {
        return org.biaslab.util.SafeNames.fileName(s);
    }
}
